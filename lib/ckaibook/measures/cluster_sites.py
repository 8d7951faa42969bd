"""Where GPU clusters are and whether they exist yet (Epoch AI): one row per cluster, with a place.

Epoch records a free-text ``location`` per cluster: a street address, a city, a province, a region
("southwest South Korea") or only the country. :func:`place` reduces it to a city, province or region
named in :data:`PLACES` (the places the note's data-centre claims name, and the provinces of the
Canadian rows); any other location is kept as Epoch wrote it, and a location that is only the country
(or blank) is "not located". Counts and capacities here are per cluster row, planned ones included:
they are not :mod:`ckaibook.measures.compute`'s GPU capacity (existing, standard-analysis rows only).
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from ckaibook.data import countries
from ckaibook.data.datapackage import load

NOT_LOCATED = "not located"
PLACE_CHARS = 40  # longer free-text locations (street addresses) are cut for tables

# Keyword (case-insensitive, as it appears in Epoch's location text) → place. Order matters: the first
# keyword found wins, so city names come before the provinces that contain them.
PLACES: tuple[tuple[str, str], ...] = (
    ("Seoul", "Seoul"),
    ("Incheon", "Incheon"),
    ("Gyeonggi", "Gyeonggi"),
    ("Ulsan", "Ulsan"),
    ("Busan", "Busan"),
    ("Gwangju", "Gwangju"),
    ("Sejong", "Sejong"),
    ("southwest South Korea", "south-west Korea"),
    ("Montreal", "Quebec"),
    ("Lévis", "Quebec"),
    ("Quebec", "Quebec"),
    ("Québec", "Quebec"),
    ("Prince George", "British Columbia"),
    ("Burnaby", "British Columbia"),
    ("British Columbia", "British Columbia"),
    ("Alberta", "Alberta"),
    ("Ontario", "Ontario"),
    ("Toronto", "Ontario"),
)

# Korea's capital region (the area the note says data centres are being steered away from).
CAPITAL_REGION = frozenset({"Seoul", "Incheon", "Gyeonggi"})


def place(location: object, iso3: str) -> str:
    """The place of a cluster: a name from :data:`PLACES`, else Epoch's text, else "not located"."""
    if not isinstance(location, str) or not location.strip():
        return NOT_LOCATED
    text = location.strip()
    only_country = {countries.name(iso3).lower(), "korea (republic of)", "united states of america"}
    if text.lower() in only_country or text == iso3:
        return NOT_LOCATED
    for keyword, name in PLACES:
        if keyword.lower() in text.lower():
            return name
    text = " ".join(text.split())  # Epoch's addresses hold line breaks
    return text if len(text) <= PLACE_CHARS else text[: PLACE_CHARS - 1].rstrip(" ,") + "…"


def sites(iso3s: Iterable[str]) -> pd.DataFrame:
    """Every Epoch cluster row in ``iso3s``, all statuses: ``iso3, name, owner, status, certainty,
    power_mw, h100_equivalents, location, place``, largest power first (unknown power last)."""
    df = load("epoch_gpu_clusters")
    df = df[df["iso3"].isin(list(iso3s))].copy()
    df["place"] = [place(loc, iso3) for loc, iso3 in zip(df["location"], df["iso3"], strict=False)]
    cols = ["iso3", "name", "owner", "status", "certainty", "power_mw", "h100_equivalents", "location", "place"]
    return df.sort_values(["power_mw", "row"], ascending=[False, True], na_position="last")[cols].reset_index(drop=True)


def largest_planned(iso3: str) -> pd.Series | None:
    """The planned cluster of ``iso3`` with the largest power capacity (MW), or None if it has none."""
    s = sites([iso3])
    s = s[(s["status"] == "Planned") & s["power_mw"].notna()]
    return None if s.empty else s.iloc[0]


def by_place(iso3: str) -> pd.DataFrame:
    """Clusters of one country by place and status: ``place, status, clusters, power_mw`` (MW summed
    over the rows that report it; a capacity, not energy used)."""
    s = sites([iso3])
    g = s.groupby(["place", "status"], as_index=False).agg(
        clusters=("name", "size"), power_mw=("power_mw", lambda x: x.sum(min_count=1))
    )
    return g.sort_values(["status", "power_mw", "place"], ascending=[True, False, True]).reset_index(drop=True)
