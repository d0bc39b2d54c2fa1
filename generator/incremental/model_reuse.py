"""Model: the preview's shortcut for saves that change only a page's text.

Most saves while writing change a paragraph: the page keeps its title,
front matter, headings and links. No other output shows a page's text
(see fingerprints.py: a page depends on the titles, links and headings of
others, never on their bodies), so such a save leaves the model as it was
but for that page's HTML. Building the model and every fingerprint again
was most of a one-page rebuild of a large handbook; here the last build's
model is taken with the new HTML put in, which is exactly what build_sites
would make from the same parse (tests/test_incremental.py compares the two).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from generator.errors import Problem
from generator.model.types import FormUse, Page, Site
from generator.parse.files import Parsed


@dataclass(frozen=True, slots=True)
class LastModel:
    """What the last build made of its sources, for the next one to reuse."""

    key: str
    """The settings, theme and assets the model was made with."""
    parsed: Mapping[str, Parsed]
    """Each source's parse result, by content-relative path."""
    sites: tuple[Site, ...]
    warnings: tuple[Problem, ...]
    """The model's warnings (broken links and the like)."""
    fingerprints: Mapping[str, str]


def changed_texts(last: LastModel, parsed: Sequence[tuple[str, Parsed]]) -> dict[str, str] | None:
    """For each page whose parse differs from the last build's only in its
    HTML, that HTML, by content-relative path; None when anything else
    differs (a title, a heading, a link, a problem, a file added or gone)."""
    if len(parsed) != len(last.parsed):
        return None
    texts: dict[str, str] = {}
    for rel, (page, problems) in parsed:
        before = last.parsed.get(rel)
        if before is None:
            return None
        old_page, old_problems = before
        if page is old_page:
            continue
        if page is None or old_page is None or problems != old_problems:
            return None
        if replace(old_page, body_html=page.body_html) != page:
            return None
        texts[rel] = page.body_html
    return texts


def with_texts(sites: tuple[Site, ...], texts: Mapping[str, str]) -> tuple[tuple[Site, ...], set[str]]:
    """The sites with those pages' new HTML, and the URLs of the pages changed."""
    new: dict[int, Page] = {}
    for site in sites:
        for page in site.pages:
            if page.rel in texts:
                new[id(page)] = replace(page, body_html=texts[page.rel])
    if not new:
        return sites, set()

    def swap(page: Page) -> Page:
        return new.get(id(page), page)

    def swap_uses(uses: tuple[FormUse, ...]) -> tuple[FormUse, ...]:
        return tuple(replace(use, programme=swap(use.programme)) if id(use.programme) in new else use for use in uses)

    changed = [
        replace(
            site,
            pages=tuple(map(swap, site.pages)),
            home=swap(site.home) if site.home is not None else None,
            by_url={url: swap(page) for url, page in site.by_url.items()},
            backlinks={url: tuple(map(swap, pages)) for url, pages in site.backlinks.items()},
            forms=tuple(map(swap, site.forms)),
            form_uses={url: swap_uses(uses) for url, uses in site.form_uses.items()},
        )
        for site in sites
    ]
    return tuple(changed), {page.url for page in new.values()}
