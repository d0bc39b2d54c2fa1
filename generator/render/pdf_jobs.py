"""Render: the build's PDFs, each made unless its file already holds it, spread over the cores.

Every form's PDF, each programme's summary and each language's handbook is
a job of its own (processes.map_each: one process a core, the main process
only waits). A big handbook is made in parts (pdf_parts.py), in three
rounds, so that no process holds the whole handbook's layout:

1. its chapters in groups of about `PART_SIZE` characters of HTML, and its
   contents laid out once only to learn where their sheets end, on every
   core, beside the other PDFs;
2. the front (cover and contents) in pieces of whole sheets, the
   contents now giving each chapter's first page;
3. the parts joined in the main process (pdf_join.py).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import io
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from generator.errors import MentorkitError, Problem, problem_reading
from generator.load.theme_words import MissingWord
from generator.load.themes import builtin_themes_dir
from generator.model.outputs import GLANCE_TEMPLATE, Output, glance_url
from generator.model.types import Site
from generator.processes import map_each
from generator.render.context import page_context, page_template_context
from generator.render.pdf import PdfMaker, anchor_id, handbook_fingerprint, too_deep, too_deep_to_print
from generator.render.pdf_front import Contents, contents_of, where_sheets_end
from generator.render.pdf_parts import (
    CannotCut,
    Handbook,
    Part,
    PartUnwritten,
    carried_strings,
    cut,
    group,
    guessed_numbers,
    lay_out_part,
    numbers_from,
    part_html,
    weasyprint_can_cut,
)
from generator.render.pdf_spool import FULL_HINT, spool
from generator.render.template_errors import raised_by_user_template, template_problem

if TYPE_CHECKING:
    from generator.render.site import Rendered, Reuse, Sink

HANDBOOK_TEMPLATES = ("handbook.html", "handbook-chapter.html")
HANDBOOK_STYLES = ("theme/style.css", "theme/handbook.css")
PART_SIZE = 600_000
"""Characters of handbook HTML a part holds at most: some 75 pages, which WeasyPrint lays out in about 300 MB."""
LEAST_SIZE = 2_000_000
"""Characters of chapters from which a handbook is made in parts: below, each process's start (stylesheets,
fonts), the front laid out twice and the join cost more than the parts gain."""
LEAST_PARTS = 4
"""Parts at the least, so that two cores stay busy while the parts differ in length."""
CANNOT_CUT = "cannot be made in parts"
"""A part's problem that only says the handbook is to be made whole (pdf_parts.CannotCut): never shown."""


@dataclass
class HandbookPdf:
    """A language's handbook, to be made (as one document when called)."""

    maker: PdfMaker
    site: Site

    def __call__(self) -> bytes:
        return self.maker.handbook(self.site)


@dataclass
class InParts:
    """A handbook being made in parts: what is cut, and what each round gave."""

    path: str
    whole: HandbookPdf  # what makes it as one document, should a part find it cannot be cut after all
    handbook: Handbook
    groups: list[tuple[str, ...]]
    contents: Contents | None
    options: dict[str, Any]
    chapter_parts: list[Part] = field(default_factory=list)
    pieces: list[tuple[int, int, int]] = field(default_factory=list)  # the front's: first entry, end, sheets
    front_sheets: int = 0  # the front as laid out whole, when it is not in pieces
    fronts: list[Part] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    cannot_cut: bool = False


def render_pdfs(
    sites: tuple[Site, ...],
    pdfs: Mapping[str, Output],
    env: jinja2.Environment,
    project: Path,
    stamp: datetime.datetime | None,
    files: Mapping[str, bytes],
    rendered: Rendered,
    produce: Callable[..., None],
    sink: Sink,
    reuse: Reuse | None,
    on_pdf: Callable[[int, int, str], None],
) -> list[Problem]:
    """Each PDF, from the HTML of the page it prints (whose fingerprint it takes on) and the files it shows.
    Those not already as their inputs say are made, the handbooks first as
    they take longest. A page too deep to print is a problem, and so is each
    PDF that fails for another reason; the other PDFs are still made, to
    find theirs."""
    maker = PdfMaker(env, files, stamp)
    shown = tuple(sorted(files.items()))
    problems: list[Problem] = []
    deep = {(index, page.url): found for index, site in enumerate(sites) for page in site.pages if (found := too_deep(page))}
    problems.extend(deep.values())
    later: list[tuple[str, Callable[[], bytes | str]]] = []
    sources: dict[str, str] = {}
    ordered = sorted(pdfs.items(), key=lambda entry: entry[1].kind != "handbook_pdf")
    for path, output in ordered:
        site = sites[output.site]
        if output.kind == "handbook_pdf":
            if any(index == output.site for index, _ in deep):
                continue
            handbook = handbook_fingerprint(site, reuse.context, maker.today) if reuse is not None else None
            inputs: dict[str, object] = {"handbook": handbook, "files": shown, "stamp": stamp}
            produce(path, inputs, HandbookPdf(maker, site), templates=HANDBOOK_TEMPLATES, later=later)
            sources[path] = path
        else:
            assert output.page is not None
            if (output.site, output.page) in deep:
                continue
            page = site.by_url[output.page]
            if page.form is not None:
                template, context, url = page.template, page_template_context(site, page, page.template, pdf=True), page.url
            else:
                template, context, url = GLANCE_TEMPLATE, page_context(site, page, pdf=True), glance_url(page)
            printing = reuse.context(template, context) if reuse is not None else None
            inputs = {"page": printing, "files": shown, "stamp": stamp}
            make = functools.partial(maker.printed, template, context, url, page.form is not None)
            produce(path, inputs, make, later=later)
            sources[path] = page.source
    jobs = _Jobs(maker, project, sources, lambda: why_whole(env, files))
    for path, maker_of_path in later:
        jobs.add(path, maker_of_path)
    for path, data, failed in jobs.run(on_pdf):
        if data is not None:
            sink(path, data)
            rendered.made.append(path)
        problems.extend(failed)
    return problems


def builtin_handbook(env: jinja2.Environment, files: Mapping[str, bytes]) -> bool:
    """Whether the handbook's templates and stylesheets are the built-in theme's, which pdf_parts.py knows how to cut."""
    default = builtin_themes_dir() / "default"
    for name in HANDBOOK_TEMPLATES:
        try:
            filename = env.get_template(name).filename
        except jinja2.TemplateError:
            return False
        if filename is None or Path(filename).resolve().parent != (default / "templates").resolve():
            return False
    return all(files.get(name) == (default / "static" / Path(name).name).read_bytes() for name in HANDBOOK_STYLES)


def why_whole(env: jinja2.Environment, files: Mapping[str, bytes]) -> str | None:
    """Why a big handbook is made as one document whatever its pages hold, or None if it can be made in parts."""
    if not builtin_handbook(env, files):
        return "the theme has its own handbook templates or stylesheets, which the parts cannot be sure to follow"
    if not weasyprint_can_cut():
        return "the WeasyPrint installed lacks what laying it out in parts needs, or pikepdf is not installed: pip install 'mentorkit[pdf]'"
    return None


Made = tuple[str, bytes | None, list[Problem]]


class _Jobs:
    """The PDFs to make, and the rounds that make them."""

    def __init__(self, maker: PdfMaker, project: Path, sources: Mapping[str, str], why_whole: Callable[[], str | None]) -> None:
        self.maker = maker
        self.project = project
        self.sources = sources
        self.why_whole = why_whole
        self.whole_because: dict[str, str] = {}  # a big handbook made as one document: why, to be told
        self.whole: list[tuple[str, Callable[[], bytes | str]]] = []
        self.in_parts: list[InParts] = []
        self.spool = ""

    def add(self, path: str, make: Callable[[], bytes | str]) -> None:
        if isinstance(make, HandbookPdf) and sum(len(page.body_html) for page in make.site.pages) >= LEAST_SIZE / 2:
            parts = self._in_parts(path, make)
            if parts is not None:
                self.in_parts.append(parts)
                return
        self.whole.append((path, make))

    def _in_parts(self, path: str, make: HandbookPdf) -> InParts | None:
        """The handbook cut into parts, or None if it is to be made whole (too small, or not cut exactly)."""
        try:
            html, options = self.maker.prepared(self.maker.handbook_html(make.site), forms=True)
        except Exception:  # a template's mistake: made whole, to be told as any other PDF's
            return None
        handbook = cut(html, {anchor_id(page.url): page.source for page in make.site.pages})
        if isinstance(handbook, str):
            if sum(len(page.body_html) for page in make.site.pages) >= LEAST_SIZE:
                self.whole_because[path] = self.why_whole() or handbook  # a theme's own handbook.html: that first
            return None
        size = sum(len(chapter) for chapter in handbook.chapters)
        if size < LEAST_SIZE:
            return None
        if (why := self.why_whole()) is not None:
            self.whole_because[path] = why
            return None
        parts = max(LEAST_PARTS, -(-size // PART_SIZE))
        return InParts(path, make, handbook, group(handbook.chapters, parts), contents_of(handbook.front), options)

    def run(self, on_pdf: Callable[[int, int, str], None]) -> list[Made]:
        total = len(self.whole) + len(self.in_parts)
        on_pdf(0, total, "")
        with contextlib.ExitStack() as stack:
            if self.in_parts:
                try:
                    self.spool = stack.enter_context(spool())
                except OSError as exc:  # no temporary folder to write to (TMPDIR missing, read-only, full)
                    for handbook in reversed(self.in_parts):
                        self.whole.insert(0, (handbook.path, handbook.whole))
                        self.whole_because[handbook.path] = f"no temporary folder takes its parts ({exc}); {FULL_HINT}"
                    self.in_parts = []
            for path, why in self.whole_because.items():
                on_pdf(0, total, f"{path} is made as one document, which takes longer and more memory: {why}")
            made = self._first_round(on_pdf, total)
            if self.in_parts:
                self._front_round()
            for number, handbook in enumerate(self.in_parts, start=len(self.whole) + 1):
                made.append(self._joined(handbook, on_pdf, number, total))
                on_pdf(number, total, handbook.path)
            return made

    def _first_round(self, on_pdf: Callable[[int, int, str], None], total: int) -> list[Made]:
        """The handbooks' chapter parts and their contents' sheets, then the other PDFs, on every core."""
        items: list[tuple[str, int, int]] = []
        for number, handbook in enumerate(self.in_parts):
            items.append(("sheets", number, 0))
            items += [("part", number, index) for index in range(len(handbook.groups))]
        items += [("pdf", index, 0) for index in range(len(self.whole))]
        done = [0]

        def heard(index: int) -> None:
            kind, number, part = items[index]
            if kind == "pdf":
                done[0] += 1
                on_pdf(done[0], total, self.whole[number][0])
            elif kind == "part":
                handbook = self.in_parts[number]
                on_pdf(done[0], total, f"{handbook.path} (part {part + 1} of {len(handbook.groups)})")

        made: list[Made] = []
        for (kind, number, _), result in zip(items, map_each(_run_first, self, items, heard), strict=True):
            if kind == "pdf":
                made.append(result)
                continue
            handbook = self.in_parts[number]
            if isinstance(result, list) and result and isinstance(result[0], Problem):
                handbook.problems.extend(result)
                handbook.cannot_cut |= any(problem.message == CANNOT_CUT for problem in result)
            elif kind == "sheets" and isinstance(result, int):
                handbook.front_sheets = result
            elif kind == "sheets":
                handbook.pieces = result
            else:
                handbook.chapter_parts.append(result)
        return made

    def _front_round(self) -> None:
        """Each handbook's front in its pieces, giving the chapters' first pages, on every core."""
        items = [
            (number, piece)
            for number, handbook in enumerate(self.in_parts)
            if not handbook.problems
            for piece in range(len(handbook.pieces))
        ]
        results = map_each(_run_front, self, items) if items else []
        for (number, _), result in zip(items, results, strict=True):
            handbook = self.in_parts[number]
            if isinstance(result, list):
                handbook.problems.extend(result)
                handbook.cannot_cut |= any(problem.message == CANNOT_CUT for problem in result)
            else:
                handbook.fronts.append(result)
        for handbook in self.in_parts:
            if handbook.problems:
                continue
            if not handbook.pieces or [f.pages for f in handbook.fronts] != [sheets for _, _, sheets in handbook.pieces]:
                self._front_whole(handbook)  # the numbers moved a sheet's end, or the contents are not in pieces

    def _front_whole(self, handbook: InParts) -> None:
        """The front as one part, laid out again until its own length stops changing the contents' numbers."""
        sheets = handbook.front_sheets or sum(f.pages for f in handbook.fronts)
        while True:
            numbers = numbers_from(handbook.chapter_parts, sheets)
            found = self.lay_out(handbook, handbook.handbook.front, numbers, {}, write=True)
            if isinstance(found, list):
                handbook.problems.extend(found)
                handbook.cannot_cut |= any(problem.message == CANNOT_CUT for problem in found)
                return
            if found.pages == sheets:
                handbook.fronts = [found]
                return
            sheets = found.pages

    def _joined(self, handbook: InParts, on_pdf: Callable[[int, int, str], None], number: int, total: int) -> Made:
        if handbook.cannot_cut:
            on_pdf(number - 1, total, f"{handbook.path} is made again as one document: its parts did not lay out as the whole would")
            return _made_whole(self, handbook.path, handbook.whole)
        if handbook.problems:
            return handbook.path, None, handbook.problems
        from generator.render.pdf_join import join

        out = io.BytesIO()
        join([*handbook.fronts, *handbook.chapter_parts], out)
        return handbook.path, out.getvalue(), []

    def lay_out(
        self, handbook: InParts, blocks: tuple[str, ...], numbers: Mapping[str, int] | None, strings: Mapping[str, str], write: bool
    ) -> Part | list[Problem]:
        """One part of `handbook`, or the problems that stopped it."""
        html = part_html(handbook.handbook, blocks, numbers)
        try:
            return lay_out_part(
                self.maker.weasyprint,
                html,
                self.maker.base_url("handbook.html"),
                self.maker.fetcher,
                handbook.options,
                strings,
                self.spool if write else None,
            )
        except CannotCut:
            return [Problem(handbook.path, None, CANNOT_CUT)]
        except PartUnwritten as exc:
            where = os.path.dirname(self.spool)
            return [Problem(handbook.path, None, f"its parts could not be written to the temporary folder {where}: {exc}", FULL_HINT)]
        except RecursionError:  # as PdfMaker says it of a document made whole
            return [problem_reading(handbook.path, too_deep_to_print())]
        except Exception as exc:
            return self.failed(handbook.path, exc)

    def failed(self, path: str, exc: Exception) -> list[Problem]:
        """What went wrong making `path`, as the user's problem."""
        if isinstance(exc, MentorkitError):
            return list(exc.problems)
        if isinstance(exc, jinja2.TemplateError | MissingWord | RecursionError) or raised_by_user_template(exc, self.project):
            return [template_problem(exc, self.project, path)]
        return [problem_reading(self.sources.get(path, path), exc)]


def _run_first(jobs: _Jobs, items: list[tuple[str, int, int]]) -> list[Any]:
    """In a worker: a PDF made whole, a handbook's chapter part, or where its contents' sheets end."""
    found: list[Any] = []
    for kind, number, index in items:
        if kind == "pdf":
            found.append(_made_whole(jobs, *jobs.whole[number]))
            continue
        handbook = jobs.in_parts[number]
        if kind == "part":
            before = handbook.handbook.front + tuple(c for g in handbook.groups[:index] for c in g)
            strings = carried_strings(handbook.handbook, before)
            found.append(jobs.lay_out(handbook, handbook.groups[index], None, strings, write=True))
        elif handbook.contents is not None:
            try:
                found.append(
                    where_sheets_end(
                        jobs.maker.weasyprint,
                        handbook.handbook,
                        handbook.contents,
                        jobs.maker.base_url("handbook.html"),
                        jobs.maker.fetcher,
                        handbook.options,
                        guessed_numbers(handbook.groups),
                    )
                )
            except Exception as exc:
                found.append(jobs.failed(handbook.path, exc))
        else:
            front = jobs.lay_out(handbook, handbook.handbook.front, guessed_numbers(handbook.groups), {}, write=False)
            found.append(front if isinstance(front, list) else front.pages)
    return found


def _run_front(jobs: _Jobs, items: list[tuple[int, int]]) -> list[Part | list[Problem]]:
    """In a worker: a piece of a handbook's front, its contents giving the chapters' first pages."""
    found: list[Part | list[Problem]] = []
    for number, piece in items:
        handbook = jobs.in_parts[number]
        first, end, _ = handbook.pieces[piece]
        numbers = numbers_from(handbook.chapter_parts, sum(sheets for _, _, sheets in handbook.pieces))
        assert handbook.contents is not None
        strings = carried_strings(handbook.handbook, ())
        found.append(jobs.lay_out(handbook, handbook.contents.blocks(first, end), numbers, strings, write=True))
    return found


def _made_whole(jobs: _Jobs, path: str, make: Callable[[], bytes | str]) -> Made:
    """One PDF made as one document: its bytes, or the problems that stopped it."""
    try:
        data = make()
    except Exception as exc:  # WeasyPrint failing on what a page holds, or a template's mistake: that page's problem
        return path, None, jobs.failed(path, exc)
    return path, data.encode("utf-8") if isinstance(data, str) else data, []


__all__ = ["HANDBOOK_TEMPLATES", "CannotCut", "HandbookPdf", "builtin_handbook", "render_pdfs"]
