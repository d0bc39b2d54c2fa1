"""The preview's watcher: which files to watch, and a debounced signal when
they change. Outside the pipeline: it only tells `serve` to build again.

An editor's save is often several events (a temporary file, a rename, a
write); they are gathered until the files have been quiet for a moment,
then reported as one change.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
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
from watchdog.observers.api import ObservedWatch
from watchdog.observers.polling import PollingObserver

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
PROJECT_FOLDERS = (CONTENT_DIR, "themes")
"""The project's folders a build reads (beside mentorkit.yaml)."""
POLL_SECONDS = 0.5
"""With --poll: how often every watched file is looked at."""
_EDITOR_LEFTOVERS = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


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

    def pending(self) -> bool:
        """Whether files changed since the last `wait`: a build running now is out of date."""
        with self.condition:
            return bool(self.paths)

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


class ProjectWatcher(FileSystemEventHandler):
    """Watches the project folder for mentorkit.yaml and for content/ and themes/
    coming and going, and each of those two folders, with all below it, while it
    is there; the built-in themes in use too. A folder created after `serve`
    started is watched from then on, and what it already holds counts as changed."""

    def __init__(self, project: Path, themes: tuple[str, ...], changes: Changes, poll: bool = False) -> None:
        self.project = project
        self.changes = changes
        # inotify and its kin by default; polling sees changes on network drives and in containers' volumes too.
        self.observer = PollingObserver(timeout=POLL_SECONDS) if poll else Observer()
        self.observer.daemon = True
        self.folders: dict[str, ObservedWatch] = {}
        """content/ and themes/, by name, while they are watched."""
        self.observer.schedule(self, str(project), recursive=False, event_filter=[*WATCHED_EVENTS, DirModifiedEvent])
        for folder in [builtin_themes_dir() / name for name in themes]:
            if folder.is_dir():
                self.observer.schedule(self, str(folder), recursive=True, event_filter=WATCHED_EVENTS)
        for name in PROJECT_FOLDERS:
            self._watch_folder(name, report=False)

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()

    def _watch_folder(self, name: str, report: bool) -> None:
        """Watch content/ or themes/ afresh, when it is there; with `report`, count what it holds as changed."""
        old = self.folders.pop(name, None)
        if old is not None:
            with contextlib.suppress(KeyError):  # its emitter may have stopped with its folder
                self.observer.unschedule(old)
        folder = self.project / name
        try:
            if not folder.is_dir():
                return
            self.folders[name] = self.observer.schedule(self, str(folder), recursive=True, event_filter=WATCHED_EVENTS)
            if report:  # saved before the watch began: no event will tell
                for path in folder.rglob("*"):
                    if relevant(self.project, str(path)):
                        self.changes.add(str(path))
        except OSError:  # gone again while being looked at: its removal's own event follows
            pass

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        for path in (str(event.src_path), str(getattr(event, "dest_path", "") or "")):
            if not path:
                continue
            changed = Path(path)
            if changed.parent == self.project and changed.name in PROJECT_FOLDERS:
                if event.event_type == "modified" and changed.name in self.folders:
                    continue  # a file came or went in it: its own watch tells
                # Created, deleted, moved in or out; or, polling, a folder made again where an inode was reused.
                self.changes.add(path)
                self._watch_folder(changed.name, report=True)
            elif relevant(self.project, path):
                self.changes.add(path)


def start_watching(project: Path, themes: tuple[str, ...], changes: Changes, poll: bool = False) -> ProjectWatcher:
    watcher = ProjectWatcher(project, themes, changes, poll)
    watcher.start()
    return watcher
