"""Records: several named records per form, "My records" (print, export,
import), side by side, versions that keep answers, fingerprints, and
hostile answer files. From the example served on 127.0.0.1 and from disk."""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from generator.build import BuildOptions, build
from tests.browser.conftest import StaticHandler


@pytest.fixture(params=["server", "disk"])
def root(request: pytest.FixtureRequest, base_url: str, site_dir: Path) -> str:
    """The example site's address: from the server, or opened from disk."""
    return base_url if request.param == "server" else site_dir.as_uri() + "/"


@pytest.fixture
def fresh(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile: nothing stored."""
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


def record_names(page: Page) -> list[str]:
    return page.locator("[data-record=choose] option").all_inner_texts()


def accept(page: Page, answer: str | None = None) -> list[str]:
    """Accept the next dialog (with `answer` for a prompt); returns the messages seen."""
    seen: list[str] = []
    page.once("dialog", lambda dialog: (seen.append(dialog.message), dialog.accept(answer) if answer is not None else dialog.accept()))
    return seen


def download(page: Page, selector: str, target: Path) -> dict[str, Any]:
    with page.expect_download() as info:
        page.click(selector)
    info.value.save_as(target)
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return data


def upload(page: Page, selector: str, *files: Path) -> None:
    with page.expect_file_chooser() as chooser:
        page.click(selector)
    chooser.value.set_files([str(f) for f in files])


def no_print_dialog(page: Page) -> None:
    """window.print counts instead of opening a dialog (Playwright prints with page.pdf)."""
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")


def pdf_text(page: Page) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages)


def test_meeting_log_three_records_exported_and_imported_into_a_fresh_profile(
    browser: Browser, root: str, tmp_path: Path, fresh: BrowserContext
) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(root + "en/forms/meeting-log.html")
    page.fill("#input-meeting_date", "2027-01-11")
    page.fill("#input-topics", "Goals for the year")
    page.locator("[data-table=actions] tbody tr").first.locator("textarea").first.fill("Draft a CV")
    page.click("[data-record=new]")
    expect(page.locator("#input-meeting_date")).to_have_value("")
    page.fill("#input-meeting_date", "2027-01-25")
    page.fill("#input-topics", "Interview practice")
    page.click("[data-record=duplicate]")
    expect(page.locator("#input-topics")).to_have_value("Interview practice")
    page.fill("#input-meeting_date", "2027-02-08")
    assert record_names(page) == ["2027-01-11", "2027-01-25", "2027-02-08"]

    page.reload()  # the last record used comes back
    expect(page.locator("#input-meeting_date")).to_have_value("2027-02-08")
    page.select_option("[data-record=choose]", label="2027-01-11")
    expect(page.locator("#input-topics")).to_have_value("Goals for the year")
    expect(page.locator("[data-table=actions] textarea").first).to_have_value("Draft a CV")

    page.click("a:text('My records')")
    rows = page.locator(".records-table tbody tr")
    expect(rows).to_have_count(3)
    assert page.locator(".records-form h2").all_inner_texts() == ["Meeting log"]
    exported = download(page, "[data-action=export]", tmp_path / "records.json")
    records = exported["records"]
    assert len(records) == 3 and len({r["id"] for r in records}) == 3
    by_date = {r["answers"]["meeting_date"]: r for r in records}
    assert by_date["2027-02-08"]["answers"]["topics"] == "Interview practice"  # the duplicate kept its original's answers
    assert all(r["form"] == "forms/meeting-log" and r["version"] == "1.0" and len(r["fingerprint"]) == 24 for r in records)
    context.close()

    other = fresh.new_page()
    other.goto(root + "en/my-records.html")
    expect(other.locator(".records-none")).to_be_visible()
    upload(other, "[data-action=import]", tmp_path / "records.json")
    expect(other.locator(".records-status")).to_contain_text("3 added, 0 updated, 0 already here")
    expect(other.locator(".records-table tbody tr")).to_have_count(3)
    upload(other, "[data-action=import]", tmp_path / "records.json")  # again: nothing doubles
    expect(other.locator(".records-status")).to_contain_text("0 added, 0 updated, 3 already here")
    expect(other.locator(".records-table tbody tr")).to_have_count(3)
    other.click("a:text('2027-01-25')")
    expect(other.locator("#input-topics")).to_have_value("Interview practice")
    expect(other.locator("#input-meeting_date")).to_have_value("2027-01-25")


def test_an_import_asks_before_replacing_a_newer_record(page: Page, base_url: str, tmp_path: Path) -> None:
    page.goto(base_url + "en/forms/meeting-log.html")
    page.fill("#input-meeting_date", "2027-03-01")
    page.fill("#input-topics", "Old words")
    saved = download(page, "[data-action=save]", tmp_path / "log.json")
    assert saved["records"][0]["answers"]["topics"] == "Old words"
    page.fill("#input-topics", "Newer words")  # changed here after the file was made
    seen = []
    page.once("dialog", lambda dialog: (seen.append(dialog.message), dialog.dismiss()))
    upload(page, "[data-action=load]", tmp_path / "log.json")
    expect(page.locator(".form-status")).to_contain_text("Answers loaded")
    assert seen and "changed after the copy in the file" in seen[0]
    expect(page.locator("#input-topics")).to_have_value("Newer words")
    assert record_names(page) == ["2027-03-01"]


def test_rename_and_delete_with_confirmation(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/expectations.html")
    accept(page, "Jon's copy")
    page.click("[data-record=rename]")  # named before any answer
    assert record_names(page) == ["Jon's copy"]
    page.reload()
    assert record_names(page) == ["Jon's copy"]
    page.goto(base_url + "en/forms/goals.html")
    page.locator(".mk-form input[type=text]").first.fill("first")
    accept(page, "Spring goals")
    page.click("[data-record=rename]")
    assert record_names(page) == ["Spring goals"]
    page.click("[data-record=duplicate]")
    assert len(record_names(page)) == 2
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("[data-record=delete]")
    assert len(record_names(page)) == 2
    seen = accept(page)
    page.click("[data-record=delete]")
    assert "Delete the record" in seen[0]
    assert record_names(page) == ["Spring goals"]
    expect(page.locator(".form-status")).to_contain_text("is deleted")


def test_single_answers_of_older_sites_become_the_first_record(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/meeting-log.html")
    meta = json.loads(page.locator("#mk-form-meta").text_content() or "")
    old = {"saved": "2026-11-02T10:00:00.000Z", "answers": {"meeting_date": "2026-11-02", "topics": "Kept from before"}}
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [meta["key"], json.dumps(old)])
    page.reload()
    expect(page.locator("#input-topics")).to_have_value("Kept from before")
    assert record_names(page) == ["2026-11-02"]
    assert page.evaluate("key => localStorage.getItem(key)", meta["key"]) is None


def test_two_worksheets_compared_and_merged(page: Page, root: str) -> None:
    page.goto(root + "en/forms/expectations.html")
    page.fill("#input-filled_by", "Amira")
    page.fill("#input-mentee_hopes", "Confidence in meetings")
    page.fill("#input-contact_hours", "Weekdays 9 to 6")
    page.check("input[name=reply_time][value='Within two working days']")
    page.click("[data-record=new]")
    page.fill("#input-filled_by", "Jon")
    page.fill("#input-mentee_hopes", "A clearer career plan")
    page.fill("#input-contact_hours", "Weekdays 9 to 6")
    page.check("input[name=reply_time][value='Within a week']")
    assert record_names(page) == ["Amira", "Jon"]

    page.goto(root + "en/my-records.html")
    page.locator(".records-table input[type=checkbox]").nth(0).check()
    page.locator(".records-table input[type=checkbox]").nth(1).check()
    page.click("[data-action=compare]")
    compare = page.locator(".records-compare")
    expect(compare).to_be_visible()
    expect(compare.locator("thead")).to_contain_text("Amira")
    expect(compare.locator("thead")).to_contain_text("Jon")
    hopes = compare.locator("tbody tr", has_text="What I hope to get from mentoring").first
    expect(hopes).to_have_class("differs")
    expect(hopes.locator(".differs-mark")).to_have_text("differs")
    expect(compare.locator("tbody tr", has_text="Good times to get in touch")).to_have_class("agrees")
    reply = compare.locator("tbody tr", has_text="A reasonable time to wait")
    expect(reply).to_contain_text("Within two working days")
    expect(reply).to_contain_text("Within a week")
    reply.locator("input[value=second]").check()
    hopes.locator("textarea").fill("Confidence, and a plan")
    name = compare.locator("tbody tr", has_text="Whose copy this is")
    name.locator("textarea").fill("Amira and Jon")
    expect(page.locator(".records-status")).to_contain_text("answers differ")

    no_print_dialog(page)
    page.click("[data-compare=print]")
    assert page.evaluate("window.printed") == 1
    text = "".join(pdf_text(page).split())
    assert "Withintwoworkingdays" in text and "Withinaweek" in text and "differs" in text
    assert "Comparetwotickedrecords" not in text, "the list and its buttons are not printed"
    page.emulate_media(media="print")
    expect(page.locator(".records-list")).to_be_hidden()
    expect(reply.locator(".joint-value")).to_have_text("Within a week")
    page.emulate_media(media="screen")

    page.click("[data-compare=save]")
    expect(page.locator(".records-table tbody tr")).to_have_count(3)
    page.click(".records-status a")
    expect(page.locator("#input-mentee_hopes")).to_have_value("Confidence, and a plan")
    expect(page.locator("#input-contact_hours")).to_have_value("Weekdays 9 to 6")
    expect(page.locator("input[name=reply_time][value='Within a week']")).to_be_checked()
    assert record_names(page)[-1] == "Amira and Jon"


def test_two_exported_files_compared(page: Page, base_url: str, tmp_path: Path, fresh: BrowserContext) -> None:
    page.goto(base_url + "en/forms/expectations.html")
    page.fill("#input-filled_by", "Amira")
    page.fill("#input-mentor_time", "Two hours")
    download(page, "[data-action=save]", tmp_path / "amira.json")
    page.click("[data-record=new]")
    page.fill("#input-filled_by", "Jon")
    page.fill("#input-mentor_time", "Three hours")
    download(page, "[data-action=save]", tmp_path / "jon.json")

    other = fresh.new_page()
    other.goto(base_url + "en/my-records.html")
    upload(other, "[data-action=open-files]", tmp_path / "amira.json", tmp_path / "jon.json")
    expect(other.locator(".records-table tbody tr")).to_have_count(2)
    expect(other.locator(".record-source").first).to_contain_text("not kept")
    other.locator(".records-table input[type=checkbox]").nth(0).check()
    other.locator(".records-table input[type=checkbox]").nth(1).check()
    other.click("[data-action=compare]")
    row = other.locator(".records-compare tbody tr", has_text="Time I can realistically give")
    expect(row).to_have_class("differs")
    expect(row).to_contain_text("Two hours")
    expect(row).to_contain_text("Three hours")
    assert other.evaluate("() => Object.keys(localStorage).filter(k => k.includes('|record|')).length") == 0


def test_print_several_records_each_on_its_own_sheet(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/forms/meeting-log.html")
    for day in ("2027-04-01", "2027-04-15"):
        page.click("[data-record=new]")
        page.fill("#input-meeting_date", day)
        page.fill("#input-topics", f"Topics of {day}")
    page.goto(base_url + "en/my-records.html")
    page.locator(".records-table input[type=checkbox]").nth(0).check()
    page.locator(".records-table input[type=checkbox]").nth(1).check()
    no_print_dialog(page)
    page.click("[data-action=print]")
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    texts = [p.extract_text() for p in reader.pages]
    first = next(i for i, text in enumerate(texts) if "Topics of 2027-04-01" in text)
    second = next(i for i, text in enumerate(texts) if "Topics of 2027-04-15" in text)
    assert second > first, "each record starts a new sheet"
    assert "Fingerprint of these answers" in "".join(texts[first:second])
    assert "Select" not in "".join(texts), "the list itself is not printed"


def python_fingerprint(meta: dict[str, Any], answers: dict[str, Any]) -> tuple[bytes, str]:
    """The canonical bytes and fingerprint as docs/forms.md defines them, made in Python."""
    import unicodedata

    def text(value: str) -> str:
        return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))

    def canonical(value: Any) -> Any:
        if isinstance(value, str):
            return text(value) if value else None
        if value is True:
            return True
        if not isinstance(value, list) or not value:
            return None
        if isinstance(value[0], list):
            rows = [[text(c) for c in row] for row in value if any(c != "" for c in row)]
            return rows or None
        return sorted((text(v) for v in value), key=lambda v: v.encode("utf-16-be"))

    keys = sorted((f["id"] for f in meta["fields"]), key=lambda k: k.encode("utf-16-be"))
    entries = [[k, canonical(answers[k])] for k in keys if k in answers and canonical(answers[k]) is not None]
    data = json.dumps(["mentorkit-answers-1", meta["id"], meta["version"], entries], ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()[:20].upper()
    return data.encode("utf-8"), " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def test_fingerprint_is_the_same_in_english_and_french_and_equals_pythons(page: Page, root: str) -> None:
    page.goto(root + "en/forms/meeting-log.html")
    page.fill("#input-meeting_date", "2027-05-03")
    page.check("input[name=format][value='Video call']")
    page.check("input[name=actions_done][value='Yes']")
    page.fill("#input-topics", "Café in Zürich — naïve résumé\nsecond line")
    page.locator("[data-table=actions] textarea").nth(1).fill("Mentee")
    english = page.locator(".form-fingerprint").get_attribute("data-fingerprint")
    assert english and len(english) == 24
    expect(page.locator(".form-fingerprint")).to_contain_text(f"Fingerprint of these answers: {english}")
    meta = json.loads(page.locator("#mk-form-meta").text_content() or "")
    answers = page.evaluate(
        "key => JSON.parse(localStorage.getItem(Object.keys(localStorage).find(k => k.includes('|record|')))).answers", None
    )
    data, expected = python_fingerprint(meta, answers)
    assert english == expected
    printed = pdf_text(page)
    assert printed.count(f"Version 1.0 · Fingerprint {english}") == len(PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True))).pages), (
        "in every page's footer"
    )
    in_js = page.evaluate("([m, a]) => Array.from(mentorkitRecords.utf8(mentorkitRecords.canonical(m, a)))", [meta, answers])
    assert bytes(in_js) == data

    page.goto(root + "fr/forms/meeting-log.html")
    expect(page.locator("input[name=format][value='Video call']")).to_be_checked()  # the value kept is the original's
    expect(page.locator(".form-fingerprint")).to_contain_text(f"Empreinte de ces réponses : {english}")
    assert page.locator(".form-fingerprint").get_attribute("data-fingerprint") == english
    assert f"Empreinte {english}" in pdf_text(page)
    page.emulate_media(media="print")
    expect(page.locator(".form-fingerprint")).to_be_visible()


def test_sha256_matches_hashlib(page: Page, root: str) -> None:
    page.goto(root + "en/my-records.html")
    samples = [b"", b"abc", b"a" * 55, b"a" * 56, b"a" * 64, bytes(range(256)) * 9, "Empreinte — ünïcödé 🎉".encode()]
    for sample in samples:
        assert page.evaluate("b => mentorkitRecords.sha256(new Uint8Array(b))", list(sample)) == hashlib.sha256(sample).hexdigest()


# ---- A form's versions: answers saved under 1.0 appear under 1.1 ----

FORM_V1 = """\
---
title: Check-in
type: form
version: "1.0"
fields:
  - id: goal
    type: text
    label: Main goal
  - id: mood
    type: textarea
    label: How it is going
  - id: hours
    type: number
    label: Hours this month
---
"""

FORM_V2 = """\
---
title: Check-in
type: form
version: "1.1"
replaces:
  version: "1.0"
  renamed: {goal: main_goal}
fields:
  - id: main_goal
    type: text
    label: The goal we work on
  - id: mood
    type: textarea
    label: How it is going
---
"""


def test_answers_saved_under_1_0_appear_under_1_1(browser: Browser, tmp_path: Path) -> None:
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    project = tmp_path / "project"
    (project / "content" / "forms").mkdir(parents=True)
    (project / "content" / "index.md").write_text("---\ntitle: Home\n---\nHello.\n")
    form = project / "content" / "forms" / "check-in.md"
    form.write_text(FORM_V1)
    out = tmp_path / "site"
    build(project, BuildOptions(out, cache="off"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/forms/check-in.html"
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.fill("#input-goal", "Speak up in meetings")
        page.fill("#input-mood", "Well")
        page.fill("#input-hours", "6")
        before = page.locator(".form-fingerprint").get_attribute("data-fingerprint")

        form.write_text(FORM_V2)
        build(project, BuildOptions(out, cache="off"))
        page.reload()
        expect(page.locator("#input-main_goal")).to_have_value("Speak up in meetings")
        expect(page.locator("#input-mood")).to_have_value("Well")
        expect(page.locator(".record-notice")).to_contain_text("saved under version 1.0 of this form and now follow version 1.1")
        expect(page.locator(".record-notice")).to_contain_text("1 answer to a question this version no longer asks")
        retired = page.locator(".retired-answers")
        expect(retired).to_contain_text("Answers to questions this version no longer asks")
        expect(retired).to_contain_text("hours")
        expect(retired).to_contain_text("6")
        assert page.locator(".form-fingerprint").get_attribute("data-fingerprint") != before  # another version, another fingerprint
        page.reload()
        expect(page.locator(".record-notice")).to_be_hidden()  # the notice is shown once
        expect(page.locator("#input-main_goal")).to_have_value("Speak up in meetings")
        expect(page.locator(".retired-answers")).to_contain_text("hours")
    finally:
        context.close()
        server.shutdown()


# ---- Hostile answer files ----

HOSTILE_FORM = """\
---
title: Odd ids
type: form
version: "1.0"
fields:
  - id: constructor
    type: text
    label: Constructor
  - id: toString
    type: text
    label: To string
  - id: hasOwnProperty
    type: choice
    label: Own property
    options: [One, Two]
  - id: plan
    type: table
    label: Plan
    columns: [Step, Who, When]
---
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "project"
    (project / "content" / "forms").mkdir(parents=True)
    (project / "content" / "index.md").write_text("---\ntitle: Home\n---\nHello.\n")
    (project / "content" / "forms" / "odd.md").write_text(HOSTILE_FORM)
    out = project.parent / "site"
    build(project, BuildOptions(out, cache="off"))
    return out


def load_file(page: Page, path: Path) -> None:
    upload(page, "[data-action=load]", path)


def test_a_file_whose_answers_are_null_says_so(page: Page, hostile_site: Path, tmp_path: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((hostile_site / "forms" / "odd.html").as_uri())
    for name, content in [
        ("null.json", '{"form": "Odd ids", "answers": null}'),
        ("records-null.json", '{"records": [{"id": "r1", "answers": null}]}'),
    ]:
        (tmp_path / name).write_text(content)
        load_file(page, tmp_path / name)
        expect(page.locator(".form-status")).to_have_text(
            "That file has no answers in it (its “answers” are empty), so nothing was loaded."
        )
    for name, content in [("list.json", "[1, 2]"), ("text.json", '"answers"'), ("broken.json", "{"), ("number.json", '{"answers": 3}')]:
        (tmp_path / name).write_text(content)
        load_file(page, tmp_path / name)
        expect(page.locator(".form-status")).to_have_text("That file does not hold answers saved from a mentorkit form.")
    assert errors == []


def test_ids_like_object_properties_are_plain_fields(page: Page, hostile_site: Path, tmp_path: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((hostile_site / "forms" / "odd.html").as_uri())
    expect(page.locator("#input-constructor")).to_have_value("")
    expect(page.locator("#input-toString")).to_have_value("")
    hostile = tmp_path / "odd.json"
    hostile.write_text(
        '{"form": "Odd ids", "answers": {"constructor": "built", "toString": 7, "hasOwnProperty": "Two",'
        ' "__proto__": {"polluted": "yes"}, "plan": [["a", {"x": 1}, "c"]], "junk": {"deep": true}}}'
    )
    load_file(page, hostile)
    expect(page.locator("#input-constructor")).to_have_value("built")
    expect(page.locator("#input-toString")).to_have_value("7")
    expect(page.locator("input[name=hasOwnProperty][value=Two]")).to_be_checked()
    expect(page.locator("[data-table=plan] textarea").nth(0)).to_have_value("a")
    expect(page.locator("[data-table=plan] textarea").nth(1)).to_have_value("")
    expect(page.locator(".form-status")).to_contain_text("values that are not answers were left out")
    assert page.evaluate("() => ({}).polluted === undefined && Object.prototype.polluted === undefined")
    page.reload()
    expect(page.locator("#input-constructor")).to_have_value("built")
    assert errors == []


def test_a_table_of_2000_rows_loads_quickly(page: Page, hostile_site: Path, tmp_path: Path) -> None:
    page.goto((hostile_site / "forms" / "odd.html").as_uri())
    rows = [[f"Step {n}", "Mentee", f"Week {n}"] for n in range(1, 2001)]
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"form": "Odd ids", "answers": {"plan": rows}}))
    started = time.monotonic()
    load_file(page, big)
    expect(page.locator(".form-status")).to_contain_text("Answers loaded", timeout=10_000)
    loaded = time.monotonic() - started
    expect(page.locator("[data-table=plan] tbody tr")).to_have_count(2000)
    expect(page.locator("[data-table=plan] tbody tr").nth(1999).locator("textarea").first).to_have_value("Step 2000")
    page.reload()
    expect(page.locator("[data-table=plan] tbody tr").nth(1999).locator("textarea").last).to_have_value("Week 2000")
    # Until the page is ready, the forms script included: it runs before DOMContentLoaded ends.
    reloaded = page.evaluate("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd") / 1000
    assert loaded < 3 and reloaded < 3, (loaded, reloaded)


def test_my_records_imports_only_what_is_answers(page: Page, root: str, tmp_path: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(root + "en/my-records.html")
    odd = tmp_path / "odd.json"
    odd.write_text(
        json.dumps(
            {
                "records": [
                    {"id": "__proto__", "form": "forms/meeting-log", "version": "1.0", "answers": {"topics": "Kept", "toString": 1}},
                    {"id": "r2", "form": "forms/meeting-log", "version": "1.0", "answers": None},
                    {"id": "r3", "form": "forms/unknown", "version": "1.0", "answers": {"a": "b"}},
                    {"id": "r4", "form": "forms/meeting-log", "answers": {"topics": ["a", {"b": 1}]}},
                    "not a record",
                    None,
                ]
            }
        )
    )
    upload(page, "[data-action=import]", odd)
    status = page.locator(".records-status")
    expect(status).to_contain_text("2 added")  # '__proto__' is an id like any other; r4 without its one odd answer
    expect(status).to_contain_text("1 record is of a form this handbook does not have")
    expect(status).to_contain_text("1 value that is not an answer was left out")
    expect(page.locator(".records-table tbody tr")).to_have_count(2)
    assert page.evaluate("() => ({}).topics === undefined")
    (tmp_path / "null.json").write_text('{"records": [{"answers": null}]}')
    upload(page, "[data-action=import]", tmp_path / "null.json")
    expect(status).to_have_text("That file has no answers in it (its “answers” are empty), so nothing was loaded.")
    (tmp_path / "bad.json").write_text("not json")
    upload(page, "[data-action=import]", tmp_path / "bad.json")
    expect(status).to_have_text("That file does not hold answers saved from a mentorkit form.")
    page.locator(".records-table a").first.click()
    expect(page.locator("#input-topics")).to_have_value("Kept")
    assert errors == []


def test_a_printed_record_leaves_out_what_its_answers_rule_out(page: Page, base_url: str) -> None:
    """As a filled form on paper: 'Why it ended early' only when it did."""
    texts = {}
    for answer in ("No", "Yes"):
        page.goto(base_url + "en/forms/closure.html")
        page.evaluate("localStorage.clear()")
        page.reload()
        page.click("[data-record=new]")
        page.fill("#input-final_meeting_date", "2027-06-30" if answer == "No" else "2027-05-31")
        page.check(f"input[name=ended_early][value={answer}]")
        page.wait_for_timeout(200)
        page.goto(base_url + "en/my-records.html")
        page.locator(".records-table input[type=checkbox]").first.check()
        no_print_dialog(page)
        page.click("[data-action=print]")
        texts[answer] = page.locator(".records-print").inner_text()
    assert "Did the relationship end earlier than planned?" in texts["No"]
    assert "Why it ended early" not in texts["No"] and "Anything the coordinator should know" not in texts["No"]
    assert "Why it ended early" in texts["Yes"]
