"""Render: pages to print from any browser, no PDF engine needed.

The whole handbook of a language (`print.html` beside its home), a section
(`print.html` in its folder), a programme phase's pack (the programme at a
glance and the forms of that phase, blank) and every form blank
(`print-forms.html`). Each is one HTML document of chapters, each chapter a
page rendered with the handbook PDF's `handbook-chapter.html`; the theme's
`print.css` starts each on a new sheet and keeps a form's fields whole.

A page's chapter is rendered once per build, beside the page itself (in
the workers; with the cache, only when its fingerprint is new), its links
marked; each document then turns a marked link into a link inside it when the page it
leads to is in the document, else into a link to the site with the address
printed after it (`data-print-url`).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from generator.model.outputs import Output
from generator.model.types import Page, Site
from generator.render.context import PageContext, page_context, relative_url
from generator.render.marked_addresses import MARKED, mark_relative, marked
from generator.render.pdf import anchor_id, handbook_order, prefix_ids

PRINT_TEMPLATE = "print.html"
CHAPTER_TEMPLATE = "handbook-chapter.html"
GLANCE_TEMPLATE = "print-glance.html"
PRINT_TEMPLATES = (PRINT_TEMPLATE, CHAPTER_TEMPLATE, GLANCE_TEMPLATE)
_SPACE = re.compile(r"\s")
"""White space in an address printed on paper: written %20, so that the address reads as one and can be typed."""
_LINK_TEXT = re.compile(r"[^<>]*>([^<]*)</a>")
"""The rest of a link's tag and its text, when it is only text."""


@dataclass(frozen=True, slots=True)
class PrintPlan:
    """What one print page holds."""

    kind: str
    """handbook, section, pack or forms."""
    title: str
    back: str | None
    """The page it prints from (the section's index page, the programme), site-relative."""
    glance: Page | None
    """For a phase's pack: the programme, shown at a glance first."""
    chapters: tuple[Page, ...]
    forms: tuple[Page, ...]
    """Printed after the chapters, blank."""


def print_plan(site: Site, output: Output) -> PrintPlan:
    """What the print page `output` of `site` holds, in reading order."""
    if output.kind == "print_handbook":
        chapters, forms = handbook_order(site)
        home = site.home.url if site.home else None
        return PrintPlan("handbook", site.config.title, home, None, tuple(chapters), tuple(forms))
    if output.kind == "print_forms":
        return PrintPlan("forms", site.words("print.forms_title"), None, None, (), site.forms)
    assert output.page is not None
    page = site.by_url[output.page]
    if output.kind == "print_section":
        folder = posixpath.dirname(page.url) + "/"
        chapters, forms = handbook_order(site)
        inside = [p for p in chapters if p.url.startswith(folder)]
        inside.sort(key=lambda p: p.url != page.url)  # the section's own page first
        return PrintPlan("section", page.title, page.url, None, tuple(inside), tuple(p for p in forms if p.url.startswith(folder)))
    assert page.programme is not None
    phase = page.programme.phases[output.phase - 1]
    used = dict.fromkeys(ref.url for ref in phase.forms if ref.url in site.by_url)
    title = site.words("print.pack_title", programme=page.title, phase=phase.name)
    return PrintPlan("pack", title, page.url, page, (), tuple(site.by_url[url] for url in used))


ChapterKey = tuple[int, str, str]
"""A chapter: its site's index, its page's URL and the template it is rendered with."""


def wanted_chapters(plans: Mapping[str, tuple[int, PrintPlan]]) -> dict[tuple[int, str], tuple[str, ...]]:
    """The chapters the print pages hold: for each page (site index, URL), the templates it is printed with."""
    wanted: dict[tuple[int, str], dict[str, None]] = {}
    for index, plan in plans.values():
        if plan.glance is not None:
            wanted.setdefault((index, plan.glance.url), {})[GLANCE_TEMPLATE] = None
        for page in (*plan.chapters, *plan.forms):
            wanted.setdefault((index, page.url), {})[CHAPTER_TEMPLATE] = None
    return {key: tuple(templates) for key, templates in wanted.items()}


def chapter_context(site: Site, page: Page, later: bool = False) -> PageContext:
    """What a chapter's template sees: the page as printed, its links marked (see page_context for `later`)."""
    return page_context(site, page, href=marked, pdf=True, later=later)


_CLOSED_DETAILS = re.compile(r"<details(?=[\s>])(?![^>]*\sopen[\s=>])", re.I)
"""A <details> element's start tag without `open`."""


def opened_details(text: str) -> str:
    """Raw HTML's <details> opened: a browser prints a closed one's summary alone, its text
    left off the sheet (the handbook PDF prints it whole)."""
    return _CLOSED_DETAILS.sub(lambda match: match.group() + " open", text)


def render_chapter(env: jinja2.Environment, template: str, context: PageContext) -> str:
    """A page's chapter, its raw HTML's addresses marked and its <details> open, its ids made unique within the print page."""
    url = context["page"].url
    return prefix_ids(opened_details(mark_relative(env.get_template(template).render(context), url)), anchor_id(url))


@dataclass
class Chapters:
    """Each chapter's HTML, and with the cache its fingerprint, made beside its page (render/site.py)."""

    html: dict[ChapterKey, str] = field(default_factory=dict)
    fingerprints: dict[ChapterKey, str] = field(default_factory=dict)

    def held(self, index: int, plan: PrintPlan) -> list[tuple[ChapterKey, Page]]:
        held = [((index, plan.glance.url, GLANCE_TEMPLATE), plan.glance)] if plan.glance else []
        return held + [((index, page.url, CHAPTER_TEMPLATE), page) for page in (*plan.chapters, *plan.forms)]


def print_inputs(index: int, plan: PrintPlan, site: Site, chapters: Chapters) -> dict[str, object]:
    """What a print page is made from: its plan, the settings and words, and (with
    the cache) each chapter's fingerprint, its context's, as a page's own is
    taken; not the whole Site, so that editing a page remakes only the print
    pages that hold it."""
    inputs: dict[str, object] = {"plan": plan, "config": site.config, "words": site.words}
    if chapters.fingerprints:
        inputs["chapters"] = tuple(chapters.fingerprints[key] for key, _ in chapters.held(index, plan))
    return inputs


def resolve_marks(text: str, url: str, held: Mapping[str, tuple[str, str]], base_url: str | None, own: str = "") -> Markup:
    """Marked links of `text`, the chapter of the page at `own`, as seen from the print
    page at `url`: to a chapter when its page is held (`held`: each page's URL, its
    title and the words printed after a link to it from another chapter, where the
    browser cannot print a page number; not after a link that reads as the title
    already), else to the site, with the address to print (base_url's if set)."""

    def link(match: re.Match[str]) -> str:
        target = html.unescape(match.group(1))
        is_link = match.string.endswith("href=", 0, match.start())
        path, hash_, fragment = target.partition("#")
        if is_link and path in held:
            title, words = held[path]
            shown = _LINK_TEXT.match(match.string, match.end())
            named = shown is not None and html.unescape(shown.group(1)).strip() == title
            see = "" if path == own or named else f' data-see="{html.escape(words, quote=True)}"'
            return f'"#{anchor_id(path)}' + (f"--{html.escape(fragment)}" if hash_ and fragment else "") + f'" data-xref{see}'
        address = html.escape(relative_url(url, target), quote=True)
        if not is_link:
            return f'"{address}"'
        whole = base_url.rstrip("/") + "/" + target if base_url else target
        printed = html.escape(_SPACE.sub(lambda space: quote(space.group()), whole), quote=True)
        return f'"{address}" data-print-url="{printed}"'

    return Markup(MARKED.sub(link, text))


def render_print_page(env: jinja2.Environment, chapters: Chapters, site: Site, index: int, url: str, plan: PrintPlan) -> str:
    """The print page at `url` of the site at `index`."""
    pages = (*plan.chapters, *plan.forms, *((plan.glance,) if plan.glance else ()))
    held = {p.url: (p.title, site.words("print.see_chapter", title=p.title)) for p in pages}

    def part(page: Page, template: str = CHAPTER_TEMPLATE) -> dict[str, object]:
        text = chapters.html[index, page.url, template]
        return {"id": anchor_id(page.url), "page": page, "html": resolve_marks(text, url, held, site.config.base_url, page.url)}

    return env.get_template(PRINT_TEMPLATE).render(
        config=site.config,
        t=site.words,
        plan=plan,
        title=plan.title,
        glance=part(plan.glance, GLANCE_TEMPLATE) if plan.glance else None,
        chapters=[part(p) for p in plan.chapters],
        forms=[part(p) for p in plan.forms],
        back=relative_url(url, plan.back) if plan.back else None,
        root="../" * url.count("/"),
    )
