from pathlib import Path

from generator.load.sources import load_sources


def test_assets_are_kept_as_bytes(tmp_path: Path) -> None:
    (tmp_path / "content" / "img").mkdir(parents=True)
    (tmp_path / "content" / "index.md").write_text("# Hi\n")
    (tmp_path / "content" / "img" / "p.png").write_bytes(b"\x89PNG")
    sources = load_sources(tmp_path)
    assert [p.rel for p in sources.pages] == ["index.md"]
    assert [(a.rel, a.data) for a in sources.assets] == [("img/p.png", b"\x89PNG")]


def test_pipes_and_broken_links_are_reported_not_read(tmp_path: Path) -> None:
    """A pipe would wait for a writer for ever; a link to nothing cannot be read: both are named, all at once."""
    import os

    import pytest

    from generator.errors import MentorkitError

    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text("# Hi\n")
    os.mkfifo(content / "notes.md")
    os.mkfifo(tmp_path / "elsewhere")
    (content / "linked.md").symlink_to(tmp_path / "elsewhere")
    (content / "gone.md").symlink_to(tmp_path / "missing.md")
    with pytest.raises(MentorkitError) as raised:
        load_sources(tmp_path)
    assert [p.format() for p in raised.value.problems] == [
        "content/gone.md: error: is a link to a file that does not exist\n  remove it from content/, or put the file it stands for there",
        "content/linked.md: error: is not a file but a pipe, socket or device\n  remove it from content/, or put the file it stands for there",
        "content/notes.md: error: is not a file but a pipe, socket or device\n  remove it from content/, or put the file it stands for there",
    ]
