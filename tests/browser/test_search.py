"""Search: results as you type, served and opened from disk, ranked by title
and heading before text, leading to the heading that matched."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from generator.build import BuildOptions, build


def search(page: Page, query: str) -> None:
    page.locator("#search-input").fill(query)
    expect(page.locator(".search-results li").first).to_be_visible()


def test_search_served_ranks_titles_first_and_opens_the_heading(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/guide/open-communication.html")
    search(page, "confidentiality")
    first = page.locator(".search-results li").first
    expect(first.locator("a")).to_have_text("Confidentiality and its limits")
    search(page, "first meeting")
    link = page.locator(".search-results a").first
    href = link.get_attribute("href") or ""
    assert "#in-the-first-meeting" in href or "#" in href, href
    link.click()
    page.wait_for_load_state()
    fragment = page.evaluate("location.hash")
    assert fragment and page.locator(fragment).count() == 1, "the result leads to the heading that matched"
    expect(page.locator(".search-status")).to_have_text("")  # a new page, a fresh box


def test_search_from_disk(page: Page, site_dir: Path) -> None:
    page.goto((site_dir / "en" / "forms" / "goals.html").as_uri())
    search(page, "mid-point review")
    titles = page.locator(".search-results a").all_inner_texts()
    assert titles[0] == "Mid-point review"
    page.locator(".search-results a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and "forms/midpoint-review.html" in page.url
    assert page.locator("h1").inner_text() == "Mid-point review"


def test_no_results_says_so(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/index.html")
    page.locator("#search-input").fill("zzzyxx")
    expect(page.locator(".search-status")).to_have_text("0 results")


def results(page: Page, query: str) -> list[str]:
    """The titles found for a query, once the results have settled."""
    page.locator("#search-input").fill(query)
    expect(page.locator(".search-status")).not_to_have_text("")
    return page.locator(".search-results a").all_inner_texts()


def test_accents_and_case_are_forgiven_from_disk(page: Page, site_dir: Path) -> None:
    """The French example: 'reunion' finds what 'réunion' finds, and so does 'Réunion'."""
    page.goto((site_dir / "fr" / "index.html").as_uri())
    accented = results(page, "réunion")
    assert len(accented) == 3
    assert results(page, "reunion") == accented
    assert results(page, "Réunion") == accented
    assert results(page, "RÉUNION") == accented
    marks = page.locator(".search-results .search-excerpt mark").all_inner_texts()
    assert marks and all(fold == "réunion" for fold in (m.lower() for m in marks)), marks


def test_one_typo_is_forgiven_and_excerpts_mark_what_matched(page: Page, site_dir: Path) -> None:
    page.goto((site_dir / "en" / "index.html").as_uri())
    titles = results(page, "metting")
    assert "Meeting log" in titles and len(titles) >= 3
    first = page.locator(".search-results li").first
    expect(first.locator(".search-excerpt")).to_be_visible()
    assert first.locator(".search-excerpt mark").all_inner_texts() == ["meeting"]
    excerpt = first.locator(".search-excerpt").inner_text()
    assert "meeting" in excerpt and 40 < len(excerpt) < 220, excerpt
    assert results(page, "confidentaility")[0] == "Confidentiality and its limits", "two letters swapped"
    page.locator("#search-input").fill("meetng")
    expect(page.locator(".search-status")).not_to_have_text("0 results")
    page.locator("#search-input").fill("goel")  # four letters: too short to forgive
    expect(page.locator(".search-status")).to_have_text("0 results")


def test_each_language_leaves_out_its_own_commonest_words(page: Page, site_dir: Path) -> None:
    """'but' is common in English but means 'aim' in French; 'la' is common in French."""
    page.goto((site_dir / "fr" / "index.html").as_uri())
    assert results(page, "but"), "French pages are found by 'but'"
    assert "but" in [m.lower() for m in page.locator(".search-excerpt mark").all_inner_texts()]
    assert results(page, "la réunion") == results(page, "réunion"), "'la' is left out of the query"


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("search")
    pages = {
        "index.md": "# Home\n\nWelcome.\n",
        "a.md": "# Mentor meetings\n\nPlan the agenda together.\n",
        "b.md": "# Notes\n\nA metting is how the old form spelt it.\n",
        "c.md": '# Safety\n\nA page may show code such as `<b onclick="window.hacked=1">zebrafish</b>` and it stays text.\n',
    }
    for name, text in pages.items():
        (project / "content").mkdir(exist_ok=True)
        (project / "content" / name).write_text(text, encoding="utf-8")
    build(project, BuildOptions(project / "site", cache="off"))
    return project / "site"


def test_exact_matches_rank_above_forgiven_ones(page: Page, small_site: Path) -> None:
    """'metting' is written so on one page (in its text) and is one typo from another's title: the exact one comes first."""
    page.goto((small_site / "index.html").as_uri())
    assert results(page, "metting") == ["Notes", "Mentor meetings"]
    assert results(page, "meeting") == ["Mentor meetings", "Notes"]


def test_page_text_in_an_excerpt_is_never_html(page: Page, small_site: Path) -> None:
    page.goto((small_site / "index.html").as_uri())
    assert results(page, "zebrafish") == ["Safety"]
    excerpt = page.locator(".search-excerpt").first
    assert excerpt.locator("b").count() == 0 and excerpt.locator("mark").all_inner_texts() == ["zebrafish"]
    assert '<b onclick="window.hacked=1">' in excerpt.inner_text()
    assert page.evaluate("window.hacked") is None
