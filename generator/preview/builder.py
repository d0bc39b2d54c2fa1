"""The preview's builds: in a process of their own where the system allows it.

`mentorkit serve` runs threads (the HTTP server's, the watcher's, one per
open page's event stream), and a process with threads must not fork: a
child could start with a lock another thread held (processes.py's
`_can_fork`). So the preview's builds ran on one core. `BuildProcess` is
forked before the preview starts any thread and keeps the build state (the
cache in memory, the last sources) there: it has one thread, so its builds
fork their workers as `mentorkit build` does. The server asks it for each
build through a pipe and hears what changed or what is wrong.

The built site is swapped under `SwapLock`, an flock held by the build
process while it renames files and by each request of the server while it
opens one; the kernel lets go of it if the build process dies. Should the
build process die, the preview goes on with `InProcessBuild` (on one core,
from a fresh state).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from contextlib import AbstractContextManager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol

from generator.build import BuildOptions, BuildState, build, new_state
from generator.errors import MentorkitError, Problem
from generator.processes import end_with_parent


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a build did: the files it changed and its warnings, or the problems that stopped it."""

    changed: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    problems: tuple[Problem, ...] | None = None


class PreviewBuild(Protocol):
    lock: AbstractContextManager[object]
    """What a request holds while it opens a file of the site."""

    def __call__(self, changed: set[str]) -> Outcome: ...

    def close(self) -> None: ...


def os_problem(project: Path, exc: OSError) -> Problem:
    """A file that could not be read or written, named from the project folder when inside it."""
    path = Path(os.fsdecode(exc.filename)) if exc.filename else project
    shown = path.relative_to(project).as_posix() if path.is_absolute() and path.is_relative_to(project) else str(path)
    reason = (exc.strerror or str(exc)).lower()
    return Problem(shown, None, f"cannot be used: {reason}", "check that it is there and that you may read it, then save again")


def internal_error(exc: BaseException) -> Problem:
    return Problem("mentorkit", None, f"internal error: {exc!r}", "please report this, with what follows:\n" + traceback.format_exc())


class InProcessBuild:
    """Builds in this process, with `state` kept between builds."""

    def __init__(self, project: Path, output: Path, state: BuildState, pdf: bool = False) -> None:
        self.project = project
        self.output = output
        self.state = state
        self.pdf = pdf
        self.lock: AbstractContextManager[object] = state.lock if state.lock is not None else threading.Lock()

    def __call__(self, changed: set[str]) -> Outcome:
        # Paths seen since the last good build: a failed build read them, but its sources were not kept.
        self.state.changed |= changed
        try:
            result = build(self.project, BuildOptions(output=self.output, pdf=self.pdf, pdf_from_config=False), self.state)
        except MentorkitError as exc:
            return Outcome(problems=tuple(exc.problems))
        except OSError as exc:
            return Outcome(problems=(os_problem(self.project, exc),))
        except Exception as exc:  # a bug must not stop the preview
            return Outcome(problems=(internal_error(exc),))
        return Outcome(tuple(result.rendered), tuple(result.warnings))

    def close(self) -> None:
        pass


class SwapLock(AbstractContextManager[None]):
    """An flock on `path`: exclusive for the build's swap, shared for a request opening a file.
    Each holder opens the file anew (an flock belongs to an open file), so threads hold it apart."""

    def __init__(self, path: Path, shared: bool) -> None:
        self.path = path
        self.operation = "LOCK_SH" if shared else "LOCK_EX"
        self.held = threading.local()

    def __enter__(self) -> None:
        import fcntl

        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(descriptor, getattr(fcntl, self.operation))
        self.held.descriptor = descriptor

    def __exit__(self, *exc: object) -> None:
        os.close(self.held.descriptor)  # and so unlocked
        return None


_STOPPING = {signal.SIGINT, signal.SIGTERM}


class BuildProcess:
    """Builds in a process forked now, before any thread starts (see the module's docstring).

    Forked with os.fork rather than as a multiprocessing Process: such a
    process, daemonic, may not start the build's workers, and not daemonic,
    it would be waited for at the server's exit."""

    def __init__(self, project: Path, output: Path, lock_file: Path, pdf: bool = False) -> None:
        self.project = project
        self.output = output
        self.pdf = pdf
        self.lock_file = lock_file
        self.lock: AbstractContextManager[object] = SwapLock(lock_file, shared=True)
        self.fallback: InProcessBuild | None = None
        self.closing = False
        self.reaped = False
        self.connection, theirs = multiprocessing.get_context("fork").Pipe()
        parent = os.getpid()
        # A Ctrl-C arriving during the fork ran the server's handler inside the fork's own
        # callbacks, where its KeyboardInterrupt is dropped: held back until both sides are set.
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
        try:
            self.pid = os.fork()
            if self.pid == 0:
                code = 1
                try:
                    self.connection.close()
                    _serve_builds(project, output, lock_file, pdf, theirs, parent)
                    code = 0
                except BaseException:
                    traceback.print_exc()
                finally:
                    os._exit(code)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
        theirs.close()

    def __call__(self, changed: set[str]) -> Outcome:
        if self.fallback is None:
            try:
                self.connection.send(changed)
                outcome: Outcome = self.connection.recv()
                return outcome
            except (EOFError, OSError):
                if self.closing:
                    return Outcome(problems=())
                # The build process died (killed, out of memory): here from now on, on one core, from a fresh state.
                self._reap(1)
                state = new_state(self.project, SwapLock(self.lock_file, shared=False))
                self.fallback = InProcessBuild(self.project, self.output, state, self.pdf)
        return self.fallback(changed)

    def close(self) -> None:
        self.closing = True
        with contextlib.suppress(OSError):
            self.connection.close()
        if not self.reaped:  # once reaped, its number may be another process's
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            self._reap(5)

    def _reap(self, seconds: float) -> None:
        """Wait for the build process to end, for `seconds` at most."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                    self.reaped = True
                    return
            except ChildProcessError:
                self.reaped = True
                return
            time.sleep(0.01)


def _serve_builds(project: Path, output: Path, lock_file: Path, pdf: bool, connection: Connection, parent: int) -> None:
    """The build process: a build for each set of changed paths it is sent, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle: it ends this process
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)
    end_with_parent(parent)
    builds = InProcessBuild(project, output, new_state(project, SwapLock(lock_file, shared=False)), pdf)
    while True:
        try:
            changed = connection.recv()
        except (EOFError, OSError):
            break
        outcome = builds(changed)
        try:
            connection.send(outcome)
        except (OSError, ValueError):
            break
        except Exception as exc:  # a problem that cannot travel: said as text
            connection.send(Outcome(problems=(internal_error(exc),)))
    connection.close()


def start_builds(project: Path, output: Path, lock_file: Path, pdf: bool) -> PreviewBuild:
    """The preview's builds: in a build process on Linux (forked now, so before any thread), here elsewhere."""
    if sys.platform == "linux":
        return BuildProcess(project, output, lock_file, pdf)
    return InProcessBuild(project, output, new_state(project, threading.Lock()), pdf)
