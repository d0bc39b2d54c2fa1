"""Render: the handbook's HTML cut into parts that WeasyPrint lays out apart.

A big handbook laid out as one document holds every page's boxes at once
(2.8 GB for 3,000 sheets) on one core. Cut between the top-level blocks of
its body, the front (cover and contents) and groups of whole chapters, each
part is laid out and written in a process of its own; pdf_join.py then
joins them. What a part cannot know is made exact around it:

- "Page N of M": the margin box showing `counter(page)` or `counter(pages)`
  is taken out of each laid-out page before writing, with where it stood
  and its font (pdf_numbers.py); the join draws the text again (pdf_stamp.py);
- the contents' numbers: the front is laid out last, its links carrying
  each chapter's first page as text (`data-page`, which handbook.css
  shows in place of `target-counter()`);
- links to another part: written as `mkjoin:` URIs (WeasyPrint drops a
  link to an id its document lacks), made into named destinations at the
  join;
- the running heads: a part starts with the named strings the parts before
  it left (`carried_strings`).

This is exact only for the handbook the built-in templates and stylesheets
make: every chapter starts a sheet, and the running heads' strings are set
by known classes. `cut` and `weasyprint_can_cut` say when that holds; otherwise the handbook
is made as one document, and the build says why.
"""

from __future__ import annotations

import contextlib
import errno
import html as html_escape
import os
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

JOIN_SCHEME = "mkjoin:"
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"))
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'href="#([^"]*)"')
_ANCHOR = re.compile(r"""\b(?:id|name)=(?:"([^"]*)"|'([^']*)')""")
_CONTENTS_LINK = re.compile(r'(<a\b[^>]*?)href="#([^"]*)"')
_COVER_TITLE = re.compile(r'class="cover-title"[^>]*>(.*?)</', re.S)
_CHAPTER_TITLE = re.compile(r'class="chapter-title"[^>]*>(.*?)</h1>', re.S)
_TAGS = re.compile(r"<[^>]+>")
_CHAPTER_START = re.compile(r'<section class="(?:chapter|chapter form-chapter|appendix-title)" id="[^"]*">')
_STYLE_IN_CHAPTERS = re.compile(
    r"<(?:style|link|base)\b|string-set|@page|counter-(?:reset|increment|set)|\bposition\s*:\s*(?:fixed|running)"
    r"|break-(?:before|after)\s*:\s*(?:left|right|recto|verso)|float\s*:\s*footnote",
    re.I,
)
"""What a chapter's own HTML (a page's raw HTML) could hold to reach past its part (a stylesheet styles the
whole document, and WeasyPrint takes the first <base> wherever it stands): one document then.
(A break to a left or right sheet depends on the sheet's number in the whole handbook; footnotes are
numbered through it.)"""


@dataclass(frozen=True, slots=True)
class Handbook:
    """The handbook's HTML cut at its top-level blocks."""

    head: str  # up to and with <body ...>
    front: tuple[str, ...]  # the cover and the contents
    chapters: tuple[str, ...]
    title: str  # the cover's title, which the running head shows
    anchors: frozenset[str] = frozenset()  # every id and name in it (as WeasyPrint reads them): what a link can lead to


def top_level_blocks(body: str) -> list[str]:
    """The elements directly inside <body>, each as its HTML (text between them is dropped)."""
    blocks, depth, start = [], 0, 0
    for match in _TAG.finditer(body):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            if depth == 0:
                blocks.append(match.group())
            continue
        if not closing:
            if depth == 0:
                start = match.start()
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                blocks.append(body[start : match.end()])
    return blocks


NOT_SHAPED = "its HTML is not shaped as the built-in handbook.html makes it"


def cut(html: str, sources: Mapping[str, str]) -> Handbook | str:
    """The handbook cut into its front and chapters, or why it cannot be: it is not shaped as handbook.html
    makes it (each chapter a section starting a sheet, and nothing but whitespace between the blocks), a
    chapter's own HTML reaches past it (the page is named from `sources`, chapter id to source), or two of its
    blocks share an id."""
    body_start = html.find(">", html.find("<body")) + 1
    body_end = html.rfind("</body>")
    if body_start <= 0 or body_end < body_start:
        return NOT_SHAPED
    body = html[body_start:body_end]
    blocks = top_level_blocks(body)
    position = 0
    for block in blocks:
        start = body.index(block, position)
        if body[position:start].strip():
            return NOT_SHAPED  # text outside the blocks, which a part would lose
        position = start + len(block)
    if body[position:].strip():
        return NOT_SHAPED
    contents = next((i for i, block in enumerate(blocks) if block.startswith('<nav class="handbook-toc"')), None)
    if contents is None:
        return NOT_SHAPED
    chapters = tuple(blocks[contents + 1 :])
    if not chapters or not all(_CHAPTER_START.match(chapter) for chapter in chapters):
        return NOT_SHAPED
    for chapter in chapters:
        if found := _STYLE_IN_CHAPTERS.search(chapter):
            chapter_id = _chapter_id(chapter)
            return f"{sources.get(chapter_id, '#' + chapter_id)} holds '{found.group()}', which reaches past its own pages"
    if shared := _shared_id(blocks):
        # the one document numbers and links the first of the two, which a part without it cannot tell
        return f"two of its blocks hold the id '{shared}'"
    title = _COVER_TITLE.search(html)
    anchors = frozenset(html_escape.unescape(double or single) for double, single in _ANCHOR.findall(body))
    return Handbook(html[:body_start], tuple(blocks[: contents + 1]), chapters, _text(title.group(1)) if title else "", anchors)


def _chapter_id(chapter: str) -> str:
    found = _ID.search(chapter)
    return str(found.group(1)) if found else ""


def _shared_id(blocks: list[str]) -> str | None:
    """An id two blocks hold (two pages' chapters or headings, in a project's own handbook.html)."""
    seen: set[str] = set()
    for block in blocks:
        ids: set[str] = set(_ID.findall(block))
        if shared := ids & seen:
            return min(shared)
        seen |= ids
    return None


def group(chapters: tuple[str, ...], parts: int) -> list[tuple[str, ...]]:
    """Consecutive chapters in `parts` groups of about equal HTML length."""
    total = sum(len(c) for c in chapters)
    groups: list[list[str]] = [[]]
    done = 0
    for chapter in chapters:
        if groups[-1] and done >= total * len(groups) / parts and len(groups) < parts:
            groups.append([])
        groups[-1].append(chapter)
        done += len(chapter)
    return [tuple(g) for g in groups]


def _text(html: str) -> str:
    return html_escape.unescape(_TAGS.sub("", html)).strip()


def carried_strings(handbook: Handbook, before: tuple[str, ...]) -> dict[str, str]:
    """The running heads' named strings as the blocks `before` a part leave them, known by the
    classes handbook.css sets them on (`cover-title`, `chapter-title`)."""
    strings = {"handbook-title": handbook.title}
    chapters = [m for block in before for m in _CHAPTER_TITLE.findall(block)]
    if chapters:
        strings["chapter"] = _text(chapters[-1])
    return strings


def anchor(href: str) -> str:
    """The id a link's `#...` leads to, as WeasyPrint reads it: `guide-q&amp;a` is `guide-q&a`, `%C3%A9` is `é`."""
    return unquote(html_escape.unescape(href))


def part_html(handbook: Handbook, blocks: tuple[str, ...], numbers: Mapping[str, int] | None = None) -> str:
    """One part as a document: links to ids outside it (in another part) become `mkjoin:` links; with `numbers`,
    the contents' links carry the page each leads to (handbook.css shows `data-page`)."""
    body = "\n".join(blocks)
    ids = set(_ID.findall(body))
    if numbers is not None:
        body = _CONTENTS_LINK.sub(lambda m: f'{m.group(1)}data-page="{numbers.get(anchor(m.group(2)), "")}" href="#{m.group(2)}"', body)

    def across(link: re.Match[str]) -> str:
        target = link.group(1)
        if target in ids or anchor(target) not in handbook.anchors:  # here, or nowhere: WeasyPrint drops it, as from the whole
            return link.group()
        return f'href="{JOIN_SCHEME}{target}"'

    body = _HREF.sub(across, body)
    return f"{handbook.head}\n{body}\n</body>\n</html>\n"


_CARRIED: dict[str, str] = {}
"""The strings the part being laid out starts with (set by `carrying`)."""


@contextlib.contextmanager
def carrying(strings: Mapping[str, str]) -> Iterator[None]:
    """While laid out: string() gives `strings` where no page of the part has set the name yet.
    WeasyPrint re-applies a `string-set` on <html> on every page, so they cannot be given in CSS."""
    from weasyprint.layout import LayoutContext

    original = LayoutContext.get_string_or_element_for

    def carried(self: Any, store: Any, page: Any, name: str, keyword: str = "first") -> Any:
        found = original(self, store, page, name, keyword)
        if store is self.string_set and name in _CARRIED and not any(p <= self.current_page for p in store[name]):
            return (_CARRIED[name],)
        return found

    _CARRIED.clear()
    _CARRIED.update(strings)
    LayoutContext.get_string_or_element_for = carried
    try:
        yield
    finally:
        LayoutContext.get_string_or_element_for = original
        _CARRIED.clear()


@dataclass
class Part:
    """What laying out one part hands back to the join."""

    pdf: str  # the file its PDF was written to (empty: laid out only, to count its sheets)
    pages: int
    anchors: dict[str, int]  # id -> the part's page index it starts on
    bookmarks: list[list[tuple[int, str, tuple[float, float], str]]]  # per page, as WeasyPrint's Page.bookmarks
    numbers: list[Any]  # per page: a pdf_stamp.NumberBox, or None
    fonts: dict[str, tuple[bytes, int]] = field(default_factory=dict)  # the numbers' font files, by key
    heights: list[float] = field(default_factory=list)

    def source(self) -> Any:
        """The part's PDF, opened with pikepdf."""
        import pikepdf

        return pikepdf.open(self.pdf)


def lay_out_part(
    weasyprint: Any, html: str, base_url: str, fetcher: Any, options: Mapping[str, Any], strings: Mapping[str, str], spool: str | None
) -> Part:
    """Lay out one part, and write its PDF into the `spool` folder (None: only count its sheets)."""
    from generator.gc_pause import cyclic_gc_running
    from generator.render.pdf_numbers import number_box

    with carrying(strings):
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(**options)
    anchors: dict[str, int] = {}
    numbers: list[Any] = []
    fonts: dict[str, tuple[bytes, int]] = {}
    nominal: dict[str, dict[int, int]] = {}
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
        found = number_box(page._page_box, nominal)
        numbers.append(found[0] if found else None)
        if found and found[1][0] not in fonts:
            fonts[found[1][0]] = found[1][1:]
    pdf = ""
    if spool is not None:
        pdf = os.path.join(spool, f"part-{os.getpid()}-{time.monotonic_ns()}.pdf")
        try:
            with cyclic_gc_running():
                document.write_pdf(pdf, **options)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT) and exc.filename != pdf:
                raise
            raise PartUnwritten(exc.strerror or str(exc)) from None
    return Part(
        pdf,
        len(document.pages),
        anchors,
        [list(page.bookmarks) for page in document.pages],
        numbers,
        fonts,
        [page.height for page in document.pages],
    )


def weasyprint_can_cut() -> bool:
    """Whether the WeasyPrint installed has the internals the parts reach into (70 has), and pikepdf is there."""
    import importlib
    import inspect

    wanted = {
        "weasyprint.layout": ("LayoutContext",),
        "weasyprint.formatting_structure.boxes": ("MarginBox", "TextBox"),
        "weasyprint.text.fonts": ("get_pango_font_hb_face", "get_hb_object_data"),
        "weasyprint.text.ffi": ("harfbuzz", "ffi"),
        "weasyprint.anchors": ("make_page_bookmark_tree",),
        "weasyprint.matrix": ("Matrix",),
    }
    try:
        importlib.import_module("pikepdf")
        modules = {name: importlib.import_module(name) for name in wanted}
        if not all(hasattr(modules[name], attribute) for name, attributes in wanted.items() for attribute in attributes):
            return False
        strings = inspect.signature(modules["weasyprint.layout"].LayoutContext.get_string_or_element_for)
        return list(strings.parameters) == ["self", "store", "page", "name", "keyword"]
    except (ImportError, AttributeError, ValueError, TypeError):
        return False


class CannotCut(Exception):
    """The handbook cannot be made exact in parts (it is then made as one document)."""


class PartUnwritten(Exception):
    """A part's PDF could not be written to the spool folder (the temporary folder is full, say): why."""


def numbers_from(chapter_parts: list[Part], front_sheets: int) -> dict[str, int]:
    """Each anchor's page number in the handbook, the front being `front_sheets` long."""
    numbers: dict[str, int] = {}
    page = front_sheets + 1
    for made in chapter_parts:
        for name, index in made.anchors.items():
            numbers.setdefault(name, page + index)
        page += made.pages
    return numbers


def guessed_numbers(groups: list[tuple[str, ...]]) -> dict[str, int]:
    """Numbers of the widest width likely, standing in while the real ones are not known."""
    return {html_escape.unescape(name): 9999 for blocks in groups for block in blocks for name in _ID.findall(block)}  # as anchor() reads
