"""A pair's own calendar, made in the browser: the same dates as the build's
schedule over generated programmes, and the same events as the build's .ics."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import random
import re
import textwrap
from pathlib import Path
from typing import Any

import icalendar
import pytest
from playwright.sync_api import Page

from generator.load.config import Config, MarkdownOptions
from generator.load.theme_words import Words, load_words
from generator.load.themes import load_theme
from generator.model.types import Programme
from generator.parse.front_matter import parse_source
from generator.parse.markdown import make_markdown
from generator.parse.page import parse_page
from generator.render.calendar import programme_calendar
from generator.render.pair_plan import pair_plan_data

MD = make_markdown(MarkdownOptions())
CADENCES = ("weekly", "fortnightly", "every 3 weeks", "every 5 weeks", "monthly", "monthly", "monthly")


def english(tmp_path: Path) -> Words:
    theme = load_theme(tmp_path, "default", "mentorkit.yaml")
    return load_words(theme.words, "en", "mentorkit.yaml", None)[0]


def generated_programme(rng: random.Random) -> str:
    """Front matter for a programme with random length, cadence, phases, milestones and breaks."""
    weeks = rng.randint(5, 60)
    start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 5 * 365))
    cuts = sorted(rng.sample(range(2, weeks + 1), k=min(weeks - 1, rng.randint(0, 4)))) if weeks > 1 else []
    bounds = [1, *cuts, weeks + 1]
    lines = [f"weeks: {weeks}", f"cadence: {rng.choice(CADENCES)}", f"start: {start.isoformat()}", "phases:"]
    for index, (first, after) in enumerate(itertools.pairwise(bounds)):
        topics = ", ".join(f"T{index}-{n}" for n in range(rng.randint(0, 3)))
        lines += [f"  - name: P{index}", f"    weeks: {first}-{after - 1}", f"    topics: [{topics}]", f"    forms: [f{index}]"]
    milestones = [rng.randint(1, weeks) for _ in range(rng.randint(0, 3))]
    if milestones:
        lines.append("milestones:")
        lines += [line for n, week in enumerate(milestones) for line in (f"  - name: M {n}", f"    week: {week}", f"    form: g{n}")]
    breaks = []
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.5:
            first = rng.randint(2, weeks + 8)
            breaks += ["  - weeks: " + f"{first}-{first + rng.randint(0, 3)}"]
        else:
            begin = start + dt.timedelta(days=rng.randint(-20, 7 * weeks + 40))
            end = begin + dt.timedelta(days=rng.randint(0, 30))
            breaks += [f"  - from: {begin.isoformat()}", f"    to: {end.isoformat()}"]
    if breaks:
        lines += ["breaks:", *breaks]
    return "\n".join(lines) + "\n"


def parsed(front: str, rel: str = "programmes/p.md") -> Any:
    text = f"---\ntitle: Generated programme\ntype: programme\n{front}---\nText.\n"
    page, problems = parse_page(parse_source(f"content/{rel}", rel, text.encode()), MD)
    assert page is not None and page.programme is not None, [p.format() for p in problems]
    return page


def python_schedule(programme: Programme) -> dict[str, Any]:
    return {
        "meetings": [
            [m.number, m.week, m.date.isoformat() if m.date else None, m.phase, m.topic, [f.name for f in m.forms], list(m.milestones)]
            for m in programme.meetings
        ],
        "milestones": [m.date.isoformat() if m.date else None for m in programme.milestones],
    }


BROWSER_SCHEDULE = """([plan, start]) => {
  const made = window.mentorkitPairCalendar.schedule(plan, start);
  return {
    meetings: made.meetings.map(m => [m.number, m.week, m.date, m.phase, m.topic, m.forms.map(f => f.name), m.milestones]),
    milestones: made.milestones.map(m => m.date),
  };
}"""


def test_the_browser_plans_the_same_dates_as_the_build_over_generated_programmes(page: Page, site_dir: Path, tmp_path: Path) -> None:
    page.goto((site_dir / "en" / "programmes" / "one-to-one.html").as_uri())
    words = english(tmp_path)
    rng = random.Random(20261203)
    checked = 0
    monthly_with_breaks = 0
    for _ in range(240):
        programme_page = parsed(generated_programme(rng))
        programme = programme_page.programme
        plan = pair_plan_data(programme_page, programme, Config(), words)
        got = page.evaluate(BROWSER_SCHEDULE, [plan, programme.start.isoformat()])
        assert got == python_schedule(programme), generated_programme
        checked += 1
        monthly_with_breaks += programme.interval_weeks is None and bool(programme.breaks)
    assert checked == 240 and monthly_with_breaks >= 20, "monthly cadences with breaks are among the cases"


def events_of(ics: bytes) -> list[tuple[Any, ...]]:
    found = []
    for event in icalendar.Calendar.from_ical(ics).walk("VEVENT"):
        start = event.decoded("dtstart")
        end = event.decoded("dtend")
        if isinstance(start, dt.datetime) and start.tzinfo is not None:
            start, end = start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc)
        alarms = [(str(a["action"]), a.decoded("trigger"), str(a["description"])) for a in event.walk("VALARM")]
        found.append(
            (str(event["uid"]), str(event["summary"]), start, end, str(event.get("description", "")), str(event.get("url", "")), alarms)
        )
    return found


def test_the_pair_calendar_holds_the_same_events_as_the_programme_calendar(page: Page, site_dir: Path) -> None:
    """The example's one-to-one programme (London time, a break, a reminder), from the page's own plan."""
    page.goto((site_dir / "en" / "programmes" / "one-to-one.html").as_uri())
    made = page.evaluate(
        """() => {
          const plan = JSON.parse(document.getElementById('mk-pair-plan').textContent);
          return window.mentorkitPairCalendar.calendarText(plan, {start: plan.start, time: plan.time, timezone: plan.timezone, now: 0});
        }"""
    )
    ours = events_of(made.encode())
    theirs = events_of((site_dir / "en" / "programmes" / "one-to-one.ics").read_bytes())
    assert len(ours) == len(theirs) > 10
    assert ours == theirs
    assert all(len(line.encode()) <= 75 for line in made.split("\r\n")), "long lines are folded"


def test_a_pair_downloads_its_own_calendar_from_disk(page: Page, site_dir: Path) -> None:
    page.goto((site_dir / "en" / "programmes" / "cohort.html").as_uri())
    form = page.locator("form.pair-calendar-form")
    assert not form.is_visible(), "folded away until asked for"
    page.click("details.pair-calendar summary")
    assert form.is_visible()
    page.fill("#pair-start", "2027-09-07")
    page.fill("#pair-time", "08:15")
    page.fill("#pair-zone", "America/Toronto")
    with page.expect_download() as download:
        page.click("form.pair-calendar-form button[type=submit]")
    path = download.value.path()
    assert download.value.suggested_filename == "cohort-2027-09-07.ics"
    calendar = icalendar.Calendar.from_ical(Path(path).read_bytes())
    meetings = [e for e in calendar.walk("VEVENT") if str(e["summary"]).startswith("Mentoring meeting")]
    first = meetings[0].decoded("dtstart")
    assert first == dt.datetime(2027, 9, 7, 12, 15, tzinfo=dt.timezone.utc), "08:15 in Toronto in September is 12:15 UTC"
    november = [e.decoded("dtstart") for e in meetings if e.decoded("dtstart").month == 11 and e.decoded("dtstart").day > 8]
    assert november and november[0].hour == 13, "after the clocks change in Toronto, 08:15 is 13:15 UTC"
    assert "Your calendar is saved as cohort-2027-09-07.ics" in page.locator(".pair-calendar-status").inner_text()


def test_without_a_start_date_the_reader_is_told(page: Page, site_dir: Path) -> None:
    page.goto((site_dir / "en" / "programmes" / "cohort.html").as_uri())
    page.click("details.pair-calendar summary")
    page.fill("#pair-start", "")
    page.evaluate("document.querySelector('form.pair-calendar-form').noValidate = true")
    page.click("form.pair-calendar-form button[type=submit]")
    assert page.locator(".pair-calendar-status").inner_text() == "Choose the date of your first meeting."


def test_the_python_calendar_of_a_generated_programme_matches_the_browser_one(page: Page, site_dir: Path, tmp_path: Path) -> None:
    """Times, zones, reminders and breaks together, on a few generated programmes."""
    page.goto((site_dir / "en" / "programmes" / "one-to-one.html").as_uri())
    words = english(tmp_path)
    rng = random.Random(7)
    for zone in ("Europe/London", "America/Toronto", "Asia/Kolkata", "Australia/Sydney", ""):
        front = generated_programme(rng) + 'time: "19:45"\nreminders: [1 day, 30 minutes]\n' + (f"timezone: {zone}\n" if zone else "")
        programme_page = parsed(front)
        programme = programme_page.programme
        config = Config(base_url="https://mentoring.example.org/handbook/")
        plan = pair_plan_data(programme_page, programme, config, words)
        made = page.evaluate(
            "([plan]) => window.mentorkitPairCalendar.calendarText(plan, {start: plan.start, time: plan.time, timezone: plan.timezone || '', now: 0})",
            [plan],
        )
        ics = programme_calendar(programme_page, programme, config.title, config.base_url, None, words)
        assert ics is not None
        assert events_of(made.encode()) == events_of(ics), front


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/test_packs.py's handbook (base_url set) built, and packs made for its 30-pair roster."""
    from generator.build import BuildOptions, build
    from generator.packs import make_packs
    from tests.test_packs import FILES, roster_text

    project = tmp_path_factory.mktemp("uids") / "project"
    for name, text in FILES.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (project / "roster.csv").write_text(roster_text()[0], encoding="utf-8")
    build(project, BuildOptions(cache="off"))
    make_packs(project / "roster.csv", project)
    return project


def made_from_link(page: Page, cohort: Path, pair: str) -> tuple[bytes, str]:
    """The calendar a pair downloads from its programme's page, opened by the link on its pack's cover; and the note it is shown."""
    cover = (cohort / "packs" / pair / "index.html").read_text()
    links = re.findall(r'href="https://mentoring\.example\.org/handbook/(programmes/[a-z]+\.html)(#prefill=[^"]*)"', cover)
    assert len(links) == 1, "the cover links to its programme's page with the pair's dates"
    target, fragment = links[0]
    page.goto("about:blank")  # else a second visit only changes the fragment, and the page is not loaded again
    page.goto((cohort / "site" / target).as_uri() + html.unescape(fragment))
    note = page.locator(".pair-calendar-for").inner_text()
    assert page.url == (cohort / "site" / target).as_uri(), "the fragment leaves the address bar"
    with page.expect_download() as download:
        page.click("form.pair-calendar-form button[type=submit]")
    return Path(download.value.path()).read_bytes(), note


@pytest.mark.parametrize("pair", ["p01", "p02", "p03", "p04", "p05", "p10", "p20"])
def test_a_pairs_link_makes_the_same_calendar_as_its_pack_uids_included(page: Page, cohort: Path, pair: str) -> None:
    """One UID scheme: from its pack's link, the calendar made in the browser is the pack's, event for event,
    so a pair adding both gets each meeting once. Monthly and weekly, own and programme starts, times and zones."""
    ours, note = made_from_link(page, cohort, pair)
    pack = next((cohort / "packs" / pair).glob("*.ics")).read_bytes()
    assert events_of(ours) == events_of(pack)
    uids = [event[0] for event in events_of(ours)]
    assert len(uids) == len(set(uids)) > 5 and all(f"-{pair}-" in uid for uid in uids)
    name = str(icalendar.Calendar.from_ical(pack)["x-wr-calname"])
    assert str(icalendar.Calendar.from_ical(ours)["x-wr-calname"]) == name and pair in name
    assert f"for pair {pair}: this calendar holds the same events as the one in your pack" in note
    again, _ = made_from_link(page, cohort, pair)
    assert [event[0] for event in events_of(again)] == uids, "the same UIDs on a second download"


def test_without_a_pairs_link_the_programmes_uids(page: Page, cohort: Path) -> None:
    """Opened without a link (or with a pair id no roster could hold), the calendar is the programme's own: no pair in its UIDs."""
    site_page = (cohort / "site" / "programmes" / "evenings.html").as_uri()
    for url in (site_page, site_page + "#prefill=pair=..%2Fx%3Cb%3E&start=2027-03-09"):
        page.goto("about:blank")
        page.goto(url)
        page.click("details.pair-calendar summary") if not page.locator("details.pair-calendar[open]").count() else None
        assert page.locator(".pair-calendar-for").count() == 0
        with page.expect_download() as download:
            page.click("form.pair-calendar-form button[type=submit]")
        uids = [event[0] for event in events_of(Path(download.value.path()).read_bytes())]
        assert uids and all(uid.startswith(("programmes-evenings-meeting-", "programmes-evenings-milestone-")) for uid in uids)
    site_ics = events_of((cohort / "site" / "programmes" / "evenings.ics").read_bytes())
    assert {event[0] for event in site_ics} == set(uids), "the same scheme as the site's programme calendar"


@pytest.mark.parametrize(
    ("zone", "start", "time", "first_utc"),
    [
        # RFC 5545 (3.3.5): a time that comes twice is its first occurrence; one the clocks skip takes the offset before the gap.
        ("Europe/Berlin", "2027-10-31", "02:30", dt.datetime(2027, 10, 31, 0, 30)),  # clocks back at 03:00 CEST
        ("Europe/Berlin", "2027-03-28", "02:30", dt.datetime(2027, 3, 28, 1, 30)),  # clocks forward at 02:00 CET
        ("Australia/Sydney", "2027-04-04", "02:30", dt.datetime(2027, 4, 3, 15, 30)),  # back at 03:00 AEDT, in the autumn
        ("Australia/Sydney", "2027-10-03", "02:30", dt.datetime(2027, 10, 2, 16, 30)),  # forward at 02:00 AEST, in the spring
    ],
)
def test_a_meeting_at_the_hour_the_clocks_change_is_where_the_build_puts_it(
    page: Page, site_dir: Path, tmp_path: Path, zone: str, start: str, time: str, first_utc: dt.datetime
) -> None:
    """In both hemispheres, on the day summer time ends (an hour twice) and the day it starts (an hour skipped)."""
    page.goto((site_dir / "en" / "programmes" / "one-to-one.html").as_uri())
    words = english(tmp_path)
    programme_page = parsed(f'weeks: 3\ncadence: weekly\nstart: {start}\ntime: "{time}"\ntimezone: {zone}\n')
    config = Config(base_url="https://mentoring.example.org/handbook/")
    plan = pair_plan_data(programme_page, programme_page.programme, config, words)
    made = page.evaluate(
        "([plan]) => window.mentorkitPairCalendar.calendarText(plan, {start: plan.start, time: plan.time, timezone: plan.timezone, now: 0})",
        [plan],
    )
    ics = programme_calendar(programme_page, programme_page.programme, config.title, config.base_url, None, words)
    assert ics is not None
    assert events_of(ics)[0][2] == first_utc.replace(tzinfo=dt.timezone.utc), "the build's calendar, as a calendar program reads it"
    assert events_of(made.encode()) == events_of(ics)
