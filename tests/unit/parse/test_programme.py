import datetime as dt

from generator.load.config import MarkdownOptions
from generator.parse.front_matter import parse_source
from generator.parse.markdown import make_markdown
from generator.parse.page import parse_page

MD = make_markdown(MarkdownOptions())
PHASES = """phases:
  - name: Start
    weeks: 1-2
    topics: [Meet, Agree]
    forms: [agreement]
  - name: Work
    weeks: 3-6
    topics: [Goals]
milestones:
  - name: Kick-off
    week: 1
    form: agreement
  - name: End
    week: 6
    form: closure
"""


def programme(front: str):  # type: ignore[no-untyped-def]
    text = f"---\ntitle: P\ntype: programme\n{front}---\nIntro.\n"
    page, problems = parse_page(parse_source("content/p.md", "p.md", text.encode()), MD)
    return page, [p.format() for p in problems]


def test_meeting_plan() -> None:
    page, problems = programme("weeks: 6\ncadence: weekly\nmeeting_length: 90 minutes\nstart: 2027-03-01\ntime: '17:30'\n" + PHASES)
    assert problems == []
    p = page.programme
    assert (p.weeks, p.interval_weeks, p.meeting_minutes, p.time) == (6, 1, 90, dt.time(17, 30))
    assert p.end == dt.date(2027, 4, 11)
    plan = [(m.number, m.week, m.date, m.phase, m.topic, [f.name for f in m.forms], m.milestones) for m in p.meetings]
    assert plan == [
        (1, 1, dt.date(2027, 3, 1), "Start", "Meet", ["agreement"], ("Kick-off",)),
        (2, 2, dt.date(2027, 3, 8), "Start", "Agree", [], ()),
        (3, 3, dt.date(2027, 3, 15), "Work", "Goals", [], ()),
        (4, 4, dt.date(2027, 3, 22), "Work", "", [], ()),
        (5, 5, dt.date(2027, 3, 29), "Work", "", [], ()),
        (6, 6, dt.date(2027, 4, 5), "Work", "", ["closure"], ("End",)),
    ]
    assert [m.date for m in p.milestones] == [dt.date(2027, 3, 1), dt.date(2027, 4, 5)]


def test_no_start_date() -> None:
    page, problems = programme("weeks: 6\ncadence: every 2 weeks\n" + PHASES)
    assert problems == []
    assert [(m.week, m.date) for m in page.programme.meetings] == [(1, None), (3, None), (5, None)]
    assert page.programme.meeting_minutes == 60 and page.programme.end is None


def test_months() -> None:
    page, _ = programme("months: 6\ncadence: monthly\nphases:\n  - name: All\n    weeks: 1-26\n")
    assert page.programme.weeks == 26 and page.programme.months == 6
    assert len(page.programme.meetings) == 6


def test_validation_errors() -> None:
    _, problems = programme(
        "weeks: 10\ncadence: biweekly\nmeeting_length: 2 days\nphases:\n"
        "  - name: A\n    weeks: 1-4\n  - name: B\n    weeks: 3-6\n  - name: C\n    weeks: 8-12\n    focuss: x\n"
        "milestones:\n  - name: Late\n    week: 11\n"
    )
    assert problems == [
        "content/p.md:5: error: cadence 'biweekly' is not one this programme can follow\n"
        "  'biweekly' means different things to different people: write weekly, fortnightly, monthly or 'every 3 weeks'",
        "content/p.md:6: error: meeting_length '2 days' is not a length from 5 minutes to 8 hours\n  write 60, '1 hour' or '90 minutes'",
        "content/p.md:14: error: phase 3 has unknown key 'focuss'\n  did you mean 'focus'? (known: activities, focus, forms, name, topics, weeks)",
        "content/p.md:13: error: phase 'C' runs to week 12, but the programme is 10 weeks long\n  end it by week 10, or make the programme longer",
        "content/p.md:17: error: milestone 'Late' is in week 11, outside the programme (weeks 1-10)",
        "content/p.md:10: error: phase 'B' (weeks 3-6) overlaps phase 'A' (weeks 1-4)\n  start 'B' in week 5",
        "content/p.md:12: error: week 7 belongs to no phase\n  start 'C' in week 7, or add a phase",
    ]


def test_impossible_cadence_and_missing_length() -> None:
    _, problems = programme("weeks: 4\ncadence: every 6 weeks\n")
    assert problems == [
        "content/p.md:5: error: a meeting every 6 weeks is impossible in a 4-week programme\n  meet at least once in the programme"
    ]
    _, problems = programme("cadence: weekly\n")
    assert problems == ["content/p.md:3: error: a programme needs its length\n  add 'weeks: 12' or 'months: 6'"]


def test_gap_at_the_end() -> None:
    _, problems = programme("weeks: 8\nphases:\n  - name: A\n    weeks: 1-5\n")
    assert problems == ["content/p.md:6: error: weeks 6-8 belong to no phase\n  end the last phase in week 8"]


def test_breaks_timezone_and_reminders() -> None:
    front = (
        "weeks: 6\ncadence: weekly\nstart: 2027-03-01\ntime: '17:30'\ntimezone: Europe/London\n"
        "reminders: [1 day, 2 hours, 1 day]\n"
        "breaks:\n  - name: Spring holiday\n    weeks: 3-4\n"
    )
    page, problems = programme(front + PHASES)
    assert problems == []
    p = page.programme
    assert p.timezone == "Europe/London" and p.reminders == (1440, 120)
    assert [b.name for b in p.breaks] == ["Spring holiday"]
    assert [m.date for m in p.meetings][1:3] == [dt.date(2027, 3, 8), dt.date(2027, 3, 29)]
    assert p.end == dt.date(2027, 4, 25)
    assert [m.date for m in p.milestones] == [dt.date(2027, 3, 1), dt.date(2027, 4, 19)], "the last milestone moves past the break too"


def test_a_timezone_abbreviation_is_not_guessed_into_another_zone() -> None:
    _, problems = programme("weeks: 6\ncadence: weekly\nstart: 2027-03-01\ntime: '17:30'\ntimezone: IST\n" + PHASES)
    assert problems == [
        "content/p.md:8: error: timezone 'IST' is not a time zone this computer knows\n"
        "  an abbreviation or an offset names no place (several zones share 'IST', and 'GMT+1' keeps no summer time): "
        "write the IANA name of a city in the zone, such as 'Asia/Kolkata', 'Europe/Paris' or 'America/New_York'"
    ]


def test_breaks_timezone_and_reminders_mistakes_all_at_once() -> None:
    front = (
        "weeks: 6\ncadence: weekly\nstart: 2027-03-01\ntime: '17:30'\ntimezone: Europe/Londn\n"
        "reminders: [a day, 9 weeks]\n"
        "breaks:\n  - name: A\n    weeks: 1-2\n  - name: B\n    from: 2027-05-10\n    to: 2027-05-01\n"
        "  - name: C\n  - weeks: 3\n    from: 2027-05-10\n  - Easter\n"
    )
    _, problems = programme(front + PHASES)
    assert problems == [
        "content/p.md:8: error: timezone 'Europe/Londn' is not a time zone this computer knows\n  did you mean 'Europe/London'?",
        "content/p.md:12: error: break 1 starts in week 1, when the programme starts\n  move the start date instead",
        "content/p.md:15: error: break 2 ends on 2027-05-01, before it starts on 2027-05-10",
        "content/p.md:16: error: break 3 needs its weeks or its dates\n  add 'weeks: 7-8', or 'from: 2027-12-20' and 'to: 2028-01-02'",
        "content/p.md:17: error: break 4 gives both weeks and dates\n  give 'weeks: 7-8' or 'from:' and 'to:' dates, not both",
        "content/p.md:19: error: break 5 must be 'key: value' lines\n  for example: - name: Winter holiday",
        "content/p.md:9: error: reminder 'a day' is not a time before the meeting from 1 minute to 4 weeks\n  write '1 day', '2 hours' or '30 minutes'",
        "content/p.md:9: error: reminder '9 weeks' is not a time before the meeting from 1 minute to 4 weeks\n  write '1 day', '2 hours' or '30 minutes'",
    ]
