"""Render: a page of the model to an HTML string. No I/O.

The context every template receives is `PageContext`; a theme author can
read here exactly what is available.
"""

from __future__ import annotations

import functools
import html
import operator
import re
from collections.abc import Callable
from dataclasses import replace
from typing import TypedDict

import jinja2
from markupsafe import Markup

from generator import __version__
from generator.load.config import Config
from generator.load.theme_words import Words
from generator.model.nav import NAV_LIMIT
from generator.model.outputs import (
    GATHER,
    GLANCE_TEMPLATE,
    PRINT,
    PRINT_FORMS,
    RECORDS,
    SEARCH_INDEX,
    calendar_url,
    glance_url,
    glance_url_of,
    handbook_pdf,
    pdf_url,
    phase_print_url,
    section_print_url,
)
from generator.model.types import PLACEHOLDER_RE, FormUse, Heading, NavItem, Page, PageLink, Site, Translation, page_link
from generator.render.form_meta import form_meta
from generator.render.nav_html import NavMemo, nav_html


class PageContext(TypedDict):
    """What a page template sees."""

    site: Site
    config: Config
    """The settings, with this language's code, title and organisation."""
    t: Words
    """The theme's words in the page's language: t("form.print"), t("search.results", count=3), t.date(d)."""
    page: Page
    home: PageLink | None
    """This language's home page (index.md), if there is one: its url, title, summary and language."""
    content: Markup
    """The page body as HTML, links made relative."""
    html: Callable[[str], Markup]
    """html(field.text_html): a form's Markdown fragment with links made relative."""
    forms: tuple[Page, ...]
    """Every form page, in reading order (for the forms listing)."""
    root: str
    """Prefix from this page to the site root: '' or '../' and so on."""
    url: Callable[[str], str]
    """url('guide/index.html') gives that page's address relative to this one."""
    nav: tuple[NavItem, ...]
    nav_html: Markup
    """The navigation as nested lists, with the current page's section open."""
    section: tuple[NavItem, ...]
    """On a section's page whose navigation is shortened: every entry of the section."""
    trail: tuple[NavItem, ...]
    """The nav items above this page: breadcrumbs, and which sections are open."""
    previous: PageLink | None
    """The page before this one in reading order: its url, title, summary and language."""
    next: PageLink | None
    toc: tuple[Heading, ...]
    """Headings from level 2 down to `markdown.toc_depth`."""
    backlinks: tuple[PageLink, ...]
    """The pages that link to this one (each a PageLink, as `previous`)."""
    used_in: tuple[FormUse, ...]
    """For a form: the programmes using it (`use.programme`: url, title, summary, language),
    and in which phases and milestones (`use.parts`, their names)."""
    glance: str | None
    """For a programme: its printable one-page summary."""
    calendar: str | None
    """For a programme with a start date: its .ics file."""
    pdf: bool
    """True when the page is rendered for a PDF (every tick box is its own field)."""
    pdf_url: str | None
    """This form's PDF, or this programme's one-page PDF, when PDFs are built."""
    handbook_pdf: str | None
    """The whole handbook as one PDF, when PDFs are built."""
    translations: tuple[Translation, ...]
    """In a handbook in several languages: this page in each other language."""
    home_url: str
    """The home page of this language, from the site root: 'index.html', 'fr/index.html'."""
    search_index: str
    """The search index of this language, from the site root."""
    records_url: str
    """"My records" of this language, from the site root: every form's records on the reader's device."""
    print_url: str | None
    """The page to print from the browser: on the home page the whole handbook's, on a section's page the section's."""
    print_forms_url: str
    """Every form of this language, blank, to print from the browser, from the site root."""
    phase_prints: tuple[str, ...]
    """For a programme: each phase's pack to print (its summary and the phase's forms), in phase order."""
    gather_url: str
    """The coordinator's page of this language, from the site root: answers gathered from exported files."""
    generator: str


def relative_url(from_url: str, target: str) -> str:
    """Address of `target` (site-relative, may hold '#x') seen from `from_url`.

    Pure string work (no os.path calls): it runs for every link of every page.
    """
    path, hash_, fragment = target.partition("#")
    if path == from_url and hash_:
        return f"#{fragment}"
    here = from_url.split("/")[:-1]
    there = path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    return (rel or "./") + (f"#{fragment}" if hash_ else "")


def root_prefix(url: str) -> str:
    return "../" * url.count("/")


def resolve_links(page: Page, fragment: str, href: Callable[[str], str]) -> Markup:
    """HTML from the parser with each link placeholder replaced by `href(target)`."""

    def replace(match: re.Match[str]) -> str:
        return html.escape(href(page.targets[int(match.group(1))]), quote=True)

    return Markup(PLACEHOLDER_RE.sub(replace, fragment))


class Made(Markup):
    """HTML that a pure function made from the inputs it keeps: a fingerprint
    takes those (most already taken for other entries) instead of the text.
    Made by `later`, it stays empty until `complete` makes it."""

    made_from: tuple[str, tuple[object, ...]]
    make: Callable[[], str] | None = None


def made(function: Callable[..., str], *inputs: object) -> Made:
    """`function(*inputs)`, keeping its inputs."""
    return _made(function.__qualname__, functools.partial(function, *inputs), inputs, True)


def _made(name: str, make: Callable[[], str], inputs: tuple[object, ...], now: bool) -> Made:
    """What `make()` gives (now, or at `complete`), known to a fingerprint as `name` of `inputs`."""
    result = Made(make() if now else "")
    result.made_from = (name, inputs)
    result.make = None if now else make
    return result


def complete(context: PageContext) -> PageContext:
    """The context with its entries made later made now, to render it.
    (Why later: a cached build or the preview takes every page's fingerprint,
    from the inputs alone, but renders only the changed pages.)"""
    for name, value in context.items():
        if type(value) is Made and value.make is not None:
            context[name] = _made(value.made_from[0], value.make, value.made_from[1], True)  # type: ignore[literal-required]
    return context


def page_body(page: Page, href: Callable[[str], str]) -> Markup:
    """The page's body, its links made with `href`."""
    return resolve_links(page, page.body_html, href)


def long_section(site: Site, page: Page) -> tuple[NavItem, ...]:
    """A section page's entries, when the navigation cannot show them all."""
    item = site.items.get(page.url)
    if item is None or len(item.children) <= NAV_LIMIT:
        return ()
    return item.children


def page_context(
    site: Site,
    page: Page,
    href: Callable[[str], str] | None = None,
    pdf: bool = False,
    memo: NavMemo | None = None,
    later: bool = False,
) -> PageContext:
    """What `page`'s template sees. `href` turns a site-relative target into a
    link (default: relative to the page); `pdf` is true when rendering for a
    PDF, which shows no navigation: its entries are empty, so that a PDF
    depends on its own page alone. `memo` is shared by the pages rendered
    together (see nav_html). With `later`, the body is made only by `complete`."""
    if href is None:
        href = functools.partial(relative_url, page.url)
    else:
        memo = None  # the memo holds links relative to the page's folder
    link = href
    depth = site.config.markdown.toc_depth
    screen = not pdf  # what only a screen shows: navigation, neighbours, contents, links here, translations
    position = site.position.get(page.url, -1) if screen else -1
    previous = page_link(site.by_url[site.order[position - 1]]) if position > 0 else None
    following = page_link(site.by_url[site.order[position + 1]]) if 0 <= position < len(site.order) - 1 else None
    trail = site.trail.get(page.url, ()) if screen else ()
    now = not later
    return PageContext(
        site=site,
        config=site.config,
        t=site.words,
        page=page,
        home=page_link(site.home) if site.home is not None else None,
        content=_made("page_body", functools.partial(page_body, page, link), (page, link), now),
        html=lambda fragment: resolve_links(page, fragment, link),
        forms=site.forms,
        root=root_prefix(page.url),
        url=link,
        nav=site.nav if screen else (),
        # Made now, and known to a fingerprint by its text: a title changed in one section leaves other sections' navigation as it was.
        nav_html=Markup(nav_html(site.nav, page.url, trail, link, site.words, memo=memo) if screen else ""),
        section=long_section(site, page) if screen else (),
        trail=trail,
        previous=previous,
        next=following,
        toc=tuple(h for h in page.headings if 2 <= h.level <= depth) if screen else (),
        backlinks=tuple(map(page_link, site.backlinks.get(page.url, ()))) if screen else (),
        used_in=site.form_uses.get(page.url, ()),
        glance=glance_url(page) if page.programme else None,
        calendar=calendar_url(page) if page.programme and page.programme.start else None,
        pdf=pdf,
        pdf_url=pdf_url(page) if site.config.pdf else None,
        handbook_pdf=handbook_pdf(site) if site.config.pdf else None,
        translations=site.translations.get(page.url, ()) if screen else (),
        home_url=site.prefix + "index.html",
        search_index=site.prefix + SEARCH_INDEX,
        records_url=site.prefix + RECORDS,
        gather_url=site.prefix + GATHER,
        print_url=site.prefix + PRINT if site.home is not None and site.home.url == page.url else section_print_url(page),
        print_forms_url=site.prefix + PRINT_FORMS,
        phase_prints=tuple(phase_print_url(page.url, n) for n in range(1, len(page.programme.phases) + 1)) if page.programme else (),
        generator=f"mentorkit {__version__}",
    )


def page_template_context(
    site: Site, page: Page, template: str, pdf: bool = False, memo: NavMemo | None = None, later: bool = False
) -> PageContext:
    """What `template` sees when rendering `page`: the page's context, and
    for its one-page summary, links to the other languages' summaries."""
    context = page_context(site, page, pdf=pdf, memo=memo, later=later)
    if template == GLANCE_TEMPLATE:
        context["translations"] = tuple(
            replace(other, url=glance_url_of(other.url)) if other.translated else other for other in context["translations"]
        )
    return context


def render_page(
    env: jinja2.Environment, site: Site, page: Page, template: str | None = None, pdf: bool = False, memo: NavMemo | None = None
) -> str:
    name = template or page.template
    return env.get_template(name).render(page_template_context(site, page, name, pdf, memo))


def not_found_context(site: Site) -> dict[str, object]:
    """What 404.html sees. It is served for any missing address, so its links use base_url when known."""
    root = site.config.base_url or ""
    if root and not root.endswith("/"):
        root += "/"
    return {
        "site": site,
        "config": site.config,
        "t": site.words,
        "root": root,
        "nav": site.nav,
        "url": functools.partial(operator.add, root),
        "translations": (),
        "home_url": site.prefix + "index.html",
        "search_index": site.prefix + SEARCH_INDEX,
        "generator": f"mentorkit {__version__}",
    }


def records_context(site: Site, path: str) -> dict[str, object]:
    """What records.html sees: "My records", every form of this language for the scripts to show records of."""
    link = functools.partial(relative_url, path)
    return {
        "site": site,
        "config": site.config,
        "t": site.words,
        "root": root_prefix(path),
        "url": link,
        "nav": site.nav,
        "nav_html": Markup(nav_html(site.nav, path, (), link, site.words)),
        "forms": site.forms,
        "forms_meta": [form_meta(page, site.words) for page in site.forms],
        "translations": tuple(
            Translation(other, other.home[: -len("index.html")] + RECORDS, True)
            for other in site.languages
            if other.code != site.config.language
        ),
        "home_url": site.prefix + "index.html",
        "search_index": site.prefix + SEARCH_INDEX,
        "generator": f"mentorkit {__version__}",
    }


def language_choice_context(sites: tuple[Site, ...]) -> dict[str, object]:
    """What languages.html sees: the site's front door in a handbook in several languages."""
    first = sites[0]
    return {
        "site": first,
        "sites": sites,
        "config": first.config,
        "t": first.words,
        "root": "",
        "url": str,
        "translations": (),
        "home_url": "index.html",
        "generator": f"mentorkit {__version__}",
    }


def sitemap(base_url: str, urls: tuple[str, ...]) -> str:
    base = base_url.rstrip("/") + "/"
    entries = "".join(f"  <url><loc>{html.escape(base + url)}</loc></url>\n" for url in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}</urlset>\n'
