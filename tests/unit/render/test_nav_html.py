"""The navigation's HTML: each page gets its own, memo or not."""

import functools

from generator.load.config import Config
from generator.load.theme_words import Words
from generator.model.nav import build_nav, trails
from generator.model.types import NavItem
from generator.render.context import relative_url
from generator.render.nav_html import NavMemo, nav_html
from tests.unit.model.test_nav import PAGES, page


def test_navigation_made_with_a_memo_is_the_same_on_every_page() -> None:
    """Closed entries are made once per folder; every page still gets its own navigation."""
    nav, _ = build_nav(PAGES, Config())
    nav = (*nav, NavItem("Alpha's steps", "guide/a.html#steps"))  # a '#' entry points into one page of guide/
    trail = trails(nav)
    words = Words("en", {"page.nav_more": "All {count} pages of {title}"})
    memo: NavMemo = {}
    for source in PAGES:
        url = source.url
        link = functools.partial(relative_url, url)
        plain = nav_html(nav, url, trail.get(url, ()), link, words)
        assert nav_html(nav, url, trail.get(url, ()), link, words, memo=memo) == plain
        assert plain.count('aria-current="page"') == 1
    assert memo, "closed entries were kept"
    on_alpha = nav_html(nav, "guide/a.html", trail["guide/a.html"], functools.partial(relative_url, "guide/a.html"), words, memo=memo)
    assert '<a href="#steps">' in on_alpha


def test_navigation_of_a_long_section_made_with_a_memo_is_the_same_on_every_page() -> None:
    """A long section shows a block of its entries: each block's runs are kept apart."""
    pages = (*PAGES, page("big/index.md", "Big", 4), *(page(f"big/p{n:03}.md", f"Page {n}", n) for n in range(95)))
    nav, _ = build_nav(pages, Config())
    trail = trails(nav)
    words = Words("en", {"page.nav_more": "All {count} pages of {title}"})
    memo: NavMemo = {}
    for source in (*pages, *reversed(pages)):
        url = source.url
        link = functools.partial(relative_url, url)
        plain = nav_html(nav, url, trail.get(url, ()), link, words)
        assert nav_html(nav, url, trail.get(url, ()), link, words, memo=memo) == plain
        assert plain.count('aria-current="page"') == 1
    on_last = nav_html(nav, "big/p094.html", trail["big/p094.html"], functools.partial(relative_url, "big/p094.html"), words, memo=memo)
    assert "Page 94" in on_last and "Page 55" in on_last and "Page 54" not in on_last
