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
