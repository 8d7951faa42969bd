"""Country names as sources spell them → ISO 3166 alpha-3 codes (shared by several ETL modules).

Sources name countries in their own ways ("US", "South Korea", "Korea (Republic of)", "Viet Nam").
:func:`to_iso3` resolves a name with a small table of source spellings first, then ``pycountry``;
:func:`is_group_label` recognises the regional totals and "Other …" residual rows that sources put
between countries, so an ETL can drop them and still fail on a name it does not understand.
"""

from __future__ import annotations

import html
import re

import pycountry

from ckaibook.data.etl._checks import RawDataError

# Our World in Data's own codes for entities without an ISO 3166 alpha-3 code that the book keeps
# (Kosovo's user-assigned XKX, as the World Bank uses; the world as WLD).
OWID_CODES = {"OWID_KOS": "XKX", "OWID_WRL": "WLD"}

# Spellings seen in the raw mirror that pycountry does not resolve (or resolves wrongly).
SPELLINGS = {
    "US": "USA",
    "United States": "USA",
    "United States of America": "USA",
    "South Korea": "KOR",
    "Korea (Republic of)": "KOR",
    "Korea": "KOR",
    "Russian Federation": "RUS",
    "Russia": "RUS",
    "Iran": "IRN",
    "Taiwan": "TWN",
    "Vietnam": "VNM",
    "Viet Nam": "VNM",
    "China Hong Kong SAR": "HKG",
    "Hong Kong": "HKG",
    "Trinidad & Tobago": "TTO",
    "The Dominican Republic": "DOM",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "Turkiye": "TUR",
    "Philippines (the)": "PHL",
    "Syria": "SYR",
    "United Kingdom": "GBR",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Laos": "LAO",
    "Brunei": "BRN",
    "Macedonia": "MKD",
    "North Macedonia": "MKD",
    "Moldova": "MDA",
    "Tanzania": "TZA",
    "Kosovo": "XKX",
    "North Korea": "PRK",
    "Burma": "MMR",
    "The Netherlands": "NLD",
    "Bahamas, The": "BHS",
    "Gambia, The": "GMB",
    "Cabo Verde": "CPV",
    "Congo, Democratic Republic of the": "COD",
    "Congo, Republic of the": "COG",
    "Côte d’Ivoire": "CIV",
    "São Tomé and Príncipe": "STP",
    "Eswatini": "SWZ",
}
# Rows some sources list among countries that are not countries (or no longer exist).
NOT_COUNTRIES = {"Gaza Strip", "West Bank", "Serbia and Montenegro", "Unassigned", "Total articles", "World"}
# Labels that are groups of countries, not countries (regional totals, residuals, economic groups).
_GROUP = re.compile(
    r"^(total|other|of which|non-oecd|oecd|european union|eu$|ussr|rest of|"
    r"north america|s\. & cent\. america|south america|central america|europe|cis|middle east|africa|"
    r"asia pacific|americas|eastern africa|middle africa|western africa|world|"
    r"other caribbean|other south america|other northern africa|other southern africa)",
    re.IGNORECASE,
)


def clean(name: object) -> str:
    """Strip footnotes (``<sup>a</sup>``, ``*``, ``#``, ``†``), HTML entities and whitespace from a label."""
    text = html.unescape(re.sub(r"<sup>.*?</sup>", "", str(name)))
    return re.sub(r"[\*#†^♦]+", "", text).strip()


def is_group_label(name: str) -> bool:
    """True for a regional total or residual row ("Total Europe", "Other Asia Pacific", "EU")."""
    return bool(_GROUP.match(clean(name)))


def to_iso3(name: str) -> str | None:
    """ISO3 code of a country name, or None if neither the table nor pycountry knows it."""
    label = clean(name)
    if label in SPELLINGS:
        return SPELLINGS[label]
    try:
        return pycountry.countries.lookup(label).alpha_3
    except LookupError:
        return None


def require_iso3_name(name: str, where: str) -> str:
    """ISO3 of a label that must be a country (not a group); raise naming it otherwise."""
    code = to_iso3(name)
    if code is None:
        raise RawDataError(f"{where}: cannot map country name {clean(name)!r} to an ISO3 code")
    return code


def country_code(name: object) -> str | None:
    """ISO3 for a country name; None for a listed non-country row; raise on a name nobody knows.

    Stricter than :func:`to_iso3`: an ETL using it fails on a new spelling instead of dropping the row.
    """
    label = clean(name)
    if label in NOT_COUNTRIES:
        return None
    code = to_iso3(label)
    if code is None:
        raise RawDataError(f"cannot map country name {label!r} to an ISO3 code")
    return code
