"""`offline: true`: the handbook read with no network, from a server on 127.0.0.1."""

from __future__ import annotations

import functools
import json
import shutil
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Error as PlaywrightError

from generator.build import BuildOptions, build
from tests.browser.conftest import StaticHandler

REPO = Path(__file__).resolve().parents[2]
READY = "() => Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise(done => setTimeout(() => done(false), 10000))])"
"""Whether the page's worker is installed and active, given ten seconds: false, not a test that never ends."""
GONE = """() => new Promise(done => {
  const started = Date.now();
  const look = () => navigator.serviceWorker.getRegistrations().then(found => {
    if (!found.length) done(true); else if (Date.now() - started > 10000) done(false); else setTimeout(look, 100);
  });
  look();
})"""
"""Whether no worker is registered for the site, given ten seconds."""


@pytest.fixture
def offline_project(tmp_path: Path) -> Path:
    project = tmp_path / "handbook"
    shutil.copytree(REPO / "content", project / "content")
    config = (REPO / "mentorkit.yaml").read_text(encoding="utf-8")
    (project / "mentorkit.yaml").write_text(config + "\noffline: true\n", encoding="utf-8")
    build(project, BuildOptions(cache="off"))
    return project


@pytest.fixture
def served(offline_project: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(offline_project / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_the_build_writes_a_worker_listing_every_file_and_a_manifest(offline_project: Path) -> None:
    site = offline_project / "site"
    worker = (site / "sw.js").read_text(encoding="utf-8")
    listed = json.loads(worker.split("const FILES = ", 1)[1].split(";\n", 1)[0])
    written = json.loads((site / ".mentorkit-manifest.json").read_text(encoding="utf-8"))["files"]
    assert sorted(listed) == sorted(f for f in written if f != "sw.js"), "exactly the files the build wrote"
    assert ".mentorkit-manifest.json" not in listed and "site.zip" not in listed
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "The Mentoring Handbook" and manifest["start_url"] == "index.html"
    assert manifest["icons"][0]["src"] == "app-icon.svg" and (site / "app-icon.svg").read_text().startswith("<svg")
    page = (site / "en" / "guide" / "index.html").read_text(encoding="utf-8") if (site / "en" / "guide" / "index.html").exists() else ""
    home = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="manifest" href="../manifest.webmanifest">' in home
    assert 'data-worker="../sw.js"' in home and (not page or 'data-worker="../../sw.js"' in page)


def test_a_build_with_other_inputs_names_another_cache_and_off_by_default(offline_project: Path, tmp_path: Path) -> None:
    first = (offline_project / "site" / "sw.js").read_text(encoding="utf-8")
    page = offline_project / "content" / "en" / "confidentiality.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    build(offline_project, BuildOptions(cache="off"))
    second = (offline_project / "site" / "sw.js").read_text(encoding="utf-8")
    version = next(line for line in first.splitlines() if line.startswith("const VERSION"))
    assert version not in second, "the cache's name changes with the build"
    plain = tmp_path / "plain"
    shutil.copytree(REPO / "content", plain / "content")
    shutil.copy(REPO / "mentorkit.yaml", plain / "mentorkit.yaml")
    build(plain, BuildOptions(cache="off"))
    assert not (plain / "site" / "sw.js").exists() and "manifest.webmanifest" not in (plain / "site" / "en" / "index.html").read_text()


def test_pages_and_forms_work_with_no_network_and_a_new_build_shows_after_one_reload(
    browser: Browser, served: str, offline_project: Path
) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(served + "en/index.html")
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now the worker serves the page
        assert page.evaluate("() => !!navigator.serviceWorker.controller")
        context.set_offline(True)
        for path in ("en/guide/index.html", "en/roles.html", "fr/index.html"):
            response = page.goto(served + path)
            assert response is not None and response.ok, path
            assert page.locator("main h1").count() == 1, path
        page.goto(served + "en/forms/goals.html")
        field = page.locator("#input-mentee_name")
        field.fill("Finish the portfolio")
        page.wait_for_timeout(300)
        page.reload()
        assert page.locator("#input-mentee_name").input_value() == "Finish the portfolio"
        context.set_offline(False)
        source = offline_project / "content" / "en" / "roles.md"
        source.write_text(source.read_text(encoding="utf-8") + "\nA sentence from the second build.\n", encoding="utf-8")
        build(offline_project, BuildOptions(cache="off"))
        page.goto(served + "en/roles.html")
        assert "A sentence from the second build." in page.content()
    finally:
        context.close()


class _Slow(StaticHandler):
    """Answers the paths in `stalled` only after a minute: a network that neither answers nor fails."""

    stalled: ClassVar[set[str]] = set()

    def do_GET(self) -> None:
        if self.path.split("?")[0].lstrip("/") in self.stalled:
            time.sleep(60)
        super().do_GET()


def test_a_network_that_does_not_answer_shows_the_copy_after_a_few_seconds(browser: Browser, offline_project: Path) -> None:
    """A weak signal: the request neither answers nor fails. The reader sees the copy after the worker's
    patience (3 s), not after the browser's own time-out; a file the copy lacks still waits for the network."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Slow, directory=str(offline_project / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    served = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(served + "en/index.html")
        assert page.evaluate(READY)
        page.reload()
        assert page.evaluate("() => !!navigator.serviceWorker.controller")
        _Slow.stalled = {"en/roles.html"}
        started = time.monotonic()
        response = page.goto(served + "en/roles.html", timeout=30_000)
        waited = time.monotonic() - started
        assert response is not None and response.ok and page.locator("main h1").count() == 1
        assert 2.5 < waited < 15, f"the copy was shown after {waited:.1f} s"
    finally:
        _Slow.stalled = set()
        context.close()
        server.shutdown()


def test_nothing_is_registered_from_disk(browser: Browser, offline_project: Path) -> None:
    page = browser.new_page()
    try:
        page.goto((offline_project / "site" / "en" / "index.html").as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("() => !('serviceWorker' in navigator) || navigator.serviceWorker.controller === null")
        assert page.locator("main h1").count() == 1
    finally:
        page.close()


def test_the_worker_installs_from_the_preview_server_which_refuses_hidden_files(
    browser: Browser, offline_project: Path, tmp_path: Path
) -> None:
    """`mentorkit serve` (as many hosts do) answers 403 for a hidden file such as
    .nojekyll: the worker's all-or-nothing install failed on it, and nothing was
    kept for reading offline."""
    from tests.browser.test_preview import Serve

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    serve = Serve(offline_project, temporary)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(serve.url + "en/index.html")
        assert page.evaluate(READY), "the worker is installed"
        page.reload()
        assert page.evaluate("() => !!navigator.serviceWorker.controller")
        context.set_offline(True)
        for path in ("en/guide/index.html", "fr/roles.html", "en/print.html"):
            response = page.goto(serve.url + path)
            assert response is not None and response.ok, path
        page.goto(serve.url + "en/forms/goals.html")
        page.locator("#input-mentee_name").fill("Offline answer")
        page.wait_for_timeout(300)
        page.reload()
        assert page.locator("#input-mentee_name").input_value() == "Offline answer"
        context.set_offline(False)
        source = offline_project / "content" / "en" / "roles.md"
        source.write_text(source.read_text(encoding="utf-8") + "\nA sentence the preview rebuilt.\n", encoding="utf-8")
        for _ in range(100):  # the preview's rebuild, seen from outside the browser
            with urllib.request.urlopen(serve.url + "en/roles.html") as answer:
                if "A sentence the preview rebuilt." in answer.read().decode("utf-8"):
                    break
            time.sleep(0.2)
        page.goto(serve.url + "en/roles.html")
        assert "A sentence the preview rebuilt." in page.content()
    finally:
        context.close()
        serve.stop()


def test_offline_turned_off_drops_the_copy_on_the_device(browser: Browser, served: str, offline_project: Path) -> None:
    """A reader's browser keeps a registered worker until it is told otherwise:
    after a build with `offline: false` (sw.js gone), the old worker must not keep
    serving the old copy with no network; it drops its copies and unregisters."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(served + "en/index.html")
        assert page.evaluate(READY), "the worker is installed"
        page.reload()
        assert page.evaluate("() => !!navigator.serviceWorker.controller")
        config = offline_project / "mentorkit.yaml"
        config.write_text(config.read_text(encoding="utf-8").replace("offline: true", "offline: false"), encoding="utf-8")
        build(offline_project, BuildOptions(cache="off"))
        assert not (offline_project / "site" / "sw.js").exists()
        page.goto(served + "en/roles.html")
        page.goto(served + "en/index.html")
        assert page.evaluate(GONE), "the worker unregistered itself"
        assert page.evaluate("() => caches.keys()") == []
        context.set_offline(True)
        with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
            page.goto(served + "en/guide/index.html")
    finally:
        context.close()
