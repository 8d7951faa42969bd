"""Chapter 04 (roadmap): power mix and fossil share, grid intensity, a data-centre siting calculator,
what an energy partnership could draw on, talent, agreement membership and the trade shift.

Each ``*_section`` function computes one section for the pair on screen and returns a
:class:`~ckaibook.present.sections.Section` (texts to glue, the facts behind them, the chart and its
title, notes); the notebook publishes it with :func:`ckaibook.present.sections.publish`. Comparisons
between the two countries use the latest year both have; turning points are said where they change
the reading; capacities are labelled as capacities; money changes are given nominal and real.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import pandas as pd

from ckaibook.chapters import trade
from ckaibook.claims import ledger
from ckaibook.claims.checks.roadmap import fossil_verdict
from ckaibook.data import countries
from ckaibook.data.datapackage import DataError, load
from ckaibook.measures import cluster_sites, datacentres, power
from ckaibook.measures import series as measures
from ckaibook.present import charts, prose
from ckaibook.present.prose import Fact
from ckaibook.present.sections import Section


def available(table: str) -> bool:
    """True if ``table`` is in the data package (tables of other chapters may be absent in a partial build)."""
    try:
        load(table)
        return True
    except DataError:
        return False


TABLES = ("generation_mix", "ember", "ei_series", "wdi", "ncses_se_degrees", "trade", "epoch_gpu_clusters")


def economies() -> list[str]:
    """Economies with data in at least one table this chapter reads (a partner with partial data, such as
    Taiwan, which has no WDI rows, still gets the chapter, with a note in each section that lacks it)."""
    found: set[str] = set()
    for table in TABLES:
        df = load(table)
        for col in ("iso3", "reporter"):
            if col in df.columns:
                found |= set(df[col].dropna())
    return sorted(c for c in found if countries.is_known(c) and c not in countries.AGGREGATES)


def _names(iso3s: Iterable[str]) -> str:
    """Names as they read inside a sentence ("Canada, the United States"): never a table label."""
    return ", ".join(countries.in_sentence(c) for c in iso3s)


def same_year(df: pd.DataFrame, a: str, b: str) -> tuple[int, float, float] | None:
    """(year, value of ``a``, value of ``b``) in the latest year both have a value, or None."""
    year = measures.common_latest(df, a, b)
    if year is None:
        return None
    return year, measures.value_in(df, a, year)[0], measures.value_in(df, b, year)[0]


TURNING_POINT = 2.0  # percentage points above (below) both ends at which a peak (low) changes the reading


def path(series: pd.DataFrame, fmt: Callable[[float], str], threshold: float = TURNING_POINT) -> str:
    """'60% in 2024, against a peak of 73% in 2018 and 61% in 2000' for a one-country ``year, value`` series.

    The peak (or low) between the ends is said when it lies more than ``threshold`` beyond both ends,
    because then the two end points alone would mislead the reader.
    """
    s = series.dropna(subset=["value"]).sort_values("year")
    (y0, v0), (y1, v1) = (
        (int(s["year"].iloc[0]), float(s["value"].iloc[0])),
        (int(s["year"].iloc[-1]), float(s["value"].iloc[-1])),
    )
    top, top_year = power.peak(s)
    low_row = s.loc[s["value"].idxmin()]
    low, low_year = float(low_row["value"]), int(low_row["year"])
    if y0 < top_year < y1 and top - max(v0, v1) > threshold:
        return f"{fmt(v1)} in {y1}, against a peak of {fmt(top)} in {top_year} and {fmt(v0)} in {y0}"
    if y0 < low_year < y1 and min(v0, v1) - low > threshold:
        return f"{fmt(v1)} in {y1}, against a low of {fmt(low)} in {low_year} and {fmt(v0)} in {y0}"
    return f"{fmt(v1)} in {y1}, against {fmt(v0)} in {y0}"


def _pct(v: float) -> str:
    return prose.number(v, 0, "%")


# --- 1. Power mix and fossil share (generation_mix, via measures.power) -------------------------


def power_mix(iso3: str, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One country's generation by source: ``iso3, year, source, twh, share`` (share in %), from
    :func:`ckaibook.measures.power.mix` (the one definition of the mix)."""
    m = power.mix([iso3], start, end)
    return pd.DataFrame(
        {"iso3": m["iso3"], "year": m["year"], "source": m["fuel"], "twh": m["twh"], "share": 100 * m["share"]}
    )


def fossil_share(iso3s: Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Share of generation from coal, gas and oil (%): :func:`ckaibook.measures.power.fossil_share`."""
    return power.fossil_share(iso3s, start, end)


def fossil_fact(iso3: str, year: int) -> Fact:
    """The fossil share of one country-year as a fact: the unrounded 0–1 share from ``generation_mix``."""
    m = power.mix([iso3], year, year)
    return Fact("generation_mix.share:fossil", iso3, year, float(m.loc[m["fuel"].isin(power.FOSSIL), "share"].sum()))


def mix_chart(mix: pd.DataFrame):
    """Stacked areas of generation by source (TWh) in the book's one fuel palette, fossil sources at the bottom."""
    import altair as alt

    order = [f for f in power.FUEL_ORDER if f in set(mix["source"])]
    data = mix.assign(order=mix["source"].map(order.index))
    return (
        alt.Chart(data)
        .mark_area()
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("twh:Q", title="Generation (TWh)", stack="zero"),
            color=alt.Color(
                "source:N",
                scale=charts.fuel_scale(order),
                sort=order,
                legend=alt.Legend(columns=4, symbolType="square"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:Q", format="d", title="Year"),
                alt.Tooltip("source:N", title="Source"),
                alt.Tooltip("twh:Q", format=",.1f", title="TWh"),
                alt.Tooltip("share:Q", format=".1f", title="Share of generation (%)"),
            ],
        )
    )


def mix_section(partner: str, start: int | None = None, end: int | None = None) -> Section:
    """The partner's generation by source: the fossil share's path (with its peak), coal's peak, the largest sources."""
    name = countries.in_sentence(partner)
    mix = power_mix(partner, start, end) if available("generation_mix") else pd.DataFrame()
    keys = ("coal_path", "fossil_path_mix", "largest_sources")
    if mix.empty:
        return Section(
            texts={k: "not available" for k in keys},
            missing=f"No generation-by-source data for {name} in the `generation_mix` table, "
            "so its mix is not shown.",
        )
    fossil = (
        mix[mix["source"].isin(power.FOSSIL)]
        .groupby("year", as_index=False)["share"]
        .sum()
        .rename(columns={"share": "value"})
    )
    coal = mix[mix["source"] == "coal"].rename(columns={"share": "value"})
    last = int(mix["year"].max())
    top = mix[mix["year"] == last].sort_values("twh", ascending=False).head(2)
    largest = " and ".join(f"{r.source} ({_pct(r.share)})" for r in top.itertuples())
    fossil_text = path(fossil, _pct)
    return Section(
        texts={
            "coal_path": path(coal, _pct),
            "fossil_path_mix": fossil_text,
            "largest_sources": f"{largest} of generation in {last}",
        },
        facts={"fossil_path_mix": fossil_fact(partner, last)},
        title=f"{countries.possessive(partner)} power was {fossil_text.replace(' in ', ' fossil in ', 1)}",
        chart=mix_chart(mix),
    )


def fossil_section(
    home: str, partner: str, iso3s: Sequence[str], start: int | None = None, end: int | None = None
) -> Section:
    """Fossil share of generation for the pair and comparators: the same year for both, and each one's path."""
    df = (
        fossil_share(iso3s, start, end)
        if available("generation_mix")
        else pd.DataFrame(columns=["iso3", "year", "value"])
    )
    both = same_year(df, home, partner)
    paths = {}
    for key, iso in (("fossil_path_home", home), ("fossil_path_partner", partner)):
        rows = df[df["iso3"] == iso]
        paths[key] = path(rows, _pct) if not rows.empty else "not available"
    if both is None:
        lacking = [iso for iso in (home, partner) if iso not in set(df["iso3"])] or [home, partner]
        return Section(
            texts={**paths, "fossil_same_year": "not available"},
            missing=f"No generation-by-source data for {_names(lacking)}, so the pair's fossil shares "
            "cannot be compared.",
        )
    year, vh, vp = both
    same = (
        f"in {year}, the latest year both have, {_pct(vp)} of {countries.possessive(partner)} electricity came "
        f"from coal, gas and oil, against {_pct(vh)} of {countries.possessive(home)}"
    )
    return Section(
        texts={**paths, "fossil_same_year": same},
        facts={"fossil_same_year": fossil_fact(partner, year)},
        title=(
            f"In {year}, {_pct(vp)} of {countries.possessive(partner)} electricity came from coal, gas and oil; "
            f"{_pct(vh)} of {countries.possessive(home)}"
        ),
        chart=charts.time_lines(
            df, y="value", y_title="Fossil share of generation", unit="%", emphasis=[home, partner], fmt=".1f"
        ),
    )


# --- 2. Carbon intensity (ember) and the siting calculator -------------------------------------


INTENSITY_UNIT = "gCO₂e per kWh, life cycle"


def intensity(iso3s: Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Ember's power-sector emissions intensity: ``iso3, year, value, unit`` (g CO₂e per kWh).

    Ember's emissions are life-cycle greenhouse-gas emissions in CO₂ equivalents (upstream methane, supply
    chain and plant manufacture included), not only the CO₂ a power station's stack emits, so every label
    in this chapter says CO₂e."""
    return measures.ember("emissions_intensity_gco2_per_kwh", iso3s, start, end)


def intensity_section(
    home: str, partner: str, iso3s: Sequence[str], start: int | None = None, end: int | None = None
) -> Section:
    """Average grid intensity of the pair (same year) beside the comparators."""
    df = intensity(iso3s, start, end).dropna(subset=["value"])
    chart = (
        charts.time_lines(
            df, y="value", y_title="Emissions intensity", unit=INTENSITY_UNIT, emphasis=[home, partner], fmt=",.0f"
        )
        if not df.empty
        else None
    )
    both = same_year(df, home, partner)
    if both is None:
        lacking = [iso for iso in (home, partner) if iso not in set(df["iso3"])] or [home, partner]
        return Section(
            texts={"intensity_sentence": "Ember has no common year of grid intensity for the pair"},
            notes=[f"Ember has no emissions intensity for {_names(lacking)}; the chart shows the others."],
            title="Grid carbon intensity differs widely between countries",
            chart=chart,
            missing="Ember has no emissions intensity for these economies.",
        )
    year, vh, vp = both
    (hi, vhi), (lo, vlo) = ((partner, vp), (home, vh)) if vp >= vh else ((home, vh), (partner, vp))
    text = (
        f"A kilowatt-hour from {countries.possessive(hi)} grid came with {prose.multiple(vhi / vlo)} the life-cycle "
        f"emissions of one from {countries.possessive(lo)} in {year} ({prose.number(vhi, 0, 'g')} against "
        f"{prose.number(vlo, 0, 'g')} CO₂e)"
    )
    return Section(
        texts={"intensity_sentence": text},
        facts={"intensity_sentence": Fact("ember.emissions_intensity_gco2_per_kwh", partner, year, vp)},
        title=text.split(" (")[0],
        chart=chart,
    )


def annual_mwh(load_mw: float, pue: float, utilisation: float) -> float:
    """Electricity a facility draws in a year: IT load × utilisation × PUE × 8,760 h (MWh)."""
    return power.annual_energy_twh(load_mw, utilisation, pue) * 1e6


def annual_tco2(mwh: float, g_per_kwh: float) -> float:
    """Emissions (t CO₂e) of ``mwh`` at an average intensity: MWh × 1,000 kWh × g/kWh ÷ 10⁶ g/t."""
    return mwh * g_per_kwh / 1000


@dataclass
class Siting:
    """The calculator's result: one row per host country and notices for gaps."""

    table: pd.DataFrame
    load_mw: float
    pue: float
    utilisation: float
    grid_year: int
    notices: list[str] = field(default_factory=list)


def siting(load_mw: float, pue: float, utilisation: float, grid_year: int, iso3s: Sequence[str]) -> Siting:
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
            notices.append(
                f"{countries.in_sentence(iso, start=True)} has no Ember carbon intensity up to {grid_year}, "
                "so it is left out."
            )
            continue
        row = mine.sort_values("year").iloc[-1]
        if int(row["year"]) != grid_year:
            notices.append(
                f"{countries.in_sentence(iso, start=True)} has no Ember intensity for {grid_year}; "
                f"its {int(row['year'])} "
                "value is used."
            )
        rows.append(
            {
                "iso3": iso,
                "year": int(row["year"]),
                "intensity_g_per_kwh": float(row["value"]),
                "electricity_twh": round(mwh / 1e6, 6),
                "co2_kt": round(annual_tco2(mwh, float(row["value"])) / 1000, 3),
            }
        )
    table = pd.DataFrame(rows, columns=["iso3", "year", "intensity_g_per_kwh", "electricity_twh", "co2_kt"])
    return Siting(table=table, load_mw=load_mw, pue=pue, utilisation=utilisation, grid_year=grid_year, notices=notices)


def siting_display(site: Siting) -> pd.DataFrame:
    """The calculator's table for the page: economy, intensity year and value, electricity, CO₂."""
    t = site.table
    return t.assign(economy=t["iso3"].map(countries.name))[
        ["economy", "year", "intensity_g_per_kwh", "electricity_twh", "co2_kt"]
    ].rename(
        columns={
            "year": "intensity year",
            "intensity_g_per_kwh": "gCO₂e per kWh",
            "electricity_twh": "electricity (TWh/yr)",
            "co2_kt": "CO₂e (kt/yr)",
        }
    )


def operating_source(pue: float, utilisation: float) -> str:
    """Where the PUE and utilisation come from: the IEA's hyperscale estimates, or the reader."""
    iea = datacentres.iea_operating()
    ref = (
        f"the IEA's {iea.year} world estimates for {iea.segment} data centres "
        f"(load factor {prose.percent(iea.load_factor)}, PUE {prose.number(iea.pue, 2)})"
    )
    if abs(pue - iea.pue) < 1e-9 and abs(utilisation - iea.load_factor) < 1e-9:
        return ref
    return f"values set by the reader (against {ref})"


def largest_planned_site(iso3: str) -> str:
    """Epoch's largest planned cluster in a country by power capacity, with its place and certainty.

    The site is :func:`ckaibook.measures.cluster_sites.largest_planned` and its place is that module's
    reading of Epoch's location, so chapter 02 and this chapter name the same site the same way.
    """
    site = cluster_sites.largest_planned(iso3)
    if site is None:
        return f"Epoch lists no planned cluster with a stated power capacity in {countries.in_sentence(iso3)}"
    where = "location not given" if site["place"] == cluster_sites.NOT_LOCATED else site["place"]
    return (
        f"Epoch's largest planned cluster in {countries.in_sentence(iso3)} is {site['name']} "
        f"({where}, {prose.number(float(site['power_mw']), 0, 'MW')} of power capacity; "
        f"Epoch rates it {str(site['certainty']).lower()})"
    )


def _kt(value: float) -> str:
    return prose.number(value, 0, "kt CO₂e")


def siting_section(site: Siting, home: str, partner: str) -> Section:
    """Texts, notes and chart of the calculator for the pair; 100% utilisation given as the upper bound."""
    mwh = annual_mwh(site.load_mw, site.pue, site.utilisation)
    upper_mwh = annual_mwh(site.load_mw, site.pue, 1.0)
    load_text = prose.number(site.load_mw, 0, "MW")
    texts = {
        "calc_load": load_text,
        "calc_pue": prose.number(site.pue, 2),
        "calc_util": prose.percent(site.utilisation),
        "calc_year": str(site.grid_year),
        # TWh to two decimals, as chapter 02 gives the same scenario (one number, one reading).
        "calc_twh": prose.number(mwh / 1e6, 2, "TWh"),
        "calc_operating_source": operating_source(site.pue, site.utilisation),
        "calc_upper": (
            f"at 100% utilisation, an upper bound (the full IT load drawn every hour of the year), it would draw "
            f"{prose.number(upper_mwh / 1e6, 2, 'TWh')}"
            if site.utilisation < 1
            else "the calculator is set to 100% utilisation, an upper bound "
            "(the full IT load drawn every hour of the year)"
        ),
        "calc_host_grid": f"{largest_planned_site(home)}. {largest_planned_site(partner)}",
    }
    t = site.table.set_index("iso3")
    if {home, partner} <= set(t.index):
        h, p = t.loc[home], t.loc[partner]
        diff = p["co2_kt"] - h["co2_kt"]
        texts.update({"calc_home_kt": _kt(h["co2_kt"]), "calc_partner_kt": _kt(p["co2_kt"])})
        texts["calc_diff"] = (
            f"hosting it in {countries.in_sentence(home)} instead of {countries.in_sentence(partner)} would avoid "
            f"{_kt(diff)} a year ({prose.percent(diff / p['co2_kt'])} of its emissions on "
            f"{countries.possessive(partner)} grid)"
            if diff >= 0
            else f"hosting it in {countries.in_sentence(home)} instead of {countries.in_sentence(partner)} would add "
            f"{_kt(-diff)} a year, "
            f"because {countries.possessive(home)} grid is the more carbon-intensive"
        )
        title = (
            f"One {load_text} data centre: {texts['calc_partner_kt']} a year on {countries.possessive(partner)} "
            f"average grid, {texts['calc_home_kt']} on {countries.possessive(home)}"
        )
    else:
        missing = _names(sorted({home, partner} - set(t.index)))
        texts.update(
            {
                "calc_home_kt": "not available",
                "calc_partner_kt": "not available",
                "calc_diff": f"the home–partner difference cannot be computed ({missing}: no Ember intensity)",
            }
        )
        title = f"One {load_text} data centre's emissions depend on where it is hosted"
    chart = (
        charts.bars(site.table, x="co2_kt", x_title="Life-cycle emissions", unit="kt CO₂e per year", fmt=",.0f")
        if not site.table.empty
        else None
    )
    return Section(
        texts=texts,
        title=title,
        notes=list(site.notices),
        chart=chart,
        missing="No economy of this comparison has an Ember carbon intensity.",
    )


# --- 3. What an energy partnership could draw on (energy_institute) ---------------------------

EI_MEASURES = {
    "ccus_capacity": "CCUS capture capacity (Mt CO₂ a year, capacity)",
    "bess_capacity": "Grid-scale battery storage capacity (GW)",
    "nuclear_generation": "Nuclear generation (TWh a year)",
}


def ei(measure: str, iso3s: Iterable[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One Energy Institute series: :func:`ckaibook.measures.power.ei`."""
    return power.ei(measure, iso3s, start, end)


def partnership_table(iso3s: Sequence[str], end: int | None = None) -> pd.DataFrame:
    """Latest CCUS capture capacity, battery storage capacity and nuclear generation per economy
    ('not listed' where the EI has no row); each cell gives its year."""
    rows = []
    for iso in iso3s:
        row = {"economy": countries.name(iso)}
        for measure, label in EI_MEASURES.items():
            df = ei(measure, [iso], end=end).dropna(subset=["value"])
            row[label] = "not listed" if df.empty else f"{df.iloc[-1]['value']:,.1f} ({int(df.iloc[-1]['year'])})"
        rows.append(row)
    return pd.DataFrame(rows)


def ccus_section(
    home: str, partner: str, iso3s: Sequence[str], start: int | None = None, end: int | None = None
) -> Section:
    """CCUS capture capacity (a capacity, Mt CO₂ a year, not tonnes captured) for the economies the EI lists."""
    if not available("ei_series"):
        return Section(
            texts={"ccus_sentence": "not available"},
            missing="The `ei_series` table (Energy Institute) is not in this build.",
        )
    df = ei("ccus_capacity", iso3s, start, end).dropna(subset=["value"])
    parts, notes = [], []
    for iso in (home, partner):
        rows = df[df["iso3"] == iso]
        if rows.empty or float(rows.iloc[-1]["value"]) == 0:
            parts.append(f"{countries.in_sentence(iso)} has none listed")
        else:
            last = rows.iloc[-1]
            parts.append(
                f"{countries.in_sentence(iso)} had {prose.number(float(last['value']), 1)} Mt CO₂ a year "
                f"of capture capacity in {int(last['year'])}"
            )
    lacking = [iso for iso in (home, partner) if iso not in set(df["iso3"])]
    if lacking and not df.empty:
        notes.append(
            f"The Energy Institute lists no CCUS capture capacity for {_names(lacking)}; "
            "the chart shows the economies it lists."
        )
    sentence = "; ".join(parts)
    chart = (
        charts.time_lines(
            df,
            y="value",
            y_title="CCUS capture capacity",
            unit="Mt CO₂ a year",
            emphasis=[home, partner],
            fmt=",.1f",
            points=True,
        )
        if not df.empty
        else None
    )
    return Section(
        texts={"ccus_sentence": sentence},
        notes=notes,
        title=f"CCUS capture capacity: {sentence}",
        chart=chart,
        missing="The Energy Institute lists no CCUS capture capacity for any of these economies.",
    )


# --- 4. Talent (wdi, ncses) ------------------------------------------------------------------


def lead_sentence(df: pd.DataFrame, a: str, b: str, what: str, unit_word: str = "") -> str | None:
    """'South Korea had 1.7× Canada's researchers per million people in 2022 (…)', in the latest year
    both have; None if they share no year."""
    both = same_year(df, a, b)
    if both is None:
        return None
    year, va, vb = both
    (hi, vhi), (lo, vlo) = ((a, va), (b, vb)) if va >= vb else ((b, vb), (a, va))
    if vhi < 1.05 * vlo:
        return (
            f"{countries.in_sentence(hi, start=True)} and {countries.in_sentence(lo)} had about the same {what} "
            f"in {year} "
            f"({prose.number(vhi, 0, unit_word)} and {prose.number(vlo, 0, unit_word)})"
        )
    return (
        f"{countries.in_sentence(hi, start=True)} had {prose.multiple(vhi / vlo)} {countries.possessive(lo)} "
        f"{what} in {year} "
        f"({prose.number(vhi, 0, unit_word)} against {prose.number(vlo, 0, unit_word)})"
    )


def _wdi_section(
    indicator: str,
    key: str,
    home: str,
    partner: str,
    iso3s: Sequence[str],
    start: int | None,
    end: int | None,
    *,
    what: str,
    unit_word: str,
    y_title: str,
    unit: str,
    fallback: str,
    fact: bool,
) -> Section:
    df = measures.wdi(indicator, iso3s, start, end).dropna(subset=["value"])
    sentence = lead_sentence(df, partner, home, what, unit_word)
    notes = (
        []
        if sentence
        else [
            f"The World Bank has no {what} for both {countries.in_sentence(home)} and "
            f"{countries.in_sentence(partner)} in a common year; the chart shows what it has."
        ]
    )
    facts = {}
    if sentence and fact:
        year = measures.common_latest(df, home, partner)
        facts[key] = Fact(f"wdi.{indicator}", partner, year, measures.value_in(df, partner, year)[0])
    chart = (
        charts.time_lines(df, y="value", y_title=y_title, unit=unit, emphasis=[home, partner], fmt=",.0f")
        if not df.empty
        else None
    )
    none = (
        f"the World Bank has no {what} for {countries.in_sentence(home)} and {countries.in_sentence(partner)} "
        "in a common year"
    )
    return Section(
        texts={key: sentence or none},
        facts=facts,
        notes=notes,
        title=sentence or fallback,
        chart=chart,
        missing=f"No {what} for these economies.",
    )


def researchers_section(
    home: str, partner: str, iso3s: Sequence[str], start: int | None = None, end: int | None = None
) -> Section:
    """Researchers in R&D per million people (WDI), the pair compared in the latest year both have."""
    return _wdi_section(
        "sp.pop.scie.rd.p6",
        "researchers_sentence",
        home,
        partner,
        iso3s,
        start,
        end,
        what="researchers per million people",
        unit_word="",
        y_title="Researchers in R&D",
        unit="per million people",
        fallback="Researchers per million people",
        fact=True,
    )


def tertiary_section(
    home: str, partner: str, iso3s: Sequence[str], start: int | None = None, end: int | None = None
) -> Section:
    """Gross tertiary enrolment ratio (WDI), the pair compared in the latest year both have."""
    return _wdi_section(
        "se.ter.enrr",
        "tertiary_sentence",
        home,
        partner,
        iso3s,
        start,
        end,
        what="gross tertiary enrolment ratio",
        unit_word="%",
        y_title="Tertiary enrolment",
        unit="% gross",
        fallback="Gross tertiary enrolment ratio",
        fact=True,
    )


def degrees_per_million(
    iso3s: Iterable[str], fields: Sequence[str] = ("se_total", "computer_sciences")
) -> pd.DataFrame:
    """NCSES first university degrees per million people: ``iso3, field, year, degrees, per_million``."""
    deg = load("ncses_se_degrees")
    deg = deg[deg["iso3"].isin(list(iso3s)) & deg["field"].isin(list(fields))].dropna(subset=["value"])
    pop = measures.wdi("sp.pop.totl", iso3s)[["iso3", "year", "value"]].rename(columns={"value": "pop"})
    out = deg.merge(pop, on=["iso3", "year"], how="inner")
    out = out.assign(degrees=out["value"], per_million=out["value"] / out["pop"] * 1e6)
    return (
        out[["iso3", "field", "year", "degrees", "per_million"]]
        .sort_values(["field", "iso3", "year"])
        .reset_index(drop=True)
    )


def degrees_year(deg: pd.DataFrame, home: str, partner: str) -> int | None:
    """Latest year in which both of the pair have S&E and computer-science degree counts (None if none)."""
    years = None
    for f in ("se_total", "computer_sciences"):
        rows = deg[deg["field"] == f].rename(columns={"per_million": "value"})
        y = {int(v) for v in rows.loc[rows["iso3"] == home, "year"]} & {
            int(v) for v in rows.loc[rows["iso3"] == partner, "year"]
        }
        years = y if years is None else years & y
    return max(years) if years else None


def degrees_table(deg: pd.DataFrame, year: int) -> pd.DataFrame:
    """One year for every economy: S&E and computer-science first degrees, counts and per million people."""
    rows = []
    for iso, g in deg[deg["year"] == year].groupby("iso3", sort=False):
        last = g.set_index("field")
        row = {"economy": countries.name(iso), "year": year}
        for f, label in (("se_total", "S&E"), ("computer_sciences", "computer science")):
            if f in last.index:
                row[f"{label} degrees"] = f"{last.loc[f, 'degrees']:,.0f}"
                row[f"{label} per million people"] = f"{last.loc[f, 'per_million']:,.0f}"
        rows.append(row)
    return pd.DataFrame(rows).fillna("—")


def degrees_display(home: str, partner: str, iso3s: Sequence[str]) -> tuple[pd.DataFrame, str]:
    """The degrees table (counts and per million people) in the latest year the pair share, with its caption;
    each economy's own latest year when the pair share none (the caption then says so)."""
    deg = degrees_per_million(iso3s)
    if deg.empty:
        return pd.DataFrame({"economy": countries.names(iso3s)}), "No NCSES first-degree counts for these economies"
    year = degrees_year(deg, home, partner)
    if year is not None:
        return degrees_table(deg, year), f"First university degrees in {year}, the latest year both of the pair have"
    latest = deg.groupby("iso3")["year"].transform("max")
    parts = [degrees_table(g, int(y)) for y, g in deg[deg["year"] == latest].groupby("year")]
    return (
        pd.concat(parts, ignore_index=True),
        "First university degrees in each economy's latest year (the pair share no year of data)",
    )


SERIES_BREAK = 0.30  # a year-on-year change in a degree count at least this large (either way) reads as a break


def series_jumps(
    deg: pd.DataFrame, field: str, threshold: float = SERIES_BREAK
) -> dict[str, list[tuple[int, int, float]]]:
    """Per economy, the consecutive years ``(y0, y1, change)`` in which its count of first degrees in ``field``
    moves by at least ``threshold``: graduate numbers do not move that fast, so such a jump is a change in
    how the source counts (a break; Korea's computer science and engineering trade about 8,000 degrees
    back and forth), and values on either side of it are not like for like."""
    out: dict[str, list[tuple[int, int, float]]] = {}
    rows = deg[deg["field"] == field].sort_values(["iso3", "year"])
    for iso, g in rows.groupby("iso3", sort=False):
        pts = list(zip(g["year"].astype(int), g["degrees"].astype(float), strict=True))
        jumps = [
            (y0, y1, c1 / c0 - 1)
            for (y0, c0), (y1, c1) in zip(pts, pts[1:], strict=False)
            if y1 == y0 + 1 and c0 > 0 and abs(c1 / c0 - 1) >= threshold
        ]
        if jumps:
            out[str(iso)] = jumps
    return out


DEGREE_FIELDS = {"se_total": "S&E", "computer_sciences": "computer-science"}


def series_breaks(deg: pd.DataFrame, field: str = "se_total", threshold: float = SERIES_BREAK) -> list[str]:
    """A note for each economy whose degree count in ``field`` has a break (:func:`series_jumps`)."""
    notes = []
    for iso, jumps in series_jumps(deg, field, threshold).items():
        said = ", ".join(
            f"{'up' if j >= 0 else 'down'} {prose.percent(abs(j))} from {y0} to {y1}" for y0, y1, j in jumps
        )
        notes.append(
            f"{countries.possessive(iso, start=True)} count of {DEGREE_FIELDS.get(field, field)} first degrees "
            f"jumps from one year to the next ({said}), which looks like a break in the source series rather "
            "than a change in graduates: values on either side of it are not like for like."
        )
    return notes


def _with_break_caveat(sentence: str | None, deg: pd.DataFrame, field: str, pair: Sequence[str]) -> str | None:
    """The comparison sentence, saying so when either of the pair has a break in that series."""
    if sentence is None or not set(pair) & set(series_jumps(deg, field)):
        return sentence
    return f"{sentence}, a multiple that rests on a series with a break in the source (see the note with the chart)"


def degrees_section(home: str, partner: str, iso3s: Sequence[str]) -> Section:
    """S&E first degrees per million people (NCSES ÷ WDI population), the pair in the same year."""
    deg = degrees_per_million(iso3s)
    se = deg[deg["field"] == "se_total"].rename(columns={"per_million": "value"})
    cs = deg[deg["field"] == "computer_sciences"].rename(columns={"per_million": "value"})
    se_sentence = lead_sentence(se, partner, home, "science and engineering first degrees per million people")
    cs_sentence = lead_sentence(cs, partner, home, "computer-science first degrees per million people")
    se_text = _with_break_caveat(se_sentence, deg, "se_total", (home, partner))
    cs_text = _with_break_caveat(cs_sentence, deg, "computer_sciences", (home, partner))
    notes = []
    lacking = [iso for iso in (home, partner) if iso not in set(se["iso3"])]
    if lacking:
        notes.append(
            f"The NCSES degree table (with World Bank population) has no S&E first degrees for "
            f"{_names(lacking)}; the chart shows the others."
        )
    notes += series_breaks(deg, "se_total") + series_breaks(deg, "computer_sciences")
    texts = {
        "degree_years": f"{int(deg['year'].min())}–{int(deg['year'].max())}" if not deg.empty else "no years",
        "degrees_sentence": se_text or "the pair share no year of S&E degree counts",
        "cs_degrees_sentence": cs_text or "the pair share no year of computer-science degree counts",
    }
    chart = (
        charts.time_lines(
            se, y="value", y_title="S&E first degrees", unit="per million people", emphasis=[home, partner], fmt=",.0f"
        )
        if not se.empty
        else None
    )
    return Section(
        texts=texts,
        notes=notes,
        chart=chart,
        title=se_sentence or "Science and engineering first degrees per million people",
        missing="No S&E degree data for these economies.",
    )


# --- 5. Agreements (curated) -----------------------------------------------------------------

AGREEMENT_ORDER = ("CKFTA", "CPTPP", "DEPA", "RCEP", "APEC", "OECD", "G7")
STATUS_WORDS = {
    "member": "member since",
    "signatory": "signed",
    "negotiating": "negotiating, applied",
    "applied": "applied",
}


def membership(iso3: str, agreement: str) -> pd.Series | None:
    """The curated row for one economy in one agreement, or None if it is not a party, signatory or applicant."""
    df = load("agreements")
    rows = df[(df["iso3"] == iso3) & (df["agreement"] == agreement)]
    return None if rows.empty else rows.iloc[0]


def agreement_matrix(iso3s: Sequence[str]) -> pd.DataFrame:
    """Agreement × economy: 'member since 2015', 'negotiating, applied 2022'…, with a hidden URL column per economy."""
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
            cells.append(f"{STATUS_WORDS[r['status']]} {int(r['year'])}")
            urls.append(r["source_url"])
        out[name] = cells
        out[f"{name} source"] = urls
    return out


def shared(iso3s: Sequence[str]) -> list[str]:
    """Agreements in which every economy of ``iso3s`` is a member (in force)."""
    df = load("agreements")
    df = df[df["status"] == "member"]
    return [a for a in AGREEMENT_ORDER if set(iso3s) <= set(df.loc[df["agreement"] == a, "iso3"])]


def agreements_section(home: str, partner: str) -> Section:
    """Which agreements the pair share, and each one's DEPA standing, from the curated table."""
    both = shared([home, partner])
    depa = []
    for iso in (home, partner):
        row = membership(iso, "DEPA")
        # "X: status" for every economy, so the list reads the same whether or not X is a party.
        depa.append(
            f"{countries.name(iso)}: not a party"
            if row is None
            else f"{countries.name(iso)}: {STATUS_WORDS[row['status']]} {int(row['year'])}"
        )
    shared_text = (
        f"The pair are both members of {', '.join(both)}"
        if both
        else "The pair are not both members of any of the seven"
    )
    return Section(texts={"shared_sentence": shared_text, "depa_sentence": "; ".join(depa)})


# --- 6. Trade shift (trade) ------------------------------------------------------------------


def trade_section(home: str, partner: str) -> Section:
    """Total goods trade of the pair as each side reports it, nominal and real, from the introduction's
    trade section: the bilateral totals have one home (:func:`ckaibook.chapters.trade.trade_section`),
    so this chapter reads the same base year, latest year, values and rounding as the introduction's
    chart (``fig-intro-trade``), to which its text points."""
    intro = trade.trade_section(home, partner)
    sentence = " ".join(
        t
        for t in (intro.texts.get(k, "") for k in ("trade_sentence", "trade_real_sentence", "trade_outlier_sentence"))
        if t
    )
    facts = {}
    fact = intro.facts.get(f"trade_total_{home.lower()}") or intro.facts.get(f"trade_total_{partner.lower()}")
    if fact is not None:
        facts["trade_sentence"] = fact
    if intro.missing:
        why = intro.missing.removeprefix("No chart: ")
        notes = [why[:1].upper() + why[1:]]
    else:
        reporters = set(measures.trade_reporters())
        notes = [
            f"{countries.in_sentence(iso, start=True)} is not a reporter in the trade mirror; only "
            f"{countries.possessive(other)} reports are used."
            for iso, other in ((home, partner), (partner, home))
            if iso not in reporters
        ]
    return Section(texts={"trade_sentence": sentence}, facts=facts, notes=notes)


# --- Boxes and the verdict table ---------------------------------------------------------------


def load_source_text(load_mw: float) -> str:
    """Where the facility size comes from: the ledger's Ulsan figure (C30) if it is the default, else the reader."""
    c30 = ledger.claim("C30")
    if c30["unit"] == "MW" and float(c30["value"]) == float(load_mw):
        return f"the planned size of the SK Group–AWS campus in Ulsan by {c30['year']}, claims-ledger row C30"
    return "a size set by the reader"


def fossil_brief(v) -> str:
    """The 'In brief' sentence on C59 (a Verdict), for any pair."""
    if v.value is None:
        return f"The fossil-share test of the note's claim about Korea's power is {v.verdict} here ({v.figure})"
    return (
        f"{v.figure[:1].upper() + v.figure[1:]} came from coal, gas and oil, so the claim that Korea's power is "
        f"still heavily fossil-based is {v.verdict}"
    )


def c59_explanation(v) -> str:
    """Text under the C59 box (``v`` a Verdict): the ledger's figure beside ours, the peak, and why they differ."""
    if v.value is None:
        return ""
    c59 = ledger.claim("C59")
    led = float(c59["value"])
    same = fossil_verdict(led) == v.verdict
    kor = power.fossil_share(["KOR"], 2000, v.year)
    return (
        f"Generation, not consumption, on OWID's compilation of Ember data: {path(kor, _pct)}. The ledger's "
        f"source (MOTIE statistics, via ChosunBiz) gives {prose.number(led, 1, '%')} for {c59['year']} "
        "(coal and gas only), with nuclear the largest single source; Ember also counts oil and counts "
        "generation slightly differently, so the two shares are close but not equal. "
        + (
            "The rule gives the same verdict on either figure."
            if same
            else "On the ledger's figure the rule would give a different verdict."
        )
    )


def verdict_table(results: Sequence, ledger_only: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """The chapter's claims: the ledger's claim text, what was tested here and the result (verdict or context)."""
    rows = []
    for v in results:
        kind = "verdict" if v.kind == "verdict" else "context, not counted"
        rows.append(
            {
                "claim": v.claim_id,
                "the note says (ledger)": ledger.claim(v.claim_id)["claim"],
                "what was tested here": v.figure,
                "result": f"{v.verdict} ({kind})",
            }
        )
    for cid, why in ledger_only:
        rows.append(
            {
                "claim": cid,
                "the note says (ledger)": ledger.claim(cid)["claim"],
                "what was tested here": why,
                "result": f"ledger: {ledger.claim(cid)['verdict']}",
            }
        )
    return pd.DataFrame(rows)
