"""Currencies: the ISO 4217 codes a money column may carry, each code's symbol on screen, and the
reporting currency every amount is shown in for the current page run, report or export (set once
per run with `use`; the money formats of analytics/export/formatting.py and the charts read it)."""

from __future__ import annotations

import contextlib
import contextvars

DEFAULT = "USD"  # the reporting currency of a workspace that never chose one

# The active ISO 4217 codes (2024), funds and precious metals left out.
ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD
CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT
LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR
NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP
STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF
XPF YER ZAR ZMW ZWL
""".split())

# How an amount starts on screen; a code without a symbol of its own is written before the number ("CHF 1,200").
SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CNY": "CN¥", "KRW": "₩",
           "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "HKD": "HK$", "SGD": "S$", "MXN": "MX$", "BRL": "R$",
           "ILS": "₪", "PHP": "₱", "NGN": "₦", "PLN": "zł ", "TRY": "₺", "UAH": "₴", "VND": "₫", "THB": "฿"}

# Common names of the reporting-currency choice on the Admin page (any ISO code may be typed too).
COMMON = ("USD", "EUR", "GBP", "CHF", "CAD", "AUD", "JPY", "INR", "SEK", "NOK", "DKK", "PLN", "CZK",
          "SGD", "HKD", "CNY", "BRL", "MXN", "ZAR", "NZD")

_current: contextvars.ContextVar[str] = contextvars.ContextVar("reporting_currency", default=DEFAULT)


def is_code(code) -> bool:
    return isinstance(code, str) and code in ISO_4217


def current() -> str:
    """The reporting currency amounts are shown in now."""
    return _current.get()


def set_current(code: str) -> None:
    """Show amounts in `code` for the rest of this run (a page run sets it first thing)."""
    _current.set(code if is_code(code) else DEFAULT)


@contextlib.contextmanager
def use(code: str):
    """Within this block, amounts are shown in `code`."""
    token = _current.set(code if is_code(code) else DEFAULT)
    try:
        yield code
    finally:
        _current.reset(token)


def symbol(code: str | None = None) -> str:
    """'$' for USD, '€' for EUR, 'CHF ' for a code without a symbol of its own."""
    code = code or current()
    return SYMBOLS.get(code, f"{code} ")


def d3_prefix(code: str | None = None) -> str:
    """The symbol as plotly's hover templates and axes write it (a literal, '%' escaped)."""
    return symbol(code).replace("%", "%%")
