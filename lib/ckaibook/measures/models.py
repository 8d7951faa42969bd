"""AI models (Epoch): model × country rows by tier, and the DeepSeek compute comparison.

One definition of "a country's models": Epoch's model × country rows, each model weighted 1/n over the
n countries of its developers; tiers are Epoch's flags (notable, large-scale >10²³ FLOP, frontier).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ckaibook.data.datapackage import load

NOTE_DATE = "2025-07-09"  # publication date of the note (Asia Pacific Foundation of Canada, 9 July 2025)


def models(tier: str | None = None) -> pd.DataFrame:
    """Epoch model × country rows, optionally only one tier (notable / large_scale / frontier)."""
    df = load("epoch_models")
    if tier is not None:
        df = df[df[tier].fillna(False).astype(bool)]
    return df.copy()


@dataclass
class ComputeTest:
    """DeepSeek's flagship against the frontier models released in the 12 months before it."""

    flagship: pd.Series
    peers: pd.DataFrame  # frontier models with known compute in the window
    ratio: float  # flagship compute ÷ median peer compute
    share_large_above: float  # share of large-scale models in the window with less compute than the flagship


def deepseek_flagship(df: pd.DataFrame, by: str = NOTE_DATE) -> pd.Series:
    """DeepSeek's model with the most training compute published on or before ``by``."""
    ds = df[
        df["organization"].str.contains("DeepSeek", na=False)
        & df["training_compute_flop"].notna()
        & (df["publication_date"] <= by)
    ].drop_duplicates("model")
    if ds.empty:
        raise KeyError("no DeepSeek model with training compute in the data")
    return ds.sort_values(["training_compute_flop", "publication_date"]).iloc[-1]


def compute_test(df: pd.DataFrame, by: str = NOTE_DATE, months: int = 12) -> ComputeTest:
    """Compare the DeepSeek flagship's compute with the frontier models of the previous ``months``."""
    flag = deepseek_flagship(df, by)
    date = pd.Timestamp(flag["publication_date"])
    lo = (date - pd.DateOffset(months=months)).strftime("%Y-%m-%d")
    win = df[
        (df["publication_date"] >= lo)
        & (df["publication_date"] <= flag["publication_date"])
        & df["training_compute_flop"].notna()
    ].drop_duplicates("model")
    peers = win[win["frontier"].fillna(False)]
    large = win[win["large_scale"].fillna(False) & (win["model"] != flag["model"])]
    ratio = (
        float(flag["training_compute_flop"] / peers["training_compute_flop"].median()) if len(peers) else float("nan")
    )
    below = (
        float((large["training_compute_flop"] < flag["training_compute_flop"]).mean()) if len(large) else float("nan")
    )
    return ComputeTest(flag, peers.sort_values("publication_date"), ratio, below)


def codeveloped(df: pd.DataFrame, a: str, b: str, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Models of ``df`` (Epoch model × country rows) published in [start, end] (all years when None) with
    organisations of both ``a`` and ``b`` among their developers: one row per model (``model,
    organization, publication_date``). The one definition of "co-developed" in the book."""
    if start is not None:
        df = df[df["year"] >= start]
    if end is not None:
        df = df[df["year"] <= end]
    by_model = df.groupby("model")["iso3"].agg(set)
    both = by_model[by_model.map(lambda s: a in s and b in s)].index
    rows = df[df["model"].isin(both)].drop_duplicates("model")
    return (
        rows[["model", "organization", "publication_date"]]
        .sort_values(["publication_date", "model"])
        .reset_index(drop=True)
    )
