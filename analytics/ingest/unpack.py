"""Compressed uploads: a .gz, .zst or .zip holding one CSV or workbook, unpacked in memory with
the unpacked size counted against the upload limit, so a small archive that expands to gigabytes
(a "zip bomb") is refused after reading at most the limit plus one chunk."""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
import zlib
from collections import OrderedDict

import zstandard

CHUNK = 1 << 20
_CACHE_ENTRIES = 4
_cache: OrderedDict[tuple[str, int], tuple[str, bytes]] = OrderedDict()
_lock = threading.Lock()
SUFFIXES = (".gz", ".zst", ".zip")


class UnpackRefused(ValueError):
    """The archive is refused or damaged; the message is plain text for the user."""


def kind(name: str, data: bytes) -> str | None:
    """'gz', 'zst' or 'zip' for a compressed upload (by its first bytes), else None. An .xlsx is a
    zip too, but a workbook, not an archive."""
    if data[:2] == b"\x1f\x8b":
        return "gz"
    if data[:4] == b"\x28\xb5\x2f\xfd":
        return "zst"
    if data[:4] == b"PK\x03\x04" and not name.lower().endswith(".xlsx"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None  # not a readable archive: the reader says "a zip or Office file, not CSV"
        return None if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names) else "zip"
    return None


def _too_big(name: str, limit: int) -> UnpackRefused:
    return UnpackRefused(
        f"{name} unpacks to more than {limit / 1024**2:,.0f} MB, the upload limit (which counts the unpacked "
        "size), so it was refused without unpacking the rest. Split the data into smaller files, or upload "
        "them uncompressed one after another."
    )


def _inner_name(name: str) -> str:
    low = name.lower()
    for s in (".gz", ".zst"):
        if low.endswith(s):
            return name[: -len(s)]
    return name


def _gunzip(name: str, data: bytes, limit: int) -> bytes:
    out = bytearray()
    rest = data
    try:
        while rest:
            d = zlib.decompressobj(wbits=31)
            buf = rest
            while buf:
                out += d.decompress(buf, CHUNK)
                if len(out) > limit:
                    raise _too_big(name, limit)
                buf = d.unconsumed_tail
            out += d.flush()
            if len(out) > limit:
                raise _too_big(name, limit)
            rest = d.unused_data if d.eof else b""
            if not d.eof:
                raise UnpackRefused(f"{name} is cut short: the .gz file ends before its data does. Upload it again.")
    except zlib.error as exc:
        raise UnpackRefused(f"{name} is not a valid .gz file ({exc}).") from exc
    return bytes(out)


def _unzstd(name: str, data: bytes, limit: int) -> bytes:
    out = bytearray()
    try:
        with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(data), read_across_frames=True) as r:
            while chunk := r.read(CHUNK):
                out += chunk
                if len(out) > limit:
                    raise _too_big(name, limit)
    except zstandard.ZstdError as exc:
        raise UnpackRefused(f"{name} is not a valid .zst file ({exc}).") from exc
    return bytes(out)


def _unzip(name: str, data: bytes, limit: int) -> tuple[str, bytes]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            files = [i for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")
                     and not i.filename.rsplit("/", 1)[-1].startswith(".")]
            if len(files) != 1:
                listed = ", ".join(i.filename for i in files[:5]) + (" …" if len(files) > 5 else "")
                raise UnpackRefused(
                    f"{name} holds {len(files)} files ({listed or 'none'}); a .zip upload must hold exactly one CSV "
                    "or workbook. Upload the files one by one, or one zip each."
                )
            info = files[0]
            if info.file_size > limit:
                raise _too_big(name, limit)
            out = bytearray()
            with zf.open(info) as f:  # the declared size may lie: count what comes out
                while chunk := f.read(CHUNK):
                    out += chunk
                    if len(out) > limit:
                        raise _too_big(name, limit)
            return info.filename.rsplit("/", 1)[-1], bytes(out)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise UnpackRefused(f"{name} could not be unpacked as a .zip file ({exc}).") from exc


def unpack(name: str, data: bytes, limit_bytes: int) -> tuple[str, bytes]:
    """(name of the file inside, its bytes) for a compressed upload; (name, data) unchanged
    otherwise. Each distinct archive is unpacked once per process (a few kept)."""
    k = kind(name, data)
    if k is None:
        return name, data
    key = (hashlib.sha256(data).hexdigest(), int(limit_bytes))
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    if k == "gz":
        result = _inner_name(name), _gunzip(name, data, limit_bytes)
    elif k == "zst":
        result = _inner_name(name), _unzstd(name, data, limit_bytes)
    else:
        result = _unzip(name, data, limit_bytes)
    if kind(result[0], result[1]) is not None:
        raise UnpackRefused(f"{name} holds another archive ({result[0]}); unpack it once and upload what is inside.")
    with _lock:
        _cache[key] = result
        while len(_cache) > _CACHE_ENTRIES:
            _cache.popitem(last=False)
    return result
