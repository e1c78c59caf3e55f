"""The workbook parser's child process: the first sheet of an .xlsx as UTF-8 CSV, under OS limits.

Started by analytics.workbook as `python -I <this file>`: stdin is one JSON line (limits) and then
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
        df = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=str, engine="calamine")
        sys.stdout.buffer.write(df.to_csv(index=False).encode("utf-8"))
        sys.stdout.flush()
        _status(ok=True, rows=len(df))
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
