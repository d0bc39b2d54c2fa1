"""Load: how every reader reaches a project's files.

Two rules, kept here once for content, themes, config and cache alike: a
link never leads out of the project (a contributor's handbook must not
publish the builder's files) unless mentorkit.yaml says `follow_links:
true`; and only regular files are read, so a pipe, socket or device is
an error instead of a build that waits for ever.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass

from generator.errors import Problem

CIRCLE = "is a link in a circle: following it leads back to it"
CIRCLE_HINT = "delete the link, or make it lead to a file or folder"
LEADS_OUT_HINT = "copy what it leads to into the project, or set 'follow_links: true' in mentorkit.yaml if you trust where it leads"


def within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


@dataclass(frozen=True, slots=True)
class ProjectFiles:
    """The project's folder as given and as it really is, and whether links may leave it."""

    project: str
    root: str
    follow_links: bool = False

    @classmethod
    def of(cls, project: str | os.PathLike[str], follow_links: bool = False) -> ProjectFiles:
        return cls(os.fspath(project), os.path.realpath(project), follow_links)

    def shown(self, path: str) -> str:
        """A path inside the project as messages show it: relative, with '/'."""
        return os.path.relpath(path, self.project).replace(os.sep, "/")

    def leads_out(self, path: str) -> Problem | None:
        """An error naming the link when `path`, inside the project, is reached
        through a link that leads out of it (and links may not), or through
        links in a circle."""
        if in_circle(path):
            return Problem(self.shown(path), None, CIRCLE, CIRCLE_HINT)
        if self.follow_links or within(os.path.realpath(path), self.root):
            return None
        link = path
        parts = os.path.relpath(path, self.project).split(os.sep)
        for count in range(1, len(parts) + 1):  # the outermost link on the way is the one to name
            step = os.path.join(self.project, *parts[:count])
            if not within(os.path.realpath(step), self.root):
                link = step
                break
        where = os.path.realpath(link)
        return Problem(self.shown(link), None, f"is a link to {where}, outside the project", LEADS_OUT_HINT)


def in_circle(path: str) -> bool:
    """Links that lead back to themselves on the way to `path`."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def walk(folder: str, files: ProjectFiles, skip_underscore: bool = False, skip_hidden: bool = True) -> list[tuple[str, str, bool]]:
    """(full path, posix path relative to `folder`, reached through a link?)
    of everything in `folder` but folders, in a stable order, skipping hidden
    names (unless asked not to) and folders starting with '_' (when asked). Linked folders are
    followed once (a link in a circle is not) when `files` allows it; a
    linked folder that leads out of the project is listed itself, for the
    caller's `leads_out` to report. Strings, not Paths: the preview walks
    content/ on every save."""
    found: list[tuple[str, str, bool]] = []
    seen: set[str] = set()

    def visit(directory: str, prefix: str, linked: bool) -> None:
        real = os.path.realpath(directory)
        if real in seen:
            return
        seen.add(real)
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
        for entry in entries:
            if skip_hidden and (entry.name.startswith(".") or entry.name in IGNORED_NAMES):
                continue
            through = linked or entry.is_symlink()
            if _is_dir(entry):
                if skip_underscore and entry.name.startswith("_"):
                    continue
                if through and files.leads_out(entry.path) is not None:
                    found.append((entry.path, prefix + entry.name, True))
                else:
                    visit(entry.path, f"{prefix}{entry.name}/", through)
            else:  # files, links, and anything else, which read_file refuses
                found.append((entry.path, prefix + entry.name, through))

    visit(folder, "", False)
    return found


IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
"""Files an editor or OS leaves behind; never part of a handbook."""


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link in a circle: listed as a file, for read_file to tell
        return False


@dataclass(frozen=True, slots=True)
class SizeLimit:
    """How long a file of some kind may be, told from its size before it is read."""

    max_bytes: int
    kind: str
    """As the message names it: 'mentorkit.yaml', 'a words file'."""
    hint: str

    def problem(self, shown: str, size: int) -> Problem:
        return Problem(shown, None, f"is {size / 1e6:.1f} MB; {self.kind} may be up to {self.max_bytes / 1e6:g} MB", self.hint)


def read_file(full: str, max_bytes: int | None = None) -> tuple[bytes, str]:
    """A regular file's bytes, or why it cannot be read. Opened without waiting,
    so that a pipe (which would wait for a writer for ever) is found, not read.
    A file over `max_bytes` is not read: its bytes are empty and the reason is
    TOO_LONG."""
    try:
        descriptor = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return b"", "is a link to a file that does not exist" if os.path.islink(full) else "does not exist"
    except IsADirectoryError:
        return b"", "is a folder, not a file"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return b"", CIRCLE
        return b"", f"cannot be read: {exc.strerror}"
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        return b"", "is a folder, not a file" if stat.S_ISDIR(status.st_mode) else "is not a file but a pipe, socket or device"
    if max_bytes is not None and status.st_size > max_bytes:
        os.close(descriptor)
        return b"", TOO_LONG
    with os.fdopen(descriptor, "rb") as handle:
        if max_bytes is None:
            return handle.read(), ""
        data = handle.read(max_bytes + 1)  # a file that grows while it is read stops here all the same
        return (b"", TOO_LONG) if len(data) > max_bytes else (data, "")


TOO_LONG = "is too long"


def read_problem(
    files: ProjectFiles, full: str, shown: str, hint: str, linked: bool = True, limit: SizeLimit | None = None
) -> tuple[bytes, Problem | None]:
    """A project file's bytes, or the problem that stops it being read: a
    link out of the project, a link to nothing, a pipe or device, a length
    over `limit` (told before the file is read: it may be gigabytes). Only a
    file `linked` (or reached through a link) can lead out: the others are
    not looked at again, which a build of thousands of pages would feel."""
    outside = files.leads_out(full) if linked else None
    if outside is not None:
        return b"", outside
    data, why = read_file(full, limit.max_bytes if limit is not None else None)
    if why == TOO_LONG and limit is not None:
        return b"", limit.problem(shown, _size(full))
    return data, Problem(shown, None, why, hint) if why else None


def _size(full: str) -> int:
    try:
        return os.stat(full).st_size
    except OSError:
        return 0
