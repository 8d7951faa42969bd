"""Chapter 00 (introduction): the note's milestones, the two economies side by side, bilateral trade.

Each section function returns a :class:`~ckaibook.present.sections.Section` computed for the pair on
screen; the notebook publishes it once. Comparisons between the two economies use the same year for
both (the latest year both have); trade is shown as each side reports it, in nominal US$ and at
constant prices of the base year.
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
# The pair the note (and its curated timeline) is about, in words.
NOTE_PAIR_WORDS = f"{countries.name(countries.HOME)} and {countries.name(countries.PARTNER)}"
OUTLIER_YEARS = {2009: "the year of the global financial crisis", 2020: "the first year of the COVID-19 pandemic"}


# --- 1. Milestones -------------------------------------------------------------------------------


def timeline() -> pd.DataFrame:
    """The curated milestones, dated, with the ledger's verdict and source for each."""
    df = load("timeline")
    ledger = load("claims")[["claim_id", "verdict", "source_title", "source_url"]]
    out = df.merge(ledger, on="claim_id", how="left", validate="many_to_one")
    out["date"] = pd.to_datetime(out["date"])
    return out.sort_values("date").reset_index(drop=True)


def timeline_finding(df: pd.DataFrame) -> str:
    """Chart title: how many milestones over how many years."""
    first, last = df["date"].min().year, df["date"].max().year
    return f"{len(df)} milestones in {last - first + 1} years, {sum(df['date'].dt.year >= 2022)} of them since 2022"


def timeline_sources(df: pd.DataFrame) -> pd.DataFrame:
    """The table under the timeline: date, event, ledger row and verdict, linked source."""
    dates = [
        d.strftime("%Y") if p == "year" else d.strftime("%Y-%m-%d")
        for d, p in zip(df["date"], df["date_precision"], strict=False)
    ]
    return pd.DataFrame(
        {
            "date": dates,
            "event": df["event"],
            "ledger row": df["claim_id"],
            "ledger verdict": df["verdict"],
            "source": df["source_title"],
            "source_url": df["source_url"],
        }
    )


def milestone_verdicts(df: pd.DataFrame) -> str:
    """The ledger verdicts of the rows the milestones cite (not of a note section: the milestones come
    from several), e.g. 'of the 12 rows they cite, 11 supported and 1 contradicted (C33)'."""
    rows = df.drop_duplicates("claim_id").sort_values("claim_id")
    counts = rows["verdict"].value_counts()
    order = ["supported", "partly-supported", "contradicted", "unverified"]
    parts = [
        f"{counts[v]} {v}" + ("" if v == "supported" else f" ({', '.join(rows.loc[rows['verdict'] == v, 'claim_id'])})")
        for v in [*order, *sorted(set(counts.index) - set(order))]
        if v in counts
    ]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"of the {len(rows)} rows they cite, {listed}"


def timeline_section(home: str, partner: str) -> Section:
    """The note's milestones as a dot timeline; a note in a variant that they are the note's pair's."""
    df = timeline()
    sec = Section(
        title=timeline_finding(df),
        chart=charts.timeline(
            df, colour_codes=[countries.HOME, countries.PARTNER, f"{countries.HOME}-{countries.PARTNER}"]
        ),
    )
    sec.texts = {
        "intro_ledger": milestone_verdicts(df),
        "c05_verdict": load("claims").set_index("claim_id").loc["C05", "verdict"],
        "note_pair": NOTE_PAIR_WORDS,
    }
    if not countries.is_note_pair(home, partner):
        sec.notes.append(
            f"These milestones are the note's, for {NOTE_PAIR_WORDS}; the book has no curated "
            f"timeline for {countries.in_sentence(home)} and {countries.in_sentence(partner)}."
        )
    return sec


# --- 2. Two economies side by side -----------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One row of the side-by-side table: where it comes from and how to print it."""

    label: str
    table: str  # "wdi", "ember" or "per_person" (Ember demand ÷ WDI population)
    code: str
    decimals: int
    unit: str  # "money" for US$ in words, else appended


SIDE_MEASURES = (
    Measure("GDP (current US$)", "wdi", "ny.gdp.mktp.cd", 1, "money"),
    Measure("Population", "wdi", "sp.pop.totl", 1, "large"),
    Measure("GDP per person (current US$)", "wdi", "ny.gdp.pcap.cd", 0, "US$"),
    Measure("GDP per person (PPP, current international $)", "wdi", "ny.gdp.pcap.pp.cd", 0, "Int$"),
    Measure("R&D spending (% of GDP)", "wdi", "gb.xpd.rsdv.gd.zs", 2, "%"),
    Measure("Electricity demand", "ember", "demand_twh", 0, "TWh"),
    # Ember's own per-person figure uses another population series; the book divides by the World Bank's,
    # as every per-person measure in the book does.
    Measure(
        "Electricity demand per person (Ember ÷ World Bank population)", "per_person", "demand_mwh_per_person", 1, "MWh"
    ),
)


def _series(m: Measure, pair: list[str]) -> pd.DataFrame:
    """``iso3, year, value`` of one side-by-side measure for the pair."""
    if m.table == "wdi":
        return measures.wdi(m.code, pair)
    if m.table == "ember":
        return measures.ember(m.code, pair)
    demand = measures.ember("demand_twh", pair)
    pop = measures.wdi("sp.pop.totl", pair)
    both = demand.merge(pop, on=["iso3", "year"], suffixes=("_twh", "_pop"))
    return both.assign(value=both["value_twh"] * 1e6 / both["value_pop"])[["iso3", "year", "value"]]


def _fmt(m: Measure, value: float) -> str:
    if m.unit == "money":
        return prose.money(value, "USD")
    if m.unit == "large":
        return prose.large(value, m.decimals)
    if m.unit == "US$":
        return prose.money(value, "USD", 0) if value < 1e6 else prose.money(value, "USD")
    if m.unit == "Int$":  # PPP dollars: a prefix, like US$
        return f"Int${prose.number(value, m.decimals)}"
    return prose.number(value, m.decimals, m.unit)


def _measure_id(m: Measure) -> str:
    return {"wdi": f"wdi.{m.code}", "ember": f"ember.{m.code}", "per_person": f"ember.{m.code}"}[m.table]


@dataclass(frozen=True)
class Pairing:
    """One measure for both countries in the same year (None when they share no year)."""

    measure: Measure
    year: int | None
    home: float | None
    partner: float | None


def pairings(home: str, partner: str) -> list[Pairing]:
    """Every side-by-side measure for the pair, in the latest year both countries have."""
    out = []
    for m in SIDE_MEASURES:
        df = _series(m, [home, partner])
        year = measures.common_latest(df, home, partner)
        if year is None:
            out.append(Pairing(m, None, None, None))
            continue
        out.append(Pairing(m, year, measures.value_in(df, home, year)[0], measures.value_in(df, partner, year)[0]))
    return out


def economies_table(home: str, partner: str) -> pd.DataFrame:
    """The side-by-side table: each measure for both countries in the same year (the latest both have)."""
    rows = []
    for p in pairings(home, partner):
        rows.append(
            {
                "measure": p.measure.label,
                "year": "—" if p.year is None else str(p.year),
                countries.name(home): "no data" if p.home is None else _fmt(p.measure, p.home),
                countries.name(partner): "no data" if p.partner is None else _fmt(p.measure, p.partner),
            }
        )
    return pd.DataFrame(rows)


def _size(ratio: float) -> str:
    """A size ratio in words: '81%' below one, '1.5×' above."""
    return prose.percent(ratio) if ratio < 1 else prose.multiple(ratio)


def _compare(a: float, b: float) -> str:
    """How ``a`` stands to ``b``: '2.3× as high as', '12% lower than', 'about the same as'."""
    ratio = a / b
    if ratio >= 1.5:
        return f"{prose.multiple(ratio)} as high as"
    if ratio <= 1 / 1.5:
        return f"{prose.percent(1 - ratio)} lower than"
    if abs(ratio - 1) < 0.005:
        return "about the same as"
    return f"{prose.percent(abs(ratio - 1))} {'higher' if ratio > 1 else 'lower'} than"


def economies_section(home: str, partner: str, start: int | None = None, end: int | None = None) -> Section:
    """Output, income per person, R&D intensity and electricity demand, each for both in one year.

    The chart is R&D spending as a share of GDP over time for the pair and the comparators; its title
    compares the pair in the latest year both report.
    """
    h, p = countries.in_sentence(home), countries.in_sentence(partner)
    by = {x.measure.code: x for x in pairings(home, partner)}
    sec = Section()
    missing = []

    def sentence(code: str, build) -> str:
        x = by[code]
        if x.year is None:
            missing.append(x.measure.label)
            return f"no year has {x.measure.label.split(' (')[0]} data for both {h} and {p}"
        m = x.measure
        # Each value is also glued on its own with the fact it reports, for the consistency test.
        for side, iso3, value in (("home", home, x.home), ("partner", partner, x.partner)):
            name = f"{code.replace('.', '_')}_{side}"
            sec.facts[name] = Fact(_measure_id(m), iso3, x.year, value)
            sec.texts[name] = _fmt(m, value)
        return build(x, m)

    sec.texts["gdp_sentence"] = sentence(
        "ny.gdp.mktp.cd",
        lambda x, m: (
            f"in {x.year}, {countries.possessive_of_name(p)} GDP was {_fmt(m, x.partner)} and {countries.possessive_of_name(h)} {_fmt(m, x.home)} "
            # The size ratio holds at market exchange rates only: at purchasing-power parity it can reverse.
            f"(current US$, at market exchange rates), so at those rates {countries.possessive_of_name(p)} economy was "
            f"{_size(x.partner / x.home)} the size of {countries.possessive_of_name(h)}"
        ),
    )
    sec.texts["percap_sentence"] = sentence(
        "ny.gdp.pcap.pp.cd",
        lambda x, m: (
            f"per person, at purchasing-power parity, {countries.possessive_of_name(p)} GDP in {x.year} was {_fmt(m, x.partner)}, "
            f"{_compare(x.partner, x.home)} {countries.possessive_of_name(h)} {_fmt(m, x.home)}"
        ),
    )
    sec.texts["rd_sentence"] = sentence(
        "gb.xpd.rsdv.gd.zs",
        lambda x, m: (
            f"in {x.year}, {p} spent {prose.number(x.partner, 2, '%')} of its GDP on R&D and "
            f"{h} {prose.number(x.home, 2, '%')}"
        ),
    )
    sec.texts["elec_sentence"] = sentence(
        "demand_twh",
        lambda x, m: (f"in {x.year}, {h} used {_fmt(m, x.home)} of electricity and {p} {_fmt(m, x.partner)}"),
    )
    sec.texts["elec_pp_sentence"] = sentence(
        "demand_mwh_per_person",
        lambda x, m: (
            f"per person (Ember's demand divided by the World Bank's population), {h} used {_fmt(m, x.home)} and "
            f"{p} {_fmt(m, x.partner)} in {x.year}, "
            f"so {countries.possessive_of_name(h)} use per person was {_compare(x.home, x.partner)} {countries.possessive_of_name(p)}"
        ),
    )
    # The text starts a sentence with these three; the other two follow a semicolon.
    for key in ("gdp_sentence", "rd_sentence", "elec_sentence"):
        sec.texts[key] = sec.texts[key][0].upper() + sec.texts[key][1:]
    if missing:
        sec.notes.append(
            f"No year with data for both {h} and {p} for: {', '.join(missing)} "
            "(World Bank WDI, Ember); those rows of the table say so."
        )

    rd = measures.wdi("gb.xpd.rsdv.gd.zs", countries.focus(home, partner), start, end)
    year = measures.common_latest(rd, home, partner)
    if year is None:
        sec.missing = (
            f"No chart: World Bank WDI has no year of R&D spending for both {h} and {p}"
            + (f" in {start}–{end}" if start or end else "")
            + "."
        )
        sec.texts["rd_finding"] = f"no year has R&D spending data for both {h} and {p}"
        return sec
    va, vb = measures.value_in(rd, partner, year)[0], measures.value_in(rd, home, year)[0]
    hi, lo = ((p, va), (h, vb)) if va >= vb else ((h, vb), (p, va))
    sec.texts["rd_finding"] = (
        f"in {year}, {hi[0]} spent {prose.multiple(hi[1] / lo[1])} as large a share of its GDP " f"on R&D as {lo[0]}"
    )
    sec.title = sec.texts["rd_finding"][0].upper() + sec.texts["rd_finding"][1:]
    sec.chart = charts.time_lines(
        rd, y="value", y_title="R&D spending", unit="% of GDP", emphasis=[home, partner], fmt=".2f"
    )
    return sec


# --- 3. Bilateral trade ----------------------------------------------------------------------------


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
            f"{_change(at.loc[(r, latest), 'real'], at.loc[(r, base), 'real'])} as {countries.in_sentence(r)} reports it"
        )
        if period.before_outlier:
            outlier_parts.append(
                f"{_change(at.loc[(r, period.before_outlier), 'nominal'], then)} as {countries.in_sentence(r)} reports it"
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

    sec.title = f"Trade {base}–{latest}: {nominal_first} nominal, {real_first} real, as {countries.in_sentence(first)} reports it"
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
