"""The build cache: what an earlier build parsed and wrote, so that the next
one parses only changed sources and renders only outputs whose inputs
changed (see fingerprints.py).

Kept in the project's `.mentorkit-cache/` (git-ignored) between builds, and
in memory by `mentorkit serve`. Like Python's __pycache__, it is trusted:
it holds pickled data written by mentorkit itself. Any problem reading it
means starting afresh, never a failed build.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__
from generator.parse import Parsed

CACHE_DIR = ".mentorkit-cache"
CACHE_FILE = "build.pickle"


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
    parsed: dict[tuple[str, str], Parsed] = field(default_factory=dict)
    output: str = ""
    """The output folder `written` describes."""
    written: dict[str, Written] = field(default_factory=dict)

    def for_build(self, parse_key: str, output: Path) -> BuildCache:
        """This cache, emptied of whatever no longer applies."""
        parsed = self.parsed if self.parse_key == parse_key else {}
        written = self.written if self.output == str(output) else {}
        return BuildCache(parse_key, parsed, str(output), written)

    def prune(self, keys: set[tuple[str, str]], outputs: set[str]) -> None:
        """Forget sources and outputs the last build no longer had."""
        self.parsed = {k: v for k, v in self.parsed.items() if k in keys}
        self.written = {k: v for k, v in self.written.items() if k in outputs}


def cache_path(project: Path) -> Path:
    return project / CACHE_DIR / CACHE_FILE


def load_cache(project: Path) -> BuildCache:
    try:
        with cache_path(project).open("rb") as handle:
            version, cache = pickle.load(handle)
        if version == __version__ and isinstance(cache, BuildCache):
            return cache
    except Exception:
        pass
    return BuildCache()


def save_cache(project: Path, cache: BuildCache) -> None:
    path = cache_path(project)
    path.parent.mkdir(exist_ok=True)
    (path.parent / ".gitignore").write_text("*\n")
    temporary = path.with_suffix(f".tmp-{os.getpid()}")
    with temporary.open("wb") as handle:
        pickle.dump((__version__, cache), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
