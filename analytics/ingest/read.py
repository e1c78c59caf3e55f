"""Reading an upload: unpacking, a workbook's sheet as CSV, encoding and dialect detection, the
table and saved mapping its header suggests, and plain messages for files that cannot be read.

Uploaded bytes are staged to a unique file in this process's folder under db.UPLOAD_DIR (the
only place, besides the sample, the locked-down connection may read; the console's process may
not), parsed by DuckDB's CSV reader, and deleted however the read ends.
"""

from __future__ import annotations

import contextlib
import errno
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analytics.ingest import dates, headers, mappings, unpack, validation, workbook
from analytics.store.db import Workspace
from analytics.store.staging import UPLOAD_DIR, staging_dir

DELIMITERS = {",": "comma ,", ";": "semicolon ;", "\t": "tab", "|": "pipe |"}
ENCODINGS = {"utf-8": "UTF-8", "utf-16": "UTF-16", "latin-1": "Latin-1 (ISO-8859-1)"}
PREVIEW_ROWS = 10
DATE_SAMPLE_ROWS = 5_000  # rows read to tell 01/19/2024 (month first) from 19/01/2024
class UploadError(Exception):
    """A problem with a file as a whole, worded for the person uploading it."""


@dataclass(frozen=True)
class CsvOptions:
    """How to read a file; None means detect."""

    delimiter: str | None = None
    encoding: str | None = None
    date_format: str | None = None
    decimal_comma: bool = False
    sheet: str | None = None  # a workbook's sheet; None: the first that looks like a table
    limit_mb: float = 200.0  # the upload limit, counted on the unpacked size of a compressed file

    def saved(self) -> dict:
        """The options a saved mapping keeps (not the limit, which is the server's)."""
        return {"delimiter": self.delimiter, "encoding": self.encoding, "date_format": self.date_format,
                "decimal_comma": self.decimal_comma, "sheet": self.sheet}


@dataclass
class Detected:
    """What the sniffer found in a file, for the user to confirm or override."""

    encoding: str
    delimiter: str
    date_format: str | None
    decimal_comma: bool
    columns: list[str]
    types: dict[str, str]
    preview: pd.DataFrame
    suggested_table: str | None
    saved: dict | None = None  # the saved mapping for this header, if there is one
    sheets: list[str] = field(default_factory=list)  # a workbook's sheets
    sheet: str | None = None  # the sheet read
    header_row: int = 1  # the workbook row holding the header (title rows above it are skipped)
    unpacked_from: str | None = None  # "gz", "zst" or "zip" for a compressed upload


def check_size(nbytes: int, limit_mb: float) -> None:
    """Refuse files over the server's upload limit (Streamlit's server.maxUploadSize, in MB)."""
    if nbytes > limit_mb * 1024 * 1024:
        raise UploadError(
            f"The file is {nbytes / 1024 / 1024:,.1f} MB, over the {limit_mb:g} MB upload limit. "
            "Split it into smaller files and append them one after another."
        )


def is_excel(name: str, data: bytes) -> bool:
    return name.lower().endswith(".xlsx") and data[:4] == b"PK\x03\x04"


def unpacked(name: str, data: bytes, options: CsvOptions) -> tuple[str, bytes]:
    """(inner name, bytes) of a .gz, .zst or .zip upload; the file itself otherwise (UploadError
    for an archive that unpacks past the limit or is damaged)."""
    try:
        return unpack.unpack(name, data, int(options.limit_mb * 1024 * 1024))
    except unpack.UnpackRefused as exc:
        raise UploadError(str(exc)) from exc


def detect_encoding(data: bytes) -> str:
    """utf-16 (with a byte-order mark, or NUL-interleaved text), utf-8 (with or without BOM), else latin-1."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = data[:4096]
    if head and head.count(b"\x00") > len(head) // 4 and (head[1::2].count(b"\x00") > len(head) // 4 or head[0::2].count(b"\x00") > len(head) // 4):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "latin-1"


def check_text(name: str, data: bytes, encoding: str) -> None:
    """Refuse empty and binary files before DuckDB sees them."""
    if not data or not data.strip(b"\xef\xbb\xbf\xff\xfe\x00 \r\n\t"):
        raise UploadError(f"{name} is empty: there is nothing to load.")
    if data[:4] == b"PK\x03\x04":
        raise UploadError(
            f"{name} is a zip or Office file, not CSV. Excel workbooks are accepted as .xlsx; "
            "otherwise save the sheet as CSV."
        )
    if encoding != "utf-16" and b"\x00" in data[:8192]:
        raise UploadError(
            f"{name} does not look like a text file (it contains binary data). Upload a CSV file "
            "(comma, semicolon, tab or pipe separated) or an .xlsx workbook."
        )


def excel_to_csv(name: str, data: bytes, sheet: str | None = None) -> tuple[bytes, dict]:
    """A sheet of an .xlsx workbook (by name, else the first that looks like a table) as UTF-8 CSV
    from its header row down, and what was read: checked before parsing and parsed once per upload
    in a bounded child process (analytics.ingest.workbook)."""
    try:
        return workbook.sheet_as_csv(name, data, sheet)
    except workbook.WorkbookRefused as exc:
        raise UploadError(str(exc)) from exc


def as_csv(name: str, data: bytes, options: CsvOptions | None = None) -> tuple[bytes, dict]:
    """The upload as CSV bytes (unpacked, a workbook's sheet converted) and what was done."""
    options = options or CsvOptions()
    inner, data2 = unpacked(name, data, options)
    info: dict = {"unpacked_from": unpack.kind(name, data) if data2 is not data else None}
    if is_excel(inner, data2) or (info["unpacked_from"] and data2[:4] == b"PK\x03\x04"):
        data2, sheet_info = excel_to_csv(name, data2, options.sheet)
        info.update(sheet_info)
    return data2, info


@contextlib.contextmanager
def staged(data: bytes, encoding: str) -> Iterator[tuple[Path, str]]:
    """Write the bytes to a unique file in this process's staging folder (db.staging_dir,
    owner-only); yield (path, encoding DuckDB should use); delete it however the block ends. A
    full disk is a plain UploadError and leaves nothing behind. UTF-16 is transcoded to UTF-8
    (DuckDB reads only little-endian)."""
    if encoding == "utf-16":
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError as exc:
            raise UploadError("The file is not valid UTF-16 text: choose its encoding under the file's options.") from exc
        encoding = "utf-8"
    try:
        folder = staging_dir()
    except OSError as exc:
        raise _staging_error(exc, UPLOAD_DIR) from exc
    path = folder / f"{uuid.uuid4().hex}.csv"
    try:
        try:
            with open(path, "xb") as f:
                f.write(data)
        except OSError as exc:
            raise _staging_error(exc, folder) from exc
        yield path, encoding
    finally:
        path.unlink(missing_ok=True)


def _staging_error(exc: OSError, folder: Path) -> UploadError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return UploadError(
            f"The disk holding the upload staging folder ({folder.parent}) is full, so the file could not be "
            "read. Nothing was loaded and nothing was left behind. Free some space there, or ask whoever runs "
            "the app to point TMPDIR at a larger disk, and try again."
        )
    return UploadError(
        f"The file could not be staged for reading in {folder.parent} ({exc.strerror or type(exc).__name__}). "
        "Nothing was loaded."
    )


def _friendly_read_error(name: str, exc: Exception, encoding: str) -> UploadError:
    text = str(exc)
    too_long = re.search(r"Maximum line size of (\d+) bytes exceeded", text)
    if too_long:
        # checked first: DuckDB's message also lists its options, "encoding" among them
        line = re.search(r"CSV Error on Line: (\d+)", text)
        msg = (
            f"{name} has a line longer than {int(too_long.group(1)) / 1e6:g} MB"
            + (f" (line {int(line.group(1)):,})" if line else "")
            + ": no row of a table is that long, so a line break is probably missing or a quote is never "
            "closed. Check the file in a text editor."
        )
    elif "invalid unicode" in text.lower() or "not utf-8 encoded" in text.lower():
        # (not a bare "encoding": DuckDB lists its options, encoding among them, in every CSV error)
        msg = (
            f"{name} is not valid {ENCODINGS.get(encoding, encoding)} text. Choose the file's encoding "
            "(Latin-1 for most files saved by older Excel versions) under the file's options."
        )
    elif "empty" in text.lower():
        msg = f"{name} has no rows to read."
    else:
        first = text.splitlines()[0] if text else type(exc).__name__
        msg = f"{name} could not be read as CSV: {first.removeprefix('Invalid Input Error: ')}"
    err = UploadError(msg)
    err.__cause__ = exc
    return err


# -- detection ---------------------------------------------------------------------------
def normalise_header(h: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(h).strip().lower()).strip("_")


def _header_delimiter(data: bytes, encoding: str, sniffed: str) -> str:
    """The sniffer's delimiter, unless the header line disagrees (a ragged row can mislead the
    sniffer): then the candidate that splits the header into the most fields."""
    head = data[:65536].decode(encoding, errors="replace")
    first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    if sniffed in DELIMITERS and counts[sniffed] > 0:
        return sniffed
    return best if counts[best] > 0 else ","


def detect(ws: Workspace, name: str, data: bytes, options: CsvOptions | None = None) -> Detected:
    """Sniff encoding, delimiter, date format and column types; preview the first rows."""
    options = options or CsvOptions()
    data, info = as_csv(name, data, options)
    encoding = options.encoding or detect_encoding(data)
    check_text(name, data, encoding)
    cur = ws.con.cursor()
    try:
        with staged(data, encoding) as (path, enc):
            try:
                args = {"p": str(path), "e": enc}
                extra = ""
                if options.delimiter:
                    extra = ", delim = $d"
                    args["d"] = options.delimiter
                sniff = cur.execute(
                    f"SELECT Delimiter, DateFormat, Columns FROM sniff_csv($p, encoding = $e, header = true{extra})",
                    args,
                ).df()
                delimiter = options.delimiter or _header_delimiter(data, encoding, str(sniff["Delimiter"].iloc[0]))
                preview = cur.execute(
                    "SELECT * FROM read_csv($p, encoding = $e, delim = $d, header = true, all_varchar = true, "
                    "ignore_errors = true) LIMIT $n",
                    {"p": str(path), "e": enc, "d": delimiter, "n": PREVIEW_ROWS},
                ).df()
                sample = cur.execute(
                    "SELECT * FROM read_csv($p, encoding = $e, delim = $d, header = true, all_varchar = true, "
                    "ignore_errors = true) LIMIT $n",
                    {"p": str(path), "e": enc, "d": delimiter, "n": DATE_SAMPLE_ROWS},
                ).df()
            except duckdb.Error as exc:
                raise _friendly_read_error(name, exc, encoding) from exc
    finally:
        cur.close()
    cols = [str(c) for c in preview.columns]
    sniffed_cols = sniff["Columns"].iloc[0]
    types = {str(c["name"]): str(c["type"]) for c in (sniffed_cols if sniffed_cols is not None else [])}
    sniffed_fmt = sniff["DateFormat"].iloc[0]
    date_format = options.date_format or dates.day_or_month_first(
        sample, sniffed_fmt if sniffed_fmt in validation.ALLOWED_DATE_FORMATS else None
    )
    decimal_comma = options.decimal_comma or (
        delimiter == ";" and any(re.fullmatch(r"-?\d+,\d+", str(v)) for v in preview.astype(str).to_numpy().ravel())
    )
    return Detected(
        encoding=encoding,
        delimiter=delimiter,
        date_format=date_format,
        decimal_comma=bool(decimal_comma),
        columns=cols,
        types=types,
        preview=preview,
        suggested_table=headers.suggest_table(name, cols),
        saved=mappings.find(ws, cols),
        sheets=info.get("sheets") or [],
        sheet=info.get("sheet"),
        header_row=info.get("header_row") or 1,
        unpacked_from=info.get("unpacked_from"),
    )


