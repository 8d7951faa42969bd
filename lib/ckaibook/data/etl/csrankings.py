"""CSRankings faculty roster and a third-party scrape of its AI-area ranking → ``csrankings_counts``.

Counts only (institutions and faculty per country): the data are CC BY-NC-ND 4.0, so the book
publishes aggregates, not the roster.
"""

from __future__ import annotations

import pandas as pd

from ckaibook.data import paths
from ckaibook.data.schema import Field, Source, Table
from ckaibook.data.etl._checks import RawDataError, read_csv, require_columns, require_iso3, require_rows

SOURCE = Source(
    folder="csrankings",
    title="CSRankings: Computer Science Rankings (faculty roster, Oct 2024; AI-area ranking scraped Jan 2023)",
    publisher="Emery Berger, CSRankings (AI-area scrape by GitHub user AklimaRimi)",
    url="https://csrankings.org",
    licence="CC-BY-NC-ND-4.0",
    licence_url="https://creativecommons.org/licenses/by-nc-nd/4.0/",
)
# CSRankings uses ISO 3166 alpha-2 in lower case, except 'uk'.
_ALPHA2_FIXES = {"uk": "GB"}
MAX_UNPLACED = 10  # roster affiliations with no known country (a few new institutions) before we refuse


def institution_countries() -> pd.Series:
    """Institution → ISO3: country-info.csv for non-US institutions; others in institutions.csv are US."""
    import pycountry

    info_path = paths.raw_file("csrankings", "country-info.csv")
    info = read_csv(info_path)
    require_columns(info, ["institution", "countryabbrv"], str(info_path))
    inst_path = paths.raw_file("csrankings", "institutions.csv")
    inst = read_csv(inst_path)
    require_columns(inst, ["institution"], str(inst_path))

    def iso3(a2: str) -> str:
        code = _ALPHA2_FIXES.get(a2, str(a2).upper())
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            raise RawDataError(f"{info_path}: unknown country abbreviation {a2!r}")
        return country.alpha_3

    mapping = dict(zip(inst["institution"], ["USA"] * len(inst), strict=False))
    mapping.update(dict(zip(info["institution"], info["countryabbrv"].map(iso3), strict=False)))
    return pd.Series(mapping, name="iso3")


def _counts(df: pd.DataFrame, faculty: pd.Series, dataset: str) -> pd.DataFrame:
    grouped = df.assign(faculty=faculty).groupby("iso3")
    out = pd.concat(
        [
            grouped["institution"].nunique().rename("value").reset_index().assign(measure="institutions"),
            grouped["faculty"].sum().rename("value").reset_index().assign(measure="faculty"),
        ]
    )
    return out.assign(dataset=dataset)


def roster_counts() -> pd.DataFrame:
    """CS faculty and institutions per country, from the Oct 2024 roster (one row per person)."""
    path = paths.raw_file("csrankings", "csrankings.csv")
    roster = read_csv(path)
    require_columns(roster, ["name", "affiliation"], str(path))
    places = institution_countries()
    roster["iso3"] = roster["affiliation"].map(places)
    unplaced = roster.loc[roster["iso3"].isna(), "affiliation"].unique()
    if len(unplaced) > MAX_UNPLACED:
        raise RawDataError(f"{path}: {len(unplaced)} affiliations with no country, e.g. {sorted(unplaced)[:5]}")
    roster = roster.dropna(subset=["iso3"]).drop_duplicates(["name", "affiliation"])
    return _counts(
        roster.rename(columns={"affiliation": "institution"}),
        pd.Series(1, index=roster.index),
        "cs_faculty_roster_2024",
    )


def ai_scrape_counts() -> pd.DataFrame:
    """Faculty publishing in CSRankings' AI areas (2000–2022) and their institutions, per country."""
    path = paths.raw_file("csrankings_ai_scrape", "university_ranks.csv")
    ranks = read_csv(path)
    require_columns(ranks, ["University Name", "Faculty"], str(path))
    ranks["institution"] = ranks["University Name"].str.strip()
    places = institution_countries()
    ranks["iso3"] = ranks["institution"].map(places)
    unplaced = ranks.loc[ranks["iso3"].isna(), "institution"].tolist()
    if unplaced:
        raise RawDataError(f"{path}: institutions not in CSRankings' institution list: {unplaced[:5]}")
    if ranks["institution"].duplicated().any():
        raise RawDataError(f"{path}: an institution is listed twice")
    return _counts(ranks, ranks["Faculty"].astype(int), "ai_area_faculty_2000_2022")


def build() -> pd.DataFrame:
    df = pd.concat([roster_counts(), ai_scrape_counts()], ignore_index=True)
    require_iso3(df["iso3"], "csrankings_counts")
    require_rows(df, "csrankings_counts", ["CAN", "KOR", "USA", "CHN", "JPN"])
    return (
        df[["dataset", "measure", "iso3", "value"]].sort_values(["dataset", "measure", "iso3"]).reset_index(drop=True)
    )


TABLES = [
    Table(
        name="csrankings_counts",
        title="Computer-science and AI faculty and institutions listed by CSRankings, by country (counts only)",
        fields=(
            Field(
                "dataset",
                "string",
                "cs_faculty_roster_2024 (all CS faculty, Oct 2024 roster) or "
                "ai_area_faculty_2000_2022 (faculty publishing in AI areas, 2000–2022, scraped Jan 2023)",
            ),
            Field("measure", "string", "institutions or faculty"),
            Field("iso3", "string", "ISO 3166 alpha-3 country code of the institution"),
            Field("value", "integer", "count", unit="institutions or persons"),
        ),
        primary_key=("dataset", "measure", "iso3"),
        source=SOURCE,
        build=build,
        vintage="CSRankings gh-pages snapshot of 2024-10-24; AI-area scrape of 2023-01-08",
        caveat="CC BY-NC-ND 4.0: only counts are published here, not the roster. CSRankings lists faculty at "
        "institutions added by request, so Asian (incl. Korean) coverage is thinner than North American; "
        "the AI-area scrape is a third party's, not an official export; a handful of roster affiliations "
        "missing from the institution list are dropped.",
    ),
]
