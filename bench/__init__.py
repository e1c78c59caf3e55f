"""The benchmark: Staffing Lens at ~10M timesheet rows against its targets (`make bench`).

`python -m bench.run` builds (or reuses) the scaled workspace, measures every page, the main
metrics against a plain-pandas baseline, the upload path, and the bytes and memory of a real
server, then writes bench/RESULTS.md and the README's Performance section.
"""
