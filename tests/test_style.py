"""Style: ruff's lint (unused imports and names, bugbear, pycodestyle) and its formatter, as pinned."""

from __future__ import annotations

import subprocess
import sys

from ckaibook.data import paths


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, "lib", "tests"], cwd=paths.REPO, capture_output=True, text=True
    )


def test_ruff_finds_nothing():
    result = _ruff("check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = _ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
