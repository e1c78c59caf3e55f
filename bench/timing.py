"""Timing and memory helpers: medians of repeated runs, a peak-RSS sampler, the machine."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import psutil


@dataclass(frozen=True)
class Timed:
    """Median and spread of `runs` wall-clock timings (seconds), and the last result."""

    median: float
    low: float
    high: float
    runs: int
    result: Any = None


def median_time(fn: Callable[[], Any], runs: int = 5, before: Callable[[], None] | None = None) -> Timed:
    """Run fn() `runs` times (calling before() untimed ahead of each) and keep the median."""
    times, result = [], None
    for _ in range(runs):
        if before:
            before()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return Timed(statistics.median(times), min(times), max(times), runs, result)


class PeakRss:
    """Samples the resident memory of a process tree (a pid and its children, or the process
    alone with children=False) every `every` seconds on a background thread; `.peak` is the
    highest total seen and `.start` the first sample, in bytes."""

    def __init__(self, pid: int | None = None, every: float = 0.05, children: bool = True):
        self.proc = psutil.Process(pid or os.getpid())
        self.every = every
        self.children = children
        self.peak = 0
        self.start = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> int:
        total = 0
        for p in [self.proc, *(self.proc.children(recursive=True) if self.children else [])]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        self.peak = max(self.peak, total)
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sample()
            except psutil.Error:
                return
            self._stop.wait(self.every)

    @property
    def growth(self) -> int:
        """Highest RSS seen above the first sample, in bytes."""
        return max(0, self.peak - self.start)

    def __enter__(self) -> PeakRss:
        self.start = self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def machine() -> dict[str, str]:
    """Cores, memory, CPU model, OS and the date: recorded next to every figure."""
    model = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import duckdb
    import pandas
    import streamlit

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "cpu": model or "unknown",
        "memory": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": f"DuckDB {duckdb.__version__}, pandas {pandas.__version__}, Streamlit {streamlit.__version__}",
    }
