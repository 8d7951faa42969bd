"""The raw-snapshot manifest (``snapshots/<source>.yml``): what every raw file must be, and where it comes from.

One YAML file per raw source, in the spirit of OWID's ETL snapshots: for every file its download
address (the stable public copy the mirror was taken from, pinned to a commit where SOURCE.md names
one), sha256, size and retrieval date; per source the publisher's page, the licence and, where a new
edition can be downloaded, ``update_url``. ``verify_inputs`` is what ``make data`` runs first: a raw
file that is missing, truncated or altered stops the build with one line naming it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import yaml

from ckaibook.data import paths

HEADER = (
    "# Raw snapshot of `{source}`: one entry per file (download address, sha256, size, retrieval date).\n"
    "# Provenance in detail: {provenance}. `ckaibook fetch --update {source}` rewrites it.\n"
)
_SHA = re.compile(r"[0-9a-f]{64}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class SnapshotError(ValueError):
    """The manifest is malformed, or a raw file does not match it."""


@dataclass(frozen=True)
class RawFile:
    """One raw file as the manifest records it."""

    source: str
    folder: str  # sub-folder of the raw root ("../claims" for the ledger, which sits beside raw/)
    path: str
    sha256: str
    bytes: int
    retrieved: str
    url: str | None = None  # where exactly these bytes can be downloaded (None: no public copy)
    update_url: str | None = None  # where the publisher serves the current edition, if anywhere
    member: str | None = None  # the url is a zip archive; this is the member to extract
    repo_copy: str | None = None  # a file in this repository with the same bytes (the claims ledger)

    @property
    def rel(self) -> str:
        """``<folder>/<path>``, as shown in messages."""
        return f"{self.source}/{self.path}"

    def under(self, raw_root: Path) -> Path:
        """Where this file sits under a raw root (``<raw>/<folder>/<path>``; the ledger under ``<raw>/../claims``)."""
        folder = raw_root / self.folder
        if self.folder.startswith(".."):
            folder = raw_root.parent / self.folder.removeprefix("../")
        return folder / self.path

    def entry(self) -> dict:
        """The YAML mapping of this file (fields in a fixed order; empty optional ones left out)."""
        out = {
            "path": self.path,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "retrieved": self.retrieved,
            "url": self.url,
        }
        for key in ("member", "repo_copy", "update_url"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


@dataclass(frozen=True)
class Snapshot:
    """One raw source: provenance and its files."""

    source: str
    folder: str
    title: str
    publisher: str
    page: str
    licence: str
    taken_from: str
    update_note: str = ""
    files: tuple[RawFile, ...] = field(default=())

    @property
    def retrieved(self) -> str:
        """The source's retrieval date: the latest of its files'."""
        return max(f.retrieved for f in self.files)

    def document(self) -> dict:
        doc = {
            "source": self.source,
            "folder": self.folder,
            "title": self.title,
            "publisher": self.publisher,
            "page": self.page,
            "licence": self.licence,
            "taken_from": self.taken_from,
        }
        if self.update_note:
            doc["update_note"] = self.update_note
        doc["files"] = [f.entry() for f in sorted(self.files, key=lambda f: f.path)]
        return doc


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in blocks (raw files reach several MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _parse(path: Path) -> Snapshot:
    where = f"snapshots/{path.name}"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SnapshotError(f"{where}: not valid YAML ({str(exc).splitlines()[0]})") from exc
    if not isinstance(doc, dict):
        raise SnapshotError(f"{where}: expected a mapping with source, folder, page, licence and files")
    missing = [
        k
        for k in ("source", "folder", "title", "publisher", "page", "licence", "taken_from", "files")
        if not doc.get(k)
    ]
    if missing:
        raise SnapshotError(f"{where}: missing {', '.join(missing)}")
    if doc["source"] != path.stem:
        raise SnapshotError(f"{where}: source {doc['source']!r} differs from the file name")
    files = []
    for i, raw in enumerate(doc["files"]):
        if not isinstance(raw, dict) or not raw.get("path"):
            raise SnapshotError(f"{where}: files[{i}] has no path")
        name = raw["path"]
        sha, size, date = raw.get("sha256"), raw.get("bytes"), str(raw.get("retrieved", ""))
        if not isinstance(sha, str) or not _SHA.fullmatch(sha):
            raise SnapshotError(f"{where}: {name}: sha256 must be 64 lower-case hex digits")
        if not isinstance(size, int) or size < 0:
            raise SnapshotError(f"{where}: {name}: bytes must be a whole number")
        if not _DATE.fullmatch(date):
            raise SnapshotError(f"{where}: {name}: retrieved must be YYYY-MM-DD")
        unknown = set(raw) - {"path", "sha256", "bytes", "retrieved", "url", "update_url", "member", "repo_copy"}
        if unknown:
            raise SnapshotError(f"{where}: {name}: unknown keys {sorted(unknown)}")
        files.append(
            RawFile(
                source=doc["source"],
                folder=doc["folder"],
                path=name,
                sha256=sha,
                bytes=size,
                retrieved=date,
                url=raw.get("url"),
                update_url=raw.get("update_url"),
                member=raw.get("member"),
                repo_copy=raw.get("repo_copy"),
            )
        )
    names = [f.path for f in files]
    if len(set(names)) != len(names):
        raise SnapshotError(f"{where}: a file is listed twice")
    return Snapshot(
        source=doc["source"],
        folder=doc["folder"],
        title=doc["title"],
        publisher=doc["publisher"],
        page=doc["page"],
        licence=doc["licence"],
        taken_from=doc["taken_from"],
        update_note=doc.get("update_note", ""),
        files=tuple(files),
    )


@lru_cache(maxsize=4)
def _load(folder: Path, stamp: tuple) -> dict[str, Snapshot]:
    return {p.stem: _parse(p) for p in sorted(folder.glob("*.yml"))}


def load_manifest(folder: Path | None = None) -> dict[str, Snapshot]:
    """Every source's snapshot, by source name (re-read when a file changed)."""
    folder = folder or paths.SNAPSHOTS
    if not folder.is_dir():
        raise SnapshotError(f"snapshot manifest folder missing: {folder}")
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.yml")))
    return _load(folder, stamp)


def source_of_folder(folder: str, manifest: dict[str, Snapshot] | None = None) -> str:
    """The source whose raw folder is ``folder`` (``"../claims"`` → ``"claims"``)."""
    manifest = manifest if manifest is not None else load_manifest()
    for name, snap in manifest.items():
        if snap.folder == folder:
            return name
    raise SnapshotError(f"no snapshot in snapshots/ describes raw folder {folder!r}: add snapshots/<source>.yml")


def write_snapshot(snap: Snapshot, folder: Path | None = None) -> Path:
    """Rewrite ``snapshots/<source>.yml`` atomically (temporary file, then rename)."""
    folder = folder or paths.SNAPSHOTS
    provenance = (
        "../shared/data/claims/README.md"
        if snap.folder.startswith("..")
        else f"../shared/data/raw/{snap.folder}/SOURCE.md"
    )
    text = HEADER.format(source=snap.source, provenance=provenance) + yaml.safe_dump(
        snap.document(), sort_keys=False, allow_unicode=True, width=200
    )
    target = folder / f"{snap.source}.yml"
    tmp = target.with_suffix(".yml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return target


def with_files(snap: Snapshot, files: Iterable[RawFile]) -> Snapshot:
    """A copy of ``snap`` whose files are replaced by those given (matched by path)."""
    new = {f.path: f for f in files}
    return replace(snap, files=tuple(new.get(f.path, f) for f in snap.files))


def mismatch(f: RawFile, path: Path) -> str | None:
    """Why the file at ``path`` is not the one the manifest records, or None when it is."""
    if not path.is_file():
        return "missing"
    size = path.stat().st_size
    if size != f.bytes:
        kind = "truncated" if size < f.bytes else "altered"
        return f"{kind}: {size:,} bytes, snapshots/{f.source}.yml records {f.bytes:,}"
    actual = sha256_file(path)
    if actual != f.sha256:
        return f"altered: sha256 {actual[:12]}…, snapshots/{f.source}.yml records {f.sha256[:12]}…"
    return None


def verify_inputs(tables: Iterable, raw_root: Path | None = None) -> None:
    """Check every raw file of the tables' sources against the manifest before a build.

    Raises:
        SnapshotError: one line naming the first file that is missing, truncated or altered, and
            what to do (``make fetch``, or ``ckaibook fetch --update SOURCE`` for a new edition).
    """
    folders = sorted({t.source.folder for t in tables if t.source.folder})
    if not folders:
        return
    manifest = load_manifest()
    root = raw_root or paths.raw_root()
    for folder in folders:
        source = source_of_folder(folder, manifest)
        for f in manifest[source].files:
            path = f.under(root)
            problem = mismatch(f, path)
            if problem == "missing":
                raise SnapshotError(f"raw file missing: {path}; run `make fetch` to download it")
            if problem:
                raise SnapshotError(
                    f"raw file {path} does not match its snapshot ({problem}); run `make fetch` to restore it, "
                    f"or `ckaibook fetch --update {source}` if the publisher released a new edition"
                )
