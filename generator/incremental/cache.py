"""The build cache: what an earlier build parsed and wrote, so that the next
one parses only changed sources and renders only outputs whose inputs
changed (see incremental/fingerprints.py).

Kept in the project's `.mentorkit-cache/` (git-ignored) between builds, and
in memory by `mentorkit serve`. It holds pickled data written by mentorkit
itself, signed with a key of the user's (see cache_signature.py), so that
a cache shipped in someone else's project is never loaded. Any problem
reading it means starting afresh, never a failed build.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import shutil
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__
from generator.errors import MentorkitError, Problem
from generator.incremental.cache_signature import signed, verified
from generator.load.project_files import ProjectFiles, read_file

if TYPE_CHECKING:
    from generator.incremental.model_reuse import LastModel
    from generator.parse.files import Stored

CACHE_FORMAT = 17
"""Raised whenever BuildCache changes shape, or what parsing makes of a source: an older cache is then not used."""
CACHE_DIR = ".mentorkit-cache"
CACHE_FILE = "build.pickle"
PARSED_FILE = "parsed.pickle"
"""The parsed pages, in a file of their own (see stage_parsed)."""
LAST_BUILD_FILE = "last-build.json"


@dataclass(frozen=True, slots=True)
class LastBuild:
    """What the last build read and wrote: enough to tell that nothing changed."""

    inputs: str
    pages: int
    warnings: list[Problem]
    outputs: dict[str, tuple[int, int]]
    """Each output's size and modification time as the build left it."""
    quick: str | None = None
    """The inputs with the sources known by their sizes and times instead of
    their bytes (see sources.source_stats), or None when a source had just
    changed: equal at the next build, the sources need not even be read."""


def cache_folder_problem(project: Path, follow_links: bool = False) -> Problem | None:
    """An error when the cache folder is a link out of the project, which a
    build would write into (a contributor's handbook could ship one), or is
    not a folder at all."""
    folder = project / CACHE_DIR
    hint = "delete it (mentorkit makes the folder itself), or build with --no-cache"
    problem = ProjectFiles.of(project, follow_links).leads_out(str(folder))
    if problem is not None:
        return Problem(problem.path, None, problem.message, hint.replace("delete it", "delete the link"))
    if os.path.lexists(folder) and not folder.is_dir():
        return Problem(CACHE_DIR, None, "is not a folder", hint)
    return None


def _read(project: Path, name: str, follow_links: bool) -> bytes | None:
    """A file of the cache, if it is a plain file inside the project (or links may leave it)."""
    if ProjectFiles.of(project, follow_links).leads_out(str(project / CACHE_DIR / name)) is not None:
        return None
    data, why = read_file(str(project / CACHE_DIR / name))
    return None if why else data


def load_last_build(project: Path, follow_links: bool = False) -> LastBuild | None:
    try:
        data = json.loads(_read(project, LAST_BUILD_FILE, follow_links) or b"")
        if data["format"] != [__version__, CACHE_FORMAT]:  # a mentorkit that made other pages of the same sources
            return None
        warnings = [Problem(**w) for w in data["warnings"]]
        outputs = {path: (int(size), int(mtime)) for path, (size, mtime) in data["outputs"].items()}
        quick = data.get("quick")
        return LastBuild(str(data["inputs"]), int(data["pages"]), warnings, outputs, str(quick) if quick else None)
    except Exception:  # an old or damaged record: build in full
        return None


def save_last_build(project: Path, last: LastBuild) -> None:
    data = {
        "format": [__version__, CACHE_FORMAT],
        "inputs": last.inputs,
        "quick": last.quick,
        "pages": last.pages,
        "warnings": [asdict(w) for w in last.warnings],
        "outputs": last.outputs,
    }
    _write_atomically(project / CACHE_DIR / LAST_BUILD_FILE, json.dumps(data).encode())


@dataclass(frozen=True, slots=True)
class Written:
    """An output file as the build left it."""

    fingerprint: str
    size: int
    mtime_ns: int


@dataclass
class BuildCache:
    """Mutable on purpose: each build updates it for the next."""

    parse_key: str = ""
    """Version and Markdown options the parsed pages belong to."""
    parsed: dict[tuple[str, str], Stored] = field(default_factory=dict)
    output: str = ""
    """The output folder `written` describes."""
    written: dict[str, Written] = field(default_factory=dict)
    search: dict[str, str] = field(default_factory=dict)
    """Each page's entry in the search index, by the fingerprint of the page it was made from."""
    chapters: dict[str, str] = field(default_factory=dict)
    """The print pages' chapters the last build made, by fingerprint (render/site.py's Rendered.chapters)."""
    model: LastModel | None = field(default=None, repr=False, compare=False)
    """The last build's model and fingerprints, in memory only (see incremental/model_reuse.py)."""

    def for_build(self, parse_key: str, output: Path) -> BuildCache:
        """This cache, emptied of whatever no longer applies."""
        parsed = self.parsed if self.parse_key == parse_key else {}
        written = self.written if self.output == str(output) else {}
        search = self.search if self.parse_key == parse_key else {}
        chapters = self.chapters if self.parse_key == parse_key else {}
        return BuildCache(parse_key, parsed, str(output), written, search, chapters, self.model)

    def prune_parsed(self, keys: set[tuple[str, str]]) -> None:
        """Forget sources the build no longer has."""
        if len(self.parsed) != len(keys) or any(k not in keys for k in self.parsed):
            self.parsed = {k: v for k, v in self.parsed.items() if k in keys}
        if len(self.search) > 2 * len(keys):  # entries of pages long gone
            self.search = {}

    def prune_written(self, outputs: set[str]) -> None:
        """Forget outputs the build no longer makes."""
        self.written = {k: v for k, v in self.written.items() if k in outputs}


def cache_path(project: Path) -> Path:
    return project / CACHE_DIR / CACHE_FILE


def load_cache(project: Path, follow_links: bool = False) -> BuildCache:
    try:
        version, cache = pickle.loads(verified(_read(project, CACHE_FILE, follow_links)) or b"")
        if version != (__version__, CACHE_FORMAT) or not isinstance(cache, BuildCache):
            return BuildCache()
    except Exception:
        return BuildCache()
    try:
        key, parsed = pickle.loads(verified(_read(project, PARSED_FILE, follow_links)) or b"")
        # Saved by a build that stopped before saving the rest: not for this cache.
        if key == (__version__, CACHE_FORMAT, cache.parse_key) and isinstance(parsed, dict):
            cache.parsed = parsed
    except Exception:
        pass  # parse every page again
    return cache


@dataclass(frozen=True, slots=True)
class StagedParsed:
    """The parsed pages written to a temporary file, until the build succeeds."""

    path: Path
    made_folder: bool
    """The cache folder was made for it (and goes if the build fails)."""

    def commit(self) -> None:
        os.replace(self.path, self.path.parent / PARSED_FILE)

    def discard(self) -> None:
        """A failed build leaves the project as it was."""
        if self.made_folder:
            shutil.rmtree(self.path.parent, ignore_errors=True)
        else:
            self.path.unlink(missing_ok=True)


def stage_parsed(project: Path, cache: BuildCache) -> StagedParsed:
    """The parsed pages, with the options they were parsed with, ready to
    take their place beside the rest of the cache (see StagedParsed)."""
    folder = project / CACHE_DIR
    made_folder = not folder.is_dir()
    key = (__version__, CACHE_FORMAT, cache.parse_key)
    data = signed(pickle.dumps((key, cache.parsed), protocol=pickle.HIGHEST_PROTOCOL))
    temporary = _write_atomically(folder / f"{PARSED_FILE}.tmp-{os.getpid()}", data)
    return StagedParsed(temporary, made_folder)


def save_cache(project: Path, cache: BuildCache, parsed: StagedParsed | None = None) -> None:
    """The cache but for its parsed pages, which are saved apart: `parsed`,
    staged while the build rendered, or else written now."""
    (parsed or stage_parsed(project, cache)).commit()
    kept = replace(cache, parsed={}, model=None)
    _write_atomically(cache_path(project), signed(pickle.dumps(((__version__, CACHE_FORMAT), kept), protocol=pickle.HIGHEST_PROTOCOL)))


def _write_atomically(path: Path, data: bytes) -> Path:
    """Written beside `path` and renamed over it: never through a link that is there (a rename replaces the link)."""
    path.parent.mkdir(exist_ok=True)
    ignore = path.parent / ".gitignore"
    if not os.path.lexists(ignore):
        _write_new(ignore, b"*\n")
    temporary = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    _write_new(temporary, data)
    try:
        os.replace(temporary, path)
    except IsADirectoryError:
        os.unlink(temporary)  # nothing of ours left behind
        shown = f"{path.parent.name}/{path.name}"
        raise MentorkitError(
            [
                Problem(
                    shown,
                    None,
                    "is a folder, where mentorkit keeps a file of its build cache: the cache was not saved",
                    "move the folder away, so that the next build can save it",
                )
            ]
        ) from None
    return path


def _write_new(path: Path, data: bytes) -> None:
    """A file made afresh: whatever had its name (a link, say) is replaced, not written through."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
