"""Chapter 04 (roadmap): power mix and fossil share, grid intensity, a data-centre siting calculator,
what an energy partnership could draw on, talent, agreement membership and the trade shift.

Every function reads ``data/`` through :func:`ckaibook.datapackage.load` (or :mod:`measures`) and
returns tidy frames or formatted texts; the notebook only calls them, draws and glues.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import pandas as pd

from ckaibook.claims.checks.roadmap import fossil_verdict
from ckaibook.data import countries
from ckaibook.data.datapackage import DataError, load
from ckaibook.measures import power
from ckaibook.measures import series as measures
from ckaibook.present import charts, prose


def available(table: str) -> bool:
    """True if ``table`` is in the data package (tables of other chapters may be absent in a partial build)."""
    try:
        load(table)
        return True
    except DataError:
        return False


# --- 1. Power mix and fossil share (owid_energy, via measures.power) -----------------------------

def power_mix(iso3: str, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One country's generation by source: ``iso3, year, source, twh, share`` (share in %), from
    :func:`ckaibook.measures.power.mix` (the one definition of the mix)."""
    m = power.mix([iso3], start, end)
    return pd.DataFrame({"iso3": m["iso3"], "year": m["year"], "source": m["fuel"], "twh": m["twh"].round(3),
                         "share": (100 * m["share"]).round(2)})


def fossil_share(iso3s: Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Share of generation from coal, gas and oil (%): :func:`ckaibook.measures.power.fossil_share`."""
    return power.fossil_share(iso3s, start, end)


def ei(measure: str, iso3s: Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One Energy Institute series: :func:`ckaibook.measures.power.ei`."""
    return power.ei(measure, iso3s, start, end)


def mix_finding(mix: pd.DataFrame, iso3: str) -> str:
    """Title of the mix chart: the fossil share now against the first year shown, and the two largest sources."""
    first, last = int(mix["year"].min()), int(mix["year"].max())
    f0 = mix[(mix["year"] == first) & mix["source"].isin(power.FOSSIL)]["share"].sum()
    f1 = mix[(mix["year"] == last) & mix["source"].isin(power.FOSSIL)]["share"].sum()
    top = mix[mix["year"] == last].sort_values("twh", ascending=False).head(2)
    lead = " and ".join(f"{r.source} ({prose.number(r.share, 0, '%')})" for r in top.itertuples())
    return (f"{countries.name(iso3)}'s power was {prose.number(f1, 0, '%')} fossil in {last}, against "
            f"{prose.number(f0, 0, '%')} in {first}; {lead} were the largest sources")


def coal_texts(mix: pd.DataFrame) -> dict[str, str]:
    """Coal's peak share and its latest share, for the prose."""
    coal = mix[mix["source"] == "coal"].sort_values("year")
    peak = coal.loc[coal["share"].idxmax()]
    last = coal.iloc[-1]
    return {"coal_peak": prose.number(peak["share"], 0, "%"), "coal_peak_year": str(int(peak["year"])),
            "coal_latest": prose.number(last["share"], 0, "%"), "coal_latest_year": str(int(last["year"]))}


def fossil_finding(df: pd.DataFrame, home: str, partner: str) -> str:
    """Title of the fossil-share chart, from each country's latest value."""
    vp, yp = measures.value_in(df, partner)
    vh, yh = measures.value_in(df, home)
    return (f"{prose.number(vp, 0, '%')} of {countries.name(partner)}'s electricity came from fossil fuels in {yp}; "
            f"{prose.number(vh, 0, '%')} of {countries.name(home)}'s")


# --- 2. Carbon intensity (ember) and the siting calculator -------------------------------------

def intensity(iso3s: Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Ember's power-sector emissions intensity: ``iso3, year, value, unit`` (gCO2 per kWh)."""
    return measures.ember("emissions_intensity_gco2_per_kwh", iso3s, start, end)


def intensity_finding(df: pd.DataFrame, home: str, partner: str) -> str:
    """'Korea's grid emits 2.4× as much CO2 per kWh as Canada's (2024)'."""
    vp, yp = measures.value_in(df, partner)
    vh, yh = measures.value_in(df, home)
    hi, lo = ((partner, vp), (home, vh)) if vp >= vh else ((home, vh), (partner, vp))
    year = f"{yp}" if yp == yh else f"{yp} and {yh}"
    return (f"A kilowatt-hour from {countries.name(hi[0])}'s grid emitted {prose.multiple(hi[1] / lo[1])} "
            f"as much CO₂ as one from {countries.name(lo[0])}'s in {year}")


def annual_mwh(load_mw: float, pue: float, utilisation: float) -> float:
    """Electricity a facility draws in a year: IT load × utilisation × PUE × 8,760 h (MWh)."""
    return power.annual_energy_twh(load_mw, utilisation, pue) * 1e6


def annual_tco2(mwh: float, g_per_kwh: float) -> float:
    """CO₂ of ``mwh`` at an average intensity: MWh × 1,000 kWh × g/kWh ÷ 10⁶ g/t (tonnes)."""
    return mwh * g_per_kwh / 1000


@dataclass
class Siting:
    """The calculator's result: one row per host country, texts for the prose, notices for gaps."""

    table: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def siting(load_mw: float, pue: float, utilisation: float, grid_year: int, iso3s: Sequence[str],
           home: str, partner: str) -> Siting:
    """Annual electricity and CO₂ of one data centre hosted in each country at that grid's average intensity.

    Each country's intensity is taken in ``grid_year``, or its latest earlier year (with a notice).
    Countries without any Ember intensity up to ``grid_year`` are left out (with a notice).
    """
    mwh = annual_mwh(load_mw, pue, utilisation)
    ints = intensity(iso3s, end=grid_year).dropna(subset=["value"])
    rows, notices = [], []
    for iso in iso3s:
        mine = ints[ints["iso3"] == iso]
        if mine.empty:
            notices.append(f"{countries.name(iso)} has no Ember carbon intensity up to {grid_year}, so it is left out.")
            continue
        row = mine.sort_values("year").iloc[-1]
        if int(row["year"]) != grid_year:
            notices.append(f"{countries.name(iso)} has no Ember intensity for {grid_year}; its {int(row['year'])} "
                           "value is used.")
        rows.append({"iso3": iso, "year": int(row["year"]), "intensity_g_per_kwh": float(row["value"]),
                     "electricity_gwh": round(mwh / 1000, 3),
                     "co2_kt": round(annual_tco2(mwh, float(row["value"])) / 1000, 3)})
    table = pd.DataFrame(rows, columns=["iso3", "year", "intensity_g_per_kwh", "electricity_gwh", "co2_kt"])
    out = Siting(table=table, notices=notices)
    out.texts = {
        "calc_load": prose.number(load_mw, 0, "MW"), "calc_pue": prose.number(pue, 2),
        "calc_util": prose.percent(utilisation), "calc_year": str(grid_year),
        "calc_gwh": prose.number(mwh / 1000, 0, "GWh"),
    }
    have = set(table["iso3"])
    if {home, partner} <= have:
        h = table.set_index("iso3").loc[home]
        p = table.set_index("iso3").loc[partner]
        diff = p["co2_kt"] - h["co2_kt"]
        out.texts.update({
            "calc_home_kt": prose.number(h["co2_kt"], 0, "kt CO₂"),
            "calc_partner_kt": prose.number(p["co2_kt"], 0, "kt CO₂"),
            "calc_diff": (f"hosting it in {countries.name(home)} instead of {countries.name(partner)} would avoid "
                          f"{prose.number(diff, 0, 'kt CO₂')} a year ({prose.percent(diff / p['co2_kt'])} of its "
                          f"emissions on {countries.name(partner)}'s grid)" if diff >= 0 else
                          f"hosting it in {countries.name(home)} instead of {countries.name(partner)} would add "
                          f"{prose.number(-diff, 0, 'kt CO₂')} a year, because {countries.name(home)}'s grid is the "
                          "more carbon-intensive"),
        })
        out.texts["calc_title"] = (
            f"One {prose.number(load_mw, 0, 'MW')} data centre: {out.texts['calc_partner_kt']} a year on "
            f"{countries.name(partner)}'s grid, {out.texts['calc_home_kt']} on {countries.name(home)}'s")
    else:
        missing = ", ".join(countries.names(sorted({home, partner} - have)))
        out.texts.update({k: "not available" for k in ("calc_home_kt", "calc_partner_kt")})
        out.texts["calc_diff"] = f"the home–partner difference cannot be computed ({missing}: no Ember intensity)"
        out.texts["calc_title"] = f"One {prose.number(load_mw, 0, 'MW')} data centre's CO₂ depends on where it is hosted"
    return out


# --- 3. What an energy partnership could draw on (energy_institute) ---------------------------

EI_MEASURES = {
    "ccus_capacity": ("CCUS capture capacity", "Mt CO₂ per year"),
    "bess_capacity": ("Grid-scale battery storage", "GW"),
    "nuclear_generation": ("Nuclear generation", "TWh"),
}


def partnership_table(iso3s: Sequence[str], end: int | None = None) -> pd.DataFrame:
    """Latest CCUS capacity, battery storage and nuclear generation per economy ('not listed' where the EI has no row)."""
    rows = []
    for iso in iso3s:
        row = {"economy": countries.name(iso)}
        for measure, (label, unit) in EI_MEASURES.items():
            df = ei(measure, [iso], end=end).dropna(subset=["value"])
            if df.empty:
                row[f"{label} ({unit})"] = "not listed"
            else:
                last = df.iloc[-1]
                row[f"{label} ({unit})"] = f"{last['value']:,.1f} ({int(last['year'])})"
        rows.append(row)
    return pd.DataFrame(rows)


def ccus_finding(df: pd.DataFrame, home: str, partner: str) -> str:
    """Title of the CCUS chart: who has capture capacity listed, and how much."""
    parts = []
    for iso in (home, partner):
        rows = df[(df["iso3"] == iso)].dropna(subset=["value"])
        if rows.empty or float(rows.iloc[-1]["value"]) == 0:
            parts.append(f"{countries.name(iso)} has none listed")
        else:
            last = rows.iloc[-1]
            parts.append(f"{countries.name(iso)} captured up to {prose.number(float(last['value']), 1)} Mt CO₂ "
                         f"a year in {int(last['year'])}")
    return "CCUS capacity: " + "; ".join(parts)


# --- 4. Talent (wdi, ncses) ------------------------------------------------------------------

def degrees_per_million(iso3s: Iterable[str], fields: Sequence[str] = ("se_total", "computer_sciences")) -> pd.DataFrame:
    """NCSES first university degrees per million people: ``iso3, field, year, degrees, per_million``."""
    deg = load("ncses_se_degrees")
    deg = deg[deg["iso3"].isin(list(iso3s)) & deg["field"].isin(list(fields))].dropna(subset=["value"])
    pop = measures.wdi("sp.pop.totl", iso3s)[["iso3", "year", "value"]].rename(columns={"value": "pop"})
    out = deg.merge(pop, on=["iso3", "year"], how="inner")
    out = out.assign(degrees=out["value"], per_million=(out["value"] / out["pop"] * 1e6).round(1))
    return out[["iso3", "field", "year", "degrees", "per_million"]].sort_values(["field", "iso3", "year"]) \
        .reset_index(drop=True)


def latest_degrees_table(deg: pd.DataFrame) -> pd.DataFrame:
    """Latest year per country: S&E and computer-science first degrees, counts and per million people."""
    rows = []
    for iso, g in deg.groupby("iso3", sort=False):
        year = int(g["year"].max())
        last = g[g["year"] == year].set_index("field")
        row = {"economy": countries.name(iso), "year": year}
        for f, label in (("se_total", "S&E"), ("computer_sciences", "computer science")):
            if f in last.index:
                row[f"{label} degrees"] = f"{last.loc[f, 'degrees']:,.0f}"
                row[f"{label} per million people"] = f"{last.loc[f, 'per_million']:,.0f}"
        rows.append(row)
    return pd.DataFrame(rows)


def lead_finding(df: pd.DataFrame, a: str, b: str, what: str, unit_word: str) -> str:
    """'South Korea had 1.7× Canada's researchers per million people (2022)' from each one's latest value."""
    va, ya = measures.value_in(df, a)
    vb, yb = measures.value_in(df, b)
    hi, lo = ((a, va, ya), (b, vb, yb)) if va >= vb else ((b, vb, yb), (a, va, ya))
    years = str(hi[2]) if hi[2] == lo[2] else f"{hi[2]} and {lo[2]}"
    if hi[1] < 1.05 * lo[1]:
        return (f"{countries.name(hi[0])} and {countries.name(lo[0])} had about the same {what} "
                f"({years}: {prose.number(hi[1], 0, unit_word)} and {prose.number(lo[1], 0, unit_word)})")
    return (f"{countries.name(hi[0])} had {prose.multiple(hi[1] / lo[1])} {countries.name(lo[0])}'s "
            f"{what} ({years}: {prose.number(hi[1], 0, unit_word)} against {prose.number(lo[1], 0, unit_word)})")


# --- 5. Agreements (curated) -----------------------------------------------------------------

AGREEMENT_ORDER = ("CKFTA", "CPTPP", "DEPA", "RCEP", "APEC", "OECD", "G7")


def membership(iso3: str, agreement: str) -> pd.Series | None:
    """The curated row for one economy in one agreement, or None if it is not a party, signatory or applicant."""
    df = load("agreements")
    rows = df[(df["iso3"] == iso3) & (df["agreement"] == agreement)]
    return None if rows.empty else rows.iloc[0]


def agreement_matrix(iso3s: Sequence[str]) -> pd.DataFrame:
    """Agreement × economy: 'member (2015)', 'negotiating (applied 2022)'…, with a hidden URL column per economy."""
    df = load("agreements")
    out = pd.DataFrame({"agreement": list(AGREEMENT_ORDER)})
    for iso in iso3s:
        name = countries.name(iso)
        cells, urls = [], []
        for agr in AGREEMENT_ORDER:
            r = df[(df["agreement"] == agr) & (df["iso3"] == iso)]
            if r.empty:
                cells.append("—")
                urls.append("")
                continue
            r = r.iloc[0]
            word = {"member": "member since", "signatory": "signed", "negotiating": "negotiating, applied",
                    "applied": "applied"}[r["status"]]
            cells.append(f"{word} {int(r['year'])}")
            urls.append(r["source_url"])
        out[name] = cells
        out[f"{name} source"] = urls
    return out


def shared(iso3s: Sequence[str]) -> list[str]:
    """Agreements in which every economy of ``iso3s`` is a member (in force)."""
    df = load("agreements")
    df = df[df["status"] == "member"]
    return [a for a in AGREEMENT_ORDER if set(iso3s) <= set(df.loc[df["agreement"] == a, "iso3"])]


# --- 6. Trade shift (trade) ------------------------------------------------------------------

def trade_texts(home: str, partner: str) -> tuple[dict[str, str], str]:
    """Total goods trade as the home (or partner) reports it: latest year and ten years earlier; a notice if absent."""
    pair = measures.bilateral_trade(home, partner)
    keys = ("trade_now", "trade_now_year", "trade_then", "trade_then_year", "trade_change", "trade_reporter")
    if pair.empty:
        notice = (f"Neither {countries.name(home)} nor {countries.name(partner)} reports trade in the mirror "
                  f"(IMF DOTS workbooks for {', '.join(countries.names(measures.trade_reporters()))} only).")
        return {k: "not available" for k in keys}, notice
    reporter = home if home in set(pair["reporter"]) else partner
    years = sorted(set(pair.loc[pair["reporter"] == reporter, "year"]))
    now = int(years[-1])
    then = now - 10 if (now - 10) in years else int(years[0])
    t_now, t_then = measures.trade_total(pair, reporter, now), measures.trade_total(pair, reporter, then)
    change = t_now / t_then - 1
    texts = {"trade_now": prose.money(t_now * 1e6, "USD"), "trade_now_year": str(now),
             "trade_then": prose.money(t_then * 1e6, "USD"), "trade_then_year": str(then),
             "trade_change": f"{'up' if change >= 0 else 'down'} {prose.percent(abs(change))}",
             "trade_reporter": countries.name(reporter)}
    notice = "" if reporter == home else (f"{countries.name(home)} is not a reporter in the trade mirror; "
                                          f"{countries.name(partner)}'s reports are used.")
    return texts, notice


# --- Charts specific to this chapter -----------------------------------------------------------

def mix_chart(mix: pd.DataFrame):
    """Stacked areas of generation by source (TWh), one colour per source, fossil sources at the bottom."""
    import altair as alt

    order = list(power.FUEL_ORDER)
    data = mix.assign(order=mix["source"].map(order.index))
    return alt.Chart(data).mark_area().encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
        y=alt.Y("twh:Q", title="Generation (TWh)", stack="zero"),
        color=alt.Color("source:N", scale=alt.Scale(domain=order, range=[charts.FUEL_COLOURS[k] for k in order]),
                        sort=order),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("year:Q", format="d", title="Year"), alt.Tooltip("source:N", title="Source"),
                 alt.Tooltip("twh:Q", format=",.1f", title="TWh"),
                 alt.Tooltip("share:Q", format=".1f", title="Share of generation (%)")],
    )


# --- Prose helpers ---------------------------------------------------------------------------

def load_source_text(load_mw: float) -> str:
    """Where the facility size comes from: the ledger's Ulsan figure (C30) if it is the default, else the reader."""
    c30 = load("claims").set_index("claim_id").loc["C30"]
    if c30["unit"] == "MW" and float(c30["value"]) == float(load_mw):
        return f"the planned size of the SK Group–AWS campus in Ulsan by {c30['year']}, claims-ledger row C30"
    return "a size set by the reader"


def depa_texts() -> dict[str, str]:
    """Korea's and Canada's DEPA years from the curated table (the note's claim is about these two)."""
    out = {}
    for iso, key in (("KOR", "depa_kor"), ("CAN", "depa_can")):
        row = membership(iso, "DEPA")
        out[key] = "not a party" if row is None else str(int(row["year"]))
        out[f"{key}_status"] = "not a party" if row is None else str(row["status"])
    return out


def fossil_brief(v) -> str:
    """The 'In brief' sentence on C59 (a Verdict), for any pair."""
    if v.value is None:
        return f"The fossil-share test of the note's claim about Korea's power is {v.verdict} here ({v.figure})"
    return (f"{v.figure[:1].upper() + v.figure[1:]} came from coal, gas and oil, so the claim that Korea's power is "
            f"still heavily fossil-based is {v.verdict}")


def c59_explanation(v) -> str:
    """Text under the C59 box (``v`` a Verdict): the ledger's figure beside ours, and why they differ."""
    c59 = load("claims").set_index("claim_id").loc["C59"]
    ledger = float(c59["value"])
    same = fossil_verdict(ledger) == v.verdict
    return (f"Generation, not consumption, on OWID's compilation of Ember data. The ledger's source (MOTIE statistics, "
            f"via ChosunBiz) gives {prose.number(ledger, 1, '%')} for {c59['year']}, with nuclear the largest single "
            "source; Ember counts generation slightly differently, so the two shares are close but not equal. "
            + ("The rule gives the same verdict on either figure." if same else
               "On the ledger's figure the rule would give a different verdict."))
