"""Write: the built site as one zip file, for a coordinator to email or share.

Everything sits under one folder named like the zip, so unpacking never
spills files, and `index.html` inside opens from disk. The zip is written
beside the output folder under a temporary name and moved into place, and a
file of that name that mentorkit did not make is never replaced.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import stat
import zipfile
from pathlib import Path

from generator.errors import MentorkitError, Problem
from generator.write.site_writer import MANIFEST

MARK = b"made by mentorkit: the handbook's site, to unpack and open index.html"
"""The zip's comment; a file at the zip's path without it is the user's."""
LEFT_OUT = (MANIFEST, ".nojekyll")
"""Files only the build or a web host reads."""
_EARLIEST = datetime.datetime(1980, 1, 1, tzinfo=datetime.timezone.utc)
"""Zip files cannot hold an earlier time."""


def zip_path(output: Path) -> Path:
    """'site/' -> 'site.zip' beside it."""
    output = output.resolve()
    return output.with_name(output.name + ".zip")


def check_zip_path(target: Path) -> None:
    """Refuse before the build, not after it, to replace a file mentorkit did not make."""
    reason = None
    if target.is_symlink() or (target.exists() and not target.is_file()):
        reason = "is not a file mentorkit made"
    elif target.exists():
        try:
            with zipfile.ZipFile(target) as existing:
                ours = existing.comment == MARK
        except (OSError, zipfile.BadZipFile):
            ours = False
        reason = None if ours else "exists and was not made by mentorkit"
    if reason:
        raise MentorkitError(
            [
                Problem(
                    str(target),
                    None,
                    f"cannot write the zip: {target.name} {reason}",
                    "move it away, or choose another folder with --output",
                )
            ]
        )


def write_zip(output: Path, target: Path, stamp: datetime.datetime | None = None) -> int:
    """Zip every file of the site in `output` into `target`; its size in bytes.

    With a stamp (SOURCE_DATE_EPOCH), every entry carries it, so the same
    site makes the same zip; without, each file's own time.
    """
    output = output.resolve()
    top = target.name[: -len(".zip")] if target.name.endswith(".zip") else target.name
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.comment = MARK
            for path, mtime in _site_files(output):
                when = max(stamp or datetime.datetime.fromtimestamp(mtime, datetime.timezone.utc), _EARLIEST)
                entry = zipfile.ZipInfo(f"{top}/{path}", when.timetuple()[:6])
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, (output / path).read_bytes())
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return target.stat().st_size


def _site_files(output: Path) -> list[tuple[str, float]]:
    """Regular files under the site, sorted, by posix path; links are not followed
    (a link could lead to any file on the disk)."""
    found: list[tuple[str, float]] = []
    for root, dirs, files in os.walk(output):
        dirs.sort()
        relative = Path(root).relative_to(output)
        for name in sorted(files):
            info = os.lstat(os.path.join(root, name))
            path = (relative / name).as_posix()
            if stat.S_ISREG(info.st_mode) and path not in LEFT_OUT:
                found.append((path, info.st_mtime))
    return found
