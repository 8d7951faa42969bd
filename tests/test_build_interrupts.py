"""Stopping a build: Ctrl-C, SIGTERM or a killed parent leave every notebook as it was, no process
alive and no temporary file; a second build of the same folder says clearly that one is running.

Each test builds copies of chapters in a temporary folder (``paths.CHAPTERS`` pointed there in the
child process), whose cells sleep, so there is always work running and work queued when the signal
arrives.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from ckaibook.book import build, execution, processes
from ckaibook.book.authoring import code, md, write

pytestmark = pytest.mark.slow

RUNNER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from ckaibook.book import build, cli
    from ckaibook.data import paths
    paths.CHAPTERS = Path(sys.argv[1])

    class NoHtml:  # these tests are about the chapters
        def __init__(self, *args, **kwargs): pass
        def release(self, docname): pass
        def stop(self): pass
        def finish(self): return paths.CHAPTERS

    build.HtmlBuild = NoHtml
    build.build_html = lambda root, force=False: root
    build._docname = lambda root, notebook: notebook.stem
    sys.exit(cli.main(["book", *sys.argv[2:]]))
""")


def _chapters(folder: Path, n: int = 3, sleep: float = 60) -> dict[Path, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        write(
            str(folder / f"{i:02d}-sleepy.ipynb"),
            [
                md(f"# Sleepy {i}"),
                code('partner = "KOR"', tags=["parameters"]),
                code(f"import time\nfrom ckaibook.data import countries\ntime.sleep({sleep})"),
            ],
        )
    return {p: p.read_bytes() for p in sorted(folder.glob("[0-9]*.ipynb"))}


def _as_in_a_terminal() -> None:
    """In the build's process before exec: Ctrl-C at its default, as in a terminal. A test run started in
    the background by a shell inherits SIGINT ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(folder: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(folder), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_in_a_terminal,
    )


def _cmd(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:  # gone, or a zombie waiting for its parent
        return ""


def _wait_for_kernels(proc: subprocess.Popen, n: int, timeout: float = 60) -> list[psutil.Process]:
    """The build's whole process tree, once ``n`` kernels are running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tree = psutil.Process(proc.pid).children(recursive=True)
        if sum("ipykernel" in _cmd(p) for p in tree) >= n:
            return tree
        time.sleep(0.2)
    raise AssertionError("kernels did not start")


def _left(processes: list[psutil.Process], timeout: float, zombies: bool) -> list[psutil.Process]:
    """Those of ``processes`` still there after ``timeout``, polled without reaping any of them.

    With ``zombies=True`` an exited process nobody has waited for counts too: while the build lives,
    it must reap what it started. Once the build itself is killed, reaping its orphans is the job
    of PID 1, so ``zombies=False`` counts only processes still running.
    """
    deadline = time.monotonic() + timeout
    while True:
        left = []
        for p in processes:
            try:
                if p.is_running() and (zombies or p.status() != psutil.STATUS_ZOMBIE):
                    left.append(p)
            except psutil.NoSuchProcess:
                pass
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


@pytest.fixture(autouse=True)
def orphans_come_to_this_test():
    """Make this test process the subreaper of everything the build starts, so an orphan is neither
    reaped nor stopped for us by PID 1 (CI's PID 1 reaps late; ipykernel exits by itself only when
    its parent becomes PID 1): a process the build leaves behind stays visible."""
    processes.set_child_subreaper(True)
    yield
    processes.set_child_subreaper(False)
    for child in psutil.Process().children():
        with contextlib.suppress(psutil.Error, ChildProcessError):
            if child.status() == psutil.STATUS_ZOMBIE:
                os.waitpid(child.pid, 0)


def _leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(execution.TEMP_GLOB))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupt_stops_everything_and_changes_nothing(tmp_path, signum):
    folder = tmp_path / "chapters"
    before = _chapters(folder)
    proc = _start(folder, "--force", "--jobs", "2")
    tree = _wait_for_kernels(proc, 2)
    time.sleep(0.5)
    sent = time.monotonic()
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=10)
    assert time.monotonic() - sent < 4, "the build took too long to stop"
    assert proc.returncode == 130
    lines = err.strip().splitlines()
    assert lines[-1].startswith("interrupted: stopped: 3 chapter(s) not executed"), err
    assert not [line for line in lines if "Traceback" in line or "Error" in line], err
    assert not _left(tree, timeout=2.5, zombies=True), "a worker or kernel outlived the build"
    assert {p: p.read_bytes() for p in sorted(folder.glob("[0-9]*.ipynb"))} == before
    assert not _leftovers(folder)


def test_killing_the_parent_leaves_no_worker_or_kernel_behind(tmp_path):
    folder = tmp_path / "chapters"
    before = _chapters(folder)
    proc = _start(folder, "--force", "--jobs", "2")
    tree = _wait_for_kernels(proc, 2)
    proc.kill()
    proc.communicate(timeout=10)
    alive = _left(tree, timeout=4, zombies=False)
    assert not alive, f"still running after the parent was killed: {[_cmd(p)[:80] for p in alive]}"
    assert {p: p.read_bytes() for p in sorted(folder.glob("[0-9]*.ipynb"))} == before
    assert not _leftovers(folder)


def test_stale_temporary_files_are_removed_at_the_next_start(tmp_path):
    folder = tmp_path / "chapters"
    _chapters(folder, n=1, sleep=0)
    stale = [folder / ".00-sleepy.1234-abcdef.running.ipynb", folder / ".00-sleepy.1234-abcdef.running.usage"]
    for path in stale:
        path.write_text("left by a killed run")
    assert build.execute_chapters(sorted(folder.glob("[0-9]*.ipynb")), {}) == ["00-sleepy"]
    assert not _leftovers(folder)


def test_a_second_build_of_the_same_folder_says_one_is_running(tmp_path):
    folder = tmp_path / "chapters"
    before = _chapters(folder, n=2, sleep=30)
    first = _start(folder, "--force", "--jobs", "2")
    try:
        _wait_for_kernels(first, 2)
        second = _start(folder, "--force")
        _, err = second.communicate(timeout=60)
        assert second.returncode == 2
        assert err.strip() == (
            f"error: another ckaibook build (pid {first.pid}) is writing {folder}; nothing was "
            "done: wait for it to finish, then run the command again"
        )
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=10)
    assert {p: p.read_bytes() for p in sorted(folder.glob("[0-9]*.ipynb"))} == before


FULL_RUNNER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from ckaibook.book import cli
    from ckaibook.data import paths
    paths.CHAPTERS = Path(sys.argv[1])
    sys.exit(cli.main(["book", *sys.argv[2:]]))
""")


def test_an_interrupt_also_stops_the_html_build_started_alongside(tmp_path):
    from ckaibook.data import paths

    folder = tmp_path / "chapters"
    before = _chapters(folder)
    variant = paths.runs_root() / "CAN-USA"
    shutil.rmtree(variant, ignore_errors=True)
    stored = variant / "book" / "chapters"  # chapters stored by an earlier build (here: unexecuted copies)
    shutil.copytree(folder, stored)
    proc = subprocess.Popen(
        [sys.executable, "-c", FULL_RUNNER, str(folder), "--partner", "USA", "--force", "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_in_a_terminal,
    )
    try:
        tree = _wait_for_kernels(proc, 2)
        deadline = time.monotonic() + 30
        while not any("jupyter-book" in _cmd(p) for p in tree):
            assert time.monotonic() < deadline, "the HTML build did not start alongside the chapters"
            time.sleep(0.2)
            tree = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
        assert proc.returncode == 130, err
        assert err.strip().splitlines()[-1].startswith("interrupted: "), err
        assert not _left(tree, timeout=2.5, zombies=True), "a worker, kernel or the HTML build outlived the build"
        assert {p: p.read_bytes() for p in sorted(folder.glob("[0-9]*.ipynb"))} == before
        book = variant / "book"
        assert not list(book.rglob(".*.running*")), "temporary files left behind"
        assert {p.name: p.read_bytes() for p in stored.glob("[0-9]*.ipynb")} == {p.name: b for p, b in before.items()}
    finally:
        shutil.rmtree(variant, ignore_errors=True)
