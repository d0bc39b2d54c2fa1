"""Load: telling a file of answers from other files, so that none is published.

Answers leave a reader's browser only as a file the reader saves: a form's
"Save answers to a file" (records.js: JSON whose `mentorkit` is `records`)
or the coordinator's table from Gather answers (gather.js: a CSV whose
header ends with the file, record id, version and last-change columns, in
the theme's words). Everything under content/ is published, so the build
refuses either there (model/site.py), as it refuses a roster.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

_SNIFFED = 64 * 1024
"""Bytes of a file read to tell what it is: an export's mark and a table's header come first."""
_RECORDS = re.compile(rb'^\s*\{[^{}]*?"mentorkit"\s*:\s*"records"')
"""The start of an export of records: its `mentorkit` key comes before any nested value."""
GATHERED_COLUMNS = ("gather.file", "gather.record_id", "gather.version", "gather.changed")
"""The theme's words for the last columns of Gather answers' table (gather.js, rowsOf)."""
GATHERED_IN_ENGLISH = ("File", "Record id", "Version", "Last changed")
"""Those columns as gather.js names them when the theme gives no words for them."""


def records_export(data: bytes) -> bool:
    """`data` is a file of records saved from a form or from My records."""
    return _RECORDS.match(data[:_SNIFFED].removeprefix(b"\xef\xbb\xbf")) is not None


_SEPARATORS = ",;\t"
"""What the table's cells are split by: Gather answers writes ',', a spreadsheet saving it again
in a language whose decimal mark is a comma writes ';', and some write tabs."""


def gathered_table(data: bytes, endings: Iterable[tuple[str, ...]]) -> bool:
    """`data` is a table saved from Gather answers: its header ends with one of `endings`
    (the last columns' names in each of the handbook's languages)."""
    text = data[:_SNIFFED].decode("utf-8-sig", errors="replace")
    wanted = set(endings)
    for separator in _SEPARATORS:
        try:
            header = next(csv.reader(io.StringIO(text, newline=""), delimiter=separator), [])
        except csv.Error:
            continue
        last = tuple(cell.strip() for cell in header[-len(GATHERED_COLUMNS) :])
        if len(header) > len(GATHERED_COLUMNS) and last in wanted:
            return True
    return False
