"""Reading an uploaded .xlsx workbook without letting it take the server down.

A workbook is a zip: 1.6 KB can declare a sheet of 17 billion cells (A1:XFD1048576) and 1 MB can
hold a 1 GB shared string. So, before anything parses it, its zip directory is checked (number
of parts, decompressed sizes, compression ratio, shared-strings size) and the sheet's declared
dimension read from its first bytes; then the first sheet is parsed to CSV once per upload by
python-calamine in a child process (workbook_worker.py) under an address-space limit, a CPU
limit and a wall-clock kill, so even a bomb the checks miss fails in that process.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import threading
import zipfile
from collections import OrderedDict
from pathlib import Path

MAX_PARTS = 10_000
MAX_UNCOMPRESSED_BYTES = 2 * 1024**3  # all parts together, decompressed
MAX_SHARED_STRINGS_BYTES = 256 * 1024**2
MAX_RATIO = 200  # decompressed / compressed, for parts over RATIO_FROM_BYTES
RATIO_FROM_BYTES = 16 * 1024**2
MAX_CELLS = 50_000_000  # declared rows × columns of the first sheet
PARSE_MEMORY_BYTES = 3 * 1024**3  # the child's address space beyond what it maps at start
PARSE_TIMEOUT_S = 120.0
WORKER = Path(__file__).resolve().parent / "workbook_worker.py"
# Parsed CSVs kept so detection, checking and loading of one upload parse it once.
_CACHE_ENTRIES = 4
_CACHE_BYTES = 512 * 1024**2


class WorkbookRefused(ValueError):
    """The workbook is refused or could not be read; the message is plain text for the user."""


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Za-z]{1,3})(\d{1,7})(?::([A-Za-z]{1,3})(\d{1,7}))?"')


def declared_cells(ref: tuple[bytes, bytes, bytes | None, bytes | None]) -> tuple[int, int]:
    """(rows, columns) of a dimension reference such as A1:XFD1048576."""
    c1, r1, c2, r2 = ref
    if c2 is None or r2 is None:
        return 1, 1
    rows = abs(int(r2) - int(r1)) + 1
    cols = abs(_col_number(c2.decode()) - _col_number(c1.decode())) + 1
    return rows, cols


def _first_sheet(zf: zipfile.ZipFile) -> str | None:
    names = [n for n in zf.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]
    return min(names, key=lambda n: int(re.findall(r"\d+", n)[-1])) if names else None


def check_workbook(name: str, data: bytes) -> None:
    """WorkbookRefused if the workbook is past sensible bounds; reads only the zip directory and
    the first 64 KB of the first sheet."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookRefused(f"{name} could not be read as an Excel workbook (it is not a valid .xlsx file).") from exc
    with zf:
        parts = zf.infolist()
        if len(parts) > MAX_PARTS:
            raise WorkbookRefused(f"{name} has {len(parts):,} parts inside; a workbook has at most {MAX_PARTS:,}.")
        total = sum(p.file_size for p in parts)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise WorkbookRefused(
                f"{name} unpacks to {total / 1024**3:.1f} GB, more than the {MAX_UNCOMPRESSED_BYTES / 1024**3:.0f} GB "
                "a workbook may hold here. Save the sheet as CSV and upload that instead."
            )
        for p in parts:
            if p.file_size > RATIO_FROM_BYTES and p.file_size > MAX_RATIO * max(p.compress_size, 1):
                raise WorkbookRefused(
                    f"{name} is refused: its part {p.filename} unpacks to {p.file_size / 1024**2:,.0f} MB from "
                    f"{p.compress_size / 1024:,.0f} KB, which no real spreadsheet does (a 'zip bomb')."
                )
            if p.filename.lower() == "xl/sharedstrings.xml" and p.file_size > MAX_SHARED_STRINGS_BYTES:
                raise WorkbookRefused(
                    f"{name} holds {p.file_size / 1024**2:,.0f} MB of text (shared strings), more than the "
                    f"{MAX_SHARED_STRINGS_BYTES // 1024**2} MB allowed. Save the sheet as CSV and upload that instead."
                )
        sheet = _first_sheet(zf)
        if sheet is None:
            raise WorkbookRefused(f"{name} has no worksheet to read.")
        try:
            with zf.open(sheet) as f:
                head = f.read(64 * 1024)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise WorkbookRefused(f"{name} is damaged: its first sheet cannot be unpacked.") from exc
    m = _DIMENSION.search(head)
    if m:
        rows, cols = declared_cells(m.groups())
        if rows * cols > MAX_CELLS:
            raise WorkbookRefused(
                f"{name}'s first sheet declares {rows:,} rows × {cols:,} columns ({rows * cols:,} cells), more "
                f"than the {MAX_CELLS:,} cells allowed. Delete stray cells far from the data (Ctrl+End shows "
                "the last one), or save the sheet as CSV."
            )


_cache: OrderedDict[tuple[str, str | None], tuple[bytes, dict]] = OrderedDict()
_cache_lock = threading.Lock()


def _child_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TZ")}


def first_sheet_as_csv(name: str, data: bytes, timeout_s: float = PARSE_TIMEOUT_S) -> bytes:
    """The first sheet that looks like a table, as UTF-8 CSV (see sheet_as_csv)."""
    return sheet_as_csv(name, data, None, timeout_s)[0]


def sheet_as_csv(name: str, data: bytes, sheet: str | None = None, timeout_s: float = PARSE_TIMEOUT_S) -> tuple[bytes, dict]:
    """One sheet as UTF-8 CSV from its header row down (every cell as text, as pandas' dtype=str
    writes it), and {sheets, sheet, header_row}: `sheet` by name, or the first that looks like a
    table; title rows above the header skipped. Checked and parsed in a bounded child once per
    distinct upload and sheet."""
    key = (hashlib.sha256(data).hexdigest(), sheet)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    check_workbook(name, data)
    request = json.dumps({"memory_bytes": PARSE_MEMORY_BYTES, "cpu_s": int(timeout_s) + 5, "sheet": sheet}).encode() + b"\n"
    try:
        out = subprocess.run(
            [sys.executable, "-I", str(WORKER)], input=request + data, capture_output=True,
            timeout=timeout_s, env=_child_env(), cwd="/",
        )
    except subprocess.TimeoutExpired as exc:
        raise WorkbookRefused(
            f"{name} took longer than {timeout_s:g} seconds to read and was stopped. Save the sheet as CSV and "
            "upload that instead."
        ) from exc
    status = None
    for line in reversed(out.stderr.decode("utf-8", "replace").splitlines()):
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, dict) and "ok" in value:
            status = value
            break
    if status is None or not status.get("ok"):
        kind = (status or {}).get("kind", "crash")
        if kind == "memory" or status is None:
            raise WorkbookRefused(
                f"{name} needed more than {PARSE_MEMORY_BYTES / 1024**3:.0f} GB of memory to read and was stopped. "
                "Delete stray cells far from the data, or save the sheet as CSV and upload that instead."
            )
        raise WorkbookRefused(f"{name} could not be read as an Excel workbook ({status.get('message', 'unreadable')}).")
    csv = (out.stdout, {k: status.get(k) for k in ("sheets", "sheet", "header_row")})
    with _cache_lock:
        _cache[key] = csv
        while len(_cache) > _CACHE_ENTRIES or (len(_cache) > 1 and sum(len(v[0]) for v in _cache.values()) > _CACHE_BYTES):
            _cache.popitem(last=False)
    return csv
