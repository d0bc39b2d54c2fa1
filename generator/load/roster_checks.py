"""Load: a roster's pairs checked against the programmes they follow, once those
are parsed: that each programme exists (in the pair's language), and that a
pair's start falls on the programme's weekday and outside its breaks."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.errors import Problem
from generator.load.roster import Pair, Roster
from generator.load.roster_values import WEEKDAYS, next_on


@dataclass(frozen=True, slots=True)
class ProgrammeFacts:
    """What a roster is checked against: a programme's start, when it has one."""

    start: datetime.date | None
    languages: tuple[str, ...] = ()
    """The languages it has a page in (checked only when given)."""
    local_rel: str = ""
    """Its path inside a language's folder, to say where a translation goes."""
    breaks: tuple[tuple[str, datetime.date, datetime.date], ...] = ()
    """Its breaks by dates: (name, first day, last day)."""


def pair_language(pair: Pair, languages: Sequence[str]) -> str | None:
    """The pair's language as the handbook spells it (letter case aside), the first
    language when the row gives none, None when the handbook does not have it."""
    if not pair.language:
        return languages[0] if languages else None
    return next((code for code in languages if code.lower() == pair.language.lower()), None)


def _unknown_language(roster: Roster, pair: Pair, languages: Sequence[str]) -> list[Problem]:
    if pair_language(pair, languages) is not None:
        return []
    given = pair.language.lower().replace("_", "-")
    # Codes are short: a near one shares the language ('fr' for 'fr-CH') or at least the first letter ('fr' for 'fe').
    near = [code for code in languages if code.lower().split("-")[0] == given.split("-")[0]]
    near += [
        code for code in languages if code[0].lower() == given[0] and difflib.SequenceMatcher(None, given, code.lower()).ratio() >= 0.5
    ]
    known = "the handbook's languages: " + ", ".join(languages)
    hint = f"did you mean '{near[0]}'? ({known})" if near else known
    if len(languages) == 1:
        hint = f"the handbook is in '{languages[0]}' only: leave 'language' empty, or add the language under 'languages:' in mentorkit.yaml"
    return [Problem(roster.path, pair.line, f"language '{pair.language}' is not a language of this handbook", hint)]


def _untranslated(roster: Roster, pair: Pair, facts: ProgrammeFacts, languages: Sequence[str]) -> list[Problem]:
    code = pair_language(pair, languages)
    if code is not None and facts.languages and code not in facts.languages:
        return [
            Problem(
                roster.path,
                pair.line,
                f"programme '{pair.programme}' has no page in '{code}', the pair's language",
                f"translate it as content/{code}/{facts.local_rel}, or give the pair one of its languages: {', '.join(facts.languages)}",
            )
        ]
    return []


def check_programmes(roster: Roster, programmes: Mapping[str, ProgrammeFacts], languages: Sequence[str] = ()) -> list[Problem]:
    """Each pair's programme exists (in the pair's language, which must be one of `languages`
    when they are given), and the pair can have dates: a start of its own on the programme's
    weekday (unless the row gives its weekday), or the programme's."""
    problems: list[Problem] = []
    names = sorted(programmes)
    for pair in roster.pairs:
        if languages:
            problems += _unknown_language(roster, pair, languages)
        facts = programmes.get(pair.programme)
        if not pair.programme:
            continue
        if facts is None:
            near = difflib.get_close_matches(pair.programme, names, n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'?" if near else ("known: " + ", ".join(names) if names else "the handbook has no programme")
            problems.append(Problem(roster.path, pair.line, f"programme '{pair.programme}' not found", hint))
            continue
        if languages:
            problems += _untranslated(roster, pair, facts, languages)
        if pair.start is None and facts.start is None:
            problems.append(
                Problem(
                    roster.path,
                    pair.line,
                    f"pair '{pair.id}' has no start date, and programme '{pair.programme}' has none",
                    "add the pair's first meeting as 'start' (YYYY-MM-DD)",
                )
            )
        elif pair.start is not None and pair.weekday is None and facts.start is not None and pair.start.weekday() != facts.start.weekday():
            day = WEEKDAYS[facts.start.weekday()].title()
            problems.append(
                Problem(
                    roster.path,
                    pair.line,
                    f"start {pair.start.isoformat()} is a {WEEKDAYS[pair.start.weekday()].title()}, "
                    f"but programme '{pair.programme}' meets on {day}s",
                    f"start on a {day}, such as {next_on(pair.start, facts.start.weekday()).isoformat()}, "
                    "or give the pair its own 'weekday' column",
                )
            )
        elif (problem := _start_in_break(roster, pair, facts)) is not None:
            problems.append(problem)
    return problems


def _start_in_break(roster: Roster, pair: Pair, facts: ProgrammeFacts) -> Problem | None:
    """A warning: a pair whose first day is in one of the programme's breaks has no meeting on it,
    while its pack's forms say it starts then (its meetings begin after the break)."""
    if pair.start is None and pair.weekday is None:
        return None  # the programme's own start: the programme's matter, not the roster's
    start = pair_start(pair, facts.start)
    if start is None:
        return None
    hit = next(((name, first, last) for name, first, last in facts.breaks if first <= start <= last), None)
    if hit is None:
        return None
    name, first, last = hit
    after = start
    while any(begin <= after <= end for _, begin, end in facts.breaks):
        after += datetime.timedelta(weeks=1)
    what = (
        f"start {start.isoformat()}"
        if pair.start is not None
        else f"the pair's start ({start.isoformat()}, the programme's on its weekday)"
    )
    called = f" '{name}'" if name else ""
    return Problem(
        roster.path,
        pair.line,
        f"{what} falls in the break{called} of programme '{pair.programme}' "
        f"({first.isoformat()} to {last.isoformat()}), when pairs do not meet",
        f"its meetings begin after the break; to have its start be its first meeting, give it a 'start' such as {after.isoformat()}",
        "warning",
    )


def pair_start(pair: Pair, programme_start: datetime.date | None) -> datetime.date | None:
    """The pair's first meeting: its own start, else the programme's moved to the pair's weekday (on or after it)."""
    if pair.start is not None:
        return pair.start
    if programme_start is None:
        return None
    return next_on(programme_start, pair.weekday) if pair.weekday is not None else programme_start
