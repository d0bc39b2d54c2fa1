"""Render: every output file of the site, and what each one depends on.

Pages are rendered over several processes when there are many; the
fingerprints (see incremental/fingerprints.py) decide which outputs need rendering.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import traceback
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import jinja2

from generator.errors import MentorkitError, Problem
from generator.incremental.cache import blake, digest
from generator.incremental.fingerprints import global_key, nav_digests, page_fingerprint, site_digest, template_digests
from generator.load.theme_words import MissingWord
from generator.load.themes import Theme
from generator.model.outputs import LANGUAGE_CHOICE, SEARCH_INDEX, calendar_url, glance_url, handbook_pdf
from generator.model.types import Page, Site
from generator.processes import map_chunks
from generator.render.calendar import programme_calendar
from generator.render.context import NavMemo, render_language_choice, render_not_found, render_page, render_sitemap
from generator.render.pdf import pdf_outputs
from generator.render.search import entry_key, page_entry, search_index

TEMPLATES = (
    *("page.html", "form.html", "forms.html", "programme.html", "programme-glance.html"),
    *("404.html", "languages.html", "handbook.html", "handbook-chapter.html"),
)
ALWAYS_USED = ("page.html", "404.html")
"""Templates that every build renders (nearly every handbook has a plain page)."""


def output_fingerprints(
    sites: tuple[Site, ...],
    env: jinja2.Environment,
    theme: Theme,
    source_digests: dict[str, str],
    stamp: datetime.datetime | None,
    previous: Mapping[str, str] | None = None,
    only: set[str] | None = None,
) -> dict[str, str]:
    """Every output path the build makes, with a fingerprint of its inputs.

    With `only` (page URLs) and the `previous` build's fingerprints, only
    those pages' own outputs are worked out again, and the site-wide ones
    (see incremental/model_reuse.py: the model is the same but for those pages' text)."""
    templates = template_digests(env, [*TEMPLATES, *{p.template for site in sites for p in site.pages}])
    result: dict[str, str] = {}
    static = digest([(path, blake(data)) for path, data in theme.static])
    for site in sites:
        result.update(_site_fingerprints(site, templates, source_digests, stamp, static, previous, only))
    key = global_key(sites[0].config, stamp, {"words": sites[0].words.entries})
    result["404.html"] = digest(key, templates["404.html"])
    if sites[0].languages:
        result[LANGUAGE_CHOICE] = digest(key, templates["languages.html"], [(s.config, s.words.entries) for s in sites])
    if sites[0].config.base_url:
        result["sitemap.xml"] = digest(key, [p.url for site in sites for p in site.pages])
    for asset in sites[0].assets:
        result[asset.rel] = blake(asset.data)  # bytes hashed as they are: repr() of an image is slow
    for path, data in theme.static:
        result[path] = blake(data)
    return result


def output_paths(sites: tuple[Site, ...], theme: Theme) -> set[str]:
    """The paths output_fingerprints gives, without working out what each depends on.

    A build with no earlier outputs to keep needs the paths before
    rendering (the writer prepares their folders) but the fingerprints only
    afterwards, for the cache: they are then made while the pages render.
    The build checks that both name the same files.
    """
    paths = {"404.html", *(asset.rel for asset in sites[0].assets), *(path for path, _ in theme.static)}
    if sites[0].languages:
        paths.add(LANGUAGE_CHOICE)
    if sites[0].config.base_url:
        paths.add("sitemap.xml")
    for site in sites:
        for page in site.pages:
            paths.update(page_outputs(page))
        paths.add(site.prefix + SEARCH_INDEX)
        if site.config.pdf:
            paths.update(pdf_outputs(site))
            paths.add(handbook_pdf(site))
    return paths


def _site_fingerprints(
    site: Site,
    templates: dict[str, tuple[str, bool]],
    source_digests: dict[str, str],
    stamp: datetime.datetime | None,
    static: str,
    previous: Mapping[str, str] | None,
    only: set[str] | None,
) -> dict[str, str]:
    """The fingerprints of one language's outputs."""
    key = global_key(site.config, stamp, {"words": site.words.entries})
    whole = site_digest(site) if any(site_wide for _, site_wide in templates.values()) else ""
    result: dict[str, str] = {}
    navs = nav_digests(site, only)
    for page in site.pages:
        if only is not None and previous is not None and page.url not in only:
            result.update((path, previous[path]) for path in page_outputs(page))
            continue
        fingerprint = page_fingerprint(site, page, source_digests[page.rel], templates[page.template], key, whole, navs[page.url])
        result[page.url] = fingerprint
        if page.programme is not None:
            result[glance_url(page)] = digest(fingerprint, templates["programme-glance.html"])
            if page.programme.start is not None:
                result[calendar_url(page)] = digest(fingerprint, "ics")
    search = [(p.url, p.title, p.summary, p.headings, source_digests[p.rel]) for p in site.pages]
    result[site.prefix + SEARCH_INDEX] = digest(search, site.order)
    if site.config.pdf:
        for path, page_url in pdf_outputs(site).items():
            result[path] = digest("pdf", result[page_url], static)
        pages = sorted((url, fp) for url, fp in result.items() if url.endswith(".html"))
        result[handbook_pdf(site)] = digest(pages, templates["handbook.html"], templates["handbook-chapter.html"], static, stamp)
    return result


def page_outputs(page: Page) -> set[str]:
    """The files a page makes: itself, and for a programme its summary and calendar."""
    if page.programme is None:
        return {page.url}
    outputs = {page.url, glance_url(page)}
    if page.programme.start is not None:
        outputs.add(calendar_url(page))
    return outputs


Rendered = tuple[list[str], list[Problem], str | None]
"""The files a page made (already written), the template problems met
making them, and its search entry when asked for."""

Write = Callable[[str, bytes], None]
"""Where an output goes: `write(path, data)` (see output.SiteWriter)."""


def discard(path: str, data: bytes) -> None:
    """A `write` for rendering that only checks the templates (`mentorkit check`)."""


RenderShared = tuple[tuple[Site, ...], jinja2.Environment, Path, datetime.datetime | None, frozenset[str], frozenset[str], Write, NavMemo]
"""What every chunk of pages is rendered with; the NavMemo is filled by
each process for itself (a forked worker changes only its own copy)."""


def _render_pages(shared: RenderShared, pages: list[tuple[int, Page]]) -> list[Rendered]:
    # The environment comes from the parent, its templates already compiled
    # (forked workers share them): compiling them per chunk cost a tenth of a second.
    # Each file is written here, as soon as it is made: in a worker, the HTML
    # never has to be sent back, and the files are created on both cores.
    sites, env, project, stamp, skip, entries_wanted, write, memo = shared
    results: list[Rendered] = []
    for index, page in pages:
        site = sites[index]
        config = site.config
        files: list[str] = []
        problems: list[Problem] = []
        jobs: list[tuple[str, Callable[..., str | bytes | None], tuple[object, ...]]] = [
            (page.url, render_page, (env, site, page, None, False, memo))
        ]
        if page.programme is not None:
            jobs.append((glance_url(page), render_page, (env, site, page, "programme-glance.html", False, memo)))
            calendar = (page, page.programme, config.title, config.base_url, stamp, site.words)
            jobs.append((calendar_url(page), programme_calendar, calendar))
        for path, produce, args in jobs:
            if path in skip:
                continue
            try:
                data = produce(*args)
            except (jinja2.TemplateError, MissingWord) as exc:
                problems.append(template_problem(exc, project, page.source))
                continue
            if data is not None:
                write(path, data.encode("utf-8") if isinstance(data, str) else data)
                files.append(path)
        # The page's search entry, made here too: in the workers, not after them.
        results.append((files, problems, page_entry(page) if page.url in entries_wanted else None))
    return results


def render_site(
    sites: tuple[Site, ...],
    env: jinja2.Environment,
    project: Path,
    stamp: datetime.datetime | None = None,
    theme: Theme | None = None,
    skip: set[str] | frozenset[str] = frozenset(),
    search_entries: dict[tuple[str, str], str] | None = None,
    source_digests: dict[str, str] | None = None,
    write: Write = discard,
    meanwhile: Callable[[], object] | None = None,
) -> list[str]:
    """Every output not in `skip`, for the handbook in each of its
    languages, given to `write` as it is made; returns their paths. Pages
    are rendered over several processes when there are many, while the
    main process also does `meanwhile` (see map_chunks)."""
    made: list[str] = []
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    assert theme is not None
    entries = search_entries if search_entries is not None else {}
    keys = {page.url: entry_key(page, source_digests) for site in sites for page in site.pages}
    wanted = frozenset(url for site in sites if site.prefix + SEARCH_INDEX not in skip for url in _urls(site) if keys[url] not in entries)
    todo = [(index, page) for index, site in enumerate(sites) for page in site.pages if page_outputs(page) - skip or page.url in wanted]
    templates = {page.template for _, page in todo} | ({"programme-glance.html"} if any(p.programme for _, p in todo) else set())
    compile_templates(env, templates)  # once, before the workers start
    shared: RenderShared = (sites, env, project, stamp, frozenset(skip), wanted, write, {})
    for (_, page), (paths, found, entry) in zip(todo, map_chunks(_render_pages, shared, todo, meanwhile), strict=True):
        made.extend(paths)
        problems.extend(found)
        if entry is not None:
            entries[keys[page.url]] = entry
    shared_files: dict[str, Callable[[], str | None]] = {
        "404.html": lambda: render_not_found(env, sites[0]),
        LANGUAGE_CHOICE: lambda: render_language_choice(env, sites) if sites[0].languages else None,
    }
    for path, produce in shared_files.items():
        if path not in skip:
            try:
                made_text = produce()
            except (jinja2.TemplateError, MissingWord) as exc:
                problems.append(template_problem(exc, project, path))
                continue
            if made_text is not None:
                files[path] = made_text.encode("utf-8")
    if problems:
        raise MentorkitError(dict.fromkeys(problems))  # one report per broken template line
    for site in sites:
        if site.prefix + SEARCH_INDEX not in skip:
            files[site.prefix + SEARCH_INDEX] = search_index(site, entries, source_digests).encode("utf-8")
    if sites[0].config.base_url and "sitemap.xml" not in skip:
        files["sitemap.xml"] = (render_sitemap(sites) or "").encode("utf-8")
    for asset in sites[0].assets:
        if asset.rel not in skip:
            files[asset.rel] = asset.data
    for path, data in theme.static:
        if path not in skip:
            files[path] = data
    for path, data in files.items():
        write(path, data)
    return made + list(files)


def compile_templates(env: jinja2.Environment, names: Iterable[str]) -> None:
    """Compile these templates into the environment's cache; a broken or
    missing one is left for rendering to report, naming the page."""
    for name in names:
        with contextlib.suppress(jinja2.TemplateError):
            env.get_template(name)


def _urls(site: Site) -> list[str]:
    return [page.url for page in site.pages]


def template_problem(exc: jinja2.TemplateError | MissingWord, project: Path, rendering: str) -> Problem:
    """The template file and line an error happened at."""
    filename: str | None = getattr(exc, "filename", None)
    line: int | None = getattr(exc, "lineno", None)
    if isinstance(exc, jinja2.TemplateNotFound):
        return Problem(
            rendering,
            None,
            f"the theme has no template '{exc.name}'",
            "add it to your theme's templates/ folder, or extend a theme that has it",
        )
    if not isinstance(exc, jinja2.TemplateSyntaxError):
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".html", ".xml", ".j2")):
                filename, line = frame.filename, frame.lineno
                break
    shown = filename or "template"
    if filename:
        path = Path(filename).resolve()
        shown = path.relative_to(project).as_posix() if path.is_relative_to(project) else f"(built-in) {path.name}"
    message = re.sub(r"'generator\.[\w.]+\.(\w+) object'", r"\1", str(getattr(exc, "message", None) or exc))
    hint = f"while rendering {rendering}"
    if isinstance(exc, jinja2.UndefinedError):
        hint += "; check the name, or give it a default: {{ name | default('') }}"
    return Problem(shown, line, f"template error: {message}", hint)
