"""Render: a programme's meetings and milestones as an iCalendar (.ics) file.

Written with the icalendar library (RFC 5545). Each event's UID is made from
the handbook, the programme and the meeting number or milestone name, so
importing the file again updates the events instead of adding copies. With a
`timezone:`, meeting times carry its TZID and the file holds its VTIMEZONE
(from icalendar's zone data), so a pair in another zone sees the meeting at
its own hour; `reminders:` become an alarm per reminder on every event.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from generator.load.config import site_address
from generator.load.theme_words import Words
from generator.model.types import FormRef, Meeting, Milestone, Page, Programme, slugify


def _uid(page: Page, handbook: str, host: str, what: str) -> str:
    handbook_key = hashlib.sha256(handbook.encode()).hexdigest()[:10]
    return f"{page.url[: -len('.html')].replace('/', '-')}-{what}-{handbook_key}@{host}"


def milestone_keys(milestones: Sequence[Milestone]) -> list[str]:
    """Each milestone's part of its event's UID: its name as a slug, and '-2', '-3'... after
    a slug an earlier milestone has ('Review' and 'review!'), whose events would be one."""
    keys: list[str] = []
    for milestone in milestones:
        base = slugify(milestone.name) or "milestone"
        key, number = base, 2
        while key in keys:
            key, number = f"{base}-{number}", number + 1
        keys.append(key)
    return keys


def _description(meeting: Meeting, base: str, words: Words) -> str:
    lines = []
    if meeting.phase:
        lines.append(words("programme.calendar_phase", phase=meeting.phase))
    if meeting.topic:
        lines.append(words("programme.calendar_topic", topic=meeting.topic))
    for name in meeting.milestones:
        lines.append(words("programme.calendar_milestone", name=name))
    for form in meeting.forms:
        lines.append(
            words("programme.calendar_bring", form=form.title or form.name) + (f" ({base}{form.url})" if base and form.url else "")
        )
    return "\n".join(lines)


def _later(begins: datetime.datetime, minutes: int) -> datetime.datetime:
    """`minutes` after `begins` as time passes: adding to a zoned time adds to its wall clock,
    so a meeting across the night the clocks change would last an hour more or less (none at all
    when it begins in the hour they skip)."""
    if begins.tzinfo is None:
        return begins + datetime.timedelta(minutes=minutes)
    ends = begins.astimezone(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)
    local = ends.astimezone(begins.tzinfo)
    # A TZID'd time that comes twice is read as its first occurrence (RFC 5545, 3.3.5): an end in the second is written in UTC.
    return local if local.replace(fold=0).astimezone(datetime.timezone.utc) == ends else ends


_A_YEAR = datetime.timedelta(days=366)
_LAST_ZONE_DAY = datetime.date.max - datetime.timedelta(days=200)


def _zone_years(start: datetime.date, meetings: Sequence[Meeting]) -> tuple[datetime.date, datetime.date]:
    """The first and last day the VTIMEZONE's rules must cover: the years of the programme's meetings.
    (icalendar's own, 1970 to 2038, would leave a later programme's summer times out: an application
    that reads the rules, as Outlook does, would show them an hour off.)"""
    last = max([start, *(meeting.date for meeting in meetings if meeting.date is not None)])
    # icalendar looks for the clocks' changes 64 days at a time: it must not step past the year 9999.
    return datetime.date(start.year, 1, 1), min(last, _LAST_ZONE_DAY - _A_YEAR) + _A_YEAR


def _add_alarms(event: Any, reminders: tuple[int, ...], what: str, forms: tuple[FormRef, ...], words: Words) -> None:
    """An alarm for each reminder, saying what is coming and which forms are due."""
    import icalendar

    due = [words("programme.calendar_bring", form=form.title or form.name) for form in forms]
    for minutes in reminders:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", datetime.timedelta(minutes=-minutes))
        alarm.add("description", " · ".join([what, *due]))
        event.add_component(alarm)


def programme_calendar(
    page: Page,
    programme: Programme,
    handbook: str,
    base_url: str | None,
    stamp: datetime.datetime | None,
    words: Words,
    pair: str = "",
) -> bytes | None:
    """The .ics file, or None when the programme has no start date.

    `stamp` (DTSTAMP) defaults to midnight UTC of the start date, so that
    the same sources give the same file. A `pair`'s calendar (its pack's)
    names the pair, and its UIDs carry the pair's id: its own events, kept
    the same from one run to the next."""
    if programme.start is None:
        return None
    if stamp is None:
        stamp = datetime.datetime.combine(programme.start, datetime.time(), datetime.timezone.utc)
    import icalendar  # only builds with a dated programme need it

    base = site_address(base_url) or ""
    host = urlsplit(base_url).hostname if base_url else None
    host = host or f"{slugify(handbook)}.mentorkit"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//mentorkit//Mentoring programme calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # A name on one line: X-WR-CALNAME is not TEXT to icalendar, which would refuse a line break (a title written over two lines).
    calendar.add("x-wr-calname", " ".join(" · ".join(name for name in (page.title, pair, handbook) if name).split()))
    own = f"{pair}-" if pair else ""
    for meeting in programme.meetings:
        assert meeting.date is not None
        event = icalendar.Event()
        event.add("uid", _uid(page, handbook, host, f"{own}meeting-{meeting.number}"))
        event.add("dtstamp", stamp)
        summary = words("programme.calendar_meeting", number=meeting.number)
        event.add("summary", f"{summary}: {meeting.topic}" if meeting.topic else summary)
        if programme.time is not None:
            zone = ZoneInfo(programme.timezone) if programme.timezone else None
            begins = datetime.datetime.combine(meeting.date, programme.time, zone)
            event.add("dtstart", begins)
            event.add("dtend", _later(begins, programme.meeting_minutes))
        else:
            event.add("dtstart", meeting.date)
            event.add("dtend", meeting.date + datetime.timedelta(days=1))
        description = _description(meeting, base, words)
        if description:
            event.add("description", description)
        if base:
            event.add("url", base + page.url)
        _add_alarms(event, programme.reminders, f"{summary}: {meeting.topic}" if meeting.topic else summary, meeting.forms, words)
        calendar.add_component(event)
    for milestone, key in zip(programme.milestones, milestone_keys(programme.milestones), strict=True):
        assert milestone.date is not None
        event = icalendar.Event()
        event.add("uid", _uid(page, handbook, host, f"{own}milestone-{key}"))
        event.add("dtstamp", stamp)
        event.add("summary", words("programme.calendar_milestone", name=milestone.name))
        event.add("dtstart", milestone.date)
        event.add("dtend", milestone.date + datetime.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        if milestone.description:
            event.add("description", milestone.description)
        forms = (milestone.form,) if milestone.form else ()
        _add_alarms(event, programme.reminders, words("programme.calendar_milestone", name=milestone.name), forms, words)
        calendar.add_component(event)
    if programme.timezone and programme.time is not None:
        calendar.add_missing_timezones(*_zone_years(programme.start, programme.meetings))
    ics: bytes = calendar.to_ical()
    return ics
