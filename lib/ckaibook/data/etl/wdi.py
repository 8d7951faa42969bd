"""World Bank World Development Indicators → ``wdi`` (long) and ``wdi_indicators``."""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl._checks import (
    iso3_only,
    read_csv,
    read_json,
    require_columns,
    require_floor,
    require_iso3,
    require_rows,
)

SOURCE = Source(
    folder="wdi",
    title="World Development Indicators",
    publisher="The World Bank",
    url="https://datacatalog.worldbank.org/search/dataset/0037712/World-Development-Indicators",
    licence="CC-BY-4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
)

# Units, from the indicator titles and the mirror's SOURCE.md (the titles omit some).
UNITS = {
    "bm.gsr.royl.cd": "current US$",
    "bx.gsr.royl.cd": "current US$",
    "bx.klt.dinv.cd.wd": "current US$",
    "eg.elc.rnew.zs": "% of electricity output",
    "eg.use.elec.kh.pc": "kWh per person",
    "gb.xpd.rsdv.gd.zs": "% of GDP",
    "ip.jrn.artc.sc": "articles (fractional count)",
    "ip.pat.nres": "applications",
    "ip.pat.resd": "applications",
    "it.net.bbnd.p2": "per 100 people",
    "it.net.secr.p6": "per million people",
    "nv.mnf.tech.zs.un": "% of manufacturing value added",
    "ny.gdp.mktp.cd": "current US$",
    "ny.gdp.mktp.kd.zg": "annual %",
    "ny.gdp.pcap.cd": "current US$ per person",
    "ny.gdp.pcap.pp.cd": "current international $ per person",
    "pa.nus.fcrf": "local currency per US$",
    "pa.nus.ppp": "local currency per international $",
    "se.ter.enrr": "% gross",
    "sp.pop.scie.rd.p6": "per million people",
    "sp.pop.tech.rd.p6": "per million people",
    "sp.pop.totl": "persons",
    "tm.val.mrch.cd.wt": "current US$",
    "tx.mnf.tech.zs.un": "% of manufactured exports",
    "tx.val.fuel.zs.un": "% of merchandise exports",
    "tx.val.mrch.cd.wt": "current US$",
    "tx.val.tech.cd": "current US$",
    "tx.val.tech.mf.zs": "% of manufactured exports",
    "bx.gsr.ccis.cd": "current US$",
    "it.net.user.zs": "% of population",
}
# Bulk-download (wide) files: file name → how to read it.
WIDE_FILES = {
    "bx.gsr.ccis.cd": ("API_BX.GSR.CCIS.CD_DS2_en_csv_v2_920.csv", dict(skiprows=4)),
    "it.net.user.zs": ("API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv", dict(encoding="utf-8-sig")),
}
# Floors every indicator file clears (the thinnest, technicians in R&D, covers 122 economies; the
# files list countries alphabetically, so one cut short loses the United States and more): a
# truncated file fails here, naming itself, instead of silently shrinking wdi.csv.
MIN_COUNTRIES = 100
FOCUS = ("CAN", "KOR", "USA", "CHN", "JPN")
# Focus economies an indicator file does not cover at all (checked: absent from the publisher's file).
NOT_COVERED = {"sp.pop.tech.rd.p6": {"USA", "CHN"}}


def _require_coverage(df: pd.DataFrame, code: str, where: str) -> None:
    countries = df[iso3_only(df["iso3"])]
    require_floor(countries, where, min_countries=MIN_COUNTRIES)
    require_rows(countries, where, [c for c in FOCUS if c not in NOT_COVERED.get(code, set())])


def _long_files() -> list[str]:
    folder = paths.raw_source("wdi")
    return sorted(p.name[: -len(".datapackage.json")] for p in folder.glob("*.datapackage.json"))


def _read_long(code: str) -> pd.DataFrame:
    path = paths.raw_file("wdi", f"{code}.csv")
    df = read_csv(path)
    require_columns(df, ["Country Code", "Year", "Value"], str(path))
    out = pd.DataFrame({"iso3": df["Country Code"], "indicator": code, "year": df["Year"], "value": df["Value"]})
    _require_coverage(out, code, str(path))
    return out


def _read_wide(code: str) -> pd.DataFrame:
    filename, kwargs = WIDE_FILES[code]
    path = paths.raw_file("wdi", filename)
    df = read_csv(path, **kwargs)
    require_columns(df, ["Country Code", "Indicator Code"], str(path))
    years = [c for c in df.columns if str(c).isdigit()]
    long = df.melt(id_vars=["Country Code"], value_vars=years, var_name="year", value_name="value")
    long = long.dropna(subset=["value"])
    out = pd.DataFrame(
        {"iso3": long["Country Code"], "indicator": code, "year": long["year"].astype(int), "value": long["value"]}
    )
    _require_coverage(out, code, str(path))
    return out


def build_wdi() -> pd.DataFrame:
    """All indicators in one long table of countries (aggregates dropped)."""
    frames = [_read_long(c) for c in _long_files()] + [_read_wide(c) for c in WIDE_FILES]
    df = pd.concat(frames, ignore_index=True)
    unknown = sorted(set(df["indicator"]) - set(UNITS))
    if unknown:
        raise ValueError(f"wdi: no unit declared for indicator(s) {unknown}")
    df = df[iso3_only(df["iso3"])]
    require_iso3(df["iso3"], "wdi")
    require_rows(df, "wdi", ["CAN", "KOR", "USA", "CHN", "JPN"])
    return df.sort_values(["indicator", "iso3", "year"]).reset_index(drop=True)


def build_indicators() -> pd.DataFrame:
    """Indicator code → title and unit, from each file's own metadata."""
    rows = []
    for code in _long_files():
        meta = read_json(paths.raw_file("wdi", f"{code}.datapackage.json"))
        rows.append((code, meta["title"], UNITS[code]))
    for code, (filename, kwargs) in WIDE_FILES.items():
        title = read_csv(paths.raw_file("wdi", filename), nrows=1, **kwargs)["Indicator Name"].iloc[0]
        rows.append((code, title, UNITS[code]))
    return pd.DataFrame(rows, columns=["indicator", "title", "unit"]).sort_values("indicator")


TABLES = [
    Table(
        name="wdi",
        min_rows=160_000,
        title="World Development Indicators: selected series, all countries",
        fields=(
            Field("iso3", "string", "ISO 3166 alpha-3 country code"),
            Field("indicator", "string", "WDI indicator code (lower case); see wdi_indicators"),
            Field("year", "integer", "calendar year"),
            Field("value", "number", "value in the indicator's unit (see wdi_indicators.unit)"),
        ),
        primary_key=("indicator", "iso3", "year"),
        source=SOURCE,
        build=build_wdi,
        vintage="Datahub WDI mirror, 2026-07-01 update (two bulk files of 2024-11 and 2026-02)",
        caveat="R&D, researcher and patent series lag 2–4 years; journal articles are fractional counts; "
        "World Bank aggregates are dropped.",
    ),
    Table(
        name="wdi_indicators",
        title="World Development Indicators: indicator titles and units",
        fields=(
            Field("indicator", "string", "WDI indicator code (lower case)"),
            Field("title", "string", "indicator title as published"),
            Field("unit", "string", "unit of the indicator's values"),
        ),
        primary_key=("indicator",),
        source=SOURCE,
        build=build_indicators,
        vintage="as wdi",
        caveat="",
    ),
]
