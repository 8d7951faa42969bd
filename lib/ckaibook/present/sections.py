"""One convention for a chapter section's computed prose, and one idiom for "chart, or say why not".

A chapter module's section function computes everything for the pair on screen and returns a
:class:`Section`; the notebook calls :func:`publish` once. Texts are glued under their names (with
the :class:`~ckaibook.present.prose.Fact` each reports, for the cross-chapter consistency test),
notes are shown as visible admonitions, and the chart is drawn with the section's title, or, when
the pair has no data for it, replaced by a visible note saying so (never an empty chart).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ckaibook.present import charts, display, prose
from ckaibook.present.prose import Fact


@dataclass
class Section:
    """What one section computes: glued texts, the facts behind them, a chart title, notes, a chart."""

    texts: dict[str, str] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)  # glue name → the quantity it reports
    title: str = ""  # the chart's title: the finding, for the pair on screen
    notes: list[str] = field(default_factory=list)  # shown as visible notes (e.g. data missing for the pair)
    chart: Any = None  # an Altair chart, or None when there is nothing to draw
    missing: str = ""  # why there is no chart, for the pair on screen


def publish(section: Section, **chart_kwargs: Any) -> None:
    """Glue the texts, show the notes, then draw the chart with ``chart_kwargs`` (or say why not).

    ``chart_kwargs`` are :func:`ckaibook.present.charts.show`'s (name, subtitle, description, tables,
    note, panel_width); the title is the section's own.
    """
    for name, text in section.texts.items():
        prose.glue(name, text, fact=section.facts.get(name))
    for note in section.notes:
        display.note(note)
    if not chart_kwargs:
        return
    if section.chart is None:
        display.note(section.missing or "No data for this chart for the pair on screen.")
        return
    charts.show(section.chart, title=section.title, **chart_kwargs)
