"""Charts prepared at build time, so the page has less to do before it can draw them.

* The Vega-Lite spec is compiled to Vega here (``vl-convert``, the same versions as the page's
  bundle), so the page ships Vega alone: no Vega-Lite compiler to download, parse and run.
* The chart is laid out once and its SVG height read, so its box can be reserved before the page
  draws it (charts are drawn near the viewport: a box of the wrong height would make the page jump).

Results are cached on disk under the spec's digest: an unchanged chart costs nothing on a rebuild.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ckaibook.data import paths

CACHE = paths.BUILD / ".chart-compile"
_SVG_HEIGHT = re.compile(r'<svg[^>]*?\sheight="([0-9.]+)"')


@dataclass(frozen=True)
class Compiled:
    """A chart ready for the page: its Vega spec and its drawn height in CSS pixels (None if unknown)."""

    vega: dict
    height: int | None


def compile_chart(spec: dict) -> Compiled:
    """Compile a Vega-Lite spec to Vega and measure the height Vega draws it at."""
    import vl_convert

    vega = vl_convert.vegalite_to_vega(spec)
    try:
        match = _SVG_HEIGHT.search(vl_convert.vega_to_svg(vega))
    except Exception:  # noqa: BLE001 — a chart vl-convert cannot lay out still draws in the page
        match = None
    return Compiled(vega, round(float(match.group(1))) if match else None)


def compiled(spec: dict, digest: str, cache: Path | None = None) -> Compiled:
    """``compile_chart`` cached under ``digest`` (written atomically: Sphinx reads pages in parallel)."""
    folder = cache or CACHE
    entry = folder / f"{digest}.json"
    if entry.exists():
        data = json.loads(entry.read_text())
        return Compiled(data["vega"], data["height"])
    result = compile_chart(spec)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump({"vega": result.vega, "height": result.height}, f, sort_keys=True)
    os.replace(tmp, entry)
    return result
