"""Live checks for chapter 02 (challenges and opportunities): data-centre demand growth (C26) and the
pace of Canada's renewables build-out against the note's "5 GW a year" (C48)."""
from __future__ import annotations

import pandas as pd

from ckaibook.chapters import challenges_and_opportunities as energy
from ckaibook.present import prose
from ckaibook.data.datapackage import load
from ckaibook.claims.verdicts import Verdict, check, not_applicable

C26_RULE = ("Growth multiple of world data-centre electricity use, 2024 → 2030, in the IEA annex (all data "
            "centres; the annex has no AI-only series): any scenario ≥4× → supported; Base Case ≥2× → "
            "partly-supported (strong growth, but the quadrupling is not in the data); below 2× → contradicted")


def c26_from(multiples: pd.DataFrame) -> Verdict:
    """Pure rule on :func:`ckaibook.energy.dc_multiples` rows (``scenario, base_year, multiple``)."""
    base = multiples[multiples["scenario"] == "Base Case"]
    if base.empty:
        return Verdict("C26", "2030 ÷ 2024 world data-centre electricity", None, "×", None, "iea_energy_ai",
                       C26_RULE, "not testable", "no Base Case projection in the data")
    b = float(base["multiple"].iloc[0])
    top = multiples.sort_values("multiple").iloc[-1]
    verdict = energy.quadruple_verdict(multiples["multiple"], b)
    figure = (f"{prose.multiple(b)} in the Base Case; the highest scenario ({top['scenario']}) reaches "
              f"{prose.multiple(float(top['multiple']))}")
    return Verdict("C26", "2030 ÷ 2024 world data-centre electricity use, Base Case", round(b, 2), "×", 2030,
                   "iea_energy_ai", C26_RULE, verdict, figure)


@check("C26")
def c26(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """Global data-centre electricity will more than quadruple by 2030 (a world figure: any pair)."""
    return c26_from(energy.dc_multiples())


C48_RULE = ("Canada's wind + solar capacity added per year (change in end-of-year capacity, EI/IRENA), averaged "
            "over the latest five years, against the note's 5 GW a year: ≥5 GW → supported; ≥2.5 GW → "
            "partly-supported; below → contradicted (a pipeline that size would show up as additions)")


def c48_from(adds: pd.DataFrame, target_gw: float, iso3: str = "CAN") -> Verdict:
    """Pure rule on :func:`ckaibook.energy.additions` rows (``iso3, year, tech, gw``)."""
    try:
        gw, first, last = energy.pace(adds, iso3)
    except KeyError:
        return Verdict("C48", "wind + solar GW added per year", None, "GW/yr", None, "ei_series", C48_RULE,
                       "not testable", f"no capacity data for {iso3}")
    figure = (f"{prose.number(gw, 2)} GW a year on average in {first}–{last}, "
              f"{prose.percent(gw / target_gw)} of the note's {prose.number(target_gw, 0)} GW")
    return Verdict("C48", "wind + solar capacity added per year, 5-year average", round(gw, 3), "GW/yr", last,
                   "ei_series", C48_RULE, energy.pace_verdict(gw, target_gw), figure)


@check("C48")
def c48(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """Canada's federal renewables auction pipeline of 5 GW a year: tested as capacity actually added."""
    if "CAN" not in (home, partner):
        return not_applicable("C48", "wind + solar capacity added per year", "ei_series", C48_RULE, home, partner)
    return c48_from(energy.additions(["CAN"]), energy.claim_number("C48"))


# --- claims the ledger marks data-testable but whose data are not in the mirror's vintage ---------

LNG_RULE = ("Canada's LNG exports in the Energy Institute's origin→destination table, latest year: the claim "
            "concerns 2025 (start-up); data that end before 2025 cannot date or size it → not testable; "
            "with 2025 data, exports > 0 in 2025 → supported, none → contradicted")


def lng_exports_from(gas_trade: pd.DataFrame, iso3: str = "CAN") -> tuple[float, int]:
    """(LNG exported by ``iso3`` in bcm, year) for the latest year of the table (0 if it exported none)."""
    lng = gas_trade[gas_trade["mode"] == "lng"]
    year = int(lng["year"].max())
    value = float(lng.loc[(lng["year"] == year) & (lng["exporter_iso3"] == iso3), "value"].sum())
    return value, year


def lng_verdict(value: float, year: int) -> str:
    """The LNG rule: not testable before 2025; then supported if Canada exported LNG in 2025."""
    if year < 2025:
        return "not testable"
    return "supported" if value > 0 else "contradicted"


def _lng_check(claim_id: str, home: str, partner: str) -> Verdict:
    measure = "Canada's LNG exports, latest year of the EI table"
    if "CAN" not in (home, partner):
        return not_applicable(claim_id, measure, "ei_gas_trade", LNG_RULE, home, partner)
    value, year = lng_exports_from(load("ei_gas_trade"))
    figure = (f"{prose.number(value, 1)} bcm of LNG exported by Canada in {year}, the table's latest year: "
              f"the data end before LNG Canada's start-up")
    return Verdict(claim_id, measure, round(value, 3), "bcm", year, "ei_gas_trade", LNG_RULE,
                   lng_verdict(value, year), figure)


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
        return not_applicable("C47", "wind-tower exports by product code", "trade", C47_RULE, home, partner)
    columns = list(load("trade").columns)
    return Verdict("C47", "wind-tower exports by product code", None, "", None, "trade", C47_RULE,
                   "not testable", f"the trade table's columns are {', '.join(columns)}: no product code")
