"""Chapter 03 (Indo-Pacific): AI concentration, compute, DeepSeek's compute, open-source capacity, ASEAN.

Each function aggregates one table to the rows a chart or a sentence needs. Pure rules (a share, a
ratio, a rank) take DataFrames so tests can feed them small hand-made cases.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from ckaibook.present import charts, prose
from ckaibook.data import countries
from ckaibook.claims import money
from ckaibook.data.datapackage import load

NOTE_DATE = "2025-07-09"  # publication date of the note (Asia Pacific Foundation of Canada, 9 July 2025)
SUPERPOWERS = ("USA", "CHN")
TIER_LABELS = {"notable": "notable", "large_scale": "large-scale (>10²³ FLOP)", "frontier": "frontier (top-10 compute)"}


def focus(home: str, partner: str) -> list[str]:
    """Home, partner, then the USA, China and Japan (the chapter's comparators)."""
    return countries.focus(home, partner, ("USA", "CHN", "JPN"))


def asean() -> list[str]:
    return list(countries.members("ASEAN"))


# ---------------------------------------------------------------- 1. models by country

def models(tier: str | None = None) -> pd.DataFrame:
    """Epoch model × country rows, optionally only one tier (notable / large_scale / frontier)."""
    df = load("epoch_models")
    if tier is not None:
        df = df[df[tier].fillna(False)]
    return df


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
    df = models()
    df = df[(df["year"] >= start) & (df["year"] <= end)]
    rows = []
    for iso, g in df.groupby("iso3"):
        known = g["open_weights"].notna()
        rows.append({"iso3": iso, **{t: int(g[t].fillna(False).sum()) for t in TIER_LABELS},
                     "all": len(g), "known_access": int(known.sum()),
                     "open": int(g.loc[known, "open_weights"].astype(bool).sum())})
    out = pd.DataFrame(rows)
    out["open_share"] = out["open"] / out["known_access"].where(out["known_access"] > 0) * 100
    keep = set(focus(home, partner)) | set(out.nlargest(top, ["notable", "all"])["iso3"])
    out = out[out["iso3"].isin(keep)].sort_values(["notable", "iso3"], ascending=[False, True])
    return out.reset_index(drop=True)


def tier_display(t: pd.DataFrame) -> pd.DataFrame:
    """The tier table as the page shows it."""
    return pd.DataFrame({
        "country": t["iso3"].map(countries.name),
        "notable": t["notable"], "large-scale": t["large_scale"], "frontier": t["frontier"],
        "all catalogued": t["all"],
        "open weights (% of models with known access)": t["open_share"].round(0),
    })


def open_share_chart_data(t: pd.DataFrame, home: str, partner: str, min_models: int = 10) -> pd.DataFrame:
    """Open-weight share for countries with at least ``min_models`` models of known access (focus always kept)."""
    keep = t[(t["known_access"] >= min_models) | t["iso3"].isin([home, partner])].dropna(subset=["open_share"])
    return keep[["iso3", "open_share", "open", "known_access"]].reset_index(drop=True)


def share_lines(df: pd.DataFrame, emphasis: list[str]) -> alt.Chart:
    """Lines of each country's share of the year's models, with counts in the tooltip."""
    data = charts.with_names(df)
    data["emphasis"] = data["iso3"].isin(emphasis)
    order = list(dict.fromkeys(list(emphasis) + sorted(set(data["iso3"]))))
    return alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=16)).encode(
        x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
        y=alt.Y("share:Q", title="Share of the year's notable models (%)"),
        color=alt.Color("country:N", scale=charts.country_scale(order), sort=countries.names(order)),
        strokeWidth=alt.condition("datum.emphasis", alt.value(2.6), alt.value(1.5)),
        tooltip=[alt.Tooltip("country:N", title="Country"), alt.Tooltip("year:Q", format="d", title="Year"),
                 alt.Tooltip("share:Q", format=".1f", title="Share (%)"),
                 alt.Tooltip("models:Q", format=".1f", title="Models (fractional count)"),
                 alt.Tooltip("total:Q", format=".0f", title="All notable models that year")],
    )


# ---------------------------------------------------------------- 2. compute (GPU clusters)

def gpu_available() -> bool:
    """True once the ``epoch_gpu_clusters`` table is in the data package."""
    from ckaibook.data.datapackage import descriptor

    return any(r["name"] == "epoch_gpu_clusters" for r in descriptor()["resources"])


def gpu_by_country(df: pd.DataFrame) -> pd.DataFrame:
    """H100-equivalents of existing clusters that Epoch includes in its standard analysis, by country:
    ``iso3, h100e, clusters, share`` (share of the world total in %), largest first."""
    d = df[(df["status"] == "Existing") & df["standard_analysis"].fillna(False).astype(bool)]
    out = d.groupby("iso3", as_index=False).agg(h100e=("h100_equivalents", "sum"), clusters=("h100_equivalents", "size"))
    out["share"] = out["h100e"] / out["h100e"].sum() * 100
    return out.sort_values(["h100e", "iso3"], ascending=[False, True]).reset_index(drop=True)


def gpu_chart_data(by_country: pd.DataFrame, home: str, partner: str, top: int = 10) -> pd.DataFrame:
    """The largest ``top`` countries plus home and partner (zero rows added where they have none)."""
    keep = list(by_country.head(top)["iso3"])
    rows = by_country[by_country["iso3"].isin(keep)]
    for c in (home, partner):
        if c not in set(rows["iso3"]):
            hit = by_country[by_country["iso3"] == c]
            rows = pd.concat([rows, hit if len(hit) else pd.DataFrame(
                {"iso3": [c], "h100e": [0.0], "clusters": [0], "share": [0.0]})])
    return rows.reset_index(drop=True)


# ---------------------------------------------------------------- 3. DeepSeek's training compute


def compute_scatter_data(df: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Large-scale language models with known compute published in [start, end]: one row per model."""
    d = df[df["large_scale"].fillna(False) & df["training_compute_flop"].notna()
           & df["domain"].str.contains("Language", na=False)
           & (df["publication_date"] >= start) & (df["publication_date"] <= end)]
    d = d.sort_values(["model", "weight"]).drop_duplicates("model")
    countries_of = df.groupby("model")["iso3"].agg(lambda s: ", ".join(countries.names(sorted(s))))
    out = pd.DataFrame({
        "model": d["model"], "organization": d["organization"], "date": d["publication_date"],
        "compute": d["training_compute_flop"], "frontier": d["frontier"].fillna(False),
        "countries": d["model"].map(countries_of),
    })
    out["group"] = [("DeepSeek" if "DeepSeek" in o else ("Frontier model (Epoch)" if f else "Other large-scale model"))
                    for o, f in zip(out["organization"], out["frontier"])]
    return out.sort_values(["date", "model"]).reset_index(drop=True)


def compute_scatter(data: pd.DataFrame) -> alt.Chart:
    domain = ["DeepSeek", "Frontier model (Epoch)", "Other large-scale model"]
    return alt.Chart(data).mark_point(filled=True, opacity=0.85).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("compute:Q", scale=alt.Scale(type="log"), title="Training compute (FLOP, log scale)",
                axis=alt.Axis(format=".0e")),
        color=alt.Color("group:N", scale=alt.Scale(domain=domain, range=[countries.colour("CHN"), "#E69F00", "#BBBBBB"])),
        size=alt.condition(alt.datum.group == "DeepSeek", alt.value(90), alt.value(30)),
        order=alt.Order("group:N", sort="descending"),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("organization:N", title="Developer"),
                 alt.Tooltip("countries:N", title="Country"), alt.Tooltip("date:T", format="%d %b %Y", title="Published"),
                 alt.Tooltip("compute:Q", format=".2e", title="Training compute (FLOP)")],
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
    df = github("git_pushes")
    df = df.assign(t=df["year"] * 4 + df["quarter"])
    last = df[df["t"] > df["t"].max() - 4]
    return last[last["iso3"].isin(iso3s)].groupby("iso3")["value"].sum().reindex(iso3s)


def github_table(iso3s: list[str]) -> pd.DataFrame:
    dev, rep = growth(github("developers"), iso3s), growth(github("repositories"), iso3s)
    push = pushes_last_year(iso3s)
    return pd.DataFrame({
        "economy": [countries.name(c) for c in iso3s],
        f"developers, {dev.attrs['latest_label']} (million)": (dev["latest"] / 1e6).round(2).values,
        f"growth since {dev.attrs['base_label']} (%)": dev["growth"].round(0).values,
        f"repositories, {rep.attrs['latest_label']} (million)": (rep["latest"] / 1e6).round(1).values,
        "pushes, last four quarters (million)": (push / 1e6).round(1).values,
    })


def index_lines(df: pd.DataFrame, iso3s: list[str], emphasis: list[str]) -> tuple[pd.DataFrame, alt.Chart]:
    """Developer accounts indexed to the first quarter (= 100), one line per economy."""
    d = df[df["iso3"].isin(iso3s)].sort_values(["iso3", "date"]).copy()
    first = d.groupby("iso3")["value"].transform("first")
    d["index"] = d["value"] / first * 100
    d = charts.with_names(d[["iso3", "date", "value", "index"]])
    d["emphasis"] = d["iso3"].isin(emphasis)
    order = [c for c in iso3s if c in set(d["iso3"])]
    chart = alt.Chart(d).mark_line().encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("index:Q", title="Developer accounts (first quarter = 100)", scale=alt.Scale(zero=False)),
        color=alt.Color("country:N", scale=charts.country_scale(order), sort=countries.names(order)),
        strokeWidth=alt.condition("datum.emphasis", alt.value(2.6), alt.value(1.4)),
        tooltip=[alt.Tooltip("country:N", title="Economy"), alt.Tooltip("date:T", format="%Y Q%q", title="Quarter"),
                 alt.Tooltip("index:Q", format=".0f", title="Index"),
                 alt.Tooltip("value:Q", format=",.0f", title="Developer accounts")],
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
    return alt.Chart(data).mark_bar().encode(
        y=alt.Y("destination:N", sort=order, title=None),
        yOffset=alt.YOffset("source:N", sort=srcs),
        x=alt.X("share:Q", title="Share of the economy's cross-border contributions (%)"),
        color=alt.Color("source:N", scale=alt.Scale(domain=srcs, range=[countries.colour(home), countries.colour(partner)])),
        tooltip=[alt.Tooltip("source:N", title="Developers"), alt.Tooltip("destination:N", title="To repositories in"),
                 alt.Tooltip("share:Q", format=".1f", title="Share (%)"), alt.Tooltip("rank:Q", title="Rank"),
                 alt.Tooltip("weight:Q", format=",.0f", title="Pushes + pull requests")],
    ).properties(height=alt.Step(12))


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
    """Latest internet use (% of population) per economy, with its year."""
    from ckaibook.measures import series as measures

    df = measures.latest(measures.wdi("it.net.user.zs", iso3s))
    return df[["iso3", "year", "value"]]


def claim_amount(claim_id: str) -> tuple[float, str, int]:
    """(amount in currency units, currency, year) of a money claim in the ledger."""
    row = load("claims").set_index("claim_id").loc[claim_id]
    scale = {"million": 1e6, "billion": 1e9, "thousand": 1e3}[str(row["unit"])]
    return float(row["value"]) * scale, str(row["currency"]), int(row["year"])


def programme_table(claim_ids: list[str]) -> pd.DataFrame:
    """The note's money figures on one basis: original, US$ and C$ at the year's average rate."""
    ledger = load("claims").set_index("claim_id")
    rows = []
    for cid in claim_ids:
        amount, ccy, year = claim_amount(cid)
        usd = money.convert(amount, ccy, "USD", year)
        rows.append({"claim": cid, "what": ledger.loc[cid, "claim"], "year": year,
                     "as stated": prose.money(amount, ccy), "US$ million": round(usd / 1e6, 1),
                     "C$ million": round(money.convert(amount, ccy, "CAD", year) / 1e6, 1),
                     "ledger verdict": ledger.loc[cid, "verdict"], "usd": usd})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- prose

def _rank_words(rank: int) -> str:
    return {1: "first", 2: "second", 3: "third"}.get(rank, f"{rank}th" if 10 <= rank % 100 <= 20 else
                                                     f"{rank}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(rank % 10, 'th')}")


def model_texts(home: str, partner: str, start: int, end: int) -> dict[str, str]:
    """Glue texts for section 1: the superpowers' pooled share early vs late, and the pair's ranks."""
    n = models("notable")
    end = min(end, int(n["year"].max()))
    start = max(start, int(n["year"].min()))
    span = max(1, min(5, (end - start + 1) // 2))
    early, late = (start, start + span - 1), (end - span + 1, end)
    s_early, s_late = pooled_share(n, SUPERPOWERS, *early), pooled_share(n, SUPERPOWERS, *late)
    ranks = rank_table(n, *late).set_index("iso3")
    out = {"mod_early": f"{early[0]}–{early[1]}", "mod_late": f"{late[0]}–{late[1]}",
           "mod_share_early": prose.percent(s_early), "mod_share_late": prose.percent(s_late),
           "mod_countries": prose.number(len(ranks)),
           "mod_title": (f"The US and China developed {prose.percent(s_late)} of notable AI models in "
                         f"{late[0]}–{late[1]}, against {prose.percent(s_early)} in {early[0]}–{early[1]}")}
    for role, c in (("home", home), ("partner", partner)):
        if c in ranks.index:
            out[f"mod_{role}_rank"] = f"{_rank_words(int(ranks.loc[c, 'rank']))} of {len(ranks)}"
            out[f"mod_{role}_n"] = prose.number(float(ranks.loc[c, "models"]), 1)
        else:
            out[f"mod_{role}_rank"] = f"absent from the {len(ranks)} countries listed"
            out[f"mod_{role}_n"] = "0"
    return out


def open_texts(t: pd.DataFrame, home: str, partner: str) -> dict[str, str]:
    idx = t.set_index("iso3")

    def share(c: str) -> str:
        return prose.percent(idx.loc[c, "open_share"] / 100) if c in idx.index and idx.loc[c, "open_share"] == idx.loc[c, "open_share"] else "no share (no models of known access)"
    out = {f"open_{c.lower()}": share(c) for c in ("USA", "CHN")}
    out["open_home"], out["open_partner"] = share(home), share(partner)
    out["open_title"] = (f"{countries.name(home)} releases {out['open_home']} of its models with open weights, "
                         f"{countries.name(partner)} {out['open_partner']}, China {out['open_chn']}, the US {out['open_usa']}")
    return out


def gpu_texts(g: pd.DataFrame, home: str, partner: str) -> dict[str, str]:
    idx = g.set_index("iso3")

    def get(c: str, col: str) -> float:
        return float(idx.loc[c, col]) if c in idx.index else 0.0
    pair = get(home, "share") + get(partner, "share")
    usa, chn = get("USA", "h100e"), get("CHN", "h100e")
    out = {"gpu_usa_share": prose.percent(get("USA", "share") / 100), "gpu_chn_share": prose.percent(get("CHN", "share") / 100),
           "gpu_pair_share": prose.percent(pair / 100, 1), "gpu_home": prose.large(get(home, "h100e"), 1),
           "gpu_partner": prose.large(get(partner, "h100e"), 1), "gpu_usa": prose.large(usa, 1),
           "gpu_countries": prose.number(len(g)),
           "gpu_usa_vs_chn": prose.multiple(usa / chn) if chn else "n/a"}
    pair_h = get(home, "h100e") + get(partner, "h100e")
    out["gpu_usa_vs_pair"] = prose.number(usa / pair_h, 0) + "×" if pair_h else "n/a"
    out["gpu_title"] = (f"The US holds {out['gpu_usa_share']} of listed GPU-cluster capacity, China "
                        f"{out['gpu_chn_share']}; {countries.name(home)} and {countries.name(partner)} together "
                        f"{out['gpu_pair_share']}")
    return out


def compute_texts(test: ComputeTest) -> dict[str, str]:
    f = test.flagship
    peers = test.peers
    return {"ds_model": str(f["model"]), "ds_date": str(f["publication_date"]),
            "ds_flop": f"{f['training_compute_flop']:.1e} FLOP",
            "ds_ratio": prose.percent(test.ratio), "ds_peers": prose.number(len(peers)),
            "ds_peer_median": f"{peers['training_compute_flop'].median():.1e} FLOP",
            "ds_peer_max": f"{peers['training_compute_flop'].max():.1e} FLOP",
            "ds_peer_max_model": str(peers.sort_values("training_compute_flop").iloc[-1]["model"]),
            "ds_above": prose.percent(test.share_large_above),
            "ds_title": (f"DeepSeek's largest model used {prose.percent(test.ratio)} of the frontier's median compute, "
                         f"yet more compute than {prose.percent(test.share_large_above)} of other large-scale models")}


def github_texts(home: str, partner: str, dev: pd.DataFrame) -> dict[str, str]:
    idx = dev.set_index("iso3")

    def g(c: str) -> str:
        v = idx.loc[c, "growth"] if c in idx.index else float("nan")
        return prose.percent(v / 100) if v == v else "not available"

    def lvl(c: str) -> str:
        v = idx.loc[c, "latest"] if c in idx.index else float("nan")
        return prose.large(v, 1) if v == v else "not available"
    return {"gh_base": dev.attrs["base_label"], "gh_latest": dev.attrs["latest_label"],
            "gh_home_growth": g(home), "gh_partner_growth": g(partner), "gh_home_dev": lvl(home),
            "gh_partner_dev": lvl(partner), "gh_usa_growth": g("USA"), "gh_chn_growth": g("CHN"),
            "gh_title": f"Since {dev.attrs['base_label']}, developer accounts grew {g(home)} in "
                        f"{countries.name(home)} and {g(partner)} in {countries.name(partner)}"}


def collab_texts(home: str, partner: str, year: int) -> dict[str, str]:
    link = pair_link(home, partner, year)
    out = {"co_year": str(year)}
    for (src, dst), key in zip(link, ("home", "partner")):
        row = link[(src, dst)]
        top = collaboration(src, year).head(1)
        out[f"co_{key}_top"] = countries.name(top.iloc[0]["destination_iso3"]) if len(top) else "none listed"
        out[f"co_{key}_top_share"] = prose.percent(top.iloc[0]["share"] / 100) if len(top) else "n/a"
        if row is None:
            out[f"co_{key}_share"], out[f"co_{key}_rank"] = "below GitHub's publication threshold", "not ranked"
        else:
            out[f"co_{key}_share"] = prose.percent(row["share"] / 100, 1)
            out[f"co_{key}_rank"] = _rank_words(int(row["rank"]))
    out["co_title"] = (f"{countries.name(partner)} is {countries.name(home)}'s {out['co_home_rank']} destination for "
                       f"GitHub contributions; {countries.name(home)} is {countries.name(partner)}'s {out['co_partner_rank']}")
    return out


def export_texts(e: pd.DataFrame, home: str, partner: str) -> dict[str, str]:
    out = {}
    for key, c in (("home", home), ("partner", partner)):
        rows = e[e["iso3"] == c]
        if rows.empty:
            out.update({f"ex_{key}_share": "not available", f"ex_{key}_usd": "not available", f"ex_{key}_year": "—"})
            continue
        last = rows.iloc[-1]
        out.update({f"ex_{key}_share": prose.percent(last["share"] / 100, 1),
                    f"ex_{key}_usd": prose.money(last["asean_usd_m"] * 1e6, "USD"),
                    f"ex_{key}_year": str(int(last["year"]))})
    H, P = countries.name(home), countries.name(partner)
    have = {c: not e[e["iso3"] == c].empty for c in (home, partner)}
    if all(have.values()):
        out["ex_title"] = f"{P} sends {out['ex_partner_share']} of its goods exports to ASEAN, {H} {out['ex_home_share']}"
        out["ex_detail"] = (f"in {out['ex_partner_year']}, {P} sent {out['ex_partner_share']} of its goods exports "
                            f"({out['ex_partner_usd']}) to the ten ASEAN members and {H} {out['ex_home_share']} ({out['ex_home_usd']})")
    elif any(have.values()):
        c, key = (home, "home") if have[home] else (partner, "partner")
        other = P if c == home else H
        out["ex_title"] = f"{countries.name(c)} sends {out[f'ex_{key}_share']} of its goods exports to ASEAN"
        out["ex_detail"] = (f"in {out[f'ex_{key}_year']}, {countries.name(c)} sent {out[f'ex_{key}_share']} of its goods "
                            f"exports ({out[f'ex_{key}_usd']}) to the ten ASEAN members; the trade mirror has no reports for {other}")
    else:
        out["ex_title"] = "No exports to ASEAN reported for this pair"
        out["ex_detail"] = f"the trade mirror has no reports for {H} or {P}"
    out["ex_sentence"] = out["ex_detail"][0].upper() + out["ex_detail"][1:]
    return out


PROGRAMMES = {"C56": "CAN", "C57": "KOR"}  # ledger claim → the country that funds the ASEAN programme


def programme_texts(table: pd.DataFrame, exports: pd.DataFrame) -> dict[str, str]:
    """Each ASEAN programme against its funder's yearly goods exports to ASEAN (latest year in the trade table)."""
    out = {}
    rows = table.set_index("claim")
    for cid, funder in PROGRAMMES.items():
        amount, ccy, year = claim_amount(cid)
        out[f"pg_{cid.lower()}"] = money.describe(amount, ccy, year)
        ex = exports[exports["iso3"] == funder]
        if ex.empty:
            out[f"pg_{cid.lower()}_vs"] = "not comparable (no trade data)"
            continue
        last = ex.iloc[-1]
        share = rows.loc[cid, "usd"] / (last["asean_usd_m"] * 1e6)
        out[f"pg_{cid.lower()}_vs"] = (f"{prose.percent(share, 3)} of {countries.name(funder)}'s goods exports to ASEAN "
                                       f"in {int(last['year'])} ({prose.money(last['asean_usd_m'] * 1e6, 'USD')})")
    if "C51" in rows.index:
        out["pg_c51"] = money.describe(*claim_amount("C51"))
        out["pg_c51_vs_c57"] = prose.multiple(rows.loc["C51", "usd"] / rows.loc["C57", "usd"], 0)
    return out

