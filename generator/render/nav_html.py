"""Render: the navigation as nested lists, for the `nav_html` context entry.

Why in Python: it runs for every page, and as a Jinja macro it was most of
a page's rendering time (docs/performance.md). A theme can still draw its own
from the `nav` and `trail` entries.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from generator.load.theme_words import Words
from generator.model.nav import visible_children
from generator.model.types import NavItem

NavMemo = dict[tuple[str, int], str]
"""The HTML of closed navigation entries, by the folder of the page they are
shown on and the entry: the same on every page of that folder."""


def nav_html(
    items: tuple[NavItem, ...],
    page_url: str,
    trail: tuple[NavItem, ...],
    link: Callable[[str], str],
    words: Words,
    depth: int = 1,
    memo: NavMemo | None = None,
) -> str:
    """The navigation as nested lists, the current page's section open.

    Built here rather than in a Jinja macro, because it runs for every page
    (its worth is in docs/performance.md). Themes style it with the classes
    below, or write their own from `nav` and `trail`. With a `memo` (only
    for links relative to the page), an entry that is neither the page nor
    above it is made once per folder: most of a page's entries are.
    """
    folder = page_url.rpartition("/")[0]
    above = {id(item) for item in trail}
    parts = [f'<ul class="nav-level-{depth}">']
    for item in items:
        current = item.url == page_url
        open_ = current or id(item) in above
        if memo is not None and not open_ and "#" not in (item.url or ""):  # a '#x' link may point into this very page
            key = (folder, id(item))
            known = memo.get(key)
            if known is None:
                known = memo[key] = _nav_entry(item, False, False, link)
            parts.append(known)
            continue
        if not open_:
            parts.append(_nav_entry(item, False, False, link))
            continue
        parts.append(_nav_entry(item, current, True, link, close=False))
        if item.children:
            shown, partial = visible_children(item, page_url, trail)
            inner = nav_html(shown, page_url, trail, link, words, depth + 1, memo)
            if partial and item.url:
                all_of = html.escape(words("page.nav_more", count=len(item.children), title=item.title), quote=False)
                more = f'<li class="nav-more"><a href="{html.escape(link(item.url))}">{all_of}</a></li>'
                inner = inner[: -len("</ul>")] + more + "</ul>"
            parts.append(inner)
        parts.append("</li>")
    parts.append("</ul>")
    return "".join(parts)


def _nav_entry(item: NavItem, current: bool, open_: bool, link: Callable[[str], str], close: bool = True) -> str:
    """One entry's <li> and link; `close` ends the <li> (a closed entry shows no children)."""
    classes = " ".join(c for c, on in (("current", current), ("section", bool(item.children)), ("open", open_)) if on)
    start = f'<li class="{classes}">' if classes else "<li>"
    title = html.escape(item.title, quote=False)
    if item.url:
        mark = ' aria-current="page"' if current else ""
        entry = f'{start}<a href="{html.escape(link(item.url))}"{mark}>{title}</a>'
    else:
        entry = f'{start}<span class="nav-group">{title}</span>'
    return entry + "</li>" if close else entry
