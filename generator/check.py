"""`mentorkit check`: the build's stages, writing nothing.

Runs load, parse, model and render (into nowhere), collecting every problem
it can find instead of stopping at the first stage that fails, and adds the
advice only a check gives: forms nothing links to or uses.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import MentorkitError, Problem
from generator.load.config import ConfigError, load_config
from generator.load.sources import load_sources
from generator.load.themes import load_theme, theme_words
from generator.model.outputs import generated_paths, list_outputs
from generator.model.site import build_sites
from generator.model.types import Site
from generator.parse.files import parse_files
from generator.render.environment import make_environment
from generator.render.site import render_site


def check_project(project: Path) -> list[Problem]:
    """Every problem found in the project, errors and warnings, in file order."""
    project = project.resolve()
    problems: list[Problem] = []
    try:
        config = load_config(project)
    except ConfigError as exc:  # the pages are still checked with the settings read, when they can be
        if exc.config is None:
            return list(exc.problems)
        config, problems = exc.config, list(exc.problems)
    try:
        sources = load_sources(project, None, None, config.follow_links)
    except MentorkitError as exc:
        return _ordered(problems + list(exc.problems))
    try:
        theme = load_theme(project, config.theme, config.path, config.lines.get("theme"), config.follow_links)
        rendering = not problems
    except MentorkitError as exc:
        problems.extend(exc.problems)
        # Still check the content, with the default theme's words; render nothing.
        rendering = False
        try:
            theme = load_theme(project, "default", config.path)
        except MentorkitError:
            return _ordered(problems)
    static = [path for path, _ in theme.static]
    try:
        words, warnings = theme_words(theme, config)
        parsed = parse_files(sources.pages, config.markdown, {})
        sites, site_warnings = build_sites(config, parsed, sources.assets, generated_paths(config, static), words)
    except MentorkitError as exc:
        return _ordered(problems + list(exc.problems))
    problems += warnings + site_warnings + [p for site in sites for p in unused_forms(site)]
    if rendering:
        outputs = {path: output for path, output in list_outputs(sites, static).items() if output.kind not in ("pdf", "handbook_pdf")}
        try:
            render_site(sites, outputs, make_environment(theme), theme, project)
        except MentorkitError as exc:
            problems.extend(exc.problems)
    return _ordered(problems)


def unused_forms(site: Site) -> list[Problem]:
    """Forms no page links to and no programme uses: readers will not find them."""
    found = []
    for page in site.forms:
        if not site.backlinks.get(page.url) and not site.form_uses.get(page.url):
            found.append(
                Problem(page.source, 1, "no page links to this form and no programme uses it", "link to it from a guide page", "warning")
            )
    return found


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line or 0))
