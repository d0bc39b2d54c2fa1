import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.preview.watcher import Changes, ProjectWatcher, relevant, start_watching


def test_what_the_watcher_ignores(tmp_path: Path) -> None:
    assert relevant(tmp_path, str(tmp_path / "mentorkit.yaml"))
    assert not relevant(tmp_path, str(tmp_path / "README.md"))
    assert relevant(tmp_path, str(tmp_path / "content" / "a.md"))
    assert not relevant(tmp_path, str(tmp_path / "content" / ".a.md.swp"))
    assert not relevant(tmp_path, str(tmp_path / "content" / "a.md~"))
    assert not relevant(tmp_path, str(tmp_path / ".mentorkit-cache" / "build.pickle"))


def seen(changes: Changes, path: Path, timeout: float = 5) -> bool:
    """Whether the watcher reports `path` within a few seconds (polling looks every half second)."""
    with changes.condition:
        return changes.condition.wait_for(lambda: str(path) in changes.paths, timeout=timeout)


@pytest.fixture(params=[False, True], ids=["events", "poll"])
def watched(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, Changes, ProjectWatcher]]:
    project = tmp_path / "project"
    project.mkdir()
    changes = Changes()
    watcher = start_watching(project.resolve(), (), changes, poll=request.param)
    yield project.resolve(), changes, watcher
    watcher.stop()


def test_folders_made_after_the_start_are_watched(watched: tuple[Path, Changes, ProjectWatcher]) -> None:
    project, changes, _ = watched
    (project / "content").mkdir()
    (project / "content" / "index.md").write_text("# Home\n")  # likely before the new folder is watched
    assert seen(changes, project / "content" / "index.md")
    (project / "content" / "guide").mkdir()
    (project / "content" / "guide" / "start.md").write_text("# Start\n")
    assert seen(changes, project / "content" / "guide" / "start.md")
    (project / "content" / "index.md").write_text("# Home, edited\n")
    changes.paths.clear()
    (project / "content" / "index.md").write_text("# Home, edited again\n")
    assert seen(changes, project / "content" / "index.md"), "a file the new folder held is watched for edits"

    (project / "themes" / "mine" / "templates").mkdir(parents=True)
    (project / "themes" / "mine" / "templates" / "page.html").write_text("{{ page.title }}")
    assert seen(changes, project / "themes" / "mine" / "templates" / "page.html")
    (project / "mentorkit.yaml").write_text("title: Late\n")
    assert seen(changes, project / "mentorkit.yaml")
    (project / "notes.txt").write_text("not part of the handbook")
    assert not seen(changes, project / "notes.txt", timeout=1.2)


def test_a_content_folder_removed_and_made_again(watched: tuple[Path, Changes, ProjectWatcher]) -> None:
    project, changes, _ = watched
    (project / "content").mkdir()
    (project / "content" / "a.md").write_text("# A\n")
    assert seen(changes, project / "content" / "a.md")
    shutil.rmtree(project / "content")
    assert seen(changes, project / "content")
    changes.paths.clear()
    (project / "content").mkdir()
    (project / "content" / "b.md").write_text("# B\n")
    assert seen(changes, project / "content" / "b.md")
    changes.paths.clear()
    (project / "content" / "b.md").write_text("# B, edited\n")
    assert seen(changes, project / "content" / "b.md")
    # Moved in whole from elsewhere: what it holds counts as changed.
    shutil.rmtree(project / "content")
    elsewhere = project.parent / "drafts"
    (elsewhere / "guide").mkdir(parents=True)
    (elsewhere / "guide" / "c.md").write_text("# C\n")
    elsewhere.rename(project / "content")
    assert seen(changes, project / "content" / "guide" / "c.md")
