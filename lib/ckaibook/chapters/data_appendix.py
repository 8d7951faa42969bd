"""The data appendix (chapter 90): how many tables the package holds, and from how many sources."""

from __future__ import annotations

from pathlib import Path

from ckaibook.data import datapackage


def counts(data_dir: Path | None = None) -> dict[str, str]:
    """Glue texts: ``n_tables`` (every table), ``n_sources`` (distinct sources of the tables read from the
    raw mirror or curated) and ``n_derived`` (tables this book computes from other tables of the package).

    A derived table names the source it was computed from in its descriptor ("… (derived by this book)");
    counting that as one more source would count TOP500, Epoch's clusters, OWID's electricity mix and the
    book itself twice.
    """
    resources = datapackage.descriptor(data_dir)["resources"]
    read = [r for r in resources if not r.get("derived_from")]
    return {
        "n_tables": str(len(resources)),
        "n_sources": str(len({r["sources"][0]["title"] for r in read})),
        "n_derived": str(len(resources) - len(read)),
    }
