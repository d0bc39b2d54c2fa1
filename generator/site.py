"""Model: from parsed sources to the whole `Site`.

Output paths are checked for collisions, form references and links
resolved, navigation built. All problems are collected; the caller decides whether
warnings stop the build.
"""

from __future__ import annotations

from generator.calendar_file import calendar_url
from generator.config import Config
from generator.errors import MentorkitError, Problem, errors_in
from generator.links import backlinks, resolve_links
from generator.model import Page, Site
from generator.nav import build_nav, items_by_url, reading_order, trails
from generator.parse import Parsed
from generator.programmes import form_names, form_uses, glance_url, resolve_forms
from generator.sources import CONTENT_DIR, Asset


def build_site(
    config: Config, parsed_files: list[Parsed], assets: tuple[Asset, ...], generated: frozenset[str]
) -> tuple[Site, list[Problem]]:
    """The Site model from the parsed pages, and the warnings found making it.

    `generated` holds the paths the theme and the build write themselves
    (static files, 404.html, sitemap.xml); no page or asset may take them.
    Raises MentorkitError when there are errors.
    """
    problems: list[Problem] = []
    parsed: list[Page] = []
    for page, in_file in parsed_files:
        problems.extend(in_file)
        if page is not None:
            parsed.append(page)
    problems.extend(_collisions(tuple(parsed), assets, generated))
    if errors_in(problems):
        raise MentorkitError(problems)
    names = form_names(tuple(p for p in parsed if p.form is not None))
    for index, page in enumerate(parsed):
        parsed[index], found = resolve_forms(page, names)
        problems.extend(found)

    files = frozenset(asset.rel for asset in assets) | generated
    logo = config.branding.logo
    if logo and logo.lstrip("/") not in files:
        problems.append(
            Problem(
                config.path,
                config.lines.get("branding"),
                f"the logo '{logo}' is not a file under content/",
                "put the image under content/, such as content/img/logo.svg",
                "warning",
            )
        )
    pages, link_problems = resolve_links(tuple(parsed), files)
    problems.extend(link_problems)
    nav, nav_problems = build_nav(pages, config)
    problems.extend(nav_problems)
    if errors_in(problems):
        raise MentorkitError(problems)
    by_url = {page.url: page for page in pages}
    order = reading_order(nav)
    position = {url: index for index, url in enumerate(order)}
    in_order = sorted(pages, key=lambda p: (position.get(p.url, len(order)), p.url))
    forms = tuple(p for p in in_order if p.form is not None)
    site = Site(
        config=config,
        pages=pages,
        assets=assets,
        nav=nav,
        home=by_url.get("index.html"),
        by_url=by_url,
        order=order,
        position=position,
        forms=forms,
        form_uses=form_uses(tuple(p for p in in_order if p.programme is not None)),
        trail=trails(nav),
        items=items_by_url(nav),
        backlinks=backlinks(pages),
    )
    return site, problems


def _collisions(pages: tuple[Page, ...], assets: tuple[Asset, ...], generated: frozenset[str]) -> list[Problem]:
    """Two sources that would be written to the same output file."""
    owners: dict[str, str] = {}
    problems: list[Problem] = []
    claims = [(p.url.lower(), p.url, p.source) for p in pages]
    for page in pages:
        if page.programme is not None:
            claims += [(url.lower(), url, page.source) for url in (glance_url(page), calendar_url(page))]
    claims += [(a.rel.lower(), a.rel, f"{CONTENT_DIR}/{a.rel}") for a in assets]
    for key, url, source in claims:
        # Lower-cased: on Windows and macOS disks 'Goals.html' and 'goals.html' are one file.
        if key in owners:
            problems.append(
                Problem(
                    source,
                    1,
                    f"would be written to '{url}', which '{owners[key]}' is written to as well",
                    "rename one of them, or give one a different 'slug:' in its front matter",
                )
            )
        elif key in {g.lower() for g in generated} or key.startswith("_theme/"):
            problems.append(Problem(source, 1, f"'{url}' is a file the theme writes", "rename or move this file"))
        else:
            owners[key] = source
    return problems
