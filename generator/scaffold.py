"""`mentorkit new`: copy the example handbook into a new project folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.config import CONFIG_FILE
from generator.errors import MentorkitError, Problem
from generator.sources import CONTENT_DIR


def starter_dir() -> Path:
    """Inside the wheel the starter sits in the package; in a checkout it is the repository."""
    here = Path(__file__).resolve().parent
    packaged = here / "starter"
    return packaged if packaged.is_dir() else here.parent


def new_project(target: Path) -> list[str]:
    """Write content/ and mentorkit.yaml into `target`; returns what was written."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise MentorkitError([Problem(str(target), None, "already exists and is not empty", "choose a new folder name")])
    source = starter_dir()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / CONTENT_DIR, target / CONTENT_DIR)
    shutil.copy2(source / CONFIG_FILE, target / CONFIG_FILE)
    return [CONFIG_FILE, f"{CONTENT_DIR}/"]
