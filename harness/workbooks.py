"""Hostile workbooks for the tests and the benchmark: an .xlsx with one of its parts rewritten."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable


def rewrite_part(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The same workbook with one part's bytes changed (stored deflated, as Excel does)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, change(body) if info.filename == part else body)
    return out.getvalue()
