"""The live-check table of the data package: every registered check for the default pair (Canada–Korea).

Built by ``make data`` after the derived tables (so ``data/`` is written only there) and read with
``load("live_checks")`` like any table; another pair's checks are computed in memory by :func:`table`.
"""

from __future__ import annotations

import pandas as pd

from ckaibook.data import countries
from ckaibook.data.datapackage import load
from ckaibook.data.schema import Field, Source, Table
from ckaibook.claims import verdicts


def build_live_checks() -> pd.DataFrame:
    """Every live check for the default pair (the ``live_checks`` table)."""
    return verdicts.run_all(countries.HOME, countries.PARTNER)


def table(home: str = countries.HOME, partner: str = countries.PARTNER) -> pd.DataFrame:
    """The live checks for a pair: the data package's table for the default pair, else computed now."""
    if countries.is_note_pair(home, partner):  # either order: the checks run in the note's (verdicts.run)
        return load("live_checks")
    return verdicts.run_all(home, partner)


TABLES = [
    Table(
        name="live_checks",
        title="Live checks of the note's claims, recomputed from this package (Canada–Korea)",
        fields=(
            Field("claim_id", "string", "claims-ledger row"),
            Field("kind", "string", "verdict (tests the claim as stated) or context (a proxy: not counted)"),
            Field("measure", "string", "what was computed"),
            Field("value", "number", "the computed value (empty when not testable or not applicable)"),
            Field("unit", "string", "unit of value"),
            Field("year", "integer", "year the value refers to, if one"),
            Field("table", "string", "tables of this package the check reads"),
            Field("verdict_rule", "string", "the rule applied, in words"),
            Field("verdict", "string", "supported, partly-supported, contradicted, not testable or not applicable"),
            Field("figure", "string", "the value in words, as the chapter's verdict box shows it (years, rounding)"),
        ),
        primary_key=("claim_id",),
        source=Source(
            folder="",
            title="Live checks (computed by this book)",
            publisher="This book",
            url="https://creativecommons.org/licenses/by/4.0/",
            licence="CC-BY-4.0",
            licence_url="https://creativecommons.org/licenses/by/4.0/",
        ),
        build=build_live_checks,
        vintage="as the tables it reads",
        caveat="For the default pair; chapter 05 of a variant book recomputes them for its pair.",
        derived_from=(
            "claims",
            "generation_mix",
            "top500_country",
            "gpu_capacity",
            "wdi",
            "owid_ai_country",
            "iea_energy_ai",
            "ei_series",
            "ei_gas_trade",
            "epoch_models",
            "agreements",
            "trade",
        ),
    ),
]
