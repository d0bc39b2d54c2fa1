"""The live-reload script of `mentorkit serve` in Chromium: reloads, the error
overlay, the warnings panel, a restarted server, hidden tabs, and more tabs
than the browser opens connections to one server."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

AXE = Axe()
PAGE = "en/roles.html"

# Lets a test hide a page: headless Chromium shows every tab.
HIDEABLE = """Object.defineProperty(Document.prototype, "visibilityState", {
  configurable: true, get: function () { return window.testHidden ? "hidden" : "visible"; }
});"""


def set_hidden(page: Page, hidden: bool) -> None:
    page.evaluate("h => { window.testHidden = h; document.dispatchEvent(new Event('visibilitychange')); }", hidden)


class Serve:
    """`mentorkit serve` in a subprocess; restart() keeps the port."""

    def __init__(self, project: Path, tmp: Path) -> None:
        self.project = project
        self.tmp = tmp
        self.port = 0
        self.url = self._start()

    def _start(self) -> str:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", str(self.project), "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "TMPDIR": str(self.tmp), "PYTHONUNBUFFERED": "1"},
        )
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if match := re.search(r"at (http://127\.0\.0\.1:(\d+)/)", line):
                self.port = int(match.group(2))
                return match.group(1)
        raise AssertionError("the server did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=15)
        assert self.process.stdout is not None
        self.process.stdout.close()

    def restart(self) -> None:
        self.stop()
        assert self._start() == self.url


@pytest.fixture
def serve(project: Path, tmp_path: Path) -> Iterator[Serve]:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    running = Serve(project, temporary)
    yield running
    running.stop()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context()
    context.add_init_script(HIDEABLE)
    yield context
    context.close()


def append(project: Path, text: str) -> None:
    source = project / "content" / "en" / "roles.md"
    source.write_text(source.read_text() + f"\n{text}\n")


def test_a_save_reloads_the_page(context: BrowserContext, serve: Serve, project: Path) -> None:
    page = context.new_page()
    page.goto(serve.url + PAGE)
    with page.expect_event("load"):
        append(project, "Written while the page was open.")
    expect(page.get_by_text("Written while the page was open.")).to_be_visible()


def test_a_failed_build_covers_the_page_with_its_errors(context: BrowserContext, serve: Serve, project: Path) -> None:
    page = context.new_page()
    page.goto(serve.url + PAGE)
    source = project / "content" / "en" / "roles.md"
    good = source.read_text()
    source.write_text(good.replace("\ntitle:", "\ntitle: [", 1))
    alert = page.get_by_role("alert", name=re.compile(r"^The handbook could not be built: 1 problem$"))
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("content/en/roles.md:2: error: invalid YAML")
    assert page.evaluate("document.elementFromPoint(innerWidth / 2, innerHeight / 2).closest('#mentorkit-errors') !== null")
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()
    # The keyboard stays on the cover: Tab never reaches a link of the page under it.
    focused = []
    for _ in range(4):
        page.keyboard.press("Tab")
        focused.append(
            page.evaluate(
                "document.activeElement === document.body ? 'body' : document.activeElement.closest('#mentorkit-errors') ? 'cover' : document.activeElement.outerHTML"
            )
        )
    assert set(focused) <= {"cover", "body"} and "cover" in focused, focused
    source.write_text(good)  # fixed as it was: no reload, the errors go
    expect(page.locator("#mentorkit-errors")).to_have_count(0)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "A", "the page's links are reachable again"


def test_warnings_leave_the_page_readable(context: BrowserContext, serve: Serve, project: Path) -> None:
    page = context.new_page()
    page.goto(serve.url + PAGE)
    with page.expect_event("load"):
        append(project, "[A page not written yet](not-yet.md)")
    panel = page.get_by_role("status", name="The handbook was built with 1 warning")
    expect(panel).to_contain_text("warning: page 'not-yet.md' not found")
    expect(page.get_by_role("alert")).to_have_count(0)
    assert page.evaluate("document.elementFromPoint(innerWidth / 2, 10).closest('#mentorkit-errors') === null")
    results = AXE.run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_restarted_server_reloads_the_page(context: BrowserContext, serve: Serve, project: Path) -> None:
    page = context.new_page()
    page.goto(serve.url + PAGE)
    serve.stop()
    append(project, "Written while the server was stopped.")
    with page.expect_event("load", timeout=30_000):
        serve.restart()  # builds 1 again, the number the page was built by
    expect(page.get_by_text("Written while the server was stopped.")).to_be_visible()


def test_eight_tabs_all_load_and_all_reload(context: BrowserContext, serve: Serve, project: Path) -> None:
    # More than the six connections Chromium opens to one server: the pages share one stream.
    pages = []
    for _ in range(8):
        page = context.new_page()
        page.goto(serve.url + PAGE, timeout=10_000)
        pages.append(page)
    for round in ("first", "second"):  # the second after every page reloaded, the stream passed on
        append(project, f"The {round} save with eight tabs open.")
        for page in pages:
            expect(page.get_by_text(f"The {round} save with eight tabs open.")).to_be_visible(timeout=15_000)
    # The page that listened goes: another takes over.
    pages[0].close()
    append(project, "Saved after a tab was closed.")
    for page in pages[1:]:
        expect(page.get_by_text("Saved after a tab was closed.")).to_be_visible(timeout=15_000)


NO_LOCKS = "Object.defineProperty(Navigator.prototype, 'locks', { configurable: true, get: function () { return undefined; } });"


@pytest.mark.parametrize("shared", [True, False], ids=["shared", "without-locks"])
def test_hidden_pages_catch_up_when_shown(context: BrowserContext, serve: Serve, project: Path, shared: bool) -> None:
    if not shared:  # an older browser: a stream for each page, let go while it is hidden
        context.add_init_script(NO_LOCKS)
    pages = []
    for number in range(8):
        page = context.new_page()
        if number % 2:
            page.add_init_script("window.testHidden = true")  # opened in the background
        page.goto(serve.url + PAGE, timeout=10_000)
        if not number % 2:
            set_hidden(page, True)  # left for another tab
        pages.append(page)
    append(project, "Written while the pages were hidden.")
    pages[0].wait_for_timeout(1500)  # rebuilt by now, and no page has listened
    with pages[0].expect_event("load"):
        set_hidden(pages[0], False)
    expect(pages[0].get_by_text("Written while the pages were hidden.")).to_be_visible()
    # Shared, the one shown tells the others (hidden ones too); without locks, each catches up when shown.
    for page in pages[1:]:
        if not shared:
            set_hidden(page, False)
        expect(page.get_by_text("Written while the pages were hidden.")).to_be_visible()


def test_a_hidden_page_catches_up_across_a_restart(context: BrowserContext, serve: Serve, project: Path) -> None:
    page = context.new_page()
    page.goto(serve.url + PAGE)
    set_hidden(page, True)
    serve.stop()
    append(project, "Written while the server was stopped and the page hidden.")
    serve.restart()  # builds 1 again, the number the page was built by
    page.wait_for_timeout(500)
    with page.expect_event("load"):
        set_hidden(page, False)
    expect(page.get_by_text("Written while the server was stopped and the page hidden.")).to_be_visible()


def test_a_page_served_just_before_a_rebuild_reloads(context: BrowserContext, serve: Serve, project: Path) -> None:
    page = context.new_page()
    state = serve.url + "__mentorkit__/state"

    def late_script(route: Route) -> None:
        # The page is here, its script not yet: a save rebuilds the site in between, and its reload event goes by.
        before = json.loads(urllib.request.urlopen(state).read())["build"]
        append(project, "Saved while the page was loading.")
        deadline = time.monotonic() + 15
        while json.loads(urllib.request.urlopen(state).read())["build"] == before and time.monotonic() < deadline:
            time.sleep(0.05)
        route.continue_()

    page.route("**/__mentorkit__/live.js", late_script)
    page.goto(serve.url + PAGE)
    expect(page.get_by_text("Saved while the page was loading.")).to_be_visible()
