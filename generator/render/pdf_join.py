"""Render (spike, issue 24): the handbook PDF laid out in parts on several cores and joined.

Not used by `mentorkit build` (benchmarks/handbook_chunks.py drives it; the
figures are in docs/performance.md). The handbook's HTML (render/pdf.py's
`render_handbook`) is cut between its top-level blocks: the front (cover and
contents) and the chapters, grouped into parts of about equal length. Each
part is laid out and written by WeasyPrint in a process of its own (tagged
PDF/UA-1, forms), so that memory is bounded by the part. What a part cannot
know is made exact afterwards:

- "Page N of M": each part's page-number margin box is taken out before it
  is written and drawn again at the join (pdf_stamp.py);
- the contents' page numbers: the front is laid out again last, with each
  chapter's first page (from the parts' anchors) as text;
- links to another part: written as `mkjoin:` URIs and made into links to
  the named destination at the join;
- the outline: built at the join from every part's bookmarks, as WeasyPrint
  builds it for one document;
- the structure tree, its ParentTree, the named destinations and the form
  fields of the parts are merged into one.
"""

from __future__ import annotations

import html as html_escape
import io
import multiprocessing
import os
import re
import resource
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, BinaryIO

import pikepdf

from generator.render.pdf_front import contents_of, where_sheets_end
from generator.render.pdf_stamp import PX, NumberBox
from generator.render.pdf_stream_join import join_streaming

JOIN_SCHEME = "mkjoin:"
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"))
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'href="#([^"]*)"')
_CONTENTS_LINK = re.compile(r'(<a\b[^>]*?)href="#([^"]*)"')
_COVER_TITLE = re.compile(r'class="cover-title"[^>]*>(.*?)</', re.S)
_CHAPTER_TITLE = re.compile(r'class="chapter-title"[^>]*>(.*?)</h1>', re.S)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Handbook:
    """The handbook's HTML cut at its top-level blocks."""

    head: str  # up to and with <body ...>
    front: tuple[str, ...]  # the cover and the contents
    chapters: tuple[str, ...]
    title: str  # the cover's title, which the running head shows


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


def cut(html: str) -> Handbook:
    body_start = html.index(">", html.index("<body")) + 1
    body_end = html.rindex("</body>")
    blocks = top_level_blocks(html[body_start:body_end])
    contents = next(i for i, block in enumerate(blocks) if "handbook-toc" in block[:200])
    title = _COVER_TITLE.search(html)
    return Handbook(html[:body_start], tuple(blocks[: contents + 1]), tuple(blocks[contents + 1 :]), _text(title.group(1)) if title else "")


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


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def _text(html: str) -> str:
    return html_escape.unescape(_TAGS.sub("", html)).strip()


def carried_strings(handbook: Handbook, before: tuple[str, ...]) -> dict[str, str]:
    """The running heads' named strings as the blocks `before` a part leave them, known by the
    classes handbook.css sets them on (a theme setting others would need more)."""
    strings = {"handbook-title": handbook.title}
    chapters = [m for block in before for m in _CHAPTER_TITLE.findall(block)]
    if chapters:
        strings["chapter"] = _text(chapters[-1])
    return strings


def part_html(handbook: Handbook, blocks: tuple[str, ...], numbers: Mapping[str, int] | None = None) -> str:
    """One part as a document: links to ids outside it become `mkjoin:` links; with `numbers`,
    the contents show them instead of target-counter()."""
    body = "\n".join(blocks)
    ids = set(_ID.findall(body))
    head = handbook.head
    if numbers is not None:
        body = _CONTENTS_LINK.sub(lambda m: f'{m.group(1)}data-mk-page="{numbers.get(m.group(2), "")}" href="#{m.group(2)}"', body)
        style = '.handbook-toc a::after { content: leader(".") " " attr(data-mk-page); }'
        head = head.replace("</head>", f"<style>{style}</style>\n</head>", 1)
    body = _HREF.sub(lambda m: m.group() if m.group(1) in ids else f'href="{JOIN_SCHEME}{m.group(1)}"', body)
    return f"{head}\n{body}\n</body>\n</html>\n"


def _carry(strings: Mapping[str, str]) -> None:
    """In a part's process: string() gives `strings` where no page of the part has set the name yet."""
    from weasyprint.layout import LayoutContext

    original = LayoutContext.get_string_or_element_for

    def carried(self: Any, store: Any, page: Any, name: str, keyword: str = "first") -> Any:
        found = original(self, store, page, name, keyword)
        if store is self.string_set and name in strings and not any(p <= self.current_page for p in store[name]):
            return (strings[name],)
        return found

    LayoutContext.get_string_or_element_for = carried


@dataclass
class Part:
    """What a process hands back for one part."""

    pdf: bytes | str  # the PDF, or the file it was written to (make_in_parts's spool)
    pages: int
    anchors: dict[str, int]  # id -> the part's page index it starts on
    bookmarks: list[list[tuple[int, str, tuple[float, float], str]]]  # per page, as WeasyPrint's Page.bookmarks
    numbers: list[NumberBox | None]  # per page
    fonts: dict[str, tuple[bytes, int]] = field(default_factory=dict)
    heights: list[float] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0

    def source(self) -> pikepdf.Pdf:
        """The part's PDF, opened."""
        return pikepdf.open(self.pdf if isinstance(self.pdf, str) else io.BytesIO(self.pdf))


_SPOOL: list[str] = []
"""The folder the processes write the parts' PDFs to, so that the main process holds none of them."""
_SERVED: dict[str, Any] = {}
"""The files WeasyPrint may fetch, set before the processes are forked (they inherit it)."""


def _number_box(page_box: Any) -> tuple[NumberBox, tuple[str, bytes, int]] | None:
    """Take out the margin box that shows counter(page) or counter(pages); where it stood."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.ffi import harfbuzz
    from weasyprint.text.fonts import get_hb_object_data, get_pango_font_hb_face

    for index, box in enumerate(page_box.children):
        if not isinstance(box, boxes.MarginBox):
            continue
        content = box.style["content"]
        if not isinstance(content, tuple) or not any(k == "counter()" and v[0] in ("page", "pages") for k, v in content):
            continue
        template: list[tuple[str, str]] = []
        for kind, value in content:
            if kind == "string":
                template.append(("text", value))
            elif kind == "counter()" and value[0] in ("page", "pages") and value[1] == "decimal":
                template.append((value[0], ""))
            else:
                raise NotImplementedError(f"page-number box content {kind} {value}")
        text = next(_text_boxes(box), None)
        page_box.children = [*page_box.children[:index], *page_box.children[index + 1 :]]
        if text is None:
            return None
        align = box.style["text_align_all"]
        align = {"end": "right", "start": "left", "justify": "left"}.get(align, align)
        edge = {
            "left": box.content_box_x(),
            "right": box.content_box_x() + box.width,
            "center": box.content_box_x() + box.width / 2,
        }[align]
        text.pango_layout.reactivate(text.style)
        run = text.pango_layout.get_first_line()[0].runs[0].data
        face = get_pango_font_hb_face(run.item.analysis.font)
        data = get_hb_object_data(face)
        key = f"{len(data)}-{hash(data[:4096])}"
        colour = text.style["color"]
        number = NumberBox(tuple(template), align, edge, text.position_y + text.baseline, text.style["font_size"], tuple(colour[:3]), key)
        return number, (key, data, harfbuzz.hb_face_get_index(face))
    return None


def _text_boxes(box: Any) -> Any:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child)


def lay_out_part(job: tuple[str, str, dict[str, Any], dict[str, str], bool]) -> Part:
    """In a process of its own (it changes WeasyPrint for the part): lay out one part, and write it
    unless `write` is false (the front's first pass, which only counts its pages)."""
    import weasyprint

    from generator.render.pdf import _fetcher, quick_page_references

    html, base_url, options, strings, write = job
    started, used = time.perf_counter(), time.process_time()
    quick_page_references()
    _carry(strings)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher(weasyprint, _SERVED)).render(**options)
    anchors: dict[str, int] = {}
    numbers: list[NumberBox | None] = []
    fonts: dict[str, tuple[bytes, int]] = {}
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, number)
        found = _number_box(page._page_box)
        numbers.append(found[0] if found else None)
        if found and found[1][0] not in fonts:
            fonts[found[1][0]] = found[1][1:]
    pdf: bytes | str = b""
    if write and _SPOOL:
        pdf = os.path.join(_SPOOL[0], f"part-{os.getpid()}-{time.monotonic_ns()}.pdf")
        document.write_pdf(pdf, **options)
    elif write:
        pdf = document.write_pdf(**options)
    return Part(
        pdf,
        len(document.pages),
        anchors,
        [list(page.bookmarks) for page in document.pages],
        numbers,
        fonts,
        [page.height for page in document.pages],
        time.perf_counter() - started,
        time.process_time() - used,
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


@dataclass
class Made:
    """The joined PDF and what it took."""

    pdf: bytes
    parts: list[Part]
    front_passes: int
    front_cpu: list[float]  # the first pass's (layout only), then each last piece's or pass's
    front_parts: int
    join_seconds: float
    wall: float


def make_in_parts(
    html: str,
    base_url: str,
    files: Mapping[str, bytes],
    options: Mapping[str, Any],
    parts: int,
    workers: int,
    streaming: bool = True,
    target: BinaryIO | None = None,
) -> Made:
    """The handbook `html` made as `parts` chapter parts and its front, on `workers` processes, joined:
    written to `target` if given (Made.pdf is then empty), else handed back as bytes."""
    started = time.perf_counter()
    handbook = cut(html)
    groups = group(handbook.chapters, parts)
    _SERVED.clear()
    _SERVED.update(files)
    spool = tempfile.mkdtemp(prefix="mentorkit-parts-")
    _SPOOL[:] = [spool]
    try:
        return _made(handbook, groups, base_url, options, workers, streaming, target, started)
    finally:
        _SPOOL.clear()
        shutil.rmtree(spool, ignore_errors=True)


def _made(
    handbook: Handbook,
    groups: list[tuple[str, ...]],
    base_url: str,
    options: Mapping[str, Any],
    workers: int,
    streaming: bool,
    target: BinaryIO | None,
    started: float,
) -> Made:
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, maxtasksperchild=1) as pool:
        guess = {i: 9999 for g in groups for block in g for i in _ID.findall(block)}
        contents = contents_of(handbook.front)
        if contents is not None:
            pieces_job = pool.apply_async(where_sheets_end, ((handbook, contents, base_url, dict(options), guess),))
        else:
            front_job = pool.apply_async(lay_out_part, ((part_html(handbook, handbook.front, guess), base_url, dict(options), {}, False),))
        jobs, before = [], handbook.front
        for blocks in groups:
            jobs.append((part_html(handbook, blocks), base_url, dict(options), carried_strings(handbook, before), True))
            before += blocks
        chapter_parts = pool.map(lay_out_part, jobs, chunksize=1)
        fronts: list[Part] = []
        if contents is not None:
            pieces, first_cpu, _ = pieces_job.get()
            numbers = _numbers_from(chapter_parts, sum(sheets for _, _, sheets in pieces))
            strings = carried_strings(handbook, ())
            piece_jobs = [
                (part_html(handbook, contents.blocks(i, j), numbers), base_url, dict(options), strings, True) for i, j, _ in pieces
            ]
            fronts = pool.map(lay_out_part, piece_jobs, chunksize=1)
            passes, front_cpu = 2, [first_cpu, *(f.cpu for f in fronts)]
            if [f.pages for f in fronts] != [sheets for _, _, sheets in pieces]:  # the numbers moved a sheet's end
                fronts = []
                front_job = pool.apply_async(
                    lay_out_part, ((part_html(handbook, handbook.front, numbers), base_url, dict(options), {}, False),)
                )
        if not fronts:
            front = front_job.get()
            passes, front_cpu = 1, [front.cpu]
            while True:  # the contents' numbers, until the front's own length stops changing them
                numbers = _numbers_from(chapter_parts, front.pages)
                front = pool.apply(lay_out_part, ((part_html(handbook, handbook.front, numbers), base_url, dict(options), {}, True),))
                passes += 1
                front_cpu.append(front.cpu)
                if numbers == _numbers_from(chapter_parts, front.pages):
                    break
            fronts = [front]
    joining = time.perf_counter()
    if streaming:
        buffer = target or io.BytesIO()
        join_streaming([*fronts, *chapter_parts], buffer)
        pdf = b"" if target else buffer.getvalue()  # type: ignore[attr-defined]
    else:
        from generator.render.pdf_memory_join import join

        pdf = join([*fronts, *chapter_parts])
        if target:
            target.write(pdf)
            pdf = b""
    ended = time.perf_counter()
    return Made(pdf, [*fronts, *chapter_parts], passes, front_cpu, len(fronts), ended - joining, ended - started)


def _numbers_from(chapter_parts: list[Part], front_sheets: int) -> dict[str, int]:
    """Each anchor's page number in the handbook, the front being `front_sheets` long."""
    numbers: dict[str, int] = {}
    page = front_sheets + 1
    for made in chapter_parts:
        for name, index in made.anchors.items():
            numbers.setdefault(name, page + index)
        page += made.pages
    return numbers


UNNAMED_FIELD = re.compile(r"unknown-\d+-(\d+)")


def outline_tree(parts: list[Part]) -> list[Any]:
    """The outline of the whole handbook from every page's bookmarks (WeasyPrint's own tree building):
    items (title, (page index, x, y), children, state)."""
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    roots: list[Any] = []
    skipped: list[int] = []
    last_by_depth: list[list[Any]] = [roots]
    previous = 0
    number = 0
    for part in parts:
        for bookmarks, height in zip(part.bookmarks, part.heights, strict=True):
            matrix = Matrix(a=PX, d=-PX, f=height * PX)
            previous = make_page_bookmark_tree(SimpleNamespace(bookmarks=bookmarks), skipped, last_by_depth, previous, number, matrix)
            number += 1
    return roots
