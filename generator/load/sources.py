"""Load: find the files under `content/` and read them.

This is the only stage that reads files. Pages come out as bytes (the next
stage parses them); every other file is an asset, copied to the site as it is.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import MentorkitError, Problem

CONTENT_DIR = "content"
MAX_PAGE_BYTES = 5_000_000
"""A page this long is a mistake (a pasted log, a binary file named .md)."""
# Files an editor or OS leaves behind; never part of a handbook.
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True, slots=True)
class Asset:
    """Any other file under content/: an image, a download."""

    rel: str
    data: bytes = field(repr=False)
    digest: str = ""
    """Hash of the bytes, which stand for them in the asset's repr (and so in fingerprints)."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A Markdown file as read from disk, before parsing."""

    path: str
    rel: str
    data: bytes
    digest: str
    """Hash of the bytes: what the parse cache is keyed on."""


@dataclass(frozen=True, slots=True)
class Sources:
    pages: tuple[SourceFile, ...]
    assets: tuple[Asset, ...]


def load_sources(project: Path, previous: Sources | None = None, changed: set[str] | None = None) -> Sources:
    """Read every file under content/. Parsing is the next stage's job.

    The preview passes the `previous` sources and the paths its watcher saw
    `changed`: files it did not see change are taken from `previous` rather
    than read again (reading them all was much of a large site's rebuild;
    see docs/performance.md). The folders are always walked, so new and deleted files count.
    """
    content = project / CONTENT_DIR
    if not content.is_dir():
        raise MentorkitError(
            [Problem(CONTENT_DIR, None, "there is no content folder", "create content/ with an index.md, or run 'mentorkit new DIR'")]
        )
    pages: list[SourceFile] = []
    assets: list[Asset] = []
    problems: list[Problem] = []
    root = os.path.realpath(project)
    known: dict[str, SourceFile | Asset] = {}
    if previous is not None and changed is not None:
        known = {f.rel: f for f in previous.pages} | {a.rel: a for a in previous.assets}
    for full, rel, linked in _walk(str(content)):
        shown = f"{CONTENT_DIR}/{rel}"
        reuse = known.get(rel)
        if reuse is not None and changed is not None and full not in changed and not linked:
            if isinstance(reuse, SourceFile):
                pages.append(reuse)
            else:
                assets.append(reuse)
            continue
        if linked and not _within(os.path.realpath(full), root):
            problems.append(
                Problem(
                    shown, None, f"is a link to {os.path.realpath(full)}, outside the project", "copy the file into the project instead"
                )
            )
            continue
        data, unreadable = _read_file(full)
        if unreadable:
            problems.append(Problem(shown, None, unreadable, "remove it from content/, or put the file it stands for there"))
            continue
        if rel.lower().endswith(".md"):
            if len(data) > MAX_PAGE_BYTES:
                size = os.path.getsize(full) / 1e6
                problems.append(
                    Problem(
                        shown, None, f"is {size:.1f} MB; pages may be up to {MAX_PAGE_BYTES // 1_000_000} MB", "split it into several pages"
                    )
                )
                continue
            pages.append(SourceFile(shown, rel, data, hashlib.blake2b(data, digest_size=16).hexdigest()))
        else:
            assets.append(Asset(rel, data, hashlib.blake2b(data, digest_size=16).hexdigest()))
    if problems:
        raise MentorkitError(problems)
    return Sources(tuple(pages), tuple(assets))


RACY_SECONDS = 2.0
"""A file changed this recently may change again within the same tick of
the file system's clock, leaving its size and times as they were."""


def source_stats(project: Path, now: float) -> list[tuple[str, int, int, int, int]] | None:
    """Every file under content/ with its size, modification and change
    times and inode, found without reading any file: when they are all as
    the last build recorded them, no source changed (the change time moves
    on every write and cannot be set back). None when a file changed less
    than RACY_SECONDS before `now`, as git does for its index: a second
    change within one clock tick would not show."""
    content = project / CONTENT_DIR
    if not content.is_dir():
        return None
    found = []
    cutoff = int((now - RACY_SECONDS) * 1e9)
    for full, rel, _ in _walk(str(content)):
        try:
            stat = os.stat(full)
        except OSError:
            return None
        if stat.st_mtime_ns >= cutoff or stat.st_ctime_ns >= cutoff:
            return None
        found.append((rel, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
    return found


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _walk(folder: str) -> list[tuple[str, str, bool]]:
    """(full path, posix path relative to `folder`, reached through a link?)
    of every file, in a stable order, skipping hidden ones. Linked folders are
    followed (once: a link in a circle is not); whether a linked file really
    lies inside the project is checked by the caller. Strings, not Paths: the preview reads every source
    on every save."""
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
            if entry.name.startswith(".") or entry.name in IGNORED_NAMES:
                continue
            if entry.is_dir():
                if not entry.name.startswith("_"):
                    visit(entry.path, f"{prefix}{entry.name}/", linked or entry.is_symlink())
            else:  # files, links, and anything else, which load_sources reports
                found.append((entry.path, prefix + entry.name, linked or entry.is_symlink()))

    visit(folder, "", False)
    return found


def _read_file(full: str) -> tuple[bytes, str]:
    """A regular file's bytes, or why it cannot be read. Opened without waiting,
    so that a pipe (which would wait for a writer for ever) is found, not read."""
    try:
        descriptor = os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return b"", "is a link to a file that does not exist"
    except OSError as exc:
        return b"", f"cannot be read: {exc.strerror}"
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return b"", "is not a file but a pipe, socket or device"
        return handle.read(), ""


def decode(path: str, data: bytes) -> str:
    """UTF-8 text with a BOM dropped and line ends made '\\n'."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MentorkitError(
            [
                Problem(
                    path,
                    line,
                    f"is not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be read",
                    "save the file as UTF-8 (most editors offer this under 'Save with encoding')",
                )
            ]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
