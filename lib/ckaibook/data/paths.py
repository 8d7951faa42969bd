"""Where things live: the repository, its data folder, the raw-data mirror and the download cache."""

from __future__ import annotations

import os
from pathlib import Path

RAW_ENV = "CKAIBOOK_RAW"
"""Environment variable that overrides the raw-mirror location."""
RUNS_ENV = "CKAIBOOK_RUNS"
CACHE_ENV = "CKAIBOOK_CACHE"
"""Environment variable that overrides where ``make fetch`` keeps downloaded raw files."""

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "data"
CURATED = DATA / "curated"
CHAPTERS = REPO / "chapters"
BUILD = REPO / "_build"
SNAPSHOTS = REPO / "snapshots"
"""The raw-snapshot manifest: one ``<source>.yml`` per raw source (URL, sha256, size, date of every file)."""
SHARED_RAW = REPO.parent / "shared" / "data" / "raw"
"""The raw mirror kept beside the clone on the project's machines."""


class MissingRawMirror(FileNotFoundError):
    """The raw-data mirror (or one of its source folders) is not where we look."""


def runs_root() -> Path:
    """Where reruns for other parameters go (``make chapter``, ``make variants``, variant books):
    ``$CKAIBOOK_RUNS`` or ``runs/`` in the clone (git-ignored). The tests point it at a folder of
    their own, so a test that checks nothing was written is not confused by another one writing."""
    configured = os.environ.get(RUNS_ENV)
    return Path(configured) if configured else REPO / "runs"


def cache_root() -> Path:
    """The download cache of ``make fetch``: ``$CKAIBOOK_CACHE`` or ``.raw-cache/`` in the clone (git-ignored).

    It is laid out like ``../shared/data``: ``raw/<source>/<file>`` and ``claims/claims_ledger.csv``.
    """
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else REPO / ".raw-cache"


def raw_root() -> Path:
    """Return the folder that holds one sub-folder per raw source, in this order of preference:

    ``$CKAIBOOK_RAW`` when set (it must exist); else the download cache's ``raw/`` once
    ``make fetch`` has filled it; else the mirror beside the clone (``../shared/data/raw``).

    Raises:
        MissingRawMirror: naming the folders looked for and saying to run ``make fetch``.
    """
    configured = os.environ.get(RAW_ENV)
    if configured:
        root = Path(configured)
        if not root.is_dir():
            raise MissingRawMirror(
                f"raw-data mirror not found at {root} "
                f"(set {RAW_ENV} to the folder that holds one sub-folder per source, or unset it and run `make fetch`)"
            )
        return root
    cached = cache_root() / "raw"
    if cached.is_dir():
        return cached
    if SHARED_RAW.is_dir():
        return SHARED_RAW
    raise MissingRawMirror(
        f"no raw data: neither the mirror {SHARED_RAW} nor the download cache {cached} exists; "
        f"run `make fetch` to download the raw files (or set {RAW_ENV} to a mirror)"
    )


def raw_source(name: str) -> Path:
    """Return the folder of one raw source, e.g. ``raw_source("wdi")``."""
    folder = raw_root() / name
    if not folder.is_dir():
        raise MissingRawMirror(f"raw source folder missing: {folder}")
    return folder


def raw_file(source: str, filename: str) -> Path:
    """Return one raw file, with an error naming it if it is absent."""
    path = raw_source(source) / filename
    if not path.is_file():
        raise MissingRawMirror(f"raw file missing: {path}")
    return path


def retrieved_date(source: str) -> str:
    """The retrieval date (YYYY-MM-DD) of a raw source: the latest of its files' in ``snapshots/<source>.yml``.

    Read from the manifest, not from the mirror's SOURCE.md, so a clone without the mirror builds
    the same ``datapackage.json`` and a refreshed source (``ckaibook fetch --update``) shows its new date.
    """
    from ckaibook.data import snapshot

    return snapshot.load_manifest()[snapshot.source_of_folder(source)].retrieved
