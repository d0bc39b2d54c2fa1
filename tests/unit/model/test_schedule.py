import datetime as dt

import pytest

from generator.model.schedule import meeting_slots, months_to_weeks, nth_weekday

D = dt.date


def test_weekly_across_a_leap_day() -> None:
    assert meeting_slots(3, 1, D(2028, 2, 22)) == [(1, D(2028, 2, 22)), (2, D(2028, 2, 29)), (3, D(2028, 3, 7))]


def test_fortnightly_across_month_and_year_ends() -> None:
    assert meeting_slots(6, 2, D(2026, 12, 21)) == [(1, D(2026, 12, 21)), (3, D(2027, 1, 4)), (5, D(2027, 1, 18))]


def test_every_three_weeks() -> None:
    assert [week for week, _ in meeting_slots(12, 3, None)] == [1, 4, 7, 10]


def test_monthly_keeps_the_weekday_of_the_month() -> None:
    # 11 January 2027 is the second Monday: every meeting is a second Monday.
    slots = meeting_slots(26, None, D(2027, 1, 11))
    assert [d for _, d in slots] == [D(2027, 1, 11), D(2027, 2, 8), D(2027, 3, 8), D(2027, 4, 12), D(2027, 5, 10), D(2027, 6, 14)]
    assert all(d.weekday() == 0 and 8 <= d.day <= 14 for _, d in slots if d)
    assert [w for w, _ in slots] == [1, 5, 9, 14, 18, 23]


def test_monthly_from_a_fifth_week_takes_the_last_weekday() -> None:
    # 31 January 2028 is the fifth Monday; February 2028 (a leap year) has only four.
    slots = meeting_slots(13, None, D(2028, 1, 31))
    assert [d for _, d in slots] == [D(2028, 1, 31), D(2028, 2, 28), D(2028, 3, 27), D(2028, 4, 24)]


def test_monthly_without_a_start_date_uses_weeks_only() -> None:
    assert meeting_slots(26, None, None) == [(1, None), (5, None), (10, None), (14, None), (18, None), (23, None)]


@pytest.mark.parametrize("months,weeks", [(1, 5), (3, 13), (6, 26), (12, 52)])
def test_months_to_weeks(months: int, weeks: int) -> None:
    assert months_to_weeks(months) == weeks


def test_nth_weekday() -> None:
    assert nth_weekday(2027, 2, 1, 1) == D(2027, 2, 2)  # first Tuesday
    assert nth_weekday(2027, 2, 1, 5) == D(2027, 2, 23)  # last Tuesday


# Breaks: weeks with no meetings; the programme's weeks go on after them.

from generator.model.schedule import calendar_weeks, programme_end  # noqa: E402
from generator.model.types import Break  # noqa: E402


def test_a_break_by_week_numbers_moves_later_meetings_past_it() -> None:
    start = dt.date(2027, 3, 1)  # a Monday
    slots = meeting_slots(6, 1, start, (Break("Holiday", 3, 4),))
    assert slots == [
        (1, dt.date(2027, 3, 1)),
        (2, dt.date(2027, 3, 8)),
        (3, dt.date(2027, 3, 29)),
        (4, dt.date(2027, 4, 5)),
        (5, dt.date(2027, 4, 12)),
        (6, dt.date(2027, 4, 19)),
    ]
    assert programme_end(start, 6, (Break("Holiday", 3, 4),)) == dt.date(2027, 4, 25)
    assert programme_end(start, 6) == dt.date(2027, 4, 11)


def test_a_break_by_dates_skips_each_week_whose_meeting_day_falls_in_it() -> None:
    start = dt.date(2027, 12, 6)  # a Monday
    winter = Break("Winter", first_day=dt.date(2027, 12, 20), last_day=dt.date(2028, 1, 2))
    dates = [day for _, day in meeting_slots(8, 2, start, (winter,))]
    assert dates == [dt.date(2027, 12, 6), dt.date(2028, 1, 3), dt.date(2028, 1, 17), dt.date(2028, 1, 31)]
    assert calendar_weeks(4, (winter,), start) == [0, 1, 2, 5, 6]


def test_a_one_day_break_off_the_meeting_day_moves_nothing() -> None:
    start = dt.date(2027, 3, 1)  # Mondays
    wednesday = Break("Open day", first_day=dt.date(2027, 3, 10), last_day=dt.date(2027, 3, 10))
    assert meeting_slots(4, 1, start, (wednesday,)) == meeting_slots(4, 1, start)


def test_a_monthly_meeting_in_a_break_moves_to_the_week_after_it() -> None:
    start = dt.date(2027, 10, 12)  # the second Tuesday of October
    winter = Break("Winter", first_day=dt.date(2027, 12, 13), last_day=dt.date(2027, 12, 26))
    dates = [day for _, day in meeting_slots(17, None, start, (winter,))]
    assert dates[:4] == [dt.date(2027, 10, 12), dt.date(2027, 11, 9), dt.date(2027, 12, 28), dt.date(2028, 1, 11)]
    weeks = [week for week, _ in meeting_slots(17, None, start, (winter,))]
    assert weeks == sorted(weeks) and len(set(weeks)) == len(weeks), "programme weeks count without the break"


def test_without_dates_only_week_breaks_count() -> None:
    assert calendar_weeks(3, (Break("", first_day=dt.date(2027, 1, 1), last_day=dt.date(2027, 2, 1)),), None) == [0, 1, 2, 3]
    assert calendar_weeks(3, (Break("", 2, 2),), None) == [0, 1, 3, 4]
