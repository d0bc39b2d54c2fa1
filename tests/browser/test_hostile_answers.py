"""Answer files as a stranger might craft them, read where a person sends
them in: a form's "Load answers from a file", "My records" and the
coordinator's "Gather answers". Each file must leave the answers already
on the device as they were, run nothing, hold the page for no more than a
few seconds, and say in plain words what is wrong with it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

KEY = "mentorkit|The Mentoring Handbook|en/forms/midpoint-review.html|1.0"
HOSTILE = '<img src="http://example.invalid/x.png" onerror="window.hacked=1">'


@pytest.fixture
def watched(browser: Browser) -> Iterator[Page]:
    """A page in a fresh profile that keeps its script errors and dialogs (each accepted) in .seen."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    seen: dict[str, list[str]] = {"errors": [], "dialogs": [], "requests": []}
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.accept()))
    context.on("request", lambda request: seen["requests"].append(request.url))
    page.seen = seen  # type: ignore[attr-defined]
    yield page
    context.close()


def write(folder: Path, name: str, content: Any) -> Path:
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def load(page: Page, path: Path) -> str:
    """Loads `path` with the form's "Load answers from a file"; returns what the form then says."""
    page.locator(".form-status").evaluate("status => { status.textContent = ''; }")
    page.set_input_files("[data-action=load-file]", str(path))
    page.wait_for_function("document.querySelector('.form-status').textContent !== ''", timeout=10_000)
    return page.locator(".form-status").inner_text()


def test_a_record_of_another_form_is_never_replaced(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    """A meeting log saved to a file and, by mistake, loaded into the goals worksheet (its
    confirm accepted): the meeting log keeps its record, the worksheet gets a copy of its own."""
    watched.goto((site_dir / "en" / "forms" / "meeting-log.html").as_uri())
    watched.fill("#input-topics", "What we said")
    with watched.expect_download() as info:
        watched.click("[data-action=save]")
    info.value.save_as(tmp_path / "log.json")
    watched.fill("#input-topics", "What we said, and more since")
    saved = json.loads((tmp_path / "log.json").read_text(encoding="utf-8"))
    saved["records"][0]["updated"] = "2099-01-01T00:00:00.000Z"  # as a copy changed later on another device
    newer = write(tmp_path, "log-newer.json", saved)

    watched.goto((site_dir / "en" / "forms" / "goals.html").as_uri())
    said = load(watched, newer)
    assert watched.seen["dialogs"] == ["This file holds answers for “Meeting log”. Load the answers that fit this form?"]  # type: ignore[attr-defined]
    assert "“topics” (What we said)" in said, said

    watched.goto((site_dir / "en" / "forms" / "meeting-log.html").as_uri())
    expect(watched.locator("#input-topics")).to_have_value("What we said, and more since")
    assert watched.seen["errors"] == []  # type: ignore[attr-defined]


def test_answers_the_form_cannot_take_are_named_and_not_kept(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    watched.goto((site_dir / "en" / "forms" / "midpoint-review.html").as_uri())
    given = {
        "mentor_name": "Ada",
        "changes": True,  # a question of six boxes: true names none of them
        "meeting_as_planned": "Maybe",  # not among Yes, No, Unsure
        "review_date": "2027-02-30",  # no such day
        "goal_1_progress": "9",  # a scale of 1 to 5
    }
    said = load(watched, write(tmp_path, "odd.json", {"form": "Mid-point review", "key": KEY, "version": "1.0", "answers": given}))
    expect(watched.locator("#input-mentor_name")).to_have_value("Ada")
    expect(watched.locator("input[name=changes]:checked")).to_have_count(0)
    expect(watched.locator("input[name=meeting_as_planned]:checked")).to_have_count(0)
    assert said == (
        "Answers loaded from odd.json. 4 answers in the file do not fit this form and were left out: "
        "“Date of this review” (2027-02-30), “Progress on goal 1” (9), "
        "“Have meetings been happening roughly as planned?” (Maybe), “Changes to the agreement” (✓)."
    ), said
    # The record holds what the form shows: the same after a reload, and in a file saved from it.
    watched.reload()
    expect(watched.locator("input[name=changes]:checked")).to_have_count(0)
    with watched.expect_download() as info:
        watched.click("[data-action=save]")
    info.value.save_as(tmp_path / "again.json")
    kept = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))["answers"]
    assert kept["mentor_name"] == "Ada" and kept["changes"] == [] and kept["review_date"] == "" and kept["meeting_as_planned"] == ""

    # A table's rows shorter than the table, and a file of this form's own, fit: nothing is named.
    watched.goto((site_dir / "en" / "forms" / "goals.html").as_uri())
    short = {"form": "Goals", "answers": {"long_term_goals": [["Finish the degree"], ["", "Ask Ada"]], "mentee_name": "Bo"}}
    assert load(watched, write(tmp_path, "short.json", short)) == "Answers loaded from short.json."
    expect(watched.locator("[data-table=long_term_goals] textarea").first).to_have_value("Finish the degree")
    assert watched.seen["errors"] == []  # type: ignore[attr-defined]


def test_a_record_given_many_times_is_read_once_without_a_question_each(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    watched.goto((site_dir / "en" / "forms" / "midpoint-review.html").as_uri())
    copies = [
        {
            "id": "rsame",
            "form": "forms/midpoint-review",
            "version": "1.0",
            "updated": f"2027-01-01T00:00:{n:02d}.000Z",
            "answers": {"mentor_name": f"Copy {n}"},
        }
        for n in range(50)
    ]
    said = load(watched, write(tmp_path, "copies.json", {"records": copies}))
    assert said == "Answers loaded from copies.json. 49 records were in the file more than once; the copy changed last was read.", said
    expect(watched.locator("#input-mentor_name")).to_have_value("Copy 49")
    assert watched.seen["dialogs"] == []  # type: ignore[attr-defined]


def huge(folder: Path) -> Path:
    path = folder / "huge.json"
    with path.open("wb") as made:  # 21 MB of nothing: refused before it is read
        made.truncate(21 * 1024 * 1024)
    return path


def many(folder: Path, count: int = 5001) -> Path:
    records = [
        {"id": f"r{n}", "form": "forms/midpoint-review", "version": "1.0", "answers": {"mentor_name": f"M{n}"}} for n in range(count)
    ]
    return write(folder, "many.json", {"mentorkit": "records", "format": 1, "handbook": "The Mentoring Handbook", "records": records})


def test_a_form_refuses_a_file_too_large_or_of_too_many_records_quickly(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    watched.goto((site_dir / "en" / "forms" / "midpoint-review.html").as_uri())
    watched.fill("#input-mentor_name", "Mine")
    assert (
        load(watched, huge(tmp_path)) == "That file is larger than 20 MB, too large to be answers typed into forms, so nothing was loaded."
    )
    assert load(watched, many(tmp_path)) == "That file holds 5001 records, more than the 5000 one file may hold, so nothing was loaded."
    expect(watched.locator("#input-mentor_name")).to_have_value("Mine")
    # A table of a million rows (3 MB of JSON) is not an answer: left out, not laid out.
    watched.goto((site_dir / "en" / "forms" / "goals.html").as_uri())
    rows = write(tmp_path, "rows.json", {"form": "Goals", "answers": {"mentee_name": "Rows", "long_term_goals": [[]] * 1_000_000}})
    assert load(watched, rows) == "Answers loaded from rows.json. 1 value that is not an answer was left out."
    expect(watched.locator("#input-mentee_name")).to_have_value("Rows")


def test_my_records_refuses_them_too(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    watched.goto((site_dir / "en" / "my-records.html").as_uri())
    status = watched.locator(".records-status")
    for path, said in [
        (huge(tmp_path), "That file is larger than 20 MB, too large to be answers typed into forms, so nothing was loaded."),
        (many(tmp_path), "That file holds 5001 records, more than the 5000 one file may hold, so nothing was loaded."),
    ]:
        for action in ("import-file", "open-files-input"):
            status.evaluate("status => { status.textContent = ''; }")
            watched.set_input_files(f"[data-action={action}]", str(path))
            expect(status).to_have_text(said)
    expect(watched.locator(".records-table")).to_have_count(0)


def test_html_in_every_place_a_file_shows_is_text(watched: Page, base_url: str, tmp_path: Path) -> None:
    """Names, answers and form titles of HTML, in My records' list, a printed record and
    side by side, and in a form: shown as text, nothing run, nothing fetched but from the site."""
    records = [
        {
            "id": f"rx{n}",
            "form": "forms/midpoint-review",
            "version": "1.0",
            "name": HOSTILE,
            "form_title": HOSTILE,
            "answers": {"mentor_name": HOSTILE, "goal_1": "javascript:window.hacked=1", "changes": [HOSTILE], "__proto__": {"hacked": 1}},
        }
        for n in range(2)
    ]
    records[1]["answers"]["goal_1"] = "other"
    elsewhere = write(tmp_path, "elsewhere.json", {"mentorkit": "records", "format": 1, "handbook": HOSTILE, "records": records})
    hostile = write(
        tmp_path, "hostile.json", {"mentorkit": "records", "format": 1, "handbook": "The Mentoring Handbook", "records": records}
    )
    watched.goto(base_url + "en/my-records.html")
    watched.evaluate("() => { window.print = () => {}; }")
    watched.set_input_files("[data-action=import-file]", str(elsewhere))
    expect(watched.locator(".records-status")).to_have_text(f"That file comes from another handbook, “{HOSTILE}”, so nothing was loaded.")
    watched.set_input_files("[data-action=import-file]", str(hostile))
    expect(watched.locator(".records-status")).to_contain_text("2 added")
    watched.locator(".records-table input[type=checkbox]").nth(0).check()
    watched.locator(".records-table input[type=checkbox]").nth(1).check()
    watched.click("[data-action=compare]")
    expect(watched.locator(".records-compare")).to_be_visible()
    expect(watched.locator(".compare-first")).to_have_text(HOSTILE)
    watched.click("[data-action=print]")
    expect(watched.locator(".records-print")).to_contain_text(HOSTILE)
    watched.locator(".records-table a").first.click()
    expect(watched.locator("#input-mentor_name")).to_have_value(HOSTILE)
    expect(watched.locator(".record-printed")).to_have_text(HOSTILE)
    assert watched.locator("img[src*='example.invalid']").count() == 0
    assert watched.evaluate("() => window.hacked === undefined && ({}).hacked === undefined")
    hosts = {urlparse(url).hostname for url in watched.seen["requests"]}  # type: ignore[attr-defined]
    assert hosts == {"127.0.0.1"}, hosts
    assert watched.seen["errors"] == []  # type: ignore[attr-defined]


def gather_page(page: Page, site_dir: Path) -> Page:
    page.goto((site_dir / "en" / "gather-answers.html").as_uri())
    return page


def test_gather_says_how_many_files_it_read_and_refuses_too_many_records(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    page = gather_page(watched, site_dir)
    page.set_input_files("[data-action=files]", [str(many(tmp_path)), str(huge(tmp_path))])
    expect(page.locator(".gather-status")).to_have_text("2 files read.")
    expect(page.locator(".gather-file", has_text="many.json")).to_contain_text(
        "This file holds 5001 records, more than the 5000 one file may hold; it was not read."
    )
    expect(page.locator(".gather-form")).to_have_count(0)


def test_gather_cuts_long_answers_short_on_screen_only(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    """Three thousand records of 3,500-character answers: shown, each cut at 500
    characters on screen and said so; the CSV holds them whole."""
    long = "word " * 700
    records = [
        {"id": f"r{n}", "form": "forms/midpoint-review", "version": "1.0", "answers": {"mentor_name": f"M{n}", "progress_notes": long}}
        for n in range(3000)
    ]
    path = write(tmp_path, "long.json", {"handbook": "The Mentoring Handbook", "records": records})
    page = gather_page(watched, site_dir)
    page.set_input_files("[data-action=files]", str(path))
    expect(page.locator(".gather-table tbody tr")).to_have_count(3000, timeout=60_000)  # a page held for minutes fails here
    expect(page.locator(".gather-form .gather-note")).to_have_text(
        "Answers longer than 500 characters are cut short here (…); the CSV holds them whole."
    )
    cell = page.locator(".gather-table tbody tr").first.locator("td", has_text="word word")
    assert cell.inner_text() == long[:499] + "…"
    with page.expect_download() as info:
        page.click("[data-csv]")
    info.value.save_as(tmp_path / "long.csv")
    assert (tmp_path / "long.csv").read_text(encoding="utf-8-sig").count(long.strip()) == 3000


def test_a_roster_whose_quote_is_never_closed_is_not_read(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    roster = write(tmp_path, "roster.csv", 'pair,mentor,mentee\nP1,"Ada Lovelace,Bo\nP2,=HYPERLINK(1),Cy\nP3,Di,Ed\n')
    page = gather_page(watched, site_dir)
    page.set_input_files("[data-action=roster-file]", str(roster))
    expect(page.locator(".gather-status")).to_have_text(
        'The roster roster.csv was not read: a quote (") opened on line 2 is never closed, so every line after it would be taken for one name.'
        " Close the quote, or take it out, and pick the roster again."
    )
    expect(page.locator(".gather-missing")).to_be_hidden()
    # Closed, its formula cell is a name shown as text.
    write(tmp_path, "roster.csv", 'pair,mentor,mentee\nP1,"Ada Lovelace",Bo\nP2,"=HYPERLINK(""http://x"")",Cy\n')
    page.set_input_files("[data-action=roster-file]", str(roster))
    expect(page.locator(".gather-status")).to_have_text("Read the roster roster.csv: 2 pairs. Its names stay in this browser.")


def test_a_file_of_another_handbook_or_of_nothing_but_odd_values_loads_nothing(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    watched.goto((site_dir / "en" / "forms" / "midpoint-review.html").as_uri())
    watched.fill("#input-mentor_name", "Mine")
    other = {
        "form": "Mid-point review",
        "key": KEY.replace("The Mentoring Handbook", "Another Handbook"),
        "answers": {"mentor_name": "Theirs"},
    }
    said = load(watched, write(tmp_path, "other.json", other))
    assert said == "That file comes from another handbook, “Another Handbook”, so nothing was loaded.", said
    exported = {
        "handbook": "Another Handbook",
        "records": [{"id": "rother", "form": "forms/midpoint-review", "version": "1.0", "answers": {"mentor_name": "Theirs"}}],
    }
    assert load(watched, write(tmp_path, "exported.json", exported)) == said.replace("other.json", "exported.json")
    deep = '{"form": "Mid", "answers": {"mentor_name": ' + '{"a": ' * 100_000 + "1" + "}" * 100_000 + "}}"
    said = load(watched, write(tmp_path, "deep.json", deep))
    assert (
        said
        == "That file has no answers in it (its “answers” are empty), so nothing was loaded. 1 value that is not an answer was left out."
    ), said
    expect(watched.locator("#input-mentor_name")).to_have_value("Mine")
    assert watched.seen["dialogs"] == []  # type: ignore[attr-defined]
    watched.goto((site_dir / "en" / "my-records.html").as_uri())
    watched.set_input_files("[data-action=import-file]", str(tmp_path / "exported.json"))
    expect(watched.locator(".records-status")).to_have_text(
        "That file comes from another handbook, “Another Handbook”, so nothing was loaded."
    )
    expect(watched.locator(".records-table tbody tr")).to_have_count(1)


def test_a_copy_dated_oddly_is_not_taken_for_a_newer_one(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    """ "updated": "9" is a date to a browser (1 September 2001), but as text it sorted after every
    date of this century: the file's copy replaced the reader's without the question."""
    watched.goto((site_dir / "en" / "forms" / "midpoint-review.html").as_uri())
    watched.fill("#input-mentor_name", "Mine")
    with watched.expect_download() as info:
        watched.click("[data-action=save]")
    info.value.save_as(tmp_path / "mine.json")
    saved = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    del saved["answers"]
    saved["records"][0].update(updated="9", answers={"mentor_name": "Theirs"})
    load(watched, write(tmp_path, "odd-date.json", saved))
    assert (
        watched.seen["dialogs"]
        == [  # type: ignore[attr-defined]
            "The record “Record of " + saved["records"][0]["created"][:10] + "” on this device was changed after the copy in the file."
            " Replace it with the file's copy?"
        ]
    )


@pytest.mark.parametrize("updated", ["+275760-09-13T00:00:00.000Z", "-000001-01-01T00:00:00.000Z"])
def test_a_copy_dated_past_the_year_9999_or_before_1_is_not_taken_for_a_newer_one(
    watched: Page, site_dir: Path, tmp_path: Path, updated: str
) -> None:
    """Such a date is one to a browser, but its ISO text ('+275760-…') sorted before every date of this century."""
    watched.goto((site_dir / "en" / "forms" / "midpoint-review.html").as_uri())
    watched.fill("#input-mentor_name", "Mine")
    with watched.expect_download() as info:
        watched.click("[data-action=save]")
    info.value.save_as(tmp_path / "mine.json")
    saved = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    del saved["answers"]
    saved["records"][0].update(created=updated, updated=updated, answers={"mentor_name": "Theirs"})
    load(watched, write(tmp_path, "far-date.json", saved))
    names = watched.locator("[data-record=choose] option").all_inner_texts()
    assert not any("+275760" in name or "-000001" in name for name in names), names


def test_text_that_is_not_utf8_is_said(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.json"  # as an editor saving in Windows-1252 writes "Zoë"
    latin1.write_bytes(b'{"form": "Mid", "key": "' + KEY.encode() + b'", "version": "1.0", "answers": {"mentor_name": "Zo\xeb"}}')
    watched.goto((site_dir / "en" / "forms" / "midpoint-review.html").as_uri())
    said = load(watched, latin1)
    assert said == "Answers loaded from latin1.json. Some of its text is not UTF-8 and shows as �: check those answers.", said
    expect(watched.locator("#input-mentor_name")).to_have_value("Zo\ufffd")
    page = gather_page(watched, site_dir)
    page.set_input_files("[data-action=files]", str(latin1))
    expect(page.locator(".gather-file")).to_contain_text(
        "1 record read. Some of its text is not UTF-8 and shows as �: check those answers."
    )


def test_gather_says_when_records_name_no_version(watched: Page, site_dir: Path, tmp_path: Path) -> None:
    record = {"id": "r1", "form": "forms/midpoint-review", "version": "", "answers": {"mentor_name": "Ada"}}
    path = write(
        tmp_path, "no-version.json", {"mentorkit": "records", "format": 1, "handbook": "The Mentoring Handbook", "records": [record]}
    )
    page = gather_page(watched, site_dir)
    page.set_input_files("[data-action=files]", str(path))
    expect(page.locator(".gather-file", has_text="no-version.json")).to_contain_text(
        "1 record of “Mid-point review” does not say which version of the form it was saved under (the form is at version 1.0);"
        " it was not read."
    )
