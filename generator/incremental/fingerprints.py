"""Render: what each output depends on, as a fingerprint.

A page's output is re-rendered only when its fingerprint changes: its
source, where its links lead, what the navigation around it shows, the
pages linking to it, the templates it is rendered with, and the config.
Nothing here looks at file times. A theme whose templates read `site.`
beyond `site.home` makes every page depend on every other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import jinja2

from generator import __version__
from generator.incremental.cache import digest
from generator.model.nav import visible_children, window_start
from generator.model.types import NavItem, Page, Site

_SITE_WIDE = re.compile(r"\bsite\.(?!home\b)\w+")


_REFERENCE = re.compile(r"""{%-?\s*(?:extends|include|import|from)\s+(?:(["'])(.+?)\1|(\S))""")


def referenced_templates(source: str) -> tuple[list[str], bool]:
    """Templates a template names, and whether it names any by a variable.

    A regular expression rather than Jinja's parser: a build asks this of
    every template, and parsing them all cost a tenth of a second.
    """
    names, dynamic = [], False
    for match in _REFERENCE.finditer(source):
        if match.group(2) is not None:
            names.append(match.group(2))
        else:
            dynamic = True
    return names, dynamic


def template_digests(env: jinja2.Environment, names: Iterable[str]) -> dict[str, tuple[str, bool]]:
    """For each template: a digest of it and every template it uses, and
    whether any of them reads the whole site."""
    result: dict[str, tuple[str, bool]] = {}
    for name in names:
        seen: dict[str, str] = {}
        queue = [name]
        dynamic = False
        while queue:
            current = queue.pop()
            if current in seen:
                continue
            try:
                source = env.loader.get_source(env, current)[0] if env.loader else ""
            except jinja2.TemplateNotFound:
                source = ""
            seen[current] = source
            refs, by_variable = referenced_templates(source)
            dynamic = dynamic or by_variable
            queue.extend(refs)
        if dynamic:  # a template chosen at render time: depend on them all
            for other in env.list_templates():
                seen.setdefault(other, env.loader.get_source(env, other)[0] if env.loader else "")
        site_wide = any(_SITE_WIDE.search(source) for source in seen.values())
        result[name] = (digest(sorted(seen.items())), site_wide)
    return result


def _nav_view(items: tuple[NavItem, ...], page: Page, trail: tuple[NavItem, ...]) -> tuple[object, ...]:
    """What the navigation shows on `page`: open sections list their entries
    (those around the page, in a long section, and how many there are)."""
    view: list[object] = []
    above = {id(item) for item in trail}
    for item in items:
        open_ = item.url == page.url or id(item) in above
        if open_ and item.children:
            shown, partial = visible_children(item, page.url, trail)
            inner: object = (_nav_view(shown, page, trail), len(item.children) if partial else 0)
        else:
            inner = bool(item.children)
        view.append((item.title, item.url, inner))
    return tuple(view)


def site_digest(site: Site) -> str:
    return digest([(p.url, p.title, p.summary, p.type, p.order, sorted(map(str, p.meta.items()))) for p in site.pages])


def nav_digests(site: Site, only: set[str] | None = None) -> dict[str, str]:
    """For each page (or those whose URLs are in `only`), a digest of the navigation it shows.

    Pages of one section share one view (only the open section differs), so
    each view is built once: on a 5,000-page site this was most of the time
    a one-page rebuild spent on fingerprints.
    """
    everything = _all_items(site.nav)
    position = {id(child): index for item in everything for index, child in enumerate(item.children)}
    views: dict[tuple[object, ...], str] = {}
    result: dict[str, str] = {}
    for page in site.pages if only is None else [p for p in site.pages if p.url in only]:
        trail = site.trail.get(page.url, ())
        current = site.items.get(page.url)
        chain = [*trail, current] if current is not None else list(trail)
        # The view is fixed by which sections are open and, in long ones, where the window starts.
        key = tuple(
            (id(item), window_start(len(item.children), position.get(id(chain[k + 1]), 0) if k + 1 < len(chain) else 0))
            for k, item in enumerate(chain)
            if item.children
        )
        if key not in views:
            views[key] = digest(_nav_view(site.nav, page, trail))
        result[page.url] = views[key]
    return result


def _all_items(items: tuple[NavItem, ...]) -> list[NavItem]:
    found = list(items)
    for item in items:
        found += _all_items(item.children)
    return found


def page_fingerprint(
    site: Site, page: Page, source_digest: str, template: tuple[str, bool], global_key: str, whole_site: str, nav: str
) -> str:
    position = site.position.get(page.url, -1)
    neighbours = [site.order[i] for i in (position - 1, position + 1) if position >= 0 and 0 <= i < len(site.order)]
    forms = [(f.url, f.title, f.summary, f.form.roles, f.form.use) for f in site.forms if f.form] if page.type == "forms" else None
    return digest(
        global_key,
        template[0],
        whole_site if template[1] else "",
        source_digest,
        page.targets,
        page.programme,
        page.form,  # a translated form's fields come from its original's source
        site.translations.get(page.url),
        nav,
        [(url, site.by_url[url].title) for url in neighbours],
        [(p.url, p.title) for p in site.backlinks.get(page.url, ())],
        [(u.programme.url, u.programme.title, u.parts) for u in site.form_uses.get(page.url, ())],
        forms,
        (site.home.url, site.home.title) if site.home else None,
        [(item.url, item.title) for item in site.items[page.url].children] if page.url in site.items else None,
    )


def global_key(config: object, stamp: object, extra: Mapping[str, object] | None = None) -> str:
    return digest(__version__, config, stamp, sorted((extra or {}).items()))
