"""Chapter 00 (introduction): the note's milestones and the two economies side by side (its bilateral
trade section is :mod:`ckaibook.chapters.trade`, shared with chapter 04).

Each section function returns a :class:`~ckaibook.present.sections.Section` computed for the pair on
screen; the notebook publishes it once. Comparisons between the two economies use the same year for
both (the latest year both have).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ckaibook.data import countries
from ckaibook.data.datapackage import load
from ckaibook.measures import series as measures
from ckaibook.present import charts, prose
from ckaibook.present.prose import Fact
from ckaibook.present.sections import Section

# The pair the note (and its curated timeline) is about, in words.
NOTE_PAIR_WORDS = f"{countries.name(countries.HOME)} and {countries.name(countries.PARTNER)}"


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
            f"in {x.year}, {countries.possessive_of_name(p)} GDP was {_fmt(m, x.partner)} and "
            f"{countries.possessive_of_name(h)} {_fmt(m, x.home)} "
            # The size ratio holds at market exchange rates only: at purchasing-power parity it can reverse.
            f"(current US$, at market exchange rates), so at those rates {countries.possessive_of_name(p)} economy was "
            f"{_size(x.partner / x.home)} the size of {countries.possessive_of_name(h)}"
        ),
    )
    sec.texts["percap_sentence"] = sentence(
        "ny.gdp.pcap.pp.cd",
        lambda x, m: (
            f"per person, at purchasing-power parity, {countries.possessive_of_name(p)} GDP in {x.year} "
            f"was {_fmt(m, x.partner)}, "
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
            f"so {countries.possessive_of_name(h)} use per person was {_compare(x.home, x.partner)} "
            f"{countries.possessive_of_name(p)}"
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
