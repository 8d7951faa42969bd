"""Chapter 03 (Indo-Pacific): AI concentration, compute, DeepSeek's compute, open-source capacity, the
US–China hedge in trade, ASEAN.

Each ``*_section`` function computes one section for the pair on screen and returns a
:class:`~ckaibook.present.sections.Section` (glued texts with their facts, the chart and its title, notes
when the pair lacks data); the notebook publishes it once. The other functions aggregate one table to the
rows a chart or a sentence needs; pure rules take DataFrames so tests can feed them small hand-made cases.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ckaibook.claims import ledger, money
from ckaibook.claims.checks import indo_pacific as checks
from ckaibook.data import countries
from ckaibook.data.datapackage import load
from ckaibook.measures import compute, export_shares
from ckaibook.measures import models as epoch
from ckaibook.measures import series
from ckaibook.present import charts, prose
from ckaibook.present.prose import Fact
from ckaibook.present.sections import Section

SUPERPOWERS = ("USA", "CHN")
TIER_LABELS = {"notable": "notable", "large_scale": "large-scale (>10²³ FLOP)", "frontier": "frontier (top-10 compute)"}


def focus(home: str, partner: str) -> list[str]:
    """Home, partner, then the USA, China and Japan (the chapter's comparators)."""
    return countries.focus(home, partner, ("USA", "CHN", "JPN"))


def asean() -> list[str]:
    """The ten ASEAN members."""
    return list(countries.members("ASEAN"))


def economies(home: str, partner: str) -> list[str]:
    """The focus countries, then the ASEAN members not already among them (each once, in that order).

    An ASEAN partner (SGP, VNM, MMR…) would otherwise appear twice, and a per-economy lookup then returns
    a Series instead of a value.
    """
    return list(dict.fromkeys(focus(home, partner) + asean()))


def _unique(iso3s: list[str]) -> list[str]:
    return list(dict.fromkeys(iso3s))


# ---------------------------------------------------------------- 1. models by country


def share_by_year(df: pd.DataFrame, iso3s: list[str], start: int, end: int) -> pd.DataFrame:
    """Each country's fractional share of the models published each year: ``iso3, year, share, models, total``.

    ``df`` holds model × country rows with ``weight`` (1/n countries), so the shares of a year add up to one.
    """
    df = df[(df["year"] >= start) & (df["year"] <= end)]
    total = df.groupby("year")["weight"].sum().rename("total")
    own = df[df["iso3"].isin(iso3s)].groupby(["iso3", "year"])["weight"].sum().rename("models")
    grid = pd.MultiIndex.from_product([iso3s, sorted(total.index)], names=["iso3", "year"])
    out = own.reindex(grid, fill_value=0.0).reset_index().merge(total.reset_index(), on="year")
    out["share"] = out["models"] / out["total"] * 100
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def pooled_share(df: pd.DataFrame, iso3s: tuple[str, ...], start: int, end: int) -> float:
    """Fractional share (0-1) of models published in [start, end] that ``iso3s`` together account for."""
    df = df[(df["year"] >= start) & (df["year"] <= end)]
    total = df["weight"].sum()
    return float(df.loc[df["iso3"].isin(iso3s), "weight"].sum() / total) if total else float("nan")


def rank_table(df: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Countries ranked by fractional model count in [start, end]: ``iso3, models, rank``."""
    df = df[(df["year"] >= start) & (df["year"] <= end)]
    out = df.groupby("iso3", as_index=False)["weight"].sum().rename(columns={"weight": "models"})
    out = out.sort_values(["models", "iso3"], ascending=[False, True]).reset_index(drop=True)
    out["rank"] = out["models"].rank(ascending=False, method="min").astype(int)
    return out


def tier_table(home: str, partner: str, start: int, end: int, top: int = 8) -> pd.DataFrame:
    """Models per country and tier in [start, end] (whole counts), with open-weight share; focus countries
    plus the largest others."""
    df = epoch.models()
    df = df[(df["year"] >= start) & (df["year"] <= end)]
    rows = []
    for iso, g in df.groupby("iso3"):
        known = g["open_weights"].notna()
        rows.append(
            {
                "iso3": iso,
                **{t: int(g[t].fillna(False).sum()) for t in TIER_LABELS},
                "all": len(g),
                "known_access": int(known.sum()),
                "open": int(g.loc[known, "open_weights"].astype(bool).sum()),
            }
        )
    out = pd.DataFrame(rows)
    out["open_share"] = out["open"] / out["known_access"].where(out["known_access"] > 0) * 100
    keep = set(focus(home, partner)) | set(out.nlargest(top, ["notable", "all"])["iso3"])
    out = out[out["iso3"].isin(keep)].sort_values(["notable", "iso3"], ascending=[False, True])
    return out.reset_index(drop=True)


def tier_display(t: pd.DataFrame) -> pd.DataFrame:
    """The tier table as the page shows it."""
    return pd.DataFrame(
        {
            "country": t["iso3"].map(countries.name),
            "notable": t["notable"],
            "large-scale": t["large_scale"],
            "frontier": t["frontier"],
            "all catalogued": t["all"],
            "open weights (% of models with known access)": t["open_share"].round(0),
        }
    )


OPEN_MIN_MODELS = 10  # models of known access a country needs to get a bar in the open-weights chart


def open_share_chart_data(t: pd.DataFrame, home: str, partner: str, min_models: int = OPEN_MIN_MODELS) -> pd.DataFrame:
    """Open-weight share for countries with at least ``min_models`` models of known access (focus always kept)."""
    keep = t[(t["known_access"] >= min_models) | t["iso3"].isin([home, partner])].dropna(subset=["open_share"])
    return keep[["iso3", "open_share", "open", "known_access"]].reset_index(drop=True)


def share_lines(df: pd.DataFrame, emphasis: list[str]) -> alt.Chart:
    """Lines of each country's share of the year's models, with counts in the tooltip."""
    data = charts.with_names(df)
    data["emphasis"] = data["iso3"].isin(emphasis)
    order = list(dict.fromkeys(list(emphasis) + sorted(set(data["iso3"]))))
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=16))
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("share:Q", title="Share of the year's notable models (%)"),
            color=alt.Color("country:N", scale=charts.country_scale(order), sort=countries.names(order)),
            strokeWidth=alt.condition("datum.emphasis", alt.value(2.6), alt.value(1.5)),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("year:Q", format="d", title="Year"),
                alt.Tooltip("share:Q", format=".1f", title="Share (%)"),
                alt.Tooltip("models:Q", format=".1f", title="Models (fractional count)"),
                alt.Tooltip("total:Q", format=".0f", title="All notable models that year"),
            ],
        )
    )


# ---------------------------------------------------------------- 2. compute (GPU clusters)


def gpu_chart_data(by_country: pd.DataFrame, home: str, partner: str, top: int = 10) -> pd.DataFrame:
    """The largest ``top`` countries of :func:`ckaibook.measures.compute.gpu_capacity` plus home and partner
    (zero rows where Epoch lists no existing cluster for them)."""
    keep = _unique(list(by_country.head(top)["iso3"]) + [home, partner])
    rows = by_country.set_index("iso3").reindex(keep, fill_value=0).reset_index()
    return rows[["iso3", "h100e", "clusters", "share"]]


# ---------------------------------------------------------------- 3. DeepSeek's training compute


def compute_scatter_data(df: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Large-scale language models with known compute published in [start, end]: one row per model."""
    d = df[
        df["large_scale"].fillna(False)
        & df["training_compute_flop"].notna()
        & df["domain"].str.contains("Language", na=False)
        & (df["publication_date"] >= start)
        & (df["publication_date"] <= end)
    ]
    d = d.sort_values(["model", "weight"]).drop_duplicates("model")
    countries_of = df.groupby("model")["iso3"].agg(lambda s: ", ".join(countries.names(sorted(s))))
    out = pd.DataFrame(
        {
            "model": d["model"],
            "organization": d["organization"],
            "date": d["publication_date"],
            "compute": d["training_compute_flop"],
            "frontier": d["frontier"].fillna(False),
            "countries": d["model"].map(countries_of),
        }
    )
    out["group"] = [
        ("DeepSeek" if "DeepSeek" in o else ("Frontier model (Epoch)" if f else "Other large-scale model"))
        for o, f in zip(out["organization"], out["frontier"], strict=False)
    ]
    return out.sort_values(["date", "model"]).reset_index(drop=True)


def compute_scatter(data: pd.DataFrame) -> alt.Chart:
    domain = ["DeepSeek", "Frontier model (Epoch)", "Other large-scale model"]
    return (
        alt.Chart(data)
        .mark_point(filled=True, opacity=0.85)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y(
                "compute:Q",
                scale=alt.Scale(type="log"),
                title="Training compute (FLOP, log scale)",
                axis=alt.Axis(format=".0e"),
            ),
            color=alt.Color(
                "group:N", scale=alt.Scale(domain=domain, range=[countries.colour("CHN"), "#E69F00", "#BBBBBB"])
            ),
            size=alt.condition(alt.datum.group == "DeepSeek", alt.value(90), alt.value(30)),
            order=alt.Order("group:N", sort="descending"),
            tooltip=[
                alt.Tooltip("model:N", title="Model"),
                alt.Tooltip("organization:N", title="Developer"),
                alt.Tooltip("countries:N", title="Country"),
                alt.Tooltip("date:T", format="%d %b %Y", title="Published"),
                alt.Tooltip("compute:Q", format=".2e", title="Training compute (FLOP)"),
            ],
        )
    )


# ---------------------------------------------------------------- 4. open-source capacity (GitHub)


def github(measure: str) -> pd.DataFrame:
    """One Innovation Graph measure with a ``date`` (first day of the quarter)."""
    df = load("innovationgraph")
    df = df[df["measure"] == measure].copy()
    df["date"] = pd.to_datetime(dict(year=df["year"], month=(df["quarter"] - 1) * 3 + 1, day=1)).dt.strftime("%Y-%m-%d")
    return df


def latest_quarter(df: pd.DataFrame) -> tuple[int, int]:
    last = df.sort_values(["year", "quarter"]).iloc[-1]
    return int(last["year"]), int(last["quarter"])


def growth(df: pd.DataFrame, iso3s: list[str]) -> pd.DataFrame:
    """Level in the latest quarter and growth since the same quarter of the first year, per economy:
    ``iso3, base, latest, growth`` (growth in %; missing when either end is suppressed)."""
    iso3s = _unique(list(iso3s))
    y1, q = latest_quarter(df)
    y0 = int(df["year"].min())
    sel = df[df["iso3"].isin(iso3s) & (df["quarter"] == q) & df["year"].isin([y0, y1])]
    wide = sel.pivot_table(index="iso3", columns="year", values="value").reindex(iso3s)
    out = pd.DataFrame({"iso3": iso3s, "base": wide.get(y0), "latest": wide.get(y1)}).reset_index(drop=True)
    out["growth"] = (out["latest"] / out["base"] - 1) * 100
    out.attrs.update(base_label=f"{y0} Q{q}", latest_label=f"{y1} Q{q}")
    return out


def pushes_last_year(iso3s: list[str]) -> pd.Series:
    """Pushes in the four latest quarters, per economy."""
    iso3s = _unique(list(iso3s))
    df = github("git_pushes")
    df = df.assign(t=df["year"] * 4 + df["quarter"])
    last = df[df["t"] > df["t"].max() - 4]
    return last[last["iso3"].isin(iso3s)].groupby("iso3")["value"].sum().reindex(iso3s)


def github_table(iso3s: list[str]) -> pd.DataFrame:
    """Developers (level, growth), repositories and pushes per economy, one row each, as the page shows them."""
    iso3s = _unique(list(iso3s))
    dev, rep = growth(github("developers"), iso3s), growth(github("repositories"), iso3s)
    push = pushes_last_year(iso3s)
    return pd.DataFrame(
        {
            "economy": [countries.name(c) for c in iso3s],
            f"developers, {dev.attrs['latest_label']} (million)": (dev["latest"] / 1e6).round(2).values,
            f"growth since {dev.attrs['base_label']} (%)": dev["growth"].round(0).values,
            f"repositories, {rep.attrs['latest_label']} (million)": (rep["latest"] / 1e6).round(1).values,
            "pushes, last four quarters (million)": (push / 1e6).round(1).values,
        }
    )


def index_lines(df: pd.DataFrame, iso3s: list[str], emphasis: list[str]) -> tuple[pd.DataFrame, alt.Chart]:
    """Developer accounts indexed to the first quarter (= 100), one line per economy."""
    d = df[df["iso3"].isin(iso3s)].sort_values(["iso3", "date"]).copy()
    first = d.groupby("iso3")["value"].transform("first")
    d["index"] = d["value"] / first * 100
    d = charts.with_names(d[["iso3", "date", "value", "index"]])
    d["emphasis"] = d["iso3"].isin(emphasis)
    order = [c for c in iso3s if c in set(d["iso3"])]
    chart = (
        alt.Chart(d)
        .mark_line()
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
            y=alt.Y("index:Q", title="Developer accounts (first quarter = 100)", scale=alt.Scale(zero=False)),
            color=alt.Color("country:N", scale=charts.country_scale(order), sort=countries.names(order)),
            strokeWidth=alt.condition("datum.emphasis", alt.value(2.6), alt.value(1.4)),
            tooltip=[
                alt.Tooltip("country:N", title="Economy"),
                alt.Tooltip("date:T", format="%Y Q%q", title="Quarter"),
                alt.Tooltip("index:Q", format=".0f", title="Index"),
                alt.Tooltip("value:Q", format=",.0f", title="Developer accounts"),
            ],
        )
    )
    return d, chart


def collaboration(source: str, year: int) -> pd.DataFrame:
    """Where ``source``'s developers contribute, in ``year``: ``destination, weight, share (%), rank``."""
    c = load("innovationgraph_collaborators")
    d = c[(c["source_iso3"] == source) & (c["year"] == year)].copy()
    d["share"] = d["weight"] / d["weight"].sum() * 100 if len(d) else []
    d = d.sort_values(["weight", "destination_iso3"], ascending=[False, True]).reset_index(drop=True)
    d["rank"] = range(1, len(d) + 1)
    return d[["source_iso3", "destination_iso3", "weight", "share", "rank"]]


def last_full_collab_year() -> int:
    c = load("innovationgraph_collaborators")
    full = c[c["quarters"] == 4]
    return int(full["year"].max())


def pair_link(home: str, partner: str, year: int) -> dict:
    """Each side's contributions to the other: share, rank, weight (None when the pair is below GitHub's threshold)."""
    out = {}
    for src, dst in ((home, partner), (partner, home)):
        d = collaboration(src, year)
        row = d[d["destination_iso3"] == dst]
        out[(src, dst)] = None if row.empty else row.iloc[0]
    return out


def collab_chart_data(home: str, partner: str, year: int, top: int = 6) -> pd.DataFrame:
    """Top destinations of home's and partner's contributions (union), share of each source's total."""
    parts = [collaboration(s, year) for s in (home, partner)]
    dests = list(dict.fromkeys([d for p in parts for d in p.head(top)["destination_iso3"]] + [partner, home]))
    rows = []
    for p in parts:
        rows.append(p[p["destination_iso3"].isin(dests)])
    out = pd.concat(rows, ignore_index=True)
    out["source"] = out["source_iso3"].map(lambda c: f"from {countries.name(c)}")
    out["destination"] = out["destination_iso3"].map(countries.name)
    return out


def collab_chart(data: pd.DataFrame, home: str, partner: str) -> alt.Chart:
    order = data.groupby("destination")["share"].max().sort_values(ascending=False).index.tolist()
    srcs = [f"from {countries.name(home)}", f"from {countries.name(partner)}"]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("destination:N", sort=order, title=None),
            yOffset=alt.YOffset("source:N", sort=srcs),
            x=alt.X("share:Q", title="Share of the economy's cross-border contributions (%)"),
            color=alt.Color(
                "source:N", scale=alt.Scale(domain=srcs, range=[countries.colour(home), countries.colour(partner)])
            ),
            tooltip=[
                alt.Tooltip("source:N", title="Developers"),
                alt.Tooltip("destination:N", title="To repositories in"),
                alt.Tooltip("share:Q", format=".1f", title="Share (%)"),
                alt.Tooltip("rank:Q", title="Rank"),
                alt.Tooltip("weight:Q", format=",.0f", title="Pushes + pull requests"),
            ],
        )
        .properties(height=alt.Step(12))
    )


# ---------------------------------------------------------------- 5. ASEAN


def exports_to_asean(reporters: list[str], start: int, end: int) -> pd.DataFrame:
    """Goods exports (FOB) each reporter sends to the ten ASEAN members, and the share of its exports to the
    world: ``iso3, year, asean_usd_m, world_usd_m, share``. Reporters absent from the trade table are omitted."""
    t = load("trade")
    t = t[(t["flow"] == "exports_fob") & t["reporter"].isin(reporters) & (t["year"] >= start) & (t["year"] <= end)]
    to_asean = t[t["partner"].isin(asean())].groupby(["reporter", "year"])["value_usd_m"].sum().rename("asean_usd_m")
    world = t[t["partner"] == "WLD"].set_index(["reporter", "year"])["value_usd_m"].rename("world_usd_m")
    out = pd.concat([to_asean, world], axis=1).dropna().reset_index().rename(columns={"reporter": "iso3"})
    out["share"] = out["asean_usd_m"] / out["world_usd_m"] * 100
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def internet_latest(iso3s: list[str]) -> pd.DataFrame:
    """Latest internet use (% of population) per economy, with its year (economies without WDI rows omitted)."""
    df = series.latest(series.wdi("it.net.user.zs", _unique(list(iso3s))))
    return df[["iso3", "year", "value"]]


def programme_table(claim_ids: list[str]) -> pd.DataFrame:
    """The note's money figures on one basis: original, US$ and C$ at the year's average rate."""
    rows = []
    for cid in claim_ids:
        a, row = ledger.amount(cid), ledger.claim(cid)
        usd = money.convert(a.value, a.currency, "USD", a.year)
        rows.append(
            {
                "claim": cid,
                "what": row["claim"],
                "rate year": a.year,
                "as stated": prose.money(a.value, a.currency),
                "US$ million": round(usd / 1e6, 1),
                "C$ million": round(money.convert(a.value, a.currency, "CAD", a.year) / 1e6, 1),
                "ledger verdict": row["verdict"],
                "usd": usd,
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- 3b. export shares (the US–China hedge)

DEST_LABELS = {"USA": "to the United States", "CHN": "to China"}


def dependence_chart(shares: pd.DataFrame, emphasis: list[str]) -> alt.Chart:
    """Two panels (exports to the US, to China), one line per exporter, on one shared y axis so the
    levels compare across panels."""
    data = charts.with_names(shares)
    data["panel"] = data["destination"].map(DEST_LABELS)
    data["emphasis"] = data["iso3"].isin(emphasis)
    order = [c for c in _unique(list(emphasis) + sorted(set(data["iso3"]))) if c in set(data["iso3"])]
    return (
        alt.Chart(data)
        .mark_line()
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d", tickCount=4)),
            y=alt.Y("share:Q", title="Share of the exporter's goods exports (%)"),
            color=alt.Color(
                "country:N",
                scale=charts.country_scale(order),
                sort=countries.names(order),
                title="Exporter",
                legend=alt.Legend(columns=3, orient="bottom"),
            ),
            opacity=alt.condition("datum.emphasis", alt.value(1.0), alt.value(0.55)),
            strokeWidth=alt.condition("datum.emphasis", alt.value(2.6), alt.value(1.4)),
            column=alt.Column(
                "panel:N",
                title=None,
                sort=[DEST_LABELS["USA"], DEST_LABELS["CHN"]],
                header=alt.Header(labelFontSize=12, labelFontWeight=600),
            ),
            tooltip=[
                alt.Tooltip("country:N", title="Exporter"),
                alt.Tooltip("panel:N", title="Exports"),
                alt.Tooltip("year:Q", format="d", title="Year"),
                alt.Tooltip("share:Q", format=".1f", title="Share of goods exports (%)"),
                alt.Tooltip("exports_usd_m:Q", format=",.0f", title="US$ million (nominal)"),
            ],
        )
        .properties(height=220)
    )


def peak(shares: pd.DataFrame, iso3: str, destination: str) -> tuple[float, int] | None:
    """The highest share (and its year) of ``iso3``'s exports to ``destination``; None without rows."""
    rows = shares[(shares["iso3"] == iso3) & (shares["destination"] == destination)]
    if rows.empty:
        return None
    top = rows.sort_values(["share", "year"], ascending=[False, True]).iloc[0]
    return float(top["share"]), int(top["year"])


def mirror_display(m: pd.DataFrame) -> pd.DataFrame:
    """The mirror table as the page shows it."""
    return pd.DataFrame(
        {
            "exporter": m["iso3"].map(countries.name),
            "exports": m["destination"].map(DEST_LABELS),
            "as the exporter reports its exports (%)": m["as_exporter"].round(1),
            "as the destination reports its imports (%)": m["as_importer"].round(1),
        }
    )


# ---------------------------------------------------------------- 1b. models co-developed across borders


def codev_table(df: pd.DataFrame, home: str, partner: str, start: int, end: int) -> pd.DataFrame:
    """How many models each of the pair co-developed with the other and with each comparator."""
    rows = []
    for c in (home, partner):
        for other in _unique([home, partner, "USA", "CHN", "JPN"]):
            if other != c:
                rows.append(
                    {
                        "country": countries.name(c),
                        "with organisations of": countries.name(other),
                        "models co-developed": len(epoch.codeveloped(df, c, other, start, end)),
                    }
                )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- sections (computed prose)


def _rank_words(rank: int) -> str:
    if rank in (1, 2, 3):
        return {1: "first", 2: "second", 3: "third"}[rank]
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def _window(n: pd.DataFrame, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
    end = min(end, int(n["year"].max()))
    start = max(start, int(n["year"].min()))
    span = max(1, min(5, (end - start + 1) // 2))
    return (start, start + span - 1), (end - span + 1, end)


def models_section(home: str, partner: str, start: int, end: int) -> Section:
    """Section 1: the superpowers' pooled share of notable models early vs late, and the pair's ranks."""
    n = epoch.models("notable")
    early, late = _window(n, start, end)
    s_early, s_late = pooled_share(n, SUPERPOWERS, *early), pooled_share(n, SUPERPOWERS, *late)
    ranks = rank_table(n, *late).set_index("iso3")
    period = f"{late[0]}–{late[1]}"
    texts = {
        "mod_early": f"{early[0]}–{early[1]}",
        "mod_late": period,
        "mod_share_early": prose.percent(s_early),
        "mod_share_late": prose.percent(s_late),
    }
    facts = {}
    notes = []
    brief, full = [], []
    for role, c in (("home", home), ("partner", partner)):
        name = countries.in_sentence(c)
        if c in ranks.index:
            rank = f"ranks {_rank_words(int(ranks.loc[c, 'rank']))} of {len(ranks)}"
            n_text = prose.number(float(ranks.loc[c, "models"]), 1)
            texts[f"mod_{role}_n"] = n_text
            facts[f"mod_{role}_n"] = Fact("epoch_models.weight:notable", c, period, float(ranks.loc[c, "models"]))
            brief.append(f"{name} {rank}")
            full.append(f"{name} {rank} countries with {n_text} notable models (fractional count)")
        else:
            texts[f"mod_{role}_n"] = "0"
            brief.append(f"{name} is not among the {len(ranks)} countries listed")
            full.append(f"{name} has none and is not among the {len(ranks)} countries listed")
            notes.append(f"Epoch lists no notable model developed in {name} in {period}.")
    # Whole clauses, so a country absent from the ranking reads as such ("is not among …", not "ranks absent").
    texts["mod_ranks_brief"] = " and ".join(brief)
    texts["mod_ranks"] = " and ".join(full)
    title = (
        f"The US and China developed {prose.percent(s_late)} of notable AI models in {period}, "
        f"{'up' if s_late > s_early else 'down'} from {prose.percent(s_early)} in {early[0]}–{early[1]}"
    )
    texts["mod_direction"] = "up" if s_late > s_early else "down"
    share = share_by_year(n, focus(home, partner), start, end)
    return Section(
        texts=texts,
        facts=facts,
        title=title,
        notes=notes,
        chart=share_lines(share, _unique([home, partner, *SUPERPOWERS])),
    )


def tiers_section(tiers: pd.DataFrame, home: str, partner: str, start: int, end: int) -> Section:
    """The pair's large-scale and frontier counts, and which country leads the frontier tier."""
    df = epoch.models("frontier")
    df = df[(df["year"] >= start) & (df["year"] <= end)]
    total = df["model"].nunique()
    by = df.groupby("iso3")["model"].nunique().sort_values(ascending=False)
    idx = tiers.set_index("iso3")
    texts = {}
    for role, c in (("home", home), ("partner", partner)):
        got = c in idx.index
        texts[f"tier_{role}_large"] = prose.number(int(idx.loc[c, "large_scale"]) if got else 0)
        texts[f"tier_{role}_frontier"] = prose.number(int(idx.loc[c, "frontier"]) if got else 0)
    if total:
        lead = str(by.index[0])
        texts["tier_leader"] = countries.in_sentence(lead)
        texts["tier_leader_share"] = f"{prose.number(int(by.iloc[0]))} of the {prose.number(total)}"
    else:
        texts["tier_leader"], texts["tier_leader_share"] = "no country", "none of the 0"
    return Section(texts=texts)


def open_section(tiers: pd.DataFrame, home: str, partner: str, start: int, end: int) -> Section:
    """Open-weight shares of the pair and the superpowers."""
    idx = tiers.set_index("iso3")

    def share(c: str) -> str:
        if c in idx.index and pd.notna(idx.loc[c, "open_share"]):
            return prose.percent(idx.loc[c, "open_share"] / 100)
        return "no share (no models of known access)"

    texts = {
        "open_home": share(home),
        "open_partner": share(partner),
        "open_usa": share("USA"),
        "open_chn": share("CHN"),
    }
    names = _unique([home, partner, *SUPERPOWERS])
    title = ", ".join(f"{countries.in_sentence(c)} {share(c)}" for c in names)
    title = f"Share of models released with open weights: {title}"
    texts["open_summary"] = "s" + title[1:]
    known = [c for c in names if c in idx.index and pd.notna(idx.loc[c, "open_share"])]
    if known:
        vals = idx.loc[known, "open_share"]
        texts["open_range"] = (
            f"from {prose.percent(vals.min() / 100)} ({countries.in_sentence(vals.idxmin())}) to "
            f"{prose.percent(vals.max() / 100)} ({countries.in_sentence(vals.idxmax())})"
        )
    else:
        texts["open_range"] = "not measurable (no model of known access)"
    return Section(
        texts=texts,
        title=title,
        chart=charts.bars(
            open_share_chart_data(tiers, home, partner),
            x="open_share",
            x_title="Released with open weights",
            unit="% of models with known access",
            fmt=".0f",
        ),
    )


def gpu_section(home: str, partner: str) -> Section:
    """GPU-cluster capacity (one definition: :func:`ckaibook.measures.compute.gpu_capacity`) of the pair,
    the US and China."""
    world = compute.gpu_capacity()
    g = compute.gpu_capacity(_unique([home, partner, *SUPERPOWERS])).set_index("iso3")
    h, p, usa, chn = (float(g.loc[c, "h100e"]) for c in (home, partner, "USA", "CHN"))
    pair_share = float(g.loc[home, "share"] + (g.loc[partner, "share"] if partner != home else 0))
    texts = {
        "gpu_usa_share": prose.percent(g.loc["USA", "share"] / 100),
        "gpu_chn_share": prose.percent(g.loc["CHN", "share"] / 100),
        "gpu_pair_share": prose.percent(pair_share / 100, 1),
        "gpu_home": prose.large(h, 1),
        "gpu_partner": prose.large(p, 1),
        "gpu_usa": prose.large(usa, 1),
        "gpu_countries": prose.number(len(world)),
        "gpu_usa_vs_chn": f"{prose.multiple(usa / chn)} China's" if chn else "while China lists none",
    }
    facts = {
        f"gpu_{k}": Fact("gpu_capacity.h100e", c, compute.GPU_AS_OF, v)
        for k, c, v in (("home", home, h), ("partner", partner, p), ("usa", "USA", usa))
    }
    facts["gpu_usa_share"] = Fact("gpu_capacity.share", "USA", compute.GPU_AS_OF, float(g.loc["USA", "share"]))
    facts["gpu_chn_share"] = Fact("gpu_capacity.share", "CHN", compute.GPU_AS_OF, float(g.loc["CHN", "share"]))
    if "USA" in (home, partner):
        texts["gpu_pair_sentence"] = "the pair includes the United States itself"
    elif h + p:
        texts["gpu_pair_sentence"] = (
            f"so the United States has {prose.number(usa / (h + p), 0)}× the pair's " "combined capacity"
        )
    else:
        texts["gpu_pair_sentence"] = "so the pair has no listed capacity to compare with the United States'"
    notes = [
        f"Epoch lists no existing GPU cluster (in its standard analysis) located in {countries.in_sentence(c)}."
        for c in _unique([home, partner])
        if g.loc[c, "clusters"] == 0
    ]
    title = (
        f"The US holds {texts['gpu_usa_share']} of listed GPU-cluster capacity, China "
        f"{texts['gpu_chn_share']}; {countries.in_sentence(home)} and {countries.in_sentence(partner)} together "
        f"{texts['gpu_pair_share']}"
    )
    chart = charts.bars(
        gpu_chart_data(world, home, partner),
        x="h100e",
        x_title="GPU-cluster capacity",
        unit="H100 equivalents",
        fmt=",.0f",
    )
    return Section(texts=texts, facts=facts, title=title, notes=notes, chart=chart)


def deepseek_section(models_all: pd.DataFrame) -> Section:
    """DeepSeek's flagship against the frontier of the 12 months before it (independent of the pair)."""
    test = epoch.compute_test(models_all)
    f, peers = test.flagship, test.peers
    texts = {
        "ds_model": str(f["model"]),
        "ds_date": str(f["publication_date"]),
        "ds_flop": f"{f['training_compute_flop']:.1e} FLOP",
        "ds_ratio": prose.percent(test.ratio),
        "ds_peers": prose.number(len(peers)),
        "ds_peer_median": f"{peers['training_compute_flop'].median():.1e} FLOP",
        "ds_peer_max": f"{peers['training_compute_flop'].max():.1e} FLOP",
        "ds_peer_max_model": str(peers.sort_values("training_compute_flop").iloc[-1]["model"]),
        "ds_above": prose.percent(test.share_large_above),
    }
    window_start = (pd.Timestamp(f["publication_date"]) - pd.DateOffset(months=18)).strftime("%Y-%m-%d")
    texts["ds_window"] = f"{window_start} to {epoch.NOTE_DATE}"
    title = (
        f"DeepSeek's largest model used {prose.percent(test.ratio)} of the frontier's median compute, "
        f"yet more compute than {prose.percent(test.share_large_above)} of other large-scale models"
    )
    return Section(
        texts=texts, title=title, chart=compute_scatter(compute_scatter_data(models_all, window_start, epoch.NOTE_DATE))
    )


def codev_section(home: str, partner: str, start: int, end: int) -> Section:
    """Models co-developed by organisations of both countries (context for "deep cross-border innovation"),
    against each one's co-development with the United States."""
    df = epoch.models()
    end = min(end, int(df["year"].max()))
    pair = epoch.codeveloped(df, home, partner, start, end)
    n_all = df[(df["year"] >= start) & (df["year"] <= end)]["model"].nunique()
    texts = {
        "cd_period": f"{start}–{end}",
        "cd_all": prose.number(n_all),
        "cd_pair": prose.number(len(pair)),
        "cd_models": "model" if len(pair) == 1 else "models",
    }
    texts["cd_list"] = (
        (
            ": "
            + "; ".join(f"{m} ({d[:4]})" for m, _, d in pair.head(5).itertuples(index=False))
            + (" and others" if len(pair) > 5 else "")
        )
        if len(pair)
        else ""
    )
    parts = []
    for c in _unique([home, partner]):
        for other in SUPERPOWERS:
            if other not in (home, partner):
                k = len(epoch.codeveloped(df, c, other, start, end))
                parts.append(f"{countries.in_sentence(c)} with {countries.in_sentence(other)} {prose.number(k)}")
    texts["cd_superpowers"] = "; ".join(parts) if parts else "the pair is itself the two superpowers"
    facts = {"cd_pair": Fact(f"epoch_models.codeveloped:{partner}", home, texts["cd_period"], float(len(pair)))}
    return Section(texts=texts, facts=facts)


PANDEMIC_YEARS = (2020, 2021)  # trade shares moved abnormally in the COVID-19 years


def mirror_end(last: int | None, mirror_last: float | None) -> str:
    """Where the trade series shown stops, and why: the mirror's own end (with the pandemic caveat when that
    year is one) or the end year chosen for the run."""
    if last is None or mirror_last is None or mirror_last != mirror_last:
        return "The trade mirror has no year to show for these economies"
    if last < int(mirror_last):
        return (
            f"The series shown stops at {last}, the end year chosen for this run "
            f"(the mirror runs to {int(mirror_last)})"
        )
    caveat = ", a pandemic year: the last point may be an outlier rather than a trend" if last in PANDEMIC_YEARS else ""
    return f"The mirror ends in {last}{caveat}"


def dependence_section(home: str, partner: str, start: int, end: int) -> tuple[Section, object]:
    """Export shares to the US and to China for the focus countries, and the premise rule applied to the pair.

    Returns the section and the rule's result (a :class:`~ckaibook.claims.verdicts.Verdict` with no claim id).
    """
    reporters = focus(home, partner)
    shares = export_shares.export_shares(reporters, start=start, end=end)
    pair = [c for c in _unique([home, partner]) if c not in SUPERPOWERS]
    year = export_shares.latest_common_year(shares, pair) if pair else None
    v = checks.dependence_premise(shares, home, partner, year)
    have = sorted(set(shares["iso3"]), key=reporters.index)
    notes = []
    absent = [c for c in _unique([home, partner]) if c not in have]
    if absent:
        notes.append(
            f"{', '.join(countries.names(absent))}: not among the economies whose own exports the trade "
            f"mirror holds ({', '.join(countries.names(series.trade_reporters()))}); shown without it."
        )
    texts: dict[str, str] = {}
    facts: dict[str, Fact] = {}
    last = int(shares["year"].max()) if len(shares) else None
    texts["dep_last"] = str(last) if last else "no year"
    texts["dep_end"] = mirror_end(last, export_shares.export_shares(reporters, start=start)["year"].max())
    texts["dep_year"] = str(year) if year else "no common year"
    sentences = []
    for role, c in (("home", home), ("partner", partner)):
        for d in SUPERPOWERS:
            key = f"dep_{role}_{d.lower()}"
            row = shares[(shares["iso3"] == c) & (shares["destination"] == d) & (shares["year"] == year)]
            texts[key] = prose.percent(float(row["share"].iloc[0]) / 100, 1) if len(row) else "not available"
            if len(row):
                facts[key] = Fact(f"export_shares.share:{d}", c, int(year), float(row["share"].iloc[0]))
        if c in have:
            bits = []
            for d in SUPERPOWERS:
                pk = peak(shares, c, d)
                if pk:
                    when = f"in {pk[1]}" + (" (the last year)" if pk[1] == last else " (a peak before the last year)")
                    bits.append(
                        f"to {'the US' if d == 'USA' else 'China'} was highest {when} at "
                        f"{prose.percent(pk[0] / 100, 1)}"
                    )
            if bits:
                sentences.append(f"{countries.possessive(c)} share " + " and ".join(bits))  # mid-sentence
    first = int(shares["year"].min()) if len(shares) else start
    texts["dep_peaks"] = (
        (f"Over {first}–{texts['dep_last']}, " + "; ".join(sentences) + ".")
        if sentences
        else "No peak can be read for the pair."
    )
    texts["dep_figure"] = v.figure[0].upper() + v.figure[1:] if v.figure else ""
    texts["dep_verdict"] = v.verdict
    texts["dep_mirror"] = (
        "no mirror reading (the rule does not apply to this pair)"
        if v.verdict == "not applicable"
        else "no mirror reading either (the rule needs both countries' own export figures)"
    )
    if year is not None and pair and v.verdict not in ("not testable", "not applicable"):
        # Both reporters (issue 13, rule 2): the same rule on the destinations' import figures.
        m = export_shares.mirror_shares(pair, year).rename(columns={"as_importer": "share"})
        texts["dep_mirror"] = (
            f"on the destinations' own import figures for {year} (mirror flows) the reading is "
            f"{checks.dependence_premise(m, home, partner, year).verdict}"
            if m["share"].notna().all()
            else "no mirror reading (a destination does not report its imports from the pair that year)"
        )
    if year is not None and pair:
        texts["dep_sentence"] = (
            "In "
            + texts["dep_year"]
            + ", "
            + "; ".join(
                f"{countries.in_sentence(c)} sent {texts[f'dep_{r}_usa']} of its goods exports "
                "to the United States and "
                f"{texts[f'dep_{r}_chn']} to China"
                for r, c in (("home", home), ("partner", partner))
                if c in pair
            )
            + "."
        )
    else:
        texts["dep_sentence"] = (v.figure[0].upper() + v.figure[1:] + ".") if v.figure else ""
    if year is not None and pair:
        top = []
        for c in pair:
            us, cn = (
                float(
                    shares[(shares["iso3"] == c) & (shares["destination"] == d) & (shares["year"] == year)][
                        "share"
                    ].iloc[0]
                )
                for d in SUPERPOWERS
            )
            top.append(f"{countries.in_sentence(c)} {'leans on the US' if us > cn else 'leans on China'}")
        title = f"Exports to the superpowers in {year}: " + ", ".join(top)
    else:
        title = "Goods exports to the United States and to China, as each exporter reports them"
    chart = dependence_chart(shares, _unique([home, partner])) if len(shares) else None
    return Section(
        texts=texts,
        facts=facts,
        title=title,
        notes=notes,
        chart=chart,
        missing="No economy of this chapter's focus reports its exports in the trade mirror.",
    ), v


def developers_per_person(latest: pd.Series, pair: list[str]) -> str:
    """The pair's developer accounts per 1,000 people (populations differ), on the WDI population of the
    latest year both have; a parenthesis to follow the levels, or why there is none."""
    pop = series.wdi("sp.pop.totl", pair)
    year = series.common_latest(pop, pair[0], pair[-1])
    lacking = [
        c
        for c in pair
        if c not in latest.index or pd.isna(latest[c]) or pop.loc[pop["iso3"] == c, "value"].dropna().empty
    ]
    if lacking or year is None:
        who = " or ".join(countries.in_sentence(c) for c in lacking) or "a common year of the pair"
        return f" (no per-person figure: no developer count or WDI population for {who})"
    per = [latest[c] / series.value_in(pop, c, year)[0] * 1000 for c in pair]
    return f" ({' and '.join(prose.number(v, 0) for v in per)} per 1,000 people, on {year} populations)"


def github_section(home: str, partner: str) -> Section:
    """Developer accounts: the pair's levels and growth against the US and China."""
    devs = github("developers")
    dev = growth(devs, economies(home, partner))
    idx = dev.set_index("iso3")

    def g(c: str) -> str:
        v = idx.loc[c, "growth"] if c in idx.index else float("nan")
        return prose.percent(v / 100) if pd.notna(v) else "not available"

    def lvl(c: str) -> str:
        v = idx.loc[c, "latest"] if c in idx.index else float("nan")
        return prose.large(v, 1) if pd.notna(v) else "not available"

    grew = [f"{g(c)} in {countries.in_sentence(c)}" for c in _unique([home, partner]) if g(c) != "not available"]
    texts = {
        "gh_grew": (" and ".join(grew) if grew else "by an amount GitHub does not publish for either"),
        "gh_base": dev.attrs["base_label"],
        "gh_first": "{} Q{}".format(*devs.sort_values(["year", "quarter"]).iloc[0][["year", "quarter"]]),
        "gh_latest": dev.attrs["latest_label"],
        "gh_home_growth": g(home),
        "gh_partner_growth": g(partner),
        "gh_home_dev": lvl(home),
        "gh_partner_dev": lvl(partner),
        "gh_usa_growth": g("USA"),
        "gh_chn_growth": g("CHN"),
    }
    pair = _unique([home, partner])
    # Only the superpowers that are not themselves the pair are a comparison ("against").
    against = [
        f"{g(c)} in {countries.in_sentence(c)}" + (" (which VPN use is known to understate)" if c == "CHN" else "")
        for c in ("CHN", "USA")
        if c not in pair
    ]
    texts["gh_against"] = (", against " + " and ".join(against)) if against else ""
    if "CHN" in pair:
        texts["gh_against"] += "; VPN use is known to understate China's count"
    texts["gh_per_person"] = developers_per_person(idx["latest"], pair)
    notes = [
        "GitHub's Innovation Graph has no developer count or no growth figure (suppressed quarters) for "
        f"{countries.in_sentence(c)}."
        for c in _unique([home, partner])
        if "not available" in (lvl(c), g(c))
    ]
    title = (
        f"Since {dev.attrs['base_label']}, developer accounts grew {g(home)} in {countries.in_sentence(home)} "
        f"and {g(partner)} in {countries.in_sentence(partner)}"
    )
    _, chart = index_lines(devs, focus(home, partner), _unique([home, partner]))
    sec = Section(texts=texts, title=title, notes=notes, chart=chart)
    sec.texts["gh_economies"] = ", ".join(countries.names(focus(home, partner)))
    return sec


def collab_section(home: str, partner: str, year: int) -> Section:
    """Each side's GitHub contributions to the other, and each one's first destination."""
    link = pair_link(home, partner, year)
    texts = {"co_year": str(year)}
    for (src, dst), key in zip(link, ("home", "partner"), strict=False):
        row = link[(src, dst)]
        top = collaboration(src, year).head(1)
        texts[f"co_{key}_top"] = countries.in_sentence(top.iloc[0]["destination_iso3"]) if len(top) else "none listed"
        texts[f"co_{key}_top_share"] = prose.percent(top.iloc[0]["share"] / 100) if len(top) else "no share"
        if row is None:
            texts[f"co_{key}_share"], texts[f"co_{key}_rank"] = (
                "a share below GitHub's publication threshold",
                "unranked",
            )
        else:
            texts[f"co_{key}_share"] = prose.percent(row["share"] / 100, 1)
            texts[f"co_{key}_rank"] = _rank_words(int(row["rank"]))
    H, P = countries.in_sentence(home), countries.in_sentence(partner)
    links = []
    for key, src, dst in (("home", home, partner), ("partner", partner, home)):
        if link[(src, dst)] is None:
            links.append(
                f"{countries.possessive(src)} contributions to {countries.in_sentence(dst)} "
                "fall below GitHub's publication threshold"
            )
        else:
            links.append(
                f"{texts[f'co_{key}_share']} of {countries.possessive(src)} cross-border contributions "
                "went to repositories "
                f"in {countries.in_sentence(dst)} (its {texts[f'co_{key}_rank']} destination)"
            )
    texts["co_links"] = "; ".join(links)
    texts["co_links"] = texts["co_links"][0].upper() + texts["co_links"][1:]
    if link[(home, partner)] is not None and link[(partner, home)] is not None:
        title = (
            f"{countries.in_sentence(partner, True)} is {countries.possessive(home)} {texts['co_home_rank']} "
            "destination for GitHub contributions; "
            f"{H} is {countries.possessive(partner)} {texts['co_partner_rank']}"
        )
    else:
        title = (
            f"GitHub contributions between {H} and {P} are below GitHub's publication threshold "
            "in at least one direction"
        )
    texts["co_title"] = title
    data = collab_chart_data(home, partner, year)
    chart = collab_chart(data, home, partner) if len(data) and data["source_iso3"].nunique() == 2 else None
    return Section(
        texts=texts,
        title=title,
        chart=chart,
        missing=f"GitHub lists cross-border contributions for at most one of {H} and {P} in {year}; "
        "the chart is omitted.",
    )


def asean_exports_section(home: str, partner: str, start: int, end: int) -> Section:
    """Goods exports to ASEAN as a share of each focus country's exports."""
    e = exports_to_asean(focus(home, partner), start, end)
    texts: dict[str, str] = {}
    # One year for both sides of the sentence (issue 13, rule 1): the latest both report, when both do.
    years = [set(e.loc[e["iso3"] == c, "year"]) for c in (home, partner) if (e["iso3"] == c).any()]
    common = set.intersection(*years) if len(years) == 2 else set()
    for key, c in (("home", home), ("partner", partner)):
        rows = e[e["iso3"] == c]
        if common:
            rows = rows[rows["year"] == max(common)]
        if rows.empty:
            texts.update({f"ex_{key}_share": "not available", f"ex_{key}_usd": "not available", f"ex_{key}_year": "—"})
            continue
        last = rows.iloc[-1]
        texts.update(
            {
                f"ex_{key}_share": prose.percent(last["share"] / 100, 1),
                f"ex_{key}_usd": prose.money(last["asean_usd_m"] * 1e6, "USD"),
                f"ex_{key}_year": str(int(last["year"])),
            }
        )
    H, P = countries.in_sentence(home), countries.in_sentence(partner)
    have = {c: not e[e["iso3"] == c].empty for c in (home, partner)}

    def members(c: str) -> str:  # an ASEAN member cannot export to itself
        return "the other nine ASEAN members" if c in asean() else "the ten ASEAN members"

    notes = []
    if all(have.values()):
        title = (
            f"In {texts['ex_partner_year']}, {P} sent {texts['ex_partner_share']} of its goods exports to ASEAN, "
            f"{H} {texts['ex_home_share']}"
        )
        detail = (
            f"in {texts['ex_partner_year']}, {P} sent {texts['ex_partner_share']} of its goods exports "
            f"({texts['ex_partner_usd']}, nominal) to {members(partner)} and {H} {texts['ex_home_share']} "
            f"({texts['ex_home_usd']}) to {members(home)}"
        )
    elif any(have.values()):
        c, key = (home, "home") if have[home] else (partner, "partner")
        other = P if c == home else H
        title = (
            f"In {texts[f'ex_{key}_year']}, {countries.in_sentence(c)} sent {texts[f'ex_{key}_share']} of its "
            "goods exports to ASEAN"
        )
        detail = (
            f"in {texts[f'ex_{key}_year']}, {countries.in_sentence(c)} sent {texts[f'ex_{key}_share']} of its goods "
            f"exports ({texts[f'ex_{key}_usd']}, nominal) to {members(c)}; the trade mirror has no "
            f"reports for {other}"
        )
        notes.append(
            f"{other[0].upper() + other[1:]}: not among the economies whose own exports the trade mirror holds; "
            "shown without it."
        )
    else:
        title = "No exports to ASEAN reported for this pair"
        detail = f"the trade mirror has no reports for {H} or {P}"
    if home in asean() or partner in asean():
        notes.append(
            "Exports to ASEAN include those between ASEAN members: an ASEAN member's share counts the "
            "other nine (it cannot export to itself)."
        )
    texts["ex_sentence"] = detail[0].upper() + detail[1:]
    return Section(
        texts=texts,
        title=title,
        notes=notes,
        missing="No exports to ASEAN for these countries in the trade table.",
        chart=charts.time_lines(
            e,
            y="share",
            y_title="Exports to ASEAN",
            unit="% of goods exports",
            emphasis=_unique([home, partner]),
            fmt=".1f",
        )
        if len(e)
        else None,
    )


def internet_section(home: str, partner: str) -> Section:
    """Internet use in ASEAN and the pair: the range, lowest to highest."""
    net = internet_latest(asean() + [home, partner])
    # The sentence is about ASEAN's members: the range is theirs, the pair is only shown beside them.
    members = net[net["iso3"].isin(asean())]
    lo, hi = members.nsmallest(1, "value").iloc[0], members.nlargest(1, "value").iloc[0]
    texts = {
        "net_min": (
            f"{prose.percent(lo['value'] / 100)} of people in {countries.in_sentence(lo['iso3'])} "
            f"({int(lo['year'])})"
        ),
        "net_max": f"{prose.percent(hi['value'] / 100)} in {countries.in_sentence(hi['iso3'])} ({int(hi['year'])})",
        "net_years": f"{int(net['year'].min())}–{int(net['year'].max())}",
    }
    facts = {
        "net_min": Fact("wdi.it.net.user.zs", str(lo["iso3"]), int(lo["year"]), float(lo["value"])),
        "net_max": Fact("wdi.it.net.user.zs", str(hi["iso3"]), int(hi["year"]), float(hi["value"])),
    }
    notes = [
        f"The World Bank's WDI has no internet-use figure for {countries.in_sentence(c)}."
        for c in _unique([home, partner])
        if c not in set(net["iso3"])
    ]
    title = (
        f"Internet use ranges from {prose.percent(lo['value'] / 100)} in {countries.in_sentence(lo['iso3'])} to "
        f"{prose.percent(hi['value'] / 100)} in {countries.in_sentence(hi['iso3'])}"
    )
    return Section(
        texts=texts,
        facts=facts,
        title=title,
        notes=notes,
        chart=charts.bars(
            net.rename(columns={"value": "users"}),
            x="users",
            x_title="Internet users",
            unit="% of population",
            fmt=".0f",
        ),
    )


def asean_devs_section(home: str, partner: str) -> Section:
    """Growth of developer accounts in ASEAN members and the pair; the fastest ASEAN member."""
    dev = growth(github("developers"), _unique(asean() + [home, partner])).dropna(subset=["growth"])
    members = dev[dev["iso3"].isin(asean())]
    fast, slow = members.nlargest(1, "growth").iloc[0], members.nsmallest(1, "growth").iloc[0]
    texts = {
        "asean_fast": f"{countries.in_sentence(fast['iso3'])} (+{prose.percent(fast['growth'] / 100)})",
        "asean_slow": f"{countries.in_sentence(slow['iso3'])} (+{prose.percent(slow['growth'] / 100)})",
        "asean_span": f"{dev.attrs['base_label']} to {dev.attrs['latest_label']}",
    }
    title = (
        f"{countries.possessive(fast['iso3'], True)} developer accounts grew {prose.percent(fast['growth'] / 100)} "
        f"since {dev.attrs['base_label']}, the fastest in ASEAN"
    )
    return Section(
        texts=texts,
        title=title,
        chart=charts.bars(dev, x="growth", x_title="Growth of developer accounts", unit="%", fmt=".0f"),
    )


PROGRAMMES = {"C56": "CAN", "C57": "KOR"}  # ledger claim → the country that funds the ASEAN programme


def programme_section(table: pd.DataFrame, start: int, end: int) -> Section:
    """Each ASEAN programme of the note against its funder's yearly goods exports to ASEAN (latest year in
    the trade table); the funders are the note's, whatever the pair on screen."""
    exports = exports_to_asean(list(PROGRAMMES.values()), start, end)
    texts: dict[str, str] = {}
    rows = table.set_index("claim")
    for cid, funder in PROGRAMMES.items():
        a = ledger.amount(cid)
        texts[f"pg_{cid.lower()}"] = money.describe(a.value, a.currency, a.year)
        texts[f"pg_{cid.lower()}_funder"] = countries.in_sentence(funder)
        ex = exports[exports["iso3"] == funder]
        if ex.empty:
            texts[f"pg_{cid.lower()}_vs"] = "not comparable (no trade data in the window)"
            continue
        last = ex.iloc[-1]
        share = rows.loc[cid, "usd"] / (last["asean_usd_m"] * 1e6)
        texts[f"pg_{cid.lower()}_vs"] = (
            f"{prose.percent(share, 3)} of {countries.in_sentence(funder)}'s goods exports to "
            f"ASEAN in the single year {int(last['year'])} "
            f"({prose.money(last['asean_usd_m'] * 1e6, 'USD')}, nominal"
            # Different years on the two sides of the ratio: say why (issue 13, rule 1).
            + ("; the latest trade year shown, not the announcement year)" if int(last["year"]) != a.year else ")")
        )
    a = ledger.amount("C51")
    texts["pg_c51"] = money.describe(a.value, a.currency, a.year)
    texts["pg_c51_vs_c57"] = prose.multiple(rows.loc["C51", "usd"] / rows.loc["C57", "usd"], 0)
    return Section(texts=texts)


DEPENDENCE_PANEL_WIDTH = 230  # two panels side by side within a 700 px column, each still readable at 390 px


def dependence_explanation() -> str:
    """What the export-share evidence can and cannot say (the threshold from the rule's own constant)."""
    return (
        "Goods exports stand in for dependence on AI technology, which no dataset here measures; "
        f"the {prose.number(checks.DEPENDENCE_THRESHOLD, 0, '%')} mark is this book's, not the note's."
    )


DEPENDENCE_QUOTE = (
    "As advanced economies capable of innovation but at the same time vulnerable to overdependence "
    "on both the U.S. and China, Canada and South Korea face similar concerns within this dynamic. "
    "(section 3)"
)  # the note's words, shown attributed in the evidence box


def mirror_table(home: str, partner: str, end: int) -> pd.DataFrame:
    """Export shares to the US and China of the pair (and Japan) in the latest trade year up to ``end``, as the
    exporter and as the destination report them."""
    reporters = [c for c in focus(home, partner) if c not in SUPERPOWERS]
    years = export_shares.export_shares(reporters, end=end)["year"]
    if years.empty:
        return mirror_display(pd.DataFrame(columns=["iso3", "destination", "year", "as_exporter", "as_importer"]))
    m = export_shares.mirror_shares(reporters, int(years.max()))
    m = m.assign(order=m["iso3"].map(reporters.index)).sort_values(["order", "destination"], ascending=[True, False])
    out = mirror_display(m.reset_index(drop=True))
    return out.rename(columns={c: f"{c[:-4]}, {int(years.max())} (%)" for c in out.columns if c.endswith("(%)")})


def github_formats(table: pd.DataFrame) -> dict[str, str]:
    """Number formats for :func:`github_table`'s columns."""
    return {c: "{:,.2f}" if "developers" in c else "{:,.1f}" for c in table.columns if c != "economy"}
