"""Problems a user can cause, and the one exception that carries them.

Every stage collects `Problem`s instead of raising at the first one, so a
coordinator sees all their mistakes at once. A stage that cannot go on
raises `MentorkitError` with everything it found.
"""

from __future__ import annotations

import difflib
import errno
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a user's files."""

    path: str
    """File the problem is in, relative to the project folder (posix)."""
    line: int | None
    """1-based line in that file, when known."""
    message: str
    """What is wrong, in a coordinator's words."""
    hint: str = ""
    """What to do about it."""
    level: Level = "error"

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.level}: {self.message}"
        if self.hint:
            text += f"\n  {self.hint}"
        return text


class MentorkitError(Exception):
    """A build (or check) that cannot finish because of the user's input."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    def __reduce__(self) -> tuple[type[MentorkitError], tuple[tuple[Problem, ...]]]:
        """Sent from a worker process whole, problems and all."""
        return MentorkitError, (self.problems,)


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]


def raise_if_errors(problems: Iterable[Problem]) -> None:
    """Raise with *all* problems (warnings give context) when any is an error."""
    problems = list(problems)
    if errors_in(problems):
        raise MentorkitError(problems)


def suggest(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint listing what is allowed."""
    choices = sorted(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    known = ", ".join(choices) if len(choices) <= 20 else f"{len(choices)} in all"
    if close:
        return f"did you mean '{close[0]}'? (known: {known})"
    return f"known: {known}"


class InputError(Exception):
    """A user's input that cannot be used, raised where the file's path is
    not known; `problem_reading` names the file."""

    def __init__(self, message: str, hint: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line


def problem_reading(path: str, exc: BaseException, line: int | None = None) -> Problem:
    """Any exception met while reading, parsing or rendering the user's file
    `path`, as a Problem naming that file: the one way a failure caused by a
    file's content is reported instead of a traceback."""
    if isinstance(exc, InputError):
        return Problem(path, exc.line or line, exc.message, exc.hint)
    if isinstance(exc, RecursionError):
        return Problem(path, line, "is nested too deeply to be read", "flatten it: fewer lists, quotes or HTML elements inside each other")
    if isinstance(exc, MemoryError):
        return Problem(path, line, "is too large to be read with the memory there is", "split it into smaller files")
    if isinstance(exc, OSError):
        return Problem(path, line, f"cannot be read: {exc.strerror or exc}", "check that the file exists and that you may read it")
    return Problem(
        path,
        line,
        f"could not be read: {type(exc).__name__}: {exc}",
        "look for something unusual in this file; if it seems right, please report this with the file",
    )


def problem_writing(path: str, exc: OSError) -> Problem:
    """An OSError met writing the file `path` of the site, in a coordinator's words."""
    reasons = {
        errno.ENOSPC: ("the disk is full", "free some space on it, or choose another folder with --output, then build again"),
        errno.EDQUOT: ("your disk quota is used up", "free some space, or choose another folder with --output, then build again"),
        errno.EACCES: ("you may not write there", "check the folder's permissions, or choose another folder with --output"),
        errno.EPERM: ("you may not write there", "check the folder's permissions, or choose another folder with --output"),
        errno.EROFS: ("the disk is read-only", "choose another folder with --output"),
    }
    what, hint = reasons.get(exc.errno or 0, (exc.strerror or str(exc), "check the disk and the output folder, then build again"))
    return Problem(path, None, f"cannot be written: {what}", hint + " (the site already there is left as it was)")


@contextmanager
def writing_to(folder: str) -> Iterator[None]:
    """An OSError met writing the site into `folder` (a staging folder made
    on a full disk, say) becomes an error naming the folder and what to do."""
    try:
        yield
    except OSError as exc:
        raise MentorkitError([problem_writing(folder, exc)]) from None
