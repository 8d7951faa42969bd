"""Chapter 02 (challenges and opportunities): data-centre electricity, the two grids, an AI-load
calculator, LNG, compute and renewables build-out: this chapter's texts, tables and charts.

Shared quantities come from :mod:`ckaibook.measures` (generation mix, EI series, data centres, compute)
and :mod:`ckaibook.claims.ledger` (figures from the claims ledger, never typed).
"""

from __future__ import annotations

import pandas as pd

from ckaibook.claims import ledger, money, verdicts
from ckaibook.data import countries
from ckaibook.data.datapackage import load
from ckaibook.measures import cluster_sites, compute, datacentres, power
from ckaibook.measures import series as measures
from ckaibook.present import charts, prose
from ckaibook.present.prose import Fact
from ckaibook.present.sections import Section

GROWTH_SPAN = 10  # years over which a grid's "recent" average demand growth is measured


# --- 2. the two grids (Ember demand, OWID generation) ----------------------------------------


def demand(iso3s, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Ember electricity demand, TWh: ``iso3, year, value``."""
    df = measures.ember("demand_twh", iso3s, start, end)
    return df[["iso3", "year", "value"]].astype({"year": int})


def growth_sources(mixed: pd.DataFrame, span: int = GROWTH_SPAN) -> tuple[pd.DataFrame, dict[str, tuple[int, int]]]:
    """Change in generation by source (TWh) over the last ``span`` years each country has.

    Returns the rows (``iso3, fuel, change_twh``) and each country's (first, last) year.
    """
    rows, spans = [], {}
    for iso3, g in mixed.groupby("iso3"):
        last = int(g["year"].max())
        first = last - span
        if first not in set(g["year"]):
            continue
        a = g[g["year"] == first].set_index("fuel")["twh"]
        b = g[g["year"] == last].set_index("fuel")["twh"]
        for fuel in power.FUEL_ORDER:
            rows.append((iso3, fuel, float(b.get(fuel, 0.0) - a.get(fuel, 0.0))))
        spans[iso3] = (first, last)
    return pd.DataFrame(rows, columns=["iso3", "fuel", "change_twh"]), spans


# --- 3. AI-load calculator ---------------------------------------------------------------------


def avg_growth(series: pd.DataFrame, span: int = GROWTH_SPAN) -> tuple[float, int, int]:
    """Average annual change (TWh/yr) over the last ``span`` years of ``year, value`` rows: (rate, first, last)."""
    s = series.dropna(subset=["value"]).sort_values("year")
    last = int(s["year"].iloc[-1])
    first = last - span
    base = s[s["year"] == first]
    if base.empty:
        raise KeyError(f"no value {span} years before {last}")
    return (float(s["value"].iloc[-1]) - float(base["value"].iloc[0])) / span, first, last


def calculator(
    iso3s, load_mw: float, utilisation: float, years: float, pue: float = 1.0, span: int = GROWTH_SPAN
) -> pd.DataFrame:
    """The AI load against each grid: latest demand, share, and years of recent demand growth it equals.

    ``utilisation`` and ``pue`` should be the IEA's (:func:`ckaibook.measures.datacentres.iea_operating`);
    100% utilisation is only an upper bound. Countries without Ember demand (or without ``span`` years
    of it) are left out; the caller notes them.
    """
    energy = power.annual_energy_twh(load_mw, utilisation, pue)
    d = demand(iso3s)
    rows = []
    for iso3 in iso3s:
        s = d[d["iso3"] == iso3]
        if s.empty:
            continue
        latest = s.sort_values("year").iloc[-1]
        try:
            rate, first, last = avg_growth(s, span)
        except KeyError:
            continue
        rows.append(
            {
                "iso3": iso3,
                "country": countries.name(iso3),
                "demand_year": int(latest["year"]),
                "demand_twh": float(latest["value"]),
                "ai_twh_per_year": energy,
                "share_of_demand": energy / float(latest["value"]),
                "growth_twh_per_year": rate,
                "growth_window": f"{first}–{last}",
                "years_of_growth": energy / rate if rate > 0 else float("nan"),
                "energy_over_years_twh": energy * years,
            }
        )
    return pd.DataFrame(rows)


def calculator_table(calc: pd.DataFrame) -> pd.DataFrame:
    """The calculator's result formatted for the page (units in the column names)."""
    return pd.DataFrame(
        {
            "Country": calc["country"],
            "Demand (TWh, year)": [
                f"{prose.number(v, 0)} ({y})" for v, y in zip(calc["demand_twh"], calc["demand_year"], strict=False)
            ],
            "AI load (TWh/yr)": [prose.number(v, 2) for v in calc["ai_twh_per_year"]],
            "Share of demand": [prose.number(v * 100, 2, "%") for v in calc["share_of_demand"]],
            "Avg demand growth (TWh/yr)": [
                f"{prose.number(v, 1)} ({w})"
                for v, w in zip(calc["growth_twh_per_year"], calc["growth_window"], strict=False)
            ],
            "Equals years of growth": [
                "n/a (demand fell)" if pd.isna(v) else prose.number(v, 2) for v in calc["years_of_growth"]
            ],
        }
    )


# --- 4. LNG (Energy Institute) -------------------------------------------------------------------


def conversion(from_unit: str, to_unit: str) -> float:
    """The workbook's factor from one gas unit to another (e.g. 'million tonnes LNG' → 'billion cubic metres NG')."""
    f = load("ei_conversions").set_index(["from_unit", "to_unit"])["factor"]
    if (from_unit, to_unit) not in f.index:
        raise KeyError(f"no EI conversion from {from_unit!r} to {to_unit!r}")
    return float(f[(from_unit, to_unit)])


def convert_gas(amount: float, from_unit: str, to_unit: str) -> float:
    """``amount`` in ``from_unit`` expressed in ``to_unit`` with the EI workbook's own factor."""
    return amount * conversion(from_unit, to_unit)


MT_LNG, BCM = "million tonnes LNG", "billion cubic metres NG"


def lng_origins(importer: str, top: int = 8) -> pd.DataFrame:
    """An importer's LNG imports by origin (EI, 2023, bcm): the ``top`` origins, the rest summed."""
    t = load("ei_gas_trade")
    t = t[(t["mode"] == "lng") & (t["importer_iso3"] == importer)]
    if t.empty:
        return pd.DataFrame(columns=["origin", "bcm", "mt", "kind", "year"])
    t = t.sort_values("value", ascending=False)
    names = [
        countries.name(c) if isinstance(c, str) and c else n
        for c, n in zip(t["exporter_iso3"], t["exporter"], strict=False)
    ]
    df = pd.DataFrame({"origin": names, "bcm": t["value"].astype(float).to_numpy()})
    head, rest = df.iloc[:top], df.iloc[top:]
    if not rest.empty:
        head = pd.concat([head, pd.DataFrame({"origin": [f"{len(rest)} other origins"], "bcm": [rest["bcm"].sum()]})])
    head = head.assign(mt=head["bcm"] * conversion(BCM, MT_LNG))
    return head.assign(kind="2023 imports", year=int(t["year"].iloc[0])).reset_index(drop=True)


def lng_scale(importer: str) -> dict:
    """KOGAS's share (C36) of LNG Canada's nameplate capacity (C34) against an importer's latest LNG imports.

    In Mt a year, the note's unit: imports (EI, bcm) are converted with the workbook's own factor.
    Nameplate is capacity at full build-out, so the whole plant's share is an upper bound.
    """
    mt = ledger.number("C34")
    stake = ledger.number("C36") / 100
    bcm = convert_gas(mt, MT_LNG, BCM)
    imports = power.ei("lng_imports", [importer])
    out = {
        "mt": mt,
        "bcm": bcm,
        "factor": conversion(MT_LNG, BCM),
        "stake": stake,
        "stake_mt": mt * stake,
        "stake_bcm": bcm * stake,
        "imports_bcm": None,
        "imports_mt": None,
        "year": None,
    }
    if not imports.empty:
        last = imports.sort_values("year").iloc[-1]
        imports_mt = float(last["value"]) * conversion(BCM, MT_LNG)  # the note's unit, the workbook's factor
        out.update(
            imports_bcm=float(last["value"]),
            imports_mt=imports_mt,
            year=int(last["year"]),
            share=mt / imports_mt,
            stake_share=mt * stake / imports_mt,
        )
    return out


def pipeline_exports(exporter: str) -> pd.DataFrame:
    """An exporter's 2023 pipeline gas exports by destination (bcm)."""
    t = load("ei_gas_trade")
    t = t[(t["mode"] == "pipeline") & (t["exporter_iso3"] == exporter)]
    return t[["importer", "importer_iso3", "value", "year"]].reset_index(drop=True)


# --- 5. compute -------------------------------------------------------------------------------


def hardware_money(claim_ids=("C40", "C42", "C44")) -> pd.DataFrame:
    """The note's hardware money on one basis: the ledger's amount (its researched figure, which may differ from
    the note's rounded one), in nominal US$ and C$ at the announcement year's rate, with the ledger's account of
    who invested."""
    rows = []
    for cid in claim_ids:
        a = ledger.amount(cid)
        amount, ccy, year = a.value, a.currency, a.year
        row = ledger.claim(cid)
        rows.append(
            {
                "claim": cid,
                "what the note says": row["claim"],
                "amount (ledger)": prose.money(amount, ccy),
                "US$": prose.money(money.convert(amount, ccy, "USD", year), "USD"),
                "C$": prose.money(money.convert(amount, ccy, "CAD", year), "CAD"),
                "rate year": year,
                "who invested (ledger)": row["evidence"],
                "ledger verdict": row["verdict"],
                "cad": money.convert(amount, ccy, "CAD", year),
            }
        )
    return pd.DataFrame(rows)


# --- 6. renewables build-out ------------------------------------------------------------------


# --- charts (Altair, house style via charts.show) -----------------------------------------------


def _alt():
    import altair as alt

    return alt


SCENARIO_COLOURS = {
    "Estimate": "#222222",
    "Lift-Off": "#D55E00",
    "Base Case": "#0072B2",
    "High Efficiency": "#009E73",
    "Headwinds": "#999999",
}


def chart_dc(world: pd.DataFrame):
    """World data-centre electricity: estimates, then one line per scenario to 2030."""
    alt = _alt()
    order = list(SCENARIO_COLOURS)
    return (
        alt.Chart(world)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("value:Q", title="Electricity use (TWh)"),
            color=alt.Color(
                "series:N", sort=order, scale=alt.Scale(domain=order, range=list(SCENARIO_COLOURS.values()))
            ),
            strokeDash=alt.condition("datum.series == 'Estimate'", alt.value([1, 0]), alt.value([5, 3])),
            tooltip=[
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("year:Q", format="d", title="Year"),
                alt.Tooltip("value:Q", format=",.0f", title="TWh"),
            ],
        )
    )


def chart_mix(mixed: pd.DataFrame, order):
    """Share of generation by source over time, one panel per country (stacked areas)."""
    alt = _alt()
    data = mixed.assign(country=mixed["iso3"].map(countries.name), pct=mixed["share"] * 100)
    return (
        alt.Chart(data)
        .mark_area()
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=5)),
            y=alt.Y("pct:Q", title="Share of generation (%)", stack="zero", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("fuel:N", sort=list(power.FUEL_ORDER), scale=charts.fuel_scale(power.FUEL_ORDER)),
            order=alt.Order("fuel_rank:Q"),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("year:Q", format="d", title="Year"),
                alt.Tooltip("fuel:N", title="Source"),
                alt.Tooltip("pct:Q", format=".1f", title="% of generation"),
                alt.Tooltip("twh:Q", format=",.1f", title="TWh"),
            ],
            row=charts.country_rows(order),
        )
        .transform_calculate(
            fuel_rank=" + ".join(f"(datum.fuel == '{f}') * {i}" for i, f in enumerate(power.FUEL_ORDER))
        )
        .properties(height=170)
    )


def chart_growth(changes: pd.DataFrame, order):
    """Change in generation by source over the decade, bars per source, one row per country."""
    alt = _alt()
    data = changes.assign(country=changes["iso3"].map(countries.name))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("fuel:N", title=None, sort=list(power.FUEL_ORDER)),
            x=alt.X("change_twh:Q", title="Change in generation (TWh)"),
            color=alt.Color(
                "fuel:N",
                legend=None,
                sort=list(power.FUEL_ORDER),
                scale=charts.fuel_scale(power.FUEL_ORDER),
            ),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("fuel:N", title="Source"),
                alt.Tooltip("change_twh:Q", format="+,.1f", title="Change (TWh)"),
            ],
            row=charts.country_rows(order),
        )
        .properties(height=alt.Step(16))
    )


IMPORTS, STAKE, NAMEPLATE = "2023 imports", "KOGAS's 5% of nameplate", "whole plant at nameplate (upper bound)"


def chart_origins(origins: pd.DataFrame, stake_mt: float, nameplate_mt: float):
    """An importer's LNG imports by origin (Mt), with KOGAS's share of LNG Canada and the whole plant's
    nameplate capacity as bars of their own (capacities, in another colour)."""
    alt = _alt()
    extra = pd.DataFrame(
        {
            "origin": ["LNG Canada: KOGAS's 5%", "LNG Canada: whole plant"],
            "mt": [stake_mt, nameplate_mt],
            "kind": [STAKE, NAMEPLATE],
        }
    )
    data = pd.concat([origins[["origin", "mt", "kind"]], extra], ignore_index=True)
    order = data["origin"].tolist()
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("origin:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
            x=alt.X("mt:Q", title="Million tonnes of LNG a year"),
            color=alt.Color(
                "kind:N", scale=alt.Scale(domain=[IMPORTS, STAKE, NAMEPLATE], range=["#0047A0", "#D52B1E", "#F4A6A0"])
            ),
            tooltip=[
                alt.Tooltip("origin:N", title="Origin"),
                alt.Tooltip("kind:N", title="What"),
                alt.Tooltip("mt:Q", format=",.2f", title="Mt a year"),
            ],
        )
    )


def chart_additions(adds: pd.DataFrame, target_gw: float, order):
    """Annual wind + solar additions per country (lines), with the note's target as a dashed rule."""
    alt = _alt()
    from ckaibook.present.charts import time_lines

    totals = adds.groupby(["iso3", "year"], as_index=False)["gw"].sum()
    lines = time_lines(
        totals, y="gw", y_title="Wind + solar added", unit="GW", emphasis=list(order)[:2], fmt=",.2f", points=True
    )
    rule = alt.Chart(pd.DataFrame({"gw": [target_gw], "label": [f"note: {target_gw:g} GW a year"]}))
    return alt.layer(
        lines,
        rule.mark_rule(color="#D52B1E", strokeDash=[4, 3]).encode(y="gw:Q"),
        rule.mark_text(align="left", dx=4, dy=-6, color="#D52B1E").encode(y="gw:Q", x=alt.value(0), text="label:N"),
    )


def chart_clusters(g: pd.DataFrame):
    """H100-equivalents of existing GPU clusters by country (bars, book colours)."""
    alt = _alt()
    from ckaibook.present.charts import country_scale

    data = g.assign(country=g["iso3"].map(countries.name))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("country:N", title=None, sort="-x"),
            x=alt.X("h100e:Q", title="H100 equivalents (log scale)", scale=alt.Scale(type="log")),
            color=alt.Color("country:N", scale=country_scale(data["iso3"]), legend=None),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("h100e:Q", format=",.0f", title="H100e"),
                alt.Tooltip("clusters:Q", title="Clusters"),
                alt.Tooltip("share:Q", format=".1%", title="World share"),
            ],
        )
    )


PANEL_WIDTH = 300  # row panels: fits a 390 px phone screen with the axis, and reads at 700 px


STATUS_COLOURS = {"Existing": "#0047A0", "Planned": "#E69F00", "Decommissioned": "#999999"}


def chart_sites(places: pd.DataFrame):
    """GPU-cluster power capacity by place and status, one bar per country and place (log scale)."""
    alt = _alt()
    data = places.assign(
        label=[f"{countries.name(i)}: {p}" for i, p in zip(places["iso3"], places["place"], strict=False)]
    )
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "label:N",
                title=None,
                sort=alt.EncodingSortField("power_mw", order="descending"),
                axis=alt.Axis(labelLimit=260),
            ),
            x=alt.X("power_mw:Q", title="Power capacity (MW, log scale)", scale=alt.Scale(type="log")),
            color=alt.Color(
                "status:N", scale=alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values()))
            ),
            yOffset="status:N",
            tooltip=[
                alt.Tooltip("label:N", title="Place"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("clusters:Q", title="Clusters"),
                alt.Tooltip("power_mw:Q", format=",.1f", title="MW"),
            ],
        )
    )


# --- sections: everything a section says, computed for the pair on screen ----------------------


def sentence(text: str) -> str:
    """Upper-case the first letter only: proper nouns and units keep their case ("In Canada … (45 TWh)")."""
    return text[:1].upper() + text[1:]


def plural(n: int, word: str) -> str:
    """'1 cluster', '3 clusters', '1 system'."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")


NOTE_SECTIONS = ("energy-needs", "energy-cooperation", "hardware")


def intro_section(home: str, partner: str) -> Section:
    """The pair's names and the ledger's researched verdicts for the note's section 2."""
    claims = load("claims")
    rows = claims[claims["note_section"].isin(NOTE_SECTIONS)]
    counts = rows["verdict"].value_counts().reindex(ledger.VERDICT_ORDER).dropna().astype(int)
    return Section(
        texts={
            "home_name": countries.in_sentence(home),
            "partner_name": countries.in_sentence(partner),
            "ledger_counts": ", ".join(f"{n} {v}" for v, n in counts.items()),
        }
    )


def other_claims(shown: set[str]) -> pd.DataFrame:
    """The section's ledger rows not discussed above, with a link to each row."""
    claims = load("claims")
    rest = claims[claims["note_section"].isin(NOTE_SECTIONS) & ~claims["claim_id"].isin(shown)]
    rest = rest.sort_values("claim_id")
    return (
        rest.assign(row=rest["claim_id"], link="05-claims-ledger.html#claim-" + rest["claim_id"])[
            ["row", "claim", "verdict", "link"]
        ]
        .rename(columns={"verdict": "ledger verdict"})
        .reset_index(drop=True)
    )


def dc_section() -> Section:
    """World data-centre electricity, estimates and scenarios (IEA annex)."""
    mult = datacentres.dc_multiples()
    base = mult[mult["scenario"] == "Base Case"].iloc[0]
    lo, hi = mult.iloc[-1], mult.iloc[0]
    reach = (
        "no scenario reaches 4×" if hi["multiple"] < 4 else f"{hi['scenario']} reaches {prose.multiple(hi['multiple'])}"
    )
    return Section(
        texts={
            "dc_base_twh": prose.number(base["base_twh"], 0, "TWh"),
            "dc_base_year": str(base["base_year"]),
            "dc_2030_twh": prose.number(base["twh"], 0, "TWh"),
            "dc_min": prose.multiple(lo["multiple"]),
            "dc_min_name": lo["scenario"],
            "dc_max": prose.multiple(hi["multiple"]),
            "dc_max_name": hi["scenario"],
        },
        facts={
            "dc_base_twh": Fact("iea_energy_ai.electricity", "WLD", int(base["base_year"]), float(base["base_twh"]))
        },
        title=f"All data centres: {prose.multiple(base['multiple'])} by 2030 in the Base Case; {reach}",
        chart=chart_dc(datacentres.dc_world()),
    )


# The annex's regions that hold a country with a row of its own: quote the region without it.
COUNTRY_ROWS = {"North America": "United States", "Asia Pacific": "China"}
THE = {"United States": "the United States"}


def half_unit(value: float) -> float:
    """Half a unit of the last decimal the IEA annex prints for ``value`` (187 → 0.5, 1.7 → 0.05): its
    published figures are rounded, so a true value lies within this of the printed one."""
    for decimals in range(4):
        if abs(value - round(value, decimals)) < 1e-9:
            return 0.5 * 10**-decimals
    return 0.0


def residual_bounds(region: str, without: str) -> tuple[float, float]:
    """The lowest and highest 2024 → 2030 multiple of ``region`` less ``without`` that the annex's rounded
    rows allow (each printed figure is within :func:`half_unit` of the true one)."""
    regions = datacentres.dc_regions().set_index("region")
    base_col = next(c for c in regions.columns if c.endswith("(TWh)") and not c.startswith("2030"))
    proj_col = "2030 Base Case (TWh)"
    base = regions.loc[region, base_col] - regions.loc[without, base_col]
    proj = regions.loc[region, proj_col] - regions.loc[without, proj_col]
    base_err = half_unit(regions.loc[region, base_col]) + half_unit(regions.loc[without, base_col])
    proj_err = half_unit(regions.loc[region, proj_col]) + half_unit(regions.loc[without, proj_col])
    return (proj - proj_err) / (base + base_err), (proj + proj_err) / (base - base_err)


def region_text(iso3: str) -> str:
    """What the IEA annex says about the growth of one country's data-centre electricity use."""
    regions = datacentres.dc_regions().set_index("region")
    name = countries.in_sentence(iso3)  # 'the United States' in running text
    region = datacentres.iea_region(iso3)
    if region is None or region not in regions.index:
        return f"{name} has no IEA region in this book's mapping"
    if region == name or region in COUNTRY_ROWS.values():
        return f"{name} has a row of its own ({prose.multiple(regions.loc[region, 'multiple'])} from 2024 to 2030)"
    if region in COUNTRY_ROWS:
        big = COUNTRY_ROWS[region]
        r = datacentres.region_residual(region, big)
        base_col = f"{r['base_year']} (TWh)"
        share = regions.loc[big, base_col] / regions.loc[region, base_col]
        the = THE.get(big, big)
        lo, hi = residual_bounds(region, big)
        whole = regions.loc[region, "multiple"]
        # A difference of two rounded figures is only as precise as their rounding: say so when it
        # cannot tell the residual's growth from the region's.
        versus = (
            f"not the region's {prose.multiple(whole)}"
            if not lo <= whole <= hi
            else f"but the annex rounds both rows, so anything from {prose.multiple(lo)} to {prose.multiple(hi)} "
            f"fits and the data cannot tell it from the region's {prose.multiple(whole)}"
        )
        return (
            f"{name} sits in {region}, which is {prose.percent(share)} {the} "
            f"({prose.number(regions.loc[big, base_col], 0)} of "
            f"{prose.number(regions.loc[region, base_col], 0)} TWh "
            f"in {r['base_year']}); without {the}, {region} goes from {prose.number(r['base_twh'], 0)} to "
            f"{prose.number(r['twh'], 0)} TWh ({prose.multiple(r['multiple'])}), {versus}"
        )
    return (
        f"{name} sits in {region} ({prose.multiple(regions.loc[region, 'multiple'])} from 2024 to 2030), "
        "a region the annex does not split by country"
    )


def regions_section(home: str, partner: str) -> Section:
    """The IEA regions that hold the pair, with the residual where a region is mostly one other country."""
    own = [c for c in (home, partner) if datacentres.iea_region(c) == countries.name(c)]
    lacking = [countries.in_sentence(c) for c in (home, partner) if c not in own]
    one = len(lacking) == 1
    tail = (
        f" {sentence(' and '.join(lacking))} {'has' if one else 'have'} no row of "
        f"{'its' if one else 'their'} own, so the "
        "annex cannot say how that demand will grow country by country."
        if lacking
        else ""
    )
    return Section(texts={"region_sentence": f"{sentence(region_text(home))}; {region_text(partner)}.{tail}"})


def regions_table() -> pd.DataFrame:
    """Data-centre electricity by IEA region, with the two residuals (region without its largest country)."""
    regions = datacentres.dc_regions()
    rows = []
    for region, big in COUNTRY_ROWS.items():
        r = datacentres.region_residual(region, big)
        rows.append(
            {
                "region": f"{region} without {big}",
                regions.columns[1]: r["base_twh"],
                "2030 Base Case (TWh)": r["twh"],
                "multiple": r["multiple"],
            }
        )
    return pd.concat([regions, pd.DataFrame(rows)], ignore_index=True)


def _change(s: pd.DataFrame, name: str) -> str:
    a, b = s.iloc[0], s.iloc[-1]
    peak_v, peak_y = power.peak(s)
    text = (
        f"{countries.possessive_of_name(name)} demand went from "
        f"{prose.number(a['value'], 0, 'TWh')} in {int(a['year'])} to "
        f"{prose.number(b['value'], 0, 'TWh')} in {int(b['year'])} "
        f"({'+' if b['value'] >= a['value'] else ''}{prose.number((b['value'] / a['value'] - 1) * 100, 0, '%')})"
    )
    if peak_y != int(b["year"]) and peak_v > b["value"] * 1.01:
        text += f", below its peak of {prose.number(peak_v, 0, 'TWh')} in {peak_y}"
    return text


def demand_section(home: str, partner: str, start: int, end: int) -> Section:
    """Electricity demand of the pair over time (Ember), with each side's change and any peak."""
    pair = [home, partner]
    dem = demand(pair, start, end)
    parts, notes, facts = [], [], {}
    for iso3 in (partner, home):
        s = dem[dem["iso3"] == iso3].sort_values("year")
        if len(s) < 2:
            notes.append(f"Ember has no demand series for {countries.in_sentence(iso3)} in {start}–{end}.")
            continue
        parts.append(_change(s, countries.name(iso3)))
    for iso3 in pair:
        s = dem[dem["iso3"] == iso3].sort_values("year")
        if len(s):
            facts[f"demand_{'home' if iso3 == home else 'partner'}"] = Fact(
                "ember.demand_twh", iso3, int(s.iloc[-1]["year"]), float(s.iloc[-1]["value"])
            )
    text = "; ".join(parts) + "." if parts else "Ember has no demand series for either country."
    title = parts[0].split(" (")[0] if parts else ""
    return Section(
        texts={"demand_sentence": sentence(text)},
        title=sentence(title),
        notes=notes,
        chart=charts.time_lines(dem, y="value", y_title="Electricity demand", unit="TWh", emphasis=pair, fmt=",.0f")
        if len(dem)
        else None,
        missing="No electricity demand data for the pair on screen.",
    )


TURN = 0.05  # a peak at least 5 points above both end points changes the reading of a share's change


def mix_section(home: str, partner: str, start: int, end: int) -> Section:
    """Generation by source: each side's fossil and low-carbon shares in the latest year both have, and a
    fossil-share peak that the end points hide."""
    pair = [home, partner]
    mixed = power.mix(pair, start, end)
    sh = power.shares(mixed)
    have = [c for c in pair if c in set(mixed["iso3"])]
    notes = [f"No generation-by-source data for {countries.in_sentence(c)}." for c in pair if c not in have]
    title_parts, low, turns, facts = [], [], [], {}
    # Compare like with like: the latest year both countries have (each its own if only one has data).
    latest = sh.groupby("iso3")["year"].max()
    common = int(latest.min()) if len(latest) else None
    for iso3 in (partner, home):
        rows = sh[(sh["iso3"] == iso3) & (sh["year"] <= (common or 0))].sort_values("year")
        if rows.empty:
            continue
        r = rows.iloc[-1]
        name = countries.name(iso3)
        title_parts.append(
            f"{countries.possessive_of_name(name)} power is {prose.percent(r['fossil'])} fossil ({int(r['year'])})"
        )
        low.append(f"{prose.percent(r['low_carbon'])} in {countries.in_sentence(iso3)}")
        facts[f"fossil_{'home' if iso3 == home else 'partner'}"] = Fact(
            "generation_mix.share:fossil", iso3, int(r["year"]), float(r["fossil"])
        )
        peak_v, peak_y = power.peak(rows.rename(columns={"fossil": "value"})[["year", "value"]])
        first = rows.iloc[0]
        if peak_y not in (int(first["year"]), int(r["year"])) and peak_v - max(first["fossil"], r["fossil"]) >= TURN:
            turns.append(
                f"{countries.possessive_of_name(name)} fossil share was {prose.percent(first['fossil'])} in "
                f"{int(first['year'])}, "
                f"peaked at {prose.percent(peak_v)} in {peak_y} and fell to {prose.percent(r['fossil'])} "
                f"by {int(r['year'])}: the end points hide the peak"
            )
    title = "; ".join(title_parts) if title_parts else "No generation data for the pair"
    text = (
        f"Low-carbon sources (nuclear, hydro, wind, solar, bioenergy and others) supply {' and '.join(low)} "
        f"in {common}{', the latest year both have' if len(low) == 2 else ''}."
        if low
        else ""
    )
    if turns:
        text += " " + "; ".join(sentence(t) for t in turns) + "."
    return Section(
        texts={"mix_sentence": text or "No generation data for the pair.", "brief_mix": title},
        facts=facts,
        title=title,
        notes=notes,
        chart=chart_mix(mixed, have) if have else None,
        missing="No generation-by-source data for the pair on screen.",
    )


def growth_text(changes: pd.DataFrame, spans: dict, iso3: str) -> str:
    """'in Korea (2014–2024) solar grew most (+40 TWh) and coal fell most (−20 TWh)': names keep their case."""
    c = changes[changes["iso3"] == iso3].sort_values("change_twh")
    c = c[c["change_twh"] != 0]  # a source the country never used (nuclear in Singapore) is not a change
    name = countries.in_sentence(iso3)
    if c.empty:
        return f"{name} has fewer than {GROWTH_SPAN} years of generation data"
    up, down = c.iloc[-1], c.iloc[0]
    a, b = spans[iso3]
    return (
        f"in {name} ({a}–{b}) {up['fuel']} grew most ({prose.number(up['change_twh'], 0, 'TWh')}) and "
        f"{down['fuel']} {'fell' if down['change_twh'] < 0 else 'grew'} "
        f"{'most' if down['change_twh'] < 0 else 'least'} ({prose.number(down['change_twh'], 0, 'TWh')})"
    )


def growth_section(home: str, partner: str, start: int, end: int) -> Section:
    """Change in generation by source over each side's last ten years of data."""
    mixed = power.mix([home, partner], start, end)
    changes, spans = growth_sources(mixed)
    parts = []
    for iso3 in (partner, home):
        c = changes[changes["iso3"] == iso3]
        if not c.empty:
            up = c.sort_values("change_twh").iloc[-1]
            parts.append(
                f"{up['fuel']} added most in {countries.in_sentence(iso3)} "
                f"({prose.number(up['change_twh'], 0, 'TWh')})"
            )
    return Section(
        texts={
            "growth_sentence": f"{sentence(growth_text(changes, spans, home))}; "
            f"{growth_text(changes, spans, partner)}."
        },
        title=sentence("; ".join(parts)) if parts else "",
        chart=chart_growth(changes, [c for c in (home, partner) if c in spans]) if len(changes) else None,
        missing=f"Fewer than {GROWTH_SPAN} years of generation data for the pair: no change by source to show.",
    )


PEAK_TURN = 0.05  # a generation peak at least 5% above both end points changes the reading of a change


def hidden_peak(series: pd.DataFrame, turn: float = PEAK_TURN, floor: float = 0.0) -> tuple[float, int] | None:
    """(value, year) of a ``year, value`` series' peak when the end points hide it: inside the window, at least
    ``turn`` (a fraction) and at least ``floor`` (in the series' unit) above both ends; else None."""
    s = series.sort_values("year")
    peak_v, peak_y = power.peak(s)
    ends = max(float(s["value"].iloc[0]), float(s["value"].iloc[-1]))
    inside = peak_y not in (int(s["year"].iloc[0]), int(s["year"].iloc[-1]))
    return (peak_v, peak_y) if inside and peak_v >= ends * (1 + turn) and peak_v - ends >= floor else None


def coal_gas_change(iso3: str, start: int | None = None, end: int | None = None) -> dict | None:
    """Change in coal and gas generation (TWh) over a country's last ten years of data, or None; with each
    fuel's peak in those years when the end points hide it (``coal_peak``, ``gas_peak``: (TWh, year) or None)."""
    mixed = power.mix([iso3], start, end)
    changes, spans = growth_sources(mixed)
    c = changes[changes["iso3"] == iso3].set_index("fuel")["change_twh"]
    if c.empty:
        return None
    first, last = spans[iso3]
    window = mixed[(mixed["year"] >= first) & (mixed["year"] <= last)]
    peaks = {
        # at least 1 TWh above the ends: the sentence rounds to whole TWh, so a smaller peak would not show
        f"{fuel}_peak": hidden_peak(
            window[window["fuel"] == fuel].rename(columns={"twh": "value"})[["year", "value"]], floor=1.0
        )
        for fuel in ("coal", "gas")
    }
    return {"coal": float(c["coal"]), "gas": float(c["gas"]), "first": first, "last": last, **peaks}


def calculator_section(
    home: str, partner: str, load_mw: float, utilisation: float, pue: float, years: float, changed: list[str]
) -> Section:
    """An AI load against each grid at the IEA's operating parameters, 100% as an upper bound, and the
    largest planned cluster in the home country (its province or region matters)."""
    focus = countries.focus(home, partner)
    op = datacentres.iea_operating()
    calc = calculator(focus, load_mw, utilisation, years, pue)
    annual = power.annual_energy_twh(load_mw, utilisation, pue)
    upper = power.annual_energy_twh(load_mw, 1.0, pue)
    notes = []
    if changed:
        notes.append(f"Calculator parameters changed from their cited defaults: {', '.join(changed)}.")
    lacking = [c for c in focus if c not in set(calc["iso3"])]
    if lacking:
        notes.append(f"No {GROWTH_SPAN}-year Ember demand series for {', '.join(countries.names(lacking))}; left out.")
    rows = calc.set_index("iso3")
    parts = []
    for iso3 in (partner, home):
        name = countries.name(iso3)
        if iso3 not in rows.index:
            parts.append(f"{name}: no demand series")
            continue
        r = rows.loc[iso3]
        g = r["years_of_growth"]
        yrs = (
            "more than its demand grew (demand fell)"
            if pd.isna(g)
            else f"{prose.number(g * 12, 1)} months of its recent demand growth"
            if g * 12 >= 1
            else f"{plural(round(g * 365), 'day')} of its recent demand growth"
            if g * 365 >= 0.5
            else "less than a day of its recent demand growth"
        )
        parts.append(
            f"{prose.number(r['share_of_demand'] * 100, 2, '%')} of "
            f"{countries.possessive_of_name(name)} demand, or {yrs}"
        )
    site = cluster_sites.largest_planned(home)
    province = (
        f"Where the campus sits matters as much as its size: grids are run province by province or region by "
        f"region, and Epoch's largest planned cluster in {countries.in_sentence(home)} is {_site(site)}."
        if site is not None
        else f"Epoch lists no planned cluster with a power capacity in {countries.in_sentence(home)}."
    )
    c30 = ledger.number("C30")
    return Section(
        texts={
            "calc_defaults": (
                f"{prose.number(c30, 0, 'MW')} is the planned capacity of the SK Group–AWS campus in "
                f"Ulsan (ledger C30), and {prose.percent(op.load_factor)} and "
                f"{prose.number(op.pue, 2)} "
                f"are the IEA annex's {op.year} load factor and PUE of {op.segment} data centres; "
                f"{prose.number(years, 0)} years runs from the annex's 2024 base to the note's 2030"
            ),
            "calc_load": prose.number(load_mw, 0, "MW"),
            "calc_util": f"{prose.percent(utilisation)} average utilisation and a PUE of {prose.number(pue, 2)}",
            "calc_twh": prose.number(annual, 2, "TWh"),
            "calc_total": prose.number(annual * years, 1, "TWh"),
            "calc_years": prose.number(years, 0),
            "calc_upper": prose.number(upper, 2, "TWh"),
            "calc_sentence": "; ".join(parts),
            "calc_province": province,
        },
        notes=notes,
    )


def lng_section(home: str, partner: str, start: int | None = None, end: int | None = None) -> Section:
    """KOGAS's 5% of LNG Canada's nameplate, then the whole plant, against the partner's LNG imports (Mt),
    and the change in the partner's coal and gas generation (the note's 'displace coal'). The importer is
    the country in Korea's role (:func:`countries.note_roles`): Korea itself when it is home on screen."""
    home, partner = countries.note_roles(home, partner)
    lng = lng_scale(partner)
    origins = lng_origins(partner)
    name = countries.name(partner)
    # KOGAS is Korea's buyer; for another importer the 5% is only a yardstick of the same size.
    stake = "KOGAS's 5%" if partner == countries.PARTNER else "A 5% share (the size of KOGAS's stake)"
    texts = {
        "importer_possessive": countries.possessive(partner),
        "lng_factor": prose.number(lng["factor"], 2),
        "lng_nameplate": prose.number(lng["mt"], 0, "Mt a year"),
        "stake_mt": prose.number(lng["stake_mt"], 1, "Mt a year"),
    }
    facts = {}
    if lng["imports_mt"] is None or origins.empty:
        texts.update(
            lng_lead=f"The Energy Institute records no LNG imports for {countries.in_sentence(partner)}, so KOGAS's "
            f"{prose.number(lng['stake_mt'], 1, 'Mt a year')} cannot be set against them",
            lng_share="(no imports recorded)",
            stake_share="(no imports recorded)",
        )
        title = ""
    else:
        texts.update(
            lng_share=prose.percent(lng["share"]),
            stake_share=prose.percent(lng["stake_share"], 1),
            lng_imports=prose.number(lng["imports_mt"], 1, "Mt"),
            lng_lead=(
                f"{stake} of LNG Canada's {prose.number(lng['mt'], 0, 'Mt')} a year is "
                f"{prose.number(lng['stake_mt'], 1, 'Mt')} a year: {prose.percent(lng['stake_share'], 1)} of "
                f"{countries.possessive_of_name(name)} {prose.number(lng['imports_mt'], 1, 'Mt')} "
                f"of LNG imports in {lng['year']} "
                f"({prose.number(lng['imports_bcm'], 1, 'bcm')} converted at the workbook's factor). Even the "
                f"whole plant at nameplate capacity, an upper bound, would be {prose.percent(lng['share'])} "
                "of them"
            ),
        )
        facts["lng_imports"] = Fact("ei_series.lng_imports", partner, lng["year"], lng["imports_bcm"])
        title = (
            f"{stake} of LNG Canada is {prose.percent(lng['stake_share'], 1)} of {countries.possessive_of_name(name)} "
            "LNG imports; "
            f"the whole plant at most {prose.percent(lng['share'])}"
        )
    cg = coal_gas_change(partner, start, end)
    if cg is None:
        texts["lng_coal"] = (
            "There are too few years of generation data to see whether gas replaced coal in "
            f"{countries.in_sentence(partner)}."
        )
    else:
        verb = {True: "rose", False: "fell"}
        shift = (
            "gas gained where coal lost, the direction the note's 'reduce its coal use' needs"
            if cg["gas"] > 0 > cg["coal"]
            else "coal did not lose while gas gained, so the data do not show gas displacing coal"
            if cg["gas"] > 0
            else "gas did not gain, so more LNG would have to reverse that trend to displace coal"
        )
        # Turning points said: a peak between the end points changes what "fell by" means.
        turns = [
            f"{fuel}-fired generation peaked at {prose.number(cg[f'{fuel}_peak'][0], 0, 'TWh')} in "
            f"{cg[f'{fuel}_peak'][1]}"
            for fuel in ("coal", "gas")
            if cg[f"{fuel}_peak"] is not None
        ]
        texts["lng_coal"] = (
            f"In {countries.in_sentence(partner)}, from {cg['first']} to {cg['last']}, coal-fired generation "
            f"{verb[cg['coal'] > 0]} "
            f"by {prose.number(abs(cg['coal']), 0, 'TWh')} and gas-fired generation "
            f"{verb[cg['gas'] > 0]} by {prose.number(abs(cg['gas']), 0, 'TWh')}: {shift}"
            + (
                f" (in between, {' and '.join(turns)}: the end points hide the peak{'s' if len(turns) > 1 else ''})"
                if turns
                else ""
            )
        )
    return Section(
        texts=texts,
        facts=facts,
        title=title,
        chart=(chart_origins(origins, lng["stake_mt"], lng["mt"]) if title else None),
        missing=f"The Energy Institute records no LNG imports by origin for {countries.in_sentence(partner)}.",
    )


def lng_trend_section(home: str, partner: str, start: int, end: int) -> Section:
    """LNG imports over time for the partner and the region's two largest importers, with the partner's
    peak; the home country's gas production and exports (EI, to 2023); roles as in :func:`lng_section`."""
    home, partner = countries.note_roles(home, partner)
    imp = power.ei("lng_imports", [partner, "JPN", "CHN"], start, end)
    name = countries.name(partner)
    s = imp[imp["iso3"] == partner].sort_values("year")
    if s.empty:
        trend, title = f"The Energy Institute records no LNG imports for {countries.in_sentence(partner)}.", ""
    else:
        peak_v, peak_y = power.peak(s)
        last = s.iloc[-1]
        trend = (
            f"{countries.possessive_of_name(name)} LNG imports were "
            f"{prose.number(last['value'], 1, 'bcm')} in {int(last['year'])}"
            + (
                f", against a peak of {prose.number(peak_v, 1, 'bcm')} in {peak_y}."
                if peak_y != int(last["year"])
                else ", the highest in the series."
            )
        )
        title = trend.split(", against")[0].rstrip(".")
    prod = power.ei("gas_production", [home])
    pipe = pipeline_exports(home)
    exports = power.ei("lng_exports", [home])
    parts = []
    if not prod.empty:
        parts.append(
            f"natural gas production of {prose.number(prod.iloc[-1]['value'], 0, 'bcm')} in "
            f"{int(prod.iloc[-1]['year'])}"
        )
    if not pipe.empty:
        parts.append(
            f"pipeline exports of {prose.number(pipe['value'].sum(), 0, 'bcm')} in " f"{int(pipe['year'].iloc[0])}"
        )
    if exports.empty or float(exports["value"].sum()) == 0:
        parts.append("no LNG exports at all up to 2023")
    else:
        last_x = exports.iloc[-1]
        parts.append(f"LNG exports of {prose.number(last_x['value'], 1, 'bcm')} in {int(last_x['year'])}")
    home_text = f"For {countries.in_sentence(home)}, the Energy Institute records {', '.join(parts)}."
    return Section(
        texts={"lng_trend_sentence": trend, "lng_home": home_text},
        title=title,
        chart=(
            charts.time_lines(imp, y="value", y_title="LNG imports", unit="bcm", emphasis=[partner], fmt=",.1f")
            if not s.empty
            else None
        ),
        missing=f"No LNG import series for {countries.in_sentence(partner)}.",
    )


SITE_PLACES = 5  # places named in a sentence; the table lists them all
CHART_PLACES = 12  # bars per country in the sites chart (largest power capacity first)


def _site(site: pd.Series) -> str:
    where = "location not given" if site["place"] == cluster_sites.NOT_LOCATED else site["place"]
    return (
        f"{site['name']} ({where}, {prose.number(site['power_mw'], 0, 'MW')} of power capacity, "
        f"certainty: {str(site['certainty']).lower()})"
    )


def sites_section(home: str, partner: str) -> Section:
    """Where the pair's GPU clusters are, existing and planned (Epoch's locations), by place."""
    places = pd.concat([cluster_sites.by_place(c).assign(iso3=c) for c in (home, partner)], ignore_index=True)
    drawn = places[places["power_mw"].notna() & (places["power_mw"] > 0)]
    drawn = drawn.sort_values("power_mw", ascending=False).groupby("iso3").head(CHART_PLACES)
    parts, notes, title_bits = [], [], []
    for iso3 in (partner, home):
        name = countries.name(iso3)
        p = places[places["iso3"] == iso3]
        if p.empty:
            notes.append(f"Epoch records no GPU cluster in {countries.in_sentence(iso3)}.")
            continue
        ex = p[p["status"] == "Existing"]
        located = ex[ex["place"] != cluster_sites.NOT_LOCATED].sort_values(
            ["clusters", "place"], ascending=[False, True]
        )
        named = located["place"].tolist()
        where = ", ".join(named[:SITE_PLACES]) + (
            f" and {len(named) - SITE_PLACES} other places" if len(named) > SITE_PLACES else ""
        )
        text = (
            f"{countries.in_sentence(iso3)} has {plural(int(ex['clusters'].sum()), 'existing cluster')}, "
            f"{int(located['clusters'].sum())} of them located" + (f" ({where})" if named else "")
        )
        site = cluster_sites.largest_planned(iso3)
        if site is not None:
            text += f"; its largest planned cluster is {_site(site)}"
            where = "location not given" if site["place"] == cluster_sites.NOT_LOCATED else site["place"]
            title_bits.append(
                f"{countries.possessive_of_name(name)} largest planned site: {where}, "
                f"{prose.number(site['power_mw'], 0)} MW"
            )
        parts.append(text)
    return Section(
        texts={
            "sites_sentence": sentence("; ".join(parts)) + "."
            if parts
            else "Epoch records no GPU cluster in either country."
        },
        title="; ".join(title_bits) or "Existing GPU clusters of the pair by place",
        notes=notes,
        chart=chart_sites(drawn) if len(drawn) else None,
        missing="Epoch reports no power capacity for the pair's clusters.",
    )


def sites_table(home: str, partner: str) -> pd.DataFrame:
    """The pair's GPU clusters with their place, status and power capacity, for the page."""
    s = cluster_sites.sites([home, partner])
    return pd.DataFrame(
        {
            "Country": s["iso3"].map(countries.name),
            "Cluster": s["name"],
            "Place": s["place"],
            "Status": s["status"],
            "Certainty": s["certainty"],
            "Power capacity (MW)": [("" if pd.isna(v) else prose.number(v, 1)) for v in s["power_mw"]],
        }
    )


def top500_text(t5: pd.DataFrame, iso3: str, list_date: str) -> str:
    """'Korea 13 systems (2.1% of Rmax)' for one TOP500 list."""
    r = t5[(t5["iso3"] == iso3) & (t5["list_date"] == list_date)]
    return (
        f"{countries.name(iso3)} {plural(int(r['systems'].iloc[0]), 'system')} "
        f"({prose.number(r['value'].iloc[0], 1, '%')} of Rmax)"
        if len(r)
        else f"{countries.name(iso3)} none"
    )


def top500_section(home: str, partner: str) -> Section:
    """Each country's share of TOP500 Rmax by list."""
    focus = countries.focus(home, partner)
    t5 = compute.top500_by_country(focus)
    t5 = t5.assign(year=t5["list_date"], value=t5["rmax_share"] * 100)
    latest_list = str(t5["list_date"].max())
    facts = {}
    for iso3 in (home, partner):
        r = t5[(t5["iso3"] == iso3) & (t5["list_date"] == latest_list)]
        if len(r):
            facts[f"top500_{'home' if iso3 == home else 'partner'}"] = Fact(
                "top500_country.rmax_share", iso3, latest_list, float(r["rmax_share"].iloc[0])
            )
    return Section(
        texts={
            "top500_sentence": f"In the TOP500 of {latest_list}: {top500_text(t5, partner, latest_list)}, "
            f"{top500_text(t5, home, latest_list)}.",
            "latest_list": latest_list,
            "top500_lists": str(t5["list_date"].nunique()),
        },
        facts=facts,
        title=f"TOP500, {latest_list}: {top500_text(t5, partner, latest_list)}; {top500_text(t5, home, latest_list)}",
        chart=charts.time_lines(
            t5[["iso3", "year", "value"]],
            y="value",
            y_title="Share of TOP500 Rmax",
            unit="%",
            emphasis=[home, partner],
            x="year:O",
            fmt=".1f",
            points=True,
        ),
    )


def per_million(home: str, partner: str, values: dict[str, float], decimals: int = 0) -> str:
    """'Korea 121 and Canada 76 H100e' per million people, on the latest year of WDI population both have
    (populations differ, so a count alone misleads); "" when either has no population row."""
    pop = measures.wdi("sp.pop.totl", [home, partner]).dropna(subset=["value"])
    years = set(pop[pop["iso3"] == home]["year"]) & set(pop[pop["iso3"] == partner]["year"])
    if not years:
        return ""
    year = max(years)
    p = pop[pop["year"] == year].set_index("iso3")["value"]
    parts = [f"{countries.name(c)} {prose.number(values[c] / p[c] * 1e6, decimals)}" for c in (partner, home)]
    return f"{' and '.join(parts)} H100e (population {year})"


def gpu_section(home: str, partner: str, top: int = 10) -> Section:
    """Existing GPU-cluster capacity (H100e) by country: the ten largest plus the pair."""
    gpu = compute.gpu_capacity()
    head = gpu.head(top)
    shown = pd.concat([head, gpu[gpu["iso3"].isin([home, partner]) & ~gpu["iso3"].isin(head["iso3"])]])
    g = gpu.set_index("iso3")

    def text(iso3: str, short: bool = False) -> str:
        name = countries.name(iso3)
        if iso3 not in g.index:
            return f"{name} none recorded"
        base = f"{name} {prose.number(g.loc[iso3, 'h100e'], 0)} H100e"
        return (
            base
            if short
            else (
                f"{base} in {plural(int(g.loc[iso3, 'clusters']), 'cluster')} "
                f"({prose.percent(g.loc[iso3, 'share'] / 100, 1)} of the world total)"
            )
        )

    leader = gpu.iloc[0]
    lead = f"{countries.in_sentence(leader['iso3'])} alone holds {prose.percent(leader['share'] / 100)}"
    per = per_million(home, partner, {c: float(g.loc[c, "h100e"]) if c in g.index else 0.0 for c in (home, partner)})
    if per:
        lead += f". Per million people, {per}"
    else:
        lead += ". With no population row for both in the World Bank table, there is no per-person figure"
    facts = {
        f"gpu_{'home' if c == home else 'partner'}": Fact(
            "gpu_capacity.h100e", c, compute.GPU_AS_OF, float(g.loc[c, "h100e"])
        )
        for c in (home, partner)
        if c in g.index
    }
    return Section(
        texts={"gpu_sentence": f"In Epoch's existing GPU clusters: {text(partner)}; {text(home)}; {lead}."},
        facts=facts,
        title=f"{text(partner, True)}; {text(home, True)}: {lead}",
        chart=chart_clusters(shown),
    )


def renewables_section(home: str, partner: str, start: int, end: int) -> Section:
    """Wind + solar capacity added per year, each side's five-year pace, which technology led, the peak."""
    adds = power.additions([home, partner])
    adds = adds[(adds["year"] >= start) & (adds["year"] <= end)]
    target = ledger.number("C48")
    parts, notes = [], []
    for iso3 in (home, partner):
        try:
            gw, a, b = power.pace(adds, iso3)
        except KeyError:
            notes.append(f"No wind or solar capacity data for {countries.in_sentence(iso3)}.")
            continue
        w = adds[(adds["iso3"] == iso3) & (adds["year"] >= a) & (adds["year"] <= b)].groupby("tech")["gw"].sum()
        lead = "solar" if w.get("solar", 0) >= w.get("wind", 0) else "wind"
        totals = adds[adds["iso3"] == iso3].groupby("year")["gw"].sum()
        peak_y = int(totals.idxmax())
        text = (
            f"{countries.in_sentence(iso3)} added {prose.number(gw, 1, 'GW')} of wind and solar capacity "
            f"a year on average in {a}–{b}, "
            f"mostly {lead}"
        )
        if peak_y < a:
            text += f" (its peak year was {peak_y}, with {prose.number(float(totals.max()), 1, 'GW')})"
        parts.append(text)
    title = sentence(parts[0].split(", mostly")[0]) if parts else ""
    canada_role = countries.note_roles(home, partner)[0]
    if parts and canada_role == "CAN":  # the note's 5 GW is about Canada, wherever it is on screen
        v = power.pace(adds, canada_role)[0]
        title += f", {'below' if v < target else 'above'} the note's {prose.number(target, 0)} GW"
    return Section(
        texts={"adds_sentence": sentence("; ".join(parts)) + "." if parts else "No capacity data for the pair."},
        title=title,
        notes=notes,
        chart=chart_additions(adds, target, [home, partner]) if not adds.empty else None,
        missing="No wind or solar capacity data for the pair on screen.",
    )


def brief_section(home: str, partner: str) -> Section:
    """The chapter's summary figures from the live checks C26 and C48 (C48 is about Canada only)."""
    v26 = verdicts.run("C26", home, partner)
    v48 = verdicts.run("C48", home, partner)
    if v48.value is not None:
        c48 = (
            f"{countries.name('CAN')}'s wind and solar additions averaged {prose.number(v48.value, 1)} GW a year "
            f"in the five years to {v48.year}"
        )
    else:
        c48 = "the note's 5 GW a year is not about a country of this pair"
    return Section(
        texts={
            "c26_figure": prose.multiple(v26.value) + " in the Base Case",
            "c48_brief": c48,
            # C48 is a proxy (additions, not an auction pipeline): the brief labels it context, as its box does.
            "c48_verdict": (
                f"context only, the data point to {v48.verdict}"
                if v48.kind == "context" and v48.verdict not in ("not applicable", "not testable")
                else v48.verdict
            ),
        }
    )


def calculator_for(
    home: str, partner: str, load_mw: float, utilisation: float, years: float, pue: float
) -> pd.DataFrame:
    """:func:`calculator` for the pair and the book's comparators, formatted for the page."""
    return calculator_table(calculator(countries.focus(home, partner), load_mw, utilisation, years, pue))


def dates_section() -> Section:
    """The date of the ledger's source for the first LNG cargo (C33) and the first year of the EI LNG export
    series the C32 check reads."""
    first = int(load("ei_series").query("measure == 'lng_exports'")["year"].min())
    return Section(texts={"c33_date": str(ledger.claim("C33")["source_date"]), "lng_series_start": str(first)})


# Why each live check reads as it does; shown under its box only when the claim applies to the pair.
EXPLANATIONS = {
    "C26": (
        "The annex supports strong growth (more than double) but not the quadrupling, which the IEA states only "
        "for AI-optimised data centres, a series it does not publish. The forecast itself cannot be tested before "
        "2030."
    ),
    "C28": (
        "Epoch lists AI clusters, not every data centre, and records sites rather than moves: the planned capacity "
        "does sit outside the capital region, but mostly in the south-west, not in Busan or Ulsan."
    ),
    "C30": "Epoch has the cluster in Ulsan at 103 MW, planned: it was announced, not built, when the note was written.",
    "C31": "Two planned clusters of at least 100 MW in two places; Epoch does not name the owner of the larger one.",
    "C32": (
        "The series gives the exporting country, not the terminal: the link to Alaska comes from the ledger's "
        "evidence and the EIA's date for the first re-exports, so this is context. It bears on the strict 'first'; "
        "the ledger's 'first major plant with direct Pacific access' reading is not in the data."
    ),
    "C33": "The Energy Institute data end before the first cargo.",
    "C34": (
        "Nameplate capacity is not in any dataset here, and the EI data end before start-up, so actual volumes "
        "cannot be set against it yet."
    ),
    "C47": "The mirror holds no trade data by product (HS 7308.20, towers).",
    "C48": (
        "A pipeline is not the same as additions, but a sustained 5 GW a year of auctions would show up as "
        "capacity within a few years; the latest five years show nothing near it."
    ),
}


def c42_why() -> str:
    """Why C42 is not testable, with the round's size from the ledger (not typed)."""
    a = ledger.amount("C42")
    return (
        f"Venture rounds are not in any dataset here; the ledger shows the {prose.money(a.value, a.currency, 0)} "
        "was the whole round, not Samsung's share."
    )


def explain(v: verdicts.Verdict) -> str:
    """The explanation under a live check's box; none when the claim does not apply to the pair on screen."""
    return "" if v.verdict == "not applicable" else EXPLANATIONS.get(v.claim_id, "")
