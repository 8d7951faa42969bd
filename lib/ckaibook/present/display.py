"""Tables and notes for the page: small, clean HTML with links, deterministic output."""
from __future__ import annotations

import html
from typing import Mapping

import pandas as pd
from IPython.display import HTML, Markdown
from IPython.display import display as _display

from ckaibook.data.urls import web_url


def table(df: pd.DataFrame, *, links: Mapping[str, str] | None = None, caption: str = "",
          formats: Mapping[str, str] | None = None, sortable: bool = False) -> HTML:
    """An HTML table; ``links`` maps a text column to the column holding its URL (not shown).

    Only ``http(s)`` URLs become links; any other value (e.g. ``javascript:``) leaves the text plain.

    ``formats`` maps columns to format specs (e.g. ``{"value": "{:,.1f}"}``).
    """
    links = dict(links or {})
    formats = dict(formats or {})
    shown = [c for c in df.columns if c not in links.values()]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown)
    rows = []
    for _, row in df.iterrows():
        cells = []
        for c in shown:
            value = row[c]
            text = "" if pd.isna(value) else (formats[c].format(value) if c in formats else str(value))
            text = html.escape(text)
            url = web_url(row[links[c]]) if c in links else None
            if url:
                text = f'<a href="{html.escape(url)}">{text}</a>'
            cells.append(f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    cls = "ckb-table sortable" if sortable else "ckb-table"
    return HTML(f'<table class="{cls}">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def note(text: str, kind: str = "note") -> None:
    """Show a visible MyST admonition now (e.g. when a variant partner lacks data)."""
    _display(Markdown(f":::{{{kind}}}\n{text}\n:::"))
