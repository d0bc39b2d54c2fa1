"""Render: every file of the output list, made from the model and handed to a sink.

What to make comes from model/outputs.py. Pages render over several
processes when there are many (generator/processes.py), each file handed to
`sink` by the process that made it. Given `reuse` (the orchestrator passes
the build cache's), every output's fingerprint is taken from the very inputs
it is made from, its template's context above all, and an output whose file
already holds that fingerprint is handed to `keep` instead of being made.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol, cast

import jinja2

from generator.errors import MentorkitError, Problem
from generator.load.theme_words import MissingWord
from generator.load.themes import Theme
from generator.model.outputs import APP_ICON, GLANCE_TEMPLATE, LANGUAGE_CHOICE, Output, calendar_url, glance_url
from generator.model.types import Page, Site
from generator.processes import map_chunks
from generator.render.calendar import programme_calendar
from generator.render.context import (
    PageContext,
    complete,
    language_choice_context,
    not_found_context,
    page_template_context,
    records_context,
    sitemap,
)
from generator.render.gather import gather_context
from generator.render.nav_html import NavMemo
from generator.render.offline import app_icon, service_worker, web_manifest
from generator.render.print_pages import (
    PRINT_TEMPLATES,
    Chapters,
    PrintPlan,
    chapter_context,
    print_inputs,
    print_plan,
    render_chapter,
    render_print_page,
    wanted_chapters,
)
from generator.render.search import page_entry, reading_order, search_index
from generator.render.template_errors import raised_by_user_template, template_problem

ALWAYS_USED = ("page.html", "404.html")
"""Templates that every build renders (nearly every handbook has a plain page)."""

Sink = Callable[[str, bytes], None]
"""Where a made file goes: `sink(path, data)`. Called from worker processes too."""


class Reuse(Protocol):
    """What rendering asks of the build cache (see incremental/fingerprints.py)."""

    def of(self, kind: str, inputs: Mapping[str, Any], templates: Iterable[str] = ()) -> str: ...

    def context(self, template: str, context: Mapping[str, Any]) -> str: ...

    def current(self, path: str, fingerprint: str) -> bool: ...

    def value(self, value: object) -> str: ...

    def remember(self, value: object, digest: str) -> None: ...


@dataclass
class Rendered:
    """What rendering did with each output of the list."""

    made: list[str] = field(default_factory=list)
    """Handed to the sink."""
    kept: list[str] = field(default_factory=list)
    """Already in the output folder, made from the same inputs."""
    fingerprints: dict[str, str] = field(default_factory=dict)
    """Every output's, when rendering with `reuse`."""
    chapters: dict[str, str] = field(default_factory=dict)
    """With `reuse`, the print pages' chapters by fingerprint: for the next build's `chapters_before`."""


def _discard(path: str, data: bytes) -> None:
    """A sink for rendering that only checks the templates (`mentorkit check`)."""


@dataclass(frozen=True)
class _Shared:
    """What every chunk of pages is rendered with; a forked worker changes only its own copy of `memo` and `reuse`."""

    sites: tuple[Site, ...]
    env: jinja2.Environment
    project: Path
    stamp: datetime.datetime | None
    outputs: Mapping[str, Output]
    entries: Mapping[str, str]
    sink: Sink
    keep: Callable[[str], None]
    reuse: Reuse | None
    memo: NavMemo
    chapters: Mapping[tuple[int, str], tuple[str, ...]]
    """The templates each page (site index, URL) is printed with as a chapter of a print page."""
    chapters_before: Mapping[str, str]
    """Chapters made by the last build, by fingerprint."""


@dataclass(frozen=True, slots=True)
class PageResult:
    """What rendering a page did."""

    files: list[tuple[str, str | None, bool]]
    """For each of its files: its path, fingerprint and whether it was made."""
    problems: list[Problem]
    """The template problems met."""
    entry_key: str | None
    """The key of its search entry (with `reuse`)."""
    entry: str | None
    """The entry, when it had to be made."""
    chapters: list[tuple[str, str | None, str | None]]
    """Its print chapters: template, fingerprint (with `reuse`), and the HTML unless the last build made it."""
    digest: str | None
    """With `reuse`, the page's own description, for the main process to reuse (see render_site)."""


def _page_files(
    shared: _Shared, site: Site, page: Page
) -> list[tuple[str, str | None, Callable[[], bytes | str | None], Mapping[str, Any]]]:
    """Each file the page makes: path, template, how to make it, and the inputs it is made from."""
    env, memo = shared.env, shared.memo
    files: list[tuple[str, str | None, Callable[[], bytes | str | None], Mapping[str, Any]]] = []
    for path in (page.url, glance_url(page), calendar_url(page)):
        output = shared.outputs.get(path)
        if output is None or output.page != page.url:
            continue
        if output.kind == "calendar":
            assert page.programme is not None
            make = functools.partial(
                programme_calendar, page, page.programme, site.config.title, site.config.base_url, shared.stamp, site.words
            )
            files.append((path, None, make, {"arguments": make.args}))  # what it is made from, as it is called
        else:
            name = GLANCE_TEMPLATE if output.kind == "glance" else page.template
            context = page_template_context(site, page, name, memo=memo, later=True)
            files.append((path, name, functools.partial(_render_template, env, name, context), context))
    return files


def _render_template(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    if "content" in context:
        context = complete(cast(PageContext, context))
    return env.get_template(name).render(context)


def _render_pages(shared: _Shared, pages: list[tuple[int, Page]]) -> list[PageResult]:
    results: list[PageResult] = []
    for index, page in pages:
        site = shared.sites[index]
        done: list[tuple[str, str | None, bool]] = []
        problems: list[Problem] = []
        for path, template, make, inputs in _page_files(shared, site, page):
            fingerprint = None
            if shared.reuse is not None:
                fingerprint = shared.reuse.context(template, inputs) if template else shared.reuse.of("calendar", inputs)
            if fingerprint is not None and shared.reuse is not None and shared.reuse.current(path, fingerprint):
                shared.keep(path)
                done.append((path, fingerprint, False))
                continue
            try:
                data = make()
            except (jinja2.TemplateError, MissingWord, RecursionError) as exc:
                problems.append(template_problem(exc, shared.project, page.source))
                continue
            except Exception as exc:
                if not raised_by_user_template(exc, shared.project):
                    raise
                problems.append(template_problem(exc, shared.project, page.source))
                continue
            if data is not None:
                shared.sink(path, data.encode("utf-8") if isinstance(data, str) else data)
                done.append((path, fingerprint, True))
        # The page's search entry and print chapters, made here too: in the workers, not after them.
        key = shared.reuse.of("search entry", {"page": page}) if shared.reuse is not None else None
        entry = page_entry(page) if key is None or key not in shared.entries else None
        chapters = [_chapter(shared, site, page, template, problems) for template in shared.chapters.get((index, page.url), ())]
        digest = shared.reuse.value(page) if shared.reuse is not None else None  # known by now: its fingerprints took it
        results.append(PageResult(done, problems, key, entry, chapters, digest))
    return results


def _chapter(shared: _Shared, site: Site, page: Page, template: str, problems: list[Problem]) -> tuple[str, str | None, str | None]:
    """A page's chapter for the print pages: its fingerprint, and its HTML unless the last build made it."""
    context = chapter_context(site, page, later=True)
    fingerprint = shared.reuse.context(template, context) if shared.reuse is not None else None
    if fingerprint is not None and fingerprint in shared.chapters_before:
        return template, fingerprint, None
    try:
        return template, fingerprint, render_chapter(shared.env, template, complete(context))
    except Exception as exc:
        if not isinstance(exc, (jinja2.TemplateError, MissingWord, RecursionError)) and not raised_by_user_template(exc, shared.project):
            raise
        problems.append(template_problem(exc, shared.project, page.source))
        return template, fingerprint, ""


def render_site(
    sites: tuple[Site, ...],
    outputs: Mapping[str, Output],
    env: jinja2.Environment,
    theme: Theme,
    project: Path,
    stamp: datetime.datetime | None = None,
    sink: Sink = _discard,
    keep: Callable[[str], None] = lambda path: None,
    reuse: Reuse | None = None,
    entries: MutableMapping[str, str] | None = None,
    on_pdf: Callable[[int, int, str], None] | None = None,
    version: str = "",
    chapters_before: Mapping[str, str] | None = None,
) -> Rendered:
    """Make every file of `outputs` (see model/outputs.py) and hand it to `sink`,
    or to `keep` when `reuse` finds it unchanged. `entries` keeps pages'
    search entries between builds; `version` names the build (its inputs'
    digest) for the offline copy's cache; `chapters_before` holds the print
    pages' chapters the last build made (Rendered.chapters). `on_pdf(done,
    total, path)` hears of each PDF (the slow part), and once before the
    first. Raises MentorkitError naming every template problem."""
    rendered = Rendered()
    problems: list[Problem] = []
    entries = entries if entries is not None else {}
    page_entries: dict[str, str] = {}
    todo = [(index, page) for index, site in enumerate(sites) for page in site.pages]
    plans: dict[str, tuple[int, PrintPlan]] = {}
    for path, output in outputs.items():
        if output.kind in ("print_handbook", "print_section", "print_pack", "print_forms"):
            try:
                plans[path] = (output.site, print_plan(sites[output.site], output))  # its title is a theme word
            except MissingWord as exc:
                problems.append(Problem(path, None, str(exc), "or make the theme extend default, which has every word"))
    wanted = wanted_chapters(plans)
    compile_templates(env, {page.template for _, page in todo} | {GLANCE_TEMPLATE} | set(PRINT_TEMPLATES))  # before the workers start
    before = chapters_before or {}
    shared = _Shared(sites, env, project, stamp, outputs, entries, sink, keep, reuse, {}, wanted, before)
    chapters = Chapters()
    for (index, page), result in zip(todo, map_chunks(_render_pages, shared, todo), strict=True):
        for path, fingerprint, made in result.files:
            (rendered.made if made else rendered.kept).append(path)
            if fingerprint is not None:
                rendered.fingerprints[path] = fingerprint
        problems.extend(result.problems)
        if reuse is not None and result.digest is not None:
            reuse.remember(page, result.digest)  # a worker's copy of it was described: the print pages' inputs hold it too
        key, entry = result.entry_key, result.entry
        if entry is not None and key is not None:
            entries[key] = entry
        page_entries[page.url] = entry if entry is not None else entries[key or ""]
        for template, fingerprint, html in result.chapters:
            text = chapters.html[index, page.url, template] = html if html is not None else before[fingerprint or ""]
            if fingerprint is not None:
                chapters.fingerprints[index, page.url, template] = fingerprint
                rendered.chapters[fingerprint] = text

    def produce(
        path: str,
        inputs: Mapping[str, Any],
        make: Callable[[], bytes | str],
        template: str | None = None,
        templates: Iterable[str] = (),
        later: list[tuple[str, Callable[[], bytes | str]]] | None = None,
    ) -> None:
        """Make `path` from `inputs` unless the file already holds them; with
        `later`, what is to be made is added to it instead (PDFs: made apart)."""
        fingerprint = None
        if reuse is not None:
            fingerprint = reuse.context(template, inputs) if template else reuse.of(outputs[path].kind, inputs, templates)
        if fingerprint is not None:
            rendered.fingerprints[path] = fingerprint
            if reuse is not None and reuse.current(path, fingerprint):
                keep(path)
                rendered.kept.append(path)
                return
        if later is not None:
            later.append((path, make))
            return
        try:
            data = make()
        except (jinja2.TemplateError, MissingWord, RecursionError) as exc:
            problems.append(template_problem(exc, project, path))
            return
        except Exception as exc:
            if not raised_by_user_template(exc, project):
                raise
            problems.append(template_problem(exc, project, path))
            return
        sink(path, data.encode("utf-8") if isinstance(data, str) else data)
        rendered.made.append(path)

    files = {asset.rel: asset.data for asset in sites[0].assets} | dict(theme.static)
    for path, output in outputs.items():
        site = sites[output.site]
        if output.kind == "not_found":
            context = not_found_context(site)
            produce(path, context, functools.partial(_render_template, env, "404.html", context), "404.html")
        elif output.kind == "records":
            context = records_context(site, path)
            produce(path, context, functools.partial(_render_template, env, "records.html", context), "records.html")
        elif output.kind == "gather":
            context = gather_context(site, path)
            produce(path, context, functools.partial(_render_template, env, "gather.html", context), "gather.html")
        elif output.kind == "language_choice":
            context = language_choice_context(sites)
            produce(path, context, functools.partial(_render_template, env, "languages.html", context), "languages.html")
        elif output.kind == "search_index":
            ordered = reading_order(site)
            ordered_entries, language = [page_entries[p.url] for p in ordered], site.config.language
            produce(path, {"entries": ordered_entries, "language": language}, functools.partial(search_index, ordered_entries, language))
        elif output.kind == "sitemap":
            base, urls = site.config.base_url or "", tuple(page.url for s in sites for page in s.pages)
            produce(path, {"base_url": base, "urls": urls}, functools.partial(sitemap, base, urls))
        elif output.kind in ("asset", "theme_file"):
            produce(path, {"data": files[path]}, functools.partial(files.__getitem__, path))
        elif output.kind == "web_manifest":
            start = LANGUAGE_CHOICE if site.languages else site.prefix + "index.html"
            produce(path, {"config": site.config, "start": start}, functools.partial(web_manifest, site.config, start, APP_ICON))
        elif output.kind == "app_icon":
            produce(path, {"config": site.config}, functools.partial(app_icon, site.config))
        elif path in plans:
            index, plan = plans[path]
            make = functools.partial(render_print_page, env, chapters, site, index, path, plan)
            produce(path, print_inputs(index, plan, site, chapters), make, templates=PRINT_TEMPLATES)
        elif output.kind == "service_worker":
            listed = [other for other in outputs if other != path]
            produce(path, {"files": listed, "version": version}, functools.partial(service_worker, listed, version))
    if problems:
        raise MentorkitError(once_per_line(problems))
    pdfs = {path: output for path, output in outputs.items() if output.kind in ("pdf", "handbook_pdf")}
    if pdfs:
        from generator.render.pdf_jobs import render_pdfs  # WeasyPrint only when PDFs are made

        problems.extend(render_pdfs(sites, pdfs, env, project, stamp, files, rendered, produce, sink, reuse, on_pdf or _unheard))
        if problems:  # a template's, found making a PDF, or a PDF's own
            raise MentorkitError(once_per_line(problems))
    return rendered


def _unheard(done: int, total: int, path: str) -> None:
    pass


def once_per_line(problems: list[Problem]) -> list[Problem]:
    """One report per broken template line, however many pages it broke: the
    first page's, its hint saying how many others (not a screenful of the same)."""
    same_line: dict[tuple[str, int | None, str, str], list[Problem]] = {}
    for problem in problems:
        same_line.setdefault((problem.path, problem.line, problem.message, problem.level), []).append(problem)
    reports = []
    for group in same_line.values():
        first = group[0]
        others = len({problem.hint for problem in group}) - 1
        if others and first.hint.startswith("while rendering "):
            where, semicolon, rest = first.hint.partition(";")
            first = replace(first, hint=f"{where} and {others} other page{'s' if others != 1 else ''}{semicolon}{rest}")
        reports.append(first)
    return reports


def compile_templates(env: jinja2.Environment, names: Iterable[str]) -> None:
    """Compile these templates and those they extend, include and import into
    the environment's cache, before the workers fork: each would compile
    what it first renders again. A broken or missing one is left for
    rendering to report, naming the page."""
    uses: dict[str, tuple[str, ...]] = getattr(env, "uses", {})
    queue, seen = list(names), set()
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)
        queue.extend(uses.get(name, ()))
