"""Load a roster: the coordinator's CSV of pairs, kept outside content/.

One row a pair: `pair` (its id, which names its pack's folder), `mentor`,
`mentee`, `programme` (a programme page's file name), and optionally
`start`, `weekday`, `time`, `timezone`, `coordinator`, `language` (one of
the handbook's, for the pack's pages); any other column is
kept, for forms to be filled from. Every value is text and stays text (a
cell holding `=HYPERLINK(...)` is a name like any other). Each row is
checked on its own here; which programmes exist, and the weekday of their
start, is checked once they are parsed (`check_programmes`).
"""

from __future__ import annotations

import csv
import datetime
import difflib
import html
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem
from generator.load.zones import time_zones, zone_hint

REQUIRED = ("pair", "mentor", "mentee", "programme")
OPTIONAL = ("start", "weekday", "time", "timezone", "coordinator", "language")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_VALUE = 500
"""Characters a value may hold: a name, an address, a note; not a pasted document."""
MAX_FIELD = 100_000
"""What the csv module reads of one value before giving up (reported, not raised)."""
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


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)(?::00)?$")
"""17:30, and as spreadsheets save a time: 9:30, 09:30:00."""
_TIME_12 = re.compile(r"^(0?[1-9]|1[0-2]):([0-5]\d)(?::00)?\s*([AaPp])\.?[Mm]\.?$")
"""As spreadsheets in the United States save a time: 6:00 PM, 6:00:00 PM, 9:30 a.m."""
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


_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
"""How a UTF-16 file starts: Excel's "Unicode Text" (tab-separated) and Numbers' "UTF-16" exports."""


def _utf16(data: bytes) -> bool:
    return data.startswith(_UTF16_MARKS)


def _decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """UTF-8, with or without a byte order mark, or UTF-16 with one; anything else named by its line."""
    try:
        return (data.decode("utf-16") if _utf16(data) else data.decode("utf-8-sig")), []
    except UnicodeDecodeError as exc:
        if _utf16(data):
            line = data[: exc.start].decode("utf-16", errors="replace").count("\n") + 1
            hint = "save the roster again as 'Unicode Text' or, better, as 'CSV UTF-8' (in Excel: File > Save As > CSV UTF-8)"
            return None, [Problem(shown, line, "this line is not UTF-16 text, as the file's first bytes say it is", hint)]
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(shown, line, "this line is not UTF-8 text", "save the roster as 'CSV UTF-8' (in Excel: File > Save As > CSV UTF-8)")
        ]


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
    text, problems = _decode(data, shown)
    if text is None:
        return Roster(shown, (), ()), problems
    return read_roster(text, shown)


def read_roster(text: str, shown: str) -> tuple[Roster, list[Problem]]:
    problems: list[Problem] = []
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD)
    try:
        rows = _rows(text, shown, problems)
    finally:
        csv.field_size_limit(old_limit)
    if not rows:
        if not problems:
            problems.append(Problem(shown, 1, "the roster is empty", "start it with the header line: " + ",".join(REQUIRED)))
        return Roster(shown, (), ()), problems
    at = _header_row(rows) or 0  # rows above it: a title the spreadsheet's sheet has
    header_line, header = rows[at]
    columns = tuple(_column(name) for name in header)
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


ROSTER_SUFFIXES = (".csv", ".tsv", ".txt")
"""What a roster may be saved as."""
WORKBOOK_SUFFIXES = (".xlsx", ".ods")
"""What the spreadsheet a roster is kept in may be saved as (mentorkit packs reads the CSV saved from it)."""
_WORKBOOK_TEXTS = ("xl/sharedStrings.xml", "content.xml")
"""Where an .xlsx workbook keeps its cells' texts, and where an .ods keeps its sheets."""
_WORKBOOK_READ = 4 * 1024 * 1024
"""Bytes of those read: a header's texts come first, and a file packed to unpack huge is not unpacked whole."""
_CELL_TEXT = re.compile(rb"<(t|text:p)(?:\s[^>]*)?>([^<]{1,64})</\1>")
_SNIFFED = 64 * 1024
"""Bytes of a file read to find its header: a header is never longer."""


def roster_header(data: bytes) -> int | None:
    """The line of the header, when `data` reads as a roster (its header names
    a pair, its mentor and its mentee, in any letter case); else None. For
    telling a roster put where it would be published."""
    text = data[:_SNIFFED].decode("utf-16" if _utf16(data) else "utf-8-sig", errors="replace")
    if len(data) > _SNIFFED:
        text = text[: text.rfind("\n") + 1]  # whole lines only
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_FIELD)
    try:
        rows = _rows(text, "", [])
    finally:
        csv.field_size_limit(old_limit)
    found = _header_row(rows)
    return rows[found][0] if found is not None else None


_TITLE_ROWS = 10
"""Rows a roster's header is looked for in: the first, or below up to nine of a spreadsheet's title, a date, a note."""


def workbook_roster(data: bytes) -> bool:
    """`data` is a workbook (.xlsx, .ods) whose cells name a pair, a mentor and a mentee:
    the spreadsheet a roster is kept in. For telling one put where it would be published."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            member = next((name for name in _WORKBOOK_TEXTS if name in book.NameToInfo), None)
            if member is None:
                return False
            with book.open(member) as stream:
                text = stream.read(_WORKBOOK_READ)
    except Exception:  # a damaged or hostile file is no workbook to tell, and is published as the file it is
        return False
    cells = {html.unescape(found.decode("utf-8", "replace")).strip().lower() for _, found in _CELL_TEXT.findall(text)}
    return {"pair", "mentor", "mentee"} <= cells


def _header_row(rows: list[tuple[int, list[str]]]) -> int | None:
    """Which of the first rows is the header (it names the pair, its mentor and its mentee); None for none."""
    for index, (_, row) in enumerate(rows[:_TITLE_ROWS]):
        if {"pair", "mentor", "mentee"} <= {_column(name) for name in row}:
            return index
    return None


def _rows(text: str, shown: str, problems: list[Problem]) -> list[tuple[int, list[str]]]:
    """Each row with the line it starts on."""
    mark = _SEP.match(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mark.group(1) if mark else _delimiter(text), strict=False)
    if mark:
        next(reader)  # Excel's line naming the separator, before the header
    rows: list[tuple[int, list[str]]] = []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                message = f'a value is longer than {MAX_FIELD:,} characters (perhaps a quote " that is never closed)'
            problems.append(Problem(shown, start, f"this row cannot be read: {message}", "check its quotes"))
            break
        if rows or any(cell.strip() for cell in row):  # empty lines above the header are not it
            rows.append((start, row))
        start = reader.line_num + 1
    return rows


def _column(name: str) -> str:
    """A header cell as the roster's column name: the known columns whatever their letter case
    ('Mentor', 'PAIR', as spreadsheets write headings), any other as written; spaces around cut off."""
    name = name.strip()
    return name.lower() if name.lower() in (*REQUIRED, *OPTIONAL) else name


_SEP = re.compile(r"sep=([,;\t|])\r?\n", re.IGNORECASE)
"""The first line Excel reads and writes to say what a CSV file is split by ('sep=;')."""


def _delimiter(text: str) -> str:
    """',' , or what the header line is split by when it holds more of it: spreadsheets
    in languages whose decimal mark is a comma save 'CSV' with ';', and some save tabs.
    The header is the first line split by one of them into a pair, a mentor and a mentee
    (below a title, perhaps), else the first line with text."""
    lines = [line.rstrip("\r") for line in text.split("\n", _TITLE_ROWS * 4)[: _TITLE_ROWS * 4] if line.strip(" \r,;\t")]
    for line in lines[:_TITLE_ROWS]:
        for mark in ",;\t":
            if {"pair", "mentor", "mentee"} <= {_column(cell.strip('"')) for cell in line.split(mark)}:
                return mark
    header = lines[0] if lines else ""
    return max(",;\t", key=lambda mark: (header.count(mark), mark == ","))


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
    start = _date(values.get("start", ""), line, shown, problems)
    weekday = _weekday(values.get("weekday", ""), line, shown, problems)
    time = _time(values.get("time", ""), line, shown, problems)
    timezone = _timezone(values.get("timezone", ""), line, shown, problems)
    if start is not None and weekday is not None and start.weekday() != weekday:
        problems.append(
            Problem(
                shown,
                line,
                f"start {start.isoformat()} is a {WEEKDAYS[start.weekday()].title()}, not a {WEEKDAYS[weekday].title()}",
                f"start on a {WEEKDAYS[weekday].title()}, such as {_next_on(start, weekday).isoformat()}, or change 'weekday'",
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


def _next_on(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _date(value: str, line: int, shown: str, problems: list[Problem]) -> datetime.date | None:
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


def _weekday(value: str, line: int, shown: str, problems: list[Problem]) -> int | None:
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


def _time(value: str, line: int, shown: str, problems: list[Problem]) -> datetime.time | None:
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


def _timezone(value: str, line: int, shown: str, problems: list[Problem]) -> str | None:
    if not value:
        return None
    if value in time_zones():
        return value
    problems.append(Problem(shown, line, f"timezone {value!r} is not a time zone this computer knows", zone_hint(value)))
    return None


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
                    f"start on a {day}, such as {_next_on(pair.start, facts.start.weekday()).isoformat()}, "
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
    return _next_on(programme_start, pair.weekday) if pair.weekday is not None else programme_start
