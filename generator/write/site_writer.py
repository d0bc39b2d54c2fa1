"""Write: safe output paths, an atomic swap, and a manifest of what we wrote.

The build writes into a fresh folder beside the output and swaps it in only
when everything is written, so a failed or killed build leaves the previous
site as it was. Whatever a user put into the output folder by hand (a file,
a link, an empty folder) is carried over into the new site, never deleted.
One build at a time writes into a folder (see output_lock.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import shutil
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator.errors import MentorkitError, Problem, problem_writing
from generator.write.output_lock import NEW, OLD, lock_output, recover

__all__ = ["MANIFEST", "SiteWriter", "WriteReport", "check_output_dir", "recover", "safe_relative", "write_site", "written_before"]
MANIFEST = ".mentorkit-manifest.json"
WRITE_THREADS = 4
MIN_THREADED_FILES = 64
"""Fewer files than this (a preview's rebuild) are written without threads."""
Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: int
    """Number of files the build wrote."""
    user_files: tuple[str, ...]
    """Files, links and empty folders ('name/') in the output folder that the build did not write (kept)."""


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def check_output_dir(output: Path, project: Path, protected: list[Path]) -> None:
    """Refuse an output folder whose cleaning could touch the user's work."""
    output = Path(os.path.realpath(output))  # not resolve(): a link in a circle is told below, not a RuntimeError
    project = Path(os.path.realpath(project))
    shown = str(output)
    reason = None
    if output == Path(output.anchor) or output == Path.home().resolve():
        reason = "is the root or home folder"
    elif _inside(project, output):
        reason = "is the project folder or holds it"
    else:
        for folder in protected:
            folder = Path(os.path.realpath(folder))
            if _inside(folder, output) or _inside(output, folder):
                reason = f"overlaps '{folder.relative_to(project) if _inside(folder, project) else folder}'"
                break
    if reason is None and os.path.islink(output):  # what realpath leaves a link: one in a circle
        reason = "is a link in a circle"
    elif reason is None and output.exists():
        if not output.is_dir():
            reason = "is a file, not a folder"
        elif not (output / MANIFEST).is_file() and any(output.iterdir()):
            reason = "is not empty and was not made by mentorkit"
    if reason:
        raise MentorkitError(
            [
                Problem(
                    shown,
                    None,
                    f"cannot write the site here: the output folder {reason}",
                    "choose another folder with --output, such as 'site'",
                )
            ]
        )


def _read_manifest(output: Path) -> dict[str, list[str]]:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
        return {key: [str(f) for f in data.get(key, [])] for key in ("files", "user_files")}
    except (OSError, ValueError, AttributeError):
        return {"files": [], "user_files": []}


def written_before(output: Path) -> list[str]:
    """The files the last build wrote into `output`, as its manifest lists them."""
    return _read_manifest(output)["files"]


def _entries(folder: Path) -> tuple[set[str], list[str]]:
    """The regular files in `folder` (only these can be the build's), and
    everything else in it: links (to files or folders; never followed),
    pipes and such, and empty folders, written 'name/'."""
    files: set[str] = set()
    others: list[str] = []

    def visit(directory: str, prefix: str) -> None:
        with os.scandir(directory) as scan:
            entries = list(scan)
        if not entries and prefix:
            others.append(prefix)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                visit(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file(follow_symlinks=False):
                files.add(prefix + entry.name)
            else:
                others.append(prefix + entry.name)

    visit(str(folder), "")
    return files, others


def _folders_of(paths: Iterable[str]) -> set[str]:
    """Every folder the paths lie in, their parents too."""
    folders: set[str] = set()
    for path in paths:
        folder = posixpath.dirname(path)
        while folder and folder not in folders:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    return folders


def _in_the_way(entry: str, wanted: set[str], folders: set[str]) -> bool:
    """A user's entry where the build writes a file, or where it needs a
    folder (a link there would take the build's files somewhere else)."""
    path = entry.rstrip("/")
    return path in wanted or (not entry.endswith("/") and path in folders)


def safe_relative(path: str) -> bool:
    """A plain relative path: no '..', no absolute path, no drive, no backslash."""
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and ".." not in parts and "\\" not in path and ":" not in parts[0]


def write_site(output: Path, files: Mapping[str, bytes | None], lock: AbstractContextManager[object] | None = None) -> WriteReport:
    """Make `output` hold exactly `files`, keeping the user's own files.

    A value of None means "unchanged since the last build": the file is
    carried over from the current site. See SiteWriter, which this uses.
    """
    changed = [(path, data) for path, data in files.items() if data is not None]
    kept = [path for path, data in files.items() if data is None]
    with SiteWriter(output, files, lock) as writer:
        for path in kept:
            writer.keep(path)
        _by_folder(writer.write, changed)
        return writer.commit((path for path, _ in changed), kept)


class SiteWriter:
    """One build's files on their way into the output folder.

    Opened before rendering, with every path the build makes, so that each
    file can be written as soon as it is made, by the process that made it
    (the HTML then never travels back to the main process), or kept as the
    last build left it. Its checks come first: a file of the user's that the
    build would replace stops the build before any work.

    The new site is staged beside the old one (kept files hard-linked, so
    cheaply) and swapped in with two renames by `commit`; leaving the
    `with` block without committing throws the staged files away, so a
    failed build leaves the previous site as it was. With nothing changed,
    nothing is written. With a `lock` (the preview server holds it while it
    opens a file), an existing site is updated in place instead: each file
    is written beside its old version and renamed over it under the lock,
    so a request sees the site before the change or after it, whole.
    """

    def __init__(self, output: Path, paths: Iterable[str], lock: AbstractContextManager[object] | None = None) -> None:
        output = Path(os.path.realpath(output))
        output.parent.mkdir(parents=True, exist_ok=True)
        paths = sorted(paths)
        bad = [path for path in paths if not safe_relative(path)]
        if bad:
            hint = "this is a bug in mentorkit; please report it"
            raise MentorkitError([Problem(p, None, "would be written outside the output folder", hint) for p in bad])
        self.held = lock_output(output)
        try:
            self._prepare(output, paths, lock)
        except BaseException:
            self.held.release()
            raise

    def _prepare(self, output: Path, paths: list[str], lock: AbstractContextManager[object] | None) -> None:
        self.output = output
        self.lock = lock
        self.exists = output.is_dir()
        manifest = _read_manifest(output) if self.exists else {"files": [], "user_files": []}
        files, others = _entries(output) if self.exists else (set(), [])
        ours = set(manifest["files"]) | {MANIFEST}
        wanted = set(paths)
        folders = _folders_of(wanted)
        kept_folders = [e for e in others if not (e.endswith("/") and e[:-1] in folders)]  # the build fills the others
        self.user_files = sorted([f for f in files if f not in ours] + kept_folders)
        clashes = [f for f in self.user_files if _in_the_way(f, wanted, folders)]
        if clashes:
            raise MentorkitError(
                [
                    Problem(
                        str(output / f),
                        None,
                        "was not written by mentorkit, and the build would replace it",
                        "move or rename your file, then build again",
                    )
                    for f in clashes
                ]
            )
        self.wanted = wanted
        self.removed = (set(manifest["files"]) & files) - wanted  # only where our file still is
        self.new_user_files = tuple(f for f in self.user_files if f not in manifest["user_files"])
        self.in_place = self.exists and lock is not None
        self.written: set[str] = set()
        self.suffix = f"{NEW}{self.held.token}"
        self.stage = self.held.staging(NEW)
        self.root = str(output if self.in_place else self.stage)
        self.committed = False
        self.folders = folders
        # In place, the folders this build makes and those its removals empty go again
        # with the files, so that the site has the folders a fresh one would (see _tidy).
        self.new_folders = {f for f in folders if not os.path.isdir(os.path.join(self.root, f))} if self.in_place else set()
        made = _Folders(self.root)
        if not self.in_place:
            self.stage.mkdir()  # its name is new: a token no folder had
            for path in self.user_files:
                made.make_for(path)
            source, root = str(output), self.root
            _by_folder(lambda path, _: _carry_over(source, root, path), [(p, None) for p in self.user_files])
        for path in wanted:
            made.make_for(path)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, *_: object) -> None:
        try:
            if not self.committed:
                self.discard()
        finally:
            self.held.release()

    def _name(self, path: str) -> str:
        name = os.path.join(self.root, path)
        return name + self.suffix if self.in_place else name

    def write(self, path: str, data: bytes) -> None:
        """Put one of the build's files into the new site. Safe to call from
        forked worker processes: it only creates a file."""
        if path not in self.wanted:
            raise RuntimeError(f"{path} is not one of this build's outputs")
        try:
            with open(self._name(path), "wb") as handle:
                handle.write(data)
        except OSError as exc:  # a full disk, a folder made read-only: said naming the file, from whichever process
            raise MentorkitError([problem_writing(str(self.output / path), exc)]) from None

    def keep(self, path: str) -> None:
        """Carry the last build's file over unchanged. Safe to call from forked worker processes."""
        if path not in self.wanted:
            raise RuntimeError(f"{path} is not one of this build's outputs")
        if not self.in_place:
            try:
                _link_or_copy(os.path.join(self.output, path), os.path.join(self.root, path))
            except OSError as exc:
                raise MentorkitError([problem_writing(str(self.output / path), exc)]) from None

    def commit(self, written: Iterable[str], kept: Iterable[str]) -> WriteReport:
        """Swap the new site in; `written` are the paths given to `write`, `kept` those given to `keep`."""
        written, kept = set(written), set(kept)
        missing = self.wanted - written - kept
        if missing:
            raise RuntimeError(f"outputs neither written nor kept: {sorted(missing)[:3]}; please report this")
        manifest = {"generator": "mentorkit", "files": sorted(self.wanted), "user_files": self.user_files}
        self.committed = True
        if self.in_place and not written and not self.removed:
            if self.new_user_files:  # only remember them, so that they are reported once
                _write_manifest(self.output, manifest)
            return WriteReport(0, self.new_user_files)
        if self.in_place:
            assert self.lock is not None
            with self.lock:
                for path in sorted(written):
                    os.replace(self._name(path), os.path.join(self.root, path))
                for path in self.removed:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(os.path.join(self.root, path))
                self._tidy(_folders_of(self.removed) - self.folders)
                _write_manifest(self.output, manifest)
            return WriteReport(len(written), self.new_user_files)
        try:
            _write_manifest(self.stage, manifest)
            with self.lock if self.lock is not None else contextlib.nullcontext():
                old = self.held.staging(OLD)
                if self.exists:
                    os.rename(self.output, old)
                os.rename(self.stage, self.output)
            if self.exists:
                shutil.rmtree(old)
        finally:
            shutil.rmtree(self.stage, ignore_errors=True)
        return WriteReport(len(written), self.new_user_files)

    def _tidy(self, folders: set[str]) -> None:
        """Remove those of `folders` that are empty, deepest first (one holding a file of the
        user's stays): left, the next build would take an empty folder for the user's."""
        for folder in sorted(folders, key=lambda f: -f.count("/")):
            with contextlib.suppress(OSError):
                os.rmdir(os.path.join(self.root, folder))

    def discard(self) -> None:
        """Throw away what was written: the output folder stays as it was."""
        self.committed = True
        if self.in_place:
            for path in self.wanted:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self._name(path))
            self._tidy(self.new_folders)
        else:
            shutil.rmtree(self.stage, ignore_errors=True)


class _Folders:
    """Creates each folder of the staged site once (thousands of files share a few folders)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.made: set[str] = {""}

    def make_for(self, path: str) -> None:
        folder = posixpath.dirname(path)
        if folder not in self.made:
            os.makedirs(os.path.join(self.root, folder), exist_ok=True)
            self.made.add(folder)


def _by_folder(action: Callable[[str, Item], None], items: list[tuple[str, Item]]) -> None:
    """`action(path, item)` for each item, a few folders at a time when there are many.

    Creating a file is time spent in the kernel, holding its folder's lock
    (on ext4, just after a site was deleted, most of a millisecond per file),
    and the GIL is released meanwhile: threads working in different folders
    create files side by side. The first exception is raised.
    """
    if len(items) < MIN_THREADED_FILES:
        for path, item in items:
            action(path, item)
        return
    folders: dict[str, list[tuple[str, Item]]] = {}
    for path, item in items:
        folders.setdefault(posixpath.dirname(path), []).append((path, item))

    def fill(folder: list[tuple[str, Item]]) -> None:
        for path, item in folder:
            action(path, item)

    from concurrent.futures import ThreadPoolExecutor  # here: a build with nothing to write never needs it

    with ThreadPoolExecutor(WRITE_THREADS) as pool:
        for _ in pool.map(fill, folders.values()):
            pass


def _carry_over(source: str, target: str, path: str) -> None:
    """A user's entry, into the new site as it is: a link stays a link."""
    if path.endswith("/"):
        os.makedirs(os.path.join(target, path), exist_ok=True)
    else:
        _link_or_copy(os.path.join(source, path), os.path.join(target, path))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target, follow_symlinks=False)


def _write_manifest(folder: Path, manifest: Mapping[str, object]) -> None:
    temporary = folder / f"{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, indent=0) + "\n", encoding="utf-8")
    os.replace(temporary, folder / MANIFEST)
