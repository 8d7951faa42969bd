"""Epoch AI *Data on GPU Clusters* → ``epoch_gpu_clusters`` (one row per cluster, all countries).

Keeps identity (name, owner, country as ISO3, sector), status and certainty, Epoch's own inclusion flag,
first operational date, and capacity (H100 equivalents, 16-bit OP/s, AI chips, power in MW). Aggregate
with :func:`ckaibook.energy.gpu_clusters_by_country` (which by default counts existing clusters that
Epoch includes in its standard analysis).
"""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl import _names
from ckaibook.data.etl._checks import RawDataError, read_csv, require_columns, require_range, require_rows

SOURCE = Source(
    folder="epoch_gpu_clusters",
    title="Data on GPU Clusters (AI supercomputers)",
    publisher="Epoch AI",
    url="https://epoch.ai/data/gpu-clusters",
    licence="CC-BY-4.0",
    licence_url="https://creativecommons.org/licenses/by/4.0/",
)
RAW_COLUMNS = {
    "Name": "name",
    "Owner": "owner",
    "Country": "country",
    "Sector": "sector",
    "Status": "status",
    "Certainty": "certainty",
    "Include in Standard Analysis": "standard_analysis",
    "First Operational Date": "first_operational",
    "H100 equivalents": "h100_equivalents",
    "16-bit OP/s": "ops_16bit",
    "Total number of AI chips": "ai_chips",
    "Power Capacity (MW)": "power_mw",
    "Location": "location",
}
STATUSES = {"Existing", "Planned", "Decommissioned"}


def build_gpu_clusters() -> pd.DataFrame:
    path = paths.raw_file("epoch_gpu_clusters", "gpu_clusters.csv")
    raw = read_csv(path)
    require_columns(raw, RAW_COLUMNS, str(path))
    df = raw[list(RAW_COLUMNS)].rename(columns=RAW_COLUMNS)
    df.insert(0, "row", range(1, len(df) + 1))  # names repeat ("Anonymized Chinese System"): key on the row
    bad = sorted(set(df["status"].dropna()) - STATUSES)
    if bad:
        raise RawDataError(f"{path}: unknown status values {bad}")
    df = df.dropna(subset=["country"])
    df["iso3"] = [_names.require_iso3_name(c, str(path)) for c in df["country"]]
    df["standard_analysis"] = (
        df["standard_analysis"].map({True: True, False: False, "True": True, "False": False}).fillna(False).astype(bool)
    )
    df["first_operational"] = pd.to_datetime(df["first_operational"], errors="coerce").dt.strftime("%Y-%m-%d")
    require_range(df["h100_equivalents"].dropna(), 0, 1e9, f"{path} H100 equivalents")
    require_range(df["power_mw"].dropna(), 0, 1e5, f"{path} power MW")
    require_rows(df, "epoch_gpu_clusters", ["CAN", "KOR", "USA", "CHN", "JPN"])
    cols = [
        "row",
        "name",
        "owner",
        "iso3",
        "sector",
        "status",
        "certainty",
        "standard_analysis",
        "first_operational",
        "h100_equivalents",
        "ops_16bit",
        "ai_chips",
        "power_mw",
        "location",
    ]
    return df[cols].sort_values("row").reset_index(drop=True)


TABLES = [
    Table(
        name="epoch_gpu_clusters",
        title="GPU clusters (AI supercomputers): capacity, status and location, all countries",
        fields=(
            Field("row", "integer", "row number in Epoch's file (names are not unique)"),
            Field("name", "string", "cluster name as Epoch records it"),
            Field("owner", "string", "owner(s)"),
            Field("iso3", "string", "ISO3 code of the country where the cluster is"),
            Field("sector", "string", "Private, Public or Public/Private"),
            Field("status", "string", "Existing, Planned or Decommissioned"),
            Field("certainty", "string", "Confirmed, Likely or Unlikely"),
            Field("standard_analysis", "boolean", "Epoch's 'Include in Standard Analysis' flag"),
            Field("first_operational", "date", "first operational date (ISO 8601), where known"),
            Field("h100_equivalents", "number", "performance in Nvidia H100 equivalents (Epoch's normalisation)"),
            Field("ops_16bit", "number", "16-bit performance", unit="OP/s"),
            Field("ai_chips", "number", "total number of AI chips"),
            Field("power_mw", "number", "power capacity", unit="MW"),
            Field(
                "location",
                "string",
                "where the cluster is, as Epoch records it (a street address, city, "
                "province or only the country; blank where unknown)",
            ),
        ),
        primary_key=("row",),
        source=SOURCE,
        build=build_gpu_clusters,
        vintage="Epoch AI GPU clusters, copy of 2025-12-17 (first operational dates to 2025-10)",
        caveat="Built from public reports: private clusters are covered unevenly by country; country is the "
        "cluster's location, not its owner's.",
    ),
]
