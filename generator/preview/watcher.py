"""The preview's watcher: which files to watch, and a debounced signal when
they change. Outside the pipeline: it only tells `serve` to build again.

An editor's save is often several events (a temporary file, a rename, a
write); they are gathered until the files have been quiet for a moment,
then reported as one change.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from generator.build import CACHE_DIR
from generator.load.config import CONFIG_FILE
from generator.load.sources import CONTENT_DIR
from generator.load.themes import builtin_themes_dir

QUIET = 0.03
"""Seconds without events before a burst counts as one change."""
LONGEST_WAIT = 0.5
"""A stream of events never delays a rebuild longer than this."""
# Changes only: without a filter inotify also reports every file the build
# itself opens and reads, thousands per rebuild, each to be handled.
WATCHED_EVENTS: list[type[FileSystemEvent]] = [
    FileModifiedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
_EDITOR_LEFTOVERS = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


def watched_paths(project: Path, themes: tuple[str, ...]) -> list[Path]:
    """content/, the project's themes/, the built-in themes in use, the project folder (for mentorkit.yaml)."""
    paths = [project / CONTENT_DIR, project / "themes", project]
    paths += [builtin_themes_dir() / name for name in themes if (builtin_themes_dir() / name).is_dir()]
    return [p for p in paths if p.is_dir()]


def relevant(project: Path, path: str) -> bool:
    """Whether a changed path can change the site."""
    changed = Path(path)
    name = changed.name
    if name.startswith((".#", "#")) or name.endswith(_EDITOR_LEFTOVERS):
        return False
    if changed.parent == project:  # the project folder itself is watched for the config only
        return name == CONFIG_FILE
    return CACHE_DIR not in changed.parts


@dataclass
class Changes:
    """Paths changed since the last `wait`, gathered from watchdog's thread."""

    paths: set[str] = field(default_factory=set)
    count: int = 0
    """Events so far: a path saved twice is one path but two events."""
    condition: threading.Condition = field(default_factory=threading.Condition)
    stopped: bool = False

    def add(self, path: str) -> None:
        with self.condition:
            self.paths.add(path)
            self.count += 1
            self.condition.notify_all()

    def stop(self) -> None:
        with self.condition:
            self.stopped = True
            self.condition.notify_all()

    def wait(self) -> set[str] | None:
        """The next burst of changes, once quiet; None when stopped."""
        with self.condition:
            while not self.paths and not self.stopped:
                self.condition.wait()
            if self.stopped:
                return None
            first = time.monotonic()
            while True:
                count = self.count
                self.condition.wait(QUIET)
                if self.stopped:
                    return None
                if self.count == count or time.monotonic() - first > LONGEST_WAIT:
                    break
            paths, self.paths = self.paths, set()
            return paths


class _Handler(FileSystemEventHandler):
    def __init__(self, project: Path, changes: Changes) -> None:
        self.project = project
        self.changes = changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path and relevant(self.project, str(path)):
                self.changes.add(str(path))


def start_watching(project: Path, themes: tuple[str, ...], changes: Changes) -> Observer:  # type: ignore[valid-type]
    observer = Observer()
    handler = _Handler(project, changes)
    for path in watched_paths(project, themes):
        observer.schedule(handler, str(path), recursive=path != project, event_filter=WATCHED_EVENTS)
    observer.daemon = True
    observer.start()
    return observer
