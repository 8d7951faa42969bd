"""``make fetch``: fill the download cache with every raw file of the manifest, verified by sha256.

A file already good in the cache is kept; one good in a raw mirror (``$CKAIBOOK_RAW`` or
``../shared/data/raw``) is copied, not downloaded; the rest are downloaded with pooch from the
address the manifest pins. Every file is written to ``<cache>/.partial/`` first and moved into place
only once its size and sha256 match, so a good file is never replaced by a bad one and an
interrupted run leaves no half-written file where the build reads. Rerunning resumes: it downloads
only what is still missing or wrong. A failure prints one line naming the file and what to do, and
the other files still fetch.

``ckaibook fetch --update SOURCE`` downloads a source's current edition (``update_url``), or adopts
a file placed by hand in the cache for sources served only through a web page, and records the new
sha256, size and date in ``snapshots/<source>.yml``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from ckaibook.data import paths, snapshot
from ckaibook.data.snapshot import RawFile, Snapshot, SnapshotError

TIMEOUT = 60.0
"""Seconds without a byte from the server before a download counts as timed out."""


class FetchError(RuntimeError):
    """Some raw files could not be fetched (each was reported on its own line)."""


@dataclass
class Outcome:
    """What happened to one file."""

    file: RawFile
    status: str  # cached | copied | downloaded | failed | manual | unchanged | updated
    message: str = ""


def _log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _mirrors(cache_raw: Path) -> list[Path]:
    """Raw mirrors that may hold good copies: ``$CKAIBOOK_RAW`` (if it exists), then the shared mirror."""
    found = []
    configured = os.environ.get(paths.RAW_ENV)
    for root in ([Path(configured)] if configured else []) + [paths.SHARED_RAW]:
        if root.is_dir() and root.resolve() != cache_raw.resolve() and root not in found:
            found.append(root)
    return found


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(paths.REPO))
    except ValueError:
        return str(path)


def _place(staged: Path, target: Path) -> None:
    """Move a verified file into place in one step (same file system: the staging area is in the cache)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, target)


def _download(url: str, staged: Path, timeout: float, progress: bool) -> str | None:
    """Download ``url`` to ``staged`` with pooch; return a one-line reason on failure, else None."""
    import pooch
    import requests

    staged.parent.mkdir(parents=True, exist_ok=True)
    downloader = pooch.HTTPDownloader(progressbar=progress, timeout=timeout, chunk_size=1 << 16)
    try:
        downloader(url, str(staged), None)
    except requests.HTTPError as exc:
        code = exc.response.status_code if exc.response is not None else "?"
        return f"HTTP {code} from {url}"
    except requests.Timeout:
        return f"timed out after {timeout:g}s at {url}"
    except requests.exceptions.ChunkedEncodingError:
        return f"download cut short (connection closed before the end) from {url}"
    except requests.ConnectionError as exc:
        return f"could not connect to {url} ({type(exc).__name__})"
    except OSError as exc:
        return f"could not write {staged}: {exc.strerror or exc}"
    return None


def _extract(archive: Path, member: str, staged: Path) -> str | None:
    """Replace the staged zip by its member named ``member`` (matched by base name)."""
    try:
        with zipfile.ZipFile(archive) as zf:
            names = [n for n in zf.namelist() if n.rsplit("/", 1)[-1] == member]
            if not names:
                return f"the archive has no member {member}"
            data = zf.read(names[0])
    except zipfile.BadZipFile:
        return "the download is not a valid zip archive (truncated or replaced)"
    staged.write_bytes(data)
    return None


def _advice(f: RawFile, snap: Snapshot, target: Path, reason: str) -> str:
    """One line: the file, what went wrong, what to do."""
    if reason.startswith("HTTP 404"):
        todo = (
            f"the copy was moved or deleted: download it from {snap.page} and save it as {target} "
            f"(then rerun `make fetch`)"
        )
    elif reason.startswith("timed out") or reason.startswith("could not connect"):
        todo = "check the connection and rerun `make fetch` (files already fetched are kept)"
    elif reason.startswith("download cut short") or reason.startswith("truncated"):
        todo = "rerun `make fetch` to download it again (files already fetched are kept)"
    elif reason.startswith("altered") or reason.startswith("the download is not"):
        todo = (
            f"the server now sends a different file: if {snap.publisher} released a new edition run "
            f"`ckaibook fetch --update {snap.source}`, else download it from {snap.page} and save it as {target}"
        )
    else:
        todo = "rerun `make fetch`"
    return f"fetch: {f.rel}: {reason}; {todo}"


def _fetch_one(f: RawFile, snap: Snapshot, cache: Path, mirrors: list[Path], timeout: float, progress: bool) -> Outcome:
    target = f.under(cache / "raw")
    if snapshot.mismatch(f, target) is None:
        return Outcome(f, "cached")
    staged = cache / ".partial" / target.relative_to(cache)
    for candidate in [f.under(m) for m in mirrors] + ([paths.REPO / f.repo_copy] if f.repo_copy else []):
        if snapshot.mismatch(f, candidate) is None:
            staged.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(candidate, staged)
            if snapshot.mismatch(f, staged) is None:
                _place(staged, target)
                return Outcome(f, "copied", _shown(candidate))
    if not f.url:
        return Outcome(
            f, "manual", f"fetch: {f.rel}: no download address; get it from {snap.page} " f"and save it as {target}"
        )
    reason = _download(f.url, staged, timeout, progress)
    if reason is None and f.member:
        reason = _extract(staged, f.member, staged)
    if reason is None:
        reason = snapshot.mismatch(f, staged)
    if reason is not None:
        staged.unlink(missing_ok=True)
        return Outcome(f, "failed", _advice(f, snap, target, reason))
    _place(staged, target)
    return Outcome(f, "downloaded", f.url)


def fetch(
    sources: list[str] | None = None,
    cache: Path | None = None,
    *,
    timeout: float = TIMEOUT,
    progress: bool | None = None,
    log: Callable[[str], None] = _log,
) -> list[Outcome]:
    """Make the cache hold every raw file of the manifest (or of ``sources``), verified.

    Prints a line per file fetched and one per failure. Raises:
        FetchError: after trying every file, when any could not be fetched.
        SnapshotError: for an unknown source or a malformed manifest.
    """
    manifest = snapshot.load_manifest()
    unknown = sorted(set(sources or ()) - set(manifest))
    if unknown:
        raise SnapshotError(f"unknown source(s) {unknown}; known: {', '.join(manifest)}")
    cache = cache or paths.cache_root()
    # Leftovers of an interrupted run are never read; start clean.
    shutil.rmtree(cache / ".partial", ignore_errors=True)
    mirrors = _mirrors(cache / "raw")
    progress = sys.stderr.isatty() if progress is None else progress
    chosen = [manifest[s] for s in (sources or manifest)]
    total = sum(len(s.files) for s in chosen)
    log(
        f"==> fetch: {total} raw files into {_shown(cache)}"
        + (f" (good copies taken from {', '.join(_shown(m) for m in mirrors)})" if mirrors else "")
    )
    outcomes = []
    for snap in chosen:
        for f in snap.files:
            out = _fetch_one(f, snap, cache, mirrors, timeout, progress)
            outcomes.append(out)
            if out.status in ("downloaded", "copied"):
                log(f"  fetch  {f.rel:<60} {f.bytes / 1e6:6.2f} MB  {out.status}")
            elif out.status in ("failed", "manual"):
                log(out.message)
    shutil.rmtree(cache / ".partial", ignore_errors=True)
    counts = {k: sum(o.status == k for o in outcomes) for k in ("cached", "copied", "downloaded", "failed", "manual")}
    log("==> fetch: " + ", ".join(f"{v} {k}" for k, v in counts.items() if v) + f" (of {total})")
    bad = counts["failed"] + counts["manual"]
    if bad:
        raise FetchError(
            f"{bad} of {total} raw files could not be fetched (see the lines above); "
            f"`make data` will not run until they are in {_shown(cache / 'raw')}"
        )
    return outcomes


def update(
    source: str,
    cache: Path | None = None,
    *,
    today: str | None = None,
    timeout: float = TIMEOUT,
    progress: bool | None = None,
    log: Callable[[str], None] = _log,
) -> Snapshot:
    """Refresh one source: download its current edition, record new sha256/size/date in the manifest.

    Files with an ``update_url`` are downloaded from it. A file without one is served only through
    a page: download it by hand, save it in the cache where the message says, and rerun; the file
    found there is adopted. Nothing is recorded unless every download of the source succeeded.

    Raises:
        FetchError: naming each file that could not be refreshed; the manifest is left unchanged.
    """
    manifest = snapshot.load_manifest()
    if source not in manifest:
        raise SnapshotError(f"unknown source {source!r}; known: {', '.join(manifest)}")
    cache = cache or paths.cache_root()
    # The build reads one raw folder: the cache must hold every other source too. This source's own
    # files are left alone here: one that differs may be a new edition placed by hand.
    others = [s for s in manifest if s != source]
    if others:
        fetch(others, cache, timeout=timeout, progress=progress, log=log)
    snap = manifest[source]
    today = today or dt.date.today().isoformat()
    progress = sys.stderr.isatty() if progress is None else progress
    staging = cache / ".partial" / "update"
    shutil.rmtree(staging, ignore_errors=True)
    log(f"==> fetch --update {source}: {snap.title}")
    new, problems, pending = [], [], []
    for f in snap.files:
        target = f.under(cache / "raw")
        if not f.update_url:
            if not target.is_file():
                out = _fetch_one(f, snap, cache, _mirrors(cache / "raw"), timeout, progress)
                if out.status in ("failed", "manual"):
                    problems.append(out.message)
                    continue
            if snapshot.mismatch(f, target) is not None:
                # A new edition placed by hand: adopt it.
                new.append(
                    replace(
                        f,
                        sha256=snapshot.sha256_file(target),
                        bytes=target.stat().st_size,
                        retrieved=today,
                        url=None,
                        member=None,
                    )
                )
                log(f"  update {f.rel:<60} adopted the file placed by hand")
            else:
                pending.append(
                    f"fetch: {f.rel}: no address for the current edition; download it from "
                    f"{snap.page} and save it as {target}, then rerun `ckaibook fetch --update {source}`"
                )
            continue
        staged = staging / f.path
        reason = _download(f.update_url, staged, timeout, progress)
        if reason is not None:
            problems.append(
                _advice(replace(f, url=f.update_url), snap, target, reason).replace(
                    "rerun `make fetch`", f"rerun `ckaibook fetch --update {source}`"
                )
            )
            continue
        digest, size = snapshot.sha256_file(staged), staged.stat().st_size
        if size == 0:
            problems.append(
                f"fetch: {f.rel}: {f.update_url} sent an empty file; rerun " f"`ckaibook fetch --update {source}` later"
            )
            continue
        if digest == f.sha256:
            if snapshot.mismatch(f, target) is not None:
                _place(staged, target)
            log(f"  update {f.rel:<60} unchanged")
            continue
        new.append(replace(f, sha256=digest, bytes=size, retrieved=today, url=f.update_url, member=None))
        log(f"  update {f.rel:<60} new edition ({size / 1e6:.2f} MB, sha256 {digest[:12]}…)")
    if problems:
        for line in problems:
            log(line)
        shutil.rmtree(staging, ignore_errors=True)
        raise FetchError(
            f"{source}: {len(problems)} file(s) could not be refreshed; snapshots/{source}.yml "
            "and the cache are unchanged"
        )
    for line in pending:
        log(line)
    # All downloads succeeded: move them into the cache, then record them.
    for f in new:
        staged = staging / f.path
        if staged.is_file():
            _place(staged, f.under(cache / "raw"))
    shutil.rmtree(staging, ignore_errors=True)
    updated = snapshot.with_files(snap, new)
    if new:
        snapshot.write_snapshot(updated)
        log(f"==> recorded {len(new)} new file(s) in snapshots/{source}.yml; next: `make data`, then `make diff`")
    else:
        log(f"==> {source}: nothing new; snapshots/{source}.yml unchanged")
    return updated
