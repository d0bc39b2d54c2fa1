"""The pipeline, start to end: load -> parse -> model -> render -> write."""

from __future__ import annotations

import datetime
import os
import re
import traceback
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from generator.calendar_file import calendar_url, programme_calendar
from generator.config import load_config
from generator.errors import MentorkitError, Problem
from generator.markdown import make_markdown
from generator.model import Site
from generator.output import WriteReport, check_output_dir, write_site
from generator.pdf import load_weasyprint, make_pdfs
from generator.programmes import glance_url
from generator.render import render_not_found, render_page, render_sitemap
from generator.site import build_site
from generator.sources import CONTENT_DIR, load_sources
from generator.themes import Theme, load_theme, make_environment


@dataclass(frozen=True, slots=True)
class BuildResult:
    site: Site
    warnings: tuple[Problem, ...]
    report: WriteReport
    output: Path


def build(project: Path, output: Path | None = None, strict: bool = False, pdf: bool = False) -> BuildResult:
    """Build the handbook in `project` into `output` (default: project/site).

    Raises MentorkitError listing every problem; with `strict`, warnings
    count as errors and nothing is written.
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
    generated = {path for path, _ in theme.static} | {"404.html"}
    if config.base_url:
        generated.add("sitemap.xml")
    site, warnings = build_site(config, sources, make_markdown(config.markdown), frozenset(generated))
    if strict and warnings:
        raise MentorkitError(replace(w, level="error") for w in warnings)
    stamp = source_date()
    files = render_site(site, theme, project, stamp)
    if config.pdf:
        files.update(make_pdfs(make_environment(theme), site, files, stamp))
    report = write_site(output, files)
    return BuildResult(site, tuple(warnings), report, output)


def source_date() -> datetime.datetime | None:
    """SOURCE_DATE_EPOCH, when set: the date of calendars and PDFs, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch.isdigit() else None


def render_site(site: Site, theme: Theme, project: Path, stamp: datetime.datetime | None = None) -> dict[str, bytes]:
    """Every output file's bytes, by site-relative path."""
    env = make_environment(theme)
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for page in site.pages:
        try:
            files[page.url] = render_page(env, site, page).encode("utf-8")
            if page.programme is not None:
                files[glance_url(page)] = render_page(env, site, page, "programme-glance.html").encode("utf-8")
                ics = programme_calendar(page, page.programme, site.config.title, site.config.base_url, stamp)
                if ics is not None:
                    files[calendar_url(page)] = ics
        except jinja2.TemplateError as exc:
            problems.append(template_problem(exc, project, page.source))
    try:
        files["404.html"] = render_not_found(env, site).encode("utf-8")
    except jinja2.TemplateError as exc:
        problems.append(template_problem(exc, project, "404.html"))
    if problems:
        raise MentorkitError(dict.fromkeys(problems))  # one report per broken template line
    sitemap = render_sitemap(site)
    if sitemap is not None:
        files["sitemap.xml"] = sitemap.encode("utf-8")
    for asset in site.assets:
        files[asset.rel] = asset.data
    for path, data in theme.static:
        files[path] = data
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
