"""Search: results as you type, served and opened from disk, ranked by title
and heading before text, leading to the heading that matched."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect


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
