"""Packs: each file of a pair's pack and the coordinator's index, made from the plans. No I/O.

Pages are the theme's own templates: the programme's one-page summary
(`programme-glance.html`) with the pair's dates, each form
(`pack-form.html`, the form page without its scripts, the pair's values in
its fields), the pair's cover (`pack-pair.html`) and the index of every
pair (`pack-index.html`). A pack folder holds the theme's files too, so it
opens from disk, and can be sent on its own.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from generator import __version__
from generator.model.outputs import SEARCH_INDEX
from generator.model.types import Page, Site
from generator.packs.plan import PairPlan, SiteLinks, calendar_fragment, form_link, prefill_fragment, prefill_values
from generator.render.calendar import programme_calendar
from generator.render.context import page_context

GLANCE_TEMPLATE = "pack-glance.html"
FORM_TEMPLATE = "pack-form.html"
PAIR_TEMPLATE = "pack-pair.html"
INDEX_TEMPLATE = "pack-index.html"


@dataclass(frozen=True, slots=True)
class PackLink:
    """A form of the pack: its page in the pack, and the link that fills it in the published site."""

    form: Page
    file: str
    """The form's page in the pack folder."""
    pdf: str | None
    link: str
    """Into the published site, with the pair's values in its fragment (from the pair's folder)."""
    index_link: str
    """The same, from the coordinator's index."""
    qr: Markup | None
    """The link as a QR code (inline SVG), when the site's address is known."""
    fills: bool
    """Whether the link fills in any of the form's fields."""


def stem(page: Page) -> str:
    return posixpath.basename(page.url)[: -len(".html")]


def glance_file(plan: PairPlan) -> str:
    return stem(plan.programme) + "-at-a-glance.html"


def calendar_file(plan: PairPlan) -> str:
    return stem(plan.programme) + ".ics"


def qr_svg(link: str, title: str) -> Markup:
    """The link as a QR code: inline SVG, black on white, sized to scan from paper."""
    import segno  # pure Python: no image library, no network

    code = segno.make(link, error="m")
    svg = code.svg_inline(border=2, title=title, dark="#000", light="#fff", svgclass="pack-qr-code", omitsize=True)
    return Markup(svg)  # segno escapes the title; the rest it draws


def pack_links(plan: PairPlan, links: SiteLinks, pdf: bool, qr: bool = True) -> tuple[PackLink, ...]:
    """The pair's form links; `qr` False leaves out the QR codes (the index shows none)."""
    found = []
    taken = {"index", stem(plan.programme), glance_file(plan)[: -len(".html")]}
    for form in plan.forms:
        link = form_link(plan, form, links)
        code = qr_svg(link, form.title) if qr and links.public else None  # not too long: unprintable_links
        name = _file_stem(form, taken)
        taken.add(name)
        fills = bool(prefill_fragment(form, plan.values))
        found.append(PackLink(form, name + ".html", name + ".pdf" if pdf else None, link, form_link(plan, form, links, ""), code, fills))
    return tuple(found)


def _file_stem(form: Page, taken: set[str]) -> str:
    """The form's file name in the pack, without '.html': its own ('review'), or, when another
    file of the pack has it (two forms 'review' in two folders, a form 'index'), its path
    ('forms-late-review')."""
    name = stem(form)
    if name.lower() not in {each.lower() for each in taken}:  # one file on a disk that ignores case
        return name
    name = form.url[: -len(".html")].replace("/", "-")
    while name.lower() in {each.lower() for each in taken}:
        name += "-form"
    return name


def _href(plan: PairPlan, links: SiteLinks, own: Mapping[str, str]) -> Callable[[str], str]:
    """A link from a pack page: to the pack's own copy of a page it holds, else into the published site."""

    def href(target: str) -> str:
        path, hash_, fragment = target.partition("#")
        if path in own:
            return own[path] + (f"#{fragment}" if hash_ else "")
        return links.link(target, plan.pair.id)

    return href


def _pair_context(site: Site, plan: PairPlan, page: Page, links: SiteLinks, pack: tuple[PackLink, ...], pdf: bool) -> dict[str, Any]:
    own = {link.form.url: link.file for link in pack} | {plan.programme.url: glance_file(plan)}
    context: dict[str, Any] = dict(page_context(site, page, href=_href(plan, links, own), pdf=pdf))
    context.update(
        root="",
        pdf_url=None,
        handbook_pdf=None,
        translations=(),
        previous=None,
        next=None,
        backlinks=(),
        pair=plan.pair,
        pack=pack,
        pack_link=next((link for link in pack if link.form.url == page.url), None),
        glance_file=glance_file(plan),
        calendar_file=calendar_file(plan),
        programme_link=links.link(plan.programme.url, plan.pair.id) + calendar_fragment(plan),
        programme=plan.programme,
    )
    return context


def render_pack(
    env: jinja2.Environment, sites: Mapping[str, Site], plan: PairPlan, links: SiteLinks, pdf: bool, pdf_maker: Any = None
) -> dict[str, bytes]:
    """Every file of a pair's pack but the theme's, by path in its folder: in the pair's language
    (`sites` by language code), a form not yet translated in the handbook's first language, as the site shows it."""
    site = sites[plan.language]
    pack = pack_links(plan, links, pdf)
    files: dict[str, bytes] = {}
    folder = plan.pair.id + "/"

    def page(template: str, context: dict[str, Any], name: str, forms: bool) -> None:
        html = env.get_template(template).render(context)
        files[folder + name] = html.encode("utf-8")
        if pdf_maker is not None:
            printed = dict(context, pdf=True)
            printed_html = env.get_template(template).render(printed)
            files[folder + name[: -len(".html")] + ".pdf"] = pdf_maker.document(printed_html, folder + name, forms)

    programme = plan.programme
    page(GLANCE_TEMPLATE, _pair_context(site, plan, programme, links, pack, False), glance_file(plan), False)
    for link in pack:
        context = _pair_context(sites.get(link.form.language, site), plan, link.form, links, pack, False)
        context["filled"] = prefill_values(link.form, plan.values)
        page(FORM_TEMPLATE, context, link.file, True)
    assert programme.programme is not None
    ics = programme_calendar(programme, programme.programme, site.config.title, site.config.base_url, None, site.words, pair=plan.pair.id)
    if ics is not None:
        files[folder + calendar_file(plan)] = ics
    cover = _pair_context(site, plan, programme, links, pack, False)
    files[folder + "index.html"] = env.get_template(PAIR_TEMPLATE).render(cover).encode("utf-8")
    return files


def render_index(env: jinja2.Environment, site: Site, plans: list[PairPlan], links: SiteLinks, pdf: bool) -> bytes:
    """The coordinator's page: every pair, its pack, and the links that fill its forms."""
    rows = [(plan, pack_links(plan, links, pdf, qr=False)) for plan in plans]  # a QR code is for paper
    context = {
        "site": site,
        "config": site.config,
        "t": site.words,
        "root": "",
        "url": functools.partial(links.link, folder=""),
        "nav": site.nav,
        "translations": (),
        "home_url": "index.html",
        "search_index": SEARCH_INDEX,
        "generator": f"mentorkit {__version__}",
        "rows": rows,
        "public": links.public,
        "glance_file": glance_file,
        "calendar_file": calendar_file,
        "programme_link": lambda plan: links.link(plan.programme.url) + calendar_fragment(plan),
        "several_languages": len({plan.language for plan in plans}) > 1 or any(plan.language != site.config.language for plan in plans),
    }
    return env.get_template(INDEX_TEMPLATE).render(context).encode("utf-8")
