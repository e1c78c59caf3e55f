"""Random draws shared by every part of the generator: one seeded generator per part (and per
chunk of workers), a weighted pick per row, and rounding to half hours / half points."""

from __future__ import annotations

import numpy as np


def seeded_rng(seed: int, *key: int) -> np.random.Generator:
    """The generator for one part of the sample: (seed, key) always gives the same stream, and
    different keys give independent streams, so each part's draws do not shift the others'."""
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=key))


def choose_per_row(rng: np.random.Generator, weights_by_row: np.ndarray) -> np.ndarray:
    """One category per row, row i drawn with the probabilities weights_by_row[i]."""
    cum = np.cumsum(weights_by_row, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(len(weights_by_row))
    return np.minimum((u[:, None] > cum).sum(axis=1), weights_by_row.shape[1] - 1)


def round_half(x: np.ndarray) -> np.ndarray:
    """Round to the nearest 0.5 (hours are logged, and ratings given, in halves)."""
    return np.round(np.asarray(x) * 2.0) / 2.0
