"""Energy Institute *Statistical Review of World Energy 2024* workbook → three tidy tables.

- ``ei_series``: country-year series read from the workbook's country-by-year sheets (LNG imports and
  exports, gas production and consumption, wind and solar capacity, CCUS capture capacity, grid-scale
  battery storage, nuclear and total electricity generation, CO₂ from energy), all countries the EI names,
  plus ``WLD`` for its world total. Regional totals and "Other …" residual rows are dropped.
- ``ei_gas_trade``: the 2023 origin → destination matrices of gas trade, as LNG and by pipeline
  (bcm), with "Other …" origin groups kept so that rows add up to each importer's total.
- ``ei_conversions``: the workbook's own approximate conversion factors for natural gas and LNG
  (e.g. 1 Mt of LNG = 1.36 bcm of natural gas), so chapters convert with the source's factors.

Data run to **2023** (the 2024 edition). The workbook in the mirror is a re-saved copy whose values match
two other public copies (see the mirror's SOURCE.md).
"""

from __future__ import annotations

import re

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl import _names
from ckaibook.data.etl._checks import RawDataError, excel_file, read_excel, require_range, require_rows

SOURCE = Source(
    folder="energy_institute",
    title="Statistical Review of World Energy 2024 (all-data workbook)",
    publisher="Energy Institute",
    url="https://www.energyinst.org/statistical-review",
    licence="© Energy Institute 2024 (reuse with attribution)",
    licence_url="https://www.energyinst.org/statistical-review",
)
FILE = "EI-Stats-Review-All-Data.xlsx"
# sheet → (measure, unit, text the sheet's unit cell must contain)
SERIES = {
    "Gas - LNG imports bcm": ("lng_imports", "bcm", "billion cubic metres"),
    "Gas - LNG exports bcm": ("lng_exports", "bcm", "billion cubic metres"),
    "Gas Production - Bcm": ("gas_production", "bcm", "billion cubic metres"),
    "Gas Consumption - Bcm": ("gas_consumption", "bcm", "billion cubic metres"),
    "Wind Installed Capacity": ("wind_capacity", "MW", "megawatts"),
    "Solar Installed Capacity": ("solar_capacity", "MW", "megawatts"),
    "CCUS Capture Capacity": ("ccus_capacity", "Mt CO2 per year", "million tonnes per year"),
    "Grid Scale BESS Capacity": ("bess_capacity", "GW", "gigawatts"),
    "Nuclear Generation - TWh": ("nuclear_generation", "TWh", "terawatt-hours"),
    "Electricity Generation - TWh": ("electricity_generation", "TWh", "terawatt-hours"),
    "Carbon Dioxide from Energy": ("co2_energy", "Mt CO2", "million tonnes of carbon dioxide"),
}
WORLD_LABELS = {"Total World", "Total LNG exports"}
TRADE = {"Gas trade - LNG": "lng", "Gas trade - pipeline": "pipeline"}
TRADE_YEAR = 2023


def _workbook() -> pd.ExcelFile:
    return excel_file(paths.raw_file("energy_institute", FILE))


def _header_row(raw: pd.DataFrame, where: str) -> tuple[int, dict[int, int]]:
    """The row holding the years, and {column: year} for the run of increasing years from column 1."""
    for i in range(min(8, raw.shape[0])):
        first = raw.iat[i, 1]
        if isinstance(first, (int, float)) and not pd.isna(first) and 1900 < first < 2100:
            years, last = {}, 0
            for j in range(1, raw.shape[1]):
                v = raw.iat[i, j]
                if not isinstance(v, (int, float)) or pd.isna(v) or v <= last:
                    break  # the growth-rate and share columns follow the years
                years[j], last = int(v), v
            return i, years
    raise RawDataError(f"{where}: no header row of years in the first rows")


def read_series(xl: pd.ExcelFile, sheet: str) -> pd.DataFrame:
    """One country-by-year sheet as ``iso3, year, measure, value, unit`` (countries and WLD only)."""
    measure, unit, unit_text = SERIES[sheet]
    where = f"{FILE} [{sheet}]"
    raw = read_excel(xl, sheet_name=sheet, header=None)
    h, years = _header_row(raw, where)
    head_text = " ".join(str(raw.iat[i, 0]) for i in range(h + 1)).lower()
    if unit_text not in head_text:
        raise RawDataError(f"{where}: unit cell does not say {unit_text!r} (found {head_text[:120]!r})")
    if len(years) < 3:
        raise RawDataError(f"{where}: fewer than three year columns")
    rows, seen_world = [], False
    for i in range(h + 1, raw.shape[0]):
        label = raw.iat[i, 0]
        if pd.isna(label) or not str(label).strip():
            continue
        label = _names.clean(label)
        if label in WORLD_LABELS:
            code, seen_world = "WLD", True
        elif _names.is_group_label(label):
            continue
        else:
            code = _names.require_iso3_name(label, where)
        for j, year in years.items():
            value = pd.to_numeric(raw.iat[i, j], errors="coerce")
            if pd.notna(value):
                rows.append((code, year, measure, float(value), unit))
        if seen_world:
            break  # OECD/EU subtotals and footnotes follow the world total
    if not seen_world:
        raise RawDataError(f"{where}: no world total row ({sorted(WORLD_LABELS)})")
    df = pd.DataFrame(rows, columns=["iso3", "year", "measure", "value", "unit"])
    if df.duplicated(["iso3", "year"]).any():
        dup = df[df.duplicated(["iso3", "year"])]["iso3"].unique().tolist()
        raise RawDataError(f"{where}: a country appears twice: {dup}")
    return df


def build_series() -> pd.DataFrame:
    xl = _workbook()
    df = pd.concat([read_series(xl, s) for s in SERIES], ignore_index=True)
    require_range(df["value"], -0.001, 1e7, "ei_series")
    for measure, code in (
        ("lng_imports", "KOR"),
        ("gas_production", "CAN"),
        ("wind_capacity", "CAN"),
        ("ccus_capacity", "CAN"),
        ("bess_capacity", "KOR"),
        ("nuclear_generation", "KOR"),
    ):
        if df[(df["measure"] == measure) & (df["iso3"] == code)].empty:
            raise RawDataError(f"ei_series: no {measure} rows for {code}")
    require_rows(df, "ei_series", ["CAN", "KOR", "USA", "CHN", "JPN", "WLD"])
    return df.sort_values(["measure", "iso3", "year"]).reset_index(drop=True)


def read_trade(xl: pd.ExcelFile, sheet: str) -> pd.DataFrame:
    """A 2023 trade matrix: importers in rows ('To'), exporters in columns ('From'), bcm."""
    where = f"{FILE} [{sheet}]"
    raw = read_excel(xl, sheet_name=sheet, header=None)
    if "billion cubic metres" not in " ".join(str(v) for v in raw.iloc[:4].values.ravel()).lower():
        raise RawDataError(f"{where}: unit 'Billion cubic metres' not found in the header")
    to_rows = [i for i in range(6) if str(raw.iat[i, 0]).strip() == "To"]
    if not to_rows:
        raise RawDataError(f"{where}: no 'To' header row")
    h = to_rows[0]
    # Exporter names may be split over the 'To' row and the row above it ("Trinidad &" / "Tobago").
    exporters = {}
    for j in range(1, raw.shape[1]):
        parts = [str(raw.iat[r, j]).strip() for r in (h - 1, h) if pd.notna(raw.iat[r, j])]
        name = " ".join(p for p in parts if p not in ("From",)).replace("  ", " ")
        exporters[j] = re.sub(r"\s+", " ", name).strip()
    total_col = [j for j, n in exporters.items() if n.lower() == "total imports"]
    if len(total_col) != 1:
        raise RawDataError(f"{where}: no single 'Total imports' column")
    total_col = total_col[0]
    rows = []
    for i in range(h + 1, raw.shape[0]):
        label = raw.iat[i, 0]
        if pd.isna(label):
            break
        importer = _names.clean(label)
        if importer.lower() == "total exports":
            break
        region_row = _names.is_group_label(importer) and not importer.startswith("Other")
        if region_row:
            continue  # regional subtotal rows ("North America", "Europe", …)
        values = {j: pd.to_numeric(raw.iat[i, j], errors="coerce") for j in exporters if j != total_col}
        total = float(pd.to_numeric(raw.iat[i, total_col], errors="coerce"))
        if abs(sum(v for v in values.values() if pd.notna(v)) - total) > 0.01 + 1e-3 * total:
            raise RawDataError(f"{where}: row {importer!r} does not add up to its total imports")
        for j, v in values.items():
            if pd.notna(v) and v > 0:
                exp = _names.clean(exporters[j])
                rows.append((importer, _iso3_or_blank(importer, where), exp, _iso3_or_blank(exp, where), v))
    df = pd.DataFrame(rows, columns=["importer", "importer_iso3", "exporter", "exporter_iso3", "value"])
    return df.assign(mode=TRADE[sheet], year=TRADE_YEAR, unit="bcm")


def _iso3_or_blank(label: str, where: str) -> str:
    """ISO3 for a country, '' for an 'Other …' group; raise on a name that is neither."""
    if label.startswith("Other") or label in ("EU", "Rest of Europe"):
        return ""
    return _names.require_iso3_name(label, where)


def build_trade() -> pd.DataFrame:
    xl = _workbook()
    df = pd.concat([read_trade(xl, s) for s in TRADE], ignore_index=True)
    lng = df[df["mode"] == "lng"]
    if lng[(lng["importer_iso3"] == "KOR")].empty or df[(df["exporter_iso3"] == "CAN")].empty:
        raise RawDataError("ei_gas_trade: Korea's LNG imports or Canada's pipeline exports missing")
    require_range(df["value"], 0, 500, "ei_gas_trade bcm")
    cols = ["mode", "year", "importer", "importer_iso3", "exporter", "exporter_iso3", "value", "unit"]
    return df[cols].sort_values(["mode", "importer", "exporter"]).reset_index(drop=True)


CONVERSION_BLOCK = "Natural gas (NG) and liquefied natural gas (LNG)"


def build_conversions() -> pd.DataFrame:
    """The natural gas / LNG block of 'Approximate conversion factors' as from → to → factor."""
    sheet = "Approximate conversion factors"
    raw = read_excel(_workbook(), sheet_name=sheet, header=None)
    where = f"{FILE} [{sheet}]"
    block = [i for i in range(raw.shape[0]) if str(raw.iat[i, 0]).strip() == CONVERSION_BLOCK]
    if len(block) != 1:
        raise RawDataError(f"{where}: no single '{CONVERSION_BLOCK}' block")
    b = block[0]
    to_units = {}
    for j in range(2, 9):
        parts = [str(raw.iat[r, j]).strip() for r in (b - 1, b) if pd.notna(raw.iat[r, j])]
        to_units[j] = " ".join(parts)
    rows = []
    for i in range(b + 1, b + 12):
        label = str(raw.iat[i, 0]).strip()
        if not label.startswith("1 "):
            continue
        from_unit = label[2:].strip()
        for j, to_unit in to_units.items():
            rows.append((from_unit, to_unit, float(raw.iat[i, j])))
    df = pd.DataFrame(rows, columns=["from_unit", "to_unit", "factor"])
    _check_conversions(df, where)
    return df.sort_values(["from_unit", "to_unit"]).reset_index(drop=True)


def _check_conversions(df: pd.DataFrame, where: str) -> None:
    f = df.set_index(["from_unit", "to_unit"])["factor"]
    try:
        there = f[("million tonnes LNG", "billion cubic metres NG")]
        back = f[("billion cubic metres NG", "million tonnes LNG")]
    except KeyError as exc:
        raise RawDataError(f"{where}: LNG ↔ bcm factors not found ({exc})") from None
    if not (1.2 < there < 1.5) or abs(there * back - 1) > 1e-3:
        raise RawDataError(f"{where}: LNG ↔ bcm factors inconsistent ({there}, {back})")


TABLES = [
    Table(
        name="ei_series",
        min_rows=20_000,
        title="Energy Institute country series: gas, LNG, wind and solar capacity, CCUS, storage, nuclear, "
        "electricity, CO2",
        fields=(
            Field("iso3", "string", "ISO3 code, or WLD for the EI's world total"),
            Field("year", "integer", "calendar year"),
            Field(
                "measure",
                "string",
                "lng_imports, lng_exports, gas_production, gas_consumption (bcm); "
                "wind_capacity, solar_capacity (MW, end of year); ccus_capacity; "
                "bess_capacity (GW); nuclear_generation, electricity_generation (TWh); "
                "co2_energy",
            ),
            Field("value", "number", "value in unit"),
            Field("unit", "string", "unit of value"),
        ),
        primary_key=("measure", "iso3", "year"),
        source=SOURCE,
        build=build_series,
        vintage="Statistical Review of World Energy 2024 (73rd edition), data to 2023",
        caveat="Data end in 2023. Countries the EI groups into 'Other …' rows are absent. Capacity is "
        "end-of-year (IRENA); CCUS and storage from Rystad Energy; gas in bcm at 40 MJ/m3 (GCV).",
    ),
    Table(
        name="ei_gas_trade",
        title="Natural gas trade in 2023 by origin and destination, as LNG and by pipeline",
        fields=(
            Field("mode", "string", "lng or pipeline"),
            Field("year", "integer", "year of the trade flows (2023)"),
            Field("importer", "string", "importing country (or 'Other …' group) as the EI names it"),
            Field("importer_iso3", "string", "ISO3 of the importer; empty for an 'Other …' group"),
            Field("exporter", "string", "exporting country (or 'Other …' group) as the EI names it"),
            Field("exporter_iso3", "string", "ISO3 of the exporter; empty for an 'Other …' group"),
            Field("value", "number", "gas traded", unit="bcm"),
            Field("unit", "string", "bcm (billion cubic metres, 40 MJ/m3 GCV)"),
        ),
        primary_key=("mode", "importer", "exporter"),
        source=SOURCE,
        build=build_trade,
        vintage="Statistical Review of World Energy 2024, trade matrices for 2023",
        caveat="One year only (2023). LNG flows include re-exports; regional subtotal rows are dropped; "
        "zero flows are omitted. Canada exported no LNG before mid-2025.",
    ),
    Table(
        name="ei_conversions",
        title="Energy Institute approximate conversion factors for natural gas and LNG",
        fields=(
            Field("from_unit", "string", "unit converted from, e.g. 'million tonnes LNG'"),
            Field("to_unit", "string", "unit converted to, e.g. 'billion cubic metres NG'"),
            Field("factor", "number", "multiply a quantity in from_unit by this to get to_unit"),
        ),
        primary_key=("from_unit", "to_unit"),
        source=SOURCE,
        build=build_conversions,
        vintage="Statistical Review of World Energy 2024",
        caveat="Approximate factors as the workbook gives them (gas at 40 MJ/m3 GCV).",
    ),
]
