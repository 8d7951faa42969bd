"""Chapter 02 (challenges and opportunities): data-centre electricity, the two grids, an AI-load
calculator, LNG, compute and renewables build-out.

Also holds generic helpers other chapters may reuse: :func:`mix` (generation by source with fossil and
low-carbon shares), :func:`claim_number`/:func:`claim_amount` (figures from the claims ledger, never typed),
:func:`ei` (one Energy Institute series), :func:`convert_gas` (with the workbook's own factors),
:func:`top500_by_country` and :func:`gpu_clusters_by_country`.
"""
from __future__ import annotations

import pandas as pd

from ckaibook.data import countries
from ckaibook.measures import series as measures
from ckaibook.claims import money
from ckaibook.present import prose
from ckaibook.data.datapackage import load
from ckaibook.claims.verdicts import claim

HOURS_PER_YEAR = 8760
SCENARIO_NAMES = {"estimate": "Estimate", "base": "Base Case", "lift_off": "Lift-Off",
                  "high_efficiency": "High Efficiency", "headwinds": "Headwinds"}
FOSSIL = ("coal", "gas", "oil")
LOW_CARBON = ("nuclear", "hydro", "solar", "wind", "other low-carbon")
FUEL_ORDER = ("coal", "gas", "oil", "nuclear", "hydro", "wind", "solar", "other low-carbon")
FUEL_COLOURS = {"coal": "#4D4D4D", "gas": "#B07AA1", "oil": "#9C755F", "nuclear": "#F28E2B",
                "hydro": "#4E79A7", "wind": "#59A14F", "solar": "#EDC948", "other low-carbon": "#8CD17D"}
GROWTH_SPAN = 10  # years over which a grid's "recent" average demand growth is measured


# --- claims ledger ---------------------------------------------------------------------------

def claim_number(claim_id: str) -> float:
    """The ledger's ``value`` for a claim, as a number (raises if the claim has none)."""
    value = claim(claim_id)["value"]
    if pd.isna(value) or value == "":
        raise ValueError(f"claim {claim_id} has no numeric value in the ledger")
    return float(value)


SCALES = {"billion": 1e9, "million": 1e6, "trillion": 1e12}


def claim_amount(claim_id: str) -> tuple[float, str]:
    """A money claim as (amount in currency units, ISO currency), from value × unit scale."""
    row = claim(claim_id)
    if pd.isna(row["currency"]) or row["unit"] not in SCALES:
        raise ValueError(f"claim {claim_id} is not a money amount (unit {row['unit']!r})")
    return claim_number(claim_id) * SCALES[row["unit"]], str(row["currency"])


def claim_date_year(claim_id: str) -> int:
    """Year of the ledger source's date (when the amount was announced), else the claim's year."""
    row = claim(claim_id)
    text = row["source_date"] if isinstance(row["source_date"], str) and row["source_date"] else row["year"]
    return int(str(text)[:4])


# --- 1. data-centre electricity (IEA annex) -------------------------------------------------

def dc_world() -> pd.DataFrame:
    """World data-centre electricity (all segments), TWh: estimates and 2030 by scenario, for the chart.

    Each scenario's line starts at the last estimate so the chart shows the fan from 2024 to 2030.
    """
    df = load("iea_energy_ai")
    df = df[(df["region"] == "World") & (df["measure"] == "electricity") & (df["segment"] == "total")
            & (df["year"] <= 2030)]
    est = df[df["scenario"] == "estimate"]
    last = est.sort_values("year").iloc[-1]
    rows = [est.assign(series="Estimate")]
    for scen in ("base", "lift_off", "high_efficiency", "headwinds"):
        proj = df[df["scenario"] == scen]
        start = last.to_frame().T.assign(scenario=scen)
        rows.append(pd.concat([start, proj]).assign(series=SCENARIO_NAMES[scen]))
    out = pd.concat(rows, ignore_index=True)[["series", "year", "value"]]
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype(float)
    return out


def dc_multiples() -> pd.DataFrame:
    """Growth multiple of world data-centre electricity, last estimate → 2030, per scenario."""
    df = load("iea_energy_ai")
    df = df[(df["region"] == "World") & (df["measure"] == "electricity") & (df["segment"] == "total")]
    est = df[df["scenario"] == "estimate"].sort_values("year").iloc[-1]
    proj = df[(df["scenario"] != "estimate") & (df["year"] == 2030)]
    out = pd.DataFrame({"scenario": proj["scenario"].map(SCENARIO_NAMES), "base_year": int(est["year"]),
                        "base_twh": float(est["value"]), "year": 2030, "twh": proj["value"].astype(float)})
    out["multiple"] = out["twh"] / out["base_twh"]
    return out.sort_values("multiple", ascending=False).reset_index(drop=True)


# Which IEA region holds a country (the annex has single-country rows only for the US and China).
IEA_REGION = {"USA": "United States", "CHN": "China", "CAN": "North America", "MEX": "North America"}
ASIA_PACIFIC = {"KOR", "JPN", "AUS", "NZL", "IND", "TWN", "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP",
                "THA", "VNM", "PAK", "BGD", "LKA", "MNG", "HKG"}
EUROPE = {"DEU", "FRA", "GBR", "ITA", "ESP", "NLD", "SWE", "NOR", "POL", "CHE", "AUT", "BEL", "DNK", "FIN", "IRL",
          "PRT", "CZE", "GRC", "HUN", "ROU"}


def iea_region(iso3: str) -> str | None:
    """The IEA annex region a country sits in (None if the book has no mapping for it)."""
    if iso3 in IEA_REGION:
        return IEA_REGION[iso3]
    if iso3 in ASIA_PACIFIC:
        return "Asia Pacific"
    if iso3 in EUROPE:
        return "Europe"
    return None


def dc_regions() -> pd.DataFrame:
    """Data-centre electricity by IEA region: last estimate, 2030 Base Case and the multiple."""
    df = load("iea_energy_ai")
    df = df[(df["measure"] == "electricity") & (df["segment"] == "total")]
    est = df[df["scenario"] == "estimate"]
    last_year = int(est["year"].max())
    a = est[est["year"] == last_year].set_index("region")["value"]
    b = df[(df["scenario"] == "base") & (df["year"] == 2030)].set_index("region")["value"]
    out = pd.DataFrame({f"{last_year} (TWh)": a, "2030 Base Case (TWh)": b}).dropna()
    out["multiple"] = out["2030 Base Case (TWh)"] / out[f"{last_year} (TWh)"]
    return out.sort_values(f"{last_year} (TWh)", ascending=False).reset_index(names="region")


QUADRUPLE = 4.0


def quadruple_verdict(multiples: pd.Series, base_multiple: float) -> str:
    """C26 rule: any scenario ≥4× → supported; Base Case ≥2× → partly-supported; else contradicted."""
    if (multiples >= QUADRUPLE).any():
        return "supported"
    if base_multiple >= 2:
        return "partly-supported"
    return "contradicted"


# --- 2. the two grids (Ember demand, OWID generation) ----------------------------------------

def demand(iso3s, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Ember electricity demand, TWh: ``iso3, year, value``."""
    df = measures.ember("demand_twh", iso3s, start, end)
    return df[["iso3", "year", "value"]].astype({"year": int})


def mix(iso3s, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Generation by source (OWID, TWh) with shares: ``iso3, year, fuel, twh, share``.

    'other low-carbon' = total minus the seven sources that have TWh files (bioenergy, geothermal,
    other renewables and 'other'); fossil = coal + gas + oil. One download vintage (2026-04-29).
    """
    df = load("owid_energy")
    df = df[(df["variable"] == "generation") & df["iso3"].isin(list(iso3s))]
    df = measures.window(df, start, end)
    wide = df.pivot_table(index=["iso3", "year"], columns="fuel", values="value")
    if wide.empty:
        return pd.DataFrame(columns=["iso3", "year", "fuel", "twh", "share"])
    wide = wide.dropna(subset=["total"])
    parts = [f for f in ("coal", "gas", "oil", "nuclear", "hydro", "wind", "solar") if f in wide.columns]
    wide = wide.fillna({f: 0.0 for f in parts})
    wide["other low-carbon"] = (wide["total"] - wide[parts].sum(axis=1)).clip(lower=0)
    long = wide.drop(columns="total").reset_index().melt(id_vars=["iso3", "year"], var_name="fuel", value_name="twh")
    long = long.merge(wide["total"].reset_index(), on=["iso3", "year"])
    long["share"] = long["twh"] / long["total"]
    long["year"] = long["year"].astype(int)
    return long.drop(columns="total").sort_values(["iso3", "year", "fuel"]).reset_index(drop=True)


def shares(mixed: pd.DataFrame) -> pd.DataFrame:
    """Fossil and low-carbon shares per country-year from :func:`mix` output: ``iso3, year, fossil, low_carbon``."""
    g = mixed.assign(group=mixed["fuel"].map(lambda f: "fossil" if f in FOSSIL else "low_carbon"))
    out = g.pivot_table(index=["iso3", "year"], columns="group", values="share", aggfunc="sum").reset_index()
    return out


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
        for fuel in FUEL_ORDER:
            rows.append((iso3, fuel, float(b.get(fuel, 0.0) - a.get(fuel, 0.0))))
        spans[iso3] = (first, last)
    return pd.DataFrame(rows, columns=["iso3", "fuel", "change_twh"]), spans


# --- 3. AI-load calculator ---------------------------------------------------------------------

def annual_energy_twh(load_mw: float, utilisation: float) -> float:
    """Energy a load of ``load_mw`` drawn on average at ``utilisation`` uses in a year, TWh."""
    return load_mw * utilisation * HOURS_PER_YEAR / 1e6


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
    energy = annual_energy_twh(load_mw, utilisation)
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

def ei(measure: str, iso3s, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """One Energy Institute series for some countries: ``iso3, year, value, unit``."""
    df = load("ei_series")
    known = set(df["measure"])
    if measure not in known:
        raise KeyError(f"unknown EI measure {measure!r}; known: {', '.join(sorted(known))}")
    df = df[(df["measure"] == measure) & df["iso3"].isin(list(iso3s))]
    df = measures.window(df, start, end)
    return df[["iso3", "year", "value", "unit"]].astype({"year": int}).reset_index(drop=True)


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
    mt = claim_number("C34")
    stake = claim_number("C36") / 100
    bcm = convert_gas(mt, MT_LNG, BCM)
    imports = ei("lng_imports", [importer])
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

def top500_by_country(iso3s=None) -> pd.DataFrame:
    """Systems and Rmax by country per list: ``list_date, iso3, systems, rmax_pflops, rmax_share``."""
    t = load("top500")
    g = t.groupby(["list_date", "iso3"], as_index=False).agg(systems=("rank", "size"), rmax=("rmax_tflops", "sum"))
    totals = t.groupby("list_date")["rmax_tflops"].sum()
    g["rmax_share"] = g["rmax"] / g["list_date"].map(totals)
    g["rmax_pflops"] = g["rmax"] / 1000
    g = g.drop(columns="rmax")
    if iso3s is not None:
        g = g[g["iso3"].isin(list(iso3s))]
    return g.sort_values(["list_date", "iso3"]).reset_index(drop=True)


def gpu_clusters_by_country(standard_only: bool = True) -> pd.DataFrame:
    """Existing GPU clusters by country: ``iso3, clusters, h100e, power_mw`` (Epoch's standard analysis set)."""
    c = load("epoch_gpu_clusters")
    c = c[c["status"] == "Existing"]
    if standard_only:
        c = c[c["standard_analysis"].fillna(False)]
    g = c.groupby("iso3", as_index=False).agg(clusters=("row", "size"), h100e=("h100_equivalents", "sum"),
                                              power_mw=("power_mw", "sum"))
    g["share"] = g["h100e"] / g["h100e"].sum()
    return g.sort_values("h100e", ascending=False).reset_index(drop=True)


def hardware_money(claim_ids=("C40", "C42", "C44")) -> pd.DataFrame:
    """The note's hardware money on one basis: amount as claimed, in US$ and C$ at the announcement year's rate,
    with the ledger's account of who invested."""
    rows = []
    for cid in claim_ids:
        amount, ccy = claim_amount(cid)
        year = claim_date_year(cid)
        row = claim(cid)
        rows.append({"claim": cid, "what the note says": row["claim"], "as claimed": prose.money(amount, ccy),
                     "US$": prose.money(money.convert(amount, ccy, "USD", year), "USD"),
                     "C$": prose.money(money.convert(amount, ccy, "CAD", year), "CAD"), "rate year": year,
                     "who invested (ledger)": row["evidence"], "ledger verdict": row["verdict"],
                     "cad": money.convert(amount, ccy, "CAD", year)})
    return pd.DataFrame(rows)


# --- 6. renewables build-out ------------------------------------------------------------------

def additions(iso3s) -> pd.DataFrame:
    """Annual wind and solar capacity additions (GW) from EI end-of-year capacity: ``iso3, year, tech, gw``.

    An addition is the year-on-year change of installed capacity (net of retirements).
    """
    frames = []
    for measure, tech in (("wind_capacity", "wind"), ("solar_capacity", "solar")):
        s = ei(measure, iso3s).sort_values(["iso3", "year"])
        s["gw"] = s.groupby("iso3")["value"].diff() / 1000
        s = s[s["year"] - s.groupby("iso3")["year"].shift() == 1]  # only consecutive years
        frames.append(s.assign(tech=tech)[["iso3", "year", "tech", "gw"]])
    return pd.concat(frames, ignore_index=True).dropna(subset=["gw"])


def pace(adds: pd.DataFrame, iso3: str, span: int = 5) -> tuple[float, int, int]:
    """Average annual wind + solar additions (GW/yr) over a country's last ``span`` years: (gw, first, last)."""
    a = adds[adds["iso3"] == iso3].groupby("year")["gw"].sum()
    if a.empty:
        raise KeyError(f"no capacity additions for {iso3}")
    last = int(a.index.max())
    window = a[a.index > last - span]
    return float(window.mean()), int(window.index.min()), last


def pace_verdict(gw_per_year: float, target: float) -> str:
    """C48 rule: average additions ≥ target → supported; ≥ half of it → partly-supported; else contradicted."""
    if gw_per_year >= target:
        return "supported"
    if gw_per_year >= target / 2:
        return "partly-supported"
    return "contradicted"


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
        color=alt.Color("fuel:N", sort=list(FUEL_ORDER),
                        scale=alt.Scale(domain=list(FUEL_ORDER), range=[FUEL_COLOURS[f] for f in FUEL_ORDER])),
        order=alt.Order("fuel_rank:Q"),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("year:Q", format="d", title="Year"),
                 alt.Tooltip("fuel:N", title="Source"), alt.Tooltip("pct:Q", format=".1f", title="% of generation"),
                 alt.Tooltip("twh:Q", format=",.1f", title="TWh")],
        row=alt.Row("country:N", title=None, sort=countries.names(order),
                    header=alt.Header(labelAngle=0, labelAlign="left", labelOrient="top", labelFontWeight=600)),
    ).transform_calculate(
        fuel_rank=" + ".join(f"(datum.fuel == '{f}') * {i}" for i, f in enumerate(FUEL_ORDER))
    ).properties(height=170)


def chart_growth(changes: pd.DataFrame, order):
    """Change in generation by source over the decade, bars per source, one row per country."""
    alt = _alt()
    data = changes.assign(country=changes["iso3"].map(countries.name))
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("fuel:N", title=None, sort=list(FUEL_ORDER)),
        x=alt.X("change_twh:Q", title="Change in generation (TWh)"),
        color=alt.Color("fuel:N", legend=None, sort=list(FUEL_ORDER),
                        scale=alt.Scale(domain=list(FUEL_ORDER), range=[FUEL_COLOURS[f] for f in FUEL_ORDER])),
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
