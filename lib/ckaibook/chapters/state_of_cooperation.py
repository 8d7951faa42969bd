"""Chapter 01 (state of co-operation): strategies and money, the research-vs-commercialisation
scoreboard, AI models and their citations, talent, ICT and compute, and the composite index."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import altair as alt
import pandas as pd

from ckaibook.present import charts, prose
from ckaibook.data import countries
from ckaibook.measures import compute
from ckaibook.measures import models as epoch
from ckaibook.measures import series as measures
from ckaibook.measures.infrastructure import Comparison
from ckaibook.claims import money
from ckaibook.data.datapackage import DataError, load

# ---------------------------------------------------------------- strategies and money

SCALES = {"million": 1e6, "billion": 1e9, "trillion": 1e12}
# Ledger rows that carry the money figures of the two strategies, and whose strategy each is.
MONEY_CLAIMS = {"C17": "CAN", "C21": "KOR", "C40": "KOR"}


def ledger() -> pd.DataFrame:
    return load("claims").set_index("claim_id")


def pillars_table() -> pd.DataFrame:
    """The pillars, note's list and official list, ready to display (pillar text linked to the source)."""
    df = load("strategy_pillars")
    version = {"note": "as the note lists them", "official": "official list (ledger)"}
    out = pd.DataFrame({
        "strategy": df["country"].map(countries.name),
        "list": df["version"].map(version),
        "no.": df["pillar"].astype(int),
        "pillar": df["text"],
        "ledger row": df["claim_id"],
        "source_url": df["source_url"],
    })
    return out.sort_values(["strategy", "list", "no."], ascending=[True, False, True]).reset_index(drop=True)


def pillar_counts() -> dict[tuple[str, str], int]:
    df = load("strategy_pillars")
    return df.groupby(["country", "version"]).size().to_dict()


def rate_year(row: pd.Series) -> int:
    """The year whose average exchange rate converts a commitment: the year it was announced
    (the source's date), else the ledger's year."""
    date = str(row.get("source_date") or "")
    return int(date[:4]) if date[:4].isdigit() else int(float(row["year"]))


def amount(row: pd.Series) -> float:
    unit = str(row["unit"])
    if unit not in SCALES:
        raise ValueError(f"ledger unit {unit!r} is not a money scale ({', '.join(SCALES)})")
    return float(row["value"]) * SCALES[unit]


@dataclass(frozen=True)
class Commitment:
    claim_id: str
    iso3: str
    amount: float
    currency: str
    year: int
    usd: float
    cad: float
    gdp_share: float
    per_person_usd: float
    gdp_year: int


def commitments() -> list[Commitment]:
    """The note's strategy money figures, read from the ledger, on US$ and C$ bases, as a share of
    that year's GDP and per person."""
    claims = ledger()
    out = []
    for cid, iso in MONEY_CLAIMS.items():
        row = claims.loc[cid]
        value, year = amount(row), rate_year(row)
        usd = money.convert(value, row["currency"], "USD", year)
        cad = money.convert(value, row["currency"], "CAD", year)
        gdp, gdp_year = measures.value_at_or_before(measures.wdi("ny.gdp.mktp.cd", [iso]), iso, year)
        pop, _ = measures.value_at_or_before(measures.wdi("sp.pop.totl", [iso]), iso, gdp_year)
        out.append(Commitment(cid, iso, value, row["currency"], year, usd, cad, usd / gdp, usd / pop, gdp_year))
    return out


def money_table(items: Sequence[Commitment]) -> pd.DataFrame:
    claims = ledger()
    return pd.DataFrame([{
        "ledger row": c.claim_id,
        "what": claims.loc[c.claim_id, "claim"],
        "strategy": countries.name(c.iso3),
        "as the note gives it": prose.money(c.amount, c.currency),
        "US$": prose.money(c.usd, "USD", 2),
        "C$": prose.money(c.cad, "CAD", 2),
        "rates of": str(c.year),
        "share of GDP": prose.number(c.gdp_share * 100, 3, "%") + f" ({c.gdp_year})",
        "per person": prose.money(c.per_person_usd, "USD"),
        "source_url": claims.loc[c.claim_id, "source_url"],
    } for c in items])


# ---------------------------------------------------------------- scoreboard


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    side: str  # "research" or "commercialisation"
    unit: str
    table: str
    get: Callable[[Sequence[str]], pd.DataFrame]  # → iso3, year, value
    decimals: int = 1


def _population(iso3s: Sequence[str]) -> pd.DataFrame:
    return measures.wdi("sp.pop.totl", iso3s)[["iso3", "year", "value"]].rename(columns={"value": "pop"})


def per_person(df: pd.DataFrame, iso3s: Sequence[str], scale: float = 1.0) -> pd.DataFrame:
    """``value`` divided by population of the same country and year, times ``scale``."""
    out = df.merge(_population(iso3s), on=["iso3", "year"], how="inner")
    out["value"] = out["value"] / out["pop"] * scale
    return out[["iso3", "year", "value"]]


def _wdi(code: str, per_million: bool = False, per_capita: bool = False):
    def get(iso3s):
        df = measures.wdi(code, iso3s)[["iso3", "year", "value"]]
        if per_million or per_capita:
            df = per_person(df, iso3s, 1e6 if per_million else 1.0)
        return df
    return get


def _owid(measure: str, scale: float):
    def get(iso3s):
        df = load("owid_ai_country")
        df = df[(df["measure"] == measure) & df["iso3"].isin(list(iso3s))][["iso3", "year", "value"]]
        return per_person(df, iso3s, scale)
    return get


def ncses_articles(iso3s: Sequence[str]) -> pd.DataFrame:
    """AI articles (whole count) and the share with an international co-author institution."""
    df = load("ncses_ai_articles")
    df = df[df["iso3"].isin(list(iso3s)) & df["measure"].isin(["total", "international_institutions"])]
    wide = df.pivot_table(index=["iso3", "year"], columns="measure", values="value").reset_index()
    wide = wide[wide["total"] > 0]
    wide["intl_share"] = wide["international_institutions"] / wide["total"] * 100
    return wide


def _ncses_total(iso3s):
    return per_person(ncses_articles(iso3s)[["iso3", "year", "total"]].rename(columns={"total": "value"}), iso3s, 1e6)


def _ncses_share(iso3s):
    return ncses_articles(iso3s)[["iso3", "year", "intl_share"]].rename(columns={"intl_share": "value"})


SCOREBOARD: tuple[Measure, ...] = (
    Measure("articles", "Scientific articles", "research", "per million people", "wdi",
            _wdi("ip.jrn.artc.sc", per_million=True), 0),
    Measure("ai_pubs", "AI publications (CSET)", "research", "per million people", "owid_ai_country",
            _owid("ai_publications", 1e6), 0),
    Measure("ai_articles", "AI articles (Scopus)", "research", "per million people", "ncses_ai_articles",
            _ncses_total, 1),
    Measure("ai_intl", "AI articles with a foreign co-author", "research", "% of AI articles",
            "ncses_ai_articles", _ncses_share, 0),
    Measure("rd", "R&D spending", "research", "% of GDP", "wdi", _wdi("gb.xpd.rsdv.gd.zs"), 2),
    Measure("researchers", "Researchers in R&D", "research", "per million people", "wdi",
            _wdi("sp.pop.scie.rd.p6"), 0),
    Measure("patents", "Resident patent applications", "commercialisation", "per million people", "wdi",
            _wdi("ip.pat.resd", per_million=True), 0),
    Measure("ai_patents", "AI patent applications", "commercialisation", "per million people",
            "owid_ai_country", _owid("ai_patent_applications", 1e6), 1),
    Measure("hightech", "High-tech exports", "commercialisation", "US$ per person", "wdi",
            _wdi("tx.val.tech.cd", per_capita=True), 0),
    Measure("ai_invest", "Private AI investment", "commercialisation", "constant US$ per person",
            "owid_ai_country", _owid("ai_private_investment", 1.0), 0),
)


def measure(key: str) -> Measure:
    return {m.key: m for m in SCOREBOARD}[key]


def scoreboard_series(iso3s: Sequence[str], side: str, start: int, end: int) -> pd.DataFrame:
    """Long rows for the small multiples of one side: iso3, year, value, panel, unit."""
    frames = []
    for m in SCOREBOARD:
        if m.side != side:
            continue
        df = m.get(iso3s)
        df = df[(df["year"] >= start) & (df["year"] <= end)].dropna(subset=["value"])
        frames.append(df.assign(panel=f"{m.label}|{m.unit}", unit=m.unit))
    return pd.concat(frames, ignore_index=True).sort_values(["panel", "iso3", "year"]).reset_index(drop=True)


def leader(home_value: float, partner_value: float, home: str, partner: str) -> str:
    """The country with the higher value (ties → 'tie')."""
    if home_value == partner_value:
        return "tie"
    return home if home_value > partner_value else partner


def scoreboard(home: str, partner: str, iso3s: Sequence[str]) -> pd.DataFrame:
    """Per measure: the latest year both home and partner report, their values, the comparators' values
    that year, and which of the pair leads."""
    rows = []
    for m in SCOREBOARD:
        df = m.get(iso3s).dropna(subset=["value"])
        year = measures.common_latest(df, home, partner)
        row = {"key": m.key, "measure": m.label, "side": m.side, "unit": m.unit, "year": year,
               "decimals": m.decimals}
        for iso in iso3s:
            hit = df[(df["iso3"] == iso) & (df["year"] == year)] if year else df.iloc[0:0]
            row[iso] = float(hit["value"].iloc[0]) if not hit.empty else float("nan")
        row["leader"] = leader(row[home], row[partner], home, partner) if year else "no common year"
        rows.append(row)
    return pd.DataFrame(rows)


def scoreboard_display(board: pd.DataFrame, iso3s: Sequence[str]) -> pd.DataFrame:
    out = pd.DataFrame({"measure": board["measure"] + " (" + board["unit"] + ")", "side": board["side"],
                        "year": board["year"].map(lambda y: "" if pd.isna(y) else str(int(y)))})
    for iso in iso3s:
        out[countries.name(iso)] = [("" if pd.isna(v) else prose.number(v, int(d)))
                                    for v, d in zip(board[iso], board["decimals"])]
    out["leader of the pair"] = board["leader"].map(lambda c: countries.name(c) if len(c) == 3 else c)
    return out


def complementarity(board: pd.DataFrame, home: str, partner: str) -> dict[str, int]:
    """How many research measures the home country leads and how many commercialisation measures the
    partner leads (the note's complementarity thesis, for Canada–Korea)."""
    res = board[board["side"] == "research"]
    com = board[board["side"] == "commercialisation"]
    return {"research_n": len(res), "research_home": int((res["leader"] == home).sum()),
            "commercial_n": len(com), "commercial_partner": int((com["leader"] == partner).sum())}


def flag_outliers(df: pd.DataFrame, factor: float = 4.0, window: int = 2) -> pd.DataFrame:
    """Rows whose value is more than ``factor`` times the median of the same country's values within
    ``window`` years on either side (the row itself excluded). Returns the flagged rows with ``ratio``."""
    flagged = []
    for iso, group in df.dropna(subset=["value"]).groupby("iso3"):
        group = group.sort_values("year")
        for _, row in group.iterrows():
            near = group[(group["year"] != row["year"]) & ((group["year"] - row["year"]).abs() <= window)]
            if len(near) < 2:
                continue
            med = near["value"].median()
            if med > 0 and row["value"] > factor * med:
                flagged.append({**row.to_dict(), "ratio": row["value"] / med})
    return pd.DataFrame(flagged, columns=[*df.columns, "ratio"])


# ---------------------------------------------------------------- AI models and citations

PERIOD_STARTS = (1950, 2015, 2020, 2023)


def period_label(year: int, last_year: int) -> str:
    starts = [s for s in PERIOD_STARTS if s <= year]
    if not starts:
        raise ValueError(f"year {year} before the first period")
    start = starts[-1]
    i = PERIOD_STARTS.index(start)
    end = PERIOD_STARTS[i + 1] - 1 if i + 1 < len(PERIOD_STARTS) else last_year
    return f"before {PERIOD_STARTS[1]}" if i == 0 else f"{start}–{end}"


def models_by_period(iso3s: Sequence[str], kind: str = "notable") -> pd.DataFrame:
    """Models per country and period under both counting rules: iso3, period, whole, fractional."""
    df = epoch.models(kind)
    last = int(df["year"].max())
    df = df[df["iso3"].isin(list(iso3s))].copy()
    df["period"] = df["year"].astype(int).map(lambda y: period_label(y, last))
    out = df.groupby(["iso3", "period"]).agg(whole=("model", "nunique"), fractional=("weight", "sum")).reset_index()
    return out.sort_values(["period", "iso3"]).reset_index(drop=True)


def model_summary(iso3s: Sequence[str]) -> pd.DataFrame:
    """Per country: notable and large-scale models (whole and fractional) and citations of notable models' papers."""
    rows = []
    notable, large = epoch.models("notable"), epoch.models("large_scale")
    for iso in iso3s:
        n, l = notable[notable["iso3"] == iso], large[large["iso3"] == iso]
        cites = n["citations"].dropna()
        rows.append({"iso3": iso, "notable_whole": n["model"].nunique(), "notable_fractional": n["weight"].sum(),
                     "large_whole": l["model"].nunique(), "large_fractional": l["weight"].sum(),
                     "cited_models": len(cites), "median_citations": cites.median() if len(cites) else float("nan"),
                     "total_citations": cites.sum()})
    return pd.DataFrame(rows)


def rule_changes_picture(by_period: pd.DataFrame, home: str, partner: str) -> list[str]:
    """Periods in which the leader of the pair differs between whole and fractional counting."""
    changed = []
    for period, g in by_period.groupby("period"):
        v = g.set_index("iso3")
        h = v.reindex([home, partner]).fillna(0)
        w = leader(h.loc[home, "whole"], h.loc[partner, "whole"], home, partner)
        f = leader(round(h.loc[home, "fractional"], 6), round(h.loc[partner, "fractional"], 6), home, partner)
        if w != f:
            changed.append(period)
    return changed


def chart_peers(by_period: pd.DataFrame, pair: Sequence[str], others: Sequence[str], factor: float = 3.0) -> list[str]:
    """The pair plus the comparators whose largest period count is at most ``factor`` times the pair's
    largest (so the pair's bars stay readable); the rest are left to the table."""
    peak = by_period.groupby("iso3")["whole"].max()
    pair_peak = max([peak.get(c, 0) for c in pair] + [1])
    return list(pair) + [c for c in others if c not in pair and peak.get(c, 0) <= factor * pair_peak]


def models_chart(by_period: pd.DataFrame, order: Sequence[str]) -> alt.Chart:
    """Bars: whole count per period and country; black ticks: fractional count."""
    data = charts.with_names(by_period[by_period["iso3"].isin(list(order))])
    periods = sorted(data["period"].unique(), key=lambda p: (not p.startswith("before"), p))
    present = [c for c in order if c in set(data["iso3"])]
    enc = dict(
        y=alt.Y("period:N", title=None, sort=periods),
        yOffset=alt.YOffset("country:N", sort=countries.names(present)),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("period:N", title="Period"),
                 alt.Tooltip("whole:Q", title="Models (whole count)", format=",d"),
                 alt.Tooltip("fractional:Q", title="Models (fractional count)", format=",.1f")],
    )
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("whole:Q", title="Notable AI models (bar: whole count; tick: fractional count)"),
        color=alt.Color("country:N", scale=charts.country_scale(present), sort=countries.names(present)), **enc)
    ticks = alt.Chart(data).mark_tick(color="#222", thickness=2, size=10).encode(x="fractional:Q", **enc)
    return alt.layer(bars, ticks).properties(height=alt.Step(12))


# ---------------------------------------------------------------- talent

DATASETS = {"ai_area_faculty_2000_2022": "AI-area faculty (publishing 2000–2022; scraped Jan 2023)",
            "cs_faculty_roster_2024": "All CS faculty (roster, Oct 2024)"}


def faculty(iso3s: Sequence[str], pop_year: int = 2023) -> pd.DataFrame:
    """Faculty and institutions per country in both CSRankings datasets, with faculty per million people."""
    df = load("csrankings_counts")
    df = df[df["iso3"].isin(list(iso3s))]
    wide = df.pivot_table(index=["iso3", "dataset"], columns="measure", values="value").reset_index()
    pop = _population(iso3s)
    pop = pop[pop["year"] <= pop_year].sort_values("year").groupby("iso3").tail(1)
    wide = wide.merge(pop[["iso3", "pop"]], on="iso3", how="left")
    wide["per_million"] = wide["faculty"] / wide["pop"] * 1e6
    return wide


def top_faculty_countries(dataset: str, n: int, must: Sequence[str]) -> list[str]:
    df = load("csrankings_counts")
    df = df[(df["dataset"] == dataset) & (df["measure"] == "faculty")].sort_values(["value", "iso3"], ascending=[False, True])
    top = df["iso3"].head(n).tolist()
    return top + [c for c in must if c not in top and c in set(df["iso3"])]


def faculty_chart(df: pd.DataFrame) -> alt.Chart:
    data = charts.with_names(df.assign(dataset_label=df["dataset"].map(DATASETS)))
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("country:N", title=None, sort=alt.EncodingSortField("faculty", op="max", order="descending")),
        x=alt.X("faculty:Q", title="Faculty members listed (persons)"),
        color=alt.Color("country:N", scale=charts.country_scale(data["iso3"]), legend=None),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("dataset_label:N", title="Dataset"),
                 alt.Tooltip("faculty:Q", title="Faculty (persons)", format=",d"),
                 alt.Tooltip("institutions:Q", title="Institutions", format=",d"),
                 alt.Tooltip("per_million:Q", title="Faculty per million people", format=",.1f")],
    )


# ---------------------------------------------------------------- composite index


def index_scores(iso3s: Sequence[str]) -> pd.DataFrame:
    df = load("ai_index")
    return df[df["iso3"].isin(list(iso3s))].reset_index(drop=True)


def index_rank(iso3: str) -> tuple[int, int]:
    df = load("ai_index")
    total = df[df["pillar"] == "Total score"].sort_values("score", ascending=False).reset_index(drop=True)
    return int(total.index[total["iso3"] == iso3][0]) + 1, len(total)


def index_chart(df: pd.DataFrame, order: Sequence[str]) -> alt.Chart:
    data = charts.with_names(df)
    pillars = (df[["group", "pillar"]].drop_duplicates()
               .assign(g=lambda d: d["group"].map({"Implementation": 1, "Innovation": 2, "Investment": 3, "Total": 4}))
               .sort_values(["g", "pillar"])["pillar"].tolist())
    present = [c for c in order if c in set(df["iso3"])]
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("pillar:N", title=None, sort=pillars),
        yOffset=alt.YOffset("country:N", sort=countries.names(present)),
        x=alt.X("score:Q", title="Score (best country = 100)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("country:N", scale=charts.country_scale(present), sort=countries.names(present)),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("group:N", title="Sub-index"),
                 alt.Tooltip("pillar:N", title="Pillar"), alt.Tooltip("score:Q", title="Score (0–100)", format=".1f")],
    ).properties(height=alt.Step(7))


def index_gaps(df: pd.DataFrame, home: str, partner: str) -> pd.DataFrame:
    """Pillar scores of the pair and the gap (home − partner), largest gaps first."""
    wide = df.pivot_table(index=["group", "pillar"], columns="iso3", values="score").reset_index()
    wide["gap"] = wide[home] - wide[partner]
    return wide.sort_values("gap", key=abs, ascending=False).reset_index(drop=True)


# ---------------------------------------------------------------- compute and ICT infrastructure


def infrastructure_series(iso3s: Sequence[str], start: int, end: int) -> pd.DataFrame:
    """Small-multiple rows, all per person: TOP500 Rmax per list, fixed broadband and secure servers."""
    top = compute.top500_by_country(iso3s, fill=True)
    top = top.assign(year=top["list_date"].map(compute.list_year))
    pop = _population(iso3s).rename(columns={"year": "pop_year"})
    top["pop_year"] = top["year"].astype(int)
    top = top.merge(pop, on=["iso3", "pop_year"], how="inner")
    top = pd.DataFrame({"iso3": top["iso3"], "year": top["year"],
                        "value": top["rmax_pflops"] * 1000 / (top["pop"] / 1e6),
                        "panel": "TOP500 performance|TFlop/s per million people",
                        "unit": "TFlop/s per million people, sum of listed systems"})
    frames = [top]
    for code, label, unit in (("it.net.bbnd.p2", "Fixed broadband|per 100 people", "subscriptions per 100 people"),
                              ("it.net.secr.p6", "Secure internet servers|per million people", "per million people")):
        df = measures.wdi(code, iso3s, start, end)
        frames.append(df.assign(panel=label, unit=unit)[["iso3", "year", "value", "panel", "unit"]])
    return pd.concat(frames, ignore_index=True).dropna(subset=["value"])


def comparisons_table(items: Sequence[Comparison], home: str, partner: str) -> pd.DataFrame:
    return pd.DataFrame([{"measure": f"{c.measure} ({c.unit})", "year": c.year,
                          countries.name(home): prose.number(c.home, 1),
                          countries.name(partner): prose.number(c.partner, 1),
                          f"{countries.name(home)} behind?": "yes" if c.home < c.partner else "no"} for c in items])


# ---------------------------------------------------------------- findings (chart titles and prose)


def side_finding(board: pd.DataFrame, side: str, who: str, other: str) -> str:
    rows = board[board["side"] == side]
    n = int((rows["leader"] == who).sum())
    return f"{countries.name(who)} leads {countries.name(other)} on {n} of {len(rows)} {side} measures"


def models_finding(by_period: pd.DataFrame, home: str, partner: str) -> str:
    last = sorted(by_period["period"].unique(), key=lambda p: (not p.startswith("before"), p))[-1]
    v = by_period[by_period["period"] == last].set_index("iso3")["whole"]
    h, p = int(v.get(home, 0)), int(v.get(partner, 0))
    if h == p:
        return f"{countries.name(home)} and {countries.name(partner)} each produced {h} notable models in {last}"
    hi, lo = ((home, h), (partner, p)) if h > p else ((partner, p), (home, h))
    return f"{countries.name(hi[0])} produced {hi[1]} notable models in {last}, {countries.name(lo[0])} {lo[1]}"


def citations_finding(summary: pd.DataFrame, home: str, partner: str) -> str:
    s = summary.set_index("iso3")
    h, p = s.loc[home, "median_citations"], s.loc[partner, "median_citations"]
    if pd.isna(h) or pd.isna(p) or min(h, p) <= 0:
        return "the citation counts do not allow a comparison for this pair"
    hi, lo = (home, partner) if h >= p else (partner, home)
    return (f"the papers of {countries.name(hi)}'s notable models have a median of "
            f"{prose.number(max(h, p), 0)} citations, against {prose.number(min(h, p), 0)} for "
            f"{countries.name(lo)}'s ({prose.multiple(max(h, p) / min(h, p), 0)})")


def faculty_finding(df: pd.DataFrame, home: str, partner: str, dataset: str) -> str:
    v = df[df["dataset"] == dataset].set_index("iso3")
    if home not in v.index or partner not in v.index:
        return "CSRankings lists faculty for only one of the pair"
    h, p = v.loc[home, "faculty"], v.loc[partner, "faculty"]
    hi, lo = (home, partner) if h >= p else (partner, home)
    return (f"{countries.name(hi)} has {prose.multiple(max(h, p) / min(h, p))} as many AI-area faculty "
            f"in CSRankings as {countries.name(lo)}")


def infra_finding(comps: Sequence[Comparison], home: str, partner: str) -> str:
    behind = [c.measure for c in comps if c.home < c.partner]
    return (f"{countries.name(home)} trails {countries.name(partner)} on {len(behind)} of {len(comps)} "
            "infrastructure measures per person")


def index_finding(gaps: pd.DataFrame, home: str, partner: str) -> str:
    pillars = gaps[gaps["pillar"] != "Total score"]
    top = pillars.iloc[0]
    lead = home if top["gap"] > 0 else partner
    return (f"Close overall, far apart on {top['pillar']}: {countries.name(lead)} ahead by "
            f"{prose.number(abs(top['gap']), 0)} points")


def faculty_pp_finding(df: pd.DataFrame, home: str, partner: str) -> str:
    """'Canada lists 3.1× as many AI-area faculty per million people as South Korea (and 3.8× CS faculty)'."""
    parts = []
    for dataset, what in (("ai_area_faculty_2000_2022", "AI-area"), ("cs_faculty_roster_2024", "all CS")):
        v = df[df["dataset"] == dataset].set_index("iso3")["per_million"]
        if home in v.index and partner in v.index and min(v[home], v[partner]) > 0:
            hi, lo = (home, partner) if v[home] >= v[partner] else (partner, home)
            parts.append(f"{countries.name(hi)} lists {prose.multiple(v[hi] / v[lo])} as many {what} faculty "
                         f"per million people as {countries.name(lo)}")
    return "; ".join(parts) if parts else "CSRankings does not list both countries"


def ledger_rows(ids: Sequence[str]) -> pd.DataFrame:
    """Ledger rows for claims data cannot test: id, claim, verdict, evidence, linked source."""
    df = ledger().loc[list(ids)].reset_index()
    return pd.DataFrame({"row": df["claim_id"], "claim": df["claim"], "ledger verdict": df["verdict"],
                         "evidence": df["evidence"], "source": df["source_title"], "source_url": df["source_url"]})
