"""The README's last way to publish, followed for real: `mentorkit build --zip`,
the zip unpacked as a mentor would, a page opened from disk with its styles."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect


def test_a_page_of_the_unpacked_zip_opens_from_disk_styled(page: Page, project: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(project), "--zip"], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    archive = project / "site.zip"
    assert f"Packed the site into {archive}" in done.stdout
    unpacked = tmp_path / "mentor's downloads"  # a space and a quote, as a real folder may have
    with zipfile.ZipFile(archive) as opened:
        assert {name.split("/")[0] for name in opened.namelist()} == {"site"}, "one folder, so unpacking spills nothing"
        opened.extractall(unpacked)
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto((unpacked / "site" / "en" / "guide" / "open-communication.html").as_uri())
    expect(page.locator("h1")).to_be_visible()
    header = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header == "rgb(31, 95, 139)", "the theme's style.css is applied"
    assert page.evaluate("document.styleSheets.length") >= 1
    assert failed == [], "every script and style sheet the page asks for is in the zip"
    page.goto((unpacked / "site" / "index.html").as_uri())
    page.locator("a[hreflang=fr]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/site/fr/index.html") and failed == []
