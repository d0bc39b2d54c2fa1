"""Parse: a programme's front matter (length, cadence, phases, milestones)
into a `Programme` with its meeting plan.

Form references are checked later, in the model stage (`resolve_forms`),
when every form page is known.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from generator.errors import Problem
from generator.load.mapping import Key, MappingReader, a_date, a_list, a_list_of_texts, a_time_of_day, a_whole_number, type_name
from generator.load.zones import time_zones, zone_hint
from generator.model.schedule import calendar_weeks, meeting_slots, months_to_weeks, programme_end, week_start
from generator.model.types import Break, FormRef, Meeting, Milestone, Phase, Programme
from generator.parse.front_matter import SourcePage

PHASE_KEYS = ("name", "weeks", "focus", "activities", "topics", "forms")
MILESTONE_KEYS = ("name", "week", "description", "form")
BREAK_KEYS = ("name", "weeks", "from", "to")
CADENCES = ("weekly", "fortnightly", "monthly", "every N weeks")
_EVERY = re.compile(r"^every\s+(\d+|two|three|four|five|six)\s+weeks?$")
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)\s*(minutes?|mins?|hours?|hrs?|h)$")
_BEFORE = re.compile(r"^(\d+)\s*(minutes?|mins?|hours?|hrs?|h|days?|weeks?)(?:\s+before)?$")
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 24 * 60, "w": 7 * 24 * 60}


def parse_cadence(value: object) -> tuple[str, int | None] | None:
    """'fortnightly' -> ('fortnightly', 2); 'monthly' -> ('monthly', None)."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    named = {"weekly": 1, "fortnightly": 2, "every week": 1, "every other week": 2}
    if text in named:
        return text, named[text]
    if text == "monthly":
        return text, None
    match = _EVERY.match(text)
    if match:
        number = match.group(1)
        return text, int(number) if number.isdigit() else _WORDS[number]
    return None


def parse_minutes(value: object) -> int | None:
    """60, '1 hour', '90 minutes', '1.5 hours' -> minutes."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        match = _LENGTH.match(value.strip().lower())
        if match:
            amount = float(match.group(1))
            return round(amount * 60) if match.group(2).startswith("h") else round(amount)
    return None


def _weeks_range(value: object) -> tuple[int, int] | None:
    """'1-4', [1, 4], 3 or '3' -> (first, last)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value, value
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return value[0], value[1]
    if isinstance(value, str):
        match = re.match(r"^\s*(\d+)\s*(?:(?:-|–|to)\s*(\d+))?\s*$", value)
        if match:
            return int(match.group(1)), int(match.group(2) or match.group(1))
    return None


_TEXTS = a_list_of_texts()


def parse_programme(source: SourcePage) -> tuple[Programme, list[Problem]]:
    """The page's programme; with problems, only its phases and milestones
    as far as they could be read, for the model to check the forms they name."""
    front: dict[str, Any] = source.front.data
    reader = MappingReader(source.front, source.path)
    weeks = _length(reader, front)
    cadence = parse_cadence(front.get("cadence", "fortnightly"))
    if cadence is None:
        value = front.get("cadence")
        hint = "write weekly, fortnightly, monthly or 'every 3 weeks'"
        if isinstance(value, str) and value.strip().lower() in ("biweekly", "bi-weekly", "bimonthly", "bi-monthly"):
            hint = f"'{value}' means different things to different people: " + hint
        reader.problem(("cadence",), f"cadence {value!r} is not one this programme can follow", hint)
    elif cadence[1] is not None and weeks and not 1 <= cadence[1] <= weeks:
        reader.problem(
            ("cadence",),
            f"a meeting every {cadence[1]} weeks is impossible in a {weeks}-week programme",
            "meet at least once in the programme",
        )
    minutes = parse_minutes(front.get("meeting_length", 60))
    if minutes is None or not 5 <= minutes <= 480:
        reader.problem(
            ("meeting_length",),
            f"meeting_length {front.get('meeting_length')!r} is not a length from 5 minutes to 8 hours",
            "write 60, '1 hour' or '90 minutes'",
        )
    start = reader.read(front, "start", (), a_date(), None)
    if start is not None and (datetime.date.max - start).days < 7 * (weeks or 0) + 62:  # its last meetings' month too
        reader.problem(
            ("start",), f"a programme starting on {start.isoformat()} would end after the year 9999", "check the start date's year"
        )
        start = None
    time = reader.read(front, "time", (), a_time_of_day(), None)
    timezone = _timezone(reader, front)
    breaks = tuple(b for b in (_break(reader, data, index) for index, data in enumerate(_list(reader, front, "breaks"))) if b)
    reminders = _reminders(reader, front)
    if start is not None and breaks and (datetime.date.max - start).days < 7 * (weeks + _break_weeks(breaks)) + 62:
        reader.problem(("breaks",), "with its breaks, this programme would end after the year 9999", "check the breaks and the start date")
        breaks = ()
    phases = tuple(p for p in (_phase(reader, data, index, weeks) for index, data in enumerate(_list(reader, front, "phases"))) if p)
    on_calendar = calendar_weeks(weeks, breaks, start) if weeks else [0]
    milestones = tuple(
        m
        for m in (
            _milestone(reader, data, index, weeks, start, on_calendar) for index, data in enumerate(_list(reader, front, "milestones"))
        )
        if m
    )
    if weeks:
        _check_coverage(reader, phases, weeks)
    if reader.problems or not weeks or cadence is None or minutes is None:
        # As far as it was read, with no meetings: the model still checks the forms it names.
        return Programme(weeks, None, "", None, minutes or 0, start, time, phases, milestones, (), timezone), reader.problems
    months = front.get("months") if isinstance(front.get("months"), int) else None
    meetings = plan_meetings(weeks, cadence[1], start, phases, milestones, breaks)
    end = programme_end(start, weeks, breaks) if start else None
    programme = Programme(
        weeks, months, cadence[0], cadence[1], minutes, start, time, phases, milestones, meetings, timezone, breaks, reminders, end
    )
    return programme, []


def _timezone(reader: MappingReader, front: dict[str, Any]) -> str | None:
    """An IANA time zone name, such as Europe/London."""
    if front.get("timezone") is None:
        return None
    value = front["timezone"]
    name = value.strip() if isinstance(value, str) else ""
    if name in time_zones():
        return name
    hint = zone_hint(name) if name else "write an IANA time zone name such as 'Europe/London' or 'America/Toronto'"
    reader.problem(("timezone",), f"timezone {value!r} is not a time zone this computer knows", hint)
    return None


def _break(reader: MappingReader, raw: object, index: int) -> Break | None:
    """A break by its weeks ('weeks: 7-8', counted from the start) or by its dates ('from:', 'to:')."""
    where: Key = ("breaks", index)
    data = _entry(reader, raw, where, f"break {index + 1}", BREAK_KEYS, "Winter holiday")
    if data is None:
        return None
    name = str(data.get("name") or "")
    line = reader.line(*where)
    if "weeks" in data:
        if "from" in data or "to" in data:
            reader.problem(where, f"break {index + 1} gives both weeks and dates", "give 'weeks: 7-8' or 'from:' and 'to:' dates, not both")
            return None
        span = _weeks_range(data["weeks"])
        if span is None or span[0] < 1 or span[1] < span[0]:
            reader.problem((*where, "weeks"), f"break {index + 1} needs the weeks it covers, such as 'weeks: 7-8', not {data['weeks']!r}")
            return None
        if span[0] == 1:
            reader.problem(
                (*where, "weeks"), f"break {index + 1} starts in week 1, when the programme starts", "move the start date instead"
            )
            return None
        return Break(name, span[0], span[1], line=line)
    first = reader.read(data, "from", where, a_date(), None)
    last = reader.read(data, "to", where, a_date(), None)
    if first is None or last is None:
        if "from" in data and "to" in data:
            return None  # the date itself is reported
        reader.problem(
            where, f"break {index + 1} needs its weeks or its dates", "add 'weeks: 7-8', or 'from: 2027-12-20' and 'to: 2028-01-02'"
        )
        return None
    if last < first:
        reader.problem((*where, "to"), f"break {index + 1} ends on {last.isoformat()}, before it starts on {first.isoformat()}")
        return None
    return Break(name, first_day=first, last_day=last, line=line)


def _break_weeks(breaks: tuple[Break, ...]) -> int:
    """At most how many weeks the breaks can add."""
    total = 0
    for pause in breaks:
        if pause.first_week is not None and pause.last_week is not None:
            total += pause.last_week - pause.first_week + 1
        elif pause.first_day is not None and pause.last_day is not None:
            total += (pause.last_day - pause.first_day).days // 7 + 1
    return total


def _reminders(reader: MappingReader, front: dict[str, Any]) -> tuple[int, ...]:
    """'1 day', ['1 week', '2 hours'] -> minutes before each meeting and milestone."""
    if front.get("reminders") is None:
        return ()
    value = front["reminders"]
    items = value if isinstance(value, list) else [value]
    found: list[int] = []
    for index, item in enumerate(items):
        key: Key = ("reminders", index) if isinstance(value, list) else ("reminders",)
        minutes = parse_before(item)
        if minutes is None or not 1 <= minutes <= 4 * 7 * 24 * 60:
            reader.problem(
                key,
                f"reminder {item!r} is not a time before the meeting from 1 minute to 4 weeks",
                "write '1 day', '2 hours' or '30 minutes'",
            )
        elif minutes not in found:
            found.append(minutes)
    return tuple(sorted(found, reverse=True))


def parse_before(value: object) -> int | None:
    """'1 day', '2 hours', '30 minutes', '1 week' or a number of minutes -> minutes."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        match = _BEFORE.match(value.strip().lower())
        if match:
            return int(match.group(1)) * _UNIT_MINUTES[match.group(2)[0]]
    return None


def _length(reader: MappingReader, front: dict[str, Any]) -> int:
    if "weeks" in front and "months" in front:
        reader.problem(("months",), "give the length in 'weeks' or in 'months', not both")
        return 0
    if "months" in front:
        months = reader.read(front, "months", (), a_whole_number(1, 60), 0)
        return months_to_weeks(months) if months else 0
    if front.get("weeks") is None:
        reader.problem(("type",), "a programme needs its length", "add 'weeks: 12' or 'months: 6'")
        return 0
    return reader.read(front, "weeks", (), a_whole_number(1, 260), 0)


def _list(reader: MappingReader, front: dict[str, Any], key: str) -> list[Any]:
    return reader.read(front, key, (), a_list(hint=f"write each of the {key} on a line starting with '- '"), [])


def _form_ref(reader: MappingReader, value: object, key: Key) -> FormRef | None:
    if isinstance(value, str) and value.strip():
        return FormRef(value.strip(), reader.line(*key))
    reader.problem(key, f"a form must be named by its file, such as 'agreement', not {type_name(value)}")
    return None


def _entry(reader: MappingReader, data: object, where: Key, what: str, keys: tuple[str, ...], example: str) -> dict[str, Any] | None:
    """A phase's or milestone's mapping, its unknown keys reported; None when it is not a mapping."""
    entry = reader.mapping(data, where, f"{what} must be 'key: value' lines", f"for example: - name: {example}")
    if entry is not None:
        reader.unknown_keys(entry, where, keys, lambda key: f"{what} has unknown key '{key}'")
    return entry


def _phase(reader: MappingReader, raw: object, index: int, weeks: int) -> Phase | None:
    where: Key = ("phases", index)
    data = _entry(reader, raw, where, f"phase {index + 1}", PHASE_KEYS, "Getting started")
    if data is None:
        return None
    name = str(data.get("name") or "")
    if not name:
        reader.problem(where, f"phase {index + 1} has no name", "add 'name: ...'")
    span = _weeks_range(data.get("weeks"))
    if span is None or span[0] < 1 or span[1] < span[0]:
        reader.problem((*where, "weeks"), f"phase '{name}' needs the weeks it covers, such as 'weeks: 1-4', not {data.get('weeks')!r}")
        return None
    if weeks and span[1] > weeks:
        reader.problem(
            (*where, "weeks"),
            f"phase '{name}' runs to week {span[1]}, but the programme is {weeks} weeks long",
            f"end it by week {weeks}, or make the programme longer",
        )
    named: tuple[str, ...] = reader.read(data, "forms", where, _TEXTS, ())
    forms = tuple(ref for i, form in enumerate(named) if (ref := _form_ref(reader, form, (*where, "forms", i))))
    return Phase(
        name=name,
        first=span[0],
        last=span[1],
        focus=str(data.get("focus", "")),
        activities=reader.read(data, "activities", where, _TEXTS, ()),
        topics=reader.read(data, "topics", where, _TEXTS, ()),
        forms=forms,
        line=reader.line(*where),
    )


def _milestone(
    reader: MappingReader, raw: object, index: int, weeks: int, start: datetime.date | None, on_calendar: list[int]
) -> Milestone | None:
    where: Key = ("milestones", index)
    data = _entry(reader, raw, where, f"milestone {index + 1}", MILESTONE_KEYS, "Kick-off")
    if data is None:
        return None
    name = str(data.get("name") or "")
    week = data.get("week")
    if not isinstance(week, int) or isinstance(week, bool):
        reader.problem((*where, "week"), f"milestone '{name}' needs the week it falls in, such as 'week: 13'")
        return None
    if weeks and not 1 <= week <= weeks:
        reader.problem((*where, "week"), f"milestone '{name}' is in week {week}, outside the programme (weeks 1-{weeks})")
    form = _form_ref(reader, data["form"], (*where, "form")) if "form" in data else None
    date = week_start(start, on_calendar[week]) if start and 1 <= week < len(on_calendar) else None
    return Milestone(name, week, str(data.get("description", "")), form, reader.line(*where), date)


def _check_coverage(reader: MappingReader, phases: tuple[Phase, ...], weeks: int) -> None:
    """Phases must cover weeks 1..weeks with no gap and no overlap."""
    if not phases:
        return
    ordered = sorted(phases, key=lambda p: (p.first, p.last))
    covered = 0
    previous: Phase | None = None
    for phase in ordered:
        if previous is not None and phase.first <= previous.last:
            reader.problems.append(
                Problem(
                    reader.path,
                    phase.line,
                    f"phase '{phase.name}' (weeks {phase.first}-{phase.last}) overlaps "
                    f"phase '{previous.name}' (weeks {previous.first}-{previous.last})",
                    f"start '{phase.name}' in week {previous.last + 1}",
                )
            )
        elif phase.first > covered + 1:
            gap = f"week {covered + 1}" if phase.first == covered + 2 else f"weeks {covered + 1}-{phase.first - 1}"
            reader.problems.append(
                Problem(
                    reader.path,
                    phase.line,
                    f"{gap} {_belong(gap)} to no phase",
                    f"start '{phase.name}' in week {covered + 1}, or add a phase",
                )
            )
        covered = max(covered, phase.last)
        previous = phase if previous is None or phase.last >= previous.last else previous
    if covered < weeks:
        gap = f"week {weeks}" if covered + 1 == weeks else f"weeks {covered + 1}-{weeks}"
        reader.problems.append(
            Problem(reader.path, ordered[-1].line, f"{gap} {_belong(gap)} to no phase", f"end the last phase in week {weeks}")
        )


def _belong(gap: str) -> str:
    return "belongs" if gap.startswith("week ") else "belong"


def plan_meetings(
    weeks: int,
    interval: int | None,
    start: datetime.date | None,
    phases: tuple[Phase, ...],
    milestones: tuple[Milestone, ...],
    breaks: tuple[Break, ...] = (),
) -> tuple[Meeting, ...]:
    slots = meeting_slots(weeks, interval, start, breaks)
    phase_of = {week: phase for phase in phases for week in range(phase.first, phase.last + 1)}
    # A milestone belongs to the first meeting in or after its week (else the last meeting).
    at_meeting: dict[int, list[Milestone]] = {}
    for milestone in milestones:
        index = next((i for i, (week, _) in enumerate(slots) if week >= milestone.week), len(slots) - 1)
        at_meeting.setdefault(index, []).append(milestone)
    meetings = []
    seen: dict[str, int] = {}
    for index, (week, date) in enumerate(slots):
        phase = phase_of.get(week)
        count = seen.get(phase.name, 0) if phase else 0
        topic = phase.topics[count] if phase and count < len(phase.topics) else ""
        forms = list(phase.forms) if phase and count == 0 else []
        for milestone in at_meeting.get(index, []):
            if milestone.form and milestone.form.name not in [f.name for f in forms]:
                forms.append(milestone.form)
        if phase:
            seen[phase.name] = count + 1
        names = tuple(m.name for m in at_meeting.get(index, []))
        meetings.append(Meeting(index + 1, week, date, phase.name if phase else "", topic, tuple(forms), names))
    return tuple(meetings)
