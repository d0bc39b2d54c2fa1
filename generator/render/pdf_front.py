"""Render: the handbook's front (cover and contents) laid out in pieces of whole sheets.

The contents of a 2,000-page handbook alone took 812 MB to lay out as one
document (WeasyPrint draws every dot of a `leader()` as a text box of its
own). They are cut between their entries where a sheet ends, so that each
piece lays out to exactly the sheets it covers in the one document: its
structure elements, per sheet in WeasyPrint, are then the same. Where the
sheets end is found by laying out a batch of entries at a time in one
process, dropping the last sheet, which may not be full, and going on from
its first entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

BATCH = 300
"""Entries laid out at a time while looking for where the sheets end (some 8 sheets)."""
_HEADING = re.compile(r"<h1\b.*?</h1>\s*", re.S)
_HREF = re.compile(r'href="#([^"]*)"')


@dataclass(frozen=True, slots=True)
class Contents:
    """The front cut into the cover, the contents' list entries, and what goes around them."""

    cover: tuple[str, ...]
    opening: str  # <nav ...><h1>...</h1><ol>
    continuing: str  # the same without the heading, for the pieces after the first
    entries: tuple[str, ...]
    closing: str  # </ol></nav>

    def blocks(self, first: int, end: int) -> tuple[str, ...]:
        """The piece holding entries[first:end], with the cover if it is the first."""
        listed = "".join(self.entries[first:end])
        if first == 0:
            return (*self.cover, self.opening + listed + self.closing)
        return (self.continuing + listed + self.closing,)


def contents_of(front: tuple[str, ...]) -> Contents | None:
    """The front's contents cut at its top-level list entries; None when it is not shaped as handbook.html makes it."""
    from generator.render.pdf_parts import top_level_blocks

    *cover, nav = front
    start = nav.find("<ol")
    end = nav.rfind("</ol>")
    if start < 0 or end < 0 or not nav.startswith("<nav"):
        return None
    inner_start = nav.index(">", start) + 1
    entries = top_level_blocks(nav[inner_start:end])
    if not entries or not all(entry.startswith("<li") for entry in entries):
        return None
    opening = nav[:inner_start]
    return Contents(tuple(cover), opening, _HEADING.sub("", opening, count=1), tuple(entries), nav[end:])


def where_sheets_end(
    weasyprint: Any, handbook: Any, contents: Contents, base_url: str, fetcher: Any, options: Mapping[str, Any], numbers: Mapping[str, int]
) -> list[tuple[int, int, int]]:
    """The pieces (first entry, end, sheets) whose sheets are the one document's."""
    from generator.render.pdf_parts import JOIN_SCHEME, anchor, carried_strings, carrying, part_html

    entry_of: dict[str, int] = {}
    for index, entry in enumerate(contents.entries):
        for target in _HREF.findall(entry):
            entry_of.setdefault(anchor(target), index)
    pieces: list[tuple[int, int, int]] = []
    first, batch = 0, BATCH
    while first < len(contents.entries):
        end = min(len(contents.entries), first + batch)
        html = part_html(handbook, contents.blocks(first, end), numbers)
        with carrying(carried_strings(handbook, ())):
            document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(**options)
        sheets = len(document.pages)
        if end == len(contents.entries):
            pieces.append((first, end, sheets))
            break
        on_sheet = [
            {
                entry_of[unquote(target[len(JOIN_SCHEME) :])]  # WeasyPrint %-encodes an id's accents in a URI
                for kind, target, _, _ in page.links
                if kind == "external" and target.startswith(JOIN_SCHEME) and unquote(target[len(JOIN_SCHEME) :]) in entry_of
            }
            for page in document.pages
        ]
        cut_at = None
        for sheet in range(sheets - 1, 0, -1):  # the last sheet that starts with an entry of its own
            if on_sheet[sheet] and min(on_sheet[sheet]) > first and min(on_sheet[sheet]) not in on_sheet[sheet - 1]:
                cut_at = sheet
                break
        if cut_at is None:  # no sheet of the batch ends where an entry does: a larger batch
            batch *= 2
            continue
        following = min(on_sheet[cut_at])
        pieces.append((first, following, cut_at))
        first = following
    return pieces
