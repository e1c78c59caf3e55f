"""Read what a plotly chart drawn by a page holds: AppTest gives the figure as JSON, with numeric
arrays packed as base64 ({"dtype": "f8", "bdata": ...}); these unpack them, so a test can assert on
the numbers a chart shows rather than on its mere presence."""

from __future__ import annotations

import base64
import json

import numpy as np


def values(v) -> list:
    """A trace's x / y / text as a plain list (unpacking plotly's typed arrays)."""
    if v is None:
        return []
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return list(v)


def traces(chart) -> list[dict]:
    """The traces of an AppTest plotly_chart element, arrays unpacked."""
    spec = json.loads(chart.proto.spec)
    out = []
    for t in spec["data"]:
        out.append({**t, **{k: values(t.get(k)) for k in ("x", "y", "customdata", "text") if k in t}})
    return out


def charts(at) -> list[list[dict]]:
    """Every plotly chart on the page, each as its list of traces."""
    return [traces(c) for c in at.get("plotly_chart")]
