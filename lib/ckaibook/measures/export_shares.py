"""Export shares by destination: the share of an economy's goods exports that goes to a partner.

One definition (used by chapter 03 and the check of the note's "over-dependence on both the US and
China" premise): goods exports FOB that ``reporter`` reports to ``destination``, divided by the exports
it reports to the world in the same year, in %. Both are nominal US$ of the same year, so the ratio
needs no deflator. The mirror view divides what the destination reports importing from the reporter
(CIF) by the reporter's own world exports: the two differ by freight, timing and re-exports (IMF DOTS).
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from ckaibook.data.datapackage import load

DESTINATIONS = ("USA", "CHN")


def export_shares(
    reporters: Sequence[str],
    destinations: Sequence[str] = DESTINATIONS,
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """``iso3, destination, year, exports_usd_m, world_usd_m, share`` (share in % of world exports).

    A reporter is never its own destination; reporters absent from the trade table have no rows.
    """
    t = load("trade")
    t = t[(t["flow"] == "exports_fob") & t["reporter"].isin(list(reporters))]
    if start is not None:
        t = t[t["year"] >= start]
    if end is not None:
        t = t[t["year"] <= end]
    world = t[t["partner"] == "WLD"].set_index(["reporter", "year"])["value_usd_m"].rename("world_usd_m")
    to = t[t["partner"].isin(list(destinations)) & (t["partner"] != t["reporter"])]
    out = to.rename(columns={"reporter": "iso3", "partner": "destination", "value_usd_m": "exports_usd_m"})
    out = out.join(world, on=["iso3", "year"]).dropna(subset=["world_usd_m"])
    out = out[out["world_usd_m"] > 0]
    out["share"] = out["exports_usd_m"] / out["world_usd_m"] * 100
    cols = ["iso3", "destination", "year", "exports_usd_m", "world_usd_m", "share"]
    return out[cols].sort_values(["iso3", "destination", "year"]).reset_index(drop=True)


def mirror_shares(reporters: Sequence[str], year: int, destinations: Sequence[str] = DESTINATIONS) -> pd.DataFrame:
    """For one year, each reporter's export share to each destination as both sides report it:
    ``iso3, destination, year, as_exporter, as_importer`` (% of the reporter's world exports; the
    importer's figure is missing when the destination is not a reporter in the mirror)."""
    t = load("trade")
    t = t[t["year"] == year]
    own = export_shares(reporters, destinations, year, year).set_index(["iso3", "destination"])
    rows = []
    for (iso3, dest), r in own.iterrows():
        imp = t[(t["reporter"] == dest) & (t["partner"] == iso3) & (t["flow"] == "imports_cif")]["value_usd_m"]
        rows.append(
            {
                "iso3": iso3,
                "destination": dest,
                "year": year,
                "as_exporter": r["share"],
                "as_importer": float(imp.iloc[0]) / r["world_usd_m"] * 100 if len(imp) else float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=["iso3", "destination", "year", "as_exporter", "as_importer"])


def latest_common_year(shares: pd.DataFrame, iso3s: Sequence[str]) -> int | None:
    """Latest year in which every economy of ``iso3s`` has a share to every destination it can have."""
    years = None
    for c in iso3s:
        rows = shares[shares["iso3"] == c]
        if rows.empty:
            return None
        per_dest = [set(g["year"]) for _, g in rows.groupby("destination")]
        got = set.intersection(*per_dest)
        years = got if years is None else years & got
    return int(max(years)) if years else None
