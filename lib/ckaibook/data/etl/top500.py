"""TOP500 list spreadsheets → ``top500`` (one row per system per list, all countries).

Six lists are in the mirror (Nov 2021, Jun 2022, Jun 2023, Jun 2024, Nov 2024, Jun 2025). Each keeps
the columns the book uses: rank, system, site, country (ISO3), segment, accelerator, installation year,
HPL Rmax and Rpeak (TFlop/s) and power (kW). Aggregate by country with :func:`ckaibook.energy.top500_by_country`.
"""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl import _names
from ckaibook.data.etl._checks import RawDataError, read_excel, require_columns, require_range, require_rows

SOURCE = Source(
    folder="top500",
    title="TOP500 lists of supercomputer sites",
    publisher="TOP500.org",
    url="https://top500.org/lists/top500/",
    licence="No licence stated (free publication; attribute TOP500.org)",
    licence_url="https://top500.org/",
)
# file → list date (YYYY-MM)
LISTS = {
    "november2021.xlsx": "2021-11",
    "june2022.xlsx": "2022-06",
    "june2023.xlsx": "2023-06",
    "june2024.xlsx": "2024-06",
    "november2024.xlsx": "2024-11",
    "june2025.xlsx": "2025-06",
}
RAW_COLUMNS = {
    "Rank": "rank",
    "Name": "name",
    "Site": "site",
    "Country": "country",
    "Segment": "segment",
    "Year": "installed_year",
    "Accelerator/Co-Processor": "accelerator",
    "Rmax [TFlop/s]": "rmax_tflops",
    "Rpeak [TFlop/s]": "rpeak_tflops",
    "Power (kW)": "power_kw",
}


def read_list(filename: str) -> pd.DataFrame:
    path = paths.raw_file("top500", filename)
    raw = read_excel(path)
    require_columns(raw, RAW_COLUMNS, str(path))
    if len(raw) != 500 or sorted(raw["Rank"]) != list(range(1, 501)):
        raise RawDataError(f"{path}: a TOP500 list must have ranks 1–500 once each")
    df = raw[list(RAW_COLUMNS)].rename(columns=RAW_COLUMNS)
    df["iso3"] = [_names.require_iso3_name(c, str(path)) for c in df["country"]]
    df["list_date"] = LISTS[filename]
    require_range(df["rmax_tflops"], 1, 1e7, f"{path} Rmax")
    return df


def build_top500() -> pd.DataFrame:
    df = pd.concat([read_list(f) for f in LISTS], ignore_index=True)
    df["name"] = df["name"].fillna("").astype(str)
    df["accelerator"] = df["accelerator"].fillna("None").astype(str)
    require_rows(df, "top500", ["CAN", "KOR", "USA", "CHN", "JPN"])
    cols = [
        "list_date",
        "rank",
        "iso3",
        "name",
        "site",
        "segment",
        "installed_year",
        "accelerator",
        "rmax_tflops",
        "rpeak_tflops",
        "power_kw",
    ]
    return df[cols].sort_values(["list_date", "rank"]).reset_index(drop=True)


TABLES = [
    Table(
        name="top500",
        min_rows=2_500,
        title="TOP500 supercomputers: systems of six lists (2021-11 to 2025-06), all countries",
        fields=(
            Field("list_date", "string", "list edition, YYYY-MM"),
            Field("rank", "integer", "rank in that list (1–500)"),
            Field("iso3", "string", "ISO3 code of the country where the system is"),
            Field("name", "string", "system name (empty for unnamed systems)"),
            Field("site", "string", "site that operates the system"),
            Field("segment", "string", "Research, Academic, Industry, Government, Vendor or Others"),
            Field("installed_year", "integer", "year of installation"),
            Field("accelerator", "string", "accelerator or co-processor ('None' if none)"),
            Field("rmax_tflops", "number", "HPL measured performance", unit="TFlop/s"),
            Field("rpeak_tflops", "number", "theoretical peak performance", unit="TFlop/s"),
            Field("power_kw", "number", "power draw where reported", unit="kW"),
        ),
        primary_key=("list_date", "rank"),
        source=SOURCE,
        build=build_top500,
        vintage="Six lists, Nov 2021 to Jun 2025 (Nov 2022, Nov 2023 not in the mirror)",
        caveat="Voluntary submissions: China stopped submitting new systems around 2021 and many AI clusters "
        "are never listed. HPL FP64 Rmax is not AI (low-precision) throughput.",
    ),
]
