"""Live checks for chapter 02 (challenges and opportunities): data-centre demand growth (C26), where
Korea's GPU clusters are and are planned (C28, C30, C31, Epoch locations), the history of North American
LNG exports (C32), the LNG dates and volumes (C33, C34), wind towers (C47) and the pace of Canada's
renewables build-out against the note's "5 GW a year" (C48)."""

from __future__ import annotations

import pandas as pd

from ckaibook.claims import ledger
from ckaibook.claims.verdicts import Verdict, check, not_applicable
from ckaibook.core import formats as prose
from ckaibook.data.datapackage import load
from ckaibook.measures import cluster_sites, datacentres, power

# C26 is context: the annex covers all data centres, the claim is about AI-optimised ones.
C26_RULE = (
    "Context, not a test: growth multiple of world data-centre electricity use, 2024 → 2030, in the IEA "
    "annex (all data centres; the annex has no AI-only series): any scenario ≥4× → supported; Base Case ≥2× → "
    "partly-supported (strong growth, but the quadrupling is not in the data); below 2× → contradicted"
)


def c26_from(multiples: pd.DataFrame) -> Verdict:
    """Pure rule on :func:`ckaibook.measures.datacentres.dc_multiples` rows (``scenario, base_year, multiple``)."""
    base = multiples[multiples["scenario"] == "Base Case"]
    if base.empty:
        return Verdict(
            "C26",
            "context",
            "2030 ÷ 2024 world data-centre electricity",
            None,
            "×",
            None,
            "iea_energy_ai",
            C26_RULE,
            "not testable",
            "no Base Case projection in the data",
        )
    b = float(base["multiple"].iloc[0])
    top = multiples.sort_values("multiple").iloc[-1]
    verdict = quadruple_verdict(multiples["multiple"], b)
    figure = (
        f"{prose.multiple(b)} in the Base Case; the highest scenario ({top['scenario']}) reaches "
        f"{prose.multiple(float(top['multiple']))}"
    )
    return Verdict(
        "C26",
        "context",
        "2030 ÷ 2024 world data-centre electricity use (all data centres), Base Case",
        round(b, 2),
        "×",
        2030,
        "iea_energy_ai",
        C26_RULE,
        verdict,
        figure,
    )


@check("C26")
def c26(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """Global data-centre electricity will more than quadruple by 2030 (a world figure: any pair)."""
    return c26_from(datacentres.dc_multiples())


# C48 is context: capacity actually added is not an auction pipeline.
C48_RULE = (
    "Context, not a test: Canada's wind + solar capacity added per year (change in end-of-year capacity, "
    "EI/IRENA), averaged over the latest five years, against the note's 5 GW a year: ≥5 GW → supported; "
    "≥2.5 GW → partly-supported; below → contradicted (a pipeline that size would show up as additions)"
)


def c48_from(adds: pd.DataFrame, target_gw: float, iso3: str = "CAN") -> Verdict:
    """Pure rule on :func:`ckaibook.measures.power.additions` rows (``iso3, year, tech, gw``)."""
    try:
        gw, first, last = power.pace(adds, iso3)
    except KeyError:
        return Verdict(
            "C48",
            "context",
            "wind + solar GW added per year",
            None,
            "GW/yr",
            None,
            "ei_series",
            C48_RULE,
            "not testable",
            f"no capacity data for {iso3}",
        )
    figure = (
        f"{prose.number(gw, 2)} GW a year on average in {first}–{last}, "
        f"{prose.percent(gw / target_gw)} of the note's {prose.number(target_gw, 0)} GW"
    )
    return Verdict(
        "C48",
        "context",
        "wind + solar capacity added per year, 5-year average",
        round(gw, 3),
        "GW/yr",
        last,
        "ei_series",
        C48_RULE,
        pace_verdict(gw, target_gw),
        figure,
    )


@check("C48")
def c48(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """Canada's federal renewables auction pipeline of 5 GW a year: tested as capacity actually added."""
    if "CAN" not in (home, partner):
        return not_applicable(
            "C48", "context", "wind + solar capacity added per year", "ei_series", C48_RULE, home, partner
        )
    return c48_from(power.additions(["CAN"]), ledger.number("C48"))


# --- claims the ledger marks data-testable but whose data are not in the mirror's vintage ---------

# One rule per LNG claim: Canadian LNG exports above zero could test none of "first", a date or 14 Mt.
# US LNG re-exports from Gulf import terminals began in December 2009 (EIA, "Re-exports of liquefied natural
# gas rose rapidly in early winter", 6 June 2011); US Gulf liquefaction for export began in 2016. Up to 2008,
# every US LNG export was Alaska's (Kenai, shipping to Japan, per the ledger's C32 evidence).
ALASKA_ONLY_UNTIL = 2008

LNG_RULES = {
    "C32": (
        "Context, not a test: US LNG exports in the EI series up to 2008, when the only US plant exporting LNG "
        "was Kenai in Alaska (re-exports from Gulf terminals began in December 2009, per the EIA; the ledger's "
        "evidence has Kenai shipping to Japan from 1969 to 2015). The series gives the country, not the "
        "terminal or destination, so the data reach 'first' only through that premise: exports above zero in "
        "those years → contradicted (a west-coast North American LNG link to Asia predates LNG Canada); none → "
        "not testable"
    ),
    "C33": ("A first cargo in July 2025 is a date; the EI table is annual and ends before 2025 → not testable"),
    "C34": (
        "14 Mt a year is nameplate capacity at full build-out; the EI table holds flows (bcm a year), not "
        "capacity, and ends before start-up → not testable"
    ),
}


def c32_from(us_exports: pd.DataFrame, until: int = ALASKA_ONLY_UNTIL) -> Verdict:
    """Pure rule on the EI ``lng_exports`` series of the United States (``year, value`` in bcm)."""
    measure = f"US LNG exports up to {until} (all from Alaska in those years)"
    early = us_exports[(us_exports["year"] <= until) & us_exports["value"].notna()].sort_values("year")
    if early.empty:
        return Verdict(
            "C32",
            "context",
            measure,
            None,
            "bcm",
            None,
            "ei_series",
            LNG_RULES["C32"],
            "not testable",
            f"the EI series has no US LNG exports up to {until}",
        )
    total = float(early["value"].sum())
    first, last = int(early["year"].iloc[0]), int(early["year"].iloc[-1])
    positive = int((early["value"] > 0).sum())
    verdict = "contradicted" if total > 0 else "not testable"
    figure = (
        f"{prose.number(total, 1)} bcm of US LNG exports in {first}–{last} ({positive} of {len(early)} "
        f"years above zero, {prose.number(float(early['value'].mean()), 1)} bcm a year on average), all from "
        f"Alaska in "
        f"those years"
    )
    return Verdict(
        "C32", "context", measure, round(total, 3), "bcm", last, "ei_series", LNG_RULES["C32"], verdict, figure
    )


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
    figure = (
        f"{prose.number(value, 1)} bcm of LNG exported by Canada in {year}, the table's latest year: "
        f"the data end before LNG Canada's start-up"
    )
    return Verdict(
        claim_id,
        "verdict",
        measure,
        round(value, 3),
        "bcm",
        year,
        "ei_gas_trade",
        LNG_RULES[claim_id],
        "not testable",
        figure,
    )


@check("C32")
def c32(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """LNG Canada is the first direct LNG link from North America's west coast to Asia (a North American
    history: any pair)."""
    return c32_from(power.ei("lng_exports", ["USA"]))


@check("C33")
def c33(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """LNG Canada was slated to ship its first cargo in July 2025."""
    return _lng_check("C33", home, partner)


@check("C34")
def c34(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """LNG Canada will eventually export 14 Mt of LNG a year."""
    return _lng_check("C34", home, partner)


C47_RULE = (
    "Wind-tower exports need trade by product (HS 7308.20) by exporter; the trade table holds totals "
    "only → not testable"
)


@check("C47")
def c47(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """CS Wind's Windsor plant is North America's largest wind-tower exporter."""
    if "CAN" not in (home, partner):
        return not_applicable("C47", "verdict", "wind-tower exports by product code", "trade", C47_RULE, home, partner)
    columns = list(load("trade").columns)
    return Verdict(
        "C47",
        "verdict",
        "wind-tower exports by product code",
        None,
        "",
        None,
        "trade",
        C47_RULE,
        "not testable",
        f"the trade table's columns are {', '.join(columns)}: no product code",
    )


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


# --- where Korea's GPU clusters are (Epoch's locations): C28, C30, C31 ----------------------------

C28_RULE = (
    "Context, not a test: Korea's planned GPU clusters in Epoch's list, by place, against its existing ones. "
    "The claim is about data centres being moved; Epoch lists AI clusters (existing and planned), not moves. "
    "Planned power capacity (MW) outside the capital region (Seoul, Incheon, Gyeonggi) ≥ 50% and in Busan or "
    "Ulsan ≥ 50% → supported; outside the capital region ≥ 50% but mostly elsewhere → partly-supported; "
    "below 50% → contradicted; no located planned capacity → not testable"
)


def c28_from(sites: pd.DataFrame) -> Verdict:
    """Pure rule on :func:`ckaibook.measures.cluster_sites.sites` rows for Korea."""
    measure = "share of Korea's planned GPU-cluster power capacity outside the capital region"
    planned = sites[
        (sites["status"] == "Planned") & sites["power_mw"].notna() & (sites["place"] != cluster_sites.NOT_LOCATED)
    ]
    total = float(planned["power_mw"].sum())
    if total <= 0:
        return Verdict(
            "C28",
            "context",
            measure,
            None,
            "%",
            None,
            "epoch_gpu_clusters",
            C28_RULE,
            "not testable",
            "Epoch locates no planned Korean cluster with a power capacity",
        )
    outside = float(planned.loc[~planned["place"].isin(cluster_sites.CAPITAL_REGION), "power_mw"].sum())
    south_east = float(planned.loc[planned["place"].isin({"Busan", "Ulsan"}), "power_mw"].sum())
    share, se_share = outside / total, south_east / total
    verdict = "contradicted" if share < 0.5 else "supported" if se_share >= 0.5 else "partly-supported"
    places = ", ".join(
        f"{p} {prose.number(mw, 0)} MW"
        for p, mw in planned.groupby("place")["power_mw"].sum().sort_values(ascending=False).items()
    )
    existing = sites[(sites["status"] == "Existing") & (sites["place"] != cluster_sites.NOT_LOCATED)]
    figure = (
        f"{prose.percent(share, 1)} of {prose.number(total, 0)} MW of located planned capacity is outside "
        f"the capital region ({places}); Busan and Ulsan hold {prose.percent(se_share)}. "
        f"Existing located clusters: "
        f"{', '.join(sorted(set(existing['place']))) or 'none'}"
    )
    return Verdict(
        "C28", "context", measure, round(share * 100, 1), "%", None, "epoch_gpu_clusters", C28_RULE, verdict, figure
    )


@check("C28")
def c28(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """Korea is moving data centres from Seoul to Busan and nearby Ulsan (tested on Epoch's cluster list)."""
    if "KOR" not in (home, partner):
        return not_applicable(
            "C28", "context", "planned GPU-cluster capacity by place", "epoch_gpu_clusters", C28_RULE, home, partner
        )
    return c28_from(cluster_sites.sites(["KOR"]))


C30_RULE = (
    "Context, not a test: the SK Group–AWS cluster in Epoch's list (owner SK Telecom and Amazon, located in "
    "Ulsan): status Existing → supported; Planned → partly-supported (in Ulsan, but not built); not listed → "
    "not testable. Being next to an LNG power plant is not in any dataset here"
)


def c30_from(sites: pd.DataFrame) -> Verdict:
    """Pure rule on :func:`ckaibook.measures.cluster_sites.sites` rows for Korea."""
    measure = "status of the SK Group–AWS cluster in Ulsan (Epoch)"
    owner = sites["owner"].fillna("")
    rows = sites[
        owner.str.contains("SK", regex=False) & owner.str.contains("Amazon", regex=False) & (sites["place"] == "Ulsan")
    ]
    if rows.empty:
        return Verdict(
            "C30",
            "context",
            measure,
            None,
            "MW",
            None,
            "epoch_gpu_clusters",
            C30_RULE,
            "not testable",
            "Epoch lists no SK–Amazon cluster in Ulsan",
        )
    r = rows.iloc[0]
    verdict = "supported" if r["status"] == "Existing" else "partly-supported"
    figure = (
        f"{r['name']}: {str(r['status']).lower()} ({str(r['certainty']).lower()}), "
        f"{prose.number(float(r['power_mw']), 0)} MW of power capacity, located '{r['location']}'"
    )
    return Verdict(
        "C30", "context", measure, float(r["power_mw"]), "MW", None, "epoch_gpu_clusters", C30_RULE, verdict, figure
    )


@check("C30")
def c30(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """The SK Group–AWS AI data centre in Ulsan was built next to an LNG power plant."""
    if "KOR" not in (home, partner):
        return not_applicable(
            "C30", "context", "status of the SK Group–AWS cluster", "epoch_gpu_clusters", C30_RULE, home, partner
        )
    return c30_from(cluster_sites.sites(["KOR"]))


HYPERSCALE_MW = 100  # SKT's own unit for the plan: regional centres of 100 MW (ledger C31 evidence)
C31_RULE = (
    "Context, not a test: planned Korean GPU clusters of at least 100 MW of power capacity in Epoch's list, "
    "and in how many places. SK Telecom's plan is a vision, and Epoch does not name the owner of every site: "
    "≥2 such clusters in ≥2 places → supported; 1 → partly-supported; none → contradicted"
)


def c31_from(sites: pd.DataFrame) -> Verdict:
    """Pure rule on :func:`ckaibook.measures.cluster_sites.sites` rows for Korea."""
    big = sites[(sites["status"] == "Planned") & (sites["power_mw"] >= HYPERSCALE_MW)]
    places = sorted(set(big["place"]))
    n = len(big)
    verdict = "supported" if n >= 2 and len(places) >= 2 else "partly-supported" if n == 1 else "contradicted"
    figure = f"{n} planned Korean clusters of {HYPERSCALE_MW} MW or more" + (
        ": "
        + "; ".join(
            f"{r['name']} ({r['place']}, {prose.number(float(r['power_mw']), 0)} MW, owner "
            f"{r['owner'] if isinstance(r['owner'], str) else 'not named'})"
            for _, r in big.iterrows()
        )
        if n
        else ""
    )
    return Verdict(
        "C31",
        "context",
        f"planned Korean GPU clusters of ≥{HYPERSCALE_MW} MW (Epoch)",
        float(n),
        "clusters",
        None,
        "epoch_gpu_clusters",
        C31_RULE,
        verdict,
        figure,
    )


@check("C31")
def c31(home: str = "CAN", partner: str = "KOR") -> Verdict:
    """SK Telecom's 'AI Infrastructure Superhighway' envisions multiple hyperscale data centres across Korea."""
    if "KOR" not in (home, partner):
        return not_applicable(
            "C31",
            "context",
            "planned Korean GPU clusters of 100 MW or more",
            "epoch_gpu_clusters",
            C31_RULE,
            home,
            partner,
        )
    return c31_from(cluster_sites.sites(["KOR"]))
