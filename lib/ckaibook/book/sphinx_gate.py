"""Sphinx extension: let the HTML build start while chapters are still executing.

``make book`` starts Jupyter Book as soon as it knows chapters will execute, so Sphinx's start-up
and the reading of finished chapters overlap the remaining executions. When ``CKAIBOOK_HTML_GATE``
names a JSON file ``{"pending": [docnames], "abort": false, "owner": pid}``, Sphinx reads the other documents
first, then each pending one as soon as the build drops it from the list (its notebook is then
final); ``abort`` (a chapter failed or the build was stopped) ends this build with an error.
Without the variable the extension does nothing.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

ENV = "CKAIBOOK_HTML_GATE"
POLL_SECONDS = 0.05


def _state(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):  # written atomically, so only a missing file lands here
        return {"pending": [], "abort": True}


def _order(app, env, docnames: list[str]) -> None:  # noqa: ANN001, ARG001
    """Read what is final first, then pending chapters in the order the build expects them."""
    gate = os.environ.get(ENV)
    if not gate:
        return
    pending = _state(Path(gate))["pending"]
    rank = {name: i for i, name in enumerate(pending)}
    docnames.sort(key=lambda name: (name in rank, rank.get(name, 0)))


def _wait(app, env, docname: str) -> None:  # noqa: ANN001, ARG001
    """Before a document is read: wait until its notebook is final (or give up on abort)."""
    gate = os.environ.get(ENV)
    if not gate:
        return
    from sphinx.errors import ExtensionError

    while True:
        state = _state(Path(gate))
        if state.get("abort"):
            raise ExtensionError("stopped: a chapter did not finish executing")
        if docname not in state["pending"]:
            return
        if os.getppid() != state.get("owner"):  # the build that would release us is gone
            raise ExtensionError("stopped: the executing build is gone")
        time.sleep(POLL_SECONDS)


def setup(app) -> dict[str, Any]:  # noqa: ANN001
    """Sphinx entry point (``extra_extensions`` in _config.yml)."""
    app.connect("env-before-read-docs", _order)
    app.connect("env-purge-doc", _wait)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
