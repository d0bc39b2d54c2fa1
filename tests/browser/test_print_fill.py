"""A phase's pack and print-forms.html printed with forms filled in from the
records kept in this browser: a record saved on a form's page, chosen on the
print page, printed to PDF on A4 and on Letter, from disk and from a server,
and read back from the PDF's text."""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from generator.build import BuildOptions, build
from tests.browser.conftest import StaticHandler

SIZES = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}
HOSTILE = "<img src=x onerror=alert(1)>"
FILES = {
    "content/index.md": "# Home\n\nThe handbook.\n",
    "content/forms/checkin.md": """---
title: Checkin form
type: form
version: "2.0"
fields:
  - id: topic
    type: text
    label: Topic
  - id: notes
    type: textarea
    label: Notes
    lines: 3
  - id: channels
    type: multichoice
    label: Channels used
    options: [Email, Phone, Video]
  - id: ended_early
    type: yesno
    label: Ended early
  - id: reason
    type: textarea
    label: Earlyreason to explain
    show_if: {field: ended_early, is: "yes"}
  - id: plan
    type: table
    label: Plan table
    columns: [Step, Owner]
    rows: 2
  - id: sign
    type: signature
    label: Signing
    signers: [Mentor, Mentee]
---
Checkinbody text.
""",
    "content/forms/other.md": """---
title: Otherform
type: form
fields:
  - id: thought
    type: textarea
    label: Otherquestion
---
Otherbody text.
""",
    "content/programmes/plan.md": """---
title: Epsilonplan
type: programme
weeks: 8
cadence: weekly
phases:
  - name: Zetaphase
    weeks: 1-4
    forms: [checkin, other]
  - name: Etaphase
    weeks: 5-8
---
The plan.
""",
}


@pytest.fixture(scope="module", params=["a4", "letter"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    paper: str = request.param
    root = tmp_path_factory.mktemp(f"fill-{paper}")
    for name, text in {"mentorkit.yaml": f"title: Filling Handbook\npaper: {paper}\n", **FILES}.items():
        (root / "project" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "project" / name).write_text(text, encoding="utf-8")
    build(root / "project", BuildOptions(root / "site", strict=True, cache="off"))
    return paper, root / "site"


@pytest.fixture(params=["disk", "server"])
def where(request: pytest.FixtureRequest, site: tuple[str, Path]) -> Iterator[tuple[str, str]]:
    """The paper and the site's address: opened from disk, or from a server on 127.0.0.1."""
    paper, folder = site
    if request.param == "disk":
        yield paper, folder.as_uri() + "/"
        return
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield paper, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def local(browser: Browser, where: tuple[str, str]) -> Iterator[tuple[BrowserContext, list[str]]]:
    """A fresh profile that may reach only the site; the addresses it tried elsewhere."""
    context = browser.new_context()
    elsewhere: list[str] = []
    root = where[1]

    def only_the_site(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(root):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_site)
    yield context, elsewhere
    context.close()


def save_a_checkin(page: Page, root: str) -> str:
    """Fills the checkin form on its own page (kept as a record as it is typed); returns its fingerprint."""
    page.goto(root + "forms/checkin.html")
    page.fill("#input-topic", f"{HOSTILE} Alphaanswer")
    page.fill("#input-notes", "Betaanswer first line\nsecond line")
    page.check("input[name=channels][value=Email]")
    page.check("input[name=channels][value=Video]")
    page.check("input[name=ended_early][value=No]")
    page.locator("[data-table=plan] textarea").first.fill("Gammastep")
    page.fill("#input-sign-1-name", "Deltaname")
    page.wait_for_function("document.querySelector('.form-fingerprint').getAttribute('data-fingerprint') !== ''")
    fingerprint = page.locator(".form-fingerprint").get_attribute("data-fingerprint")
    assert fingerprint
    page.wait_for_function("Object.keys(localStorage).some(key => key.includes('|record|'))")
    return fingerprint


def sheets(page: Page, paper: str) -> list[str]:
    """The text of each printed sheet, each checked to be of the paper the handbook is set for."""
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    width, height = SIZES[paper]
    for sheet in reader.pages:
        assert abs(float(sheet.mediabox.width) - width) < 1 and abs(float(sheet.mediabox.height) - height) < 1
    return [sheet.extract_text() for sheet in reader.pages]


def chapters(texts: list[str]) -> tuple[list[str], list[str]]:
    """The sheets of the checkin form's chapter and of the other form's."""
    checkin = next(i for i, text in enumerate(texts) if "Checkinbody" in text)
    other = next(i for i, text in enumerate(texts) if "Otherbody" in text)
    assert checkin < other
    return texts[checkin:other], texts[other:]


ANSWERS = ("Alphaanswer", "Betaanswer first line", "second line", "Gammastep", "Deltaname", HOSTILE)


def test_a_pack_prints_the_chosen_record_filled_and_the_other_form_blank(
    local: tuple[BrowserContext, list[str]], where: tuple[str, str]
) -> None:
    context, elsewhere = local
    paper, root = where
    page = context.new_page()
    fingerprint = save_a_checkin(page, root)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(root + "programmes/plan-phase-1-print.html")
    chooser = page.locator(".print-fill")
    expect(chooser).to_be_visible()
    expect(chooser.locator("select")).to_have_count(1)  # the other form has no records here
    choose = chooser.locator("select[data-fill='forms/checkin']")
    assert choose.locator("option").all_inner_texts()[0] == "Blank"
    expect(choose).to_have_value("")
    blank_checkin, _ = chapters(sheets(page, paper))
    text = "\n".join(blank_checkin)
    assert not any(answer in text for answer in ANSWERS) and "Fingerprint" not in text
    assert "Only if you answered “Yes” to “Ended early”" in text and "Earlyreason" in text

    choose.select_option(index=1)
    expect(chooser.locator(".print-fill-status")).to_have_text("1 form will print filled in, the others blank.")
    texts = sheets(page, paper)
    checkin, other = chapters(texts)
    text = "\n".join(checkin)
    for answer in ANSWERS:
        assert answer in text, answer
    assert f"Fingerprint of these answers: {fingerprint}" in text
    assert all(f"Version 2.0 · Fingerprint {fingerprint}" in sheet for sheet in checkin), "in the footer of each of its sheets"
    assert "Earlyreason" not in text and "Only if you answered" not in text  # ruled out by "No", as on a filled form
    assert "Fingerprint" not in "\n".join(other) + texts[0]
    assert "Otherquestion" in "\n".join(other)
    for box, ticked in (("Email", True), ("Phone", False), ("Video", True)):
        assert page.locator(f"[data-answer=channels][value={box}]").is_checked() is ticked
    expect(page.locator("[name$='--ended_early'][value=No]")).to_be_checked()
    assert page.locator(".print-chapters img").count() == 0 and dialogs == []

    page.emulate_media(media="print")
    expect(chooser).to_be_hidden()
    page.emulate_media(media="screen")
    choose.select_option("")
    assert not any(answer in "\n".join(chapters(sheets(page, paper))[0]) for answer in ANSWERS)
    assert elsewhere == []


def test_every_form_printed_with_one_filled(local: tuple[BrowserContext, list[str]], where: tuple[str, str]) -> None:
    context, elsewhere = local
    paper, root = where
    page = context.new_page()
    page.goto(root + "print-forms.html")
    expect(page.locator(".print-fill")).to_be_hidden()  # nothing kept on this device yet
    fingerprint = save_a_checkin(page, root)
    page.goto(root + "print-forms.html")
    page.select_option("select[data-fill='forms/checkin']", index=1)
    checkin, other = chapters(sheets(page, paper))
    assert "Alphaanswer" in "\n".join(checkin) and f"Fingerprint {fingerprint}" in checkin[0]
    assert "Alphaanswer" not in "\n".join(other)
    assert elsewhere == []


def test_the_chooser_and_the_filled_form_speak_the_pages_language(page: Page, base_url: str) -> None:
    """The example handbook in French: the chooser's words, the record's date, the fingerprint's."""
    page.goto(base_url + "fr/forms/meeting-log.html")
    page.fill("#input-meeting_date", "2027-05-03")
    page.fill("#input-topics", "Café à Zürich")
    page.wait_for_function("document.querySelector('.form-fingerprint').getAttribute('data-fingerprint') !== ''")
    fingerprint = page.locator(".form-fingerprint").get_attribute("data-fingerprint")
    page.goto(base_url + "fr/programmes/one-to-one-phase-3-print.html")
    chooser = page.locator(".print-fill")
    expect(chooser.locator("h2")).to_have_text("Imprimer des formulaires remplis")
    expect(chooser.locator(".print-fill-status")).to_have_text("Tous les formulaires s'imprimeront vierges.")
    options = chooser.locator("select option").all_inner_texts()
    assert options[0] == "Vierge" and options[1].startswith("2027-05-03 (modifiée le "), options
    chooser.locator("select").select_option(index=1)
    expect(chooser.locator(".print-fill-status")).to_have_text("1 formulaire s'imprimera rempli, les autres vierges.")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages)
    assert "Café à Zürich" in text and f"Version 1.0 · Empreinte {fingerprint}" in text


def test_ticked_boxes_decide_what_a_filled_form_leaves_out(page: Page, base_url: str) -> None:
    """On a print page each ticked box has a name of its own (as in a PDF); the
    question's answer still decides its conditional field, as on the form's page."""
    page.goto(base_url + "en/forms/midpoint-review.html")
    page.check("input[name=changes][value='No changes']")
    page.wait_for_function("Object.keys(localStorage).some(key => key.includes('|record|'))")
    page.goto(base_url + "en/print-forms.html")
    chapter = page.locator("#en-forms-midpoint-review")
    page.emulate_media(media="print")
    expect(chapter.get_by_text("Details of the changes")).to_be_visible()  # blank: printed with its condition
    page.emulate_media(media="screen")
    page.select_option("select[data-fill='forms/midpoint-review']", index=1)
    expect(chapter.locator("[data-answer=changes][value='No changes']")).to_be_checked()
    page.emulate_media(media="print")
    expect(chapter.get_by_text("Details of the changes")).to_be_hidden()


def test_a_record_of_the_form_s_older_version_prints_under_this_one_and_storage_is_left_alone(page: Page, base_url: str) -> None:
    """The expectations worksheet is 1.1, replacing 1.0: a 1.0 record's answers fill
    it, one to a question 1.1 no longer asks prints apart, as on the form's page."""
    page.goto(base_url + "en/print-forms.html")
    meta = page.evaluate("JSON.parse(document.querySelector('#en-forms-expectations .mk-form-meta').textContent)")
    assert meta["version"] == "1.1"
    key = f"{meta['store']}|record|r0123456789abcdef"
    kept = {
        "id": "r0123456789abcdef",
        "form": meta["id"],
        "version": "1.0",
        "name": "Old worksheet",
        "created": "2026-11-02T10:00:00.000Z",
        "updated": "2026-11-02T10:00:00.000Z",
        "answers": {"mentee_hopes": "Hopeanswer", "gone_question": "Oldanswer"},
        "retired": {},
    }
    page.evaluate("([key, record]) => localStorage.setItem(key, JSON.stringify(record))", [key, kept])
    page.reload()
    page.select_option("select[data-fill='forms/expectations']", index=1)
    chapter = page.locator("#en-forms-expectations")
    expect(chapter.locator("textarea[name$='--mentee_hopes']")).to_have_value("Hopeanswer")
    expect(chapter.locator(".record-printed")).to_have_text("Old worksheet")
    retired = chapter.locator(".retired-answers")
    expect(retired).to_contain_text("Answers to questions this version no longer asks")
    expect(retired).to_contain_text("gone_question")
    expect(retired).to_contain_text("Oldanswer")
    assert page.evaluate("key => JSON.parse(localStorage.getItem(key)).version", key) == "1.0"
