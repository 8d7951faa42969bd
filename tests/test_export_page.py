"""The standalone page of a chapter rerun (``ckaibook chapter``): glued values and notes are shown."""

from __future__ import annotations

import nbformat

from ckaibook.book import export


def test_page_fills_glued_values_and_renders_markdown_outputs(tmp_path):
    nb = nbformat.v4.new_notebook()
    glue = nbformat.v4.new_output(
        "display_data",
        data={"application/papermill.record/text/plain": "India"},
        metadata={"scrapbook": {"name": "partner_name", "mime_prefix": "application/papermill.record/"}},
    )
    note = nbformat.v4.new_output(
        "display_data",
        data={
            "text/markdown": ":::{note}\nThe Energy Institute lists no CCUS capacity for {glue}`partner_name`.\n:::",
            "text/plain": "<IPython.core.display.Markdown object>",
        },
    )
    code = nbformat.v4.new_code_cell("")
    code.outputs = [glue, note]
    nb.cells = [nbformat.v4.new_markdown_cell("(ch-x)=\n# X\n\n{glue}`partner_name`'s power mix."), code]
    path = tmp_path / "04-x.ipynb"
    nbformat.write(nb, path)
    page = export.to_html(path).read_text()
    assert "<p>India's power mix.</p>" in page
    assert "The Energy Institute lists no CCUS capacity for India." in page
    assert "IPython.core.display.Markdown" not in page and ":::" not in page and "(ch-x)=" not in page
