"""How to cite the book, written once in ``CITATION.cff`` and derived from it everywhere else
(the introduction's "How to cite" block, BibTeX, the PDF's title page).

``CITATION.cff`` is validated against the Citation File Format schema by the tests
(``check-jsonschema --builtin-schema vendor.citation-file-format``); this module reads only the
fields it needs and fails with one line naming the file when one is missing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from ckaibook.data import paths

CFF = paths.REPO / "CITATION.cff"
REQUIRED = ("title", "version", "date-released", "authors", "repository-code")


class CitationError(ValueError):
    """CITATION.cff is missing, unreadable or lacks a field the book needs."""


def load(path: Path | None = None) -> dict:
    """The fields of CITATION.cff (raises CitationError, one line, naming the file)."""
    path = path or CFF
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CitationError(f"{path}: cannot read ({type(exc).__name__}: {str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise CitationError(f"{path}: not a YAML mapping")
    missing = [k for k in REQUIRED if not data.get(k)]
    if missing:
        raise CitationError(f"{path}: missing {', '.join(missing)}")
    return data


def _author(a: dict) -> str:
    if a.get("name"):
        return str(a["name"])
    return ", ".join(p for p in (a.get("family-names"), a.get("given-names")) if p)


def authors(cff: dict) -> str:
    """Authors for a reference list: persons as "Family, Given", entities by name, joined by "and"."""
    return " and ".join(_author(a) for a in cff["authors"])


def year(cff: dict) -> str:
    return str(cff["date-released"])[:4]


def url(cff: dict) -> str:
    """Where the book lives: its published URL if given, else its repository."""
    return str(cff.get("url") or cff["repository-code"])


def to_text(cff: dict) -> str:
    """A plain-text reference (author–date style)."""
    return f"{authors(cff)} ({year(cff)}). {cff['title']} (version {cff['version']}). " f"{url(cff)}"


def _bib(value: str) -> str:
    # Braces keep BibTeX from re-casing; & and % are special in LaTeX.
    return re.sub(r"([&%#_])", r"\\\1", value)


def bibtex_key(cff: dict) -> str:
    words = re.findall(r"[A-Za-z]+", cff["title"])
    return "".join(w.lower() for w in words[:3]) + year(cff)


def to_bibtex(cff: dict) -> str:
    """A BibTeX entry (``@software``, as CFF's own converters emit for ``type: software``)."""
    # An entity author is wrapped in braces so BibTeX does not split it into first and last names.
    people = " and ".join("{" + _bib(_author(a)) + "}" if a.get("name") else _bib(_author(a)) for a in cff["authors"])
    fields = [
        ("author", people),
        ("title", "{" + _bib(cff["title"]) + "}"),
        ("year", year(cff)),
        ("version", _bib(str(cff["version"]))),
        ("url", url(cff)),
    ]
    if cff.get("license"):
        fields.append(("note", f"Code licence: {_bib(str(cff['license']))}"))
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
    return f"@software{{{bibtex_key(cff)},\n{body}\n}}"


def data_date(datapackage: Path | None = None) -> str:
    """The latest retrieval date of the tables in ``data/datapackage.json`` (YYYY-MM-DD), or "" if
    no table records one: the "date of the data" on the PDF's title page."""
    package = json.loads((datapackage or paths.DATA / "datapackage.json").read_text())
    dates = [r.get("retrieved", "") for r in package.get("resources", [])]
    return max((d for d in dates if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(d))), default="")
