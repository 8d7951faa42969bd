"""Tables and notes for the page: small, clean HTML with links, deterministic output.

Each helper displays what it makes (``IPython.display.display``) rather than returning it, so it shows
wherever it is called: a returned value is dropped unless it is a cell's last expression.
"""

from __future__ import annotations

import html
from typing import Mapping
from urllib.parse import urlsplit

import pandas as pd
from IPython.display import HTML, Markdown
from IPython.display import display as _display

from ckaibook.data.urls import web_url


def safe_url(url: object) -> str:
    """``url`` if it is an absolute http(s) URL or a relative link within the book, else ``""``.

    Only these become links: a ``javascript:`` or ``data:`` URL from a source file must never be live.
    """
    if not isinstance(url, str) or not url.strip():
        return ""
    if web := web_url(url.strip()):
        return web
    parts = urlsplit(url.strip())
    relative = not parts.scheme and not parts.netloc and not url.strip().startswith("//")
    return url.strip() if relative and not any(ch in url for ch in '<>"\n\t') else ""


def table_html(
    df: pd.DataFrame,
    *,
    links: Mapping[str, str] | None = None,
    caption: str = "",
    formats: Mapping[str, str] | None = None,
    sortable: bool = False,
) -> str:
    """The HTML of :func:`table` (for tests and for pages that embed it)."""
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
            url = safe_url(row[links[c]]) if c in links else ""
            if url:
                text = f'<a href="{html.escape(url)}">{text}</a>'
            cells.append(f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    cls = "ckb-table sortable" if sortable else "ckb-table"
    return f'<table class="{cls}">{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def table(
    df: pd.DataFrame,
    *,
    links: Mapping[str, str] | None = None,
    caption: str = "",
    formats: Mapping[str, str] | None = None,
    sortable: bool = False,
) -> None:
    """Show an HTML table; ``links`` maps a text column to the column holding its URL (not shown);
    ``formats`` maps columns to format specs (e.g. ``{"value": "{:,.1f}"}``)."""
    _display(HTML(table_html(df, links=links, caption=caption, formats=formats, sortable=sortable)))


def note(text: str, kind: str = "note") -> None:
    """Show a visible MyST admonition now (e.g. when a variant partner lacks data)."""
    _display(Markdown(f":::{{{kind}}}\n{text}\n:::"))
