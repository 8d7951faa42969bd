"""Write a chapter notebook from a list of cells (authoring aid; the notebook is what is committed).

Usage from Python::

    from ckaibook.authoring import md, code, write
    write(path, [md("# Title"), code("x = 1", tags=["parameters"])])
"""

from __future__ import annotations

import nbformat


def md(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text.strip("\n"))


def code(text: str, tags: list[str] | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = tags
    return cell


def write(path: str, cells: list) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb.cells = cells
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i:03d}"  # stable ids: no random ids in committed notebooks
    nbformat.write(nb, path)
