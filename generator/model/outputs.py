"""Model: where each output file goes.

Every address the build writes is decided here, from the model alone, so
that the collision check, the renderer, the writer and the cache agree.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from generator.load.config import Config
from generator.model.types import Page, Site

SEARCH_INDEX = "search-index.js"
"""Each language's search index, beside its home page."""
LANGUAGE_CHOICE = "index.html"
"""In a handbook in several languages, the page at the site's root: a link to each language."""
NOT_FOUND = "404.html"
RECORDS = "my-records.html"
"""Each language's "My records" page, beside its home page: every form's records on this device."""
GATHER = "gather-answers.html"
"""Each language's page for the coordinator, beside its home page: answers gathered from exported files."""
SITEMAP = "sitemap.xml"
HANDBOOK_PDF = "handbook.pdf"
SERVICE_WORKER = "sw.js"
"""With `offline: true`: at the site's root, so that it serves every page."""
WEB_MANIFEST = "manifest.webmanifest"
APP_ICON = "app-icon.svg"
PRINT = "print.html"
"""Each language's whole handbook to print from the browser, beside its home page;
and in a section's folder (one with an index page), that section's."""
PRINT_FORMS = "print-forms.html"
"""Each language's forms, every one blank, to print from the browser, beside its home page."""
GLANCE_TEMPLATE = "programme-glance.html"
"""The template of a programme's one-page summary."""


def page_url(rel: str, slug: str | None = None) -> str:
    """'guide/setting-goals.md' -> 'guide/setting-goals.html'.

    Pages are written as name.html (not name/index.html) so that links work
    opened from disk, where a folder opens as a listing.
    """
    folder, name = posixpath.split(rel)
    stem = slug if slug else name[: -len(".md")]
    return posixpath.join(folder, f"{stem}.html")


def glance_url(page: Page) -> str:
    """The printable one-page summary beside the programme page."""
    return glance_url_of(page.url)


def glance_url_of(url: str) -> str:
    return url[: -len(".html")] + "-at-a-glance.html"


def phase_print_url(url: str, number: int) -> str:
    """The pack to print of a programme's phase (1 for the first): the summary and that phase's forms."""
    return url[: -len(".html")] + f"-phase-{number}-print.html"


def section_print_url(page: Page) -> str | None:
    """The print page of the section whose index page this is; None for any other
    page, and for the language's home (its print page is the whole handbook's)."""
    folder, name = posixpath.split(page.local_rel)
    if name != "index.md" or not folder:
        return None
    return posixpath.join(posixpath.dirname(page.url), PRINT)


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


Kind = Literal[
    "page",
    "glance",
    "calendar",
    "search_index",
    "records",
    "gather",
    "not_found",
    "language_choice",
    "sitemap",
    "asset",
    "theme_file",
    "pdf",
    "handbook_pdf",
    "web_manifest",
    "app_icon",
    "service_worker",
    "print_handbook",
    "print_section",
    "print_pack",
    "print_forms",
]


@dataclass(frozen=True, slots=True)
class Output:
    """One file the build writes, and what it is made from."""

    kind: Kind
    site: int = 0
    """The language's Site it belongs to (its index in the build's sites)."""
    page: str | None = None
    """The URL of the page it is made from, for page, glance, calendar and pdf;
    the section's index page for print_section, the programme for print_pack."""
    phase: int = 0
    """For print_pack: the number of the phase (1 for the first)."""


def page_outputs(page: Page) -> dict[str, Output]:
    """The files a page makes: itself, for a programme its summary, each phase's
    print pack and, with a start date, its calendar, and for a section's index
    page the section's print page (without the language's Site index)."""
    files = {page.url: Output("page", page=page.url)}
    if page.programme is not None:
        files[glance_url(page)] = Output("glance", page=page.url)
        if page.programme.start is not None:
            files[calendar_url(page)] = Output("calendar", page=page.url)
        for number in range(1, len(page.programme.phases) + 1):
            files[phase_print_url(page.url, number)] = Output("print_pack", page=page.url, phase=number)
    section = section_print_url(page)
    if section is not None:
        files[section] = Output("print_section", page=page.url)
    return files


_SPACES = re.compile(r"\s")


def chapter_anchor(url: str) -> str:
    """A page's anchor in the documents that hold many pages (print pages, the handbook
    PDF): 'guide/clear-expectations.html' -> 'guide-clear-expectations', 'my forms/goal
    sheet.html' -> 'my-forms-goal-sheet'. Every id of the page's chapter starts with it, and
    an id holds no space (`aria-describedby` names ids split at spaces). render/pdf.py's
    anchor_id; here also to find two pages that share one."""
    return _SPACES.sub("-", url[: -len(".html")].replace("/", "-"))


def made_beside(output: Output) -> str:
    """What a file a page makes besides itself is, for a message: 'the page to print
    its section'; '' for the page itself."""
    return {
        "glance": "its one-page summary",
        "calendar": "its calendar",
        "print_section": "the page to print its section",
        "print_pack": f"the pack to print of its phase {output.phase}",
    }.get(output.kind, "")


GENERATED_NAMES = {
    PRINT: "the page to print the whole handbook",
    PRINT_FORMS: "the page to print every form, blank",
    RECORDS: "the “My records” page",
    GATHER: "the page that gathers answers from files",
    SEARCH_INDEX: "the search index",
    NOT_FOUND: "the page shown for an address that is not in the handbook",
    SITEMAP: "the sitemap",
    SERVICE_WORKER: "the service worker that keeps the handbook offline",
    WEB_MANIFEST: "the web app manifest",
    APP_ICON: "the app's icon",
}
"""What the files the build writes of its own are, for a message, by name."""


def generated_paths(config: Config, theme_files: Iterable[str]) -> frozenset[str]:
    """What the build writes that comes from no page or file of content/:
    theme files, 404, sitemap, search indexes, print pages, the language choice."""
    prefixes = [f"{s.code}/" for s in config.languages] or [""]
    per_language = (SEARCH_INDEX, RECORDS, PRINT, PRINT_FORMS, GATHER)
    generated = {*theme_files, NOT_FOUND, *(prefix + name for prefix in prefixes for name in per_language)}
    if config.languages:
        generated.add(LANGUAGE_CHOICE)
    if config.base_url:
        generated.add(SITEMAP)
    if config.offline:
        generated.update((SERVICE_WORKER, WEB_MANIFEST, APP_ICON))
    return frozenset(generated)


def pdf_outputs(sites: Sequence[Site]) -> dict[str, Output]:
    """The PDFs a build with them makes (which a build without them removes): each form's,
    each programme's one-page summary, the handbook's. Not a PDF of content/, copied as it is."""
    outputs: dict[str, Output] = {}
    for index, site in enumerate(sites):
        for page in site.pages:
            target = pdf_url(page)
            if target is not None:
                outputs[target] = Output("pdf", index, page.url)
        outputs[handbook_pdf(site)] = Output("handbook_pdf", index)
    return outputs


def list_outputs(sites: Sequence[Site], theme_files: Iterable[str]) -> dict[str, Output]:
    """Every file the build writes, by site-relative path, in the order they are made.

    The one list of them: the renderer makes these, the writer expects
    them, the cache keeps a fingerprint for each, `check` renders them.
    """
    first = sites[0]
    outputs: dict[str, Output] = {}
    for index, site in enumerate(sites):
        for page in site.pages:
            outputs.update((path, replace(output, site=index)) for path, output in page_outputs(page).items())
        outputs[site.prefix + SEARCH_INDEX] = Output("search_index", index)
        outputs[site.prefix + RECORDS] = Output("records", index)
        outputs[site.prefix + PRINT] = Output("print_handbook", index)
        outputs[site.prefix + PRINT_FORMS] = Output("print_forms", index)
        outputs[site.prefix + GATHER] = Output("gather", index)
    outputs[NOT_FOUND] = Output("not_found")
    if first.languages:
        outputs[LANGUAGE_CHOICE] = Output("language_choice")
    if first.config.base_url:
        outputs[SITEMAP] = Output("sitemap")
    outputs.update((asset.rel, Output("asset")) for asset in first.assets)
    outputs.update((path, Output("theme_file")) for path in theme_files)
    if first.config.pdf:
        outputs.update(pdf_outputs(sites))
    if first.config.offline:  # the worker last: it lists every other file
        outputs[WEB_MANIFEST] = Output("web_manifest")
        outputs[APP_ICON] = Output("app_icon")
        outputs[SERVICE_WORKER] = Output("service_worker")
    return outputs
