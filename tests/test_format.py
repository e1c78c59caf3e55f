"""What users read: money, rates and percentages."""

from ui import format as fmt


def test_money():
    assert fmt.money(1234.4) == "$1,234"
    assert fmt.money(-1234.4) == "−$1,234"
    assert fmt.money(18_204_000) == "$18.20M"
    assert fmt.money(None) == "—"
    assert fmt.money(float("nan")) == "—"


def test_rates_and_percentages():
    assert fmt.money_per_hour(96.2826) == "$96.28/h"
    assert fmt.money_per_hour(-5) == "−$5.00/h"
    assert fmt.pct(0.81140) == "81.1%"
    assert fmt.number(12345) == "12,345"
