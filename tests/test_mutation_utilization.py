"""Tests for analytics/utilization.py that mutation testing (`make mutate`) showed were missing."""

from __future__ import annotations
