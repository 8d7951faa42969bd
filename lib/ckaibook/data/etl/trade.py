"""IMF Direction of Trade Statistics workbooks → ``trade`` (reporter, partner, flow, year, US$ m)."""

from __future__ import annotations

import re

import pandas as pd
import pycountry

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl._checks import RawDataError, read_excel, require_iso3, require_range, require_rows

SOURCE = Source(
    folder="trade",
    title="Direction of Trade Statistics (DOTS)",
    publisher="International Monetary Fund",
    url="https://data.imf.org/",
    licence="IMF copyright and usage terms (free use with attribution)",
    licence_url="https://www.imf.org/external/terms.htm",
)
SHEETS = {"Exports, FOB": "exports_fob", "Imports, CIF": "imports_cif"}
# IMF names that neither ISO 3166 nor the suffix rule below resolves.
IMF_NAMES = {
    "World": "WLD",
    "China, P.R.: Mainland": "CHN",
    "China, P.R.: Hong Kong": "HKG",
    "China, P.R.: Macao": "MAC",
    "Korea, Rep. of": "KOR",
    "Korea, Dem. People's Rep. of": "PRK",
    "Taiwan Province of China": "TWN",
    "Lao People's Dem. Rep.": "LAO",
    "Czech Rep.": "CZE",
    "Slovak Rep.": "SVK",
    "Kyrgyz Rep.": "KGZ",
    "Central African Rep.": "CAF",
    "Dominican Rep.": "DOM",
    "Syrian Arab Rep.": "SYR",
    "Congo, Dem. Rep. of the": "COD",
    "Congo, Rep. of": "COG",
    "Turkey": "TUR",
    "Venezuela, Rep. Bolivariana de": "VEN",
    "Yemen, Rep. of": "YEM",
    "Egypt, Arab Rep. of": "EGY",
    "Tanzania, United Rep. of": "TZA",
    "Moldova, Rep. of": "MDA",
    "St. Kitts and Nevis": "KNA",
    "St. Lucia": "LCA",
    "St. Vincent and the Grenadines": "VCT",
    "São Tomé and Príncipe, Dem. Rep. of": "STP",
    "Timor-Leste, Dem. Rep. of": "TLS",
    "Iran, Islamic Rep. of": "IRN",
    "Afghanistan, Islamic Rep. of": "AFG",
    "Mauritania, Islamic Rep. of": "MRT",
    "Ethiopia, The Federal Dem. Rep. of": "ETH",
    "Micronesia, Federated States of": "FSM",
}
_SUFFIX = re.compile(
    r",\s*(The|Rep\. of( the)?|Kingdom of( the Netherlands)?|Union of the|"
    r"The State of|Republic of|Islamic Rep\. of)$"
)


def imf_to_iso3(imf_name: str) -> str | None:
    """ISO3 code of an IMF DOTS economy name, or None for aggregates and defunct economies."""
    if imf_name in IMF_NAMES:
        return IMF_NAMES[imf_name]
    base = _SUFFIX.sub("", imf_name).strip()
    try:
        return pycountry.countries.lookup(base).alpha_3
    except LookupError:
        return None


def _read_sheet(path, sheet: str) -> pd.DataFrame:
    raw = read_excel(path, sheet_name=sheet, header=None)
    reporter_name = str(raw.iloc[3, 1]).strip()
    if str(raw.iloc[4, 1]).strip() != "US Dollars, Millions":
        raise RawDataError(
            f"{path.name} / {sheet}: unit cell reads {raw.iloc[4, 1]!r}, expected 'US Dollars, Millions'"
        )
    reporter = imf_to_iso3(reporter_name)
    if reporter is None:
        raise RawDataError(f"{path.name}: reporter {reporter_name!r} has no ISO3 code")
    years = pd.to_numeric(raw.iloc[6, 2:].astype(str).str.strip(), errors="coerce")
    if years.isna().any():
        raise RawDataError(f"{path.name} / {sheet}: non-year header cells {raw.iloc[6, 2:][years.isna()].tolist()[:3]}")
    body = raw.iloc[7:, 1:].copy()
    body.columns = ["partner_name", *years.astype(int).tolist()]
    body = body.dropna(subset=["partner_name"])
    long = body.melt(id_vars="partner_name", var_name="year", value_name="value")
    # Some workbooks mark IMF estimates as text like "1.00 e": keep the number.
    long["value"] = pd.to_numeric(
        long["value"].astype(str).str.replace(r"\s*e$", "", regex=True).replace({"nan": None}), errors="coerce"
    )
    long = long.dropna(subset=["value"])
    long["partner"] = long["partner_name"].map(imf_to_iso3)
    long = long.dropna(subset=["partner"])
    long["reporter"] = reporter
    long["flow"] = SHEETS[sheet]
    return long[["reporter", "partner", "flow", "year", "value"]]


def build_trade() -> pd.DataFrame:
    folder = paths.raw_source("trade")
    files = sorted(folder.glob("DOTS_*.xlsx"), key=lambda p: int(p.stem.split("_")[1]))
    if not files:
        raise RawDataError(f"{folder}: no DOTS_*.xlsx workbooks")
    df = pd.concat([_read_sheet(f, s) for f in files for s in SHEETS], ignore_index=True)
    df["year"] = df["year"].astype(int)
    df = df.rename(columns={"value": "value_usd_m"})
    # Workbooks list some economies under two regional headings, with identical rows.
    df = df.drop_duplicates()
    if df.duplicated(["reporter", "partner", "flow", "year"]).any():
        raise RawDataError(
            "trade: duplicate reporter/partner/flow/year rows with different values (two IMF names map to one ISO3?)"
        )
    require_iso3(pd.concat([df["reporter"], df["partner"]]), "trade")
    require_range(df["value_usd_m"], -1e-9, 1e8, "trade value (US$ m)")
    require_rows(df.rename(columns={"reporter": "iso3"}), "trade", ["CAN", "KOR"])
    return df.sort_values(["reporter", "partner", "flow", "year"]).reset_index(drop=True)


TABLES = [
    Table(
        name="trade",
        min_rows=150_000,
        title="Bilateral merchandise trade as reported by each economy (IMF DOTS)",
        fields=(
            Field("reporter", "string", "ISO3 of the reporting economy"),
            Field("partner", "string", "ISO3 of the partner economy (WLD = world)"),
            Field("flow", "string", "exports_fob (to partner) or imports_cif (from partner)"),
            Field("year", "integer", "calendar year"),
            Field("value_usd_m", "number", "trade value", unit="US$ million, current"),
        ),
        primary_key=("reporter", "partner", "flow", "year"),
        source=SOURCE,
        build=build_trade,
        vintage="DOTS snapshot of 2022 (data to 2020)",
        caveat="Totals only, no product breakdown; mirror flows differ (FOB vs CIF, timing, re-exports); "
        "data end in 2020.",
    ),
]
