"""`python -m analytics.report --db PATH --out FILE.pdf|FILE.html [--from YYYY-MM] [--to YYYY-MM]
[--department NAME]... [--page NAME]`: the report the app would download for those filters (by
default the board pack with the app's default filters), for cron or a scheduler. Exit status 0 on
success, 2 with a one-line message on bad arguments, 1 when the workspace cannot be opened (DuckDB
lets one process write a file: stop the app, or point --db at a copy)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from analytics.report import PAGES, ReportRequest, build, default_filters

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2 (argparse prints the whole usage)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m analytics.report", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", required=True, help="the workspace .duckdb file")
    p.add_argument("--out", required=True, help="FILE.pdf or FILE.html")
    p.add_argument("--from", dest="first", metavar="YYYY-MM", help="first month (default: 11 months before --to)")
    p.add_argument("--to", dest="last", metavar="YYYY-MM", help="last month (default: the data's last month)")
    p.add_argument("--department", action="append", default=[], metavar="NAME", help="repeat for several")
    p.add_argument("--page", choices=list(PAGES), help="one page's report instead of the board pack")
    p.add_argument("--no-charts", action="store_true", help="leave the chart images out")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    out = Path(args.out)
    kind = out.suffix.lower().lstrip(".")
    if kind not in ("pdf", "html"):
        parser.error(f"--out must end in .pdf or .html, not {out.name!r}")
    for flag, month in (("--from", args.first), ("--to", args.last)):
        if month is not None and not MONTH.match(month):
            parser.error(f"{flag} must be a month as YYYY-MM, not {month!r}")
    if args.first and args.last and args.first > args.last:
        parser.error(f"--from {args.first} is after --to {args.last}")
    db = Path(args.db)
    if not db.is_file():
        parser.error(f"--db {db} is not a file")
    if not out.parent.is_dir():
        parser.error(f"--out's folder {out.parent} does not exist")

    from analytics.metrics.horizon import data_horizon
    from analytics.store.db import Workspace, WorkspaceError

    try:  # read-only: a report never writes to the workspace, and may run beside the app
        ws = Workspace(db, read_only=True, load_sample=False)
    except WorkspaceError as exc:  # not a bad argument (e.g. the app holds the file): status 1
        print(f"{parser.prog}: error: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 1
    try:
        if ws.is_empty():
            parser.error(f"--db {db} holds no data")
        known = set(data_horizon(ws).departments)
        unknown = [d for d in args.department if d not in known]
        if unknown:
            parser.error(f"unknown --department {', '.join(unknown)} (the data has: {', '.join(sorted(known))})")
        filters = default_filters(ws, args.first, args.last, tuple(args.department))
        if filters.start > filters.end:
            parser.error(f"--from {filters.start:%Y-%m} is after --to {filters.end:%Y-%m}")
        request = ReportRequest(filters, pages=(args.page,) if args.page else tuple(PAGES))
        out.write_bytes(build(ws, request, kind, charts=not args.no_charts))
    finally:
        ws.close()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
