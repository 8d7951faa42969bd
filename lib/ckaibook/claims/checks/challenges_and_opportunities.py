"""Live checks for chapter 02 (challenges and opportunities): data-centre demand growth (C26) and the
pace of Canada's renewables build-out against the note's "5 GW a year" (C48)."""
from __future__ import annotations

import pandas as pd

from ckaibook.claims import ledger
from ckaibook.claims.verdicts import Verdict, check, not_applicable
from ckaibook.core import formats as prose
from ckaibook.data.datapackage import load
from ckaibook.measures import datacentres, power

# C26 is context: the annex covers all data centres, the claim is about AI-optimised ones.
C26_RULE = ("Context, not a test: growth multiple of world data-centre electricity use, 2024 → 2030, in the IEA annex (all data "
            "centres; the annex has no AI-only series): any scenario ≥4× → supported; Base Case ≥2× → "
            "partly-supported (strong growth, but the quadrupling is not in the data); below 2× → contradicted")


def c26_from(multiples: pd.DataFrame) -> Verdict:
    """Pure rule on :func:`ckaibook.measures.datacentres.dc_multiples` rows (``scenario, base_year, multiple``)."""
    base = multiples[multiples["scenario"] == "Base Case"]
    if base.empty:
        return Verdict("C26", "context", "2030 ÷ 2024 world data-centre electricity", None, "×", None, "iea_energy_ai",
                       C26_RULE, "not testable", "no Base Case projection in the data")
    b = float(base["multiple"].iloc[0])
    top = multiples.sort_values("multiple").iloc[-1]
    verdict = quadruple_verdict(multiples["multiple"], b)
    figure = (f"{prose.multiple(b)} in the Base Case; the highest scenario ({top['scenario']}) reaches "
              f"{prose.multiple(float(top['multiple']))}")
    return Verdict("C26", "context", "2030 ÷ 2024 world data-centre electricity use (all data centres), Base Case", round(b, 2), "×", 2030,
                   "iea_energy_ai", C26_RULE, verdict, figure)


@check("C26")
def c26(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """Global data-centre electricity will more than quadruple by 2030 (a world figure: any pair)."""
    return c26_from(datacentres.dc_multiples())


# C48 is context: capacity actually added is not an auction pipeline.
C48_RULE = ("Context, not a test: Canada's wind + solar capacity added per year (change in end-of-year capacity, EI/IRENA), averaged "
            "over the latest five years, against the note's 5 GW a year: ≥5 GW → supported; ≥2.5 GW → "
            "partly-supported; below → contradicted (a pipeline that size would show up as additions)")


def c48_from(adds: pd.DataFrame, target_gw: float, iso3: str = "CAN") -> Verdict:
    """Pure rule on :func:`ckaibook.measures.power.additions` rows (``iso3, year, tech, gw``)."""
    try:
        gw, first, last = power.pace(adds, iso3)
    except KeyError:
        return Verdict("C48", "context", "wind + solar GW added per year", None, "GW/yr", None, "ei_series", C48_RULE,
                       "not testable", f"no capacity data for {iso3}")
    figure = (f"{prose.number(gw, 2)} GW a year on average in {first}–{last}, "
              f"{prose.percent(gw / target_gw)} of the note's {prose.number(target_gw, 0)} GW")
    return Verdict("C48", "context", "wind + solar capacity added per year, 5-year average", round(gw, 3), "GW/yr", last,
                   "ei_series", C48_RULE, pace_verdict(gw, target_gw), figure)


@check("C48")
def c48(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """Canada's federal renewables auction pipeline of 5 GW a year: tested as capacity actually added."""
    if "CAN" not in (home, partner):
        return not_applicable("C48", "context", "wind + solar capacity added per year", "ei_series", C48_RULE, home, partner)
    return c48_from(power.additions(["CAN"]), ledger.number("C48"))


# --- claims the ledger marks data-testable but whose data are not in the mirror's vintage ---------

# One rule per LNG claim: Canadian LNG exports above zero could test none of "first", a date or 14 Mt.
LNG_RULES = {
    "C32": ("'First direct LNG link from North America's west coast to Asia' needs the history of west-coast LNG "
            "exports by terminal; the EI table gives annual flows by country, not by coast or terminal (US "
            "exports from Alaska to Asia in 1969–2014 are inside the US total) → not testable"),
    "C33": ("A first cargo in July 2025 is a date; the EI table is annual and ends before 2025 → not testable"),
    "C34": ("14 Mt a year is nameplate capacity at full build-out; the EI table holds flows (bcm a year), not "
            "capacity, and ends before start-up → not testable"),
}


def lng_exports_from(gas_trade: pd.DataFrame, iso3: str = "CAN") -> tuple[float, int]:
    """(LNG exported by ``iso3`` in bcm, year) for the latest year of the table (0 if it exported none)."""
    lng = gas_trade[gas_trade["mode"] == "lng"]
    year = int(lng["year"].max())
    value = float(lng.loc[(lng["year"] == year) & (lng["exporter_iso3"] == iso3), "value"].sum())
    return value, year


def _lng_check(claim_id: str, home: str, partner: str) -> Verdict:
    measure = "Canada's LNG exports, latest year of the EI table"
    if "CAN" not in (home, partner):
        return not_applicable(claim_id, "verdict", measure, "ei_gas_trade", LNG_RULES[claim_id], home, partner)
    value, year = lng_exports_from(load("ei_gas_trade"))
    figure = (f"{prose.number(value, 1)} bcm of LNG exported by Canada in {year}, the table's latest year: "
              f"the data end before LNG Canada's start-up")
    return Verdict(claim_id, "verdict", measure, round(value, 3), "bcm", year, "ei_gas_trade", LNG_RULES[claim_id],
                   "not testable", figure)


@check("C32")
def c32(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """LNG Canada is the first direct LNG link from North America's west coast to Asia."""
    return _lng_check("C32", home, partner)


@check("C33")
def c33(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """LNG Canada was slated to ship its first cargo in July 2025."""
    return _lng_check("C33", home, partner)


@check("C34")
def c34(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """LNG Canada will eventually export 14 Mt of LNG a year."""
    return _lng_check("C34", home, partner)


C47_RULE = ("Wind-tower exports need trade by product (HS 7308.20) by exporter; the trade table holds totals "
            "only → not testable")


@check("C47")
def c47(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """CS Wind's Windsor plant is North America's largest wind-tower exporter."""
    if "CAN" not in (home, partner):
        return not_applicable("C47", "verdict", "wind-tower exports by product code", "trade", C47_RULE, home, partner)
    columns = list(load("trade").columns)
    return Verdict("C47", "verdict", "wind-tower exports by product code", None, "", None, "trade", C47_RULE,
                   "not testable", f"the trade table's columns are {', '.join(columns)}: no product code")


QUADRUPLE = 4.0


def quadruple_verdict(multiples: pd.Series, base_multiple: float) -> str:
    """C26 rule: any scenario ≥4× → supported; Base Case ≥2× → partly-supported; else contradicted."""
    if (multiples >= QUADRUPLE).any():
        return "supported"
    if base_multiple >= 2:
        return "partly-supported"
    return "contradicted"


def pace_verdict(gw_per_year: float, target: float) -> str:
    """C48 rule: average additions ≥ target → supported; ≥ half of it → partly-supported; else contradicted."""
    if gw_per_year >= target:
        return "supported"
    if gw_per_year >= target / 2:
        return "partly-supported"
    return "contradicted"
