"""Generated projects with links, pipes and look-alike names at every level:
a build either succeeds or fails with MentorkitError, never waits for ever,
never publishes a file from outside the project, and never changes, adds
or removes anything outside it (follow_links is not set).
HYPOTHESIS_PROFILE=ci (what `make test` uses) runs more examples."""

from __future__ import annotations

import hashlib
import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.errors import MentorkitError

settings.register_profile("ci", max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

SECRET = "SECRET-7f3a9c"
TOKEN = "0123456789abcdef"
PLACES = [
    "content",
    "content/notes.md",
    "content/shared",
    "content/guide/deep.md",
    "themes",
    "themes/mine",
    "themes/mine/theme.yaml",
    "themes/mine/static/extra.css",
    "themes/mine/static/fonts",
    "themes/mine/templates/page.html",
    "themes/mine/templates/partials",
    "themes/mine/templates/.hidden.html",
    "themes/mine/i18n/en.yaml",
    "mentorkit.yaml",
    ".mentorkit-cache",
    ".mentorkit-cache/build.pickle",
    "site",
    "site/CNAME",
    "site/downloads",
    f".site.mentorkit-old-{TOKEN}",
    f".site.mentorkit-new-{TOKEN}",
    ".site.mentorkit-old-1",
    ".site.mentorkit-lock",
]
KINDS = [
    "link out to a file",
    "link out to a folder",
    "link out through a link inside",
    "link inside to a file",
    "link inside to a folder",
    "link to nothing",
    "link to itself",
    "pipe",
    "empty folder",
]


def snapshot(root: Path, skip: Path | None = None) -> dict[str, str]:
    found = {}
    for folder, dirs, files in os.walk(root):
        if skip is not None and Path(folder) == skip.parent:
            dirs[:] = [d for d in dirs if d != skip.name]
            files = [f for f in files if f != skip.name]
        for name in dirs + files:
            path = Path(folder) / name
            shown = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[shown] = "link to " + os.readlink(path)
            elif path.is_dir():
                found[shown] = "folder"
            elif path.is_file():
                found[shown] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[shown] = "special"
    return found


@contextmanager
def no_longer_than(seconds: int) -> Iterator[None]:
    def stop(*_: object) -> None:
        raise TimeoutError(f"the build took more than {seconds} s: it waits on something")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def make(root: Path) -> tuple[Path, Path]:
    outside = root / "outside"
    (outside / "folder" / "sub").mkdir(parents=True)
    text = f'title: "{SECRET}"\n\n{SECRET}\n'
    (outside / "file.md").write_text(text)
    for name in ("index.md", "theme.yaml", "page.html", "en.yaml", "extra.css", "sub/build.pickle"):
        (outside / "folder" / name).write_text(text)
    project = root / "project"
    (project / "content" / "guide").mkdir(parents=True)
    (project / "content" / "index.md").write_text("# Home\n")
    (project / "content" / "guide" / "index.md").write_text("# Guide\n")
    for folder in ("static", "templates", "i18n"):
        (project / "themes" / "mine" / folder).mkdir(parents=True)
    (project / "themes" / "mine" / "theme.yaml").write_text("extends: default\n")
    (project / "mentorkit.yaml").write_text("theme: mine\n")
    (project / "shared" / "folder").mkdir(parents=True)
    (project / "shared" / "inside.md").write_text("# Inside\n")
    (project / "shared" / "folder" / "index.md").write_text("# Inside folder\n")
    (project / "shared" / "out").symlink_to(outside / "folder")
    return project, outside


def place(project: Path, outside: Path, name: str, kind: str) -> None:
    path = project / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        for child in sorted(path.rglob("*"), reverse=True):
            child.unlink() if child.is_symlink() or not child.is_dir() else child.rmdir()
        path.rmdir()
    targets = {
        "link out to a file": outside / "file.md",
        "link out to a folder": outside / "folder",
        "link out through a link inside": project / "shared" / "out",
        "link inside to a file": project / "shared" / "inside.md",
        "link inside to a folder": project / "shared" / "folder",
        "link to nothing": project / "shared" / "nothing",
        "link to itself": path,
    }
    if kind in targets:
        path.symlink_to(targets[kind])
    elif kind == "pipe":
        os.mkfifo(path)
    else:
        path.mkdir()


def published(project: Path) -> str:
    """The text of every plain file the build made or left in the project (links not followed)."""
    found = []
    for folder, _, files in os.walk(project):
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink() and path.is_file():
                found.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(found)


@given(st.dictionaries(st.sampled_from(PLACES), st.sampled_from(KINDS), min_size=1, max_size=4), st.booleans())
def test_links_and_pipes_anywhere(placed: dict[str, str], twice: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        project, outside = make(root)
        for name in sorted(placed, key=len):  # a folder before what goes in it
            parents = [project.joinpath(*name.split("/")[:n]) for n in range(1, name.count("/") + 1)]
            if not any(parent.is_symlink() or (parent.exists() and not parent.is_dir()) for parent in parents):
                place(project, outside, name, placed[name])
        assert SECRET not in published(project)
        before = snapshot(root, skip=project)
        for _ in range(2 if twice else 1):
            with no_longer_than(60):
                try:
                    build(project)
                except MentorkitError as exc:
                    assert exc.problems and all(p.path and p.message for p in exc.problems)
        assert snapshot(root, skip=project) == before, "nothing outside the project changed"
        assert SECRET not in published(project), "nothing from outside was published"
