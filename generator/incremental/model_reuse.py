"""Incremental: the preview's shortcut for saves that change only a page's text.

Most saves while writing change a paragraph: the page keeps its title,
front matter, headings and links, so the model is the last build's with
that page's HTML put in, which is exactly what build_sites would make from
the same parse (tests/test_incremental.py compares the two). Which outputs
show the new text is for the fingerprints to find, as after any change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from generator.errors import Problem
from generator.model.types import Page, Parsed, Site


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


def changed_texts(last: LastModel, parsed: Sequence[tuple[str, Parsed]]) -> dict[str, Page] | None:
    """Each page whose parse differs from the last build's only in its HTML
    (and so its source's hash), by content-relative path; None when anything
    else differs (a title, a heading, a link, a problem, a file added or gone)."""
    if len(parsed) != len(last.parsed):
        return None
    texts: dict[str, Page] = {}
    for rel, (page, problems) in parsed:
        before = last.parsed.get(rel)
        if before is None:
            return None
        old_page, old_problems = before
        if page is old_page:
            continue
        if page is None or old_page is None or problems != old_problems:
            return None
        if replace(old_page, body_html=page.body_html, source_digest=page.source_digest) != page:
            return None
        texts[rel] = page
    return texts


def with_texts(sites: tuple[Site, ...], texts: Mapping[str, Page]) -> tuple[Site, ...]:
    """The sites with those pages' new HTML (and source hash)."""
    new: dict[int, Page] = {}
    for site in sites:
        for page in site.pages:
            if page.rel in texts:
                new[id(page)] = replace(page, body_html=texts[page.rel].body_html, source_digest=texts[page.rel].source_digest)
    if not new:
        return sites

    def swap(page: Page) -> Page:
        return new.get(id(page), page)

    changed = [
        replace(
            site,
            pages=tuple(map(swap, site.pages)),
            home=swap(site.home) if site.home is not None else None,
            by_url={url: swap(page) for url, page in site.by_url.items()},
            backlinks={url: tuple(map(swap, pages)) for url, pages in site.backlinks.items()},
            forms=tuple(map(swap, site.forms)),
        )
        for site in sites
    ]
    return tuple(changed)
