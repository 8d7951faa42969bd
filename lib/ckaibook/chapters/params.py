"""Chapter parameters: their meaning, allowed values and validation with one-line messages.

Every parameter a chapter's ``parameters`` cell may hold is declared here once, so the CLI can
list and check them before anything runs, and the notebooks check them again on entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from ckaibook.data import countries

YEAR_MIN, YEAR_MAX = 1960, 2035


class ParameterError(ValueError):
    """A bad chapter parameter; the message names it and the allowed values."""


@dataclass(frozen=True)
class Spec:
    """What a parameter means and what it may be."""

    kind: str  # "country", "year" or "number"
    help: str
    lo: float | None = None
    hi: float | None = None


SPECS: dict[str, Spec] = {
    "home": Spec("country", "ISO3 code of the home country (default CAN)"),
    "partner": Spec("country", "ISO3 code of the partner country (default KOR)"),
    "start_year": Spec("year", "first year shown in time series"),
    "end_year": Spec("year", "last year shown in time series"),
    "load_mw": Spec("number", "AI data-centre load in MW", 0.1, 100_000),
    "utilisation": Spec("number", "average share of the load drawn over a year (0–1]", 0.01, 1),
    "years": Spec("number", "years of operation", 1, 50),
    "pue": Spec("number", "power usage effectiveness (total facility ÷ IT energy)", 1.0, 3.0),
    "grid_year": Spec("year", "year whose average grid carbon intensity the siting calculator uses"),
}


def country(code: Any, *, name: str = "country", available: Iterable[str] | None = None) -> str:
    """Return a valid ISO3 code, or raise naming the parameter and what is allowed."""
    if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code):
        raise ParameterError(f"{name}={code!r} is not an ISO3 code (three capital letters, e.g. CAN, KOR, JPN)")
    if not countries.is_known(code) or code in countries.AGGREGATES:
        raise ParameterError(f"{name}={code!r} is not an ISO 3166 alpha-3 country code (e.g. CAN, KOR, JPN)")
    if available is not None:
        allowed = sorted(set(available))
        if code not in allowed:
            # A short list helps; the whole book's ~240 economies would not fit on one readable line.
            hint = f"allowed: {', '.join(allowed)}" if len(allowed) <= 20 else "no table in data/ has a row for it"
            raise ParameterError(f"{name}={code!r} ({countries.name(code)}) has no data in this book; {hint}")
    return code


def year(value: Any, *, name: str) -> int:
    """Return an integer year in [YEAR_MIN, YEAR_MAX], or raise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ParameterError(f"{name}={value!r} is not a whole year (allowed {YEAR_MIN}–{YEAR_MAX})")
    if not YEAR_MIN <= value <= YEAR_MAX:
        raise ParameterError(f"{name}={value} is outside {YEAR_MIN}–{YEAR_MAX}")
    return value


def number(value: Any, *, name: str, lo: float, hi: float) -> float:
    """Return a number in [lo, hi], or raise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise ParameterError(f"{name}={value!r} is not a number (allowed {lo}–{hi})")
    if not lo <= value <= hi:
        raise ParameterError(f"{name}={value} is outside the allowed range {lo}–{hi}")
    return float(value)


def coerce(name: str, text: str) -> Any:
    """Turn a command-line string into the parameter's type, or raise naming the problem."""
    spec = SPECS.get(name)
    if spec is None:
        raise ParameterError(f"unknown parameter {name!r}; known: {', '.join(SPECS)}")
    if spec.kind == "country":
        return text.strip().upper() if re.fullmatch(r"[A-Za-z]{3}", text.strip()) else text
    try:
        return int(text) if spec.kind == "year" else float(text)
    except ValueError:
        kind = "a whole year" if spec.kind == "year" else "a number"
        raise ParameterError(f"{name}={text!r} is not {kind}") from None


def check(available: Iterable[str] | None = None, **values: Any) -> dict[str, Any]:
    """Validate a chapter's parameters together (pair distinct, year window not empty).

    Args:
        available: ISO3 codes the chapter has data for (None: any ISO 3166 code).
        **values: the parameters, by name.
    Returns:
        The validated values, in a dict.
    """
    out: dict[str, Any] = {}
    for name, value in values.items():
        spec = SPECS.get(name)
        if spec is None:
            raise ParameterError(f"unknown parameter {name!r}; known: {', '.join(SPECS)}")
        if spec.kind == "country":
            out[name] = country(value, name=name, available=available)
        elif spec.kind == "year":
            out[name] = year(value, name=name)
        else:
            out[name] = number(value, name=name, lo=spec.lo, hi=spec.hi)
    if "home" in out and "partner" in out and out["home"] == out["partner"]:
        raise ParameterError(f"partner={out['partner']!r} equals home; choose two different countries")
    if "start_year" in out and "end_year" in out and out["start_year"] > out["end_year"]:
        raise ParameterError(f"empty year window: start_year={out['start_year']} is after end_year={out['end_year']}")
    return out
