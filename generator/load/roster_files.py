"""Load: a roster's file: its text (UTF-8, or UTF-16 as Excel's "Unicode Text"
saves it), its rows and its header, and telling a roster from other files, so
that none put under content/ is published (model/site.py)."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile

from generator.errors import Problem

REQUIRED = ("pair", "mentor", "mentee", "programme")
OPTIONAL = ("start", "weekday", "time", "timezone", "coordinator", "language")
MAX_FIELD = 100_000
"""What the csv module reads of one value before giving up (reported, not raised)."""
_UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
"""How a UTF-16 file starts: Excel's "Unicode Text" (tab-separated) and Numbers' "UTF-16" exports."""


def _utf16(data: bytes) -> bool:
    return data.startswith(_UTF16_MARKS)


def decode_roster(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
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
        rows = table_rows(text, "", [])
    finally:
        csv.field_size_limit(old_limit)
    found = header_index(rows)
    return rows[found][0] if found is not None else None


TITLE_ROWS = 10
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


def header_index(rows: list[tuple[int, list[str]]]) -> int | None:
    """Which of the first rows is the header (it names the pair, its mentor and its mentee); None for none."""
    for index, (_, row) in enumerate(rows[:TITLE_ROWS]):
        if {"pair", "mentor", "mentee"} <= {column_name(name) for name in row}:
            return index
    return None


def table_rows(text: str, shown: str, problems: list[Problem]) -> list[tuple[int, list[str]]]:
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


def column_name(name: str) -> str:
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
    lines = [line.rstrip("\r") for line in text.split("\n", TITLE_ROWS * 4)[: TITLE_ROWS * 4] if line.strip(" \r,;\t")]
    for line in lines[:TITLE_ROWS]:
        for mark in ",;\t":
            if {"pair", "mentor", "mentee"} <= {column_name(cell.strip('"')) for cell in line.split(mark)}:
                return mark
    header = lines[0] if lines else ""
    return max(",;\t", key=lambda mark: (header.count(mark), mark == ","))
