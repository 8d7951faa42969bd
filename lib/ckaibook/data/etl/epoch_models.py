"""Epoch AI "Data on AI Models" → ``epoch_models`` (one row per model × country of its organisations).

How a model is attributed to countries: Epoch lists one country per organisation
(``Country (of organization)``, comma-separated, aligned with ``Organization``). We take the distinct
ISO3 codes of that list, so a model built by organisations in *n* distinct countries has *n* rows,
each with ``n_countries = n`` and ``weight = 1/n``:

- **whole counting** (a model counts once for every country involved): count rows, or distinct models;
- **fractional counting** (each model adds up to one across countries): sum ``weight``.

Models with no attributable country (blank, or only "Multinational") are dropped; their number is in
the table's caveat. Hong Kong and Macao keep their own ISO3 codes (HKG, MAC) as Epoch lists them apart.

The four Epoch files are different cuts of one database: ``all_ai_models.csv`` is the widest; the
``notable``, ``large_scale`` (> 1e23 FLOP) and ``frontier`` files set the membership flags, and a model
that appears in one of them but not in ``all`` is added from that file.
"""

from __future__ import annotations

import pandas as pd
import pycountry

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl._checks import (
    RawDataError,
    read_csv,
    require_columns,
    require_iso3,
    require_range,
    require_rows,
)

SOURCE = Source(
    folder="epoch_models",
    title="Data on AI Models (notable, large-scale, frontier and all models)",
    publisher="Epoch AI",
    url="https://epoch.ai/data/ai-models",
    licence="CC-BY-4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
    files=("all_ai_models.csv", "notable_ai_models.csv", "large_scale_ai_models.csv", "frontier_ai_models.csv"),
)
FILES = {
    "all": "all_ai_models.csv",
    "notable": "notable_ai_models.csv",
    "large_scale": "large_scale_ai_models.csv",
    "frontier": "frontier_ai_models.csv",
}

# Epoch's country names that ISO 3166 (pycountry) does not match by name.
NAME_TO_ISO3 = {
    "United States of America": "USA",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "Korea (Republic of)": "KOR",
    "Russia": "RUS",
    "Taiwan": "TWN",
    "Vietnam": "VNM",
    "Viet Nam": "VNM",
    "Iran (Islamic Republic of)": "IRN",
    "Hong Kong": "HKG",
    "Macao": "MAC",
    "Czechia": "CZE",
    "Turkey": "TUR",
}
NO_COUNTRY = {"", "Multinational"}

# raw column → (output column)
COLUMNS = {
    "Model": "model",
    "Organization": "organization",
    "Organization categorization": "organization_type",
    "Publication date": "publication_date",
    "Domain": "domain",
    "Training compute (FLOP)": "training_compute_flop",
    "Parameters": "parameters",
    "Training compute cost (2023 USD)": "training_cost_usd2023",
    "Training hardware": "training_hardware",
    "Hardware quantity": "hardware_quantity",
    "Confidence": "confidence",
    "Model accessibility": "accessibility",
    "Open model weights?": "open_weights_flag",
    "Citations": "citations",
}
REQUIRED = [
    "Model",
    "Organization",
    "Publication date",
    "Country (of organization)",
    "Training compute (FLOP)",
    "Parameters",
    "Model accessibility",
]


def country_iso3(name: str) -> str | None:
    """ISO3 code of one of Epoch's country names; None for "Multinational"/blank; raises if unknown."""
    name = name.strip()
    if name in NO_COUNTRY:
        return None
    if name in NAME_TO_ISO3:
        return NAME_TO_ISO3[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        raise RawDataError(f"epoch_models: unknown country name {name!r}") from None


def _read(kind: str) -> pd.DataFrame:
    path = paths.raw_file("epoch_models", FILES[kind])
    df = read_csv(path, low_memory=False)
    require_columns(df, [c for c in REQUIRED if c != "Model accessibility" or kind != "notable"], str(path))
    df["Model"] = df["Model"].astype(str).str.strip()
    # Epoch lists some models twice under one name (one copy with trailing tabs, or with fewer fields):
    # keep the copy that records the most developer countries, so none is lost (Zephyr 141B-A39B:
    # US only in one copy; US, Korea and Spain in the other), else the first in the file.
    countries = df["Country (of organization)"].astype("string").str.count(",").add(1).fillna(0)
    keep = countries.sort_values(ascending=False, kind="stable").index
    return df.loc[keep].drop_duplicates(subset=["Model"], keep="first").sort_index()


def _open_weights(df: pd.DataFrame) -> pd.Series:
    """True if Epoch records open weights (accessibility "Open weights (…)" or flag "Yes"), False if it
    records another access mode or "No", missing if it records neither."""
    acc = df["accessibility"].astype("string")
    flag = (
        df["open_weights_flag"].astype("string")
        if "open_weights_flag" in df
        else pd.Series(pd.NA, index=df.index, dtype="string")
    )
    out = pd.Series(pd.NA, index=df.index, dtype="boolean")
    out[acc.notna()] = acc[acc.notna()].str.startswith("Open weights")
    fill = out.isna() & flag.notna()
    out[fill] = flag[fill].eq("Yes")
    return out


def build_epoch_models() -> pd.DataFrame:
    files = {kind: _read(kind) for kind in FILES}
    base = files["all"]
    extra = [f[~f["Model"].isin(base["Model"])] for k, f in files.items() if k != "all"]
    models = pd.concat([base, *extra], ignore_index=True).drop_duplicates(subset=["Model"], keep="first")
    for kind in ("notable", "large_scale", "frontier"):
        models[kind] = models["Model"].isin(files[kind]["Model"])
    # Epoch's "Frontier model" column in the all-models file agrees with the frontier file.
    models = models.rename(columns=COLUMNS)
    for col in COLUMNS.values():
        if col not in models:
            models[col] = pd.NA
    models["open_weights"] = _open_weights(models)
    models["year"] = pd.to_datetime(models["publication_date"], errors="coerce").dt.year.astype("Int64")
    for col in ("training_compute_flop", "parameters", "training_cost_usd2023", "hardware_quantity", "citations"):
        models[col] = pd.to_numeric(models[col], errors="coerce")
    require_range(models["training_compute_flop"].dropna(), 1, 1e30, "epoch_models training compute (FLOP)")
    # one row per model × distinct country
    codes = models["Country (of organization)"].fillna("").astype(str).str.split(",")
    models["iso3"] = codes.map(lambda names: sorted({c for c in map(country_iso3, names) if c}))
    models["n_countries"] = models["iso3"].map(len)
    dropped = int((models["n_countries"] == 0).sum())
    if dropped > 0.1 * len(models):
        raise RawDataError(f"epoch_models: {dropped} of {len(models)} models have no country; layout changed?")
    long = models[models["n_countries"] > 0].explode("iso3")
    long["weight"] = 1.0 / long["n_countries"]
    require_iso3(long["iso3"], "epoch_models")
    require_rows(long, "epoch_models", ["CAN", "KOR", "USA", "CHN", "JPN"])
    if not long["organization"].astype(str).str.contains("DeepSeek").any():
        raise RawDataError("epoch_models: no DeepSeek model found; the file is not the expected vintage")
    cols = [
        "model",
        "iso3",
        "n_countries",
        "weight",
        "organization",
        "organization_type",
        "publication_date",
        "year",
        "domain",
        "training_compute_flop",
        "parameters",
        "training_cost_usd2023",
        "training_hardware",
        "hardware_quantity",
        "confidence",
        "accessibility",
        "open_weights",
        "citations",
        "notable",
        "large_scale",
        "frontier",
    ]
    long = long[cols].sort_values(["model", "iso3"]).reset_index(drop=True)
    long["n_countries"] = long["n_countries"].astype("Int64")
    return long


def count_dropped() -> int:
    """Models with no attributable country (for the caveat and tests)."""
    base = _read("all")
    names = base["Country (of organization)"].fillna("").astype(str).str.split(",")
    return int(names.map(lambda ns: not any(country_iso3(n) for n in ns)).sum())


TABLES = [
    Table(
        name="epoch_models",
        min_rows=3_000,
        title="AI models by country of developer (Epoch AI): one row per model × country",
        fields=(
            Field("model", "string", "model name as Epoch lists it"),
            Field("iso3", "string", "ISO3 code of one country of the model's organisations"),
            Field("n_countries", "integer", "number of distinct countries of the model's organisations"),
            Field(
                "weight",
                "number",
                "1 / n_countries: sum it for fractional counts (each model adds to one)",
                "share of a model",
            ),
            Field("organization", "string", "developer organisation(s), comma-separated"),
            Field(
                "organization_type",
                "string",
                "Industry / Academia / Government / Research collective, per organisation",
            ),
            Field("publication_date", "date", "publication date (YYYY-MM-DD)"),
            Field("year", "integer", "publication year"),
            Field("domain", "string", "domain(s), comma-separated (Language, Vision, Biology …)"),
            Field("training_compute_flop", "number", "training compute (often an Epoch estimate)", "FLOP"),
            Field("parameters", "number", "number of parameters", "parameters"),
            Field("training_cost_usd2023", "number", "Epoch's estimated training compute cost", "2023 US$"),
            Field("training_hardware", "string", "training hardware as Epoch lists it"),
            Field("hardware_quantity", "number", "number of accelerators used in training", "chips"),
            Field("confidence", "string", "Epoch's confidence in the compute/parameter estimates"),
            Field(
                "accessibility", "string", "Epoch's model accessibility (Open weights (…), API access, Unreleased …)"
            ),
            Field(
                "open_weights",
                "boolean",
                "weights openly released (any licence); empty when Epoch records no access mode",
            ),
            Field("citations", "number", "citations of the model's paper (Epoch's count)", "citations"),
            Field("notable", "boolean", "in Epoch's notable-models file (editorial notability criteria)"),
            Field("large_scale", "boolean", "in Epoch's large-scale-models file (training compute above 1e23 FLOP)"),
            Field("frontier", "boolean", "in Epoch's frontier-models file (top-10 compute at release)"),
        ),
        primary_key=("model", "iso3"),
        source=SOURCE,
        build=build_epoch_models,
        vintage="Epoch AI Data on AI Models, March 2026 release (publication dates to early 2026)",
        caveat="A model counts once for each country of its organisations (weight = 1/n for fractional counts); "
        "about a hundred models with no country or only 'Multinational' are dropped. Epoch's coverage leans to "
        "English-language sources; compute is often estimated; recent months are incomplete.",
    ),
]
