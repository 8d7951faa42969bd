"""Chapter 02 (challenges and opportunities): data-centre electricity, the two grids, an AI-load
calculator, LNG, compute and renewables build-out: this chapter's texts, tables and charts.

Shared quantities come from :mod:`ckaibook.measures` (generation mix, EI series, data centres, compute)
and :mod:`ckaibook.claims.ledger` (figures from the claims ledger, never typed).
"""
from __future__ import annotations

import pandas as pd

from ckaibook.claims import ledger, money
from ckaibook.data import countries
from ckaibook.data.datapackage import load
from ckaibook.measures import power
from ckaibook.measures import series as measures
from ckaibook.present import charts, prose

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


def calculator(iso3s, load_mw: float, utilisation: float, years: float, span: int = GROWTH_SPAN) -> pd.DataFrame:
    """The AI load against each grid: latest demand, share, and years of recent demand growth it equals.

    Countries without Ember demand (or without ``span`` years of it) are left out; the caller notes them.
    """
    energy = power.annual_energy_twh(load_mw, utilisation)
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
        rows.append({
            "iso3": iso3, "country": countries.name(iso3), "demand_year": int(latest["year"]),
            "demand_twh": float(latest["value"]), "ai_twh_per_year": energy,
            "share_of_demand": energy / float(latest["value"]),
            "growth_twh_per_year": rate, "growth_window": f"{first}–{last}",
            "years_of_growth": energy / rate if rate > 0 else float("nan"),
            "energy_over_years_twh": energy * years,
        })
    return pd.DataFrame(rows)


def calculator_table(calc: pd.DataFrame) -> pd.DataFrame:
    """The calculator's result formatted for the page (units in the column names)."""
    return pd.DataFrame({
        "Country": calc["country"],
        "Demand (TWh, year)": [f"{prose.number(v, 0)} ({y})" for v, y in zip(calc["demand_twh"], calc["demand_year"])],
        "AI load (TWh/yr)": [prose.number(v, 2) for v in calc["ai_twh_per_year"]],
        "Share of demand": [prose.number(v * 100, 2, "%") for v in calc["share_of_demand"]],
        "Avg demand growth (TWh/yr)": [f"{prose.number(v, 1)} ({w})" for v, w in
                                        zip(calc["growth_twh_per_year"], calc["growth_window"])],
        "Equals years of growth": ["n/a (demand fell)" if pd.isna(v) else prose.number(v, 2)
                                   for v in calc["years_of_growth"]],
    })


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
        return pd.DataFrame(columns=["origin", "bcm", "kind", "year"])
    t = t.sort_values("value", ascending=False)
    names = [countries.name(c) if isinstance(c, str) and c else n for c, n in zip(t["exporter_iso3"], t["exporter"])]
    df = pd.DataFrame({"origin": names, "bcm": t["value"].astype(float).to_numpy()})
    head, rest = df.iloc[:top], df.iloc[top:]
    if not rest.empty:
        head = pd.concat([head, pd.DataFrame({"origin": [f"{len(rest)} other origins"], "bcm": [rest["bcm"].sum()]})])
    return head.assign(kind="2023 imports", year=int(t["year"].iloc[0])).reset_index(drop=True)


def lng_scale(importer: str) -> dict:
    """LNG Canada's nameplate (C34) and KOGAS's share (C36) against an importer's 2023 LNG imports."""
    mt = ledger.number("C34")
    stake = ledger.number("C36") / 100
    bcm = convert_gas(mt, MT_LNG, BCM)
    imports = power.ei("lng_imports", [importer])
    out = {"mt": mt, "bcm": bcm, "factor": conversion(MT_LNG, BCM), "stake": stake, "stake_mt": mt * stake,
           "stake_bcm": bcm * stake, "imports_bcm": None, "year": None}
    if not imports.empty:
        last = imports.sort_values("year").iloc[-1]
        out.update(imports_bcm=float(last["value"]), year=int(last["year"]),
                   share=bcm / float(last["value"]), stake_share=bcm * stake / float(last["value"]))
    return out


def pipeline_exports(exporter: str) -> pd.DataFrame:
    """An exporter's 2023 pipeline gas exports by destination (bcm)."""
    t = load("ei_gas_trade")
    t = t[(t["mode"] == "pipeline") & (t["exporter_iso3"] == exporter)]
    return t[["importer", "importer_iso3", "value", "year"]].reset_index(drop=True)


# --- 5. compute -------------------------------------------------------------------------------


def hardware_money(claim_ids=("C40", "C42", "C44")) -> pd.DataFrame:
    """The note's hardware money on one basis: amount as claimed, in US$ and C$ at the announcement year's rate,
    with the ledger's account of who invested."""
    rows = []
    for cid in claim_ids:
        a = ledger.amount(cid)
        amount, ccy, year = a.value, a.currency, a.year
        row = ledger.claim(cid)
        rows.append({"claim": cid, "what the note says": row["claim"], "as claimed": prose.money(amount, ccy),
                     "US$": prose.money(money.convert(amount, ccy, "USD", year), "USD"),
                     "C$": prose.money(money.convert(amount, ccy, "CAD", year), "CAD"), "rate year": year,
                     "who invested (ledger)": row["evidence"], "ledger verdict": row["verdict"],
                     "cad": money.convert(amount, ccy, "CAD", year)})
    return pd.DataFrame(rows)


# --- 6. renewables build-out ------------------------------------------------------------------


# --- charts (Altair, house style via charts.show) -----------------------------------------------

def _alt():
    import altair as alt

    return alt


SCENARIO_COLOURS = {"Estimate": "#222222", "Lift-Off": "#D55E00", "Base Case": "#0072B2",
                    "High Efficiency": "#009E73", "Headwinds": "#999999"}


def chart_dc(world: pd.DataFrame):
    """World data-centre electricity: estimates, then one line per scenario to 2030."""
    alt = _alt()
    order = list(SCENARIO_COLOURS)
    return alt.Chart(world).mark_line(point=True).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
        y=alt.Y("value:Q", title="Electricity use (TWh)"),
        color=alt.Color("series:N", sort=order, scale=alt.Scale(domain=order, range=list(SCENARIO_COLOURS.values()))),
        strokeDash=alt.condition("datum.series == 'Estimate'", alt.value([1, 0]), alt.value([5, 3])),
        tooltip=[alt.Tooltip("series:N", title="Series"), alt.Tooltip("year:Q", format="d", title="Year"),
                 alt.Tooltip("value:Q", format=",.0f", title="TWh")],
    )


def chart_mix(mixed: pd.DataFrame, order):
    """Share of generation by source over time, one panel per country (stacked areas)."""
    alt = _alt()
    data = mixed.assign(country=mixed["iso3"].map(countries.name), pct=mixed["share"] * 100)
    return alt.Chart(data).mark_area().encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=5)),
        y=alt.Y("pct:Q", title="Share of generation (%)", stack="zero", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("fuel:N", sort=list(power.FUEL_ORDER),
                        scale=alt.Scale(domain=list(power.FUEL_ORDER), range=[charts.FUEL_COLOURS[f] for f in power.FUEL_ORDER])),
        order=alt.Order("fuel_rank:Q"),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("year:Q", format="d", title="Year"),
                 alt.Tooltip("fuel:N", title="Source"), alt.Tooltip("pct:Q", format=".1f", title="% of generation"),
                 alt.Tooltip("twh:Q", format=",.1f", title="TWh")],
        row=alt.Row("country:N", title=None, sort=countries.names(order),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top", labelFontWeight=600)),
    ).transform_calculate(
        fuel_rank=" + ".join(f"(datum.fuel == '{f}') * {i}" for i, f in enumerate(power.FUEL_ORDER))
    ).properties(height=170)


def chart_growth(changes: pd.DataFrame, order):
    """Change in generation by source over the decade, bars per source, one row per country."""
    alt = _alt()
    data = changes.assign(country=changes["iso3"].map(countries.name))
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("fuel:N", title=None, sort=list(power.FUEL_ORDER)),
        x=alt.X("change_twh:Q", title="Change in generation (TWh)"),
        color=alt.Color("fuel:N", legend=None, sort=list(power.FUEL_ORDER),
                        scale=alt.Scale(domain=list(power.FUEL_ORDER), range=[charts.FUEL_COLOURS[f] for f in power.FUEL_ORDER])),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("fuel:N", title="Source"),
                 alt.Tooltip("change_twh:Q", format="+,.1f", title="Change (TWh)")],
        row=alt.Row("country:N", title=None, sort=countries.names(order),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top", labelFontWeight=600)),
    ).properties(height=alt.Step(16))


def chart_origins(origins: pd.DataFrame, lng_canada_bcm: float, label: str):
    """An importer's LNG imports by origin, with LNG Canada's nameplate as a separate, outlined bar."""
    alt = _alt()
    extra = pd.DataFrame({"origin": [label], "bcm": [lng_canada_bcm], "kind": ["LNG Canada nameplate (converted)"]})
    data = pd.concat([origins[["origin", "bcm", "kind"]], extra], ignore_index=True)
    order = data["origin"].tolist()
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("origin:N", title=None, sort=order, axis=alt.Axis(labelLimit=220)),
        x=alt.X("bcm:Q", title="Billion cubic metres"),
        color=alt.Color("kind:N", scale=alt.Scale(domain=["2023 imports", "LNG Canada nameplate (converted)"],
                                                  range=["#0047A0", "#D52B1E"])),
        tooltip=[alt.Tooltip("origin:N", title="Origin"), alt.Tooltip("bcm:Q", format=",.2f", title="bcm")],
    )


def chart_additions(adds: pd.DataFrame, target_gw: float, order):
    """Annual wind + solar additions per country (lines), with the note's target as a dashed rule."""
    alt = _alt()
    from ckaibook.present.charts import time_lines

    totals = adds.groupby(["iso3", "year"], as_index=False)["gw"].sum()
    lines = time_lines(totals, y="gw", y_title="Wind + solar added", unit="GW", emphasis=list(order)[:2],
                       fmt=",.2f", points=True)
    rule = alt.Chart(pd.DataFrame({"gw": [target_gw], "label": [f"note: {target_gw:g} GW a year"]}))
    return alt.layer(lines, rule.mark_rule(color="#D52B1E", strokeDash=[4, 3]).encode(y="gw:Q"),
                     rule.mark_text(align="left", dx=4, dy=-6, color="#D52B1E").encode(
                         y="gw:Q", x=alt.value(0), text="label:N"))


def chart_clusters(g: pd.DataFrame):
    """H100-equivalents of existing GPU clusters by country (bars, book colours)."""
    alt = _alt()
    from ckaibook.present.charts import country_scale

    data = g.assign(country=g["iso3"].map(countries.name))
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("country:N", title=None, sort="-x"),
        x=alt.X("h100e:Q", title="H100 equivalents (log scale)", scale=alt.Scale(type="log")),
        color=alt.Color("country:N", scale=country_scale(data["iso3"]), legend=None),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("h100e:Q", format=",.0f", title="H100e"),
                 alt.Tooltip("clusters:Q", title="Clusters"), alt.Tooltip("share:Q", format=".1%", title="World share")],
    )


PANEL_WIDTH = 300  # row panels: fits a 390 px phone screen with the axis, and reads at 700 px


def show_panels(chart, width: int = PANEL_WIDTH, **kwargs):
    """``charts.show`` for a chart with row panels, each ``width`` pixels wide."""
    from ckaibook.present.charts import show

    return show(chart, panel_width=width, **kwargs)


def share_finding(sh: pd.DataFrame, home: str, partner: str) -> str:
    """Chart title: each country's fossil share in its latest year."""
    parts = []
    for iso3 in (partner, home):
        rows = sh[sh["iso3"] == iso3].sort_values("year")
        if not rows.empty:
            r = rows.iloc[-1]
            parts.append(f"{countries.name(iso3)}'s power is {prose.percent(r['fossil'])} fossil ({int(r['year'])})")
    return "; ".join(parts) if parts else "No generation data for the pair"


def growth_finding(changes: pd.DataFrame, home: str, partner: str) -> str:
    """Chart title: the source that grew most in each country over the span."""
    parts = []
    for iso3 in (partner, home):
        c = changes[changes["iso3"] == iso3]
        if not c.empty:
            up = c.sort_values("change_twh").iloc[-1]
            parts.append(f"{up['fuel']} added most in {countries.name(iso3)} (+{prose.number(up['change_twh'], 0)} TWh)")
    text = "; ".join(parts) if parts else "No change by source to show"
    return text[0].upper() + text[1:]
