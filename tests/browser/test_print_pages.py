"""Print pages (the whole handbook, a section, a phase's pack), opened from disk
in Chromium and printed to PDF on A4 and on Letter: read back from the PDF."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader

from generator.build import BuildOptions, build

SIZES = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}
"""Points, as a PDF gives them."""
TOP_MARGIN = 18 * 72 / 25.4
"""print.css's top page margin (18 mm): the running head is above it, a page's text below."""

TABLES = "".join(
    f"""
  - id: table{n}
    type: table
    label: Tablecap{n} of the worksheet
    help: Tablehelp{n} under the table.
    columns: [Goal, Steps, Date]
    rows: 5
"""
    for n in range(1, 7)
) + "".join(
    f"""
  - id: sign{n}
    type: signature
    label: Signhere{n} together
    help: Helpsign{n} when you agree.
    signers: [Firstsigner{n}, Secondsigner{n}]
"""
    for n in range(1, 7)
)
FILES = {
    "content/index.md": "# Home\n\nStart with [the guide](guide/index.md).\n",
    "content/guide/index.md": "# Alphachapter\n\nRead [the first steps](first.md) and [the second](second.md).\n",
    "content/guide/first.md": "# Betachapter\n\n" + "Some guidance to read. " * 40 + "\n\nFill in [the worksheet](../forms/goals.md).\n",
    "content/guide/second.md": "# Gammachapter\n\n" + ("A paragraph of guidance.\n\n" * 8),
    "content/forms/goals.md": "---\ntitle: Deltaform worksheet\ntype: form\nfields:" + TABLES + "---\nFill it in together.\n",
    "content/programmes/plan.md": """---
title: Epsilonplan
type: programme
weeks: 8
cadence: weekly
phases:
  - name: Zetaphase
    weeks: 1-4
    focus: Getting to know each other
    forms: [goals]
  - name: Etaphase
    weeks: 5-8
---
The plan.
""",
}


@dataclass
class Word:
    page: int
    text: str
    top: float
    height: float


def words_of(pdf: Path) -> tuple[list[Word], list[tuple[float, float]]]:
    """Every word of the PDF with its page and position (pdftotext -bbox), and each page's size."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words, sizes = [], []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", out, re.S)):
        width, height = re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups()  # type: ignore[union-attr]
        sizes.append((float(width), float(height)))
        for y0, y1, text in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', page):
            words.append(Word(number, html.unescape(text), float(y0), float(y1) - float(y0)))
    return words, sizes


def heading(words: list[Word], text: str) -> Word:
    """The word printed largest among those that are `text`: a chapter's title, not its entry in the contents."""
    found = [w for w in words if w.text == text]
    assert found, f"{text!r} is not printed"
    return max(found, key=lambda w: w.height)


def assert_starts_sheet(words: list[Word], title: str) -> None:
    top = heading(words, title)
    above = [w.text for w in words if w.page == top.page and TOP_MARGIN < w.top < top.top - 1]
    assert not above, f"{title} does not start a new sheet: {above} above it"


def assert_fields_whole(words: list[Word]) -> None:
    for n in range(1, 7):
        caption = next(w for w in words if w.text == f"Tablecap{n}")
        help_text = next(w for w in words if w.text == f"Tablehelp{n}")
        assert caption.page == help_text.page, f"table {n} split across sheets {caption.page + 1} and {help_text.page + 1}"
    in_order = sorted(words, key=lambda w: (w.page, w.top))
    for n in range(1, 7):
        legend = next(i for i, w in enumerate(in_order) if w.text == f"Signhere{n}")
        signed = [w for w in in_order[legend:] if w.text == "signed"][:2]  # the last line of each of its two blocks
        assert len(signed) == 2, n
        assert {w.page for w in signed} == {in_order[legend].page}, f"signature field {n} split across sheets"


@pytest.fixture(scope="module", params=["a4", "letter"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> tuple[str, dict[str, Path]]:
    paper: str = request.param
    root = tmp_path_factory.mktemp(f"print-{paper}")
    project = root / "project"
    for name, text in {"mentorkit.yaml": f"title: Printing Handbook\npaper: {paper}\n", **FILES}.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    site = root / "site"
    build(project, BuildOptions(site, strict=True, cache="off"))
    context = browser.new_context()
    elsewhere: list[str] = []

    def only_files(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    pdfs = {}
    for name in ("print.html", "guide/print.html", "programmes/plan-phase-1-print.html"):
        page = context.new_page()
        page.goto((site / name).as_uri())
        pdf = root / (name.replace("/", "-") + ".pdf")
        page.pdf(path=str(pdf), prefer_css_page_size=True)
        page.close()
        pdfs[name] = pdf
    context.close()
    assert not elsewhere, f"requests to other hosts: {elsewhere}"
    return paper, pdfs


def test_every_sheet_is_the_configured_paper(printed: tuple[str, dict[str, Path]]) -> None:
    paper, pdfs = printed
    width, height = SIZES[paper]
    for name, pdf in pdfs.items():
        reader = PdfReader(pdf)
        assert len(reader.pages) >= 2, name
        for number, sheet in enumerate(reader.pages, 1):
            box = sheet.mediabox
            assert abs(float(box.width) - width) < 1 and abs(float(box.height) - height) < 1, (name, number, box)


def test_whole_handbook_chapters_on_new_sheets_and_forms_whole(printed: tuple[str, dict[str, Path]]) -> None:
    _, pdfs = printed
    words, sizes = words_of(pdfs["print.html"])
    for title in ("Home", "Alphachapter", "Betachapter", "Gammachapter", "Epsilonplan", "Deltaform"):
        assert_starts_sheet(words, title)
    assert_fields_whole(words)
    text = " ".join(w.text for w in words)
    assert f"Page 1 of {len(sizes)}" in text and f"Page {len(sizes)} of {len(sizes)}" in text
    assert "Printing Handbook" in text


def test_section_holds_its_pages_and_prints_links_that_leave_it(printed: tuple[str, dict[str, Path]]) -> None:
    _, pdfs = printed
    words, _ = words_of(pdfs["guide/print.html"])
    for title in ("Betachapter", "Gammachapter"):
        assert_starts_sheet(words, title)
    text = " ".join(w.text for w in words)
    assert "Alphachapter" in text and "Deltaform" not in text and "Epsilonplan" not in text
    assert "(forms/goals.html)" in text  # the worksheet is not in the section: its address is printed


def test_phase_pack_is_the_glance_and_its_forms_blank(printed: tuple[str, dict[str, Path]]) -> None:
    _, pdfs = printed
    words, _ = words_of(pdfs["programmes/plan-phase-1-print.html"])
    text = " ".join(w.text for w in words)
    assert "Epsilonplan" in text and "Zetaphase" in text and "Etaphase" in text
    assert heading(words, "Epsilonplan").page == 0
    assert_starts_sheet(words, "Deltaform")
    assert_fields_whole(words)


def test_a_link_to_another_chapter_says_which_on_paper(printed: tuple[str, dict[str, Path]]) -> None:
    """Chromium knows no target-counter(): a link to a chapter of the same print
    page names that chapter after it instead of a page number (and on screen it reads as ever)."""
    _, pdfs = printed
    section = " ".join(w.text for w in words_of(pdfs["guide/print.html"])[0])
    assert "the first steps (see “Betachapter”) and the second (see “Gammachapter”)" in section
    whole = " ".join(w.text for w in words_of(pdfs["print.html"])[0])
    assert "Fill in the worksheet (see “Deltaform worksheet”)" in whole
    assert "Start with the guide (see “Alphachapter”)" in whole
    assert "(see “Home”)" not in whole, "the contents' entries are numbered already"


CODE = "```\nCodestart " + "y" * 220 + " Codeend\n```\n"
TABLE = "| " + " | ".join(f"Heading{c}" for c in range(9)) + " |\n|" + "---|" * 9 + "\n"
TABLE += "| " + " | ".join(f"`Cellword{c}.long_long_identifier`" for c in range(9)) + " |\n"
TABLE += "| " + " | ".join(f"<https://example.org/a/long/address/{c}>" for c in range(9)) + " |\n"
WIDE = f"# Widechapter\n\n{CODE}\n{TABLE}\nAn address https://example.org/{'segment/' * 25}Urlend to read.\n"


def test_what_is_wider_than_the_sheet_wraps_instead_of_being_cut_off(tmp_path: Path, browser: Browser) -> None:
    """A long line of code, a table of many columns and a long address: on screen they
    scroll sideways; on paper there is no scrolling, so whatever passes the margin is lost,
    and Chromium shrinks the whole document to fit the widest."""
    project = tmp_path / "project"
    for name, text in {"mentorkit.yaml": "title: Wide\npaper: a4\n", "content/index.md": "# Home\n", "content/wide.md": WIDE}.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    build(project, BuildOptions(tmp_path / "site", strict=True, cache="off"))
    page = browser.new_page()
    try:
        page.goto((tmp_path / "site" / "print.html").as_uri())
        pdf = tmp_path / "wide.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        page.close()
    words, sizes = words_of(pdf)
    printed = "".join(w.text for w in words)  # a word broken across lines reads whole
    for end in ("Codeend", "Heading8", "Urlend"):
        assert end in printed, f"{end} is cut off at the sheet's edge"
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    right = max(float(x) for x in re.findall(r'xMax="([\d.]+)"', out))
    assert right <= sizes[0][0] - 16 * 72 / 25.4 + 1, f"a word ends at {right:.0f} pt, in the right margin or past the sheet"
    assert heading(words, "Widechapter").height > 14, "the document is not shrunk to fit: a chapter title stays large"


def test_a_narrow_column_of_the_glance_keeps_its_words_whole(tmp_path: Path, browser: Browser, site_dir: Path) -> None:
    """The example's cohort pack: the phases' table beside a column of printed addresses.
    Letting every word break to fit (as code and addresses may) squeezed "Weeks" to "We/eks"."""
    page = browser.new_page()
    try:
        page.goto((site_dir / "en" / "programmes" / "cohort-phase-1-print.html").as_uri())
        pdf = tmp_path / "pack.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        page.close()
    first = [w.text for w in words_of(pdf)[0] if w.page == 0]
    assert "Weeks" in first and "7–10" in first and "11–12" in first, first


def test_the_words_printed_after_a_link_are_not_underlined_with_it(tmp_path: Path, browser: Browser) -> None:
    """'(see “Title”)' and a printed address follow the link as a box of their own:
    an inline ::after would carry the link's underline under them."""
    project = tmp_path / "project"
    files = {
        "mentorkit.yaml": "title: Links\npaper: a4\nbase_url: https://handbook.example.org/\n",
        "content/index.md": "# Home\n",
        "content/other.md": "# Other\n\nText.\n",
        "content/guide/index.md": "# Guide\n\nRead [the next step](next.md), [the other page](../other.md) and [a site](https://example.org/far).\n",
        "content/guide/next.md": "# Next\n\nText.\n",
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    build(project, BuildOptions(tmp_path / "site", strict=True, cache="off"))
    page = browser.new_page()
    try:
        page.emulate_media(media="print")
        page.goto((tmp_path / "site" / "guide" / "print.html").as_uri())
        styles = page.evaluate(
            """() => ['a[data-see]', 'a[data-print-url]', '.content a[href^="http"]'].map(selector => {
                const link = document.querySelector(selector);
                const after = getComputedStyle(link, '::after');
                return [selector, getComputedStyle(link).textDecorationLine, after.display, after.content];
            })"""
        )
    finally:
        page.close()
    for selector, underline, display, content in styles:
        assert underline == "underline", f"{selector}: the link itself is underlined on paper"
        assert display == "inline-block", f"{selector}: {display}"
        assert content.startswith('"('), f"{selector}: {content}"
