"""`generate`: the whole sample organisation in order (period, roster, engagements, then the
weekly facts chunk by chunk, then the demand ahead, the pay history and the invoices) written into the workspace CSVs."""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from analytics.store.schema import LOAD_ORDER
from samplegen.calibration import CHUNK_WORKERS, DEFAULT_END
from samplegen.compensation import draw_compensation
from samplegen.currency import assign_currencies, fx_rates_table
from samplegen.demand import draw_demand
from samplegen.engagements import draw_engagements, engagements_table
from samplegen.invoices import OwnVendorWork, draw_invoices, draw_pricing
from samplegen.people import draw_workers, workers_table
from samplegen.period import Period
from samplegen.staffing import Staffing
from samplegen.timesheets import draw_chunk
from samplegen.write import CsvOut


def generate(
    workers: int, years: int, seed: int, out: Path, end: date = DEFAULT_END, progress: bool | None = None
) -> dict[str, int]:
    """Write the sample CSVs (the five core tables, demand, compensation and fx_rates) into `out`; returns the number of
    rows per table."""
    if workers < 1 or years < 1 or seed < 0:
        raise ValueError("workers and years must be at least 1, seed at least 0")
    t0 = time.perf_counter()
    progress = workers >= 5000 if progress is None else progress
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    p = Period(end, years)
    w = draw_workers(workers, seed, p)
    e = draw_engagements(workers, seed, p, w)
    st = Staffing(e, p.n_weeks)
    own = OwnVendorWork(w, e)  # the fees are what the agency's hours cost in dollars, before the euro office
    assign_currencies(seed, p, w)  # after every draw that reads the roster: they stay as they were

    files = {name: CsvOut(out, name) for name in LOAD_ORDER}
    try:
        files["workers"].write(workers_table(w))
        files["demand"].write(draw_demand(workers, seed, p, e))
        files["compensation"].write(draw_compensation(seed, p, w))
        files["fx_rates"].write(fx_rates_table(seed, p))
        n_chunks = -(-workers // CHUNK_WORKERS)
        for ci in range(n_chunks):
            ts, to, rv = draw_chunk(ci, seed, p, w, st)
            files["timesheets"].write(ts)
            own.add(ts)
            files["time_off"].write(to)
            files["reviews"].write(rv)
            if progress:
                print(
                    f"chunk {ci + 1}/{n_chunks}: {files['timesheets'].rows:,} timesheet rows, "
                    f"{time.perf_counter() - t0:.1f}s",
                    file=sys.stderr,
                    flush=True,
                )
        # pricing models once the hours are known: the agency's own people must log work on invoiced engagements
        e["pricing"] = draw_pricing(seed, e, own)
        files["engagements"].write(engagements_table(e))
        files["invoices"].write(draw_invoices(seed, p, e, e["pricing"]))
    except BaseException:
        for f in files.values():
            f.discard()
        raise
    for f in files.values():
        f.close()
    counts = {name: f.rows for name, f in files.items()}
    if progress:
        print(f"done in {time.perf_counter() - t0:.1f}s: {counts}", file=sys.stderr, flush=True)
    return counts
