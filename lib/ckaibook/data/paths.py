"""Where things live: the repository, its data folder and the raw-data mirror."""
from __future__ import annotations

import os
import re
from pathlib import Path

RAW_ENV = "CKAIBOOK_RAW"
"""Environment variable that overrides the raw-mirror location."""

REPO = Path(__file__).resolve().parents[3]
DATA = REPO / "data"
CURATED = DATA / "curated"
CHAPTERS = REPO / "chapters"
BUILD = REPO / "_build"


class MissingRawMirror(FileNotFoundError):
    """The raw-data mirror (or one of its source folders) is not where we look."""


def raw_root() -> Path:
    """Return the raw-data mirror folder: ``$CKAIBOOK_RAW`` or ``../shared/data/raw``.

    Raises:
        MissingRawMirror: naming the folder that was looked for and how to override it.
    """
    configured = os.environ.get(RAW_ENV)
    root = Path(configured) if configured else REPO.parent / "shared" / "data" / "raw"
    if not root.is_dir():
        raise MissingRawMirror(
            f"raw-data mirror not found at {root} "
            f"(set {RAW_ENV} to the folder that holds one sub-folder per source)"
        )
    return root


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
    """The retrieval date (YYYY-MM-DD) that the source's SOURCE.md records."""
    path = raw_file(source, "SOURCE.md")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    match = re.search(r"\*\*Retrieved:\*\*\s*(\d{4}-\d{2}-\d{2})", text)
    if not match:
        raise ValueError(f"{path} has no '**Retrieved:** YYYY-MM-DD' line")
    return match.group(1)
