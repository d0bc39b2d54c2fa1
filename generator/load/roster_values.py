"""Load: a roster's dates, weekdays, times and time zones, each read from its cell
as spreadsheets save them, or told at the row's line."""

from __future__ import annotations

import datetime
import difflib
import re

from generator.errors import Problem
from generator.load.zones import time_zones, zone_hint

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::00)?$")
"""17:30, and as spreadsheets save a time: 9:30, 09:30:00."""
_TIME_12 = re.compile(r"^(0?[1-9]|1[0-2]):([0-5]\d)(?::00)?\s*([AaPp])\.?[Mm]\.?$")
"""As spreadsheets in the United States save a time: 6:00 PM, 6:00:00 PM, 9:30 a.m."""


def next_on(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def read_date(value: str, line: int, shown: str, problems: list[Problem]) -> datetime.date | None:
    if not value:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        problems.append(Problem(shown, line, f"start {value!r} is not a date", "write it as YYYY-MM-DD, such as 2027-01-12"))
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(Problem(shown, line, f"start {value} is a date that does not exist", "check the day and the month"))
        return None


def read_weekday(value: str, line: int, shown: str, problems: list[Problem]) -> int | None:
    if not value:
        return None
    word = value.lower()
    for index, name in enumerate(WEEKDAYS):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return index
    near = difflib.get_close_matches(word, WEEKDAYS, n=1)
    hint = f"did you mean '{near[0].title()}'?" if near else "write a day of the week, such as Tuesday"
    problems.append(Problem(shown, line, f"weekday {value!r} is not a day of the week", hint))
    return None


def read_time(value: str, line: int, shown: str, problems: list[Problem]) -> datetime.time | None:
    if not value:
        return None
    match = _TIME.match(value)
    if match is not None:
        return datetime.time(int(match.group(1)), int(match.group(2)))
    match = _TIME_12.match(value)
    if match is not None:  # 12 AM is midnight, 12 PM noon
        return datetime.time(int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0), int(match.group(2)))
    hint = "write it on the 24-hour clock, such as 09:30 or 17:00"
    problems.append(Problem(shown, line, f"time {value!r} is not a time of day as HH:MM", hint))
    return None


def read_timezone(value: str, line: int, shown: str, problems: list[Problem]) -> str | None:
    if not value:
        return None
    if value in time_zones():
        return value
    problems.append(Problem(shown, line, f"timezone {value!r} is not a time zone this computer knows", zone_hint(value)))
    return None
