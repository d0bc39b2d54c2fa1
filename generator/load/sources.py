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
from generator.load.project_files import ProjectFiles, read_problem, walk

CONTENT_DIR = "content"
MAX_PAGE_BYTES = 5_000_000
"""A page this long is a mistake (a pasted log, a binary file named .md)."""


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


def load_sources(project: Path, previous: Sources | None = None, changed: set[str] | None = None, follow_links: bool = False) -> Sources:
    """Read every file under content/. Parsing is the next stage's job.

    The preview passes the `previous` sources and the paths its watcher saw
    `changed`: files it did not see change are taken from `previous` rather
    than read again (reading them all was much of a large site's rebuild;
    see docs/performance.md). The folders are always walked, so new and deleted files count.
    A link out of the project is an error unless `follow_links` (see project_files.py).
    """
    content = project / CONTENT_DIR
    files = ProjectFiles.of(project, follow_links)
    if (outside := files.leads_out(str(content))) is not None:
        raise MentorkitError([outside])
    if not content.is_dir():
        raise MentorkitError(
            [Problem(CONTENT_DIR, None, "there is no content folder", "create content/ with an index.md, or run 'mentorkit new DIR'")]
        )
    pages: list[SourceFile] = []
    assets: list[Asset] = []
    problems: list[Problem] = []
    known: dict[str, SourceFile | Asset] = {}
    if previous is not None and changed is not None:
        known = {f.rel: f for f in previous.pages} | {a.rel: a for a in previous.assets}
    for full, rel, linked in walk(str(content), files, skip_underscore=True):
        shown = f"{CONTENT_DIR}/{rel}"
        reuse = known.get(rel)
        if reuse is not None and changed is not None and full not in changed and not linked:
            if isinstance(reuse, SourceFile):
                pages.append(reuse)
            else:
                assets.append(reuse)
            continue
        page = rel.lower().endswith(".md")
        size = _size(full) if page and not linked else 0  # through a link, reading tells where it leads
        if size <= MAX_PAGE_BYTES:  # a page too long is told without reading it: it may be gigabytes
            data, problem = read_problem(files, full, shown, "remove it from content/, or put the file it stands for there", linked)
            if problem is not None:
                if problem not in problems:  # one for a linked folder, not one for each of its files
                    problems.append(problem)
                continue
            size = len(data) if page else 0
        if page:
            if size > MAX_PAGE_BYTES:
                problems.append(
                    Problem(
                        shown,
                        None,
                        f"is {size / 1e6:.1f} MB; pages may be up to {MAX_PAGE_BYTES // 1_000_000} MB",
                        "split it into several pages",
                    )
                )
                continue
            pages.append(SourceFile(shown, rel, data, hashlib.blake2b(data, digest_size=16).hexdigest()))
        else:
            assets.append(Asset(rel, data, hashlib.blake2b(data, digest_size=16).hexdigest()))
    if problems:
        raise MentorkitError(problems)
    return Sources(tuple(pages), tuple(assets))


def _size(path: str) -> int:
    """A plain file's size (0 for anything else, which reading it reports)."""
    try:
        status = os.stat(path)
    except OSError:
        return 0
    return status.st_size if stat.S_ISREG(status.st_mode) else 0


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
    files = ProjectFiles.of(project)
    if not content.is_dir() or files.leads_out(str(content)) is not None:
        return None
    found = []
    cutoff = int((now - RACY_SECONDS) * 1e9)
    for full, rel, linked in walk(str(content), files, skip_underscore=True):
        if linked and files.leads_out(full) is not None:
            return None  # load_sources decides
        try:
            stat = os.stat(full)
        except OSError:
            return None
        if stat.st_mtime_ns >= cutoff or stat.st_ctime_ns >= cutoff:
            return None
        found.append((rel, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
    return found


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
