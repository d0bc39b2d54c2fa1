"""Programme pages built end to end: the page, the one-page summary, the calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar

FILES = {
    "mentorkit.yaml": "title: Peer Mentoring\nbase_url: https://mentoring.example.org/handbook/\n",
    "content/index.md": "# Home\n",
    "content/forms/agreement.md": "---\ntitle: Agreement\ntype: form\nfields:\n  - label: Name\n---\n",
    "content/forms/closure.md": "---\ntitle: Closure form\ntype: form\nfields:\n  - label: Name\n---\n",
    "content/programmes/pilot.md": """
        ---
        title: Pilot programme
        type: programme
        weeks: 8
        cadence: fortnightly
        meeting_length: 45 minutes
        start: 2028-02-14
        time: "18:00"
        phases:
          - name: Getting started
            weeks: 1-2
            topics: [Introductions]
            forms: [agreement]
          - name: Working together
            weeks: 3-8
            topics: [Goals, Progress, Wrap-up]
        milestones:
          - name: Closure
            week: 8
            form: ../forms/closure.md
        ---
        The pilot.
        """,
}


def test_programme_page_glance_and_calendar(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    project = make_project(FILES)
    result = cli("build", project, "--strict")
    assert result.exit_code == 0, result.stderr
    site = project / "site"
    html = (site / "programmes" / "pilot.html").read_text()
    assert '<a href="pilot-at-a-glance.html">' in html
    assert '<a href="pilot.ics" download>Add the 4 meetings to your calendar (.ics)</a>' in html
    assert 'style="grid-column: 3 / span 6"' in html, "the timeline places phases by week"
    assert "<td>28 February 2028</td>" in html and "<td>13 March 2028</td>" in html, "14 days on, across the leap day"
    assert '<a href="../forms/agreement.html">Agreement</a>' in html
    glance = (site / "programmes" / "pilot-at-a-glance.html").read_text()
    assert 'Pilot programme <span class="glance-subtitle">at a glance</span>' in glance
    form = (site / "forms" / "closure.html").read_text()
    assert '<li><a href="../programmes/pilot.html">Pilot programme</a>: Closure</li>' in form

    calendar = icalendar.Calendar.from_ical((site / "programmes" / "pilot.ics").read_bytes())
    events = [(str(e["summary"]), e.decoded("dtstart"), str(e["uid"])) for e in calendar.walk("VEVENT")]
    assert [(s, d) for s, d, _ in events] == [
        ("Mentoring meeting 1: Introductions", dt.datetime(2028, 2, 14, 18, 0)),
        ("Mentoring meeting 2: Goals", dt.datetime(2028, 2, 28, 18, 0)),
        ("Mentoring meeting 3: Progress", dt.datetime(2028, 3, 13, 18, 0)),
        ("Mentoring meeting 4: Wrap-up", dt.datetime(2028, 3, 27, 18, 0)),
        ("Milestone: Closure", dt.date(2028, 4, 3)),
    ]
    first = calendar.walk("VEVENT")[0]
    assert first.decoded("dtend") - first.decoded("dtstart") == dt.timedelta(minutes=45)
    uids = [uid for _, _, uid in events]
    assert len(set(uids)) == 5 and all(uid.endswith("@mentoring.example.org") for uid in uids)
    assert "Bring: Agreement (https://mentoring.example.org/handbook/forms/agreement.html)" in str(first["description"])

    # The same sources give the same calendar: re-importing updates, never duplicates.
    before = (site / "programmes" / "pilot.ics").read_bytes()
    assert cli("build", project).exit_code == 0
    assert (site / "programmes" / "pilot.ics").read_bytes() == before


def test_no_start_date_means_no_calendar(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    files = dict(FILES)
    files["content/programmes/pilot.md"] = FILES["content/programmes/pilot.md"].replace("        start: 2028-02-14\n", "")
    project = make_project(files)
    assert cli("build", project, "--strict").exit_code == 0
    html = (project / "site" / "programmes" / "pilot.html").read_text()
    assert not (project / "site" / "programmes" / "pilot.ics").exists()
    assert "pilot.ics" not in html and '<th scope="col">Date</th>' not in html
    assert 'class="pair-calendar-form"' in html, "a pair can still make a calendar from its own start date"


def test_form_reference_to_a_missing_form(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    files = dict(FILES)
    files["content/programmes/pilot.md"] = FILES["content/programmes/pilot.md"].replace("forms: [agreement]", "forms: [agrement]")
    result = cli("build", make_project(files))
    assert result.exit_code == 1
    assert result.stderr == (
        "content/programmes/pilot.md:13: error: phase 'Getting started' names the form 'agrement', which does not exist\n"
        "  did you mean 'agreement'? (known: agreement, closure)\n"
        "Stopped: 1 error; nothing was written.\n"
    )


def test_a_form_name_two_forms_have_is_an_error_saying_their_paths(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    """forms/agreement.md and forms/group/agreement.md: 'agreement' took whichever came first, without a word."""
    files = dict(FILES)
    files["content/forms/group/agreement.md"] = "---\ntitle: Group agreement\ntype: form\nfields:\n  - label: Name\n---\n"
    result = cli("build", make_project(files))
    assert result.exit_code == 1
    assert result.stderr == (
        "content/programmes/pilot.md:13: error: phase 'Getting started' names the form 'agreement', and 2 forms have that name: "
        "forms/agreement.md, forms/group/agreement.md\n"
        "  name it by its path, such as 'forms/agreement'\n"
        "Stopped: 1 error; nothing was written.\n"
    )
    files["content/programmes/pilot.md"] = FILES["content/programmes/pilot.md"].replace(
        "forms: [agreement]", "forms: [forms/group/agreement]"
    )
    assert cli("build", make_project(files)).exit_code == 0


def test_source_date_epoch_sets_the_calendar_stamp(make_project, cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    project = make_project(FILES)
    assert cli("build", project).exit_code == 0
    calendar = icalendar.Calendar.from_ical((project / "site" / "programmes" / "pilot.ics").read_bytes())
    assert calendar.walk("VEVENT")[0].decoded("dtstamp") == dt.datetime.fromtimestamp(1800000000, dt.timezone.utc)
    assert Path(project / "site" / "programmes" / "pilot.ics").read_bytes().count(b"\r\n") > 10, "RFC 5545 line ends"


def test_time_zone_breaks_and_reminders_on_the_page_and_in_the_calendar(make_project, cli) -> None:  # type: ignore[no-untyped-def]
    files = dict(FILES)
    files["content/programmes/pilot.md"] = FILES["content/programmes/pilot.md"].replace(
        '        time: "18:00"\n',
        '        time: "18:00"\n        timezone: Europe/Berlin\n        reminders: 2 hours\n'
        "        breaks:\n          - name: Carnival\n            from: 2028-02-26\n            to: 2028-03-05\n          - weeks: 7\n",
    )
    project = make_project(files)
    result = cli("build", project, "--strict")
    assert result.exit_code == 0, result.stderr
    html = (project / "site" / "programmes" / "pilot.html").read_text()
    assert "at 18:00 (Europe/Berlin time)" in html
    assert "<li>Carnival: 26 February 2028 to 5 March 2028</li>" in html and "<li>week 7 after the start</li>" in html
    assert "<td>6 March 2028</td>" in html, "the meeting of 28 February moves past the break"
    assert "Dates</dt><dd>14 February 2028 to 23 April 2028" in html, "eight weeks and two weeks off"
    calendar = icalendar.Calendar.from_ical((project / "site" / "programmes" / "pilot.ics").read_bytes())
    meetings = [e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith("Mentoring")]
    assert [e.decoded("dtstart").date() for e in meetings] == [
        dt.date(2028, 2, 14),
        dt.date(2028, 3, 6),
        dt.date(2028, 3, 20),
        dt.date(2028, 4, 10),
    ]
    assert {e["dtstart"].params["TZID"] for e in meetings} == {"Europe/Berlin"}
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert all([a.decoded("trigger") for a in e.walk("VALARM")] == [-dt.timedelta(hours=2)] for e in calendar.walk("VEVENT"))
