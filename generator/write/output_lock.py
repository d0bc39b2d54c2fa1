"""Write: one build at a time into an output folder, and what a killed one left.

A lock file beside the output, `.<name>.mentorkit-lock`, is held (flock)
from the moment a build looks at the output until its new site is in
place: a second build into the same folder waits for the first. The kernel
lets go of the lock when a build is killed, so it never outlives one; a
build that ends deletes the file.

The file also records the random token in the names of the build's
staging folders (`.<name>.mentorkit-new-<token>` and `-old-<token>`). The
next build finishes or undoes what a killed one left under exactly those
names, and touches nothing else: a folder that merely looks like one of
them, or a link with such a name, is left alone.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from generator.errors import MentorkitError, Problem

try:
    import fcntl
except ImportError:  # Windows: no lock, the token still keeps strangers' folders safe
    fcntl = None  # type: ignore[assignment]

LOCK = ".mentorkit-lock"
NEW = ".mentorkit-new-"
OLD = ".mentorkit-old-"
WAIT_SECONDS = 600.0
"""How long a build waits for another into the same folder (a large PDF build takes minutes)."""
_TOKEN = re.compile(r"[0-9a-f]{16}")


@dataclass
class OutputLock:
    """Held while a build looks at and replaces one output folder."""

    output: Path
    descriptor: int
    token: str
    path: Path

    def staging(self, kind: str) -> Path:
        """The folder beside the output of this build's new site (NEW) or of the old one while they swap (OLD)."""
        return self.output.parent / f".{self.output.name}{kind}{self.token}"

    def release(self) -> None:
        if self.descriptor >= 0:
            with contextlib.suppress(OSError):
                os.unlink(self.path)  # while still held: a build waiting on this file sees it gone and opens a new one
            if fcntl is not None:  # forked workers share the lock: unlocked for them too, not only closed here
                fcntl.flock(self.descriptor, fcntl.LOCK_UN)
            os.close(self.descriptor)
            self.descriptor = -1


def lock_path(output: Path) -> Path:
    return output.parent / f".{output.name}{LOCK}"


def lock_output(output: Path, wait: float = WAIT_SECONDS) -> OutputLock:
    """Wait for the output to be free, finish what a killed build left, and
    hold the output until `release` (or the process ends)."""
    path = lock_path(output)
    deadline = time.monotonic() + wait
    while True:
        descriptor = _open_lock(path)
        try:
            _acquire(descriptor, output, deadline, wait)
            if _same_file(descriptor, path):
                break
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)  # the build before deleted it as it finished
    try:
        previous = _record(descriptor).get("token")
        if isinstance(previous, str) and _TOKEN.fullmatch(previous):
            _recover(output, previous)
        token = secrets.token_hex(8)
        data = json.dumps({"pid": os.getpid(), "token": token}).encode() + b"\n"
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, data, 0)
    except BaseException:
        os.close(descriptor)
        raise
    return OutputLock(output, descriptor, token, path)


def _same_file(descriptor: int, path: Path) -> bool:
    try:
        named = os.lstat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _open_lock(path: Path) -> int:
    """The lock file, opened without following a link or waiting on a pipe there."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    hint = "delete it: mentorkit keeps a plain file of its own there while it builds"
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError as exc:
        why = "is a link" if exc.errno == errno.ELOOP else f"cannot be opened: {exc.strerror}"
        raise MentorkitError([Problem(str(path), None, why, hint)]) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise MentorkitError([Problem(str(path), None, "is not a file but a pipe, socket or device", hint)])
    return descriptor


def _acquire(descriptor: int, output: Path, deadline: float, wait: float) -> None:
    if fcntl is None:
        return
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                holder = _record(descriptor).get("pid", "?")
                raise MentorkitError(
                    [
                        Problem(
                            str(output),
                            None,
                            f"another build (process {holder}) has been writing the site here for {wait / 60:g} minutes",
                            "wait for it to finish, or stop it, then build again",
                        )
                    ]
                ) from None
            time.sleep(0.05)


def _record(descriptor: int) -> dict[str, object]:
    try:
        data = json.loads(os.pread(descriptor, 4096, 0) or b"{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _is_folder(path: Path) -> bool:
    """A real folder, not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _recover(output: Path, token: str) -> None:
    """Finish or undo the swap of the build whose token the lock file recorded."""
    name = f".{output.name}"
    old, new = output.parent / f"{name}{OLD}{token}", output.parent / f"{name}{NEW}{token}"
    if _is_folder(old):
        if not os.path.lexists(output):
            os.rename(old, output)  # killed between the two renames: put the old site back
        else:
            shutil.rmtree(old, ignore_errors=True)
    if _is_folder(new):
        shutil.rmtree(new, ignore_errors=True)


def recover(output: Path) -> None:
    """What a killed build left beside `output`, cleared (a build does it first thing)."""
    with contextlib.suppress(FileNotFoundError):
        if output.parent.is_dir():
            lock_output(output).release()
