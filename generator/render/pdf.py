"""Render: PDFs of every form, of each programme's summary, and of the whole
handbook, made with WeasyPrint (the optional extra `[pdf]`, see the README's Installing).

PDFs are made from the HTML the build has just rendered, fetched from memory
(never from disk or network); templates add the theme's `handbook.css`. With
SOURCE_DATE_EPOCH set, the same sources give byte-identical PDFs.
"""

from __future__ import annotations

import datetime
import hashlib
import html as html_escape
import mimetypes
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from generator.errors import InputError, MentorkitError, Problem
from generator.gc_pause import cyclic_gc_running
from generator.model.outputs import GLANCE_TEMPLATE, chapter_anchor, glance_url
from generator.model.types import Page, Site
from generator.render.context import page_context, render_page
from generator.render.marked_addresses import MARKED, mark_relative, marked

BASE = "https://site.mentorkit.invalid/"
TAGGED = "pdf/ua-1"
"""Tagged for screen readers: a structure tree (headings, lists, tables, form
fields in reading order), the language and the title, as PDF/UA-1 asks."""
LOWEST_WEASYPRINT = 70
"""The floor pyproject.toml's [pdf] extra declares; one installed on its own may be older."""
PIP_INSTALL = f"pip install 'weasyprint>={LOWEST_WEASYPRINT}'"
INSTALL_HINT = f"install it beside mentorkit: {PIP_INSTALL} (it also needs the Pango library: apt-get install libpango-1.0-0)"
PANGO_HINT = "install Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 (on macOS: brew install pango)"


MAX_NESTING = 40
"""Elements inside each other that a page may hold in a PDF. WeasyPrint lays
a page out by recursion, one level per element and several for a table, and
fails past some 100 to 150 levels; handbook pages nest fewer than 20."""
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_NEVER_CLOSED = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr")
_MAY_BE_LEFT_OPEN = ("p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "colgroup", "caption")
_NOT_COUNTED = frozenset(_NEVER_CLOSED + _MAY_BE_LEFT_OPEN + ("rb", "rt", "rp"))


def nesting(html: str) -> int:
    """How many elements (of those that must be closed) stand inside each other at most in `html`.

    Elements whose end tag may be left out are not counted, so that a page of
    unclosed <p> or <li> does not look deep; a table counts once for its cells.
    """
    depth = deepest = 0
    open_tags: list[str] = []
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _NOT_COUNTED or self_closing:
            continue
        if not closing:
            open_tags.append(name)
            depth += 1
            deepest = max(deepest, depth)
        elif name in open_tags:  # closes it and whatever was left open inside it
            while open_tags and open_tags.pop() != name:
                depth -= 1
            depth -= 1
    return deepest


def too_deep(page: Page) -> Problem | None:
    """A problem when the page's HTML nests too deeply for WeasyPrint to print it."""
    html = page.body_html
    if html.count("<") <= MAX_NESTING:  # most pages: not enough tags to be that deep
        return None
    deepest = nesting(html)
    if deepest <= MAX_NESTING:
        return None
    return Problem(
        page.source,
        None,
        f"its HTML has {deepest:,} elements inside each other, too many to print as a PDF (up to {MAX_NESTING})",
        "nest fewer HTML elements inside each other on this page, or build without --pdf",
    )


def load_weasyprint() -> Any:
    """The weasyprint module, or a clear error saying how to install it."""
    try:
        import weasyprint
    except ImportError:
        raise MentorkitError([Problem("--pdf", None, "PDFs need WeasyPrint, which is not installed", INSTALL_HINT)]) from None
    except OSError:
        raise MentorkitError(
            [Problem("--pdf", None, "WeasyPrint is installed but cannot load the Pango library it draws text with", PANGO_HINT)]
        ) from None
    quick_page_references()
    version = str(getattr(weasyprint, "__version__", "0"))
    major = re.match(r"\d+", version)
    if major is None or int(major.group()) < LOWEST_WEASYPRINT:
        problem = f"WeasyPrint {version} is installed, which is too old: mentorkit needs {LOWEST_WEASYPRINT} or later"
        hint = f"upgrade it beside mentorkit: pip install --upgrade 'weasyprint>={LOWEST_WEASYPRINT}'"
        raise MentorkitError([Problem("--pdf", None, problem, hint)])
    return weasyprint


def quick_page_references() -> None:
    """Make pydyf's `PDF.page_references` build its tuple once per page count.

    Why: it builds a tuple of every page's reference each time it is read,
    and WeasyPrint reads it for each tagged element and each anchor, so
    writing a big handbook grew with pages x elements (figures in
    docs/performance.md). Pages are only ever added (`add_page` extends the
    list), so the tuple is remade whenever their number changes. The PDF's
    bytes are the same (tests/unit/render/test_pdf.py).
    """
    import pydyf

    built = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(built, property) or built.fget is None or getattr(built.fget, "remade_per_page_count", False):
        return  # another pydyf, or done already

    build = built.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = pdf.pages["Kids"]
        known = pdf.__dict__.get("_page_references")
        if known is None or known[0] != len(kids):
            known = pdf.__dict__["_page_references"] = (len(kids), build(pdf))
        references: tuple[bytes, ...] = known[1]
        return references

    page_references.remade_per_page_count = True  # type: ignore[attr-defined]
    page_references.as_shipped = built  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


@dataclass(frozen=True, slots=True)
class Chapter:
    """A page as a part of the handbook PDF."""

    id: str
    page: Page
    html: Markup


def anchor_id(url: str) -> str:
    """'guide/clear-expectations.html' -> 'guide-clear-expectations' (model/outputs.py's chapter_anchor)."""
    return chapter_anchor(url)


_MARK = "#mk-page:"
_ID_NAMES = ("id", "for", "aria-describedby", "aria-labelledby", "name", "data-table", "data-mirror")
_ID_ATTR_ENDS = tuple(space + name for name in _ID_NAMES for space in " \t\n\r\f")
"""Attributes naming ids or fields, with the white space that separates them
from what comes before (so not the end of another's name: `data-file-name`)."""
_VALUE = re.compile(r'="([^"]*)"')
"""An attribute's value: a literal start, which the engine skips to (print pages are megabytes)."""
_LOCAL_HREF = re.compile(r'href="#(?!mk-page:)([^"]*)"')


def prefix_ids(html: str, prefix: str) -> str:
    """Make a page's ids (and field names) unique inside the one-document handbook."""

    def value(match: re.Match[str]) -> str:
        if not match.string.endswith(_ID_ATTR_ENDS, 0, match.start()):
            return match.group(0)
        values = " ".join(f"{prefix}--{v}" for v in match.group(1).split())
        return f'="{values}"'

    html = _VALUE.sub(value, html)
    html = _LOCAL_HREF.sub(lambda m: f'href="#{prefix}--{m.group(1)}"', html)
    return html.replace(_MARK, "#")


def handbook_order(site: Site) -> tuple[list[Page], list[Page]]:
    """Pages in reading order, and the forms, which go to the appendix."""
    ordered = [site.by_url[url] for url in site.order]
    ordered += [page for page in site.pages if page.url not in site.position]
    return [p for p in ordered if p.form is None], [p for p in ordered if p.form is not None]


def handbook_href(site: Site) -> Callable[[str], str]:
    def href(target: str) -> str:
        path, _, fragment = target.partition("#")
        if path in site.by_url:
            return f"{_MARK}{anchor_id(path)}" + (f"--{fragment}" if fragment else "")
        return target  # an image or a download: relative to the site root, as the handbook is

    return href


def render_handbook(env: jinja2.Environment, site: Site, today: datetime.date, created: str | None) -> str:
    chapters, forms = handbook_order(site)
    href = handbook_href(site)

    def resolved(match: re.Match[str]) -> str:
        return '"' + html_escape.escape(href(html_escape.unescape(match.group(1))), quote=True) + '"'

    def chapter(page: Page) -> Chapter:
        context = page_context(site, page, href=marked, pdf=True)
        html = MARKED.sub(resolved, mark_relative(env.get_template("handbook-chapter.html").render(context), page.url))
        return Chapter(anchor_id(page.url), page, Markup(prefix_ids(html, anchor_id(page.url))))

    return env.get_template("handbook.html").render(
        site=site,
        config=site.config,
        t=site.words,
        chapters=[chapter(p) for p in chapters],
        appendix=[chapter(p) for p in forms],
        today=today,
        created=created,
        root="",
    )


def handbook_fingerprint(
    site: Site, context_fingerprint: Callable[[str, Mapping[str, Any]], str], today: datetime.date
) -> tuple[str, tuple[str, ...]]:
    """The handbook's fingerprint, taken as a form's PDF's is: of what its
    template reads, each chapter standing for its own template's context.
    Not of the whole Site, which also holds what the handbook never shows
    (the navigation, the other languages' titles), so that a change there
    does not remake it. `context_fingerprint` is the build cache's."""
    chapters, forms = handbook_order(site)

    def chapter(page: Page) -> str:
        return context_fingerprint("handbook-chapter.html", page_context(site, page, href=marked, pdf=True))

    context = {
        "site": site,  # only if a theme's handbook.html reads it
        "config": site.config,
        "t": site.words,
        "chapters": tuple(chapter(p) for p in chapters),
        "appendix": tuple(chapter(p) for p in forms),
        "today": today,
        "root": "",
    }
    return context_fingerprint("handbook.html", context), tuple(site.by_url)  # the pages its links lead to inside it (handbook_href)


def _fetcher(weasyprint: Any, files: dict[str, bytes]) -> Any:
    class MemoryFetcher(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        """Serves the files the build rendered; nothing else, from nowhere else."""

        def fetch(self, url: str, headers: object = None) -> Any:
            path = url.split("#")[0].split("?")[0]
            if not path.startswith(BASE) or path[len(BASE) :] not in files:
                raise ValueError(f"not part of the site: {url}")
            name = path[len(BASE) :]
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            return weasyprint.urls.URLFetcherResponse(url, files[name], headers={"Content-Type": kind})

    return MemoryFetcher()


class PdfMaker:
    """Makes the build's PDFs, one at a time, with WeasyPrint (loaded once)."""

    def __init__(self, env: jinja2.Environment, files: Mapping[str, bytes], stamp: datetime.datetime | None) -> None:
        self.env = env
        self.weasyprint = load_weasyprint()
        self.fetcher = _fetcher(self.weasyprint, dict(files))
        self.created = stamp.strftime("%Y-%m-%dT%H:%M:%SZ") if stamp else None
        self.today = stamp.date() if stamp else datetime.date.today()

    def prepared(self, html: str, forms: bool) -> tuple[str, dict[str, Any]]:
        """`html` with its creation date, and WeasyPrint's options for it (its identifier is of the HTML)."""
        if self.created:
            html = html.replace("<head>", f'<head>\n<meta name="dcterms.created" content="{self.created}">', 1)
        identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
        return html, {"pdf_forms": forms, "pdf_identifier": identifier, "pdf_variant": TAGGED}

    @staticmethod
    def base_url(url: str) -> str:
        """Where a document standing at `url` in the site fetches its files from (the fetcher's)."""
        return BASE + url

    def _write(self, html: str, url: str, forms: bool) -> bytes:
        html, options = self.prepared(html, forms)
        try:
            document = self.weasyprint.HTML(string=html, base_url=self.base_url(url), url_fetcher=self.fetcher)
            with cyclic_gc_running():
                pdf: bytes = document.write_pdf(**options)
        except RecursionError:  # deeper than too_deep tells (a theme's own nesting adds to the page's)
            raise too_deep_to_print() from None
        return pdf

    def document(self, html: str, url: str, forms: bool) -> bytes:
        """Any page's HTML, as if it stood at `url` in the site (the packs' pages)."""
        return self._write(html, url, forms)

    def page(self, site: Site, page: Page) -> bytes:
        """A form, with fields to fill in, or a programme's one-page summary."""
        if page.form is not None:
            return self._write(render_page(self.env, site, page, pdf=True), page.url, forms=True)
        html = self.env.get_template(GLANCE_TEMPLATE).render(page_context(site, page, pdf=True))
        return self._write(html, glance_url(page), forms=False)

    def printed(self, template: str, context: Mapping[str, Any], url: str, forms: bool) -> bytes:
        """`template` rendered with `context` (the one its fingerprint was taken of), as a PDF standing at `url`."""
        return self._write(self.env.get_template(template).render(context), url, forms)

    def handbook_html(self, site: Site) -> str:
        """The whole handbook as one HTML document, standing at the site's root ("handbook.html")."""
        return render_handbook(self.env, site, self.today, self.created)

    def handbook(self, site: Site) -> bytes:
        """The whole handbook, made as if it stood at the site's root, where its links and images start."""
        return self._write(self.handbook_html(site), "handbook.html", forms=True)


def too_deep_to_print() -> InputError:
    """WeasyPrint ran out of recursion laying a page out."""
    return InputError(
        "its HTML has too many elements inside each other to print as a PDF",
        "nest fewer HTML elements inside each other, or build without --pdf",
    )
