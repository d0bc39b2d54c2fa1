"""The pipeline, start to end: load -> parse -> model -> render -> write.

With a cache (the default), parsing skips sources whose bytes are unchanged
and rendering skips outputs whose fingerprint is unchanged; the result is
byte-identical to a clean build.
"""

from __future__ import annotations

import datetime
import os
import re
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from generator.cache import BuildCache, Written, load_cache, save_cache
from generator.calendar_file import calendar_url, programme_calendar
from generator.config import load_config
from generator.errors import MentorkitError, Problem
from generator.fingerprints import digest, global_key, page_fingerprint, site_digest, template_digests
from generator.markdown import make_markdown
from generator.model import Site
from generator.output import WriteReport, check_output_dir, write_site
from generator.parse import parse_files
from generator.pdf import load_weasyprint, make_pdfs, pdf_outputs
from generator.programmes import glance_url
from generator.render import HANDBOOK_PDF, render_not_found, render_page, render_sitemap
from generator.site import build_site
from generator.sources import CONTENT_DIR, load_sources
from generator.themes import Theme, load_theme, make_environment

TEMPLATES = (
    "page.html",
    "form.html",
    "forms.html",
    "programme.html",
    "programme-glance.html",
    "404.html",
    "handbook.html",
    "handbook-chapter.html",
)


@dataclass(frozen=True, slots=True)
class BuildResult:
    site: Site
    warnings: tuple[Problem, ...]
    report: WriteReport
    output: Path
    rendered: tuple[str, ...]
    """Outputs made this time (the rest were unchanged)."""
    cache: BuildCache


def build(
    project: Path,
    output: Path | None = None,
    strict: bool = False,
    pdf: bool = False,
    cache: BuildCache | None = None,
    use_cache: bool = True,
    lock: AbstractContextManager[object] | None = None,
) -> BuildResult:
    """Build the handbook in `project` into `output` (default: project/site).

    `cache` is an earlier build's (the preview server keeps it in memory);
    without one, the project's .mentorkit-cache is used unless `use_cache`
    is false. Raises MentorkitError listing every problem; with `strict`,
    warnings count as errors and nothing is written.
    """
    project = project.resolve()
    output = (output or project / "site").resolve()
    config = load_config(project)
    if pdf:
        config = replace(config, pdf=True)
    if config.pdf:
        load_weasyprint()  # before any work: say at once if it is missing
    check_output_dir(output, project, [project / CONTENT_DIR, project / "themes"])
    sources = load_sources(project)
    theme = load_theme(project, config.theme, config.path, config.lines.get("theme"))
    md = make_markdown(config.markdown)
    start = cache if cache is not None else load_cache(project) if use_cache else BuildCache()
    cache = start.for_build(digest(config.markdown), output)
    parsed = parse_files(sources.pages, md, cache.parsed)
    generated = {path for path, _ in theme.static} | {"404.html"}
    if config.base_url:
        generated.add("sitemap.xml")
    site, warnings = build_site(config, parsed, sources.assets, frozenset(generated))
    if strict and warnings:
        raise MentorkitError(replace(w, level="error") for w in warnings)
    stamp = source_date()
    env = make_environment(theme)
    fingerprints = output_fingerprints(site, env, theme, {f.rel: f.digest for f in sources.pages}, stamp)
    unchanged = {path for path, fp in fingerprints.items() if _intact(cache.written.get(path), fp, output / path)}
    files = render_site(site, env, project, stamp, theme, skip=unchanged)
    if config.pdf:
        wanted = {path for path in [*pdf_outputs(site), HANDBOOK_PDF] if path not in unchanged}
        files.update(make_pdfs(env, site, theme, stamp, wanted))
    outputs: dict[str, bytes | None] = {path: files.get(path) for path in fingerprints}
    report = write_site(output, outputs, lock)
    for path in files:
        stat = (output / path).stat()
        cache.written[path] = Written(fingerprints[path], stat.st_size, stat.st_mtime_ns)
    cache.prune({(f.rel, f.digest) for f in sources.pages}, set(fingerprints))
    if use_cache:
        save_cache(project, cache)
    return BuildResult(site, tuple(warnings), report, output, tuple(sorted(files)), cache)


def _intact(written: Written | None, fingerprint: str, path: Path) -> bool:
    """The file is as the cache says: same inputs, and nobody changed it since."""
    if written is None or written.fingerprint != fingerprint:
        return False
    try:
        stat = path.stat()
    except OSError:
        return False
    return stat.st_size == written.size and stat.st_mtime_ns == written.mtime_ns


def source_date() -> datetime.datetime | None:
    """SOURCE_DATE_EPOCH, when set: the date of calendars and PDFs, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch.isdigit() else None


def output_fingerprints(
    site: Site, env: jinja2.Environment, theme: Theme, source_digests: dict[str, str], stamp: datetime.datetime | None
) -> dict[str, str]:
    """Every output path the build makes, with a fingerprint of its inputs."""
    templates = template_digests(env, [*TEMPLATES, *{p.template for p in site.pages}])
    key = global_key(site.config, stamp)
    whole = site_digest(site) if any(site_wide for _, site_wide in templates.values()) else ""
    result: dict[str, str] = {}
    for page in site.pages:
        fingerprint = page_fingerprint(site, page, source_digests[page.rel], templates[page.template], key, whole)
        result[page.url] = fingerprint
        if page.programme is not None:
            result[glance_url(page)] = digest(fingerprint, templates["programme-glance.html"])
            if page.programme.start is not None:
                result[calendar_url(page)] = digest(fingerprint, "ics")
    result["404.html"] = digest(key, templates["404.html"])
    if site.config.base_url:
        result["sitemap.xml"] = digest(key, [p.url for p in site.pages])
    for asset in site.assets:
        result[asset.rel] = digest(asset.data)
    for path, data in theme.static:
        result[path] = digest(data)
    if site.config.pdf:
        static = digest(theme.static)
        for path, page_url in pdf_outputs(site).items():
            result[path] = digest("pdf", result[page_url], static)
        pages = sorted((url, fp) for url, fp in result.items() if url.endswith(".html"))
        result[HANDBOOK_PDF] = digest(pages, templates["handbook.html"], templates["handbook-chapter.html"], static, stamp)
    return result


def render_site(
    site: Site,
    env: jinja2.Environment,
    project: Path,
    stamp: datetime.datetime | None = None,
    theme: Theme | None = None,
    skip: set[str] | frozenset[str] = frozenset(),
) -> dict[str, bytes]:
    """The bytes of every output not in `skip`, by site-relative path."""
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    config = site.config

    def make(path: str, rendering: str, produce: Callable[..., str | bytes | None], *args: object) -> None:
        if path in skip:
            return
        try:
            data = produce(*args)
        except jinja2.TemplateError as exc:
            problems.append(template_problem(exc, project, rendering))
            return
        if data is not None:
            files[path] = data.encode("utf-8") if isinstance(data, str) else data

    for page in site.pages:
        make(page.url, page.source, render_page, env, site, page)
        if page.programme is not None:
            make(glance_url(page), page.source, render_page, env, site, page, "programme-glance.html")
            make(calendar_url(page), page.source, programme_calendar, page, page.programme, config.title, config.base_url, stamp)
    make("404.html", "404.html", render_not_found, env, site)
    if problems:
        raise MentorkitError(dict.fromkeys(problems))  # one report per broken template line
    if config.base_url:
        make("sitemap.xml", "sitemap.xml", render_sitemap, site)
    for asset in site.assets:
        make(asset.rel, asset.rel, bytes, asset.data)
    for path, data in theme.static if theme else ():
        make(path, path, bytes, data)
    return files


def template_problem(exc: jinja2.TemplateError, project: Path, rendering: str) -> Problem:
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
    message = re.sub(r"'generator\.[\w.]+\.(\w+) object'", r"\1", str(exc.message or exc))
    hint = f"while rendering {rendering}"
    if isinstance(exc, jinja2.UndefinedError):
        hint += "; check the name, or give it a default: {{ name | default('') }}"
    return Problem(shown, line, f"template error: {message}", hint)
