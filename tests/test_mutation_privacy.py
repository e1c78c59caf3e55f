"""Small-group suppression (analytics/metrics/privacy.py) cases that mutation testing (`make mutate`)
showed no test pinned down: unknown and empty groups, the label's wording, and the note column."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.metrics import privacy


@pytest.fixture(autouse=True)
def _default_minimum(monkeypatch):
    monkeypatch.delenv("STAFFING_LENS_MIN_GROUP", raising=False)  # the default: 5 people


def test_which_group_sizes_are_withheld():
    assert privacy.is_suppressed(None) is True  # an unknown head count reveals too much to risk
    assert privacy.is_suppressed(float("nan")) is True
    assert privacy.is_suppressed(0) is False  # nobody: no one's pay to reveal ("no one")
    assert privacy.is_suppressed(1) is True
    assert privacy.is_suppressed(4) is True
    assert privacy.is_suppressed(5) is False
    assert privacy.pay_or_none(100.0, 4) is None
    assert privacy.pay_or_none(100.0, 5) == 100.0


def test_the_label_names_the_minimum():
    assert privacy.suppressed_label() == "suppressed (< 5 people)"


def test_suppress_columns_blanks_1_to_4_people_only_and_writes_the_note():
    df = pd.DataFrame(
        {"people": [3, 0, 7, None], "spend": [300.0, 0.0, 700.0, 50.0]},
        index=[10, 11, 12, 13],  # a filtered frame's index need not start at 0
    )
    out = privacy.suppress_columns(df, ["spend"])
    # 3 people: withheld; 0 people: shown (0.0, nothing to hide); 7: shown; unknown count: counted as 0
    assert out["spend"].isna().tolist() == [True, False, False, False]
    assert out.loc[[11, 12, 13], "spend"].tolist() == [0.0, 700.0, 50.0]
    assert out["note"].tolist() == ["suppressed (< 5 people)", "", "", ""]
    assert df["spend"].tolist() == [300.0, 0.0, 700.0, 50.0]  # a copy: the input is untouched


def test_suppress_columns_keeps_an_existing_note_on_rows_it_shows():
    df = pd.DataFrame({"people": [2, 9, 9], "spend": [1.0, 2.0, 3.0], "note": ["", "estimated", None]})
    out = privacy.suppress_columns(df, ["spend"])
    assert out["note"].tolist() == ["suppressed (< 5 people)", "estimated", ""]
