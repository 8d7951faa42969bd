"""Process lifetimes for the build: children that die with their parent, and a stop that reaps.

A container's PID 1 need not reap orphans, so a process that exits without waiting for its
children leaves zombies behind; and a child launched a moment before its parent is stopped must
not outlive it. Both are handled here, once, for the pool workers, their kernels and the HTML build.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

import psutil

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def set_death_signal(signum: int) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent dies; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_this_process() -> Callable[[], None]:
    """A ``preexec_fn`` for a child of this process: SIGKILL when this process dies, even by SIGKILL.

    The child exits at once if this process died between the fork and the request.
    """
    parent = os.getpid()

    def preexec() -> None:
        set_death_signal(signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)

    return preexec


def kill_children() -> list[int]:
    """SIGKILL every child of this process with its process group, and reap it; return their pids.

    Kernels lead their own session, so killing the group also ends anything a kernel started.
    """
    children = psutil.Process().children()
    for child in children:
        try:
            if os.getpgid(child.pid) == child.pid:
                os.killpg(child.pid, signal.SIGKILL)
            else:
                os.kill(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    for child in children:
        try:
            os.waitpid(child.pid, 0)
        except ChildProcessError:  # already reaped, e.g. by subprocess
            pass
    return [child.pid for child in children]


def set_child_subreaper(on: bool) -> bool:
    """Make this process (or stop it being) the one that orphaned descendants are given to."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
