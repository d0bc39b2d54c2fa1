"""Write: safe output paths, an atomic swap, and a manifest of what we wrote.

The build writes into a fresh folder beside the output and swaps it in only
when everything is written, so a failed or killed build leaves the previous
site as it was. Files a user put into the output folder by hand are carried
over into the new site, never deleted.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import MentorkitError, Problem

MANIFEST = ".mentorkit-manifest.json"
_NEW = ".mentorkit-new-"
_OLD = ".mentorkit-old-"


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
        for name in files:
            found.append((Path(root) / name).relative_to(folder).as_posix())
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
    pure = PurePosixPath(path)
    return bool(path) and not pure.is_absolute() and ".." not in pure.parts and "\\" not in path and ":" not in pure.parts[0]


def write_site(output: Path, files: dict[str, bytes]) -> WriteReport:
    """Replace the site in `output` with `files`, keeping the user's own files."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    recover(output)
    bad = [path for path in files if not safe_relative(path)]
    if bad:
        raise MentorkitError(
            [Problem(p, None, "would be written outside the output folder", "this is a bug in mentorkit; please report it") for p in bad]
        )
    manifest = _read_manifest(output) if output.is_dir() else {"files": [], "user_files": []}
    ours = set(manifest["files"]) | {MANIFEST}
    user_files = [f for f in _all_files(output) if f not in ours] if output.is_dir() else []
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
    stage = output.parent / f".{output.name}{_NEW}{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    try:
        for path, data in files.items():
            target = stage / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for path in user_files:
            target = stage / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(output / path, target, follow_symlinks=False)
        new_manifest = {"generator": "mentorkit", "files": sorted(files), "user_files": user_files}
        (stage / MANIFEST).write_text(json.dumps(new_manifest, indent=0) + "\n", encoding="utf-8")
        if output.exists():
            old = output.parent / f".{output.name}{_OLD}{os.getpid()}"
            output.rename(old)
            stage.rename(output)
            shutil.rmtree(old)
        else:
            stage.rename(output)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    new_user_files = tuple(f for f in user_files if f not in manifest["user_files"])
    return WriteReport(len(files), new_user_files)
