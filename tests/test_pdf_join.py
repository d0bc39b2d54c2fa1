"""The handbook PDF made in parts and joined (render/pdf_parts.py, pdf_jobs.py, pdf_join.py)
reads as the handbook made as one document does: pages, page numbers, contents,
outline, links, form fields and the structure tree for screen readers."""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

import generator.processes
import generator.render.pdf_jobs

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


def write_project(project: Path) -> Path:
    """Six pages linking to each other, and a form (the appendix)."""
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
    return project


def build_handbook(project: Path, output: Path, in_parts: bool, monkeypatch: pytest.MonkeyPatch, told: list[str] | None = None) -> Path:
    """`mentorkit build --pdf` of `project`, its handbook made in parts (one chapter each) or whole; what the
    progress says of each PDF goes to `told`."""
    from generator.build import BuildOptions, build

    def on_pdf(done: int, total: int, path: str) -> None:
        if told is not None:
            told.append(path)

    with monkeypatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        patch.setattr(generator.render.pdf_jobs, "PART_SIZE", 1)  # a chapter a part
        patch.setattr(generator.render.pdf_jobs, "LEAST_SIZE", 1 if in_parts else 10**12)
        build(project, BuildOptions(output, pdf=True, cache="off", on_pdf=on_pdf))
    return output / "handbook.pdf"


def made_in_parts(pdf: Path) -> bool:
    """Whether the join drew this PDF's page numbers (their font is named so)."""
    with pikepdf.open(pdf) as opened:
        fonts = opened.pages[-1].Resources.get("/Font", {})
        return any(str(font.get("/BaseFont", "")).startswith("/MKPAGE+") for font in fonts.values())


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("parts"))


@pytest.fixture(scope="module")
def pdfs(project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The handbook built as one document, and built in parts (each chapter, the appendix's title and the front)."""
    with pytest.MonkeyPatch.context() as patch:
        whole = build_handbook(project, tmp_path_factory.mktemp("whole") / "site", False, patch)
        joined = build_handbook(project, tmp_path_factory.mktemp("joined") / "site", True, patch)
    assert not made_in_parts(whole) and made_in_parts(joined)
    return whole, joined


@pytest.mark.pdf
def test_the_joined_handbook_reads_as_the_one_document_handbook(pdfs: tuple[Path, Path]) -> None:
    whole, joined = pdfs
    assert differences(whole, joined) == []


@pytest.mark.pdf
def test_every_page_but_the_cover_says_its_number_of_the_whole(pdfs: tuple[Path, Path]) -> None:
    _, joined = pdfs
    texts = page_texts(joined)
    assert "Page" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert text.split()[-4:] == ["Page", str(number), "of", str(len(texts))]


@pytest.mark.pdf
def test_the_contents_give_each_chapters_first_page(pdfs: tuple[Path, Path]) -> None:
    _, joined = pdfs
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
def test_links_and_the_outline_lead_across_parts(pdfs: tuple[Path, Path]) -> None:
    _, joined = pdfs
    with pikepdf.open(joined) as pdf:
        found = links(pdf)
        items = outline(pdf)
        texts = page_texts(joined)
        assert all(target >= 0 for _, _, target in found)
        across = [(page, name, target) for page, name, target in found if page != target]
        assert len(across) > 10  # the contents, and chapters linking to chapters (each chapter is a part of its own)
        for _, name, target in across:
            if name == "guide-questions":
                assert lines(texts[target])[1] == "Questions"
        titles = [(depth, title) for depth, title, _ in items]
        assert (0, "Questions") in titles and (1, "Questions part 1") in titles
        assert (1, "Goal worksheet") in titles  # the form, under the appendix, though in another part than its title
        for _, _, page in items:
            assert page >= 0


@pytest.mark.pdf
def test_the_structure_tree_is_one_tree(pdfs: tuple[Path, Path]) -> None:
    whole, joined = pdfs
    with pikepdf.open(whole) as a, pikepdf.open(joined) as b:
        assert structure(a) == structure(b)
        assert parent_tree_problems(b) == []
        assert marked_content_problems(b) == []
        kids = b.Root.StructTreeRoot.K[0].K
        assert all(kid.P.objgen == b.Root.StructTreeRoot.K[0].objgen for kid in kids)
        assert str(b.Root.Lang) == "en" and bool(b.Root.MarkInfo.Marked)
        assert 'pdfuaid:part="1"' in str(b.open_metadata())


@pytest.mark.pdf
def test_the_same_sources_give_the_same_joined_bytes_and_nothing_is_said(
    project: Path, pdfs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    _, joined = pdfs
    heard: list[logging.LogRecord] = []
    listener = logging.Handler(logging.WARNING)
    listener.emit = heard.append  # type: ignore[method-assign]
    logging.getLogger("fontTools").addHandler(listener)
    capfd.readouterr()
    try:
        again = build_handbook(project, tmp_path / "site", True, monkeypatch)
    finally:
        logging.getLogger("fontTools").removeHandler(listener)
    assert again.read_bytes() == joined.read_bytes()
    assert capfd.readouterr().err == ""
    assert heard == []  # fontTools told the terminal which font tables it dropped


@pytest.mark.pdf
@pytest.mark.parametrize("name", ["page", "étape"])  # the contents' links lead to ids with accents too
def test_long_contents_are_laid_out_in_pieces_of_whole_sheets(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Contents of three sheets, looked through ten entries at a time, make pieces that join as the one document."""
    import generator.render.pdf_front

    (tmp_path / "content" / "guide").mkdir(parents=True)
    (tmp_path / "mentorkit.yaml").write_text("title: Many pages\n")
    (tmp_path / "content" / "index.md").write_text(f"# Many pages\n\nSee [the last](guide/{name}-89.md).\n")
    for number in range(90):
        text = f"---\ntitle: Page {number} with a title\norder: {number}\n---\n\nA short page. See [the next]({name}-{(number + 1) % 90}.md).\n"
        (tmp_path / "content" / "guide" / f"{name}-{number}.md").write_text(text)
    whole = build_handbook(tmp_path, tmp_path / "whole", False, monkeypatch)
    pieces: list[Any] = []
    where = generator.render.pdf_front.where_sheets_end
    monkeypatch.setattr(generator.render.pdf_front, "BATCH", 10)
    monkeypatch.setattr(generator.processes, "_cores", lambda: 1)  # in this process, to see the pieces found
    monkeypatch.setattr(generator.render.pdf_jobs, "where_sheets_end", lambda *args: pieces.extend(where(*args)) or list(pieces))
    joined = build_handbook(tmp_path, tmp_path / "joined", True, monkeypatch)
    assert made_in_parts(joined) and len(pieces) > 2
    assert differences(whole, joined) == []


@pytest.mark.pdf
def test_a_handbook_whose_theme_restyles_it_is_made_whole(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A project's own handbook.css may let chapters run on or number pages its own way: parts could not be exact."""
    copy = shutil.copytree(project, tmp_path / "project")
    static = copy / "themes" / "mine" / "static"
    static.mkdir(parents=True)
    (copy / "themes" / "mine" / "theme.yaml").write_text("extends: default\n")
    (static / "handbook.css").write_text(
        (REPO / "themes" / "default" / "static" / "handbook.css").read_text() + "\n.chapter { break-before: auto; }\n"
    )
    (copy / "mentorkit.yaml").write_text("title: Tiny handbook\ntheme: mine\n")
    told: list[str] = []
    assert not made_in_parts(build_handbook(copy, tmp_path / "site", True, monkeypatch, told))
    why = "handbook.pdf is made as one document, which takes longer and more memory: the theme has its own handbook"
    assert any(line.startswith(why) for line in told), told


@pytest.mark.pdf
def test_a_page_with_its_own_style_element_is_made_whole(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A <style> in a page's HTML applies to the whole handbook, not only the part holding it."""
    copy = shutil.copytree(project, tmp_path / "project")
    page = copy / "content" / "guide" / "endings.md"
    page.write_text(page.read_text() + "\n<style>h2 { color: #333; }</style>\n")
    told: list[str] = []
    assert not made_in_parts(build_handbook(copy, tmp_path / "site", True, monkeypatch, told))
    why = "handbook.pdf is made as one document, which takes longer and more memory: content/guide/endings.md holds '<style'"
    assert any(line.startswith(why) for line in told), told


@pytest.mark.pdf
def test_with_no_temporary_folder_to_write_parts_to_the_handbook_is_made_whole(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TMPDIR a file (or missing, read-only, full): the parts cannot be written, so the handbook is made as one
    document, and the progress says so, not a traceback."""
    import tempfile

    not_a_folder = tmp_path / "tmp"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    told: list[str] = []
    pdf = build_handbook(project, tmp_path / "site", True, monkeypatch, told)
    assert not made_in_parts(pdf) and len(page_texts(pdf)) > 6
    why = "handbook.pdf is made as one document, which takes longer and more memory: no temporary folder takes its parts"
    assert any(line.startswith(why) for line in told), told


def tiny_png() -> bytes:
    """A 4 x 4 blue picture."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x00\x00\xff" * 4 for _ in range(4))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.mark.pdf
@pytest.mark.parametrize("in_parts", [False, True])
def test_raw_html_addresses_lead_from_their_page_s_folder(
    in_parts: bool, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page in guide/ whose raw HTML shows <img src="diagram.png"> and links <a href="questions.html">: the
    handbook is laid out from the site's root, where those addresses were read, so the picture was its alt
    text and the link led to a web address; they are read from the page's folder, as the page itself does."""
    copy = shutil.copytree(project, tmp_path / "project")
    (copy / "content" / "guide" / "diagram.png").write_bytes(tiny_png())
    page = copy / "content" / "guide" / "listening.md"
    raw = '<p><img src="diagram.png" alt="Diagram of a talk"> <a href="questions.html">Raw link to questions</a></p>'
    page.write_text(page.read_text() + f"\n{raw}\n")
    pdf = build_handbook(copy, tmp_path / "site", in_parts, monkeypatch)
    assert made_in_parts(pdf) == in_parts
    assert "Diagram of a talk" not in "".join(page_texts(pdf)), "the picture is drawn, not its alt text"
    with pikepdf.open(pdf) as opened:
        found = links(opened)
        addresses = [str(a.A.URI) for p in opened.pages for a in p.obj.get("/Annots", []) if "/A" in a and "/URI" in a.A]
    assert not [a for a in addresses if "questions" in a], addresses
    texts = page_texts(pdf)
    raw_links = [target for page_number, name, target in found if name == "guide-questions" and "Raw link" in texts[page_number]]
    assert raw_links and lines(texts[raw_links[0]])[1] == "Questions"


@pytest.mark.pdf
def test_the_weasyprint_installed_has_what_the_parts_reach_into() -> None:
    """The parts rely on three internals of WeasyPrint 70 (a page's boxes, its strings, a text box's font);
    another version without them makes the handbook whole, which this would catch."""
    from generator.render.pdf_parts import weasyprint_can_cut

    assert weasyprint_can_cut()


@pytest.mark.pdf
def test_links_to_headings_with_accents_lead_where_they_do_in_the_one_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A French handbook's ids hold accents ("le-mentoré"): a link to another part must still find them."""
    guide = tmp_path / "content" / "guide"
    guide.mkdir(parents=True)
    (tmp_path / "mentorkit.yaml").write_text("title: Le manuel\nlanguage: fr\n")
    (tmp_path / "content" / "index.md").write_text(
        "# Accueil\n\nVoir [le mentoré](guide/roles.md#le-mentoré) et [l'écoute](guide/écoute.md).\n"
    )
    (guide / "roles.md").write_text(f"---\ntitle: Rôles\norder: 1\n---\n\n## Le mentoré\n\n{PARAGRAPH}\n")
    (guide / "écoute.md").write_text(f"---\ntitle: Écoute\norder: 2\n---\n\n{PARAGRAPH}\n\nVoir [le mentoré](roles.md#le-mentoré).\n")
    whole = build_handbook(tmp_path, tmp_path / "whole", False, monkeypatch)
    joined = build_handbook(tmp_path, tmp_path / "joined", True, monkeypatch)
    assert made_in_parts(joined)
    with pikepdf.open(whole) as pdf:
        assert {"guide-roles--le-mentoré", "guide-écoute"} <= {name for _, name, _ in links(pdf)}
    assert differences(whole, joined) == []


@pytest.mark.pdf
def test_pages_named_contents_and_appendix_keep_the_handbook_s_own_anchors(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """content/contents.md and content/appendix.md are chapters `#contents` and `#appendix`; the handbook's own
    contents and appendix title have ids no page can take, so the contents' "Appendix" leads to the appendix's
    title, not to the page, and the handbook is still made in parts, reading as the one document."""
    copy = shutil.copytree(project, tmp_path / "project")
    (copy / "content" / "contents.md").write_text(f"---\ntitle: What the box holds\n---\n\n{PARAGRAPH}\n")
    (copy / "content" / "appendix.md").write_text(f"---\ntitle: Further reading\n---\n\n{PARAGRAPH}\n")
    whole = build_handbook(copy, tmp_path / "whole", False, monkeypatch)
    joined = build_handbook(copy, tmp_path / "joined", True, monkeypatch)
    assert made_in_parts(joined)
    assert differences(whole, joined) == []
    texts = page_texts(joined)
    with pikepdf.open(joined) as pdf:
        found = {name: target for _, name, target in links(pdf)}
    assert lines(texts[found["handbook:appendix"]])[1] == "Appendix: forms"
    assert lines(texts[found["appendix"]])[1] == "Further reading"
    assert lines(texts[found["contents"]])[1] == "What the box holds"


@pytest.mark.pdf
def test_the_progress_names_the_parts_once_the_pdfs_are_counted(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Piped, `build --pdf` says how many PDFs there are once, then a line for each PDF and each part laid out."""
    from generator.build import BuildOptions, build
    from generator.cli_output import Voice

    voice = Voice()
    voice.start_progress(True, "")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.setattr(generator.render.pdf_jobs, "PART_SIZE", 1)
    monkeypatch.setattr(generator.render.pdf_jobs, "LEAST_SIZE", 1)
    monkeypatch.setattr(generator.processes, "_cores", lambda: 1)  # the parts before the form's PDF: none done yet
    build(project, BuildOptions(tmp_path / "site", pdf=True, cache="off", note=voice.note, on_pdf=voice.pdf))
    shown = capsys.readouterr().err.splitlines()
    assert shown.count("made the HTML pages; 2 PDFs to make") == 1, shown
    assert "PDF 0/2: handbook.pdf (part 1 of 8)" in shown and "PDF 2/2: handbook.pdf" in shown  # 6 pages, the appendix, a form


@pytest.mark.pdf
def test_the_parts_folder_a_killed_build_left_goes_with_the_next_build(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed (SIGTERM, the OOM killer), a build leaves its parts' PDFs in the temporary folder: the next build
    in parts removes them, and leaves alone a folder whose build is still running (holding its lock)."""
    import fcntl
    import os
    import tempfile

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    left = [Path(tempfile.mkdtemp(prefix="mentorkit-pdf-parts-")) for _ in range(2)]
    for folder in left:
        (folder / "lock").touch()
        (folder / "part-1-2.pdf").write_bytes(b"%PDF-1.7 half written")
        os.utime(folder, (0, 0))
    running = os.open(left[1] / "lock", os.O_RDWR)
    fcntl.flock(running, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        assert made_in_parts(build_handbook(project, tmp_path / "site", True, monkeypatch))
        assert sorted(temp.iterdir()) == [left[1]]
    finally:
        os.close(running)


def drawn_typing(pdf: Path, tmp_path: Path, typed: str) -> str:
    """What Poppler says drawing the page of the first text field with `typed` in it (as a reader draws what one types)."""
    import subprocess

    with pikepdf.open(pdf) as opened:
        pages = {page.objgen: number for number, page in enumerate(opened.pages, start=1)}
        field = next(f for f in opened.Root.AcroForm.Fields if f.get("/FT") == "/Tx" and "/P" in f)
        field.V = pikepdf.String(typed)
        page = pages[field.P.objgen]
        opened.save(tmp_path / "typed.pdf")
    drawn = subprocess.run(
        ["pdftoppm", "-r", "20", "-png", "-f", str(page), "-l", str(page), str(tmp_path / "typed.pdf"), str(tmp_path / "typed")],
        capture_output=True,
        text=True,
        check=True,
    )
    return drawn.stderr


@pytest.mark.pdf
def test_what_one_types_in_a_field_is_drawn_whole(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A field's font is the whole font file, as the one document embeds it for its fields, not the subset of the
    characters an earlier part happens to use (a chapter's tick boxes give its part fields too): a reader drawing
    "Quick" then left out the Q."""
    copy = shutil.copytree(project, tmp_path / "project")
    page = copy / "content" / "guide" / "listening.md"
    page.write_text(page.read_text() + "\n- [ ] Listen first\n- [ ] Ask before advising\n")
    whole = build_handbook(copy, tmp_path / "whole", False, monkeypatch)
    joined = build_handbook(copy, tmp_path / "joined", True, monkeypatch)
    typed = "Quick Zebra: Zoë & Jörg, 0123"
    assert "couldn't find a font" not in drawn_typing(whole, tmp_path, typed)
    assert "couldn't find a font" not in drawn_typing(joined, tmp_path, typed)


@pytest.mark.pdf
def test_page_numbers_in_words_the_join_cannot_draw_make_the_handbook_whole(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The join draws "Page N of M" glyph by glyph in one font, unshaped, left to right: Arabic words
    (a project's own i18n/ar.yaml) came out as empty boxes. Such a handbook is made whole."""
    copy = shutil.copytree(project, tmp_path / "project")
    (copy / "mentorkit.yaml").write_text("title: Tiny handbook\nlanguage: ar\n")
    (copy / "themes" / "default" / "i18n").mkdir(parents=True)
    (copy / "themes" / "default" / "i18n" / "ar.yaml").write_text("page:\n  page_of: صفحة {page} من {pages}\n")
    whole = build_handbook(copy, tmp_path / "whole", False, monkeypatch)
    joined = build_handbook(copy, tmp_path / "joined", True, monkeypatch)
    assert differences(whole, joined) == []
    assert not made_in_parts(joined)


@pytest.mark.pdf
def test_a_link_to_an_id_no_page_has_is_dropped_as_in_the_one_document(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistyped anchor, a heading since renamed, `<a href="#">`: the one document has no link there; the joined
    one had links leading nowhere."""
    copy = shutil.copytree(project, tmp_path / "project")
    page = copy / "content" / "guide" / "endings.md"
    page.write_text(page.read_text() + '\nSee [a typo](#no-such), [a renamed heading](listening.md#gone) and <a href="#">the top</a>.\n')
    whole = build_handbook(copy, tmp_path / "whole", False, monkeypatch)
    joined = build_handbook(copy, tmp_path / "joined", True, monkeypatch)
    assert made_in_parts(joined)
    assert differences(whole, joined) == []


@pytest.mark.pdf
def test_a_page_breaking_to_a_right_hand_sheet_makes_the_handbook_whole(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`break-before: right` adds a blank sheet or not as the sheet's number in the whole handbook is odd or even,
    which a part, counting from its own first sheet, cannot tell."""
    copy = shutil.copytree(project, tmp_path / "project")
    page = copy / "content" / "guide" / "endings.md"
    page.write_text(page.read_text() + '\n<div style="page-break-before: right">Print this on a right-hand page.</div>\n')
    whole = build_handbook(copy, tmp_path / "whole", False, monkeypatch)
    joined = build_handbook(copy, tmp_path / "joined", True, monkeypatch)
    assert differences(whole, joined) == []
    assert not made_in_parts(joined)


@pytest.mark.pdf
def test_a_page_with_printed_footnotes_makes_the_handbook_whole(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`float: footnote` numbers its notes through the whole handbook; a part would start again at 1."""
    copy = shutil.copytree(project, tmp_path / "project")
    for name in ("feedback", "endings"):
        page = copy / "content" / "guide" / f"{name}.md"
        page.write_text(page.read_text() + '\nA claim<span style="float: footnote">Its source.</span>.\n')
    whole = build_handbook(copy, tmp_path / "whole", False, monkeypatch)
    joined = build_handbook(copy, tmp_path / "joined", True, monkeypatch)
    assert differences(whole, joined) == []
    assert not made_in_parts(joined)


@pytest.mark.pdf
def test_a_page_linking_a_stylesheet_makes_the_handbook_whole(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A `<link rel="stylesheet">` in a page's HTML, as a `<style>`, styles the whole handbook, not only its part."""
    copy = shutil.copytree(project, tmp_path / "project")
    (copy / "content" / "bigger.css").write_text("p { font-size: 20pt; }\n")
    page = copy / "content" / "guide" / "endings.md"
    page.write_text(page.read_text() + '\n<link rel="stylesheet" href="../bigger.css">\n')
    whole = build_handbook(copy, tmp_path / "whole", False, monkeypatch)
    joined = build_handbook(copy, tmp_path / "joined", True, monkeypatch)
    assert differences(whole, joined) == []
    assert not made_in_parts(joined)


@pytest.mark.pdf
def test_a_page_with_a_base_element_makes_the_handbook_whole(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint takes the first `<base>` wherever it stands: in a page's HTML it moves the whole handbook's
    stylesheets and images elsewhere, not only its part's."""
    copy = shutil.copytree(project, tmp_path / "project")
    page = copy / "content" / "guide" / "endings.md"
    page.write_text(page.read_text() + '\n<base href="https://elsewhere.invalid/">\n')
    whole = build_handbook(copy, tmp_path / "whole", False, monkeypatch)
    joined = build_handbook(copy, tmp_path / "joined", True, monkeypatch)
    assert differences(whole, joined) == []
    assert not made_in_parts(joined)


@pytest.mark.pdf
def test_a_full_temporary_folder_is_said_as_such(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parts' PDFs go to the temporary folder (often a small tmpfs): when it is full, the build says so and
    what to do, not that handbook.pdf "cannot be read"."""
    import errno
    import os

    import weasyprint.document

    from generator.errors import MentorkitError

    write_pdf = weasyprint.document.Document.write_pdf

    def full(self: Any, target: Any = None, *args: Any, **kwargs: Any) -> Any:
        if isinstance(target, str) and "mentorkit-pdf-parts-" in target:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)
        return write_pdf(self, target, *args, **kwargs)

    monkeypatch.setattr(weasyprint.document.Document, "write_pdf", full)
    with pytest.raises(MentorkitError) as stopped:
        build_handbook(project, tmp_path / "site", True, monkeypatch)
    shown = [problem.format() for problem in stopped.value.problems]
    assert len(shown) == 1 and shown[0].startswith("handbook.pdf: error: its parts could not be written to the temporary folder ")
    assert "No space left on device" in shown[0] and "TMPDIR" in shown[0]


@pytest.mark.pdf
def test_pages_whose_names_hold_an_ampersand_or_apostrophe_get_their_page_numbers(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """content/guide/q&a.md is the chapter `#guide-q&a`, written `#guide-q&amp;a` in the HTML: the contents'
    entry must still give its page, as the one document's does."""
    copy = shutil.copytree(project, tmp_path / "project")
    (copy / "content" / "guide" / "q&a.md").write_text(f"---\ntitle: Questions and answers\norder: 8\n---\n\n{PARAGRAPH}\n")
    (copy / "content" / "guide" / "mentor's-guide.md").write_text("---\ntitle: A mentor's guide\norder: 9\n---\n\nSee [Q&A](q&a.md).\n")
    whole = build_handbook(copy, tmp_path / "whole", False, monkeypatch)
    joined = build_handbook(copy, tmp_path / "joined", True, monkeypatch)
    assert made_in_parts(joined)
    assert differences(whole, joined) == []


@pytest.mark.pdf
def test_raw_html_ids_in_single_quotes_lead_to_their_own_page(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two pages' `<div id='box'>` and `<a href='#box'>` (raw HTML, not in double quotes): each
    page's link leads to its own box, in the one document and in the joined one; both led to the first's."""
    copy = shutil.copytree(project, tmp_path / "project")
    for name in ("listening", "endings"):
        page = copy / "content" / "guide" / f"{name}.md"
        page.write_text(page.read_text() + "\n<div id='box'>The box.</div> <a href='#box'>To the box</a>\n")
    whole = build_handbook(copy, tmp_path / "whole", False, monkeypatch)
    joined = build_handbook(copy, tmp_path / "joined", True, monkeypatch)
    assert made_in_parts(joined)
    assert differences(whole, joined) == []
    texts = page_texts(whole)
    with pikepdf.open(whole) as opened:
        boxes = [(page, leads_to) for page, target, leads_to in links(opened) if target.endswith("box")]
    assert len(boxes) == 2 and all(page == leads_to and "The box." in texts[page] for page, leads_to in boxes), boxes
