"""The coordinator's "Gather answers" page, opened from disk: twenty exported
mid-point reviews (made in the exact shape the form's own "Save to a file"
gives, checked against a real one, in English and French) become twenty
rows, the right counts and a CSV that Python's csv module reads back; a file
of another handbook, a version the handbook does not know and hostile files
are reported; the meeting log is refused; a roster shows who is missing."""

from __future__ import annotations

import copy
import csv
import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

FORM = "forms/midpoint-review"
CHANGES = ["No changes", "How often we meet", "How or where we meet", "Our goals", "The end date", "Something else"]


@pytest.fixture(scope="module")
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(accept_downloads=True)
    yield made
    made.close()


def saved_from_form(context: BrowserContext, url: str, target: Path) -> dict[str, Any]:
    """A mid-point review filled in and saved to a file by the form itself."""
    page = context.new_page()
    page.goto(url)
    page.fill("#input-mentor_name", "Real Mentor")
    page.fill("#input-mentee_name", "Real Mentee")
    page.fill("#input-review_date", "2027-03-01")
    page.check("input[name=goal_1_progress][value='4']")
    page.check("input[name=meeting_as_planned][value=Yes]")
    page.check("input[name=changes][value='Our goals']")
    with page.expect_download() as info:
        page.click("[data-action=save]")
    info.value.save_as(target)
    page.close()
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def exported(site_dir: Path, context: BrowserContext, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Twenty files of the mid-point review in the form's own export format, with what they hold."""
    folder = tmp_path_factory.mktemp("gather")
    english = saved_from_form(context, (site_dir / "en" / f"{FORM}.html").as_uri(), folder / "real-en.json")
    french = saved_from_form(context, (site_dir / "fr" / f"{FORM}.html").as_uri(), folder / "real-fr.json")
    assert set(english) == set(french) and english["records"][0]["form"] == FORM
    rng = random.Random(23)
    files: list[Path] = []
    answers: list[dict[str, Any]] = []
    for number in range(20):
        model = copy.deepcopy(french if number % 4 == 0 else english)  # a quarter saved from the French page
        record = model["records"][0]
        given: dict[str, Any] = {
            "mentor_name": f"Mentor {number}",
            "mentee_name": f"Mentee {number}",
            "review_date": f"2027-03-{number + 1:02d}",
            "meetings_held": str(number % 7),
            "goal_1": f'Goal "{number}", with a comma and accents: café, Zürich, 東京',
            "goal_1_progress": str(rng.randint(1, 5)),
            "meeting_as_planned": rng.choice(["Yes", "No", "Unsure"]),
            "changes": sorted(rng.sample(CHANGES, rng.randint(0, 2))),
            "progress_notes": f"Line one\nline two of {number}",
        }
        if number == 3:
            given["going_well"] = '=HYPERLINK("http://example.invalid","x")'
        if number == 5:
            given["could_be_better"] = '<img src=x onerror="window.hacked=1">'
        record.update(id=f"r{number:016x}", answers=given, name="", created=f"2027-03-{number + 1:02d}T10:00:00.000Z")
        record["updated"] = record["created"]
        model["answers"] = given
        assert set(model["records"][0]) == set(english["records"][0]), "the same keys as the form's own export"
        path = folder / f"review-{number:02d}.json"
        path.write_text(json.dumps(model, indent=2), encoding="utf-8")
        files.append(path)
        answers.append(given)

    other = copy.deepcopy(english)
    other["key"] = other["key"].replace("The Mentoring Handbook", "Another Handbook")
    (folder / "other-handbook.json").write_text(json.dumps(other), encoding="utf-8")
    old = copy.deepcopy(english)
    old["records"][0].update(version="0.3", id="rold0000000000000")
    (folder / "old-version.json").write_text(json.dumps(old), encoding="utf-8")
    hostile = {
        "mentorkit": "records",
        "format": 1,
        "handbook": "The Mentoring Handbook",
        "__proto__": {"polluted": 1},
        "records": [{"__proto__": {"x": 1}, "id": "__proto__", "form": "__proto__", "version": "1.0", "answers": {"a": "b"}}],
    }
    (folder / "hostile.json").write_text(json.dumps(hostile), encoding="utf-8")
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    with (folder / "huge.json").open("wb") as huge:  # over 20 MB: refused before it is read
        huge.truncate(21 * 1024 * 1024)
    log = {
        "mentorkit": "records",
        "format": 1,
        "handbook": "The Mentoring Handbook",
        "records": [{"id": "rlog0000000000001", "form": "forms/meeting-log", "version": "1.0", "answers": {"topics": "Private"}}],
    }
    (folder / "meeting-log.json").write_text(json.dumps(log), encoding="utf-8")
    roster = folder / "roster.csv"
    # Split by ';' as some spreadsheets save it; names matched whatever their case, accents and spaces.
    rows = [["pair", "mentor", "mentee", "programme"]] + [[f"P{n:02d}", f"Mentor {n}", f"Mentee {n}", "one-to-one"] for n in range(22)]
    rows[2][1:3] = ['"MENTOR  1"', "Mentée 1"]
    roster.write_text("".join(";".join(row) + "\r\n" for row in rows), encoding="utf-8")
    return {"folder": folder, "files": files, "answers": answers}


@pytest.fixture(scope="module")
def gathered(site_dir: Path, context: BrowserContext, exported: dict[str, Any]) -> Page:
    """The English page with the twenty files, the odd ones and the roster read."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append("dialog: " + dialog.message))
    page.goto((site_dir / "en" / "gather-answers.html").as_uri())
    folder = exported["folder"]
    odd = ["other-handbook.json", "old-version.json", "hostile.json", "broken.json", "meeting-log.json", "huge.json"]
    page.set_input_files("[data-action=files]", [str(f) for f in exported["files"]] + [str(folder / name) for name in odd])
    expect(page.locator(".gather-file")).to_have_count(26)
    page.set_input_files("[data-action=roster-file]", str(folder / "roster.csv"))
    expect(page.locator(".gather-missing")).to_be_visible()
    page.errors = errors  # type: ignore[attr-defined]
    return page


def test_twenty_files_make_twenty_rows(gathered: Page, exported: dict[str, Any]) -> None:
    form = gathered.locator(f"[data-form='{FORM}']")
    expect(form.locator(".gather-table tbody tr")).to_have_count(20)
    expect(form.locator(".gather-record-count")).to_have_text("20 records")
    assert gathered.locator(".gather-form").count() == 1
    assert "Mentee 7" in form.locator(".gather-table").inner_text()
    assert not gathered.errors  # type: ignore[attr-defined]


def count_of(page: Page, field: str) -> dict[str, int]:
    rows = page.locator(f"[data-form='{FORM}'] [data-field='{field}'] tbody tr")
    return {row.locator("th").inner_text(): int(row.locator("td").inner_text()) for row in rows.all()}


def test_counts_of_choice_yes_no_and_scale_questions(gathered: Page, exported: dict[str, Any]) -> None:
    answers = exported["answers"]
    planned = Counter(a["meeting_as_planned"] for a in answers)
    assert count_of(gathered, "meeting_as_planned") == {
        "Yes": planned["Yes"],
        "No": planned["No"],
        "Unsure": planned["Unsure"],
        "No answer": 0,
    }
    progress = Counter(a["goal_1_progress"] for a in answers)
    shown = count_of(gathered, "goal_1_progress")
    assert shown == {
        "1 (No progress)": progress["1"],
        "2": progress["2"],
        "3": progress["3"],
        "4": progress["4"],
        "5 (Goal met)": progress["5"],
        "No answer": 0,
    }
    changes = Counter(option for a in answers for option in a["changes"])
    expected = {option: changes[option] for option in CHANGES} | {"No answer": sum(1 for a in answers if not a["changes"])}
    assert count_of(gathered, "changes") == expected
    assert count_of(gathered, "goal_2_progress")["No answer"] == 20
    average = sum(int(a["goal_1_progress"]) for a in answers) / 20
    expect(gathered.locator(f"[data-form='{FORM}'] [data-field='goal_1_progress'] .gather-average")).to_contain_text(
        f"{average:.2f}".rstrip("0").rstrip(".")
    )


def test_the_csv_reads_back_to_the_same_answers(gathered: Page, exported: dict[str, Any], tmp_path: Path) -> None:
    with gathered.expect_download() as info:
        gathered.click(f"[data-csv='{FORM}']")
    assert info.value.suggested_filename == "forms-midpoint-review-answers.csv"
    target = tmp_path / "answers.csv"
    info.value.save_as(target)
    raw = target.read_bytes()
    assert b"\r\n" in raw
    assert raw.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte order mark, so that Excel shows the accents"
    with target.open(encoding="utf-8-sig", newline="") as read:
        rows = list(csv.DictReader(read))
    assert next(iter(rows[0])) == "Record", "the mark is not part of the first column's name"
    assert len(rows) == 20
    by_mentor = {row["Mentor's name"]: row for row in rows}
    for given in exported["answers"]:
        row = by_mentor[given["mentor_name"]]
        assert row["Mentee's name"] == given["mentee_name"]
        assert row["Date of this review"] == given["review_date"]
        assert row["Number of meetings held so far"] == given["meetings_held"]
        assert row["Goal 1"] == given["goal_1"]
        assert row["Progress on goal 1"] == given["goal_1_progress"]
        assert row["Have meetings been happening roughly as planned?"] == given["meeting_as_planned"]
        assert row["Changes to the agreement"] == "; ".join(given["changes"])
        assert row["What has helped, and what has got in the way"] == given["progress_notes"]
        assert row["Goal 2"] == ""
    # A formula is text in a spreadsheet; markup is text everywhere.
    assert by_mentor["Mentor 3"]["What is working well between us"] == "'" + exported["answers"][3]["going_well"]
    assert by_mentor["Mentor 5"]["What could work better"] == exported["answers"][5]["could_be_better"]


def file_note(page: Page, name: str) -> str:
    return page.locator(".gather-file", has_text=name).inner_text()


def test_other_handbooks_unknown_versions_and_hostile_files_are_reported(gathered: Page) -> None:
    assert "another handbook, “Another Handbook”" in file_note(gathered, "other-handbook.json")
    old = file_note(gathered, "old-version.json")
    assert "version 0.3, which this handbook does not know (the form is at version 1.0)" in old
    assert "a form this handbook does not have (“__proto__”)" in file_note(gathered, "hostile.json")
    assert "not a JSON file" in file_note(gathered, "broken.json")
    assert "larger than 20 MB" in file_note(gathered, "huge.json")
    # Markup in an answer is shown as text, never run.
    assert gathered.locator(".gather-table img").count() == 0
    assert gathered.evaluate("() => window.hacked === undefined && ({}).polluted === undefined && ({}).x === undefined")


def test_the_meeting_log_is_refused_saying_why(gathered: Page) -> None:
    assert "1 record of “Meeting log” was not read: that form is not gathered" in file_note(gathered, "meeting-log.json")
    refusal = gathered.locator(".gather-refusal[data-form='forms/meeting-log']")
    expect(refusal).to_contain_text("“Meeting log” is not gathered")
    expect(refusal).to_contain_text("The coordinator may ask whether meetings are happening, but not for this log.")
    assert gathered.locator("[data-form='forms/meeting-log'] .gather-table").count() == 0
    assert "Private" not in gathered.locator("main").inner_text()


def test_the_roster_shows_who_has_not_returned_the_review(gathered: Page) -> None:
    missing = gathered.locator(".gather-missing")
    expect(missing.locator("tbody tr")).to_have_count(22)
    expect(missing.locator(".gather-incomplete")).to_have_count(2)
    assert missing.locator(".gather-incomplete th").all_inner_texts() == ["P20", "P21"]
    expect(missing.locator(".gather-missing-summary")).to_contain_text("2 pairs have not returned every form.")


def test_removing_a_file_and_a_duplicate_file(gathered: Page, exported: dict[str, Any]) -> None:
    form = gathered.locator(f"[data-form='{FORM}']")
    gathered.set_input_files("[data-action=files]", str(exported["files"][0]))  # again: counted once
    expect(gathered.locator(".gather-file-list")).to_contain_text("1 record was already read from another file and is counted once.")
    expect(form.locator(".gather-table tbody tr")).to_have_count(20)
    gathered.locator(".gather-file", has_text="review-01.json").get_by_role("button", name="Remove").click()
    expect(form.locator(".gather-table tbody tr")).to_have_count(19)
    gathered.screenshot(path=str(exported["folder"] / "gather.png"), full_page=True)


def test_the_forms_page_links_to_it_in_each_language(site_dir: Path, context: BrowserContext) -> None:
    page = context.new_page()
    page.goto((site_dir / "fr" / "forms" / "index.html").as_uri())
    page.click(".gather-link a")
    assert page.url.endswith("/fr/gather-answers.html")
    expect(page.locator("h1")).to_have_text("Rassembler les réponses")
    page.close()


DROP = """([files]) => {
  const transfer = new DataTransfer();
  for (const [name, text] of files) transfer.items.add(new File([text], name, {type: name.endsWith('.csv') ? 'text/csv' : 'application/json'}));
  const zone = document.querySelector('[data-drop]');
  zone.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: transfer}));
  const dragging = zone.classList.contains('dragging');
  const drop = new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: transfer});
  zone.dispatchEvent(drop);
  return {dragging, kept: drop.defaultPrevented, after: zone.classList.contains('dragging')};
}"""


def test_files_dropped_on_the_page_are_read(site_dir: Path, context: BrowserContext, exported: dict[str, Any]) -> None:
    """Answers and a roster dropped together, as a coordinator drags them from a folder: the same record
    twice in one file and again in another, a record saved from the French page, an empty file, a JSON
    list, and a roster whose names begin with '=' (text, never a formula)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site_dir / "en" / "gather-answers.html").as_uri())
    english = json.loads(exported["files"][1].read_text(encoding="utf-8"))
    twice = copy.deepcopy(english)
    twice["records"] = [twice["records"][0], copy.deepcopy(twice["records"][0])]
    french = json.loads(exported["files"][0].read_text(encoding="utf-8"))  # saved from the French page
    # As Excel may save it: a first line naming the separator, an empty row above the header.
    roster = "sep=;\r\n;;;\r\npair;mentor;mentee;programme\r\np1;Mentor 1;Mentee 1;one-to-one\r\n"
    roster += 'p2;"=HYPERLINK(""http://x"")";Mentee 9;one-to-one\r\n'
    files = [
        ["twice.json", json.dumps(twice)],
        ["again.json", json.dumps(english)],
        ["french.json", json.dumps(french)],
        ["empty.json", ""],
        ["list.json", json.dumps([english])],
        ["roster.csv", roster],
    ]
    shown = page.evaluate(DROP, [files])
    assert shown == {"dragging": True, "kept": True, "after": False}, "the page takes the drop; the browser does not open the file"
    form = page.locator(f"[data-form='{FORM}']")
    expect(form.locator(".gather-table tbody tr")).to_have_count(2)
    expect(page.locator(".gather-file")).to_have_count(5)
    # The copy in the same file is told as such, at its file; the one in another file with the list.
    expect(page.locator(".gather-file-list")).to_contain_text("1 record was already read from another file and is counted once.")
    assert "1 record read. 1 record was in this file more than once; the copy changed last was read." in file_note(page, "twice.json")
    assert "1 record read." in file_note(page, "french.json")
    assert "This file is empty: it was saved before anything was written into it" in file_note(page, "empty.json")
    assert "does not hold answers exported from a mentorkit form" in file_note(page, "list.json")
    missing = page.locator(".gather-missing")
    expect(missing.locator("tbody tr")).to_have_count(2)
    assert missing.locator("tbody tr").nth(1).locator("td").first.inner_text() == '=HYPERLINK("http://x")'
    expect(page.locator(".gather-status")).to_have_text(
        "5 files read. Read the roster roster.csv: 2 pairs. Its names stay in this browser."
    )
    assert not errors
    page.screenshot(path=str(exported["folder"] / "dropped.png"), full_page=True)
    page.close()
