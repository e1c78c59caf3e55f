"""The SQL console's child process: runs one checked SELECT on a read-only snapshot of the
workspace under OS limits, and streams the result back as Arrow.

Started by analytics.console.query as `python -I <this file>` (isolated: no PYTHONPATH, no user
site, not the project on sys.path), so it imports only duckdb and pyarrow. It reads one JSON
request on stdin, writes an Arrow IPC stream on stdout and one JSON status line on stderr.
Whatever a query does here (a 4 GB string, a billion-element list, a busy loop) it does to this
process: the address-space limit makes its allocations fail, the CPU limit ends it, and the
parent kills it at the wall-clock deadline; the server's memory does not move.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading


def _status(**fields: object) -> None:
    sys.stderr.write(json.dumps(fields) + "\n")
    sys.stderr.flush()


def _vms_bytes() -> int:
    # /proc/self/statm: sizes in pages; the first is the whole virtual size.
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__


def main() -> int:
    req = json.loads(sys.stdin.read())
    try:
        os.nice(10)  # the dashboard pages of every other user come first
    except OSError:
        pass
    import duckdb
    import pyarrow as pa

    # The same lock-down as the server's connection, tighter, set before the file opens: no
    # directory is allowed at all (not the staging folder, not the sample), nothing spills to
    # disk, one thread, and the configuration locked.
    con = duckdb.connect(req["snapshot"], read_only=True, config={
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "temp_directory": "",
        "threads": 1,
        "memory_limit": f"{int(req['memory_bytes'] * 2 // 3) // 2**20}MB",
    })
    # Set after the others: DuckDB refuses to change temp_directory once external access is off.
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    # OS limits last, measured from what this process already maps: every allocation past the
    # budget fails (DuckDB reports Out of Memory), and CPU time past the limit ends the process.
    budget = _vms_bytes() + int(req["memory_bytes"])
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    cpu = int(req["timeout_s"]) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))

    timer = threading.Timer(float(req["timeout_s"]), con.interrupt)
    timer.daemon = True
    timer.start()
    max_rows, max_bytes = int(req["max_rows"]), int(req["max_bytes"])
    try:
        con.execute("BEGIN TRANSACTION READ ONLY")
        reader = con.sql(req["sql"]).to_arrow_reader(int(req["chunk_rows"]))
        rows = nbytes = 0
        too_large = False
        out = sys.stdout.buffer
        with pa.ipc.new_stream(out, reader.schema) as writer:
            for batch in reader:
                if rows + batch.num_rows > max_rows + 1:
                    batch = batch.slice(0, max_rows + 1 - rows)
                writer.write_batch(batch)
                rows += batch.num_rows
                nbytes += batch.nbytes
                if rows > max_rows:
                    break
                if nbytes > max_bytes:
                    too_large = True
                    break
        out.flush()
        _status(ok=True, rows=rows, more=rows > max_rows or too_large, too_large=too_large)
    except duckdb.InterruptException as exc:
        _status(ok=False, kind="time", message=_first_line(exc))
    except MemoryError:
        _status(ok=False, kind="memory", message="MemoryError")
    except duckdb.Error as exc:
        text = str(exc)
        kind = "memory" if "out of memory" in text.lower() or "bad alloc" in text.lower() else "error"
        if "interrupt" in text.lower():
            kind = "time"
        _status(ok=False, kind=kind, message=_first_line(exc))
    finally:
        timer.cancel()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Straight out: the result is written, and interpreter teardown with DuckDB's threads
    # still alive can abort noisily.
    os._exit(code)
