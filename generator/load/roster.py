"""Load a roster: the coordinator's CSV of pairs, kept outside content/.

One row a pair: `pair` (its id, which names its pack's folder), `mentor`,
`mentee`, `programme` (a programme page's file name), and optionally
`start`, `weekday`, `time`, `timezone`, `coordinator`, `language` (one of
the handbook's, for the pack's pages); any other column is
kept, for forms to be filled from. Every value is text and stays text (a
cell holding `=HYPERLINK(...)` is a name like any other). Each row is
checked on its own here; which programmes exist, and the weekday of their
start, is checked once they are parsed (roster_checks.py). The file's text,
rows and header are read by roster_files.py, its dates and times by
roster_values.py.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem
from generator.load.roster_files import MAX_FIELD, OPTIONAL, REQUIRED, column_name, decode_roster, header_index, table_rows
from generator.load.roster_values import WEEKDAYS, next_on, read_date, read_time, read_timezone, read_weekday

MAX_VALUE = 500
"""Characters a value may hold: a name, an address, a note; not a pasted document."""
_PAIR_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_WINDOWS = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))})
"""Names Windows will not give a folder, with or without an extension ('con.txt' too)."""
_PACKS_OWN = frozenset({"theme", "index.html"})
"""What the packs folder holds beside the pairs' folders: the theme's files and the coordinator's index."""


def _reserved(ident: str) -> str:
    """Why a pair id cannot name its folder though its letters are allowed, or ''."""
    if ident.lower().split(".")[0] in _WINDOWS:
        return f"'{ident}' is a name computers keep for themselves"
    if ident.lower() in _PACKS_OWN:
        return f"the packs folder holds its own '{ident.lower()}'"
    return ""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Pair:
    """One row of the roster."""

    id: str
    mentor: str
    mentee: str
    programme: str
    line: int
    """The row's first line in the file."""
    start: datetime.date | None = None
    weekday: int | None = None
    """0 = Monday."""
    time: datetime.time | None = None
    timezone: str | None = None
    coordinator: str = ""
    language: str = ""
    """As written: checked against the handbook's languages once they are known (`check_programmes`)."""
    values: Mapping[str, str] = field(default_factory=dict)
    """Every column's value, as written (stripped), extra columns included."""


@dataclass(frozen=True, slots=True)
class Roster:
    path: str
    """The file as messages name it."""
    columns: tuple[str, ...]
    pairs: tuple[Pair, ...]


def load_roster(path: Path, shown: str | None = None) -> tuple[Roster, list[Problem]]:
    """The roster at `path` and every problem found in it (the pairs of a roster with problems are not all whole)."""
    shown = shown or path.name
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        return Roster(shown, (), ()), [
            Problem(shown, None, "this is a folder, not a roster", "give the path of the roster's CSV file, such as roster.csv")
        ]
    except OSError as exc:
        return Roster(shown, (), ()), [Problem(shown, None, f"cannot read the roster: {exc.strerror or exc}", "check the path")]
    text, problems = decode_roster(data, shown)
    if text is None:
        return Roster(shown, (), ()), problems
    return read_roster(text, shown)


def read_roster(text: str, shown: str) -> tuple[Roster, list[Problem]]:
    problems: list[Problem] = []
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD)
    try:
        rows = table_rows(text, shown, problems)
    finally:
        csv.field_size_limit(old_limit)
    if not rows:
        if not problems:
            problems.append(Problem(shown, 1, "the roster is empty", "start it with the header line: " + ",".join(REQUIRED)))
        return Roster(shown, (), ()), problems
    at = header_index(rows) or 0  # rows above it: a title the spreadsheet's sheet has
    header_line, header = rows[at]
    columns = tuple(column_name(name) for name in header)
    if not _check_header(columns, header_line, shown, problems):
        return Roster(shown, columns, ()), problems
    pairs: list[Pair] = []
    first_line: dict[str, tuple[int, str]] = {}
    same_people: dict[tuple[str, str, str], tuple[int, str]] = {}
    for line, row in rows[at + 1 :]:
        if not any(cell.strip() for cell in row):
            continue  # a blank row
        pair = _pair(columns, row, line, shown, problems)
        if pair is None:
            continue
        key = pair.id.lower()  # one folder on a disk that ignores case
        if key and key in first_line:
            seen_line, seen_id = first_line[key]
            same = "" if seen_id == pair.id else f" (as '{seen_id}': folders on most computers ignore case)"
            problems.append(
                Problem(
                    shown,
                    line,
                    f"pair '{pair.id}' is used twice (first on line {seen_line}){same}",
                    "give each pair its own id in the 'pair' column",
                )
            )
        elif key:
            first_line[key] = (line, pair.id)
            problems += _same_people(pair, same_people, shown)
        pairs.append(pair)
    if not pairs and not problems:
        problems.append(Problem(shown, header_line, "the roster has no pairs", "add a row for each pair under the header line"))
    return Roster(shown, columns, tuple(pairs)), problems


def _same_people(pair: Pair, seen: dict[tuple[str, str, str], tuple[int, str]], shown: str) -> list[Problem]:
    """A warning for a pair whose mentor, mentee (letter case and spaces aside) and programme an earlier
    pair has, under another id: a row copied in a spreadsheet, whose pair would get two packs."""
    people = (" ".join(pair.mentor.casefold().split()), " ".join(pair.mentee.casefold().split()), pair.programme)
    if not all(people):
        return []
    if people not in seen:
        seen[people] = (pair.line, pair.id)
        return []
    seen_line, seen_id = seen[people]
    return [
        Problem(
            shown,
            pair.line,
            f"pair '{pair.id}' has the mentor, mentee and programme of pair '{seen_id}' (line {seen_line})",
            "if it is one pair, remove one of the rows: each row makes a pack and a calendar of its own, "
            "and a pair that imports both sees every meeting twice",
            "warning",
        )
    ]


def _check_header(columns: tuple[str, ...], line: int, shown: str, problems: list[Problem]) -> bool:
    known = (*REQUIRED, *OPTIONAL)
    good = True
    seen: set[str] = set()
    for name in columns:
        if not name:
            continue
        if name in seen:
            problems.append(
                Problem(
                    shown,
                    line,
                    f"column '{name}' is named twice (letter case aside)" if name in known else f"column '{name}' is named twice",
                    "give each column its own name",
                )
            )
            good = False
        seen.add(name)
    for name in REQUIRED:
        if name not in seen:
            near = difflib.get_close_matches(name, [c for c in columns if c not in known], n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'?" if near else f"add a column '{name}' to the header line"
            problems.append(Problem(shown, line, f"the roster has no '{name}' column", hint))
            good = False
    return good


def _runs_on(value: str, short: bool, columns: int) -> bool:
    """A value that swallowed the rows after it, an opening quote never closed: after a line break
    it holds a separator and its row is `short` of cells (the rest of the row was read into it), or
    it holds a whole row's separators. A cell typed with Alt+Enter ('Ada<break>London, UK') breaks
    a line too, but leaves its row whole and holds no other row."""
    for brk in ("\n", "\r"):
        if brk in value:
            rest = value.split(brk, 1)[1]
            return any(mark in rest and (short or rest.count(mark) >= columns - 1) for mark in ",;\t")
    return False


def _pair(columns: tuple[str, ...], row: list[str], line: int, shown: str, problems: list[Problem]) -> Pair | None:
    if len(row) > len(columns):
        extra = row[len(columns) :]
        if any(cell.strip() for cell in extra):
            problems.append(
                Problem(
                    shown,
                    line,
                    f"this row has {len(row)} values but the header names {len(columns)} columns",
                    "check for a comma inside a value: put such a value in double quotes",
                )
            )
            return None
    values: dict[str, str] = {}
    refused: set[str] = set()
    for name, cell in zip(columns, row, strict=False):
        if not name:
            continue
        value = cell.strip()
        if len(value) > MAX_VALUE:
            problems.append(Problem(shown, line, f"the '{name}' value is {len(value):,} characters long", f"keep values under {MAX_VALUE}"))
            refused.add(name)
            value = ""
        elif _runs_on(value, len(row) < len(columns), len(columns)):
            last = line + value.count("\n") + (value.count("\r") if "\n" not in value else 0)
            problems.append(
                Problem(
                    shown,
                    line,
                    f"a quote (\") opened in the '{name}' value is never closed, so the lines up to {last} were read into it",
                    'close the quote, or take it out (a quote inside a quoted value is written twice: "")',
                )
            )
            return None  # the rest of the row was read into the value: what follows would only echo it
        elif "\n" in value or "\r" in value or _CONTROL.search(value):
            hint = "keep it on one line (in a spreadsheet, a cell typed with Alt+Enter holds a line break)"
            problems.append(Problem(shown, line, f"the '{name}' value holds a line break or a control character", hint))
            refused.add(name)
            value = ""
        values[name] = value
    for name in columns[len(row) :]:
        if name:
            values[name] = ""  # a short row: the rest are empty
    ident = values.get("pair", "")
    for name in REQUIRED:
        if not values.get(name) and name not in refused:
            problems.append(Problem(shown, line, f"the row has no '{name}'", _REQUIRED_HINT[name]))
    if ident and (not _PAIR_ID.match(ident) or _reserved(ident) or ident.endswith(".")):
        problems.append(
            Problem(
                shown,
                line,
                f"pair id {ident!r} cannot name a folder",
                "use up to 64 plain letters (a to z, no accents), digits, '-', '_' and '.', "
                "starting with a letter or digit, such as 'p07' or 'ada-and-bo'" + (f"; {_reserved(ident)}" if _reserved(ident) else ""),
            )
        )
    start = read_date(values.get("start", ""), line, shown, problems)
    weekday = read_weekday(values.get("weekday", ""), line, shown, problems)
    time = read_time(values.get("time", ""), line, shown, problems)
    timezone = read_timezone(values.get("timezone", ""), line, shown, problems)
    if start is not None and weekday is not None and start.weekday() != weekday:
        problems.append(
            Problem(
                shown,
                line,
                f"start {start.isoformat()} is a {WEEKDAYS[start.weekday()].title()}, not a {WEEKDAYS[weekday].title()}",
                f"start on a {WEEKDAYS[weekday].title()}, such as {next_on(start, weekday).isoformat()}, or change 'weekday'",
            )
        )
    return Pair(
        ident,
        values["mentor"],
        values["mentee"],
        values["programme"],
        line,
        start,
        weekday,
        time,
        timezone,
        values.get("coordinator", ""),
        values.get("language", ""),
        values,
    )


_REQUIRED_HINT = {
    "pair": "give the pair an id, such as 'p07': it names the pair's folder",
    "mentor": "add the mentor's name",
    "mentee": "add the mentee's name",
    "programme": "name the programme page the pair follows, such as 'one-to-one'",
}
