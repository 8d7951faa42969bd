"""Chapter 01 (state of co-operation): strategies and money, the research-vs-commercialisation
scoreboard, AI legislation, AI models and their citations, talent, ICT and compute, and the
composite index.

Each ``*_section`` function computes one section for the pair on screen and returns a
:class:`~ckaibook.present.sections.Section`; the notebook publishes it once. Comparisons follow the
book's evidence rules (CONTRIBUTING.md): the same year for both countries, per person where
populations differ, and the size of each gap (home ÷ partner), not a count of wins.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

import altair as alt
import pandas as pd

from ckaibook.claims import ledger as claims_ledger
from ckaibook.claims import money
from ckaibook.claims.checks import state_of_cooperation as checks
from ckaibook.core import formats
from ckaibook.data import countries
from ckaibook.data.datapackage import DataError, load
from ckaibook.measures import compute
from ckaibook.measures import models as epoch
from ckaibook.measures import series as measures
from ckaibook.measures.infrastructure import Comparison, infrastructure_comparisons, overall_gap
from ckaibook.present import charts, prose
from ckaibook.present import small_multiples as sm
from ckaibook.present.prose import Fact
from ckaibook.present.sections import Section

NOTE_PAIR = (countries.HOME, countries.PARTNER)


def _ratio_text(ratio: float) -> str:
    """'0.30×', '3.3×' or '158×': the book's one rule for gap sizes (``core.formats.gap_multiple``)."""
    return formats.gap_multiple(ratio)


def names_text(codes: Sequence[str]) -> str:
    """'the United States, China and Japan': names for running text."""
    names = [countries.in_sentence(c) for c in codes]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}" if names else "no comparator"


def _cap(text: str) -> str:
    """Capitalise the first letter only (names and units keep their case)."""
    return text[:1].upper() + text[1:]


def _label(measure: str) -> str:
    """A measure label mid-sentence: lower-case its first letter unless its first word is an acronym or
    a proper noun (TOP500, AI, R&D, GPU-cluster)."""
    first = measure.split(" ")[0]
    proper = any(ch.isupper() or ch.isdigit() for ch in first[1:])
    return measure if proper else measure[:1].lower() + measure[1:]


def _geomean(ratios: Sequence[float]) -> float:
    ok = [r for r in ratios if r > 0 and math.isfinite(r)]
    return math.exp(sum(math.log(r) for r in ok) / len(ok)) if ok else math.nan


# ---------------------------------------------------------------- strategies and money

# Ledger rows that carry the money figures of the two strategies, and whose strategy each is.
MONEY_CLAIMS = {"C17": "CAN", "C21": "KOR", "C40": "KOR"}


def ledger() -> pd.DataFrame:
    """The claims ledger indexed by claim id."""
    return load("claims").set_index("claim_id")


def pillars_table() -> pd.DataFrame:
    """The pillars, note's list and official list, ready to display (pillar text linked to the source)."""
    df = load("strategy_pillars")
    version = {"note": "as the note lists them", "official": "official list (ledger)"}
    out = pd.DataFrame(
        {
            "strategy": df["country"].map(countries.name),
            "list": df["version"].map(version),
            "no.": df["pillar"].astype(int),
            "pillar": df["text"],
            "ledger row": df["claim_id"],
            "source_url": df["source_url"],
        }
    )
    return out.sort_values(["strategy", "list", "no."], ascending=[True, False, True]).reset_index(drop=True)


def strategies_section(home: str, partner: str) -> Section:
    """The strategies table is the note's pair's; for another pair a note says so."""
    sec = Section()
    if not countries.is_note_pair(home, partner):
        sec.notes.append(
            f"The note describes the strategies of {countries.in_sentence(NOTE_PAIR[0])} and "
            f"{countries.in_sentence(NOTE_PAIR[1])} only; this section shows them for reference, not for "
            f"{countries.pair_name(home, partner)}."
        )
    return sec


@dataclass(frozen=True)
class Commitment:
    """A strategy's money figure on common bases: nominal, at the announcement year's rates."""

    claim_id: str
    iso3: str
    amount: float
    currency: str
    year: int  # announcement year: the rate year and the GDP year sought
    usd: float
    cad: float
    gdp_share: float
    per_person_usd: float
    gdp_year: int  # the GDP year used (the announcement year, or the latest before it)


def commitments() -> list[Commitment]:
    """The note's strategy money figures (``claims.ledger.amount``: the announcement year's rates), in
    nominal US$ and C$, as a share of that year's GDP (current US$) and per person."""
    out = []
    for cid, iso in MONEY_CLAIMS.items():
        a = claims_ledger.amount(cid)
        usd = money.convert(a.value, a.currency, "USD", a.year)
        cad = money.convert(a.value, a.currency, "CAD", a.year)
        gdp, gdp_year = measures.value_at_or_before(measures.wdi("ny.gdp.mktp.cd", [iso]), iso, a.year)
        pop, _ = measures.value_at_or_before(measures.wdi("sp.pop.totl", [iso]), iso, gdp_year)
        out.append(Commitment(cid, iso, a.value, a.currency, a.year, usd, cad, usd / gdp, usd / pop, gdp_year))
    return out


def money_table(items: Sequence[Commitment]) -> pd.DataFrame:
    """The commitments as the note gives them and on common bases (nominal, announcement-year rates)."""
    claims = ledger()
    return pd.DataFrame(
        [
            {
                "ledger row": c.claim_id,
                "what": claims.loc[c.claim_id, "claim"],
                "strategy": countries.name(c.iso3),
                "as the note gives it": prose.money(c.amount, c.currency),
                "announced": str(c.year),
                "US$ (nominal)": prose.money(c.usd, "USD", 2),
                "C$ (nominal)": prose.money(c.cad, "CAD", 2),
                "share of GDP": prose.number(c.gdp_share * 100, 3, "%") + f" ({c.gdp_year})",
                "US$ per person": prose.money(c.per_person_usd, "USD"),
                "source_url": claims.loc[c.claim_id, "source_url"],
            }
            for c in items
        ]
    )


def money_section(items: Sequence[Commitment]) -> Section:
    """Texts ``<id>_describe``, ``<id>_gdp``, ``<id>_pp`` per commitment and a summary ``money_finding``."""
    sec = Section()
    for c in items:
        k = c.claim_id.lower()
        sec.texts[f"{k}_describe"] = f"{money.describe(c.amount, c.currency, c.year)}, nominal"
        sec.texts[f"{k}_gdp"] = f"{prose.number(c.gdp_share * 100, 2, '%')} of {c.gdp_year} GDP"
        sec.facts[f"{k}_gdp"] = Fact(f"ledger_amount.gdp_share:{c.claim_id}", c.iso3, c.gdp_year, c.gdp_share)
        sec.texts[f"{k}_pp"] = prose.money(c.per_person_usd, "USD")
        sec.facts[f"{k}_pp"] = Fact(f"ledger_amount.usd_per_person:{c.claim_id}", c.iso3, c.gdp_year, c.per_person_usd)
    sec.texts["money_finding"] = money_finding(items)
    return sec


def money_finding(items: Sequence[Commitment]) -> str:
    """The largest and the smallest figure relative to GDP; figures that round to the same share are
    named together, since a superlative would claim a difference the shown numbers do not have."""

    def share(c: Commitment) -> str:
        return prose.number(c.gdp_share * 100, 2, "%")

    def which(pick: Callable[..., Commitment]) -> str:
        edge = share(pick(items, key=lambda c: c.gdp_share))
        tied = [c for c in items if share(c) == edge]
        ids = " and ".join(c.claim_id for c in tied)
        names = " and ".join(dict.fromkeys(countries.name(c.iso3) for c in tied))
        years = " and ".join(dict.fromkeys(str(c.gdp_year) for c in tied))
        return f"{ids} ({names}, {'each ' if len(tied) > 1 else ''}{edge} of {years} GDP)"

    return f"of the note's figures, the largest relative to its economy is {which(max)}, the smallest {which(min)}"


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
    Measure(
        "articles",
        "Scientific articles",
        "research",
        "per million people",
        "wdi",
        _wdi("ip.jrn.artc.sc", per_million=True),
        0,
    ),
    Measure(
        "ai_pubs",
        "AI publications (CSET)",
        "research",
        "per million people",
        "owid_ai_country",
        _owid("ai_publications", 1e6),
        0,
    ),
    Measure(
        "ai_articles", "AI articles (Scopus)", "research", "per million people", "ncses_ai_articles", _ncses_total, 1
    ),
    Measure(
        "ai_intl",
        "AI articles with a foreign co-author",
        "research",
        "% of AI articles",
        "ncses_ai_articles",
        _ncses_share,
        0,
    ),
    Measure("rd", "R&D spending", "research", "% of GDP", "wdi", _wdi("gb.xpd.rsdv.gd.zs"), 2),
    Measure("researchers", "Researchers in R&D", "research", "per million people", "wdi", _wdi("sp.pop.scie.rd.p6"), 0),
    Measure(
        "patents",
        "Resident patent applications",
        "commercialisation",
        "per million people",
        "wdi",
        _wdi("ip.pat.resd", per_million=True),
        0,
    ),
    Measure(
        "ai_patents",
        "AI patent applications",
        "commercialisation",
        "per million people",
        "owid_ai_country",
        _owid("ai_patent_applications", 1e6),
        checks.PATENT_DECIMALS,
    ),
    Measure(
        "hightech",
        "High-tech exports",
        "commercialisation",
        "current US$ per person",
        "wdi",
        _wdi("tx.val.tech.cd", per_capita=True),
        0,
    ),
    Measure(
        "ai_invest",
        "Private AI investment",
        "commercialisation",
        "constant US$ per person",
        "owid_ai_country",
        _owid("ai_private_investment", 1.0),
        0,
    ),
)


def measure(key: str) -> Measure:
    """A scoreboard measure by key."""
    return {m.key: m for m in SCOREBOARD}[key]


SIDES = ("research", "commercialisation")


def scoreboard_series(iso3s: Sequence[str], side: str, start: int, end: int) -> pd.DataFrame:
    """Long rows for the small multiples of one side: iso3, year, value, panel, unit."""
    frames = []
    for m in SCOREBOARD:
        if m.side != side:
            continue
        df = m.get(iso3s)
        df = df[(df["year"] >= start) & (df["year"] <= end)].dropna(subset=["value"])
        frames.append(df.assign(panel=f"{m.label}|{m.unit}", unit=m.unit))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["panel", "iso3", "year"]).reset_index(drop=True)


def leader(home_value: float, partner_value: float, home: str, partner: str) -> str:
    """The country with the higher value (ties → 'tie')."""
    if home_value == partner_value:
        return "tie"
    return home if home_value > partner_value else partner


def scoreboard(home: str, partner: str, iso3s: Sequence[str]) -> pd.DataFrame:
    """Per measure: the latest year both home and partner report, their values, the comparators' values
    that year, and the size of the pair's gap, ``ratio`` = home ÷ partner (NaN without a common year)."""
    rows = []
    for m in SCOREBOARD:
        df = m.get(iso3s).dropna(subset=["value"])
        year = measures.common_latest(df, home, partner)
        row = {"key": m.key, "measure": m.label, "side": m.side, "unit": m.unit, "year": year, "decimals": m.decimals}
        for iso in iso3s:
            hit = df[(df["iso3"] == iso) & (df["year"] == year)] if year else df.iloc[0:0]
            row[iso] = float(hit["value"].iloc[0]) if not hit.empty else float("nan")
        row["ratio"] = row[home] / row[partner] if year and row[partner] > 0 else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


def scoreboard_display(board: pd.DataFrame, iso3s: Sequence[str], home: str, partner: str) -> pd.DataFrame:
    """The scoreboard as a table: values in the pair's common year and the gap's size."""
    out = pd.DataFrame(
        {
            "measure": board["measure"] + " (" + board["unit"] + ")",
            "side": board["side"],
            "year": board["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        }
    )
    for iso in iso3s:
        out[countries.name(iso)] = [
            ("" if pd.isna(v) else prose.number(v, int(d))) for v, d in zip(board[iso], board["decimals"], strict=False)
        ]
    out[f"{countries.name(home)} ÷ {countries.name(partner)}"] = [
        "" if pd.isna(r) else _ratio_text(r) for r in board["ratio"]
    ]
    return out


def side_gap(board: pd.DataFrame, side: str) -> float:
    """Geometric mean of home ÷ partner over one side's measures with a common year."""
    return _geomean(board.loc[board["side"] == side, "ratio"].dropna().tolist())


def side_finding(board: pd.DataFrame, side: str, home: str, partner: str) -> str:
    """Sizes first: 'on the 6 research measures both report, Canada ÷ South Korea ranges from 0.47×
    (R&D spending, 2022) to 3.1× (…); geometric mean 1.3×'."""
    rows = board[(board["side"] == side) & board["ratio"].notna()].sort_values("ratio")
    h, p = countries.in_sentence(home), countries.in_sentence(partner)
    if rows.empty:
        return f"no {side} measure is reported by both {h} and {p} in the same year"
    lo, hi = rows.iloc[0], rows.iloc[-1]
    if len(rows) == 1:
        return (
            f"on the one {side} measure both report ({_label(lo['measure'])}, {int(lo['year'])}), {h} has "
            f"{_ratio_text(lo['ratio'])} {countries.possessive(partner)} level"
        )
    return (
        f"on the {len(rows)} {side} measures both report, {countries.possessive(home)} level ranges from "
        f"{_ratio_text(lo['ratio'])} {countries.possessive(partner)} ({_label(lo['measure'])}, {int(lo['year'])}) to "
        f"{_ratio_text(hi['ratio'])} ({_label(hi['measure'])}, {int(hi['year'])}), "
        f"{_ratio_text(side_gap(board, side))} in geometric mean"
    )


def complementarity_finding(board: pd.DataFrame, home: str, partner: str) -> str:
    """Does the pair show the note's pattern (the country in Canada's role ahead on research, the one in
    Korea's on commercialisation: :func:`countries.note_roles`), in size?"""
    r, c = side_gap(board, "research"), side_gap(board, "commercialisation")
    if countries.note_roles(home, partner) != (home, partner):  # the note's pair with Korea at home
        r, c, home, partner = 1 / r, 1 / c, partner, home
    h, p = countries.in_sentence(home), countries.in_sentence(partner)
    if math.isnan(r) or math.isnan(c):
        return f"the scoreboard cannot compare {h} and {p} on both sides"
    if r > 1 and c < 1:
        return (
            f"the pattern the note describes holds for {countries.pair_name(home, partner)}: {h} is ahead on research "
            f"({_ratio_text(r)} {countries.possessive(partner)} level in geometric mean) "
            f"and behind on commercialisation ({_ratio_text(c)})"
        )
    # Each half of the pattern is said with its size: "does not hold" alone would hide a half that holds.
    pattern = (
        f"the pattern the note describes ({h} ahead on research, {p} on "
        f"commercialisation) holds for {countries.pair_name(home, partner)}"
    )
    level = f"{countries.possessive(partner)} level"
    if c < 1:
        return (
            f"{pattern} only on commercialisation, where {h} has {_ratio_text(c)} {level}, not on research, "
            f"where {h} has {_ratio_text(r)} (geometric means)"
        )
    if r > 1:
        return (
            f"{pattern} only on research, where {h} has {_ratio_text(r)} {level}, not on commercialisation, "
            f"where {h} has {_ratio_text(c)} (geometric means)"
        )
    return (
        f"{pattern.replace(' holds for', ' does not hold for')} on either side: {h} has {_ratio_text(r)} {level} on "
        f"research and {_ratio_text(c)} on commercialisation (geometric means)"
    )


def gap_chart(df: pd.DataFrame, home: str, partner: str, group: str | None = None) -> alt.Chart:
    """Dots of home ÷ partner per measure on a log scale with a rule at parity.

    ``df``: ``label`` (measure and year), ``ratio``, and optionally ``group``.
    """
    h, p = countries.in_sentence(home), countries.in_sentence(partner)
    data = df.assign(ratio_text=df["ratio"].map(_ratio_text))
    axis = f"{h} ÷ {p} (1 = same level; log scale)"
    enc = dict(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=360)),
        x=alt.X("ratio:Q", title=axis, scale=alt.Scale(type="log")),
        tooltip=[alt.Tooltip("label:N", title="Measure"), alt.Tooltip("ratio_text:N", title=f"{h} ÷ {p}")],
    )
    if group:
        enc["shape"] = alt.Shape(f"{group}:N", title=None)
    dots = alt.Chart(data).mark_point(filled=True, size=90, color=countries.colour(home)).encode(**enc)
    labels = (
        alt.Chart(data)
        .mark_text(align="left", dx=9, fontSize=11, color="#222")
        .encode(y=enc["y"], x=enc["x"], text="ratio_text:N")
    )
    parity = alt.Chart(pd.DataFrame({"ratio": [1.0]})).mark_rule(color="#444", strokeDash=[4, 3]).encode(x="ratio:Q")
    return alt.layer(parity, dots, labels)


def scoreboard_section(board: pd.DataFrame, home: str, partner: str) -> Section:
    """The gap sizes of the whole scoreboard: chart of home ÷ partner per measure, and the side findings."""
    sec = Section()
    sec.texts["research_finding"] = side_finding(board, "research", home, partner)
    sec.texts["commercial_finding"] = side_finding(board, "commercialisation", home, partner)
    sec.texts["complementarity_finding"] = complementarity_finding(board, home, partner)
    research_role, commerce_role = countries.note_roles(home, partner)
    sec.texts["research_role"] = countries.in_sentence(research_role)
    sec.texts["commerce_role"] = countries.in_sentence(commerce_role)
    rows = board[board["ratio"].notna() & (board["ratio"] > 0)]
    h, p = countries.in_sentence(home), countries.in_sentence(partner)
    if rows.empty:
        sec.missing = f"No scoreboard measure is reported by both {h} and {p} in the same year."
        return sec
    data = pd.DataFrame(
        {
            "label": rows["measure"] + ", " + rows["unit"] + " (" + rows["year"].astype(int).astype(str) + ")",
            "ratio": rows["ratio"],
            "side": rows["side"],
        }
    )
    sec.chart = gap_chart(data, home, partner, group="side")
    r, c = side_gap(board, "research"), side_gap(board, "commercialisation")
    parts = [f"{s} {_ratio_text(g)}" for s, g in (("research", r), ("commercialisation", c)) if not math.isnan(g)]
    sec.title = _cap(f"{h} ÷ {p}, geometric mean by side: " + "; ".join(parts))
    missing = board.loc[board["ratio"].isna(), "measure"].tolist()
    if missing:
        sec.notes.append(
            f"Not reported by both {h} and {p} in a common year, so left out of the gap sizes: "
            f"{', '.join(missing)}."
        )
    return sec


def side_section(series: pd.DataFrame, board: pd.DataFrame, side: str, home: str, partner: str) -> Section:
    """One side's measures over time (small multiples), titled with the side's gap sizes."""
    gap = side_gap(board, side)
    n = int(board.loc[board["side"] == side, "ratio"].notna().sum())
    sec = Section(
        title=_cap(
            f"{side}: {countries.in_sentence(home)} at {_ratio_text(gap)} {countries.possessive(partner)} level "
            "(geometric mean of "
            f"{n} measures)"
        )
        if n
        else _cap(f"{side}: no measure compares {countries.in_sentence(home)} and {countries.in_sentence(partner)}")
    )
    pair = series[series["iso3"].isin([home, partner])]
    if pair.empty:
        sec.missing = (
            f"No {side} measure has data for {countries.in_sentence(home)} or {countries.in_sentence(partner)} "
            f"in the years shown."
        )
        return sec
    sec.chart = sm.time_panels(series, emphasis=[home, partner])
    return sec


def flag_outliers(df: pd.DataFrame, factor: float = 4.0, window: int = 2) -> pd.DataFrame:
    """Rows whose value is more than ``factor`` times the median of the same country's values within
    ``window`` years on either side (the row itself excluded). Returns the flagged rows with ``ratio``."""
    flagged = []
    for _, group in df.dropna(subset=["value"]).groupby("iso3"):
        group = group.sort_values("year")
        for _, row in group.iterrows():
            near = group[(group["year"] != row["year"]) & ((group["year"] - row["year"]).abs() <= window)]
            if len(near) < 2:
                continue
            med = near["value"].median()
            if med > 0 and row["value"] > factor * med:
                flagged.append({**row.to_dict(), "ratio": row["value"] / med})
    return pd.DataFrame(flagged, columns=[*df.columns, "ratio"])


def outlier_notes(iso3s: Sequence[str], board: pd.DataFrame, home: str, partner: str) -> tuple[str, list[str]]:
    """(chart note, visible notes) for outliers in private AI investment, and whether the scoreboard's
    comparison of the pair falls on one."""
    invest = measure("ai_invest").get(iso3s)
    flagged = flag_outliers(invest)
    if flagged.empty:
        return "", []
    text = "; ".join(
        f"{countries.name(r.iso3)} {int(r.year)} (US${prose.number(r.value, 0)} per person, constant US$, "
        f"{prose.multiple(r.ratio)} the median of the neighbouring years)"
        for r in flagged.itertuples()
    )
    year = board.loc[board["key"] == "ai_invest", "year"].iloc[0]
    pair_years = set(flagged.loc[flagged["iso3"].isin([home, partner]), "year"].astype(int))
    used = not pd.isna(year) and int(year) in pair_years
    note = (
        f"**Outlier check.** A value more than four times the median of the same country's values in the two "
        f"years either side is flagged: {text}. The scoreboard uses the latest year both countries of the pair "
        + (
            f"report ({int(year)}), which "
            + ("is a flagged year: read that measure's gap with care." if used else "is not a flagged year.")
            if not pd.isna(year)
            else "report; the pair has no common year for this measure."
        )
        + " Sums or averages over the period would be distorted by it."
    )
    return f"outlier kept in the chart: {text}", [note]


# ---------------------------------------------------------------- AI patents (C23) and legislation (C20)


def c23_explanation() -> str:
    """Caveats of the patent series, with the largest filer in absolute numbers computed."""
    pat = load("owid_ai_country")
    pat = pat[pat["measure"] == "ai_patent_applications"]
    year = int(pat["year"].max())
    top = pat[pat["year"] == year].sort_values("value", ascending=False).iloc[0]
    return (
        "The CSET series counts applications by filing office, so a filing at a national office counts for "
        f"that country whoever the inventor; it ends in {year}. Per person ranks favour economies with busy "
        f"national offices; in absolute numbers {countries.name(top['iso3'])} filed the most in {year} "
        f"({prose.number(top['value'], 0)} applications)."
    )


def bills_chart_data(home: str, partner: str, others: Sequence[str], top: int = 12) -> pd.DataFrame:
    """Economies to draw: the ``top`` by count of AI bills passed, the pair and the comparators."""
    counts, _ = checks.bills_passed()
    keep = list(counts.index[:top]) + [c for c in [home, partner, *others] if c in counts.index]
    keep = list(dict.fromkeys(keep))
    out = pd.DataFrame({"iso3": keep, "value": counts[keep].values})
    out["rank"] = [checks.bills_rank(counts, c) for c in keep]
    return out


def legislation_section(home: str, partner: str, others: Sequence[str]) -> Section:
    """AI-related bills passed into law (AI Index), the pair against the leaders."""
    sec = Section()
    counts, year = checks.bills_passed()
    h, p = countries.in_sentence(home), countries.in_sentence(partner)
    parts = []
    for iso in (home, partner):
        key = f"bills_{'home' if iso == home else 'partner'}"
        if iso in counts.index:
            n, rank = counts[iso], checks.bills_rank(counts, iso)
            parts.append(
                f"{countries.in_sentence(iso)} {prose.number(n, 0)} (rank {rank})"
                if parts
                else f"{countries.in_sentence(iso)} passed {prose.number(n, 0)} "
                f"AI-related bill{'' if n == 1 else 's'} into law "
                f"since 2016 (rank {rank} of {len(counts)} economies counted)"
            )
            sec.facts[key] = Fact("owid_ai_country.value:ai_bills_passed", iso, year, float(n))
            sec.texts[key] = prose.number(n, 0)
        else:
            sec.notes.append(f"The AI Index count of AI bills does not cover {countries.in_sentence(iso)}.")
            sec.texts[key] = "not counted"
    first = counts.index[0]
    lead = (
        ""
        if first in (home, partner)
        else f"{countries.in_sentence(first)} passed the most ({prose.number(counts[first], 0)})"
    )
    sec.texts["legislation_finding"] = (
        "; ".join([" and ".join(parts)] * bool(parts) + [lead] * bool(lead))
        or "the AI Index count covers neither country"
    )
    if not parts:
        sec.missing = f"The AI Index count covers neither {h} nor {p}."
        return sec
    data = charts.with_names(bills_chart_data(home, partner, others))
    data["pair"] = data["iso3"].isin([home, partner])
    colours = [countries.colour(c) if c in (home, partner) else countries.OTHER_COLOUR for c in data["iso3"]]
    sec.chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("country:N", title=None, sort=alt.EncodingSortField("value", order="descending")),
            x=alt.X("value:Q", title="AI-related bills passed into law since 2016 (cumulative count)"),
            color=alt.Color("country:N", scale=alt.Scale(domain=data["country"].tolist(), range=colours), legend=None),
            tooltip=[
                alt.Tooltip("country:N", title="Economy"),
                alt.Tooltip("value:Q", title="Bills passed", format=",d"),
                alt.Tooltip("rank:Q", title="Rank"),
            ],
        )
    )
    lead, other = (home, partner) if counts.get(home, -1) >= counts.get(partner, -1) else (partner, home)
    sec.title = _cap(
        f"{countries.in_sentence(lead)} has passed more AI-related laws than {countries.in_sentence(other)}"
        if counts.get(home, -1) != counts.get(partner, -1)
        else f"{h} and {p} have passed as many AI-related laws"
    )
    return sec


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
        n, lg = notable[notable["iso3"] == iso], large[large["iso3"] == iso]
        cites = n["citations"].dropna()
        rows.append(
            {
                "iso3": iso,
                "notable_whole": n["model"].nunique(),
                "notable_fractional": n["weight"].sum(),
                "large_whole": lg["model"].nunique(),
                "large_fractional": lg["weight"].sum(),
                "cited_models": len(cites),
                "median_citations": cites.median() if len(cites) else float("nan"),
                "total_citations": cites.sum(),
            }
        )
    return pd.DataFrame(rows)


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
        tooltip=[
            alt.Tooltip("country:N", title="Country"),
            alt.Tooltip("period:N", title="Period"),
            alt.Tooltip("whole:Q", title="Models (whole count)", format=",d"),
            alt.Tooltip("fractional:Q", title="Models (fractional count)", format=",.1f"),
        ],
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("whole:Q", title="Notable AI models (bar: whole count; tick: fractional count)"),
            color=alt.Color("country:N", scale=charts.country_scale(present), sort=countries.names(present)),
            **enc,
        )
    )
    ticks = alt.Chart(data).mark_tick(color="#222", thickness=2, size=10).encode(x="fractional:Q", **enc)
    return alt.layer(bars, ticks).properties(height=alt.Step(12))


def rule_changes_picture(by_period: pd.DataFrame, home: str, partner: str) -> list[str]:
    """Periods in which the leader of the pair differs between whole and fractional counting."""
    changed = []
    for period, g in by_period.groupby("period"):
        h = g.set_index("iso3")[["whole", "fractional"]].reindex([home, partner]).fillna(0)
        w = leader(h.loc[home, "whole"], h.loc[partner, "whole"], home, partner)
        f = leader(round(h.loc[home, "fractional"], 6), round(h.loc[partner, "fractional"], 6), home, partner)
        if w != f:
            changed.append(period)
    return changed


def foreign_share(iso3: str, tier: str = "notable") -> float:
    """Share of a country's models (whole count) with developers in at least one other country."""
    df = epoch.models(tier)
    mine = df[df["iso3"] == iso3].drop_duplicates("model")
    return float((mine["n_countries"] > 1).mean()) if len(mine) else math.nan


def models_finding(by_period: pd.DataFrame, home: str, partner: str) -> str:
    """'Canada produced 8 notable models in 2023–2025, South Korea 11' (latest period)."""
    last = sorted(by_period["period"].unique(), key=lambda p: (not p.startswith("before"), p))[-1]
    v = by_period[by_period["period"] == last].set_index("iso3")["whole"]
    h, p = int(v.get(home, 0)), int(v.get(partner, 0))
    if h == p:
        return (
            f"{countries.in_sentence(home)} and {countries.in_sentence(partner)} "
            f"each produced {h} notable models in {last}"
        )
    hi, lo = ((home, h), (partner, p)) if h > p else ((partner, p), (home, h))
    return (
        f"{countries.in_sentence(hi[0])} produced {hi[1]} notable models in {last}, "
        f"{countries.in_sentence(lo[0])} {lo[1]}"
    )


def models_section(focus: Sequence[str], home: str, partner: str) -> Section:
    """Notable models per period under both counting rules, and why the rules differ for the pair."""
    sec = Section()
    pair = [home, partner]
    by_period = models_by_period(focus)
    changed = rule_changes_picture(by_period, home, partner)
    sec.texts["models_rule_periods"] = (
        f"in {' and '.join(changed)} the leader of the pair differs between the " "two rules"
        if changed
        else "the leader of the pair is the same under both " "rules in every period"
    )
    shares = {c: foreign_share(c) for c in pair}
    sec.texts["models_foreign_share"] = "; ".join(
        f"{prose.percent(s)} of {countries.possessive(c)} notable models have developers in another country"
        if not math.isnan(s)
        else f"Epoch lists no notable model for {countries.in_sentence(c)}"
        for c, s in shares.items()
    )
    if by_period[by_period["iso3"].isin(pair)].empty:
        sec.missing = (
            f"Epoch lists no notable AI model for {countries.in_sentence(home)} or {countries.in_sentence(partner)}."
        )
        return sec
    shown = chart_peers(by_period, pair, focus)
    sec.chart = models_chart(by_period, shown)
    sec.title = _cap(models_finding(by_period, home, partner))
    left_out = [c for c in focus if c not in shown]
    sec.notes = []
    sec.texts["models_left_out"] = (
        f"{', '.join(countries.names(left_out))} left out of the chart to keep the pair " "readable (see the table). "
        if left_out
        else ""
    )
    return sec


def codevelopment(home: str, others: Sequence[str], start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Epoch models (any tier) published in [start, end] whose developers include organisations of ``home``
    and of each other country (:func:`ckaibook.measures.models.codeveloped`), and how many are notable."""
    df = epoch.models()
    notable = set(df.loc[df["notable"].fillna(False).astype(bool), "model"])
    rows = []
    for c in others:
        if c == home:
            continue
        joint = set(epoch.codeveloped(df, home, c, start, end)["model"])
        rows.append({"iso3": c, "models": len(joint), "notable": len(joint & notable)})
    return pd.DataFrame(rows, columns=["iso3", "models", "notable"])


def codevelopment_period(start: int | None, end: int | None) -> str:
    """The years the co-development counts cover: the window asked for, within the catalogue's years."""
    years = epoch.models()["year"].dropna()
    first = max(int(years.min()), start) if start is not None else int(years.min())
    last = min(int(years.max()), end) if end is not None else int(years.max())
    return f"{first}–{last}"


def codevelopment_section(
    home: str, partner: str, others: Sequence[str], start: int | None = None, end: int | None = None
) -> Section:
    """Models co-developed by organisations of both countries: context for 'deep cross-border innovation'."""
    sec = Section()
    table = codevelopment(home, [partner, *others], start, end)
    period = codevelopment_period(start, end)
    v = table.set_index("iso3")
    n = int(v.loc[partner, "models"]) if partner in v.index else 0
    h, p = countries.in_sentence(home), countries.in_sentence(partner)
    others_text = ", ".join(f"{countries.in_sentence(c)} {int(v.loc[c, 'models'])}" for c in v.index if c != partner)
    sec.texts["codev_finding"] = (
        f"Epoch's database records {n} AI model{'s' if n != 1 else ''} published in {period} and developed jointly "
        f"by organisations of {h} and {p}" + (f" (for comparison, {h} with {others_text})" if others_text else "")
    )
    sec.facts["codev_finding"] = Fact(f"epoch_models.codeveloped:{partner}", home, period, float(n))
    return sec


def citation_window(home: str, partner: str) -> tuple[int | None, dict[str, pd.Series]]:
    """Like for like: the first year from which both countries have a notable model (the later of
    their first years), and each country's citation counts of notable models published from then on.
    Without a model for one of the pair the year is None and the counts are empty."""
    df = epoch.models("notable").drop_duplicates(["model", "iso3"])
    firsts = [df.loc[df["iso3"] == c, "year"].dropna() for c in (home, partner)]
    if any(f.empty for f in firsts):
        return None, {}
    start = int(max(f.min() for f in firsts))
    recent = df[df["year"] >= start]
    return start, {c: recent.loc[recent["iso3"] == c, ["year", "citations"]].dropna() for c in (home, partner)}


def citations_finding(summary: pd.DataFrame, home: str, partner: str) -> str:
    """Median citations of the pair's notable models' papers over the years both countries have models
    (the size of the gap like for like), then over all years, where the older models weigh in."""
    s = summary.set_index("iso3")
    h_all, p_all = s.loc[home, "median_citations"], s.loc[partner, "median_citations"]
    start, cited = citation_window(home, partner)
    if start is None or any(cited[c].empty for c in (home, partner)):
        return "the citation counts do not allow a comparison for this pair"
    med = {c: float(cited[c]["citations"].median()) for c in (home, partner)}
    if min(med.values()) <= 0:
        return "the citation counts do not allow a comparison for this pair"
    hi, lo = (home, partner) if med[home] >= med[partner] else (partner, home)
    years = ", ".join(f"{int(cited[c]['year'].median())} for {countries.in_sentence(c)}" for c in (hi, lo))
    text = (
        f"for notable models published from {start}, the first year both countries have one, the papers of "
        f"{countries.possessive(hi)} models have a median of {prose.number(med[hi], 0)} citations, against "
        f"{prose.number(med[lo], 0)} for {countries.possessive(lo)} ({_ratio_text(med[hi] / med[lo])}; median "
        f"publication year {years})"
    )
    if pd.isna(h_all) or pd.isna(p_all) or min(h_all, p_all) <= 0 or (h_all, p_all) == (med[home], med[partner]):
        return text
    a_hi, a_lo = (home, partner) if h_all >= p_all else (partner, home)
    a = {home: h_all, partner: p_all}
    return (
        f"{text}; over all years the medians are {prose.number(a[a_hi], 0)} for {countries.in_sentence(a_hi)} "
        f"and {prose.number(a[a_lo], 0)} for {countries.in_sentence(a_lo)} ({_ratio_text(a[a_hi] / a[a_lo])}), "
        "a gap that also reflects the age of the models"
    )


def model_age_finding(home: str, partner: str) -> str:
    """Median publication year of each country's notable models (citations grow with age)."""
    df = epoch.models("notable").drop_duplicates(["model", "iso3"])
    parts = []
    for c in (home, partner):
        years = df.loc[df["iso3"] == c, "year"].dropna()
        if len(years):
            parts.append(f"from {int(years.median())} for {countries.in_sentence(c)}")
    return ("the median notable model dates " + " and ".join(parts)) if parts else "neither country has a dated model"


def citations_section(summary: pd.DataFrame, home: str, partner: str) -> Section:
    """The visibility comparison: median citations and the median age of the models."""
    return Section(
        texts={
            "citations_finding": citations_finding(summary, home, partner),
            "model_age_finding": model_age_finding(home, partner),
        }
    )


def models_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The model summary with display names and column labels."""
    table = charts.with_names(summary)[
        [
            "country",
            "notable_whole",
            "notable_fractional",
            "large_whole",
            "large_fractional",
            "cited_models",
            "median_citations",
            "total_citations",
        ]
    ]
    return table.rename(
        columns={
            "notable_whole": "notable (whole)",
            "notable_fractional": "notable (fractional)",
            "large_whole": "large-scale (whole)",
            "large_fractional": "large-scale (fractional)",
            "cited_models": "notable with citations",
            "median_citations": "median citations",
            "total_citations": "total citations",
        }
    )


def codevelopment_table(
    home: str, partner: str, others: Sequence[str], start: int | None = None, end: int | None = None
) -> pd.DataFrame:
    """Co-developed models of the home country with the partner and each comparator, in [start, end]."""
    t = codevelopment(home, [partner, *others], start, end)
    return pd.DataFrame(
        {
            "with": t["iso3"].map(countries.name),
            f"models co-developed with {countries.name(home)} (any tier)": t["models"],
            "of which notable": t["notable"],
        }
    )


# ---------------------------------------------------------------- talent

DATASETS = {
    "ai_area_faculty_2000_2022": "AI-area faculty (publishing 2000–2022; scraped Jan 2023)",
    "cs_faculty_roster_2024": "All CS faculty (roster, Oct 2024)",
}


# The year of each CSRankings snapshot, whose population divides its faculty count (like for like).
SNAPSHOT_YEARS = {"ai_area_faculty_2000_2022": 2023, "cs_faculty_roster_2024": 2024}


def faculty(iso3s: Sequence[str]) -> pd.DataFrame:
    """Faculty and institutions per country in both CSRankings datasets, with faculty per million people
    (population of the snapshot's year, or the latest year before it)."""
    df = load("csrankings_counts")
    df = df[df["iso3"].isin(list(iso3s))]
    wide = df.pivot_table(index=["iso3", "dataset"], columns="measure", values="value").reset_index()
    pop = _population(iso3s).sort_values("year")
    latest = {
        (iso, dataset): float(rows["pop"].iloc[-1])
        for dataset, year in SNAPSHOT_YEARS.items()
        for iso, rows in pop[pop["year"] <= year].groupby("iso3")
    }
    wide["pop"] = [latest.get((i, d), math.nan) for i, d in zip(wide["iso3"], wide["dataset"], strict=True)]
    wide["per_million"] = wide["faculty"] / wide["pop"] * 1e6
    return wide


def top_faculty_countries(dataset: str, n: int, must: Sequence[str]) -> list[str]:
    df = load("csrankings_counts")
    df = df[(df["dataset"] == dataset) & (df["measure"] == "faculty")].sort_values(
        ["value", "iso3"], ascending=[False, True]
    )
    top = df["iso3"].head(n).tolist()
    return top + [c for c in must if c not in top and c in set(df["iso3"])]


def faculty_chart(df: pd.DataFrame) -> alt.Chart:
    data = charts.with_names(df.assign(dataset_label=df["dataset"].map(DATASETS)))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("country:N", title=None, sort=alt.EncodingSortField("faculty", op="max", order="descending")),
            x=alt.X("faculty:Q", title="Faculty members listed (persons)"),
            color=alt.Color("country:N", scale=charts.country_scale(data["iso3"]), legend=None),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("dataset_label:N", title="Dataset"),
                alt.Tooltip("faculty:Q", title="Faculty (persons)", format=",d"),
                alt.Tooltip("institutions:Q", title="Institutions", format=",d"),
                alt.Tooltip("per_million:Q", title="Faculty per million people", format=",.1f"),
            ],
        )
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
    pillars = (
        df[["group", "pillar"]]
        .drop_duplicates()
        .assign(g=lambda d: d["group"].map({"Implementation": 1, "Innovation": 2, "Investment": 3, "Total": 4}))
        .sort_values(["g", "pillar"])["pillar"]
        .tolist()
    )
    present = [c for c in order if c in set(df["iso3"])]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("pillar:N", title=None, sort=pillars),
            yOffset=alt.YOffset("country:N", sort=countries.names(present)),
            x=alt.X("score:Q", title="Score (best country = 100)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("country:N", scale=charts.country_scale(present), sort=countries.names(present)),
            tooltip=[
                alt.Tooltip("country:N", title="Country"),
                alt.Tooltip("group:N", title="Sub-index"),
                alt.Tooltip("pillar:N", title="Pillar"),
                alt.Tooltip("score:Q", title="Score (0–100)", format=".1f"),
            ],
        )
        .properties(height=alt.Step(7))
    )


def index_gaps(df: pd.DataFrame, home: str, partner: str) -> pd.DataFrame:
    """Pillar scores of the pair and the gap (home − partner), largest gaps first."""
    wide = df.pivot_table(index=["group", "pillar"], columns="iso3", values="score").reset_index()
    wide["gap"] = wide[home] - wide[partner]
    return wide.sort_values("gap", key=abs, ascending=False).reset_index(drop=True)


def faculty_finding(df: pd.DataFrame, home: str, partner: str, dataset: str) -> str:
    """'Canada has 1.5× as many AI-area faculty in CSRankings as South Korea'."""
    v = df[df["dataset"] == dataset].set_index("iso3")
    if home not in v.index or partner not in v.index:
        return "CSRankings lists faculty for only one of the pair"
    h, p = v.loc[home, "faculty"], v.loc[partner, "faculty"]
    hi, lo = (home, partner) if h >= p else (partner, home)
    return (
        f"{countries.in_sentence(hi)} has {_ratio_text(max(h, p) / min(h, p))} as many AI-area faculty "
        f"in CSRankings as {countries.in_sentence(lo)}"
    )


def faculty_pp_finding(df: pd.DataFrame, home: str, partner: str) -> str:
    """'Canada lists 3.1× as many AI-area faculty per million people as South Korea; …'."""
    parts = []
    for dataset, what in (("ai_area_faculty_2000_2022", "AI-area"), ("cs_faculty_roster_2024", "all CS")):
        v = df[df["dataset"] == dataset].set_index("iso3")["per_million"].dropna()
        if home in v.index and partner in v.index and min(v[home], v[partner]) > 0:
            hi, lo = (home, partner) if v[home] >= v[partner] else (partner, home)
            parts.append(
                f"{countries.in_sentence(hi)} lists {_ratio_text(v[hi] / v[lo])} as many {what} faculty "
                f"per million people as {countries.in_sentence(lo)}"
            )
    return "; ".join(parts) if parts else "CSRankings does not list both countries with a population to divide by"


def talent_section(focus: Sequence[str], home: str, partner: str) -> Section:
    """AI-area faculty: the top countries and the pair, in persons; per-person findings for the pair."""
    sec = Section()
    fac = faculty(top_faculty_countries("ai_area_faculty_2000_2022", 8, focus))
    ai_fac = fac[fac["dataset"] == "ai_area_faculty_2000_2022"]
    finding = faculty_finding(fac, home, partner, "ai_area_faculty_2000_2022")
    sec.texts["faculty_finding"] = finding
    sec.texts["faculty_pp_finding"] = faculty_pp_finding(faculty([home, partner]), home, partner)
    missing = [countries.name(c) for c in (home, partner) if c not in set(ai_fac["iso3"])]
    if missing:
        sec.notes.append(f"CSRankings lists no AI-area faculty for {', '.join(missing)}.")
    if ai_fac.empty:
        sec.missing = "CSRankings lists no AI-area faculty for these countries."
        return sec
    sec.chart = faculty_chart(ai_fac)
    sec.title = _cap(sec.texts["faculty_finding"])
    return sec


def faculty_table(focus: Sequence[str]) -> pd.DataFrame:
    """CSRankings faculty and institutions for the focus countries, with faculty per million people."""
    f = faculty(focus)
    out = charts.with_names(f.assign(dataset=f["dataset"].map(DATASETS)))
    return out[["country", "dataset", "institutions", "faculty", "per_million"]].rename(
        columns={"per_million": "faculty per million people"}
    )


def index_finding(gaps: pd.DataFrame, home: str, partner: str) -> str:
    """The pillar with the widest gap between the pair, in points."""
    pillars = gaps[gaps["pillar"] != "Total score"]
    top = pillars.iloc[0]
    lead = home if top["gap"] > 0 else partner
    total = gaps[gaps["pillar"] == "Total score"]
    overall = (
        f"{prose.number(abs(total['gap'].iloc[0]), 0)} points apart overall" if not total.empty else "no total score"
    )
    return (
        f"{overall}, {prose.number(abs(top['gap']), 0)} apart on {top['pillar']} "
        f"({countries.in_sentence(lead)} ahead)"
    )


def index_section(focus: Sequence[str], home: str, partner: str) -> Section:
    """Global AI Index pillar scores for the pair and comparators, and the ranks of the pair."""
    sec = Section()
    scores = index_scores(focus)
    scored = set(scores["iso3"])
    n = index_rank(countries.HOME)[1]
    sec.texts["index_n"] = str(n)
    for key, c in (("index_rank_home", home), ("index_rank_partner", partner)):
        sec.texts[key] = str(index_rank(c)[0]) if c in scored else "not ranked"
    missing = [c for c in (home, partner) if c not in scored]
    if missing:
        sec.missing = f"The Global AI Index does not score {', '.join(countries.names(missing))}."
        sec.texts["index_finding"] = f"the Global AI Index does not score {', '.join(countries.names(missing))}"
        return sec
    gaps = index_gaps(scores, home, partner)
    finding = index_finding(gaps, home, partner)
    sec.texts["index_finding"] = f"{countries.in_sentence(home)} and {countries.in_sentence(partner)} are {finding}"
    sec.title = _cap(sec.texts["index_finding"])
    sec.chart = index_chart(scores, focus)
    return sec


# ---------------------------------------------------------------- compute and ICT infrastructure (C22)


def infrastructure_series(iso3s: Sequence[str], start: int, end: int) -> pd.DataFrame:
    """Small-multiple rows, all per person: TOP500 Rmax per list, fixed broadband and secure servers."""
    top = compute.top500_by_country(iso3s, fill=True)
    top = top.assign(year=top["list_date"].map(compute.list_year))
    pop = _population(iso3s).rename(columns={"year": "pop_year"})
    top["pop_year"] = top["year"].astype(int)
    top = top.merge(pop, on=["iso3", "pop_year"], how="inner")
    top = pd.DataFrame(
        {
            "iso3": top["iso3"],
            "year": top["year"],
            "value": top["rmax_pflops"] * 1000 / (top["pop"] / 1e6),
            "panel": "TOP500 performance|TFlop/s per million people",
            "unit": "TFlop/s per million people, sum of listed systems",
        }
    )
    top = top[(top["year"] >= start) & (top["year"] < end + 1)]
    frames = [top]
    for code, label, unit in (
        ("it.net.bbnd.p2", "Fixed broadband|per 100 people", "subscriptions per 100 people"),
        ("it.net.secr.p6", "Secure internet servers|per million people", "per million people"),
    ):
        df = measures.wdi(code, iso3s, start, end)
        frames.append(df.assign(panel=label, unit=unit)[["iso3", "year", "value", "panel", "unit"]])
    return pd.concat(frames, ignore_index=True).dropna(subset=["value"])


def comparisons(home: str, partner: str) -> tuple[list[Comparison], str]:
    """The per-person infrastructure comparisons of the pair, or ([], why not)."""
    try:
        return infrastructure_comparisons(home, partner), ""
    except (KeyError, DataError) as exc:
        return [], (
            f"No per-person infrastructure comparison for {countries.pair_name(home, partner)}: "
            f"{str(exc).strip(chr(39))} (population or measure missing in the data)."
        )


def comparisons_table(items: Sequence[Comparison], home: str, partner: str) -> pd.DataFrame:
    """Per-person values of the pair in the latest year (or list) both have, and the gap's size."""
    h, p = countries.in_sentence(home), countries.in_sentence(partner)
    return pd.DataFrame(
        [
            {
                "measure": f"{c.measure} ({c.unit})",
                "year": c.year,
                h: prose.number(c.home, 1),
                p: prose.number(c.partner, 1),
                f"{h} ÷ {p}": _ratio_text(c.ratio) if math.isfinite(c.ratio) else f"{p} has none",
            }
            for c in items
        ]
    )


def infra_finding(items: Sequence[Comparison], home: str, partner: str) -> str:
    """Sizes first: 'per person, Canada has 0.30× South Korea's level of TOP500 performance (list of
    2025-06), 0.61× of GPU-cluster capacity …; 0.86× in geometric mean'. A measure on which one country
    has nothing is said so, not given an infinite size."""
    h, p = countries.in_sentence(home), countries.in_sentence(partner)
    if not items:
        return f"no infrastructure measure compares {h} and {p} per person"
    sized = [c for c in items if c.partner > 0 and c.home > 0]
    parts = [f"{_ratio_text(c.ratio)} of {_label(c.measure)} ({c.year})" for c in sized]
    if parts:
        parts[0] = parts[0].replace(" of ", f" {countries.possessive(partner)} level of ", 1)
    out = (
        [f"per person, {h} has {parts[0] if len(parts) == 1 else ', '.join(parts[:-1]) + ' and ' + parts[-1]}"]
        if parts
        else []
    )
    for who, side in ((p, "partner"), (h, "home")):
        none = [f"{_label(c.measure)} ({c.year})" for c in items if getattr(c, side) <= 0]
        if none:
            out.append(f"{who} has none of {' or '.join(none)}")
    gap = overall_gap(sized)
    text = "; ".join(out)
    return text + (f"; {_ratio_text(gap)} in geometric mean of the measures both have" if len(sized) > 1 else "")


def infrastructure_section(items: Sequence[Comparison], why_not: str, home: str, partner: str) -> Section:
    """C22's gap sizes: home ÷ partner per measure, per person, same year or list."""
    sec = Section()
    sec.texts["infra_finding"] = infra_finding(items, home, partner)
    rows = [c for c in items if math.isfinite(c.ratio) and c.ratio > 0]
    if not rows:
        sec.missing = why_not or (
            f"No infrastructure measure gives both {countries.in_sentence(home)} and "
            f"{countries.in_sentence(partner)} a value above zero."
        )
        return sec
    data = pd.DataFrame(
        {"label": [f"{c.measure}, {c.unit} ({c.year})" for c in rows], "ratio": [c.ratio for c in rows]}
    )
    sec.chart = gap_chart(data, home, partner)
    sec.title = _cap(
        f"{countries.in_sentence(home)} has {_ratio_text(overall_gap(items))} {countries.possessive(partner)} "
        "infrastructure per person (geometric mean of the measures)"
    )
    return sec


def infrastructure_panels_section(
    series: pd.DataFrame, items: Sequence[Comparison], home: str, partner: str
) -> Section:
    """The infrastructure measures over time, per person (small multiples, log scales)."""
    sec = Section(
        title=_cap(f"{countries.in_sentence(home)} and {countries.in_sentence(partner)} per person, over time")
    )
    if series[series["iso3"].isin([home, partner])].empty:
        sec.missing = (
            f"No per-person infrastructure series for {countries.in_sentence(home)} or "
            f"{countries.in_sentence(partner)} (population missing in WDI)."
        )
        return sec
    sec.chart = sm.time_panels(series, emphasis=[home, partner], columns=2, log=True, independent_x=True)
    return sec


def c22_explanation(items: Sequence[Comparison], home: str, partner: str) -> str:
    """Caveats of C22's measures, with the spread of the gaps computed for the pair."""
    sizes = sorted((c for c in items if math.isfinite(c.ratio) and c.ratio > 0), key=lambda c: c.ratio)
    # "direction" only when the pair is ahead on some measures and behind on others.
    both_ways = bool(sizes) and sizes[0].ratio < 1 < sizes[-1].ratio
    # Only a pair the claim is about has a verdict to follow the geometric mean.
    verdict = checks.c22(home, partner).verdict
    follows = "" if verdict in ("not applicable", "not testable") else "; the verdict follows the geometric mean"
    spread = (
        f" The gaps differ in size{' and direction' if both_ways else ''}, from {_ratio_text(sizes[0].ratio)} "
        f"({_label(sizes[0].measure)}) to {_ratio_text(sizes[-1].ratio)} ({_label(sizes[-1].measure)}), "
        f"which a count of measures won would hide{follows}."
        if len(sizes) > 1
        else ""
    )
    return (
        "Epoch's GPU-cluster data are built from public reports and cover private clusters unevenly; TOP500 "
        "lists only systems that are submitted and measures FP64, not AI throughput." + spread
    )


GPU_MEASURE = "gpu_capacity.h100e"


def gpu_section(focus: Sequence[str], home: str, partner: str) -> Section:
    """Existing GPU-cluster capacity (``measures.compute.gpu_capacity``, one definition) for the pair."""
    sec = Section()
    gpu = compute.gpu_capacity(focus).set_index("iso3")
    for key, c in (("gpu_home", home), ("gpu_partner", partner)):
        value = float(gpu.loc[c, "h100e"])
        sec.texts[key] = f"{prose.number(value, 0)} H100-equivalents"
        sec.facts[key] = Fact(GPU_MEASURE, c, compute.GPU_AS_OF, value)
    return sec


def gpu_table(focus: Sequence[str]) -> pd.DataFrame:
    """Existing GPU clusters and H100-equivalents for the focus countries."""
    gpu = compute.gpu_capacity(focus)
    return charts.with_names(gpu)[["country", "clusters", "h100e"]].rename(
        columns={"clusters": "existing GPU clusters", "h100e": "H100-equivalents"}
    )


# ---------------------------------------------------------------- what the data say


def summary_section(board: pd.DataFrame, items: Sequence[Comparison], home: str, partner: str) -> Section:
    """The chapter's conclusion, computed for the pair: the two sides' gaps, R&D and private AI investment,
    and infrastructure."""
    h, p = countries.in_sentence(home), countries.in_sentence(partner)
    rd = board.set_index("key").loc["rd"]
    inv = board.set_index("key").loc["ai_invest"]
    bits = []
    if not pd.isna(rd["ratio"]):
        bits.append(
            f"on R&D spending as a share of GDP {h} has {_ratio_text(rd['ratio'])} "
            f"{countries.possessive(partner)} level "
            f"({int(rd['year'])})"
        )
    if not pd.isna(inv["ratio"]):
        bits.append(
            f"on private AI investment per person {_ratio_text(inv['ratio'])} ({int(inv['year'])}, " "constant US$)"
        )
    gap = overall_gap(items) if items else math.nan
    texts = {
        "summary_sides": complementarity_finding(board, home, partner),
        "summary_details": "; ".join(bits) if bits else f"R&D and private AI investment do not compare {h} and {p}",
        "summary_infra": (
            f"on infrastructure per person {h} has {_ratio_text(gap)} {countries.possessive(partner)} level "
            "in geometric mean"
            if not math.isnan(gap)
            else f"infrastructure per person does not compare {h} and {p}"
        ),
    }
    return Section(texts=texts)


def ledger_rows(ids: Sequence[str]) -> pd.DataFrame:
    """Ledger rows for claims data cannot test: id, claim, verdict, evidence, linked source."""
    df = claims_ledger.rows(ids)
    return pd.DataFrame(
        {
            "row": df["claim_id"],
            "claim": df["claim"],
            "ledger verdict": df["verdict"],
            "evidence": df["evidence"],
            "source": df["source_title"],
            "source_url": df["source_url"],
        }
    )
