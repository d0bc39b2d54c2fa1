"""A programme's calendar (.ics), read back with the icalendar library as a
calendar application would: its events, their times, UIDs and stamps."""

import datetime as dt
import json
from collections.abc import Callable
from zoneinfo import ZoneInfo

import icalendar
import pytest

from generator.load.config import Config, MarkdownOptions
from generator.load.theme_words import Words
from generator.model.programmes import form_names, resolve_forms
from generator.model.types import Page
from generator.parse.front_matter import parse_source
from generator.parse.markdown import make_markdown
from generator.parse.page import parse_page
from generator.render.calendar import programme_calendar
from generator.render.pair_plan import pair_plan_data

MD = make_markdown(MarkdownOptions())
PILOT = """---
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
    topics: [Goals, Progress]
milestones:
  - name: Halfway review
    week: 5
    description: Look back at the goals, and forward to the end.
  - name: Closure
    week: 8
    form: ../forms/closure.md
---
The pilot.
"""
FORMS = {
    "forms/agreement.md": "---\ntitle: Mentoring agreement\ntype: form\nfields:\n  - label: Name\n---\n",
    "forms/closure.md": "---\ntitle: Closure form\ntype: form\nfields:\n  - label: Name\n---\n",
}


def parsed(rel: str, text: str) -> Page:
    page, problems = parse_page(parse_source(f"content/{rel}", rel, text.encode()), MD)
    assert page is not None, problems
    return page


def programme_page(text: str = PILOT, rel: str = "programmes/pilot.md") -> Page:
    """The programme with its forms found, as the model hands it to the renderer."""
    forms = form_names(tuple(parsed(name, source) for name, source in FORMS.items()))
    page, problems = resolve_forms(parsed(rel, text), forms)
    assert problems == []
    return page


def calendar(
    words: Words,
    page: Page | None = None,
    handbook: str = "Peer Mentoring",
    base_url: str | None = "https://mentoring.example.org/handbook/",
    stamp: dt.datetime | None = None,
) -> icalendar.Calendar:
    page = page or programme_page()
    assert page.programme is not None
    ics = programme_calendar(page, page.programme, handbook, base_url, stamp, words)
    assert ics is not None
    return icalendar.Calendar.from_ical(ics)


@pytest.fixture
def english(theme_words: Callable[[str], Words]) -> Words:
    return theme_words("en")


def events(cal: icalendar.Calendar) -> list[icalendar.Event]:
    return list(cal.walk("VEVENT"))


def test_the_calendar_names_the_programme_and_the_handbook(english: Words) -> None:
    cal = calendar(english)
    assert (str(cal["version"]), str(cal["prodid"]), str(cal["x-wr-calname"])) == (
        "2.0",
        "-//mentorkit//Mentoring programme calendar//EN",
        "Pilot programme · Peer Mentoring",
    )


def test_a_title_over_two_lines_names_the_calendar_on_one(english: Words) -> None:
    """A title written over two lines (`title: |`, or "\\n" in quotes) stopped the build with a traceback."""
    page = programme_page(PILOT.replace("title: Pilot programme", 'title: "Pilot\\nprogramme, 2028; evenings"'))
    cal = calendar(english, page, handbook="Peer\nMentoring")
    assert str(cal["x-wr-calname"]) == "Pilot programme, 2028; evenings · Peer Mentoring"


def test_a_meeting_at_the_programme_time_and_a_milestone_all_day(english: Words) -> None:
    """The phase's topics go to its meetings in turn; a meeting past them has none."""
    found = [(str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend"), str(e.get("transp", ""))) for e in events(calendar(english))]
    assert found == [
        ("Mentoring meeting 1: Introductions", dt.datetime(2028, 2, 14, 18, 0), dt.datetime(2028, 2, 14, 18, 45), ""),
        ("Mentoring meeting 2: Goals", dt.datetime(2028, 2, 28, 18, 0), dt.datetime(2028, 2, 28, 18, 45), ""),
        ("Mentoring meeting 3: Progress", dt.datetime(2028, 3, 13, 18, 0), dt.datetime(2028, 3, 13, 18, 45), ""),
        ("Mentoring meeting 4", dt.datetime(2028, 3, 27, 18, 0), dt.datetime(2028, 3, 27, 18, 45), ""),
        ("Milestone: Halfway review", dt.date(2028, 3, 13), dt.date(2028, 3, 14), "TRANSPARENT"),
        ("Milestone: Closure", dt.date(2028, 4, 3), dt.date(2028, 4, 4), "TRANSPARENT"),
    ]


def test_without_a_time_meetings_are_all_day(english: Words) -> None:
    page = programme_page(PILOT.replace('time: "18:00"\n', ""))
    first = events(calendar(english, page))[0]
    assert (first.decoded("dtstart"), first.decoded("dtend")) == (dt.date(2028, 2, 14), dt.date(2028, 2, 15))


def test_what_to_bring_links_to_the_form_on_the_site(english: Words) -> None:
    meetings = {str(e["summary"]): e for e in events(calendar(english))}
    first = meetings["Mentoring meeting 1: Introductions"]
    assert str(first["description"]) == (
        "Phase: Getting started\nSuggested topic: Introductions\n"
        "Bring: Mentoring agreement (https://mentoring.example.org/handbook/forms/agreement.html)"
    )
    assert str(first["url"]) == "https://mentoring.example.org/handbook/programmes/pilot.html"
    third = meetings["Mentoring meeting 3: Progress"]
    assert "Milestone: Halfway review" in str(third["description"]), "a milestone in a meeting's week is on the agenda"
    assert str(meetings["Milestone: Halfway review"]["description"]) == "Look back at the goals, and forward to the end."


def test_without_a_base_url_there_are_no_links(english: Words) -> None:
    cal = calendar(english, base_url=None)
    first = events(cal)[0]
    assert "url" not in first
    assert str(first["description"]).endswith("Bring: Mentoring agreement")


@pytest.mark.parametrize("base_url", ["/handbook/", "/"])
def test_a_base_url_that_is_only_a_path_gives_no_links(english: Words, base_url: str) -> None:
    """RFC 5545's URL is absolute, and a calendar program has no page to resolve '/handbook/...' against."""
    page = programme_page()
    assert page.programme is not None
    cal = calendar(english, page, base_url=base_url)
    assert all("url" not in event and "/forms/" not in str(event.get("description", "")) for event in events(cal))
    assert all(str(e["uid"]).endswith("@peer-mentoring.mentorkit") for e in events(cal))
    plan = pair_plan_data(page, page.programme, Config(base_url=base_url), english)
    assert plan["url"] is None, "the browser's pair calendar has none either"
    assert ".html" not in json.dumps(plan["phases"]) + json.dumps(plan["milestones"])


def test_uids_are_unique_stable_and_of_this_handbook(english: Words) -> None:
    uids = [str(e["uid"]) for e in events(calendar(english))]
    assert len(set(uids)) == len(uids)
    assert all(uid.startswith("programmes-pilot-") and uid.endswith("@mentoring.example.org") for uid in uids)
    assert uids == [str(e["uid"]) for e in events(calendar(english))], "importing the file again updates the same events"
    other_handbook = [str(e["uid"]) for e in events(calendar(english, handbook="Another Handbook"))]
    assert not set(uids) & set(other_handbook), "two handbooks on one host do not overwrite each other's events"
    other_programme = [str(e["uid"]) for e in events(calendar(english, programme_page(rel="programmes/second.md")))]
    assert not set(uids) & set(other_programme)


def test_without_a_base_url_the_uid_host_comes_from_the_handbook(english: Words) -> None:
    assert all(str(e["uid"]).endswith("@peer-mentoring.mentorkit") for e in events(calendar(english, base_url=None)))


def test_dtstamp_is_the_start_date_unless_a_stamp_is_given(english: Words) -> None:
    assert {e.decoded("dtstamp") for e in events(calendar(english))} == {dt.datetime(2028, 2, 14, tzinfo=dt.timezone.utc)}
    stamp = dt.datetime.fromtimestamp(1800000000, dt.timezone.utc)  # SOURCE_DATE_EPOCH=1800000000
    assert {e.decoded("dtstamp") for e in events(calendar(english, stamp=stamp))} == {stamp}


def test_the_same_programme_gives_the_same_bytes_with_rfc_5545_lines(english: Words) -> None:
    page = programme_page()
    assert page.programme is not None
    ics = programme_calendar(page, page.programme, "Peer Mentoring", "https://mentoring.example.org/handbook/", None, english)
    assert ics is not None and ics == programme_calendar(
        page, page.programme, "Peer Mentoring", "https://mentoring.example.org/handbook/", None, english
    )
    lines = ics.split(b"\r\n")
    assert b"\n" not in b"".join(lines), "every line ends with CRLF"
    assert max(len(line) for line in lines) <= 75, "long lines are folded"


def test_in_the_page_language(theme_words: Callable[[str], Words]) -> None:
    first = events(calendar(theme_words("fr")))[0]
    summary = str(first["summary"])  # the ': ' between number and topic is not a theme word (yet): not pinned here
    assert summary.startswith("Rencontre de mentorat 1") and summary.endswith("Introductions")
    assert str(first["description"]).startswith("Étape : Getting started\nSujet proposé : Introductions\nÀ apporter : Mentoring agreement")


def test_no_start_date_means_no_calendar(english: Words) -> None:
    page = programme_page(PILOT.replace("start: 2028-02-14\n", "").replace('time: "18:00"\n', ""))
    assert page.programme is not None
    assert programme_calendar(page, page.programme, "Peer Mentoring", None, None, english) is None


def test_a_time_zone_gives_tzid_times_and_the_zone_itself(english: Words) -> None:
    page = programme_page(PILOT.replace('time: "18:00"\n', 'time: "18:00"\ntimezone: America/Toronto\n'))
    cal = calendar(english, page)
    first = events(cal)[0]
    assert first["dtstart"].params["TZID"] == "America/Toronto"
    begins = first.decoded("dtstart")
    assert begins.utcoffset() == dt.timedelta(hours=-5) and (begins.hour, begins.minute) == (18, 0)
    later = events(cal)[3].decoded("dtstart")  # 27 March 2028: summer time in Toronto
    assert later.utcoffset() == dt.timedelta(hours=-4) and later.hour == 18
    zones = list(cal.walk("VTIMEZONE"))
    assert [str(zone["tzid"]) for zone in zones] == ["America/Toronto"]
    assert {component.name for component in zones[0].subcomponents} >= {"STANDARD", "DAYLIGHT"}


@pytest.mark.parametrize(("zone", "start", "summer"), [("Europe/London", "2045-03-06", 1), ("Africa/Casablanca", "2027-01-11", -1)])
def test_the_zone_in_the_file_has_the_rules_of_the_programme_s_years(english: Words, zone: str, start: str, summer: int) -> None:
    """An application that reads the VTIMEZONE (Outlook) sees each meeting at the hour zoneinfo gives. Before,
    the file held icalendar's default rules, for 1970 to 2038 only: a 2045 summer meeting in London came
    an hour late, and Casablanca's Ramadan hours of 2027 were missing."""
    text = PILOT.replace("weeks: 8", "weeks: 26").replace("weeks: 3-8", "weeks: 3-26").replace("start: 2028-02-14", f"start: {start}")
    page = programme_page(text.replace('time: "18:00"\n', f'time: "18:00"\ntimezone: {zone}\n'))
    assert page.programme is not None
    ics = programme_calendar(page, page.programme, "Peer Mentoring", None, None, english)
    assert ics is not None
    cal = icalendar.Calendar.from_ical(ics)
    (vtimezone,) = cal.walk("VTIMEZONE")
    from_file = vtimezone.to_tz(lookup_tzid=False)  # the file's rules, as Outlook reads them, not the system's
    meetings = [e.decoded("dtstart").replace(tzinfo=None) for e in events(cal) if isinstance(e.decoded("dtstart"), dt.datetime)]
    expected = [m.replace(tzinfo=ZoneInfo(zone)).utcoffset() for m in meetings]
    localize = getattr(from_file, "localize", None)  # a pytz zone, from some icalendar releases, is set by localize
    assert [(localize(m) if localize else m.replace(tzinfo=from_file)).utcoffset() for m in meetings] == expected
    assert {o - expected[0] for o in expected} == {dt.timedelta(0), dt.timedelta(hours=summer)}, "the summer hours are in the programme"


def test_a_zone_for_a_programme_in_the_year_9999(english: Words) -> None:
    """The zone's rules stop short of the calendar's end, where icalendar's search for the clocks' changes would overflow."""
    page = programme_page(
        PILOT.replace("start: 2028-02-14", "start: 9999-08-02").replace('time: "18:00"\n', 'time: "18:00"\ntimezone: Europe/London\n')
    )
    assert [str(zone["tzid"]) for zone in calendar(english, page).walk("VTIMEZONE")] == ["Europe/London"]


def test_without_a_time_zone_times_float(english: Words) -> None:
    cal = calendar(english)
    assert "TZID" not in events(cal)[0]["dtstart"].params and not list(cal.walk("VTIMEZONE"))


def test_reminders_are_alarms_naming_the_forms_due(english: Words) -> None:
    page = programme_page(PILOT.replace('time: "18:00"\n', 'time: "18:00"\nreminders: [1 day, 2 hours]\n'))
    found = events(calendar(english, page))
    first = found[0]
    alarms = list(first.walk("VALARM"))
    assert [(str(a["action"]), a.decoded("trigger")) for a in alarms] == [
        ("DISPLAY", -dt.timedelta(days=1)),
        ("DISPLAY", -dt.timedelta(hours=2)),
    ]
    assert str(alarms[0]["description"]) == "Mentoring meeting 1: Introductions · Bring: Mentoring agreement"
    closure = next(e for e in found if str(e["summary"]) == "Milestone: Closure")
    assert [str(a["description"]) for a in closure.walk("VALARM")] == ["Milestone: Closure · Bring: Closure form"] * 2
    assert all(len(list(e.walk("VALARM"))) == 2 for e in found), "an alarm per reminder on every event"


def test_a_break_moves_the_calendar_events_past_it(english: Words) -> None:
    page = programme_page(
        PILOT.replace("milestones:", "breaks:\n  - name: Half term\n    from: 2028-02-21\n    to: 2028-03-03\nmilestones:")
    )
    found = [(str(e["summary"]), e.decoded("dtstart")) for e in events(calendar(english, page))]
    assert found[:3] == [
        ("Mentoring meeting 1: Introductions", dt.datetime(2028, 2, 14, 18, 0)),
        ("Mentoring meeting 2: Goals", dt.datetime(2028, 3, 13, 18, 0)),
        ("Mentoring meeting 3: Progress", dt.datetime(2028, 3, 27, 18, 0)),
    ]
    assert ("Milestone: Closure", dt.date(2028, 4, 17)) in found


def test_milestones_whose_names_make_one_slug_are_each_their_own_event(english: Words) -> None:
    """'Review', 'review!' and 'Review' again: one UID made a calendar program keep one of the three."""
    text = PILOT.replace(
        "  - name: Closure\n", "  - name: review!\n    week: 6\n  - name: Halfway review\n    week: 7\n  - name: Closure\n"
    )
    page = programme_page(text)
    assert page.programme is not None
    uids = [str(e["uid"]) for e in events(calendar(english, page)) if "milestone" in str(e["uid"])]
    assert [uid.split("-milestone-")[1].split("-")[0:-1] for uid in uids] == [
        ["halfway", "review"],
        ["review"],
        ["halfway", "review", "2"],
        ["closure"],
    ]
    assert len(set(uids)) == 4
    plan = pair_plan_data(page, page.programme, Config(), english)
    assert [m["slug"] for m in plan["milestones"]] == ["halfway-review", "review", "halfway-review-2", "closure"], (
        "the browser's UIDs are the same"
    )
