"""Render: the temporary folder a big handbook's parts write their PDFs to, and what a killed build left there.

A build removes its folder when it ends, Ctrl-C too; killed (SIGTERM, the
out-of-memory killer), it cannot, and its workers may still be writing
parts into it. So the folder holds a lock file, locked (flock) by the build
and, forked with it, its workers: the kernel lets go of the lock once the
last of them is gone. The next build in parts removes every such folder
whose lock it can take, and touches nothing else (another user's folder,
one still being written, one without the lock file, a link).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator

try:
    import fcntl
except ImportError:  # Windows: no lock, and nothing to clean (builds there never fork workers)
    fcntl = None  # type: ignore[assignment]

PREFIX = "mentorkit-pdf-parts-"
LOCK = "lock"
FULL_HINT = "free some space there, or set TMPDIR to a folder with more room (the parts take about as much as the PDF)"
SETTLED_SECONDS = 60.0
"""A folder younger than this is left alone: its build may not have locked it yet."""


@contextlib.contextmanager
def spool() -> Iterator[str]:
    """A new folder for the parts' PDFs, removed at the end; first, the folders of killed builds."""
    remove_left_behind()
    folder = tempfile.mkdtemp(prefix=PREFIX)
    lock = os.open(os.path.join(folder, LOCK), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield folder
    finally:
        os.close(lock)
        shutil.rmtree(folder, ignore_errors=True)


def remove_left_behind() -> None:
    """Remove the spool folders whose lock no process holds (their build and its workers are gone)."""
    if fcntl is None:
        return
    temp = tempfile.gettempdir()
    try:
        names = [name for name in os.listdir(temp) if name.startswith(PREFIX)]
    except OSError:
        return
    for name in names:
        folder = os.path.join(temp, name)
        try:
            found = os.lstat(folder)
            if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or time.time() - found.st_mtime < SETTLED_SECONDS:
                continue
            lock = os.open(os.path.join(folder, LOCK), os.O_RDWR | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass  # a build still running
        finally:
            os.close(lock)
