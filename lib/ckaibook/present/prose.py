"""Numbers in prose: glue for myst-nb, with the formatting rules of :mod:`ckaibook.core.formats`.

Every number in the text is computed, formatted and glued into the page with ``{glue}`name```;
nothing is typed. A glued value that reports a measure for a country and year is also registered
(:func:`glue` with ``measure=``), so a test can check that the same quantity reads the same in
every chapter (``tests/test_consistency.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ckaibook.core.formats import Text, large, money, multiple, number, percent

__all__ = ["Text", "glue", "glue_all", "large", "money", "multiple", "number", "percent", "Fact", "FACT_KEY"]

# Output-metadata key under which a glued value's fact is stored in the executed notebook.
FACT_KEY = "ckaibook_fact"


@dataclass(frozen=True)
class Fact:
    """What a glued number reports: a measure (one documented definition), a country and a year."""

    measure: str
    iso3: str
    year: int | str
    value: float


def glue(name: str, text: str, fact: Fact | None = None) -> str:
    """Glue formatted text under ``name`` for ``{glue}`name``` in Markdown; returns the text.

    With ``fact``, the underlying value is recorded beside it for the cross-chapter consistency test.
    """
    from IPython.core.formatters import format_display_data
    from IPython.display import display
    from myst_nb.ext.glue import GLUE_PREFIX

    # As myst_nb.glue(display=False) does, plus the fact in the output's metadata (hidden from the page).
    bundle, metadata = format_display_data(Text(text))
    metadata["scrapbook"] = {"name": name, "mime_prefix": GLUE_PREFIX}
    if fact is not None:
        metadata[FACT_KEY] = {
            "measure": fact.measure,
            "iso3": fact.iso3,
            "year": str(fact.year),
            "value": round(float(fact.value), 6),
        }
    display({GLUE_PREFIX + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)
    return text


def glue_all(**texts: str) -> None:
    """Glue several formatted texts at once."""
    for name, text in texts.items():
        glue(name, text)
