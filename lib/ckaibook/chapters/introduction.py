"""Chapter 00 (introduction): the timeline, the two economies side by side, bilateral trade."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ckaibook.data import countries
from ckaibook.measures import series as measures
from ckaibook.present import prose
from ckaibook.data.datapackage import load


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


def ledger_summary(section: str) -> str:
    """'10 of 11 claims supported' for one note section, from the ledger."""
    df = load("claims")
    rows = df[df["note_section"] == section]
    ids = rows["claim_id"].tolist()
    return (f"rows {ids[0]}–{ids[-1]}: {int((rows['verdict'] == 'supported').sum())} of {len(rows)} "
            f"supported, the rest " + ", ".join(f"{c} {v}" for c, v in zip(rows["claim_id"], rows["verdict"]) if v != "supported"))


def timeline_sources(df: pd.DataFrame) -> pd.DataFrame:
    """The table under the timeline: date, event, ledger row and verdict, linked source."""
    dates = [d.strftime("%Y") if p == "year" else d.strftime("%Y-%m-%d")
             for d, p in zip(df["date"], df["date_precision"])]
    return pd.DataFrame({"date": dates, "event": df["event"], "ledger row": df["claim_id"],
                         "ledger verdict": df["verdict"], "source": df["source_title"],
                         "source_url": df["source_url"]})


SIDE_MEASURES = (
    ("GDP", "wdi", "ny.gdp.mktp.cd", lambda v, u: prose.money(v, "USD")),
    ("Population", "wdi", "sp.pop.totl", lambda v, u: prose.large(v, 1)),
    ("GDP per person", "wdi", "ny.gdp.pcap.cd", lambda v, u: prose.number(v, 0, "US$")),
    ("R&D spending", "wdi", "gb.xpd.rsdv.gd.zs", lambda v, u: prose.number(v, 2, "% of GDP")),
    ("Electricity demand", "ember", "demand_twh", lambda v, u: prose.number(v, 0, "TWh")),
)


def side_by_side(home: str, partner: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """Latest GDP, population, R&D intensity and electricity demand of the pair, and prose texts."""
    rows, vals = [], {}
    for label, table, code, fmt in SIDE_MEASURES:
        series = measures.wdi(code, [home, partner]) if table == "wdi" else measures.ember(code, [home, partner])
        row = {"measure": label}
        for iso in (home, partner):
            value, year = measures.value_in(series, iso)
            vals[(code, iso)] = (value, year)
            row[countries.name(iso)] = f"{fmt(value, None)} ({year})"
        rows.append(row)
    h, p = countries.name(home), countries.name(partner)
    gdp_h, gdp_p = vals[("ny.gdp.mktp.cd", home)], vals[("ny.gdp.mktp.cd", partner)]
    rd_h, rd_p = vals[("gb.xpd.rsdv.gd.zs", home)], vals[("gb.xpd.rsdv.gd.zs", partner)]
    el_h, el_p = vals[("demand_twh", home)], vals[("demand_twh", partner)]
    texts = {
        "gdp_home": prose.money(gdp_h[0], "USD"), "gdp_home_year": str(gdp_h[1]),
        "gdp_partner": prose.money(gdp_p[0], "USD"), "gdp_partner_year": str(gdp_p[1]),
        "gdp_sentence": f"{p}'s GDP is {prose.percent(gdp_p[0] / gdp_h[0])} of {h}'s "
                        f"({prose.money(gdp_p[0], 'USD')} against {prose.money(gdp_h[0], 'USD')})",
        "rd_sentence": f"{h} spent {prose.number(rd_h[0], 2, '%')} of GDP on R&D in {rd_h[1]}, "
                       f"{p} {prose.number(rd_p[0], 2, '%')} in {rd_p[1]}",
        "elec_sentence": f"{h} used {prose.number(el_h[0], 0, 'TWh')} in {el_h[1]} and "
                         f"{p} {prose.number(el_p[0], 0, 'TWh')} in {el_p[1]}",
    }
    return pd.DataFrame(rows), texts


def ratio_finding(df: pd.DataFrame, a: str, b: str, verb: str, what: str) -> str:
    """'Korea spends 2.8× as much of its GDP on R&D as Canada' from each one's latest value."""
    va, ya = measures.value_in(df, a)
    vb, yb = measures.value_in(df, b)
    hi, lo = ((a, va), (b, vb)) if va >= vb else ((b, vb), (a, va))
    return f"{countries.name(hi[0])} {verb} {prose.multiple(hi[1] / lo[1])} as much {what} as {countries.name(lo[0])}"


@dataclass
class TradeStory:
    """What the trade section says: glue texts, the chart title, and a notice if data are thin."""

    texts: dict[str, str] = field(default_factory=dict)
    finding: str = ""
    notice: str = ""


def trade_story(trade: pd.DataFrame, home: str, partner: str) -> TradeStory:
    """Latest total, change since the FTA year, and the mirror gap, from the pair's trade rows."""
    h, p = countries.name(home), countries.name(partner)
    story = TradeStory()
    reporters = set(trade["reporter"])
    if trade.empty:
        story.notice = (f"Neither {h} nor {p} reports trade in the mirror (IMF DOTS workbooks for "
                        f"{', '.join(countries.names(measures.trade_reporters()))} only), so this section is empty.")
        story.texts = {k: "not available" for k in ("trade_latest", "trade_latest_year", "trade_change",
                                                    "trade_base_year", "mirror_sentence")}
        story.finding = "No bilateral trade data for this pair"
        return story
    main = home if home in reporters else partner
    latest = int(trade.loc[trade["reporter"] == main, "year"].max())
    base = fta_marker(home, partner).year - 1 if fta_marker(home, partner).year else latest - 5
    total, total_base = measures.trade_total(trade, main, latest), measures.trade_total(trade, main, base)
    change = total / total_base - 1
    story.texts = {
        "trade_latest": prose.money(total * 1e6, "USD"), "trade_latest_year": str(latest),
        "trade_change": f"{'up' if change >= 0 else 'down'} {prose.percent(abs(change))}",
        "trade_base_year": str(base),
    }
    if {home, partner} <= reporters:
        exp, imp = measures.flow(trade, home, "exports_fob", latest), measures.flow(trade, partner, "imports_cif", latest)
        story.texts["mirror_sentence"] = (
            f"{h} reported exports to {p} of {prose.money(exp * 1e6, 'USD')}, while {p} reported imports "
            f"from {h} of {prose.money(imp * 1e6, 'USD')}, a gap of {prose.percent(abs(imp / exp - 1))}")
    else:
        missing = p if main == home else h
        story.texts["mirror_sentence"] = f"only {countries.name(main)}'s reports are in the mirror, so no mirror comparison is possible"
        story.notice = f"{missing} is not a reporting economy in the trade mirror: only {countries.name(main)}'s reports are shown."
    story.finding = (f"Goods trade {'grew' if change >= 0 else 'fell'} {prose.percent(abs(change))} "
                     f"between {base} and {latest}, as {countries.name(main)} reports it")
    return story


@dataclass(frozen=True)
class Marker:
    year: int | None
    label: str


def fta_marker(home: str, partner: str) -> Marker:
    """The CKFTA's entry into force, from the curated timeline, when the pair is Canada–Korea."""
    if {home, partner} != {"CAN", "KOR"}:
        return Marker(None, "")
    tl = load("timeline")
    row = tl.set_index("key").loc["ckfta-in-force"]
    return Marker(int(row["date"][:4]), "CKFTA in force")
