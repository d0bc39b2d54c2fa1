"""Model: the dates and weeks of a programme's meetings. Pure functions.

Weeks are numbered from 1; week 1 starts on the start date. Meetings every
N weeks fall in weeks 1, 1+N, 1+2N... Monthly meetings keep the weekday of
the month: a programme starting on the second Tuesday meets on the second
Tuesday of each month, and one starting in a month's fifth week meets on
the last such weekday. (Keeping the date instead would put meetings on
weekends, and on days some months lack.)

Breaks (a holiday fortnight) are weeks with no meetings: the programme's
weeks go on after them, so everything after a break moves later by its
length. Weeks on the calendar are counted from the start, breaks included;
the programme's own weeks (its phases, milestones and meetings) skip them.
A week is a break when its number is listed, or when the day of the
programme's weekday in it falls between a break's dates. A monthly meeting
that falls in a break moves to the first week after it.
"""

from __future__ import annotations

import calendar
import datetime
import math

from generator.model.types import Break

WEEKS_PER_MONTH = 52 / 12


def months_to_weeks(months: int) -> int:
    """6 months -> 26 weeks: the same for every start date, so phases written in
    weeks fit whatever day the programme starts."""
    return math.ceil(months * WEEKS_PER_MONTH - 1e-9)


def week_start(start: datetime.date, week: int) -> datetime.date:
    return start + datetime.timedelta(weeks=week - 1)


def week_of(start: datetime.date, day: datetime.date) -> int:
    return (day - start).days // 7 + 1


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The n-th (1-4) `weekday` of a month; n = 5 means the last one."""
    days = calendar.monthrange(year, month)[1]
    first = datetime.date(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + (n - 1) * 7
    if n == 5 or day > days:
        last = datetime.date(year, month, days)
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    return datetime.date(year, month, day)


def add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def is_break(breaks: tuple[Break, ...], start: datetime.date | None, calendar_week: int) -> bool:
    """Whether a week on the calendar (1 = the start's week) has no meetings."""
    day = week_start(start, calendar_week) if start else None
    for pause in breaks:
        if pause.first_week is not None and pause.last_week is not None and pause.first_week <= calendar_week <= pause.last_week:
            return True
        if day is not None and pause.first_day is not None and pause.last_day is not None and pause.first_day <= day <= pause.last_day:
            return True
    return False


def calendar_weeks(weeks: int, breaks: tuple[Break, ...], start: datetime.date | None) -> list[int]:
    """The calendar week of each of the programme's weeks: [0, week 1's, week 2's, ...]."""
    found = [0]
    week = 0
    while len(found) <= weeks:
        week += 1
        if not is_break(breaks, start, week):
            found.append(week)
    return found


def programme_end(start: datetime.date, weeks: int, breaks: tuple[Break, ...] = ()) -> datetime.date:
    """The last day of the programme's last week."""
    return week_start(start, calendar_weeks(weeks, breaks, start)[weeks] + 1) - datetime.timedelta(days=1)


def meeting_slots(
    weeks: int, interval_weeks: int | None, start: datetime.date | None, breaks: tuple[Break, ...] = ()
) -> list[tuple[int, datetime.date | None]]:
    """(programme week, date) of every meeting; interval None means monthly."""
    on_calendar = calendar_weeks(weeks, breaks, start)
    if interval_weeks is not None:
        return [(week, week_start(start, on_calendar[week]) if start else None) for week in range(1, weeks + 1, interval_weeks)]
    slots: list[tuple[int, datetime.date | None]] = []
    if start is None:
        # Without dates a month is 52/12 weeks: meetings in weeks 1, 5, 10, 14...
        for month in range(weeks):
            week = 1 + round(month * WEEKS_PER_MONTH)
            if week > weeks:
                break
            slots.append((week, None))
        return slots
    end = week_start(start, on_calendar[weeks] + 1)
    programme_week = {calendar: week for week, calendar in enumerate(on_calendar) if week}
    n = (start.day - 1) // 7 + 1
    for month in range(len(on_calendar) + 1):
        year, number = add_months(start.year, start.month, month)
        day = nth_weekday(year, number, start.weekday(), n)
        while is_break(breaks, start, week_of(start, day)):
            day += datetime.timedelta(weeks=1)
        if day >= end:
            break
        if not slots or slots[-1][1] != day:  # two months' meetings pushed into one week by a break meet once
            slots.append((programme_week[week_of(start, day)], day))
    return slots
