"""Write: safe output paths, an atomic swap, and a manifest of what we wrote.

The build writes into a fresh folder beside the output and swaps it in only
when everything is written, so a failed or killed build leaves the previous
site as it was. Files a user put into the output folder by hand are carried
over into the new site, never deleted.
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import shutil
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator.errors import MentorkitError, Problem

MANIFEST = ".mentorkit-manifest.json"
_NEW = ".mentorkit-new-"
_OLD = ".mentorkit-old-"
WRITE_THREADS = 4
MIN_THREADED_FILES = 64
"""Fewer files than this (a preview's rebuild) are written without threads."""
Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class WriteReport:
    written: int
    """Number of files the build wrote."""
    user_files: tuple[str, ...]
    """Files in the output folder that the build did not write (kept)."""


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def check_output_dir(output: Path, project: Path, protected: list[Path]) -> None:
    """Refuse an output folder whose cleaning could touch the user's work."""
    output = output.resolve()
    project = project.resolve()
    shown = str(output)
    reason = None
    if output == Path(output.anchor) or output == Path.home().resolve():
        reason = "is the root or home folder"
    elif _inside(project, output):
        reason = "is the project folder or holds it"
    else:
        for folder in protected:
            folder = folder.resolve()
            if _inside(folder, output) or _inside(output, folder):
                reason = f"overlaps '{folder.relative_to(project) if _inside(folder, project) else folder}'"
                break
    if reason is None and output.exists():
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


def _all_files(folder: Path) -> list[str]:
    found = []
    for root, _, files in os.walk(folder):
        prefix = os.path.relpath(root, folder).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found += [prefix + name for name in files]
    return sorted(found)


def recover(output: Path) -> None:
    """Finish or undo a swap a killed build left half done."""
    parent, name = output.parent, output.name
    if not parent.is_dir():
        return
    for leftover in parent.glob(f".{name}{_OLD}*"):
        if not output.exists():
            leftover.rename(output)  # killed between the two renames: put the old site back
        else:
            shutil.rmtree(leftover, ignore_errors=True)
    for leftover in parent.glob(f".{name}{_NEW}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def safe_relative(path: str) -> bool:
    """A plain relative path: no '..', no absolute path, no drive, no backslash."""
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and ".." not in parts and "\\" not in path and ":" not in parts[0]


def write_site(output: Path, files: Mapping[str, bytes | None], lock: AbstractContextManager[object] | None = None) -> WriteReport:
    """Make `output` hold exactly `files`, keeping the user's own files.

    A value of None means "unchanged since the last build": the file is
    carried over from the current site. The new site is staged beside the
    old one (unchanged files hard-linked, so cheaply) and swapped in with
    two renames. With nothing changed, nothing is written. With a `lock`
    (the preview server holds it while it opens a file), an existing site
    is updated in place instead, the renames made under the lock.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    recover(output)
    bad = [path for path in files if not safe_relative(path)]
    if bad:
        raise MentorkitError(
            [Problem(p, None, "would be written outside the output folder", "this is a bug in mentorkit; please report it") for p in bad]
        )
    exists = output.is_dir()
    manifest = _read_manifest(output) if exists else {"files": [], "user_files": []}
    ours = set(manifest["files"]) | {MANIFEST}
    present = _all_files(output) if exists else []
    user_files = [f for f in present if f not in ours]
    clashes = [f for f in user_files if f in files]
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
    kept = {path for path, data in files.items() if data is None}
    missing = sorted(kept - set(present))
    if missing:
        raise RuntimeError(f"unchanged outputs are missing from {output}: {missing[:3]}")
    changed = {path: data for path, data in files.items() if data is not None}
    removed = set(manifest["files"]) - set(files)
    new_user_files = tuple(f for f in user_files if f not in manifest["user_files"])
    new_manifest = {"generator": "mentorkit", "files": sorted(files), "user_files": user_files}
    if exists and not changed and not removed:
        if new_user_files:  # only remember them, so that they are reported once
            _write_manifest(output, new_manifest)
        return WriteReport(0, new_user_files)
    if exists and lock is not None:
        _update_in_place(output, changed, removed, new_manifest, lock)
        return WriteReport(len(changed), new_user_files)
    stage = output.parent / f".{output.name}{_NEW}{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        stage.mkdir()
        source, target = str(output), str(stage)
        carried = [path for path in present if path not in removed and path != MANIFEST and path not in changed]
        folders = _Folders(target)
        for path in [*carried, *changed]:
            folders.make_for(path)
        _by_folder(lambda path, _: _link_or_copy(os.path.join(source, path), os.path.join(target, path)), [(p, None) for p in carried])
        _by_folder(lambda path, data: _write_file(os.path.join(target, path), data), list(changed.items()))
        _write_manifest(stage, new_manifest)
        with lock if lock is not None else contextlib.nullcontext():
            if exists:
                old = output.parent / f".{output.name}{_OLD}{os.getpid()}"
                output.rename(old)
                stage.rename(output)
            else:
                stage.rename(output)
        if exists:
            shutil.rmtree(old)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return WriteReport(len(changed), new_user_files)


def _update_in_place(
    output: Path, changed: dict[str, bytes], removed: set[str], manifest: Mapping[str, object], lock: AbstractContextManager[object]
) -> None:
    """The preview's way: its site is a temporary folder nobody else uses, so
    instead of staging a whole copy, the changed files are written beside
    their old versions and renamed over them while `lock` keeps requests
    out; a request sees the site before the change or after it, whole."""
    folders = _Folders(str(output))
    temporary = []
    try:
        for path, data in changed.items():
            folders.make_for(path)
            name = os.path.join(folders.root, f"{path}{_NEW}{os.getpid()}")
            with open(name, "wb") as handle:
                handle.write(data)
            temporary.append((name, os.path.join(folders.root, path)))
        with lock:
            for name, final in temporary:
                os.replace(name, final)
            for path in removed:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(folders.root, path))
            _write_manifest(output, manifest)
    finally:
        for name, _ in temporary:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)


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

    with ThreadPoolExecutor(WRITE_THREADS) as pool:
        for _ in pool.map(fill, folders.values()):
            pass


def _write_file(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target, follow_symlinks=False)


def _write_manifest(folder: Path, manifest: Mapping[str, object]) -> None:
    temporary = folder / f"{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, indent=0) + "\n", encoding="utf-8")
    os.replace(temporary, folder / MANIFEST)
