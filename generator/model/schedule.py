"""Model: the dates and weeks of a programme's meetings. Pure functions.

Weeks are numbered from 1; week 1 starts on the start date. Meetings every
N weeks fall in weeks 1, 1+N, 1+2N... Monthly meetings keep the weekday of
the month: a programme starting on the second Tuesday meets on the second
Tuesday of each month, and one starting in a month's fifth week meets on
the last such weekday. (Keeping the date instead would put meetings on
weekends, and on days some months lack.)
"""

from __future__ import annotations

import calendar
import datetime
import math

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


def meeting_slots(weeks: int, interval_weeks: int | None, start: datetime.date | None) -> list[tuple[int, datetime.date | None]]:
    """(week, date) of every meeting; interval None means monthly."""
    if interval_weeks is not None:
        return [(week, week_start(start, week) if start else None) for week in range(1, weeks + 1, interval_weeks)]
    slots: list[tuple[int, datetime.date | None]] = []
    if start is None:
        # Without dates a month is 52/12 weeks: meetings in weeks 1, 5, 10, 14...
        for month in range(weeks):
            week = 1 + round(month * WEEKS_PER_MONTH)
            if week > weeks:
                break
            slots.append((week, None))
        return slots
    end = week_start(start, weeks + 1)
    n = (start.day - 1) // 7 + 1
    for month in range(weeks):
        year, number = add_months(start.year, start.month, month)
        day = nth_weekday(year, number, start.weekday(), n)
        if day >= end:
            break
        slots.append((week_of(start, day), day))
    return slots
