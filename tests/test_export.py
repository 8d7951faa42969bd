"""The standalone page of a rerun chapter (``runs/<variant>/NN-….html``) reads like the book's page."""

from __future__ import annotations

import json
import re
import shutil

import nbformat

from ckaibook.book import export
from ckaibook.data import paths
from ckaibook.present.charts import MIMETYPE


def test_rerun_page_fills_glue_renders_boxes_and_draws_compiled_charts(tmp_path):
    src = paths.CHAPTERS / "02-challenges-and-opportunities.ipynb"
    shutil.copy(src, tmp_path / src.name)
    page = export.to_html(tmp_path / src.name).read_text()
    nb = nbformat.read(src, as_version=4)
    glued = export._glued(nb)
    assert glued, "the chapter glues values"
    some = next(v for v in glued.values() if len(v) > 12)
    assert some.strip("'") in page or json.loads(json.dumps(some)).strip("'") in page
    assert "{glue}" not in page and not re.search(r"^:::", page, re.M), "raw MyST left on the page"
    prose_only = re.sub(r"<script.*?</script>|<[^>]+>", "", page, flags=re.S)
    assert "fig-" not in prose_only, "a figure label shown as text"
    assert "The note says</p>" in page and "<blockquote>" in page
    charts = sum(MIMETYPE in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))
    specs = re.findall(r'<script type="application/json" class="ckb-spec"[^>]*>(.*?)</script>', page, re.S)
    assert len(specs) == charts > 0
    assert all("vega-lite" not in json.loads(s.replace("<\\/", "</")).get("$schema", "") for s in specs)
