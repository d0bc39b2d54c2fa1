"""Render: what the coordinator's gathering page knows, handed to gather.js as JSON.

The page reads answer files that readers exported from forms and from "My
records". It needs each form's id, version, the version it replaces (with
its renamed fields), whether the coordinator may read it (`collect:`) and
why not, and each answer's key with its type, options, label and section in
the page's language; and the handbook's identity, which every exported file
carries, so that a file of another handbook is told apart.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from generator import __version__
from generator.load.theme_words import Words
from generator.model.outputs import GATHER, RECORDS, SEARCH_INDEX
from generator.model.types import Field, Page, Site, Translation
from generator.render.context import relative_url, root_prefix
from generator.render.form_meta import answer_keys, form_meta
from generator.render.nav_html import nav_html


def collected(field: Field, form_collects: bool) -> bool:
    """Whether the gathering page reads `field`'s answers: its own `collect:`, else the form's."""
    return form_collects if field.collect is None else field.collect


def gather_form(page: Page, words: Words) -> dict[str, Any]:
    """A form as gather.js reads it: form_meta's keys, with what the coordinator may read."""
    form = page.form
    assert form is not None
    meta = form_meta(page, words)
    fields: list[dict[str, Any]] = []
    section = ""
    for field in form.fields:
        if field.type == "section":
            section = field.title
            continue
        if field.type == "clause":
            continue
        for key in answer_keys(field, words):
            key.update(section=section, collect=collected(field, form.collect))
            if field.type == "scale":
                key.update(points=field.points, low=field.low, high=field.high)
            fields.append(key)
    meta["fields"] = fields
    meta["collect"] = any(f["collect"] for f in fields)
    meta["confidential"] = form.confidential
    return meta


def handbook_identity(site: Site) -> str:
    """What every exported answer file says of its handbook: the name records are kept under
    ('mentorkit|<title>', the same in every language), without its 'mentorkit|'."""
    store = next((page.form.store for page in site.forms if page.form is not None), "")
    return store.removeprefix("mentorkit|")


def gather_words(words: Words) -> dict[str, str]:
    """The page's own words for gather.js (`gather.*`, plural forms as 'key.one'), handed over on this page only."""
    found: dict[str, str] = {}
    for key, entry in words.entries.items():
        if key.startswith("gather."):
            name = key[len("gather.") :]
            if isinstance(entry, Mapping):
                found.update((f"{name}.{category}", text) for category, text in entry.items())
            elif isinstance(entry, str):
                found[name] = entry
    return found


def gather_context(site: Site, path: str) -> dict[str, object]:
    """What gather.html sees: the page's frame, and every form of this language for gather.js."""
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
        "gather_meta": {
            "handbook": handbook_identity(site),
            "locale": site.words.rules.browser_locale,
            "words": gather_words(site.words),
            "forms": [gather_form(page, site.words) for page in site.forms],
        },
        "translations": tuple(
            Translation(other, other.home[: -len("index.html")] + GATHER, True)
            for other in site.languages
            if other.code != site.config.language
        ),
        "home_url": site.prefix + "index.html",
        "search_index": site.prefix + SEARCH_INDEX,
        "records_url": site.prefix + RECORDS,
        "generator": f"mentorkit {__version__}",
    }
