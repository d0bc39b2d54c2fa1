"""`mentorkit packs`: a folder for each pair of a roster, and an index for the coordinator.

The same stages as the build (load, parse, model, render, write), with the
roster as one more input: it is read from wherever the coordinator keeps
it, never from content/, and nothing of it goes into the site. The packs
are written like the site is, staged and swapped in whole, into a folder
that is refused when it is the site folder, inside it, or inside content/.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from generator.errors import InputError, MentorkitError, Problem, problem_reading, raise_if_errors
from generator.load.config import load_config
from generator.load.roster import load_roster
from generator.load.roster_checks import ProgrammeFacts, check_programmes
from generator.load.sources import CONTENT_DIR, load_sources
from generator.load.theme_words import MissingWord
from generator.load.themes import builtin_themes_dir, load_theme, theme_words
from generator.model.outputs import generated_paths
from generator.model.site import build_sites
from generator.model.types import Page, Site
from generator.packs.plan import SiteLinks, plan_pairs, programmes_by_language, unprintable_links, unprinted_links
from generator.parse.files import parse_files
from generator.render.environment import make_environment
from generator.render.site import once_per_line
from generator.render.template_errors import raised_by_user_template, template_problem
from generator.write.site_writer import check_output_dir, write_site

SITE_DIR = "site"
WORDS_SCRIPT = "theme/words.js"
"""The one script every page loads (base.html)."""


@dataclass(frozen=True, slots=True)
class PacksResult:
    pairs: int
    files: int
    output: Path
    warnings: tuple[Problem, ...]


def make_packs(roster_path: Path, project: Path, output: Path | None = None, pdf: bool = False) -> PacksResult:
    """Write a pack for each pair of the roster. Raises MentorkitError listing every problem."""
    if not project.is_dir():
        raise MentorkitError([Problem(str(project), None, "there is no such folder", "check the path to the handbook")])
    project = project.resolve()
    output = (output or project / "packs").resolve()
    site_dir = project / SITE_DIR
    check_packs_dir(output, project, site_dir)
    shown = _shown(roster_path)
    roster, problems = load_roster(roster_path, shown)
    published = _published(roster_path, shown, project, site_dir)
    if published:  # told before the model, whose own check would find it in content/
        raise_if_errors(sorted([*published, *problems], key=lambda problem: problem.line or 0))
    config = load_config(project)
    if pdf:
        from generator.render.pdf import load_weasyprint

        load_weasyprint()
    theme = load_theme(project, config.theme, config.path, config.lines.get("theme"))
    sources = load_sources(project)
    parsed = parse_files(sources.pages, config.markdown, {})
    words, warnings = theme_words(theme, config)
    static = [path for path, _ in theme.static]
    sites, model_warnings = build_sites(config, parsed, sources.assets, generated_paths(config, static), words)
    site = sites[0]
    by_language = {each.config.language: each for each in sites}
    problems += check_programmes(roster, _programme_facts(by_language), list(by_language))
    # The pairs with no error of their own are planned too, so that what their forms lack is told with the rest.
    wrong = {problem.line for problem in problems if problem.level == "error"}
    plans, form_problems = plan_pairs(by_language, replace(roster, pairs=tuple(p for p in roster.pairs if p.line not in wrong)))
    links = SiteLinks(config.base_url, site_dir, output)
    form_problems += unprintable_links(roster, plans, links)
    raise_if_errors(sorted([*problems, *form_problems], key=lambda problem: problem.line or 0))
    warnings = [*warnings, *problems]  # none is an error here
    from generator.packs.pages import render_index, render_pack

    env = make_environment(theme)
    if not links.public:
        warnings = [*warnings, unprinted_links(config.path, config.lines.get("base_url"), config.base_url)]
    maker = None
    if pdf:
        from generator.render.pdf import PdfMaker

        assets = {asset.rel: asset.data for asset in site.assets}
        maker = PdfMaker(env, _pack_files(dict(theme.static), assets, site, [p.pair.id for p in plans]), None)
    files: dict[str, bytes | None] = {}
    theme_files = _theme_files(dict(theme.static), {asset.rel: asset.data for asset in site.assets}, site)
    files.update({path: data for path, data in theme_files.items()})
    made_problems: list[Problem] = []
    for plan in plans:
        files.update({plan.pair.id + "/" + path: data for path, data in theme_files.items()})
        with _told(made_problems, project, f"the pack of pair '{plan.pair.id}'"):
            files.update(render_pack(env, by_language, plan, links, pdf, maker))
    with _told(made_problems, project, "the packs' index"):
        files["index.html"] = render_index(env, site, plans, links, pdf)
    raise_if_errors(once_per_line(made_problems))
    report = write_site(output, files)
    return PacksResult(len(plans), report.written, output, (*warnings, *model_warnings, *form_problems))


def _programme_facts(sites: dict[str, Site]) -> dict[str, ProgrammeFacts]:
    """Each name a roster can give a programme by: its start (the first language's), and the languages it has a page in."""
    names = programmes_by_language(sites)
    first = names[next(iter(sites))]
    every = {name: page for code in reversed(list(sites)) for name, page in names[code].items()} | first
    return {
        name: ProgrammeFacts(
            page.programme.start if page.programme else None,
            tuple(code for code in sites if name in names[code]),
            page.local_rel,
            _break_days(page),
        )
        for name, page in every.items()
    }


def _break_days(page: Page) -> tuple[tuple[str, datetime.date, datetime.date], ...]:
    breaks = page.programme.breaks if page.programme else ()
    return tuple((b.name, b.first_day, b.last_day) for b in breaks if b.first_day is not None and b.last_day is not None)


@contextmanager
def _told(problems: list[Problem], project: Path, rendering: str) -> Iterator[None]:
    """A mistake in a template of the project's theme (or a page too deep for a PDF) met
    making the packs, added to `problems` as the build tells it, instead of a traceback."""
    try:
        yield
    except InputError as exc:
        problems.append(problem_reading(rendering, exc))
    except (jinja2.TemplateError, MissingWord, RecursionError) as exc:
        problems.append(template_problem(exc, project, rendering))
    except Exception as exc:
        if not raised_by_user_template(exc, project):
            raise
        problems.append(template_problem(exc, project, rendering))


def _published(roster: Path, shown: str, project: Path, site_dir: Path) -> list[Problem]:
    """A roster in content/ or the site folder would go out with the site: whether it is there
    itself, through a link to it, or as a link (or hard link) in content/ to it."""
    hint = "move it out, such as into the project folder: the roster holds the pairs' names ('mentorkit new' keeps *.csv out of git)"
    for folder, what in (
        (project / CONTENT_DIR, "content/, whose files the build publishes"),
        (site_dir, "the site folder, which is published"),
    ):
        for path in (Path(os.path.abspath(roster)), roster.resolve()):
            if path.is_relative_to(os.path.abspath(folder)) or path.is_relative_to(folder.resolve()):
                return [Problem(shown, None, f"the roster is inside {what}", hint)]
    linked = _same_file_in(project / CONTENT_DIR, roster)
    if linked is not None:
        return [
            Problem(
                linked.relative_to(project).as_posix(),
                None,
                f"this file is the roster {shown} (a link to it), and the build publishes what content/ holds",
                "remove the link: the roster holds the pairs' names",
            )
        ]
    return []


def _same_file_in(folder: Path, target: Path) -> Path | None:
    """A file under `folder` that is `target` (by a symbolic or a hard link), or None."""
    try:
        wanted = target.stat()
    except OSError:
        return None
    for parent, _, names in os.walk(folder, followlinks=False):
        for name in names:
            try:
                found = os.stat(os.path.join(parent, name))
            except OSError:
                continue
            if (found.st_dev, found.st_ino) == (wanted.st_dev, wanted.st_ino):
                return Path(parent, name)
    return None


def _shown(path: Path) -> str:
    """The roster as messages name it: relative to the current folder when inside it."""
    here = Path(os.path.abspath(Path.cwd()))
    full = Path(os.path.abspath(path))  # as typed: a link is named, not what it leads to
    return full.relative_to(here).as_posix() if full.is_relative_to(here) else str(path)


def _theme_files(static: dict[str, bytes], assets: dict[str, bytes], site: Site) -> dict[str, bytes]:
    """What the pack pages load: the theme's files, and the logo."""
    logo = site.config.branding.logo
    # Not .nojekyll (a pack is not a website), nor the scripts its pages do not run: a pack to email stays small.
    shown = {path: data for path, data in static.items() if not path.startswith(".") and (not path.endswith(".js") or path == WORDS_SCRIPT)}
    return shown | ({logo: assets[logo]} if logo and logo in assets else {})


def _pack_files(static: dict[str, bytes], assets: dict[str, bytes], site: Site, pairs: list[str]) -> dict[str, bytes]:
    """The files PDFs of pack pages may fetch, at the paths those pages name them by."""
    shared = _theme_files(static, assets, site)
    return {f"{pair}/{path}": data for pair in pairs for path, data in shared.items()}


def check_packs_dir(output: Path, project: Path, site_dir: Path) -> None:
    """Refuse a packs folder that would put the roster's names into the site or into content/."""
    site_dir = site_dir.resolve()
    content = (project / CONTENT_DIR).resolve()
    reason = None
    if output == site_dir:
        reason = "is the site folder, which is published: the packs hold the pairs' names"
    elif site_dir in output.parents:
        reason = "is inside the site folder, which is published: the packs hold the pairs' names"
    elif output == content or content in output.parents:
        reason = "is inside content/, whose files become the site"
    if reason:
        raise MentorkitError(
            [
                Problem(
                    str(output),
                    None,
                    f"cannot write the packs here: the folder {reason}",
                    "choose another folder with --output, such as 'packs'",
                )
            ]
        )
    try:
        check_output_dir(output, project, [project / CONTENT_DIR, project / "themes", builtin_themes_dir(), site_dir])
    except MentorkitError as exc:
        raise MentorkitError(
            Problem(p.path, p.line, p.message.replace("write the site", "write the packs"), p.hint.replace("'site'", "'packs'"), p.level)
            for p in exc.problems
        ) from None
