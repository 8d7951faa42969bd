"""Numbers in prose: one formatting rule for the whole book, and glue for myst-nb.

Every number in the text is computed, formatted here and glued into the page with
``{glue}`name```; nothing is typed.
"""
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


def glue(name: str, text: str) -> str:
    """Glue formatted text under ``name`` for ``{glue}`name``` in Markdown; returns the text."""
    from myst_nb import glue as _glue

    _glue(name, Text(text), display=False)
    return text


def glue_all(**texts: str) -> None:
    """Glue several formatted texts at once."""
    for name, text in texts.items():
        glue(name, text)
