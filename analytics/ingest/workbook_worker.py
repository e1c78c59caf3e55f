"""The workbook parser's child process: the first sheet of an .xlsx as UTF-8 CSV, under OS limits.

Started by analytics.ingest.workbook as `python -I <this file>`: stdin is one JSON line (limits) and then
the workbook's bytes; stdout is the CSV; stderr ends with one JSON status line. python-calamine
does the reading (through pandas, every cell as text, as the openpyxl path wrote it before).
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys


def _status(**fields: object) -> None:
    sys.stderr.write(json.dumps(fields) + "\n")
    sys.stderr.flush()


def _vms_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _table_shape(raw) -> tuple[int, int, int]:
    """(header row index, header cells, data rows below it) of a sheet read without a header: the
    header is the first of the top 30 rows holding at least 60% of the widest row's cells, so
    title rows above a table are skipped."""
    top = raw.head(30)
    widths = top.notna().sum(axis=1).tolist() if len(top) else []
    widest = max(widths, default=0)
    for i, w in enumerate(widths):
        if w >= max(1, 0.6 * widest):
            below = raw.iloc[i + 1:]
            return i, int(w), int(below.notna().any(axis=1).sum())
    return 0, 0, 0


def _as_table(raw, header_row: int):
    """The sheet from its header row down: columns named by the header (empty ones numbered),
    fully empty rows and columns dropped."""
    header = raw.iloc[header_row].tolist() if len(raw) else []
    body = raw.iloc[header_row + 1:].dropna(how="all")
    names, seen = [], set()
    for j, h in enumerate(header):
        name = str(h).strip() if h is not None and str(h) != "nan" else f"column_{j + 1}"
        base, n = name, 1
        while name in seen:
            n += 1
            name = f"{base}_{n}"
        seen.add(name)
        names.append(name)
    body.columns = names
    keep = [c for c, h in zip(names, header, strict=True) if h is not None and str(h) != "nan" or body[c].notna().any()]
    return body[keep]


def main() -> int:
    try:
        os.nice(10)
    except OSError:
        pass
    raw = sys.stdin.buffer.read()
    header, _, data = raw.partition(b"\n")
    req = json.loads(header)
    del raw
    import pandas as pd  # imported before the limit: its own mapping is not the workbook's

    budget = _vms_bytes() + int(req["memory_bytes"])
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    cpu = int(req["cpu_s"])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str, engine="calamine")
        names = list(sheets)
        wanted = req.get("sheet")
        shapes = {n: _table_shape(sheets[n]) for n in names}
        if wanted in sheets:
            chosen = wanted
        else:  # the first sheet that looks like a table (a header of 3+ cells and a row under it)
            tables = [n for n in names if shapes[n][1] >= 3 and shapes[n][2] >= 1]
            chosen = tables[0] if tables else max(names, key=lambda n: shapes[n][1] * shapes[n][2])
        header_row, _, _ = shapes[chosen]
        df = _as_table(sheets[chosen], header_row)
        sys.stdout.buffer.write(df.to_csv(index=False).encode("utf-8"))
        sys.stdout.flush()
        _status(ok=True, rows=len(df), sheets=names, sheet=chosen, header_row=header_row + 1)
    except MemoryError:
        _status(ok=False, kind="memory", message="MemoryError")
    except Exception as exc:  # noqa: BLE001 — the reader raises many kinds for damaged workbooks
        text = str(exc)
        kind = "memory" if "memory" in text.lower() or "alloc" in text.lower() else "error"
        _status(ok=False, kind=kind, message=type(exc).__name__)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
