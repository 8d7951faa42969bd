"""Bilateral goods trade of the pair (chapters 00 and 04): as each side reports it, in nominal US$
and at constant prices of the base year (US GDP deflator), with the gap between the two reports.

One home for the trade figures: chapter 00 shows the section with its chart and mirror table, and
chapter 04 reads the same texts, so both give the same base year, latest year, values and rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from ckaibook.data import countries
from ckaibook.data.datapackage import load
from ckaibook.measures import prices
from ckaibook.measures import series as measures
from ckaibook.present import charts, display, prose
from ckaibook.present.prose import Fact
from ckaibook.present.sections import Section

# Years whose trade is shaped by a world-wide shock: a trend that ends on one is said to.
OUTLIER_YEARS = {2009: "the year of the global financial crisis", 2020: "the first year of the COVID-19 pandemic"}


@dataclass(frozen=True)
class Marker:
    """A year marked on the trade chart, with its label."""

    year: int | None
    label: str


def fta_marker(home: str, partner: str) -> Marker:
    """The CKFTA's entry into force, from the curated timeline, when the pair is the note's pair."""
    if not countries.is_note_pair(home, partner):
        return Marker(None, "")
    tl = load("timeline")
    row = tl.set_index("key").loc["ckfta-in-force"]
    return Marker(int(row["date"][:4]), "CKFTA in force")


def reporter_totals(trade: pd.DataFrame) -> pd.DataFrame:
    """Exports plus imports per reporter and year, for years a reporter reports both flows:
    ``reporter, year, nominal`` (US$ million)."""
    both = trade.groupby(["reporter", "year"]).filter(lambda g: set(g["flow"]) == {"exports_fob", "imports_cif"})
    return (
        both.groupby(["reporter", "year"], as_index=False)["value_usd_m"]
        .sum()
        .rename(columns={"value_usd_m": "nominal"})
    )


@dataclass(frozen=True)
class TradePeriod:
    """The years the trade section compares: base, latest (shared by both reporters) and, when the
    latest is an outlier year, the year before it."""

    reporters: list[str]
    base: int
    latest: int
    before_outlier: int | None


def trade_period(totals: pd.DataFrame, home: str, partner: str) -> TradePeriod:
    """Reporters (home first), the latest year all of them report, and the base year.

    The base is the year before the pair's free trade agreement took effect when there is one (and it is
    before the latest year), else six years before the latest (the default pair's span), moved forward to the
    first year reported.
    """
    reporters = [c for c in (home, partner) if c in set(totals["reporter"])]
    years = set.intersection(*(set(totals.loc[totals["reporter"] == r, "year"]) for r in reporters))
    latest = int(max(years))
    marker = fta_marker(home, partner)
    wanted = marker.year - 1 if marker.year and marker.year - 1 < latest else latest - 6
    base = int(min((y for y in years if y >= wanted), default=min(years)))
    before = latest - 1 if latest in OUTLIER_YEARS and latest - 1 in years and latest - 1 > base else None
    return TradePeriod(reporters, base, latest, before)


def _change(new: float, old: float) -> str:
    """'up 9%', 'down 5%'; 'flat (within 0.5%)' when the change rounds to 0% ('up 0%' says nothing)."""
    change = new / old - 1
    size = prose.percent(abs(change))
    if size == prose.percent(0):
        return "flat (within 0.5%)"
    return f"{'up' if change >= 0 else 'down'} {size}"


def trade_section(home: str, partner: str, start: int | None = None, end: int | None = None) -> Section:
    """Goods trade between the pair as each side reports it, nominal and real, with the mirror gap.

    Real values are at constant base-year US$, deflated by the US GDP deflator (see
    :mod:`ckaibook.measures.prices`). The chart and the prose share the base year; a change that ends
    on an outlier year (2020) is also given to the year before it.
    """
    h, p = countries.in_sentence(home), countries.in_sentence(partner)
    trade = measures.bilateral_trade(home, partner, start, end)
    mirror_end = int(load("trade")["year"].max())
    sec = Section(texts={"mirror_end": str(mirror_end)})
    keys = (
        "trade_method",
        "trade_brief",
        "trade_sentence",
        "trade_real_sentence",
        "trade_outlier_sentence",
        "mirror_sentence",
        "trade_base_year",
        "trade_latest_year",
    )
    totals = reporter_totals(trade) if not trade.empty else pd.DataFrame(columns=["reporter", "year", "nominal"])
    if totals.empty:
        reporters = ", ".join(countries.names(measures.trade_reporters()))
        sec.missing = (
            f"No chart: neither {h} nor {p} reports trade with the other in the mirror "
            f"(IMF DOTS workbooks for {reporters} only)" + (f" in {start}–{end}" if start or end else "") + "."
        )
        sec.texts.update({k: "not available" for k in keys})
        sec.texts["trade_brief"] = f"not in the trade mirror for {h} and {p}"
        sec.texts["trade_sentence"] = f"The trade mirror holds no reports of goods trade between {h} and {p}."
        for k in ("trade_method", "trade_real_sentence", "trade_outlier_sentence", "mirror_sentence"):
            sec.texts[k] = ""
        return sec

    period = trade_period(totals, home, partner)
    base, latest = period.base, period.latest
    deflator = prices.us_gdp_deflator(base)
    totals = totals.assign(real=totals["nominal"] / totals["year"].map(deflator).astype(float).values)
    at = totals.set_index(["reporter", "year"])
    sec.texts["trade_base_year"], sec.texts["trade_latest_year"] = str(base), str(latest)
    sec.texts["trade_method"] = (
        f"The chart below shows the goods trade between {h} and {p} as each side reports it, in nominal US$ "
        f"(current prices) and in real terms (constant {base} US$, deflated by the US GDP deflator derived from "
        f"the World Bank's WDI). Changes are measured from {base}, in the text and in the chart."
    )

    parts, real_parts, outlier_parts = [], [], []
    for r in period.reporters:
        now, then = at.loc[(r, latest), "nominal"], at.loc[(r, base), "nominal"]
        other = home if r == partner else partner
        sec.facts[f"trade_total_{r.lower()}"] = Fact(f"trade.value_usd_m:total:{other}", r, latest, now)
        sec.texts[f"trade_total_{r.lower()}"] = prose.money(now * 1e6, "USD")
        parts.append(
            f"as {countries.in_sentence(r)} reports it, {prose.money(now * 1e6, 'USD')} in {latest}, "
            f"{_change(now, then)} on {base} in nominal US$"
        )
        real_parts.append(
            f"{_change(at.loc[(r, latest), 'real'], at.loc[(r, base), 'real'])} "
            f"as {countries.in_sentence(r)} reports it"
        )
        if period.before_outlier:
            outlier_parts.append(
                f"{_change(at.loc[(r, period.before_outlier), 'nominal'], then)} "
                f"as {countries.in_sentence(r)} reports it"
            )
    first = period.reporters[0]
    sec.texts["trade_sentence"] = f"Goods trade between {h} and {p} was, " + "; ".join(parts) + "."
    sec.texts["trade_real_sentence"] = (
        f"At constant {base} prices (deflated by the US GDP deflator) the change "
        f"from {base} to {latest} is " + " and ".join(real_parts) + "."
    )
    real_first = _change(at.loc[(first, latest), "real"], at.loc[(first, base), "real"])
    nominal_first = _change(at.loc[(first, latest), "nominal"], at.loc[(first, base), "nominal"])
    if latest in OUTLIER_YEARS:
        why = OUTLIER_YEARS[latest]
        last = "the last year in the mirror" if latest == mirror_end else "the last year shown"
        sec.texts["trade_outlier_sentence"] = (
            f"{latest} is {why} and {last}, so a change that ends there mixes the trend with the shock: "
            + (
                f"from {base} to {period.before_outlier}, the year before, trade was "
                + " and ".join(outlier_parts)
                + " in nominal US$."
                if period.before_outlier
                else "there is no earlier year after the base to compare with."
            )
        )
        sec.notes.append(
            f"{latest} is {why} and {last} (IMF DOTS): the change to {latest} "
            f"is shown beside the change to {period.before_outlier or 'an earlier year'}."
        )
    else:
        sec.texts["trade_outlier_sentence"] = ""
    sec.texts["trade_brief"] = (
        f"{prose.money(at.loc[(first, latest), 'nominal'] * 1e6, 'USD')} in {latest} as "
        f"{countries.in_sentence(first)} reports it, {nominal_first} on {base} in nominal US$ "
        f"and {real_first} in real terms"
        + (f" ({latest} being {OUTLIER_YEARS[latest]})" if latest in OUTLIER_YEARS else "")
    )

    if len(period.reporters) == 2:
        exp = measures.flow(trade, home, "exports_fob", latest)
        imp = measures.flow(trade, partner, "imports_cif", latest)
        sec.texts["mirror_sentence"] = (
            f"In {latest}, {h} reported exports to {p} of {prose.money(exp * 1e6, 'USD')}, while {p} reported "
            f"imports from {h} of {prose.money(imp * 1e6, 'USD')}, a gap of {prose.percent(abs(imp / exp - 1))}."
        )
    else:
        missing = countries.in_sentence(partner if first == home else home, start=True)
        sec.texts["mirror_sentence"] = (
            f"Only {countries.possessive(first)} reports are in the mirror, " "so no mirror comparison is possible."
        )
        sec.notes.append(
            f"{missing} is not a reporting economy in the trade mirror (IMF DOTS): only "
            f"{countries.possessive(first)} reports are shown."
        )

    sec.title = (
        f"Trade {base}–{latest}: {nominal_first} nominal, {real_first} real, "
        f"as {countries.in_sentence(first)} reports it"
    )
    sec.chart = trade_chart(totals, period, home, partner)
    return sec


def trade_chart(totals: pd.DataFrame, period: TradePeriod, home: str, partner: str) -> alt.LayerChart:
    """Each reporter's total trade with the other, nominal (solid) and at constant base-year US$
    (dashed); the base year, the FTA (for the note's pair) and an outlier last year are marked."""
    base = period.base
    real_label = f"real (constant {base} US$)"
    long = totals.melt(
        id_vars=["reporter", "year"], value_vars=["nominal", "real"], var_name="prices", value_name="value_usd_m"
    )
    long["prices"] = long["prices"].map({"nominal": "nominal (current US$)", "real": real_label})
    long["reported_by"] = long["reporter"].map(countries.name)
    order = [c for c in (home, partner) if c in period.reporters]
    lines = (
        alt.Chart(long)
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d")),
            y=alt.Y("value_usd_m:Q", title="Exports + imports (US$ million)"),
            color=alt.Color("reported_by:N", title="Reported by", scale=charts.country_scale(order)),
            strokeDash=alt.StrokeDash("prices:N", title="Prices", sort=["nominal (current US$)", real_label]),
            detail="prices:N",
            tooltip=[
                alt.Tooltip("reported_by:N", title="Reported by"),
                alt.Tooltip("prices:N", title="Prices"),
                alt.Tooltip("year:Q", format="d", title="Year"),
                alt.Tooltip("value_usd_m:Q", format=",.0f", title="US$ million"),
            ],
        )
    )
    # Labels sit low in the plot (trade rose over the window, so the lower band is empty), the base
    # year's to the left of its rule and the others to the right, in rows that do not collide.
    marks = [(base, f"base {base}", "right", 0)]
    fta = fta_marker(home, partner)
    if fta.year is not None:
        marks.append((fta.year, fta.label, "left", 0))
    if period.latest in OUTLIER_YEARS:
        marks.append((period.latest, "pandemic" if period.latest == 2020 else "crisis", "right", 1))
    layers = [lines]
    for year, label, align, row in marks:
        marker = pd.DataFrame({"year": [year], "label": [label]})
        layers.append(alt.Chart(marker).mark_rule(color="#666", strokeDash=[2, 2]).encode(x="year:Q"))
        layers.append(
            alt.Chart(marker)
            .mark_text(align=align, dx=-4 if align == "right" else 4, color="#444", baseline="bottom")
            .encode(x="year:Q", y=alt.value(charts.HEIGHT - 6 - 14 * row), text="label:N")
        )
    return alt.layer(*layers)


def mirror_table(home: str, partner: str, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """The four flows (each side's exports and imports) in the base year, the year before an outlier
    last year, and the latest year, in nominal US$ million, with the nominal change."""
    trade = measures.bilateral_trade(home, partner, start, end)
    if trade.empty:
        return pd.DataFrame()
    totals = reporter_totals(trade)
    if totals.empty:
        return pd.DataFrame()
    period = trade_period(totals, home, partner)
    years = [y for y in (period.base, period.before_outlier, period.latest) if y is not None]
    wide = trade.pivot_table(index="series", columns="year", values="value_usd_m", aggfunc="sum")
    wide = wide.reindex(columns=years)
    out = pd.DataFrame({"flow": wide.index})
    for y in years:
        out[f"{y} (US$ million)"] = [prose.number(v, 0) if pd.notna(v) else "—" for v in wide[y]]
    out[f"change {period.base}–{period.latest}"] = [
        _change(n, o) if pd.notna(n) and pd.notna(o) else "—"
        for n, o in zip(wide[period.latest], wide[period.base], strict=False)
    ]
    return out


def show_mirror_table(home: str, partner: str, start: int | None = None, end: int | None = None) -> None:
    """Display :func:`mirror_table`, or a visible note when the mirror has no flows for the pair."""
    table = mirror_table(home, partner, start, end)
    if table.empty:
        display.note(f"The trade mirror has no flows between {countries.name(home)} and {countries.name(partner)}.")
        return
    display.table(table, caption="Each flow as each side reports it, nominal US$ million")
