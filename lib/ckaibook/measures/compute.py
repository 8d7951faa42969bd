"""Compute: TOP500 systems by country and list, and GPU-cluster capacity by country (Epoch).

One definition each (see CONTRIBUTING.md): GPU capacity is the summed H100-equivalents of the clusters
Epoch marks ``Existing`` and includes in its standard analysis (its own de-duplicated set); TOP500 is the
systems listed and their summed Rmax per list.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from ckaibook.data.datapackage import load

GPU_DEFINITION = (
    "existing GPU clusters in Epoch's standard-analysis set (which removes double counts), " "summed H100-equivalents"
)


def build_top500_country() -> pd.DataFrame:
    """The derived table ``top500_country``: per list and country, systems, Rmax (PFlop/s) and share of Rmax."""
    t = load("top500")
    g = t.groupby(["list_date", "iso3"], as_index=False).agg(systems=("rank", "size"), rmax=("rmax_tflops", "sum"))
    totals = t.groupby("list_date")["rmax_tflops"].sum()
    g["rmax_share"] = g["rmax"] / g["list_date"].map(totals)
    g["rmax_pflops"] = g["rmax"] / 1000
    return g.drop(columns="rmax").sort_values(["list_date", "iso3"]).reset_index(drop=True)


def list_year(list_date: str) -> float:
    """'2024-11' → 2024.83 (a TOP500 list placed on a year axis)."""
    year, month = str(list_date).split("-")
    return int(year) + (int(month) - 1) / 12


def top500_by_country(iso3s: Sequence[str] | None = None, fill: bool = False) -> pd.DataFrame:
    """``list_date, iso3, systems, rmax_pflops, rmax_share``; with ``fill`` absent countries get zeros."""
    g = load("top500_country")
    if iso3s is None:
        return g
    g = g[g["iso3"].isin(list(iso3s))]
    if fill:
        lists = sorted(load("top500_country")["list_date"].unique())
        full = pd.MultiIndex.from_product([lists, list(iso3s)], names=["list_date", "iso3"])
        g = g.set_index(["list_date", "iso3"]).reindex(full, fill_value=0).reset_index()
    return g.sort_values(["list_date", "iso3"]).reset_index(drop=True)


def build_gpu_capacity() -> pd.DataFrame:
    """The derived table ``gpu_capacity`` (see the module docstring for the definition)."""
    c = load("epoch_gpu_clusters")
    c = c[(c["status"] == "Existing") & c["standard_analysis"].fillna(False).astype(bool)]
    g = c.groupby("iso3", as_index=False).agg(
        clusters=("row", "size"), h100e=("h100_equivalents", "sum"), power_mw=("power_mw", "sum")
    )
    g["share"] = g["h100e"] / g["h100e"].sum() * 100
    return g.sort_values(["h100e", "iso3"], ascending=[False, True]).reset_index(drop=True)


def gpu_capacity(iso3s: Sequence[str] | None = None) -> pd.DataFrame:
    """``iso3, clusters, h100e, power_mw, share`` (share of the world's total, %), largest first;
    requested countries with no cluster get zeros."""
    g = load("gpu_capacity")
    if iso3s is None:
        return g
    out = g.set_index("iso3").reindex(list(iso3s), fill_value=0).reset_index()
    return out


# The date a GPU-capacity figure reports (Epoch's copy of the cluster data): the "year" of its Fact.
GPU_AS_OF = "2025-12-17"
