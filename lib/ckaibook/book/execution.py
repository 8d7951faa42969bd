"""Executing one chapter notebook in a fresh kernel, atomically, leaving nothing behind when stopped.

Cells run one by one through nbclient (what Papermill drives, without its per-cell saving of the
output file); parameters are injected by Papermill's own function, so a parameterised run is the
notebook Papermill would write. The kernel writes nothing to disk: the executed notebook goes to a
temporary ``.NN-….<token>.running.ipynb`` beside the destination and replaces it only on success
and only if the source was not edited meanwhile; a failed run is kept under ``_build/failed/``.

Stopping: a pool worker runs ``worker_init`` first. It ignores SIGINT (the parent decides what
stops), asks Linux to send it SIGTERM when its parent dies, and on SIGTERM kills and reaps its
kernel (with the kernel's process group) and removes its temporary files before exiting. Each
kernel is started with SIGKILL as its own death signal, so it cannot outlive its worker even if
the worker is killed outright or stopped while the kernel is still starting. Kernels run in their
own session, so a Ctrl-C in the terminal reaches only the build's main process.
"""

from __future__ import annotations

import os
import secrets
import signal
import threading
import time
from pathlib import Path
from typing import Any

import nbformat

from ckaibook.book import inputs, processes
from ckaibook.book.errors import BuildError
from ckaibook.data import paths, usage

KERNEL = "python3"
HIDDEN_TAGS = {"parameters", "injected-parameters"}
TEMP_GLOB = ".*.running.*"
"""Temporary files of a run in progress (stale ones, from a killed run, are removed at the next start)."""

_current: dict[str, Any] = {"temp": []}
"""What this process must clean up if it is told to stop in the middle of a run."""


def normalise(
    nb: nbformat.NotebookNode, digest: str, used: dict[str, list[str]] | None = None
) -> nbformat.NotebookNode:
    """Strip what execution adds that varies between runs (times, paths), hide parameter cells and
    record the input hash (and what the run used, so the next build knows what to compare)."""
    record: dict[str, Any] = {"input_hash": digest}
    if used is not None:
        record.update(modules=used["modules"], tables=used["tables"])
    nb.metadata = nbformat.from_dict(
        {
            "kernelspec": nb.metadata.get("kernelspec", {}),
            "language_info": {k: v for k, v in nb.metadata.get("language_info", {}).items() if k != "version"},
            "ckaibook": record,
        }
    )
    for cell in nb.cells:
        for key in ("papermill", "execution", "ExecuteTime", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        tags = cell.metadata.get("tags", [])
        if HIDDEN_TAGS & set(tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
        if cell.cell_type == "code":
            for output in cell.outputs:
                if output.get("output_type") == "error":
                    raise BuildError("an error output is stored in the executed notebook")
    return nb


def prepare(src: Path, params: dict[str, Any]) -> nbformat.NotebookNode:
    """The notebook as Papermill prepares it: v4.5, every cell with a ``tags`` list, parameters injected."""
    nb = nbformat.v4.upgrade(nbformat.read(src, as_version=4))
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
    if params:
        from papermill.parameterize import parameterize_notebook

        nb.metadata.setdefault("papermill", {"parameters": {}})
        nb = parameterize_notebook(nb, params, kernel_name=KERNEL, language="python")
        for cell in nb.cells:  # Papermill gives the injected cell a random id; keep runs byte-stable
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.id = "injected-parameters"
    return nb


def shown(path: Path) -> str:
    """A path as the user should read it: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(paths.REPO))
    except ValueError:
        return str(path)


def clean_stale(folder: Path) -> list[Path]:
    """Remove temporary files a killed run left in ``folder``; return them (call under the build lock)."""
    stale = sorted(folder.glob(TEMP_GLOB)) if folder.is_dir() else []
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def execute(
    src: Path, dest: Path, params: dict[str, Any], failed_dir: Path | None = None, data_dir: Path | None = None
) -> float:
    """Execute ``src`` with ``params`` into ``dest`` atomically; return seconds taken.

    On failure the destination is untouched and the partial notebook is saved in ``failed_dir``.
    """
    return run(src, dest, params, failed_dir, data_dir)[0]


def run(
    src: Path, dest: Path, params: dict[str, Any], failed_dir: Path | None = None, data_dir: Path | None = None
) -> tuple[float, dict[str, list[str]]]:
    """Like :func:`execute`; also returns the modules and tables the run used."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    start = time.perf_counter()
    created = [p for p in (dest.parent, *dest.parent.parents) if not p.exists()]
    dest.parent.mkdir(parents=True, exist_ok=True)
    token = f"{os.getpid()}-{secrets.token_hex(3)}"
    tmp = dest.with_name(f".{dest.stem}.{token}.running.ipynb")
    record = dest.with_name(f".{dest.stem}.{token}.running.usage")
    kernel_log = dest.with_name(f".{dest.stem}.{token}.running.log")
    _current["temp"] = [tmp, record, kernel_log]
    source_bytes = src.read_bytes()
    snapshot = inputs.Snapshot.take(data_dir)
    nb = prepare(src, params)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=None,
        startup_timeout=60,
        shutdown_kernel="immediate",
        record_timing=False,
        resources={"metadata": {"path": str(src.parent)}},
    )
    env = {**os.environ, usage.ENV: str(record)}
    failed_cell = None
    try:
        with (
            open(kernel_log, "wb") as log_file,
            client.setup_kernel(
                env=env, stderr=log_file, stdout=log_file, preexec_fn=processes.die_with_this_process()
            ),
        ):
            info = client.wait_for_reply(client.kc.kernel_info())
            nb.metadata["language_info"] = info["content"]["language_info"]
            for index, cell in enumerate(nb.cells):
                failed_cell = cell
                client.execute_cell(cell, index)
            failed_cell = None
        used = usage.read(record)
        digest = inputs.input_hash(src, params, data_dir=data_dir, used=used, snapshot=snapshot)
        text = nbformat.writes(normalise(nb, digest, used)) + "\n"
        tmp.write_text(text)
        if src.read_bytes() != source_bytes:
            raise BuildError(
                f"{shown(src)}: edited while it was executing; the stored notebook was not replaced "
                "— run `make book` again"
            )
        os.replace(tmp, dest)
    except (CellExecutionError, DeadKernelError) as exc:
        failed = (failed_dir or paths.BUILD / "failed") / dest.name
        failed.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, failed)
        if isinstance(exc, DeadKernelError):
            raise BuildError(
                f"{src.stem}: the kernel died. The stored notebook is unchanged; "
                f"the partial run is in {shown(failed)}"
            ) from None
        count = failed_cell.get("execution_count") if failed_cell is not None else None
        raise BuildError(
            f"{src.stem}: failed in cell [{count}] — {exc.ename}: {exc.evalue}. "
            f"The stored notebook is unchanged; the partial run is in {shown(failed)}"
        ) from None
    finally:
        for path in (tmp, record, kernel_log):
            path.unlink(missing_ok=True)
        # A failed first run leaves no empty runs/<variant>/ behind (a parallel run may have filled it).
        for folder in created:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        _current["temp"] = []
    return time.perf_counter() - start, used


# ---------------------------------------------------------------- pool workers


def _stop(signum: int, frame: Any) -> None:  # noqa: ARG001
    """SIGTERM in a worker: kill and reap the kernel (its whole session), remove temporary files,
    exit now. The kernel is found as a child, not from nbclient, so one still starting is found too."""
    processes.kill_children()
    for path in _current.get("temp", []):
        try:
            Path(path).unlink()
        except OSError:
            pass
    os._exit(128 + signum)


def _watch_parent(parent: int) -> None:
    """Fallback where PR_SET_PDEATHSIG is missing: stop when the parent process is gone."""
    while True:
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)
            return
        time.sleep(0.2)


def worker_init(parent: int) -> None:
    """Run in each pool worker before any job (see the module docstring)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    processes.set_death_signal(signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def job(args: tuple) -> tuple[str, float, dict[str, list[str]]]:
    """One chapter in a pool worker: (src, dest, params, data_dir[, failed_dir]) → (dest, seconds, used)."""
    src, dest, params, data_dir, *rest = args
    failed_dir = Path(rest[0]) if rest and rest[0] else None
    seconds, used = run(
        Path(src), Path(dest), params, failed_dir=failed_dir, data_dir=Path(data_dir) if data_dir else None
    )
    return dest, seconds, used
