"""A pack's link fills the pair's names into the published form: from disk and from a server, as text."""

from __future__ import annotations

import functools
import re
import textwrap
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page

from generator.build import BuildOptions, build
from generator.packs import make_packs
from tests.browser.conftest import StaticHandler
from tests.test_packs import FILES, HOSTILE

ROSTER = f"pair,mentor,mentee,programme,start,team\np01,Ada Lovelace,{HOSTILE},evenings,2027-03-09,\np02,Cy Young & Co = 1+1,Di Prima,monthly,,\n"


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A handbook without base_url, its site built and its packs made."""
    project = tmp_path_factory.mktemp("prefill") / "project"
    for name, text in FILES.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    (project / "mentorkit.yaml").write_text("title: Peer Mentoring\n", encoding="utf-8")
    (project / "roster.csv").write_text(ROSTER, encoding="utf-8")
    build(project, BuildOptions(cache="off"))
    make_packs(project / "roster.csv", project)
    return project


@pytest.fixture(scope="module")
def server(cohort: Path) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHandler, directory=str(cohort)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def pack_link(cohort: Path, pair: str) -> str:
    """The link the pair's printed agreement carries (relative: the site has no base_url)."""
    html = (cohort / "packs" / pair / "agreement.html").read_text()
    found = re.search(r'class="pack-link-address"><a href="([^"]+)"', html)
    assert found is not None
    return found.group(1).replace("&amp;", "&")


def open_and_watch(page: Page, url: str) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url)
    page.wait_for_function("document.getElementById('input-mentor_name').value !== ''")
    return dialogs


def test_a_pack_link_fills_the_form_from_disk_as_text(cohort: Path, page: Page) -> None:
    link = pack_link(cohort, "p01")
    assert link.startswith("../../site/forms/agreement.html#prefill=")
    url = (cohort / "packs" / "p01").as_uri() + "/" + link
    dialogs = open_and_watch(page, url)
    assert page.input_value("#input-mentor_name") == "Ada Lovelace"
    assert page.input_value("#input-mentee_name") == HOSTILE, "the name is text, as given"
    assert page.input_value("#input-started") == "2027-03-09"
    assert page.input_value("#input-team") == "", "an empty cell fills nothing"
    page.wait_for_timeout(300)
    assert dialogs == [] and page.locator("img[src=x]").count() == 0, "no markup was made from the name"
    assert page.url.endswith("/site/forms/agreement.html"), "the names leave the address bar"
    assert "filled in from the link" in page.locator(".form-status").inner_text()


def test_a_pack_link_fills_the_form_from_a_server_and_is_kept(cohort: Path, server: str, page: Page) -> None:
    fragment = pack_link(cohort, "p02").split("#", 1)[1]
    url = server + "site/forms/agreement.html#" + fragment
    dialogs = open_and_watch(page, url)
    assert page.input_value("#input-mentor_name") == "Cy Young & Co = 1+1", "'&', '=' and '+' travel as they are"
    assert page.input_value("#input-mentee_name") == "Di Prima"
    assert page.url == server + "site/forms/agreement.html"
    assert dialogs == []
    page.reload()  # kept like any answer typed in
    assert page.input_value("#input-mentee_name") == "Di Prima"
    # A field that does not declare the key is never filled, whatever the link says.
    page.goto("about:blank")  # else only the fragment changes, and the page is not loaded again
    page.goto(server + 'site/forms/agreement.html#prefill={"hopes":"x","mentor":"<b>Eve</b>"}')
    page.wait_for_function("document.getElementById('input-mentor_name').value === '<b>Eve</b>'")
    assert page.input_value("#input-hopes") == ""
    assert page.input_value("#input-mentee_name") == "", "other answers on screen went on to their own record"


def test_without_base_url_paper_shows_no_link_and_the_screen_says_what_to_set(cohort: Path, page: Page) -> None:
    """A link to the site folder on this computer is no use on paper: no QR code is made and the box is not printed."""
    html = (cohort / "packs" / "p01" / "agreement.html").read_text()
    assert "<svg" not in html and 'class="pack-qr"' not in html, "no QR code of a link that only works on this computer"
    page.goto((cohort / "packs" / "p01" / "agreement.html").as_uri())
    box = page.locator(".pack-link")
    assert box.is_visible()
    assert "set base_url in mentorkit.yaml to the address the handbook is published at" in box.inner_text()
    page.emulate_media(media="print")
    assert not box.is_visible(), "left off the printed form"
    assert page.locator("#input-mentor_name").is_visible()
