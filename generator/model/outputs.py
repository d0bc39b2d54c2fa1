"""Model: where each output file goes.

Every address the build writes is decided here, from the model alone, so
that the collision check, the renderer, the writer and the cache agree.
"""

from __future__ import annotations

from generator.model.types import Page, Site

SEARCH_INDEX = "search-index.js"
"""Each language's search index, beside its home page."""
LANGUAGE_CHOICE = "index.html"
"""In a handbook in several languages, the page at the site's root: a link to each language."""
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
HANDBOOK_PDF = "handbook.pdf"


def glance_url(page: Page) -> str:
    """The printable one-page summary beside the programme page."""
    return glance_url_of(page.url)


def glance_url_of(url: str) -> str:
    return url[: -len(".html")] + "-at-a-glance.html"


def calendar_url(page: Page) -> str:
    return page.url[: -len(".html")] + ".ics"


def pdf_url(page: Page) -> str | None:
    """The PDF beside a form (the form) or a programme (its one-page summary)."""
    if page.form is not None:
        return page.url[: -len(".html")] + ".pdf"
    if page.programme is not None:
        return glance_url(page)[: -len(".html")] + ".pdf"
    return None


def handbook_pdf(site: Site) -> str:
    """Where the handbook PDF of this language goes: 'handbook.pdf', 'fr/handbook.pdf'."""
    return site.prefix + HANDBOOK_PDF
