"""Federal Reserve annual exchange rates (via FRED/Datahub) → ``fx`` (currency, year, units per US$)."""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl._checks import RawDataError, read_csv, require_columns, require_range

SOURCE = Source(
    folder="fx",
    title="Foreign Exchange Rates H.10/G.5A, annual averages (via FRED and Datahub)",
    publisher="Board of Governors of the Federal Reserve System",
    url="https://www.federalreserve.gov/releases/g5a/",
    licence="ODC-PDDL-1.0",
    licence_url="https://opendatacommons.org/licenses/pddl/1-0/",
)
# Series name → ISO 4217 code; True where the Fed quotes US$ per unit (we invert those).
CURRENCIES = {
    "Australia": ("AUD", True),
    "Brazil": ("BRL", False),
    "Canada": ("CAD", False),
    "China": ("CNY", False),
    "Denmark": ("DKK", False),
    "Euro": ("EUR", True),
    "Hong Kong": ("HKD", False),
    "India": ("INR", False),
    "Japan": ("JPY", False),
    "Malaysia": ("MYR", False),
    "Mexico": ("MXN", False),
    "New Zealand": ("NZD", True),
    "Norway": ("NOK", False),
    "Singapore": ("SGD", False),
    "South Africa": ("ZAR", False),
    "South Korea": ("KRW", False),
    "Sweden": ("SEK", False),
    "Switzerland": ("CHF", False),
    "Taiwan": ("TWD", False),
    "Thailand": ("THB", False),
    "Venezuela": ("VES", False),
    "United Kingdom": ("GBP", True),
}


def build_fx() -> pd.DataFrame:
    path = paths.raw_file("fx", "annual.csv")
    raw = read_csv(path)
    require_columns(raw, ["Date", "Country", "Exchange rate"], str(path))
    unknown = sorted(set(raw["Country"]) - set(CURRENCIES))
    if unknown:
        raise RawDataError(f"{path}: series without a currency mapping: {unknown}")
    codes = raw["Country"].map(lambda c: CURRENCIES[c][0])
    inverted = raw["Country"].map(lambda c: CURRENCIES[c][1])
    rate = raw["Exchange rate"].where(~inverted, 1 / raw["Exchange rate"])
    df = pd.DataFrame({"currency": codes, "year": pd.to_datetime(raw["Date"]).dt.year, "per_usd": rate}).dropna()
    require_range(df["per_usd"], 1e-4, 1e7, "fx per_usd")
    usd = pd.DataFrame({"currency": "USD", "year": sorted(df["year"].unique()), "per_usd": 1.0})
    return pd.concat([df, usd]).sort_values(["currency", "year"]).reset_index(drop=True)


TABLES = [
    Table(
        name="fx",
        min_rows=800,
        title="Annual average exchange rates, currency units per US dollar",
        fields=(
            Field("currency", "string", "ISO 4217 currency code"),
            Field("year", "integer", "calendar year"),
            Field("per_usd", "number", "annual average rate", unit="currency units per US$"),
        ),
        primary_key=("currency", "year"),
        source=SOURCE,
        build=build_fx,
        vintage="Datahub exchange-rates package, 2026-07-21 (annual averages to 2025)",
        caveat="Averages of daily noon buying rates in New York, not year-end rates; USD rows are 1 by definition.",
    ),
]
