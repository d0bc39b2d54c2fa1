from pathlib import Path

from generator.preview.watcher import relevant


def test_what_the_watcher_ignores(tmp_path: Path) -> None:
    assert relevant(tmp_path, str(tmp_path / "mentorkit.yaml"))
    assert not relevant(tmp_path, str(tmp_path / "README.md"))
    assert relevant(tmp_path, str(tmp_path / "content" / "a.md"))
    assert not relevant(tmp_path, str(tmp_path / "content" / ".a.md.swp"))
    assert not relevant(tmp_path, str(tmp_path / "content" / "a.md~"))
    assert not relevant(tmp_path, str(tmp_path / ".mentorkit-cache" / "build.pickle"))
