from pathlib import Path

from generator.load.config import MarkdownOptions
from generator.load.sources import load_sources
from generator.parse.files import parse_files


def test_parsing_collects_every_bad_file(tmp_path: Path) -> None:
    (tmp_path / "content" / "sub").mkdir(parents=True)
    (tmp_path / "content" / "a.md").write_bytes(b"---\ntitle: [\n---\n")
    (tmp_path / "content" / "sub" / "b.md").write_bytes(b"\xff")
    (tmp_path / "content" / "sub" / "pic.png").write_bytes(b"PNG")
    (tmp_path / "content" / ".hidden.md").write_bytes(b"\xff")
    sources = load_sources(tmp_path)
    assert [f.rel for f in sources.pages] == ["a.md", "sub/b.md"]
    results = parse_files(sources.pages, MarkdownOptions(), {})
    assert [(p.path, p.line) for _, problems in results for p in problems] == [("content/a.md", 2), ("content/sub/b.md", 1)]
