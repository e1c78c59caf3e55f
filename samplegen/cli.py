"""The sample generator's command line (`python -m analytics.sample_data`): parses the arguments,
runs `generate` and prints the row counts."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import samplegen
from samplegen.calibration import DEFAULT_END
from samplegen.organisation import generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m analytics.sample_data", description=samplegen.__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=300, help="people on the roster over the period (default 300)")
    ap.add_argument("--years", type=int, default=3, help="length of the period in years (default 3)")
    ap.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    ap.add_argument("--out", type=Path, required=True, help="folder to write the CSVs into")
    ap.add_argument(
        "--end",
        type=date.fromisoformat,
        default=DEFAULT_END,
        help=f"last day of the period, YYYY-MM-DD (default {DEFAULT_END})",
    )
    args = ap.parse_args(argv)
    counts = generate(args.workers, args.years, args.seed, args.out, args.end)
    print(", ".join(f"{k}: {v:,}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
