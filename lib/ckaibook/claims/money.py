"""Money on one basis: convert between currencies at a year's average rate, format for prose."""

from __future__ import annotations

from ckaibook.data.datapackage import load
from ckaibook.core.formats import money as fmt_money


class FxError(KeyError):
    """No exchange rate for that currency and year in the ``fx`` table."""


def rate(currency: str, year: int) -> float:
    """Units of ``currency`` per US$ in ``year`` (annual average)."""
    fx = load("fx")
    rows = fx[(fx["currency"] == currency) & (fx["year"] == year)]
    if rows.empty:
        years = fx.loc[fx["currency"] == currency, "year"]
        span = f"{years.min()}–{years.max()}" if not years.empty else "none"
        raise FxError(
            f"no {currency} rate for {year} (years available: {span}; currencies: "
            f"{', '.join(sorted(set(fx['currency'])))})"
        )
    return float(rows["per_usd"].iloc[0])


def convert(amount: float, from_ccy: str, to_ccy: str, year: int) -> float:
    """``amount`` in ``from_ccy`` expressed in ``to_ccy`` at ``year``'s average rates (via US$)."""
    return amount / rate(from_ccy, year) * rate(to_ccy, year)


def on_bases(amount: float, currency: str, year: int, bases: tuple[str, ...] = ("USD", "CAD")) -> dict[str, float]:
    """The amount in its own currency and in each of ``bases``: ``{"CAD": …, "USD": …}``."""
    out = {currency: amount}
    for b in bases:
        out[b] = convert(amount, currency, b, year)
    return out


def describe(amount: float, currency: str, year: int, bases: tuple[str, ...] = ("USD", "CAD")) -> str:
    """'C$2.4 billion (US$1.7 billion at 2024 rates)' — the original first, then the other bases."""
    values = on_bases(amount, currency, year, bases)
    others = [fmt_money(v, c) for c, v in values.items() if c != currency]
    return f"{fmt_money(amount, currency)}" + (f" ({', '.join(others)} at {year} rates)" if others else "")
