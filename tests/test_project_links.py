"""Links at every level of a project, pipes where files should be, and
names beside the output: a hostile project (a contributor's pull request
built in CI) must not make mentorkit read, publish or write anything
outside it, nor wait for ever. Each case runs the real command line and
checks its exact message, its exit code, and that every file outside the
output is as it was."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "the builder's private key"
HINT = "  copy what it leads to into the project, or set 'follow_links: true' in mentorkit.yaml if you trust where it leads\n"


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under `root` by kind and content, links not followed."""
    found = {}
    for folder, dirs, files in os.walk(root):
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


def mentorkit(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", str(project), *args],
        capture_output=True,
        text=True,
        timeout=120,  # a pipe read without care would wait for ever
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, Path]:
    """A project, and beside it a folder of the builder's that no build may touch."""
    outside = tmp_path / "outside"
    (outside / "keys").mkdir(parents=True)
    (outside / "keys" / "id_ed25519").write_text(SECRET)
    (outside / "secret.md").write_text(f"# {SECRET}\n")
    (outside / "en.yaml").write_text(f"search.label: {SECRET}\n")
    (outside / "page.html").write_text(SECRET)
    (outside / "theme.yaml").write_text(f"description: {SECRET}\n")
    (outside / "mentorkit.yaml").write_text(f"title: {SECRET}\n")
    (outside / "content").mkdir()
    (outside / "content" / "index.md").write_text(f"# {SECRET}\n")
    (outside / "theme" / "static").mkdir(parents=True)
    (outside / "theme" / "theme.yaml").write_text("extends: default\n")
    (outside / "theme" / "static" / "key.txt").write_text(SECRET)
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content" / "index.md").write_text("# Home\n")
    (project / "themes" / "mine" / "static").mkdir(parents=True)
    (project / "themes" / "mine" / "templates").mkdir()
    (project / "themes" / "mine" / "i18n").mkdir()
    (project / "themes" / "mine" / "theme.yaml").write_text("extends: default\n")
    (project / "mentorkit.yaml").write_text("theme: mine\n")
    return project, outside


def link(project: Path, name: str, target: Path) -> None:
    path = project / name
    if path.is_dir() and not path.is_symlink():
        for child in sorted(path.rglob("*"), reverse=True):
            child.rmdir() if child.is_dir() else child.unlink()
        path.rmdir()
    elif path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


# (the link, what it leads to under outside/, the name the message gives)
LEVELS = [
    ("content", "content", "content"),
    ("content/notes.md", "secret.md", "content/notes.md"),
    ("content/keys", "keys", "content/keys"),
    ("content/deep/er/keys", "keys", "content/deep/er/keys"),
    ("themes", "theme-parent", "themes"),
    ("themes/mine", "theme", "themes/mine"),
    ("themes/mine/theme.yaml", "theme.yaml", "themes/mine/theme.yaml"),
    ("themes/mine/static/key.txt", "keys/id_ed25519", "themes/mine/static/key.txt"),
    ("themes/mine/static/keys", "keys", "themes/mine/static/keys"),
    ("themes/mine/templates/page.html", "page.html", "themes/mine/templates/page.html"),
    ("themes/mine/templates/.hidden", "page.html", "themes/mine/templates/.hidden"),
    ("themes/mine/templates/partials", "keys", "themes/mine/templates/partials"),
    ("themes/mine/i18n/en.yaml", "en.yaml", "themes/mine/i18n/en.yaml"),
    ("mentorkit.yaml", "mentorkit.yaml", "mentorkit.yaml"),
    (".mentorkit-cache", "keys", ".mentorkit-cache"),
    ("site", "keys", "site"),
]
OTHER_HINTS = {
    ".mentorkit-cache": "  delete the link (mentorkit makes the folder itself), or build with --no-cache\n",
    "site": "  delete the link, or choose where the site goes with --output\n",
}


@pytest.mark.parametrize("name,target,shown", LEVELS, ids=[level[0] for level in LEVELS])
def test_a_link_out_of_the_project_at_any_level_is_refused(world: tuple[Path, Path], name: str, target: str, shown: str) -> None:
    project, outside = world
    if name == "themes":  # a themes folder elsewhere, holding the theme 'mine'
        (outside / "theme-parent").mkdir()
        (outside / "theme-parent" / "mine").symlink_to(outside / "theme")
    link(project, name, outside / target)
    before = snapshot(project.parent)
    result = mentorkit(project)
    assert result.stderr == (
        f"{shown}: error: is a link to {(outside / target).resolve()}, outside the project\n"
        + OTHER_HINTS.get(name, HINT)
        + "Stopped: 1 error; nothing was written.\n"
    )
    assert result.returncode == 1
    assert snapshot(project.parent) == before, "nothing written, inside the project or out of it"


def test_every_link_out_is_reported_at_once(world: tuple[Path, Path]) -> None:
    project, outside = world
    link(project, "content/notes.md", outside / "secret.md")
    link(project, "content/keys", outside / "keys")
    link(project, "themes/mine/static/key.txt", outside / "keys" / "id_ed25519")
    link(project, "themes/mine/templates/page.html", outside / "page.html")
    link(project, "site", outside / "keys")
    link(project, ".mentorkit-cache", outside / "keys")
    before = snapshot(project.parent)
    result = mentorkit(project)
    assert result.stderr == (
        f"site: error: is a link to {outside.resolve()}/keys, outside the project\n  {OTHER_HINTS['site'].strip()}\n"
        f".mentorkit-cache: error: is a link to {outside.resolve()}/keys, outside the project\n  {OTHER_HINTS['.mentorkit-cache'].strip()}\n"
        f"themes/mine/static/key.txt: error: is a link to {outside.resolve()}/keys/id_ed25519, outside the project\n{HINT}"
        f"themes/mine/templates/page.html: error: is a link to {outside.resolve()}/page.html, outside the project\n{HINT}"
        f"content/keys: error: is a link to {outside.resolve()}/keys, outside the project\n{HINT}"
        f"content/notes.md: error: is a link to {outside.resolve()}/secret.md, outside the project\n{HINT}"
        "Stopped: 6 errors; nothing was written.\n"
    )
    assert result.returncode == 1
    assert snapshot(project.parent) == before


def site_text(project: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in (project / "site").rglob("*") if p.is_file())


def test_follow_links_lets_links_lead_out(world: tuple[Path, Path]) -> None:
    project, outside = world
    link(project, "content/notes.md", outside / "secret.md")
    link(project, "themes/mine/static/key.txt", outside / "keys" / "id_ed25519")
    (project / "mentorkit.yaml").write_text("theme: mine\nfollow_links: true\n")
    before = snapshot(outside)
    result = mentorkit(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "theme" / "key.txt").read_text() == SECRET
    assert SECRET in (project / "site" / "notes.html").read_text()
    assert snapshot(outside) == before


def test_a_config_out_of_the_project_counts_only_when_it_says_follow_links(world: tuple[Path, Path]) -> None:
    project, outside = world
    link(project, "mentorkit.yaml", outside / "mentorkit.yaml")
    assert mentorkit(project).returncode == 1
    (outside / "mentorkit.yaml").write_text("title: Shared settings\nfollow_links: true\n")
    result = mentorkit(project)
    assert result.returncode == 0, result.stderr
    assert "Shared settings" in (project / "site" / "index.html").read_text()


def test_a_config_out_of_the_project_that_is_not_yaml_is_not_shown(world: tuple[Path, Path]) -> None:
    project, outside = world
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n: [\n")
    link(project, "mentorkit.yaml", outside / "passwd")
    result = mentorkit(project)
    assert result.stderr == (
        f"mentorkit.yaml: error: is a link to {outside.resolve()}/passwd, outside the project\n{HINT}Stopped: 1 error; nothing was written.\n"
    )


def test_links_that_stay_inside_the_project_work(world: tuple[Path, Path]) -> None:
    project, _ = world
    shared = project / "shared"
    (shared / "pages").mkdir(parents=True)
    (shared / "pages" / "about.md").write_text("# About us\n")
    (shared / "theme" / "static").mkdir(parents=True)
    (shared / "theme" / "theme.yaml").write_text("extends: default\n")
    (shared / "theme" / "static" / "logo.txt").write_text("our logo")
    (shared / "config.yaml").write_text("title: Linked inside\ntheme: linked\n")
    link(project, "content/about", shared / "pages")
    link(project, "content/me.md", Path("about/about.md"))
    link(project, "themes/linked", Path("../shared/theme"))
    link(project, "mentorkit.yaml", Path("shared/config.yaml"))
    result = mentorkit(project, "--strict")
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "theme" / "logo.txt").read_text() == "our logo"
    assert "About us" in (project / "site" / "about" / "about.html").read_text()
    assert "About us" in (project / "site" / "me.html").read_text()
    assert "Linked inside" in (project / "site" / "index.html").read_text()


PIPES = [
    ("mentorkit.yaml", "mentorkit.yaml: error: is not a file but a pipe, socket or device\n  make it a plain file of settings\n"),
    ("themes/mine/theme.yaml", "themes/mine/theme.yaml: error: is not a file but a pipe, socket or device\n  make it a plain file\n"),
    (
        "themes/mine/static/feed",
        "themes/mine/static/feed: error: is not a file but a pipe, socket or device\n  make it a plain file, or remove it\n",
    ),
    (
        "themes/mine/templates/page.html",
        "themes/mine/templates/page.html: error: is not a file but a pipe, socket or device\n  make it a plain file, or remove it\n",
    ),
    (
        "themes/mine/i18n/en.yaml",
        "themes/mine/i18n/en.yaml: error: is not a file but a pipe, socket or device\n  make it a plain file, or remove it\n",
    ),
    (
        "content/feed.md",
        "content/feed.md: error: is not a file but a pipe, socket or device\n"
        "  remove it from content/, or put the file it stands for there\n",
    ),
]


@pytest.mark.parametrize("name,message", PIPES, ids=[p[0] for p in PIPES])
def test_a_pipe_anywhere_mentorkit_reads_is_refused(world: tuple[Path, Path], name: str, message: str) -> None:
    project, _ = world
    (project / name).unlink(missing_ok=True)
    os.mkfifo(project / name)
    before = snapshot(project.parent)
    result = mentorkit(project)
    assert result.stderr == message + "Stopped: 1 error; nothing was written.\n"
    assert result.returncode == 1
    assert snapshot(project.parent) == before


CACHE_CASES = [
    ("build.pickle", "pipe"),
    ("parsed.pickle", "pipe"),
    ("last-build.json", "pipe"),
    ("build.pickle", "link"),
    ("last-build.json", "link"),
    (".gitignore", "link to nothing"),
]


@pytest.mark.parametrize("name,kind", CACHE_CASES, ids=[f"{name} {kind}" for name, kind in CACHE_CASES])
def test_a_pipe_or_a_link_in_the_cache_is_never_read_nor_written_through(world: tuple[Path, Path], name: str, kind: str) -> None:
    project, outside = world
    assert mentorkit(project).returncode == 0
    (project / "content" / "index.md").write_text("# Home again\n")
    cache = project / ".mentorkit-cache"
    (cache / name).unlink()
    if kind == "pipe":
        os.mkfifo(cache / name)
    else:
        (cache / name).symlink_to(outside / ("keys/id_ed25519" if kind == "link" else "planted"))
    before = snapshot(outside)
    result = mentorkit(project)
    assert result.returncode == 0, result.stderr
    assert "Home again" in (project / "site" / "index.html").read_text()
    assert snapshot(outside) == before, "nothing written out of the project"


def test_a_link_to_nothing_in_a_theme(world: tuple[Path, Path]) -> None:
    project, _ = world
    link(project, "themes/mine/static/gone.css", project / "nowhere.css")
    result = mentorkit(project)
    assert result.stderr == (
        "themes/mine/static/gone.css: error: is a link to a file that does not exist\n"
        "  make it a plain file, or remove it\nStopped: 1 error; nothing was written.\n"
    )


def test_names_beside_the_output_that_mentorkit_did_not_make_are_left_alone(world: tuple[Path, Path]) -> None:
    """A project that ships leftovers' names: a link to the builder's folder
    and a lock file that names it, and folders that look like leftovers."""
    project, outside = world
    token = "00112233aabbccdd"
    (project / f".site.mentorkit-old-{token}").symlink_to(outside / "keys")
    (project / ".site.mentorkit-lock").write_text(json.dumps({"pid": 1, "token": token}))
    (project / ".site.mentorkit-new-2").mkdir()
    (project / ".site.mentorkit-new-2" / "draft.txt").write_text("mine")
    (project / ".site.mentorkit-old-00112233aabbccdX").mkdir()
    before = {k: v for k, v in snapshot(project.parent).items() if k != "project/.site.mentorkit-lock"}
    result = mentorkit(project)
    assert result.returncode == 0, result.stderr
    assert SECRET not in site_text(project)
    after = snapshot(project.parent)
    assert {k: v for k, v in after.items() if not k.startswith(("project/site", "project/.mentorkit-cache"))} == before


CIRCLES = [
    ("content", "content: error: is a link in a circle: following it leads back to it\n"),
    ("content/notes.md", "content/notes.md: error: is a link in a circle: following it leads back to it\n"),
    ("themes/mine/static/loop.css", "themes/mine/static/loop.css: error: is a link in a circle: following it leads back to it\n"),
    ("site", "site: error: is a link in a circle: following it leads back to it\n"),
    (".mentorkit-cache", ".mentorkit-cache: error: is a link in a circle: following it leads back to it\n"),
]


@pytest.mark.parametrize("name,message", CIRCLES, ids=[c[0] for c in CIRCLES])
def test_a_link_in_a_circle_is_an_error(world: tuple[Path, Path], name: str, message: str) -> None:
    project, _ = world
    link(project, name, project / name)
    before = snapshot(project.parent)
    result = mentorkit(project)
    hint = {
        "site": "  delete the link, or choose where the site goes with --output\n",
        ".mentorkit-cache": "  delete the link (mentorkit makes the folder itself), or build with --no-cache\n",
    }.get(name, "  delete the link, or make it lead to a file or folder\n")
    assert result.stderr == message + hint + "Stopped: 1 error; nothing was written.\n"
    assert result.returncode == 1
    assert snapshot(project.parent) == before


def test_a_cache_that_is_not_a_folder_is_an_error(world: tuple[Path, Path]) -> None:
    project, _ = world
    (project / ".mentorkit-cache").write_text("not a folder")
    result = mentorkit(project)
    assert result.stderr == (
        ".mentorkit-cache: error: is not a folder\n"
        "  delete it (mentorkit makes the folder itself), or build with --no-cache\nStopped: 1 error; nothing was written.\n"
    )
    assert mentorkit(project, "--no-cache").returncode == 0


class RunsCode:
    """A pickle that makes a file as it loads, as a hostile one could run anything."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (Path.touch, (self.marker,))


def test_a_cache_shipped_in_the_project_is_never_loaded(world: tuple[Path, Path]) -> None:
    """A contributor's pull request could add a .mentorkit-cache of its own: its pickles would run code as they load."""
    project, outside = world
    marker = outside / "code-ran"
    (project / ".mentorkit-cache").mkdir()
    for name in ("build.pickle", "parsed.pickle"):
        (project / ".mentorkit-cache" / name).write_bytes(pickle.dumps(RunsCode(marker)))
    result = mentorkit(project)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    (project / "content" / "index.md").write_text("# Home again\n")
    assert mentorkit(project).returncode == 0 and not marker.exists()
    assert "Home again" in (project / "site" / "index.html").read_text()
