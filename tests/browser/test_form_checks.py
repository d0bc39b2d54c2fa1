"""'Check my answers' and conditional fields (show_if), in Chromium: on
screen, from disk and from a server, and on paper."""

from __future__ import annotations

import functools
import io
import re
import textwrap
import threading
import unicodedata
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from generator.build import BuildOptions, build
from tests.browser.conftest import StaticHandler

CHECK_FORM = """\
---
title: Check form
type: form
fields:
  - id: name
    label: Your name
    required: true
  - id: email
    type: email
    label: Your email
  - id: years
    type: number
    label: Years of experience
    min: 0
    max: 60
  - id: start
    type: date
    label: Start date
  - id: ended_early
    type: yesno
    label: Did it end early?
  - id: why
    type: textarea
    label: Why
    required: true
    show_if: {field: ended_early, is: "yes"}
  - type: section
    title: Staying in touch
    show_if: {field: ended_early, not: "yes"}
  - id: contact
    label: How to reach you
    required: true
  - id: topics
    type: multichoice
    label: Topics
    options: [Work, Study, Other]
  - id: other_topic
    label: Other topic
    show_if: {field: topics, is: Other}
---
"""


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("checks") / "project"
    (project / "content" / "forms").mkdir(parents=True)
    (project / "content" / "index.md").write_text("# Home\n")
    (project / "content" / "forms" / "check.md").write_text(textwrap.dedent(CHECK_FORM))
    build(project, BuildOptions(project / "site", strict=True, cache="off"))
    return project / "site"


@pytest.fixture(scope="module", params=["file", "server"])
def check_form_url(request: pytest.FixtureRequest, small_site: Path) -> Iterator[str]:
    if request.param == "file":
        yield (small_site / "forms" / "check.html").as_uri()
        return
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(small_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/forms/check.html"
    server.shutdown()


def problems(page: Page) -> list[str]:
    return page.locator(".check-list a").all_inner_texts()


def test_required_fields_and_wrong_answers_are_listed_with_links(page: Page, check_form_url: str) -> None:
    page.goto(check_form_url)
    expect(page.locator(".check-summary")).to_be_hidden()
    page.fill("#input-email", "amira.example.org")
    page.fill("#input-years", "75")
    page.click("button[data-action=check]")
    expect(page.locator(".check-summary")).to_be_focused()
    assert problems(page) == [
        "Your name: This question is required and has no answer yet.",
        "Your email: This is not an email address: write it as name@example.org.",
        "Years of experience: This must be from 0 to 60.",
        "How to reach you: This question is required and has no answer yet.",
    ], "'Why' is hidden until 'Did it end early?' is answered Yes, so it is not asked for"
    expect(page.locator(".check-count")).to_have_text("4 answers need a look. You can still print or save the form as it is.")
    email = page.locator("#input-email")
    expect(email).to_have_attribute("aria-invalid", "true")
    described = (email.get_attribute("aria-describedby") or "").split()
    assert "error-email" in described
    expect(page.locator("#error-email")).to_have_text("This is not an email address: write it as name@example.org.")
    expect(page.locator("#input-name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#input-start")).not_to_have_attribute("aria-invalid", "true")
    page.locator(".check-list a", has_text="Your email").click()
    expect(email).to_be_focused()
    # Fixing an answer takes its mark away.
    email.fill("amira@example.org")
    expect(email).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#error-email")).to_have_count(0)
    assert len(problems(page)) == 3


def test_a_number_field_shows_its_range_and_everything_right_is_said_so(page: Page, check_form_url: str) -> None:
    page.goto(check_form_url)
    expect(page.locator("#range-years")).to_have_text("from 0 to 60")
    assert "range-years" in (page.locator("#input-years").get_attribute("aria-describedby") or "")
    page.fill("#input-name", "Amira")
    page.fill("#input-contact", "amira@example.org")
    page.click("button[data-action=check]")
    assert problems(page) == []
    expect(page.locator(".check-count")).to_have_text("Every required question is answered and every answer looks right.")


def test_a_conditional_field_appears_only_when_its_condition_holds_and_keeps_its_answer(page: Page, check_form_url: str) -> None:
    page.goto(check_form_url)
    why, contact, other = page.locator("#input-why"), page.locator("#input-contact"), page.locator("#input-other_topic")
    expect(why).to_be_hidden()
    expect(contact).to_be_visible()  # 'not: yes' holds while the question has no answer
    page.check("#field-ended_early input[value=Yes]")
    expect(why).to_be_visible()
    expect(contact).to_be_hidden()
    why.fill("We both moved away.")
    page.click("button[data-action=check]")
    assert [p.split(":")[0] for p in problems(page)] == ["Your name"], "hidden fields are left out of the check"
    page.check("#field-ended_early input[value=No]")
    expect(why).to_be_hidden()
    expect(contact).to_be_visible()
    page.check("input[name=topics][value=Other]")
    expect(other).to_be_visible()
    page.check("#field-ended_early input[value=Yes]")
    expect(why).to_have_value("We both moved away.")
    expect(other).to_be_hidden()  # a field inside a hidden section is hidden too
    page.reload()
    expect(why).to_be_visible()


def printed(page: Page) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


CONDITION = "Only if you answered “Yes” to “Did the relationship end earlier than planned?”"


def test_a_blank_form_prints_conditional_fields_with_their_conditions(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/closure.html")
    expect(page.locator("#field-early_reason")).to_be_hidden()
    text = printed(page)
    assert f"{CONDITION} Why it ended early" in text
    assert "Anything the coordinator should know about the early ending" in text
    assert "Only if you did not answer “A friendly close with no further contact planned” to “How we will stay in touch”" in text


def test_a_filled_form_leaves_out_what_its_answers_rule_out(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/closure.html")
    page.check("#field-ended_early input[value=No]")
    text = printed(page)
    assert "Why it ended early" not in text and CONDITION not in text
    assert "Did the relationship end earlier than planned?" in text
    page.check("#field-ended_early input[value=Yes]")
    page.check("input[name=early_reason][value='The match was not working']")
    assert "Why it ended early" in printed(page)


def test_conditions_are_printed_in_the_pages_language(page: Page, site_dir: Path) -> None:
    page.goto((site_dir / "fr" / "forms" / "closure.html").as_uri())
    text = printed(page)
    assert (
        "Seulement si vous avez répondu « Oui » à « La relation a-t-elle pris fin plus tôt que prévu ? » Pourquoi elle a pris fin plus tôt"
        in text
    )
    # A choice's answer is kept in the original language and shown in the page's.
    assert (
        "Seulement si vous n'avez pas répondu « Une séparation amicale, sans autre contact prévu » à « Comment nous resterons en contact »"
        in text
    )


def test_printing_checks_first_but_prints_whatever_is_filled(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/midpoint-review.html")
    page.fill("#input-meetings_held", "70")
    text = printed(page)
    assert "Number of meetings held so far" in text and "from 0 to 50" in text
    assert "This must be" not in text, "the marks are for the screen"
    expect(page.locator(".check-summary")).to_be_visible()
    assert "Number of meetings held so far: This must be from 0 to 50." in problems(page)
    expect(page.locator("#input-meetings_held")).to_have_attribute("aria-invalid", "true")


def test_conditions_follow_answers_a_script_puts_in(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/closure.html")
    reason = page.locator("#field-early_reason")
    page.check("#field-ended_early input[value=Yes]")
    expect(reason).to_be_visible()
    page.click("button[data-record=new]")  # a new, empty record: answers set by forms.js, no input events
    expect(page.locator("#field-ended_early input[value=Yes]")).not_to_be_checked()
    expect(reason).to_be_hidden()
    page.select_option("select[data-record=choose]", index=1)  # back to the first record (after the new, empty one)
    expect(page.locator("#field-ended_early input[value=Yes]")).to_be_checked()
    expect(reason).to_be_visible()


def test_half_a_date_is_reported(page: Page, check_form_url: str) -> None:
    page.goto(check_form_url)
    page.click("#input-start")
    page.keyboard.type("12")  # a day, without month and year: the browser keeps no value
    page.click("button[data-action=check]")
    assert "Start date: This is not a whole date: give the day, the month and the year." in problems(page)
    expect(page.locator("#input-start")).to_have_attribute("aria-invalid", "true")
