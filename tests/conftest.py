"""Shared fixtures: the raw mirror (skip with a reason when it is absent) and a scratch raw mirror;
and a folder of reruns (``runs/``) of each test process's own."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from ckaibook.data import paths


_RUNS: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Reruns go to a temporary folder of this process (each pytest-xdist worker has its own), set
    before any test module is imported: a test that checks that a refused command wrote nothing
    there must not see another test's variant appear, and ``make test`` leaves ``runs/`` alone.
    Subprocesses (``make chapter`` …) inherit it."""
    _RUNS.append(tempfile.mkdtemp(prefix="ckaibook-runs-"))
    os.environ[paths.RUNS_ENV] = _RUNS[-1]


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _RUNS:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def raw_mirror() -> Path:
    """The raw-data mirror; tests that need it skip, printing why, when it is not there.

    In CI (``CI`` set) the mirror sits beside the clone, so its absence fails instead of skipping:
    the byte-for-byte rebuild (which catches a ``data/`` older than the ledger) must run there.
    """
    try:
        return paths.raw_root()
    except paths.MissingRawMirror as exc:
        if os.environ.get("CI"):
            pytest.fail(f"raw mirror absent in CI: {exc}", pytrace=False)
        pytest.skip(f"raw mirror absent: {exc}")


@pytest.fixture
def scratch_raw(raw_mirror: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Copy chosen raw source folders into a temporary mirror and point CKAIBOOK_RAW at it.

    Usage: ``root = scratch_raw("ember", "wdi")``; edit files under ``root / source`` to make bad input.
    """

    def make(*sources: str) -> Path:
        root = tmp_path / "raw"
        for source in sources:
            shutil.copytree(raw_mirror / source, root / source)
            for f in (root / source).rglob("*"):
                f.chmod(0o644) if f.is_file() else f.chmod(0o755)
        (root).chmod(0o755)
        claims = raw_mirror.parent / "claims"
        if claims.is_dir() and not (tmp_path / "claims").exists():
            shutil.copytree(claims, tmp_path / "claims")
        monkeypatch.setenv(paths.RAW_ENV, str(root))
        return root

    return make


_SITE: dict = {}


@pytest.fixture(scope="session")
def site() -> Path:
    """The HTML book, built for real once per test run with warnings as errors (-n -W --keep-going).

    Under pytest-xdist every worker asks for it: a file lock lets the first build it and the others
    reuse it (a marker names the test run that built it). A failed build is reported once per
    worker and re-raised (not rebuilt) for every test that needs it.
    """
    import fcntl

    from ckaibook.book import build

    if "result" not in _SITE:
        paths.BUILD.mkdir(exist_ok=True)
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
        marker = paths.BUILD / ".test-site.built"
        with open(paths.BUILD / ".test-site.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if marker.is_file() and marker.read_text() == run and (paths.BUILD / "html" / "index.html").is_file():
                _SITE["result"] = paths.BUILD / "html"
            else:
                marker.unlink(missing_ok=True)
                try:
                    _SITE["result"] = build.build_html(paths.REPO, force=True)
                    marker.write_text(run)
                except build.BuildError as exc:
                    _SITE["result"] = exc
    if isinstance(_SITE["result"], Exception):
        pytest.fail(f"the book does not build: {_SITE['result']}", pytrace=False)
    return _SITE["result"]


# The longest test files, started first: under pytest-xdist (--dist loadfile) a file runs on one
# worker, and one that is scheduled last leaves the other workers idle while it runs alone.
SLOW_FIRST = ("test_variants_matrix.py", "test_pdf.py", "test_browser.py", "test_cli.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return SLOW_FIRST.index(name) if name in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: the order within each file is kept
