"""Every page of the example handbook: accessible (axe-core), and loading
nothing from any host but the one serving it."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
AXE = Axe()


def pages() -> list[str]:
    """Every page of every language, and the site's front door, which links to each language."""
    content = REPO / "content"
    return ["index.html", *sorted(p.relative_to(content).with_suffix(".html").as_posix() for p in content.rglob("*.md"))]


@pytest.mark.parametrize("url", pages())
def test_accessible_and_self_contained(page: Page, base_url: str, url: str) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + url, wait_until="networkidle")
    elsewhere = [r for r in requests if not r.startswith(base_url)]
    assert elsewhere == [], f"{url} loads from other hosts"
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_every_content_page_is_checked() -> None:
    assert len(pages()) >= 40
    assert "en/forms/agreement.html" in pages() and "fr/guide/clear-expectations.html" in pages()
