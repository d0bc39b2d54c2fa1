"""Model: the navigation tree, reading order and breadcrumbs.

From the folder tree (each folder a section, its index.md the section's
page, ordered by front matter `order` then title) or from `nav:` in the
config when it is given.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from generator.errors import Problem, suggest
from generator.load.config import Config, NavEntry
from generator.model.types import NavItem, Page


def build_nav(pages: tuple[Page, ...], config: Config, unmade: frozenset[str] = frozenset()) -> tuple[tuple[NavItem, ...], list[Problem]]:
    """The navigation; `unmade` holds the paths (in the language's folder) of pages whose own mistakes are told."""
    if config.nav is not None:
        folder = f"content/{config.language}/" if config.languages else "content/"
        return _nav_from_config(config.nav, {p.local_rel: p for p in pages}, config.path, folder, unmade)
    return _nav_from_folders(pages), []


def _sort_key(page: Page | None, title: str) -> tuple[bool, float, str]:
    order = page.order if page is not None else None
    return (order is None, order or 0.0, title.lower())


def _nav_from_folders(pages: tuple[Page, ...]) -> tuple[NavItem, ...]:
    by_folder: dict[str, list[Page]] = {}
    for page in pages:
        by_folder.setdefault(posixpath.dirname(page.local_rel), []).append(page)
    folders = set(by_folder)
    for folder in list(folders):  # folders holding only sub-folders
        while folder:
            folder = posixpath.dirname(folder)
            folders.add(folder)

    def section(folder: str) -> list[NavItem]:
        entries: list[tuple[tuple[bool, float, str], NavItem]] = []
        for page in by_folder.get(folder, []):
            if posixpath.basename(page.local_rel) != "index.md":
                entries.append((_sort_key(page, page.title), NavItem(page.title, page.url)))
        for sub in sorted(f for f in folders if f and posixpath.dirname(f) == folder):
            index = next((p for p in by_folder.get(sub, []) if posixpath.basename(p.local_rel) == "index.md"), None)
            title = index.title if index else posixpath.basename(sub).replace("-", " ").replace("_", " ").capitalize()
            children = tuple(section(sub))
            entries.append((_sort_key(index, title), NavItem(title, index.url if index else None, children)))
        return [item for _, item in sorted(entries, key=lambda e: e[0])]

    home = next((p for p in pages if p.local_rel == "index.md"), None)
    items = section("")
    return tuple(([NavItem(home.title, home.url)] if home else []) + items)


def _nav_from_config(
    entries: tuple[NavEntry, ...], by_rel: Mapping[str, Page], path: str, folder: str, unmade: frozenset[str]
) -> tuple[tuple[NavItem, ...], list[Problem]]:
    """The navigation `nav:` lists; in a handbook in several languages, each
    language's, its entries naming pages inside the language's `folder`."""
    problems: list[Problem] = []

    def convert(entry: NavEntry) -> NavItem | None:
        if entry.page is not None:
            page = by_rel.get(entry.page.lstrip("/"))
            if page is None and entry.page.lstrip("/") in unmade:
                return None
            if page is None:
                problems.append(
                    Problem(path, entry.line, f"nav names '{entry.page}', which is not a page under {folder}", suggest(entry.page, by_rel))
                )
                return None
            return NavItem(entry.title or page.title, page.url)
        children = tuple(item for item in map(convert, entry.children) if item is not None)
        return NavItem(entry.title or "", None, children)

    items = tuple(item for item in map(convert, entries) if item is not None)
    return items, problems


def reading_order(nav: tuple[NavItem, ...]) -> tuple[str, ...]:
    """Page URLs depth first: a section's page, then what it holds."""
    order: dict[str, None] = {}  # ordered, and quick to ask "seen?"

    def visit(item: NavItem) -> None:
        if item.url and item.url not in order:
            order[item.url] = None
        for child in item.children:
            visit(child)

    for item in nav:
        visit(item)
    return tuple(order)


def items_by_url(nav: tuple[NavItem, ...]) -> dict[str, NavItem]:
    found: dict[str, NavItem] = {}

    def visit(item: NavItem) -> None:
        if item.url:
            found.setdefault(item.url, item)
        for child in item.children:
            visit(child)

    for item in nav:
        visit(item)
    return found


def trails(nav: tuple[NavItem, ...]) -> dict[str, tuple[NavItem, ...]]:
    """For each URL in the navigation, the items above it (its breadcrumbs)."""
    found: dict[str, tuple[NavItem, ...]] = {}

    def visit(item: NavItem, above: tuple[NavItem, ...]) -> None:
        if item.url and item.url not in found:
            found[item.url] = above
        for child in item.children:
            visit(child, (*above, item))

    for item in nav:
        visit(item, ())
    return found


NAV_LIMIT = 40
"""Entries of one section the navigation shows at most. A larger section
shows the block of entries holding the current page and a link to the section's page,
which lists them all: so each page's navigation has a bounded size, and the
site's output grows with the number of pages, not with its square."""


def visible_children(item: NavItem, page_url: str, trail: tuple[NavItem, ...]) -> tuple[tuple[NavItem, ...], bool]:
    """The entries of an open section shown on `page_url`, and whether some are left out."""
    children = item.children
    if len(children) <= NAV_LIMIT:
        return children, False
    above = {id(item) for item in trail}
    here = next((i for i, child in enumerate(children) if child.url == page_url or id(child) in above), 0)
    start = window_start(len(children), here)
    return children[start : start + NAV_LIMIT], True


def window_start(count: int, here: int) -> int:
    """First entry shown of a long section: the block of NAV_LIMIT entries
    holding entry `here`. Blocks, not a window sliding with each page, so
    that the navigation stays put while a reader pages through a block (and
    pages of a block share one navigation, which the build makes once)."""
    if count <= NAV_LIMIT:
        return 0
    return min((here // NAV_LIMIT) * NAV_LIMIT, count - NAV_LIMIT)
