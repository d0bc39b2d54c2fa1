"""`mentorkit packs`: a folder for each pair of a roster, checked as a coordinator and a pair see it."""

from __future__ import annotations

import datetime as dt
import html
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from generator.packs import make_packs

FILES = {
    "mentorkit.yaml": "title: Peer Mentoring\nbase_url: https://mentoring.example.org/handbook/\n",
    "content/index.md": "# Home\n\n[Agreement](forms/agreement.md), [Review](forms/review.md).\n",
    "content/forms/agreement.md": """
        ---
        title: Agreement
        type: form
        fields:
          - id: mentor_name
            label: Mentor's name
            prefill: mentor
          - id: mentee_name
            label: Mentee's name
            prefill: mentee
          - id: started
            type: date
            label: Start date
            prefill: start
          - id: team
            label: Team
            prefill: team
          - label: Hopes
            type: textarea
        ---
        """,
    "content/forms/review.md": "---\ntitle: Review\ntype: form\nfields:\n  - id: who\n    label: Mentee\n    prefill: mentee\n---\n",
    "content/programmes/evenings.md": """
        ---
        title: Evening programme
        type: programme
        weeks: 12
        cadence: weekly
        start: 2027-03-02
        time: "18:00"
        timezone: Europe/London
        reminders: [1 day, 1 hour]
        breaks:
          - name: Easter
            from: 2027-03-29
            to: 2027-04-09
        phases:
          - name: Start
            weeks: 1-2
            forms: [agreement]
          - name: Work
            weeks: 3-12
        milestones:
          - name: Review
            week: 6
            form: review
        ---
        """,
    "content/programmes/monthly.md": """
        ---
        title: Monthly programme
        type: programme
        months: 6
        cadence: monthly
        start: 2027-01-05
        phases:
          - name: All
            weeks: 1-26
            forms: [agreement, review]
        ---
        """,
}
BREAK = (dt.date(2027, 3, 29), dt.date(2027, 4, 9))
HOSTILE = "<img src=x onerror=alert(1)>"


def roster_text(count: int = 30, seed: int = 7) -> tuple[str, list[dict[str, str]]]:
    """A roster of `count` pairs across both programmes, with names no page of the handbook holds."""
    rng = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        evening = number % 2 == 0
        base = dt.date(2027, 3, 2) if evening else dt.date(2027, 1, 5)  # both Tuesdays
        start = base + dt.timedelta(weeks=rng.randrange(0, 8))
        row = {
            "pair": f"p{number:02d}",
            "mentor": f"Mentorix{number:02d} Quillfeather",
            "mentee": HOSTILE if number == 3 else f"Menteeva{number:02d} Brackenbury",
            "programme": "evenings" if evening else "monthly",
            "start": start.isoformat() if number % 3 else "",
            "time": "" if number % 4 else "07:45",
            "timezone": "America/Toronto" if number % 5 == 0 else "",
            "team": f'=HYPERLINK("http://evil.example/{number}")',
        }
        rows.append(row)
    header = list(rows[0])
    lines = [",".join(header)]
    for row in rows:
        lines.append(",".join('"' + row[key].replace('"', '""') + '"' for key in header))
    return "\n".join(lines) + "\n", rows


@pytest.fixture(scope="module")
def packed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]], dict[str, bytes]]:
    """The project, its roster's rows, and every calendar of a first run (the packs are written twice)."""
    import textwrap

    project = tmp_path_factory.mktemp("cohort") / "project"
    for name, text in FILES.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    text, rows = roster_text()
    (project / "roster.csv").write_text(text, encoding="utf-8")
    result = make_packs(project / "roster.csv", project)
    assert result.pairs == 30
    first = {p.parent.name: p.read_bytes() for p in (project / "packs").glob("*/*.ics")}
    make_packs(project / "roster.csv", project)
    return project, rows, first


def test_thirty_pairs_thirty_folders_each_form_with_its_names(packed) -> None:  # type: ignore[no-untyped-def]
    project, rows, _ = packed
    packs = project / "packs"
    assert sorted(p.name for p in packs.iterdir() if p.is_dir() and p.name != "theme") == [f"p{n:02d}" for n in range(1, 31)]
    index = (packs / "index.html").read_text()
    for row in rows:
        folder = packs / row["pair"]
        agreement = (folder / "agreement.html").read_text()
        mentor, mentee = html.escape(row["mentor"]), html.escape(row["mentee"])
        assert f'name="mentor_name" value="{mentor}"' in agreement
        assert f'name="mentee_name" value="{mentee}"' in agreement
        assert 'name="team" value="=HYPERLINK(&#34;http://evil.example/' in agreement, "a formula is text, escaped"
        assert f'name="who" value="{mentee}"' in (folder / "review.html").read_text()
        glance = (folder / f"{row['programme']}-at-a-glance.html").read_text()
        assert f'<p class="pack-pair-names">{mentor} and {mentee}</p>' in glance
        assert "theme/forms.js" not in agreement, "a printed pack has no scripts that would replace its values"
        assert (folder / "theme" / "style.css").is_file(), "a pack opens from disk on its own"
        scripts = {src for page in folder.glob("*.html") for src in re.findall(r'<script src="([^"]+)"', page.read_text())}
        assert scripts == {"theme/words.js"} and all((folder / src).is_file() for src in scripts)
        assert f'href="{row["pair"]}/index.html"' in index and mentor in index
    third = (packs / "p03" / "agreement.html").read_text()
    assert HOSTILE not in third and "&lt;img src=x onerror=alert(1)&gt;" in third
    assert HOSTILE not in index
    assert "Language</th>" not in index, "no language column in a handbook in one language"


def test_form_pages_carry_the_start_and_a_link_and_qr_into_the_site(packed) -> None:  # type: ignore[no-untyped-def]
    project, rows, _ = packed
    row = rows[1]  # p02: evenings, own start
    page = (project / "packs" / "p02" / "agreement.html").read_text()
    assert f'name="started" value="{row["start"]}"' in page
    link = "https://mentoring.example.org/handbook/forms/agreement.html#prefill="
    assert f'<a href="{link}' in page
    assert "mentor=Mentorix02%20Quillfeather" in page and f"start={row['start']}" in page
    assert '<svg viewBox="0 0 ' in page and 'class="pack-qr-code"><title>Agreement</title>' in page, (
        "the link as a QR code, inline, for paper"
    )
    cover = (project / "packs" / "p02" / "index.html").read_text()
    assert 'href="evenings.ics"' in cover and 'href="evenings-at-a-glance.html"' in cover


def test_calendars_have_the_pairs_dates_zones_alarms_breaks_and_stable_uids(packed) -> None:  # type: ignore[no-untyped-def]
    project, rows, first = packed
    every_uid: set[str] = set()
    for row in rows:
        name = "evenings" if row["programme"] == "evenings" else "monthly"
        data = (project / "packs" / row["pair"] / f"{name}.ics").read_bytes()
        assert data == first[row["pair"]], "a second run writes the same calendar"
        calendar = icalendar.Calendar.from_ical(data)
        events = list(calendar.walk("VEVENT"))
        meetings = [e for e in events if "meeting" in str(e["summary"])]
        starts = [e.decoded("dtstart") for e in meetings]
        days = [s.date() if isinstance(s, dt.datetime) else s for s in starts]
        expected_start = (
            dt.date.fromisoformat(row["start"]) if row["start"] else (dt.date(2027, 3, 2) if name == "evenings" else dt.date(2027, 1, 5))
        )
        assert days[0] == expected_start
        zone = row["timezone"] or ("Europe/London" if name == "evenings" else "")
        timed = name == "evenings" or row["time"]
        if timed and zone:
            assert all(e["dtstart"].params.get("TZID") == zone for e in meetings), row
            assert f"TZID:{zone}".encode() in data, "the zone's VTIMEZONE"
            hour = "07:45" if row["time"] else "18:00"
            assert all(s.strftime("%H:%M") == hour for s in starts)
        if name == "evenings":
            assert not [d for d in days if BREAK[0] <= d <= BREAK[1]], "no meeting in the Easter break"
            assert len(meetings) == 12
            assert all(len(e.walk("VALARM")) == 2 for e in events), "an alarm for each reminder on every event"
        else:
            assert all(len(e.walk("VALARM")) == 0 for e in events)
        uids = {str(e["uid"]) for e in events}
        assert not uids & every_uid, "each pair's events are its own"
        every_uid |= uids


def test_the_site_holds_no_name_from_the_roster(packed, cli) -> None:  # type: ignore[no-untyped-def]
    project, rows, _ = packed
    assert cli("build", project).exit_code == 0
    names = {row["mentor"] for row in rows} | {row["mentee"] for row in rows} | {"Quillfeather", "Brackenbury", "evil.example"}
    for root, _, files in os.walk(project / "site"):
        for name in files:
            data = (Path(root) / name).read_bytes()
            assert not [n for n in names if n.encode() in data], name
    assert not list((project / "site").rglob("*.csv"))


def test_a_broken_roster_gives_every_problem_and_exit_1(packed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    project, _, _ = packed
    broken = tmp_path / "roster.csv"
    broken.write_text(
        "pair,mentor,mentee,programme,start,timezone\n"
        "a1,Ann,Ben,evenings,2027-03-09,\n"
        "a2,Cat,Dan,evening,2027-03-09,\n"
        "a1,Eve,Fay,evenings,2027-03-10,Europe/Lodnon\n"
        "a4,,Gus,monthly,2027-02-30,\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "packs", "roster.csv", str(project), "--output", str(tmp_path / "out")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == (
        # Told with the rows' mistakes (it was told only once they were put right): the pairs without one are planned too.
        "roster.csv:1: error: the roster has no 'team' column, which the packs' forms fill in: "
        "field 'team' of 'Agreement' (content/forms/agreement.md:15)\n"
        "  add a column 'team' to the roster's header line (its cells may stay empty), or take 'prefill: team' off the field\n"
        "roster.csv:3: error: programme 'evening' not found\n  did you mean 'evenings'?\n"
        "roster.csv:4: error: timezone 'Europe/Lodnon' is not a time zone this computer knows\n  did you mean 'Europe/London'?\n"
        "roster.csv:4: error: pair 'a1' is used twice (first on line 2)\n  give each pair its own id in the 'pair' column\n"
        "roster.csv:4: error: start 2027-03-10 is a Wednesday, but programme 'evenings' meets on Tuesdays\n"
        "  start on a Tuesday, such as 2027-03-16, or give the pair its own 'weekday' column\n"
        "roster.csv:5: error: the row has no 'mentor'\n  add the mentor's name\n"
        "roster.csv:5: error: start 2027-02-30 is a date that does not exist\n  check the day and the month\n"
        "Stopped: 7 errors; nothing was written.\n"
    )
    assert not (tmp_path / "out").exists()


def test_a_roster_saved_by_a_spreadsheet_with_a_start_in_the_break(packed, tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Excel's 'CSV UTF-8' where the decimal mark is a comma: a byte order mark, ';', CRLF, headings in
    capitals; names in Hebrew, with an emoji and with a combining accent; a start in the Easter break."""
    project, _, _ = packed
    roster = tmp_path / "roster.csv"
    rows = [
        "PAIR ;Mentor;Mentee;Programme;Start;Timezone;team;;",
        "e1;אביגיל 🌱;Jose\u0301;evenings;2027-03-30;Europe/Kyiv;1,5;;",
        ";;;;;;;;",
    ]
    roster.write_bytes("\r\n".join(rows).encode("utf-8-sig") + b"\r\n")
    monkeypatch.chdir(tmp_path)
    result = cli("packs", "roster.csv", project, "--output", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "roster.csv:2: warning: start 2027-03-30 falls in the break 'Easter' of programme 'evenings' (2027-03-29 to 2027-04-09), "
        "when pairs do not meet\n"
        "  its meetings begin after the break; to have its start be its first meeting, give it a 'start' such as 2027-04-13\n"
    )
    agreement = (tmp_path / "out" / "e1" / "agreement.html").read_text(encoding="utf-8")
    assert 'name="mentor_name" value="אביגיל 🌱"' in agreement and 'name="mentee_name" value="Jose\u0301"' in agreement
    calendar = icalendar.Calendar.from_ical((tmp_path / "out" / "e1" / "evenings.ics").read_bytes())
    first = min(event.decoded("dtstart") for event in calendar.walk("VEVENT") if "meeting-" in str(event["uid"]))
    assert (first.date(), str(first.tzinfo)) == (dt.date(2027, 4, 13), "Europe/Kyiv")


def test_a_column_a_form_fills_from_but_the_roster_lacks_is_an_error(packed, tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every pair's printed form would have the field blank, with no word said: the coordinator is told where and what to do."""
    project, _, _ = packed
    roster = tmp_path / "roster.csv"
    roster.write_text("pair,mentor,mentee,programme,Team\nq1,Ann,Ben,evenings,\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("packs", "roster.csv", project, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (
        "roster.csv:1: error: the roster has no 'team' column, which the packs' forms fill in: "
        "field 'team' of 'Agreement' (content/forms/agreement.md:15)\n"
        "  add a column 'team' to the roster's header line (its cells may stay empty), or take 'prefill: team' off the field; "
        "did you mean 'Team'? (then rename the column, or change the field's 'prefill:')\n"
        "Stopped: 1 error; nothing was written.\n"
    )
    assert not (tmp_path / "out").exists()


def test_values_too_long_for_a_qr_code_are_an_error_at_their_line(packed, tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A name in Arabic of 400 letters (each 6 characters in a link) stopped `mentorkit packs` with segno's
    DataOverflowError traceback; the packs already written stay as they were."""
    project, _, _ = packed
    roster = tmp_path / "roster.csv"
    roster.write_text("pair,mentor,mentee,programme,team\nq1,Ann,Ben,evenings,\nq2,Cy,Di,evenings,\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli("packs", "roster.csv", project, "--output", tmp_path / "out").exit_code == 0
    before = {path: path.read_bytes() for path in (tmp_path / "out").rglob("*") if path.is_file()}
    roster.write_text(
        f"pair,mentor,mentee,programme,team\nq1,Ann,Ben,evenings,\nq2,{'محمد' * 100},Di,evenings,{'x' * 400}\n", encoding="utf-8"
    )
    result = cli("packs", "roster.csv", project, "--output", tmp_path / "out")
    assert result.exit_code == 1
    assert result.stderr == (
        "roster.csv:3: error: pair 'q2' has values too long for the QR code printed on its forms, which holds a link of up to "
        "2,331 characters: the link that fills 'Agreement' (2,908 characters)\n"
        "  shorten its longest values ('mentor': 400 characters, 'team': 400 characters; "
        "a letter outside a to z takes up to 12 characters in a link), or take 'prefill:' off the fields they fill\n"
        "Stopped: 1 error; nothing was written.\n"
    )
    assert {path: path.read_bytes() for path in (tmp_path / "out").rglob("*") if path.is_file()} == before


def test_a_start_in_the_year_9999_is_an_error_at_its_line(packed, tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """It stopped `mentorkit packs` with an OverflowError traceback (the programme's own start is checked so already)."""
    project, _, _ = packed
    (tmp_path / "roster.csv").write_text(
        "pair,mentor,mentee,programme,start,team\nq1,Ann,Ben,evenings,9999-12-28,\nq2,Cy,Di,evenings,9999-10-05,\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = cli("packs", "roster.csv", project, "--output", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (
        1,
        "roster.csv:2: error: a programme starting on 9999-12-28 would end after the year 9999\n  check the start date's year\n"
        "roster.csv:3: error: a programme starting on 9999-10-05 would end after the year 9999\n  check the start date's year\n"
        "Stopped: 2 errors; nothing was written.\n",
    )


@pytest.mark.parametrize("where", ["site", "site/packs", "content/packs"])
def test_the_packs_never_go_into_the_site_or_content(packed, cli, where: str) -> None:  # type: ignore[no-untyped-def]
    project, _, _ = packed
    result = cli("packs", project / "roster.csv", project, "--output", project / where)
    assert result.exit_code == 1
    assert "error: cannot write the packs here: the folder is" in result.stderr
    assert not (project / where / "index.html").exists() or where == "site"


def test_a_new_handbook_keeps_packs_and_rosters_out_of_version_control(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("new", tmp_path / "handbook").exit_code == 0
    ignored = (tmp_path / "handbook" / ".gitignore").read_text().splitlines()
    assert "packs/" in ignored and "*.csv" in ignored and "site/" in ignored


def test_a_roster_reached_through_content_by_a_link_is_refused(packed, tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A link in content/ to the roster, or the roster named through such a link: the build would publish it."""
    project, _, _ = packed
    monkeypatch.chdir(project)
    hint = "  move it out, such as into the project folder: the roster holds the pairs' names ('mentorkit new' keeps *.csv out of git)\n"
    for make in (os.symlink, os.link):
        make(project / "roster.csv", project / "content" / "cohort.csv")
        try:
            through = cli("packs", "content/cohort.csv", ".", "--output", tmp_path / "out")
            beside = cli("packs", "roster.csv", ".", "--output", tmp_path / "out")
        finally:
            (project / "content" / "cohort.csv").unlink()
        assert (through.exit_code, through.stderr) == (
            1,
            "content/cohort.csv: error: the roster is inside content/, whose files the build publishes\n"
            + hint
            + "Stopped: 1 error; nothing was written.\n",
        )
        assert (beside.exit_code, beside.stderr) == (
            1,
            "content/cohort.csv: error: this file is the roster roster.csv (a link to it), and the build publishes what content/ holds\n"
            "  remove the link: the roster holds the pairs' names\nStopped: 1 error; nothing was written.\n",
        )
    assert not (tmp_path / "out").exists()


def test_a_roster_that_is_a_folder_or_missing_is_told_as_an_error(packed, tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    project, _, _ = packed
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cohort").mkdir()
    result = cli("packs", "cohort", project, "--output", tmp_path / "out")
    assert (result.exit_code, result.stderr) == (
        1,
        "cohort: error: this is a folder, not a roster\n  give the path of the roster's CSV file, such as roster.csv\n"
        "Stopped: 1 error; nothing was written.\n",
    )
    result = cli("packs", "rooster.csv", project, "--output", tmp_path / "out")
    assert result.exit_code == 1 and result.stderr.startswith("rooster.csv: error: cannot read the roster: No such file or directory\n")
    assert not (tmp_path / "out").exists()


def test_a_roster_inside_content_is_refused(packed, cli) -> None:  # type: ignore[no-untyped-def]
    project, _, _ = packed
    inside = project / "content" / "roster.csv"
    inside.write_bytes((project / "roster.csv").read_bytes())
    try:
        result = cli("packs", inside, project, "--output", project / "elsewhere")
    finally:
        inside.unlink()
    assert result.exit_code == 1
    assert "error: the roster is inside content/, whose files the build publishes" in result.stderr
    assert not (project / "elsewhere").exists()


@pytest.mark.pdf
def test_pdf_packs_hold_the_names_in_fillable_fields(tmp_path: Path, make_project, cli) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    files = {name: text for name, text in FILES.items() if not name.endswith("monthly.md")}
    project = make_project(files)
    (tmp_path / "roster.csv").write_text(f"pair,mentor,mentee,programme,team\nz9,Ada Lovelace,{HOSTILE},evenings,\n", encoding="utf-8")
    result = cli("packs", tmp_path / "roster.csv", project, "--pdf")
    assert result.exit_code == 0, result.stderr
    folder = project / "packs" / "z9"
    fields = PdfReader(folder / "agreement.pdf").get_fields() or {}
    values = {name: field.get("/V") for name, field in fields.items()}
    assert values["mentor_name"] == "Ada Lovelace" and values["mentee_name"] == HOSTILE
    assert values["started"] == "2027-03-02", "the programme's start, the pair having none of its own"
    assert not values.get("team"), "an empty cell leaves its field blank"
    glance = PdfReader(folder / "evenings-at-a-glance.pdf")
    assert "2 March 2027" in glance.pages[0].extract_text()
    assert "agreement.html#prefill=mentee=" in "".join(page.extract_text() for page in PdfReader(folder / "agreement.pdf").pages)


def test_two_forms_of_one_name_in_two_folders_each_have_their_page_in_the_pack(tmp_path: Path, make_project, cli) -> None:  # type: ignore[no-untyped-def]
    """forms/review.md and forms/late/review.md, and a form called 'index': the pack used to write
    both reviews as review.html (the second over the first) and the form over the pair's cover."""
    files = dict(FILES)
    files["content/programmes/monthly.md"] = FILES["content/programmes/monthly.md"].replace(
        "forms: [agreement, review]", "forms: [agreement, forms/review, forms/late/review, forms/index]"
    )
    files["content/programmes/evenings.md"] = FILES["content/programmes/evenings.md"].replace("form: review", "form: forms/review")
    files["content/forms/late/review.md"] = (
        "---\ntitle: Late review\ntype: form\nfields:\n  - id: who\n    label: Mentee\n    prefill: mentee\n---\n"
    )
    files["content/forms/index.md"] = (
        "---\ntitle: Index form\ntype: form\nfields:\n  - id: who\n    label: Mentee\n    prefill: mentee\n---\n"
    )
    project = make_project(files)
    (tmp_path / "roster.csv").write_text("pair,mentor,mentee,programme,team\nm1,Ada,Bo,monthly,\n", encoding="utf-8")
    result = cli("packs", tmp_path / "roster.csv", project)
    assert result.exit_code == 0, result.stderr
    folder = project / "packs" / "m1"
    titles = {path.name: re.search(r"<title>([^<·]*)", path.read_text()).group(1).strip() for path in folder.glob("*.html")}  # type: ignore[union-attr]
    assert titles == {
        "index.html": "Ada and Bo",
        "monthly-at-a-glance.html": "Monthly programme at a glance",
        "agreement.html": "Agreement",
        "review.html": "Review",
        "forms-late-review.html": "Late review",
        "forms-index.html": "Index form",
    }
    cover = (folder / "index.html").read_text()
    assert all(f'href="{name}"' in cover for name in ("review.html", "forms-late-review.html", "forms-index.html"))


@pytest.mark.parametrize("base_url", ["", "base_url: /handbook/\n"])
def test_without_a_whole_base_url_no_qr_code_and_the_coordinator_is_told(tmp_path: Path, make_project, cli, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """A QR code of a path, or of a file on this computer, would open nothing on a phone."""
    files = {name: text for name, text in FILES.items() if not name.endswith("monthly.md")}
    project = make_project(files | {"mentorkit.yaml": "title: Peer Mentoring\n" + base_url})
    (tmp_path / "roster.csv").write_text("pair,mentor,mentee,programme,team\nz9,Ada Lovelace,Bo Chen,evenings,\n", encoding="utf-8")
    result = cli("packs", tmp_path / "roster.csv", project)
    assert result.exit_code == 0, result.stderr
    what = "base_url '/handbook/' is a path, not the site's whole address" if base_url else "there is no base_url"
    line = ":2" if base_url else ""
    assert f"mentorkit.yaml{line}: warning: {what}: the packs' links lead to the site folder on this computer" in result.stderr
    assert "set base_url to the address the handbook is published at" in result.stderr
    page = (project / "packs" / "z9" / "agreement.html").read_text()
    assert "<svg" not in page
    assert 'class="pack-link screen-only"' in page and 'href="../../site/forms/agreement.html#prefill=' in page
    assert 'class="pack-link-unprinted"' in page


LANGUAGES = "pair,mentor,mentee,programme,language\ne1,Ada Lovelace,Bo Chen,one-to-one,\nf1,Chloé Martin,Dédé Roux,one-to-one,FR\nf2,Émile Zola,Yves Tan,cohort,fr\n"


def test_packs_in_each_language_of_the_handbook(project: Path, tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The example handbook (English and French): a pair's pack is in its `language`, by default the first."""
    (tmp_path / "roster.csv").write_text(LANGUAGES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("packs", "roster.csv", project, "--output", tmp_path / "packs")
    assert result.exit_code == 0, result.stderr
    packs = tmp_path / "packs"
    english = (packs / "e1" / "agreement.html").read_text()
    assert '<html lang="en">' in english and "<title>Mentoring agreement" in english
    assert "site/en/forms/agreement.html#prefill=" in english
    french = (packs / "f1" / "agreement.html").read_text()
    assert '<html lang="fr">' in french and "Accord de mentorat" in french and "Mentoring agreement" not in french
    assert 'value="Chloé Martin"' in french and "site/fr/forms/agreement.html#prefill=" in french
    cover = (packs / "f1" / "index.html").read_text()
    assert "Vos formulaires" in cover and "Your forms" not in cover
    assert "site/fr/programmes/one-to-one.html#prefill=pair=f1" in cover, "the programme's page in the pair's language"
    glance = (packs / "f1" / "one-to-one-at-a-glance.html").read_text()
    assert "Programme individuel sur six mois" in glance and '<html lang="fr">' in glance
    calendar = icalendar.Calendar.from_ical((packs / "f1" / "one-to-one.ics").read_bytes())
    assert str(next(iter(calendar.walk("VEVENT")))["summary"]).startswith("Rencontre de mentorat 1")
    assert (packs / "f2" / "cohort.ics").is_file()
    index = (packs / "index.html").read_text()
    assert '<html lang="en">' in index, "the coordinator's index is in the first language"
    assert "Programme individuel sur six mois" in index
    assert '<th scope="col">Language</th>' in index and "<td>fr</td>" in index


def test_an_unknown_language_or_a_missing_translation_is_an_error(project: Path, tmp_path: Path, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    (project / "content" / "fr" / "programmes" / "cohort.md").unlink()
    (tmp_path / "roster.csv").write_text(
        "pair,mentor,mentee,programme,language\n"
        "a1,Ann,Ben,one-to-one,fe\n"
        "a2,Cat,Dan,cohort,fr\n"
        "a3,Eve,Fay,cohort,en\n"
        "a4,Gus,Hal,one-to-on,de\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = cli("packs", "roster.csv", project, "--output", tmp_path / "packs")
    assert result.exit_code == 1
    assert result.stderr == (
        "roster.csv:2: error: language 'fe' is not a language of this handbook\n"
        "  did you mean 'fr'? (the handbook's languages: en, fr)\n"
        "roster.csv:3: error: programme 'cohort' has no page in 'fr', the pair's language\n"
        "  translate it as content/fr/programmes/cohort.md, or give the pair one of its languages: en\n"
        "roster.csv:5: error: language 'de' is not a language of this handbook\n"
        "  the handbook's languages: en, fr\n"
        "roster.csv:5: error: programme 'one-to-on' not found\n  did you mean 'one-to-one'?\n"
        "Stopped: 4 errors; nothing was written.\n"
    )
    assert not (tmp_path / "packs").exists()
