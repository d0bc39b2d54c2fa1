import os
import shutil
import threading
from pathlib import Path

import pytest

from generator.build import new_state
from generator.load import sources
from generator.preview.builder import InProcessBuild, os_problem
from generator.preview.server import Preview, _inject, is_loopback, resolve_request


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "guide").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "guide" / "index.html").write_text("guide")
    (tmp_path / "secret.txt").write_text("secret")
    return site


@pytest.mark.parametrize(
    "path,expected",
    [("/", "index.html"), ("/guide/", "guide/index.html"), ("/guide", "guide/index.html"), ("/index.html?x=1#y", "index.html")],
)
def test_paths_inside(root: Path, path: str, expected: str) -> None:
    assert resolve_request(root, path) == (root / expected).resolve()


@pytest.mark.parametrize(
    "path", ["/../secret.txt", "/%2e%2e/secret.txt", "/guide/%2E%2E%2F%2E%2E%2Fsecret.txt", "/a\\..\\secret.txt", "/%00", "/.hidden"]
)
def test_paths_outside_are_refused(root: Path, path: str) -> None:
    assert resolve_request(root, path) is None


def test_symlink_out_is_refused_and_missing_is_not_found(root: Path) -> None:
    (root / "link.txt").symlink_to(root.parent / "secret.txt")
    assert resolve_request(root, "/link.txt") is None
    missing = resolve_request(root, "/nothing.html")
    assert missing is not None and not missing.exists()


def test_live_script_goes_before_the_end_of_body() -> None:
    assert _inject(b"<html><body>x</body></html>") == b'<html><body>x<script src="/__mentorkit__/live.js"></script></body></html>'


def test_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


def _preview(project: Path) -> Preview:
    lock = threading.Lock()
    output = project.parent / "served"
    return Preview(output, InProcessBuild(project.resolve(), output, new_state(project, lock)), lock=lock, log=lambda line: None)


def _small_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "content" / "guide").mkdir(parents=True)
    (project / "content" / "index.md").write_text("# Home\n\n[Start](guide/start.md)\n")
    (project / "content" / "guide" / "start.md").write_text("# Start\n")
    return project


def test_a_file_removed_while_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _small_project(tmp_path)
    preview = _preview(project)
    assert preview.rebuild()
    read = sources.read_problem

    def removed_first(files: object, full: str, *args: object) -> object:
        os.unlink(full)  # listed a moment ago, gone now: the editor or git removed it
        return read(files, full, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(sources, "read_problem", removed_first)
    start = str(project.resolve() / "content" / "guide" / "start.md")
    # The watcher saw the removal while the build ran: nothing is announced, the next build tells.
    assert not preview.rebuild({start}, superseded=lambda: True)
    assert preview.problems == [] and preview.events[-1][1] == "reload"
    monkeypatch.setattr(sources, "read_problem", read)
    assert preview.rebuild({start})
    assert [p["text"] for p in preview.problems] == [
        "content/index.md:3: warning: page 'guide/start.md' not found (looked for content/guide/start.md)\n  check the file name and folder"
    ]


def test_a_folder_removed_while_being_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _small_project(tmp_path)
    preview = _preview(project)
    scandir = os.scandir

    def gone(path: str | Path) -> object:
        if str(path).endswith("guide"):
            shutil.rmtree(path)
        return scandir(path)

    monkeypatch.setattr(sources.os, "scandir", gone)
    assert not preview.rebuild()
    texts = [p["text"] for p in preview.problems]
    assert texts[0].startswith("content/guide: error: cannot be used: no such file or directory"), texts
    assert not any("internal error" in text for text in texts)


def test_os_problem_names_the_file_from_the_project(tmp_path: Path) -> None:
    error = PermissionError(13, "Permission denied", str(tmp_path / "content" / "a.md"))
    assert os_problem(tmp_path, error).format() == (
        "content/a.md: error: cannot be used: permission denied\n  check that it is there and that you may read it, then save again"
    )
