"""The handbook PDF made in parts and joined (render/pdf_join.py, a spike for issue 24)
reads as the handbook made as one document does: pages, page numbers, contents,
outline, links, form fields and the structure tree for screen readers."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

pikepdf = pytest.importorskip("pikepdf")

sys.path.insert(0, str(Path(__file__).parent))
from pdf_compare import (  # noqa: E402
    differences,
    links,
    marked_content_problems,
    outline,
    page_texts,
    parent_tree_problems,
    structure,
)

REPO = Path(__file__).resolve().parent.parent
PARAGRAPH = "A mentor listens first and asks before advising. " * 30


def chapter(title: str, order: int, links_to: list[str]) -> str:
    sections = "".join(f"## {title} part {n}\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n" for n in range(1, 4))
    see = "".join(f"- [{target}]({target}.md)\n" for target in links_to)
    return f"---\ntitle: {title}\norder: {order}\n---\n\n{sections}## See also\n\n{see}"


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, dict[str, Any], dict[str, bytes]]:
    """The handbook document a `build --pdf` hands WeasyPrint, and the files it serves."""
    project = tmp_path_factory.mktemp("parts")
    guide = project / "content" / "guide"
    guide.mkdir(parents=True)
    (project / "mentorkit.yaml").write_text("title: Tiny handbook\n")
    (project / "content" / "index.md").write_text("# Tiny handbook\n\nStart with [listening](guide/listening.md).\n")
    names = ["listening", "questions", "feedback", "goals-talk", "endings"]
    for order, name in enumerate(names):
        others = [n for n in names if n != name][:2]
        (guide / f"{name}.md").write_text(chapter(name.replace("-", " ").capitalize(), order, others))
    (project / "content" / "forms").mkdir()
    shutil.copy(REPO / "content" / "en" / "forms" / "goals.md", project / "content" / "forms" / "goals.md")
    return capture(project)


def capture(project: Path) -> tuple[str, str, dict[str, Any], dict[str, bytes]]:
    import weasyprint

    import generator.processes
    import generator.render.pdf
    from generator.build import BuildOptions, build

    kept: list[tuple[str, str, dict[str, Any]]] = []
    served: dict[str, bytes] = {}

    class Kept:
        def __init__(self, string: str, base_url: str, url_fetcher: object) -> None:
            self.string, self.base_url = string, base_url

        def write_pdf(self, **options: Any) -> bytes:
            kept.append((self.string, self.base_url, options))
            return b"%PDF-1.7\n"

    fetcher = generator.render.pdf._fetcher

    def keeping(module: Any, files: dict[str, bytes]) -> Any:
        served.update(files)
        return fetcher(module, files)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(weasyprint, "HTML", Kept)
        patch.setattr(generator.render.pdf, "_fetcher", keeping)
        patch.setattr(generator.processes, "_cores", lambda: 1)
        build(project, BuildOptions(project / "site", pdf=True, cache="off"))
    html, base_url, options = next(k for k in kept if k[1].endswith("/handbook.html"))
    return html, base_url, options, served


@pytest.fixture(scope="module")
def whole(captured: tuple[str, str, dict[str, Any], dict[str, bytes]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook as one document."""
    import weasyprint

    from generator.render.pdf import _fetcher

    html, base_url, options, served = captured
    pdf = tmp_path_factory.mktemp("whole") / "whole.pdf"
    pdf.write_bytes(weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher(weasyprint, served)).write_pdf(**options))
    return pdf


@pytest.fixture(scope="module", params=["part by part", "in memory"])
def pdfs(
    request: pytest.FixtureRequest,
    captured: tuple[str, str, dict[str, Any], dict[str, bytes]],
    whole: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path, Any]:
    """The handbook as one document, and made in three chapter parts and the front on two processes,
    joined part by part (pdf_stream_join) or in one pikepdf document (pdf_memory_join.join)."""
    from generator.render.pdf_join import make_in_parts

    html, base_url, options, served = captured
    folder = tmp_path_factory.mktemp("pdfs")
    made = make_in_parts(html, base_url, served, options, parts=3, workers=2, streaming=request.param == "part by part")
    joined = folder / "joined.pdf"
    joined.write_bytes(made.pdf)
    return whole, joined, made


@pytest.mark.pdf
def test_the_joined_handbook_reads_as_the_one_document_handbook(pdfs: tuple[Path, Path, Any]) -> None:
    whole, joined, made = pdfs
    assert len(made.parts) == 4  # the front and three parts of chapters
    assert all(part.pages > 0 for part in made.parts)
    assert differences(whole, joined) == []


@pytest.mark.pdf
def test_every_page_but_the_cover_says_its_number_of_the_whole(pdfs: tuple[Path, Path, Any]) -> None:
    _, joined, _ = pdfs
    texts = page_texts(joined)
    assert "Page" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert text.split()[-4:] == ["Page", str(number), "of", str(len(texts))]


@pytest.mark.pdf
def test_the_contents_give_each_chapters_first_page(pdfs: tuple[Path, Path, Any]) -> None:
    _, joined, _ = pdfs
    texts = page_texts(joined)
    contents = texts[1]
    for line in contents.splitlines():
        if "Questions" in line:
            number = int(line.split()[-1])
            assert lines(texts[number - 1])[1] == "Questions"  # after the running heads
            break
    else:
        pytest.fail("the contents do not list the chapter")


@pytest.mark.pdf
def test_links_and_the_outline_lead_across_parts(pdfs: tuple[Path, Path, Any]) -> None:
    _, joined, made = pdfs
    starts = [0]
    for part in made.parts:
        starts.append(starts[-1] + part.pages)

    def part_of(page: int) -> int:
        return next(i for i in range(len(made.parts)) if starts[i] <= page < starts[i + 1])

    with pikepdf.open(joined) as pdf:
        found = links(pdf)
        items = outline(pdf)
        texts = page_texts(joined)
        assert all(target >= 0 for _, _, target in found)
        across = [(page, name, target) for page, name, target in found if part_of(page) != part_of(target)]
        assert across  # the contents, and chapters linking to chapters in other parts
        for _, name, target in across:
            if name == "guide-questions":
                assert lines(texts[target])[1] == "Questions"
        titles = [(depth, title) for depth, title, _ in items]
        assert (0, "Questions") in titles and (1, "Questions part 1") in titles
        assert (1, "Goal worksheet") in titles  # the form, under the appendix, though in another part than its title
        for _, _, page in items:
            assert page >= 0


@pytest.mark.pdf
def test_the_structure_tree_is_one_tree(pdfs: tuple[Path, Path, Any]) -> None:
    whole, joined, _ = pdfs
    with pikepdf.open(whole) as a, pikepdf.open(joined) as b:
        assert structure(a) == structure(b)
        assert parent_tree_problems(b) == []
        assert marked_content_problems(b) == []
        kids = b.Root.StructTreeRoot.K[0].K
        assert all(kid.P.objgen == b.Root.StructTreeRoot.K[0].objgen for kid in kids)
        assert str(b.Root.Lang) == "en" and bool(b.Root.MarkInfo.Marked)
        assert 'pdfuaid:part="1"' in str(b.open_metadata())


@pytest.mark.pdf
def test_long_contents_are_laid_out_in_pieces_of_whole_sheets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Contents of three sheets, looked through ten entries at a time, make pieces that join as the one document."""
    import weasyprint

    import generator.render.pdf_front
    from generator.render.pdf import _fetcher
    from generator.render.pdf_join import make_in_parts

    (tmp_path / "content" / "guide").mkdir(parents=True)
    (tmp_path / "mentorkit.yaml").write_text("title: Many pages\n")
    (tmp_path / "content" / "index.md").write_text("# Many pages\n\nSee [the last](guide/page-89.md).\n")
    for number in range(90):
        text = (
            f"---\ntitle: Page {number} with a title\norder: {number}\n---\n\nA short page. See [the next](page-{(number + 1) % 90}.md).\n"
        )
        (tmp_path / "content" / "guide" / f"page-{number}.md").write_text(text)
    html, base_url, options, served = capture(tmp_path)
    whole = tmp_path / "whole.pdf"
    whole.write_bytes(weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher(weasyprint, served)).write_pdf(**options))
    monkeypatch.setattr(generator.render.pdf_front, "BATCH", 10)  # the processes are forked: they see it
    joined = tmp_path / "joined.pdf"
    with joined.open("wb") as target:
        made = make_in_parts(html, base_url, served, options, parts=3, workers=2, target=target)
    assert made.front_parts > 2
    assert differences(whole, joined) == []
