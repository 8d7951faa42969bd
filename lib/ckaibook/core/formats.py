"""Numbers as words: one formatting rule for the whole book (prose, verdicts, tables)."""

from __future__ import annotations

import math


class Text(str):
    """A string whose repr is itself, so myst-nb's glue shows it without quotes."""

    def __repr__(self) -> str:
        return str(self)


_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_SYMBOLS = {"CAD": "C$", "USD": "US$", "KRW": "₩", "JPY": "¥", "EUR": "€", "GBP": "£"}


def number(value: float, decimals: int = 0, unit: str = "") -> str:
    """``1234.5 → '1,235'``; ``(0.123, 1, '%') → '0.1%'``; unit appended (no space for %)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("cannot format a missing value for prose")
    text = f"{value:,.{decimals}f}"
    if unit:
        text += unit if unit in ("%", "×") else f" {unit}"
    return text


def large(value: float, decimals: int = 1, prefix: str = "") -> str:
    """Large numbers in words: ``2.4e9 → '2.4 billion'`` (with an optional currency prefix)."""
    for scale, word in _SCALES:
        if abs(value) >= scale:
            return f"{prefix}{value / scale:,.{decimals}f} {word}"
    return f"{prefix}{value:,.0f}"


def money(value: float, currency: str, decimals: int = 1) -> str:
    """``(2.4e9, 'CAD') → 'C$2.4 billion'``."""
    return large(value, decimals, prefix=_SYMBOLS.get(currency, f"{currency} "))


def percent(share: float, decimals: int = 0) -> str:
    """A share in [0, 1] as a percentage: ``0.562 → '56%'``."""
    return number(share * 100, decimals, "%")


def multiple(ratio: float, decimals: int = 1) -> str:
    """``4.27 → '4.3×'``."""
    return number(ratio, decimals, "×")


def gap_multiple(ratio: float) -> str:
    """The size of a gap (a ÷ b): ``0.304 → '0.30×'``, ``3.34 → '3.3×'``, ``158.2 → '158×'``; two decimals
    below 1, where one would hide the size, one below 10, none above. One rule for prose, tables and
    verdict figures, so a gap reads the same wherever it appears."""
    return multiple(ratio, 2 if ratio < 1 else 1 if ratio < 10 else 0)
