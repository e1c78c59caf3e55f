"""The board pack's build time (issue 14): the whole PDF (every page's figures, 17 charts through
one Chromium, weasyprint) for the default filters, as `python -m analytics.report` writes it.
Target: ≤ 15 s for the sample, ≤ 30 s at the 9M-row scale."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analytics.report import ReportRequest, build, default_filters
from analytics.store.db import Workspace
from bench.timing import median_time
from harness.workspaces import workspace_file

SAMPLE_TARGET_S = 15.0
SCALE_TARGET_S = 30.0


@dataclass(frozen=True)
class BoardPackResult:
    label: str  # "sample" or "scale"
    seconds: float  # median wall-clock of a whole build
    low: float
    high: float
    pages: int  # PDF pages
    kib: int  # PDF size
    charts_missing: bool  # True when the PDF says charts are missing (no Chromium)

    @property
    def target(self) -> float:
        return SAMPLE_TARGET_S if self.label == "sample" else SCALE_TARGET_S

    @property
    def met(self) -> bool:
        return self.seconds <= self.target


def measure_board_pack(db: Path, label: str, runs: int = 1, log: Callable[[str], None] = print) -> BoardPackResult:
    """Build the board pack PDF `runs` times on the workspace `db` (opened read-only, as the CLI does)."""
    import pypdf

    ws = Workspace(db, read_only=True, load_sample=False)
    try:
        request = ReportRequest(default_filters(ws))
        timed = median_time(lambda: build(ws, request, "pdf"), runs)
    finally:
        ws.close()
    pdf: bytes = timed.result
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() or "" for p in reader.pages[:2])
    r = BoardPackResult(label, timed.median, timed.low, timed.high, len(reader.pages), len(pdf) // 1024,
                        "Charts are missing" in text)
    log(f"  board pack ({label}): {r.seconds:.2f} s, {r.pages} pages, {r.kib:,} KiB"
        + (" — charts missing" if r.charts_missing else ""))
    return r


def sample_db(folder: Path) -> Path:
    """A workspace of the bundled sample under `folder` (made once)."""
    from analytics.store.db import SAMPLE_DIR

    path = Path(folder) / "sample_report.duckdb"
    if not path.is_file():
        workspace_file(path, SAMPLE_DIR)
    return path
