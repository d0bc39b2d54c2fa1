"""`mentorkit new`: copy the example handbook into a new project folder,
optionally keeping just one of its programme templates."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.config import CONFIG_FILE
from generator.errors import MentorkitError, Problem, suggest
from generator.sources import CONTENT_DIR

PROGRAMMES = "programmes"
_INDEX = """---
title: Programme
order: 5
summary: How this mentoring programme runs, week by week.
---
This handbook's programme: its phases, meeting plan, calendar and a
one-page summary to print.

- [{title}]({name}.md)
"""


def starter_dir() -> Path:
    """Inside the wheel the starter sits in the package; in a checkout it is the repository."""
    here = Path(__file__).resolve().parent
    packaged = here / "starter"
    return packaged if packaged.is_dir() else here.parent


def programme_templates() -> dict[str, Path]:
    """The example programmes a new handbook can start from, by name."""
    folder = starter_dir() / CONTENT_DIR / PROGRAMMES
    return {p.stem: p for p in sorted(folder.glob("*.md")) if p.stem != "index"}


def new_project(target: Path, programme: str | None = None) -> None:
    """Write content/ and mentorkit.yaml into `target`."""
    templates = programme_templates()
    if programme is not None and programme not in templates:
        raise MentorkitError([Problem("--programme", None, f"there is no programme template '{programme}'", suggest(programme, templates))])
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise MentorkitError([Problem(str(target), None, "already exists and is not empty", "choose a new folder name")])
    source = starter_dir()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / CONTENT_DIR, target / CONTENT_DIR)
    shutil.copy2(source / CONFIG_FILE, target / CONFIG_FILE)
    if programme is not None:
        folder = target / CONTENT_DIR / PROGRAMMES
        for name in templates:
            if name != programme:
                (folder / f"{name}.md").unlink()
        title = _title(templates[programme])
        (folder / "index.md").write_text(_INDEX.format(title=title, name=programme), encoding="utf-8")


def _title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("title:"):
            return line.partition(":")[2].strip().strip("\"'")
    return path.stem
