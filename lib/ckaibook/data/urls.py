"""Which URLs may become links: web addresses only (``http``/``https`` with a host).

Sources, ledger rows and curated tables carry URLs typed by people; a ``javascript:`` or ``data:``
value rendered as a link would run in the reader's browser, so every place that turns a URL into a
link asks :func:`web_url` first and shows anything else as plain text.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SCHEMES = ("http", "https")


def web_url(value: object) -> str | None:
    """The URL if it is a plain ``http(s)://host…`` address, else ``None``.

    Whitespace, control characters and ``<>`` anywhere are refused: browsers drop the first two
    inside a scheme (``java\\tscript:`` runs as ``javascript:``), ``>`` would end a Markdown
    ``<…>`` link, and no honest source URL contains them unencoded.
    """
    if not isinstance(value, str) or not value:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch in "<>" for ch in value):
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in SCHEMES or not parts.netloc:
        return None
    return value
