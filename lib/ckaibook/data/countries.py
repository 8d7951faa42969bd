"""Countries: ISO3 codes and display names, the groups the book uses, one colour per country."""

from __future__ import annotations

import pycountry

# Names readers expect, where the ISO 3166 name reads like a registry entry.
_DISPLAY_OVERRIDES = {
    "KOR": "South Korea",
    "PRK": "North Korea",
    "USA": "United States",
    "GBR": "United Kingdom",
    "RUS": "Russia",
    "VNM": "Vietnam",
    "LAO": "Laos",
    "TWN": "Taiwan",
    "IRN": "Iran",
    "SYR": "Syria",
    "BOL": "Bolivia",
    "VEN": "Venezuela",
    "TZA": "Tanzania",
    "MDA": "Moldova",
    "BRN": "Brunei",
    "HKG": "Hong Kong",
    "MAC": "Macao",
    "CZE": "Czechia",
    "TUR": "Türkiye",
}

# User-assigned codes that sources use for economies ISO 3166 does not list.
EXTRA_CODES = {"XKX": "Kosovo"}

# Aggregates that some sources report beside countries (not ISO 3166 codes).
AGGREGATES = {"WLD": "World", "ASEAN": "ASEAN", "G7": "G7", "OECD": "OECD"}

# Groups the book needs; none of them is in pycountry, so each is curated with its source.
GROUPS: dict[str, tuple[str, ...]] = {
    # https://www.mofa.go.jp/policy/economy/summit/ (G7 members; the EU also attends)
    "G7": ("CAN", "FRA", "DEU", "ITA", "JPN", "GBR", "USA"),
    # https://www.oecd.org/en/about/members-partners.html (38 members, Costa Rica joined 2021)
    "OECD": (
        "AUS",
        "AUT",
        "BEL",
        "CAN",
        "CHL",
        "COL",
        "CRI",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "ISL",
        "IRL",
        "ISR",
        "ITA",
        "JPN",
        "KOR",
        "LVA",
        "LTU",
        "LUX",
        "MEX",
        "NLD",
        "NZL",
        "NOR",
        "POL",
        "PRT",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
        "CHE",
        "TUR",
        "GBR",
        "USA",
    ),
    # https://www.apec.org/about-us/about-apec/member-economies (21 member economies)
    "APEC": (
        "AUS",
        "BRN",
        "CAN",
        "CHL",
        "CHN",
        "HKG",
        "IDN",
        "JPN",
        "KOR",
        "MYS",
        "MEX",
        "NZL",
        "PNG",
        "PER",
        "PHL",
        "RUS",
        "SGP",
        "TWN",
        "THA",
        "USA",
        "VNM",
    ),
    # https://www.dfat.gov.au/trade/organisations/g20 (19 countries plus the European Union and the
    # African Union, which have no ISO 3166 code and are left out)
    "G20": (
        "ARG",
        "AUS",
        "BRA",
        "CAN",
        "CHN",
        "FRA",
        "DEU",
        "IND",
        "IDN",
        "ITA",
        "JPN",
        "KOR",
        "MEX",
        "RUS",
        "SAU",
        "ZAF",
        "TUR",
        "GBR",
        "USA",
    ),
    # https://asean.org/member-states/ (10 member states; Timor-Leste joined in Oct 2025,
    # after every data vintage used here, so the book keeps the ten)
    "ASEAN": ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"),
}

HOME = "CAN"
PARTNER = "KOR"
COMPARATORS = ("USA", "CHN", "JPN")

# One colour per country, everywhere. Home and partner carry the flags' red and blue;
# comparators take Okabe–Ito hues (colour-blind safe); everyone else is a muted grey.
COLOURS: dict[str, str] = {
    "CAN": "#D52B1E",
    "KOR": "#0047A0",
    "USA": "#E69F00",
    "CHN": "#009E73",
    "JPN": "#CC79A7",
    "WLD": "#555555",
    "ASEAN": "#8C6BB1",
}
OTHER_COLOUR = "#A0A0A0"


class UnknownCountry(ValueError):
    """An ISO3 code that ISO 3166 (and the book's aggregates) does not know."""


def is_known(code: str) -> bool:
    """True if ``code`` is an ISO 3166 alpha-3 code or one of the book's aggregates."""
    return isinstance(code, str) and (
        code in AGGREGATES or code in EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None
    )


def name(code: str) -> str:
    """Display name of an ISO3 code (or aggregate); raises :class:`UnknownCountry`."""
    if code in _DISPLAY_OVERRIDES:
        return _DISPLAY_OVERRIDES[code]
    if code in AGGREGATES:
        return AGGREGATES[code]
    if code in EXTRA_CODES:
        return EXTRA_CODES[code]
    country = pycountry.countries.get(alpha_3=code) if isinstance(code, str) else None
    if country is None:
        raise UnknownCountry(f"unknown ISO3 country code: {code!r}")
    return getattr(country, "common_name", None) or country.name


def names(codes) -> list[str]:
    """Display names of several codes, in order."""
    return [name(c) for c in codes]


def members(group: str) -> tuple[str, ...]:
    """ISO3 members of a curated group (G7, OECD, APEC, ASEAN)."""
    try:
        return GROUPS[group]
    except KeyError:
        raise KeyError(f"unknown group {group!r}; known groups: {', '.join(GROUPS)}") from None


def colour(code: str) -> str:
    """The book-wide colour of a country (grey for those without a colour of their own)."""
    return COLOURS.get(code, OTHER_COLOUR)


def focus(home: str = HOME, partner: str = PARTNER, comparators=COMPARATORS) -> list[str]:
    """Home, partner, then the comparators that are neither."""
    return [home, partner] + [c for c in comparators if c not in (home, partner)]


# Economies whose English short name takes "the" inside a sentence ("the United States passed …").
WITH_THE = frozenset(
    {"USA", "GBR", "NLD", "PHL", "ARE", "CZE", "DOM", "BHS", "GMB", "CAF", "COM", "MDV", "MHL", "SLB", "SYC"}
)


def in_sentence(code: str, start: bool = False) -> str:
    """A name as it reads in running text: "Canada", "the United States" ("The …" at a sentence start)."""
    n = name(code)
    if code in WITH_THE:
        return ("The " if start else "the ") + n
    return n


def possessive(code: str, start: bool = False) -> str:
    """Possessive of :func:`in_sentence`: "Canada's", "the United States'"."""
    n = in_sentence(code, start)
    return n + ("'" if n.endswith("s") else "'s")


def possessive_of_name(display_name: str) -> str:
    """Possessive of a display name (as :func:`name` gives it), with "the" where English needs it."""
    codes = {name(c): c for c in WITH_THE if c in COLOURS or pycountry.countries.get(alpha_3=c)}
    if display_name in codes:
        return possessive(codes[display_name])
    return display_name + ("'" if display_name.endswith("s") else "'s")


def pair_name(home: str, partner: str) -> str:
    """A pair as a compound, without articles: "Canada–South Korea"."""
    return f"{name(home)}–{name(partner)}"


def is_note_pair(home: str, partner: str) -> bool:
    """True when the pair on screen is the note's own, Canada and Korea (in either order)."""
    return {home, partner} == {HOME, PARTNER}


def note_roles(home: str, partner: str) -> tuple[str, str]:
    """The countries that play the note's two roles, Canada's and Korea's, for the pair on screen.

    A variant puts its home in Canada's role and its partner in Korea's; but when the pair is the
    note's own in the other order (home Korea), each country keeps its own role: the note's claims
    about Korea are still about Korea.
    """
    return (HOME, PARTNER) if is_note_pair(home, partner) else (home, partner)
