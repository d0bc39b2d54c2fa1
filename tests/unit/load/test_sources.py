from pathlib import Path

from generator.load.sources import load_sources


def test_assets_are_kept_as_bytes(tmp_path: Path) -> None:
    (tmp_path / "content" / "img").mkdir(parents=True)
    (tmp_path / "content" / "index.md").write_text("# Hi\n")
    (tmp_path / "content" / "img" / "p.png").write_bytes(b"\x89PNG")
    sources = load_sources(tmp_path)
    assert [p.rel for p in sources.pages] == ["index.md"]
    assert [(a.rel, a.data) for a in sources.assets] == [("img/p.png", b"\x89PNG")]
