"""What data each chapter reads, and the checks a parameter set must pass before a chapter runs.

One declaration per chapter, kept here (not in the chapter modules) so the command line can check a
pair and a year window against every chapter before anything is executed or written:

- ``tables``: the tables with a country column that the chapter (its module, its notebook and the
  measures it calls) reads for the countries it shows; a country missing from one of them gets a
  note in the section that uses it, not a refusal.
- ``series``: the time series the year window (``start_year``–``end_year``) cuts, each a table and
  the rows it draws; the window must reach into every one of them, or a chart would be empty.

``tests/test_coverage.py`` checks the declarations against the chapters' ``load("…")`` calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ckaibook.chapters.params import ParameterError
from ckaibook.data import countries, coverage


@dataclass(frozen=True)
class Series:
    """A time series a chapter draws within the year window: a table, filtered by column values."""

    label: str
    table: str
    where: Mapping[str, str | tuple[str, ...]] = field(default_factory=dict)

    def years(self) -> tuple[int, int]:
        """First and last year with a value (raises if the table has none: a stale declaration)."""
        span = coverage.year_range(self.table, self.where)
        if span is None:
            raise ParameterError(
                f"{self.label}: no rows in table {self.table!r} for {dict(self.where)} "
                "(chapters/coverage.py is out of date with data/)"
            )
        return span


@dataclass(frozen=True)
class ChapterData:
    """The data one chapter reads (see the module docstring)."""

    tables: tuple[str, ...]
    series: tuple[Series, ...] = ()


_TRADE = Series("IMF DOTS goods trade", "trade")

CHAPTERS: dict[str, ChapterData] = {
    "00": ChapterData(
        tables=("wdi", "trade", "ember"),
        series=(Series("World Bank R&D spending", "wdi", {"indicator": "gb.xpd.rsdv.gd.zs"}), _TRADE),
    ),
    "01": ChapterData(
        tables=(
            "wdi",
            "owid_ai_country",
            "ncses_ai_articles",
            "epoch_models",
            "csrankings_counts",
            "ai_index",
            "top500_country",
            "epoch_gpu_clusters",
        ),
        series=(
            Series(
                "World Bank research indicators",
                "wdi",
                {"indicator": ("ip.jrn.artc.sc", "gb.xpd.rsdv.gd.zs", "sp.pop.scie.rd.p6")},
            ),
            Series("World Bank commercialisation indicators", "wdi", {"indicator": ("ip.pat.resd", "tx.val.tech.cd")}),
            Series("World Bank internet infrastructure", "wdi", {"indicator": ("it.net.bbnd.p2", "it.net.secr.p6")}),
            Series("OWID AI publications, patents and investment", "owid_ai_country"),
        ),
    ),
    "02": ChapterData(
        tables=("ember", "generation_mix", "ei_series", "ei_gas_trade", "epoch_gpu_clusters", "iea_energy_ai"),
        series=(
            Series("Ember electricity demand", "ember", {"measure": "demand_twh"}),
            Series("OWID generation mix", "generation_mix"),
            Series("Energy Institute LNG imports", "ei_series", {"measure": "lng_imports"}),
            Series(
                "Energy Institute wind and solar capacity",
                "ei_series",
                {"measure": ("wind_capacity", "solar_capacity")},
            ),
        ),
    ),
    "03": ChapterData(
        tables=(
            "epoch_models",
            "epoch_gpu_clusters",
            "innovationgraph",
            "innovationgraph_collaborators",
            "trade",
            "wdi",
        ),
        series=(Series("Epoch AI models", "epoch_models"), _TRADE),
    ),
    "04": ChapterData(
        tables=(
            "generation_mix",
            "ember",
            "ei_series",
            "ncses_se_degrees",
            "wdi",
            "agreements",
            "trade",
            "epoch_gpu_clusters",
        ),
        series=(
            Series("OWID generation mix", "generation_mix"),
            Series("Ember emissions intensity", "ember", {"measure": "emissions_intensity_gco2_per_kwh"}),
            Series("Energy Institute CCUS capacity", "ei_series", {"measure": "ccus_capacity"}),
            Series(
                "World Bank researchers and tertiary enrolment",
                "wdi",
                {"indicator": ("sp.pop.scie.rd.p6", "se.ter.enrr")},
            ),
        ),
    ),
    # The ledger recomputes the live checks for the pair from these tables.
    "05": ChapterData(tables=("wdi", "owid_ai_country", "generation_mix", "agreements", "trade", "ember")),
}


def chapter(key: str) -> ChapterData:
    """The declaration of chapter ``key`` (two digits); a chapter without one reads no country data."""
    return CHAPTERS.get(key, ChapterData(tables=()))


def data_years(key: str) -> tuple[int, int] | None:
    """The years every windowed series of chapter ``key`` covers together (first, last), or None."""
    spans = [s.years() for s in chapter(key).series]
    if not spans:
        return None
    return max(lo for lo, _ in spans), min(hi for _, hi in spans)


def check_pair(values: Mapping[str, Any]) -> None:
    """Refuse, in one line, a home or partner that has no row in any table of the book."""
    have = set(coverage.countries_with_data())
    for name in ("home", "partner"):
        code = values.get(name)
        if code is not None and code not in have:
            raise ParameterError(
                f"{name}={code!r} ({countries.name(code)}) has no data in this book: "
                "no table in data/ has a row for it"
            )


def check_window(key: str, start: int | None, end: int | None, label: str = "") -> None:
    """Refuse a year window that misses one of chapter ``key``'s windowed series (one-line message)."""
    who = f"the data of chapter {label or key}"
    for s in chapter(key).series:
        lo, hi = s.years()
        if start is not None and start > hi:
            raise ParameterError(f"start_year={start} is after {who} ({s.label}: {lo}–{hi})")
        if end is not None and end < lo:
            raise ParameterError(f"end_year={end} is before {who} ({s.label}: {lo}–{hi})")
    if start is not None and end is not None and start > end:
        raise ParameterError(
            f"empty year window for chapter {label or key}: start_year={start} is after end_year={end}"
        )


def gaps(key: str, iso3: str) -> list[str]:
    """Tables chapter ``key`` reads that have no row for ``iso3`` (the chapter notes each absence)."""
    return coverage.tables_without(iso3, list(chapter(key).tables))


def precheck(key: str, values: Mapping[str, Any], defaults: Mapping[str, Any], label: str = "") -> list[str]:
    """Check a parameter set against chapter ``key``'s data before it runs.

    Args:
        key: the chapter's two-digit number.
        values: the parameters given (validated one by one already).
        defaults: the chapter's own defaults, for the parameters not given.
        label: how to name the chapter in messages (default: its number).
    Returns:
        One note per country given in ``values`` that some of the chapter's tables lack (the book's
        own pair is not noted on every build).
    Raises:
        ParameterError: a country without any data, or a year window outside the chapter's data.
    """
    merged = {**defaults, **values}
    check_pair(merged)
    if "start_year" in defaults or "end_year" in defaults:
        check_window(key, merged.get("start_year"), merged.get("end_year"), label)
    notes = []
    for name in ("home", "partner"):
        code = values.get(name)
        missing = gaps(key, code) if code else []
        if missing:
            notes.append(
                f"{label or key}: {countries.name(code)} ({code}) has no rows in {', '.join(missing)}; "
                "the chapter notes it where those tables are used"
            )
    return notes
