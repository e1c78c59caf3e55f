"""Entry point kept for the command the README, the Makefile and other tools run; the generator
itself is the top-level `samplegen` package.

    python -m analytics.sample_data --workers 300 --years 3 --seed 42 --out data/sample
"""

from samplegen.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
