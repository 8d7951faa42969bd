"""IEA *Energy and AI* (2025) data annex → ``iea_energy_ai`` (data-centre capacity and electricity).

The annex is two formatted sheets. ``World Data`` has the world by data-centre segment for the
estimate years (2020, 2023, 2024) and for 2030/2035 under four scenarios; ``Regional Data`` has
totals for regions (and the United States and China) for the estimate years and the 2030 Base Case.
Both are flattened into one long table. The annex has **no AI-only series**: every value covers all
data centres, whatever the IEA press release says about "AI-optimised" ones.
"""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl._checks import RawDataError, read_excel, require_range, require_rows

SOURCE = Source(
    folder="iea_energy_ai",
    title="Energy and AI (2025), data annex",
    publisher="International Energy Agency",
    url="https://www.iea.org/reports/energy-and-ai",
    licence="CC-BY-4.0 (as the report's citation line states; unverified offline)",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
)
FILE = "Data_annex_Energy_and_AI.xlsx"
# Block headings in the sheets → (measure, unit).
MEASURES = {
    "Installed capacity (GW)": ("installed_capacity", "GW"),
    "Total installed capacity (GW)": ("installed_capacity", "GW"),
    "IT installed capacity (GW)": ("it_capacity", "GW"),
    "Power usage effectiveness": ("pue", "ratio"),
    "Load factor (%)": ("load_factor", "%"),
    "Electricity consumption (TWh)": ("electricity", "TWh"),
    "Total electricity consumption (TWh)": ("electricity", "TWh"),
    "IT electricity consumption (TWh)": ("it_electricity", "TWh"),
}
# In ``World Data`` the IT blocks start with a row labelled "IT" under the total block.
WORLD_IT = {"installed_capacity": "it_capacity", "electricity": "it_electricity"}
SEGMENTS = {
    "Total": "total",
    "IT": "total",
    "Hyperscale": "hyperscale",
    "Colocation and service provider": "colocation",
    "Enterprise": "enterprise",
}
SCENARIOS = {
    "Base": "base",
    "Base Case": "base",
    "Lift-Off": "lift_off",
    "High Efficiency": "high_efficiency",
    "Headwinds": "headwinds",
}
REGIONS = {"World": "WLD", "United States": "USA", "China": "CHN"}  # the only single-country rows


def _year(cell) -> tuple[int, bool]:
    """(year, exploratory) from a header cell such as 2024.0 or '2035*'."""
    text = str(cell).strip()
    exploratory = text.endswith("*")
    return int(float(text.rstrip("*"))), exploratory


def read_world(path) -> pd.DataFrame:
    """``World Data``: rows of segments under measure headings; columns per scenario and year."""
    raw = read_excel(path, sheet_name="World Data", header=None)
    label_col, scen_row, year_row = 2, 1, 2
    if str(raw.iat[4, label_col]).strip() != "Total" or "Base" not in set(raw.iloc[scen_row].dropna()):
        raise RawDataError(f"{path} [World Data]: layout changed (no 'Total' row or 'Base' scenario header)")
    columns, scenario = {}, "estimate"
    for j in range(3, raw.shape[1]):
        if pd.notna(raw.iat[scen_row, j]):
            name = str(raw.iat[scen_row, j]).strip()
            if name not in SCENARIOS:
                raise RawDataError(f"{path} [World Data]: unknown scenario {name!r}")
            scenario = SCENARIOS[name]
        if pd.notna(raw.iat[year_row, j]):
            columns[j] = (scenario, *_year(raw.iat[year_row, j]))
    rows, measure, unit = [], None, None
    for i in range(year_row + 1, raw.shape[0]):
        label = raw.iat[i, label_col]
        if pd.isna(label):
            continue
        label = str(label).strip()
        if label in MEASURES:
            measure, unit = MEASURES[label]
            continue
        if label not in SEGMENTS:
            if label.startswith("*"):
                continue  # footnote
            raise RawDataError(f"{path} [World Data]: unknown row label {label!r}")
        if label == "IT":
            measure = WORLD_IT.get(measure, measure)
        for j, (scen, year, exploratory) in columns.items():
            value = raw.iat[i, j]
            if pd.notna(value):
                rows.append(("World", "WLD", measure, SEGMENTS[label], scen, year, exploratory, float(value), unit))
    return pd.DataFrame(rows, columns=COLUMNS)


def read_regions(path) -> pd.DataFrame:
    """``Regional Data``: region rows under measure headings; estimate years then 2030 Base Case."""
    raw = read_excel(path, sheet_name="Regional Data", header=None)
    headers = {str(v).strip() for v in raw.values.ravel() if isinstance(v, str)}
    if "Base Case" not in headers or headers & (set(SCENARIOS) - {"Base", "Base Case"}):
        raise RawDataError(f"{path} [Regional Data]: expected the Base Case as the only scenario")
    rows, measure, unit, columns = [], None, None, {}
    for i in range(raw.shape[0]):
        label = raw.iat[i, 1]
        years = [raw.iat[i, j] for j in range(2, raw.shape[1])]
        if pd.isna(label) and pd.notna(raw.iat[i, 2]):  # a year header row
            columns = {j: _year(raw.iat[i, j])[0] for j in range(2, raw.shape[1]) if pd.notna(raw.iat[i, j])}
            continue
        if pd.isna(label):
            continue
        label = str(label).strip()
        if label in MEASURES:
            measure, unit = MEASURES[label]
            continue
        if all(pd.isna(v) for v in years):
            continue  # a section title such as "Power usage effectiveness and load factor (%)"
        if measure is None or not columns:
            raise RawDataError(f"{path} [Regional Data]: row {label!r} before any measure heading")
        for j, year in columns.items():
            value = raw.iat[i, j]
            if pd.notna(value):
                # Years after the estimates sit under the sheet's only scenario header, "Base Case".
                scen = "base" if year > LAST_ESTIMATE else "estimate"
                rows.append((label, REGIONS.get(label, ""), measure, "total", scen, year, False, float(value), unit))
    df = pd.DataFrame(rows, columns=COLUMNS)
    if df.empty or "Asia Pacific" not in set(df["region"]):
        raise RawDataError(f"{path} [Regional Data]: no regional rows read")
    return df


LAST_ESTIMATE = 2024
COLUMNS = ["region", "iso3", "measure", "segment", "scenario", "year", "exploratory", "value", "unit"]


def build_iea() -> pd.DataFrame:
    path = paths.raw_file("iea_energy_ai", FILE)
    world = read_world(path)
    regions = read_regions(path)
    # The regional sheet repeats the world totals: they must agree with the world sheet.
    check = regions[regions["region"] == "World"].merge(
        world[world["segment"] == "total"], on=["measure", "scenario", "year"], suffixes=("_r", "_w")
    )
    if check.empty or (abs(check["value_r"] - check["value_w"]) > 0.51).any():
        raise RawDataError(f"{path}: world totals differ between the two sheets")
    df = pd.concat([world, regions[regions["region"] != "World"]], ignore_index=True)
    require_range(df.loc[df["measure"] == "electricity", "value"], 0, 5000, "iea electricity TWh")
    require_range(df.loc[df["measure"] == "pue", "value"], 1, 3, "iea PUE")
    require_rows(df, "iea_energy_ai")
    base24 = df[
        (df["region"] == "World") & (df["measure"] == "electricity") & (df["segment"] == "total") & (df["year"] == 2024)
    ]
    if len(base24) != 1:
        raise RawDataError(f"{path}: expected one world 2024 electricity estimate, found {len(base24)}")
    return df.sort_values(["measure", "region", "segment", "scenario", "year"]).reset_index(drop=True)


TABLES = [
    Table(
        name="iea_energy_ai",
        title="Data centres: capacity, PUE, load factor and electricity use, world and regions, "
        "estimates to 2024 and IEA scenarios to 2030/2035",
        fields=(
            Field("region", "string", "World, a region (e.g. Asia Pacific, North America) or United States/China"),
            Field("iso3", "string", "WLD, USA or CHN where the row is a single area; empty for regions"),
            Field(
                "measure", "string", "installed_capacity, it_capacity, pue, load_factor, electricity or it_electricity"
            ),
            Field("segment", "string", "total, hyperscale, colocation or enterprise (segments: world only)"),
            Field("scenario", "string", "estimate (2020–2024) or base, lift_off, high_efficiency, headwinds"),
            Field("year", "integer", "calendar year"),
            Field("exploratory", "boolean", "true for 2035 values, which the IEA flags as exploratory"),
            Field("value", "number", "value in unit"),
            Field("unit", "string", "GW, TWh, % (load factor) or ratio (PUE)"),
        ),
        primary_key=("measure", "region", "segment", "scenario", "year"),
        source=SOURCE,
        build=build_iea,
        vintage="IEA Energy and AI data annex, June 2025 revision (estimates to 2024)",
        caveat="All data centres, not AI-only (the annex has no AI series). Canada and Korea have no rows: "
        "they sit inside North America and Asia Pacific. Future values are scenario projections.",
    ),
]
