"""Fill, reload, clear, save and load a form; print it on A4 and Letter."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from generator.build import BuildOptions, build

REPO = Path(__file__).resolve().parents[2]
A4 = (595, 842)
LETTER = (612, 792)


def form_fields(url: str) -> list:  # type: ignore[type-arg]
    """The example form's fields, from the model the site was built from."""
    site = _example().sites[0]
    form = site.by_url[url].form
    assert form is not None
    return list(form.fields)


_built: list = []  # type: ignore[type-arg]


def _example():  # type: ignore[no-untyped-def]
    if not _built:
        import tempfile

        _built.append(build(REPO, BuildOptions(Path(tempfile.mkdtemp()) / "site", cache="off")))
    return _built[0]


def fill_agreement(page: Page) -> None:
    page.fill("#input-mentor_name", "Amira Haddad")
    page.fill("#input-mentee_name", "Tom Okafor")
    page.check("input[name=duration][value='6 months']")
    page.check("input[name=channels][value='Video call']")
    page.check("input[name=channels][value='Email']")
    page.fill("#input-goal_1", "Lead a team meeting\nwith confidence")
    page.fill("#input-review_date", "2027-01-15")
    page.check("#input-read_confidentiality")


def test_answers_survive_a_reload(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/agreement.html")
    fill_agreement(page)
    page.reload()
    expect(page.locator("#input-mentor_name")).to_have_value("Amira Haddad")
    expect(page.locator("input[name=duration][value='6 months']")).to_be_checked()
    expect(page.locator("input[name=channels][value='Video call']")).to_be_checked()
    expect(page.locator("input[name=channels][value='Phone']")).not_to_be_checked()
    expect(page.locator("#input-goal_1")).to_have_value("Lead a team meeting\nwith confidence")
    expect(page.locator("#input-review_date")).to_have_value("2027-01-15")
    expect(page.locator("#input-read_confidentiality")).to_be_checked()
    expect(page.locator(".form-status")).to_contain_text("answers from your last visit are back")


def test_table_rows_can_be_added_and_are_kept(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/goals.html")
    table = page.locator("[data-table=short_term_goals]")
    rows = table.locator("tbody tr").count()
    page.click("[data-add-row=short_term_goals]")
    expect(table.locator("tbody tr")).to_have_count(rows + 1)
    table.locator(f"tbody tr:nth-child({rows + 1}) textarea").first.fill("Present at the March meeting")
    page.reload()
    expect(table.locator("tbody tr")).to_have_count(rows + 1)
    expect(table.locator(f"tbody tr:nth-child({rows + 1}) textarea").first).to_have_value("Present at the March meeting")


def test_clear_asks_first(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/agreement.html")
    fill_agreement(page)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("[data-action=clear]")
    expect(page.locator("#input-mentor_name")).to_have_value("Amira Haddad")
    messages: list[str] = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    page.click("[data-action=clear]")
    assert messages and "Clear every answer" in messages[0]
    expect(page.locator("#input-mentor_name")).to_have_value("")
    expect(page.locator("input[name=duration][value='6 months']")).not_to_be_checked()
    page.reload()
    expect(page.locator("#input-mentor_name")).to_have_value("")


def test_save_to_a_file_and_load_elsewhere(page: Page, base_url: str, tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    page.goto(base_url + "en/forms/agreement.html")
    fill_agreement(page)
    with page.expect_download() as info:
        page.click("[data-action=save]")
    download = info.value
    assert download.suggested_filename == "en-forms-agreement-answers.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["form"] == "Mentoring agreement" and data["version"] == "1.0"
    assert data["answers"]["mentor_name"] == "Amira Haddad"
    assert data["answers"]["channels"] == ["Video call", "Email"]
    assert data["answers"]["read_confidentiality"] is True

    # Another device: a fresh browser profile with nothing stored.
    other = browser.new_context().new_page()
    other.goto(base_url + "en/forms/agreement.html")
    expect(other.locator("#input-mentor_name")).to_have_value("")
    with other.expect_file_chooser() as chooser:
        other.click("[data-action=load]")
    chooser.value.set_files(str(saved))
    expect(other.locator("#input-mentor_name")).to_have_value("Amira Haddad")
    expect(other.locator("input[name=channels][value='Email']")).to_be_checked()
    expect(other.locator(".form-status")).to_contain_text("Answers loaded from")
    other.reload()
    expect(other.locator("#input-mentee_name")).to_have_value("Tom Okafor")
    other.context.close()


def pdf_of(page: Page, paper: str | None = None) -> PdfReader:
    if paper:
        page.select_option("[data-action=paper]", paper)
    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))


def squeeze(text: str) -> str:
    """Text without spaces, ligatures (ﬁ) unfolded: as comparable as PDF text gets."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("paper,size", [("a4", A4), ("letter", LETTER)])
def test_print_agreement(page: Page, base_url: str, paper: str, size: tuple[int, int]) -> None:
    page.goto(base_url + "en/forms/agreement.html")
    pdf = pdf_of(page, paper)
    count = len(pdf.pages)
    for pdf_page in pdf.pages:
        assert (round(float(pdf_page.mediabox.width)), round(float(pdf_page.mediabox.height))) == size
    assert 3 <= count <= 8
    texts = [pdf_page.extract_text() for pdf_page in pdf.pages]
    assert f"Page 1 of {count}" in texts[0] and f"Page {count} of {count}" in texts[-1]
    assert "Version 1.0 · Updated 2026-10-01" in texts[0]
    everything = squeeze(" ".join(texts))
    for field in form_fields("en/forms/agreement.html"):
        for text in (field.label, field.title, *field.signers):
            assert squeeze(text) in everything, f"'{text}' is not printed"
    assert "mm/dd/yyyy" not in everything, "empty dates print as blank lines"
    assert "Save answers to a file" not in everything, "buttons are not printed"
    for number, text in enumerate(texts, 1):
        # A signature block starts with "Full name" and ends with "Date signed": both on one page.
        assert text.count("Full name") == text.count("Date signed"), f"a signature block is split on page {number}"
    signers = sum(len(field.signers) for field in form_fields("en/forms/agreement.html") if field.type == "signature")
    assert signers and sum(text.count("Full name") for text in texts) == signers, "a signature block for each signer"


def test_print_filled_in_agreement(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/agreement.html")
    fill_agreement(page)
    text = squeeze(" ".join(p.extract_text() for p in pdf_of(page).pages))
    assert "AmiraHaddad" in text
    assert "Leadateammeetingwithconfidence" in text, "textarea answers print in full"


def test_print_goal_worksheet_tables(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/goals.html")
    page.locator("[data-table=short_term_goals] textarea").first.fill("Speak at the March meeting")
    pdf = pdf_of(page, "letter")
    assert all(round(float(p.mediabox.width)) == LETTER[0] for p in pdf.pages)
    text = squeeze(" ".join(p.extract_text() for p in pdf.pages))
    assert "SpeakattheMarchmeeting" in text
    for column in ("Goal", "Steps", "HowIwillmeasureit", "Targetdate"):
        assert column in text


def test_without_scripts_the_form_shows_and_prints_blank(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "en/forms/agreement.html")
    expect(page.locator("#input-mentor_name")).to_be_visible()
    expect(page.locator(".form-toolbar")).to_be_hidden()
    pdf = pdf_of(page)
    assert round(float(pdf.pages[0].mediabox.width)) == A4[0]
    assert "Mentor's name" in pdf.pages[0].extract_text()
    context.close()


def test_form_works_opened_from_disk(page: Page, site_dir: Path) -> None:
    page.goto((site_dir / "en" / "forms" / "meeting-log.html").as_uri())
    header = page.locator(".site-header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(31, 95, 139)", "the stylesheet loads from disk"
    first = page.locator(".mk-form input[type=text]").first
    first.fill("from disk")
    page.reload()
    expect(first).to_have_value("from disk")
