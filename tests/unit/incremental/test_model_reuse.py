"""The preview's shortcut for saves that change only a page's text
(incremental/model_reuse.py): anything else means building the model again,
and the shortcut's model is the one the stages would make."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.incremental.model_reuse import LastModel, changed_texts, with_texts
from generator.load.config import load_config
from generator.load.sources import load_sources
from generator.model.types import Page, Parsed, Site
from generator.parse.files import Stored, parse_files
from tests.unit.stages import Model, model_of, write_project

PROGRAMME = """
---
title: Pilot
type: programme
weeks: 4
cadence: weekly
start: 2027-01-04
phases:
  - name: Getting started
    weeks: 1-4
    forms: [feedback]
---

Four weeks together.
"""
FORM = """
---
title: Feedback
type: form
fields:
  - id: how
    type: text
    label: How is it going?
---

Fill it in after each meeting.
"""
PAGES: dict[str, str | bytes] = {
    "content/index.md": "---\ntitle: Home\n---\n\nWelcome. Read [the guide](guide.md).\n",
    "content/guide.md": "---\ntitle: Guide\nsummary: How to start.\n---\n\nStart with [feedback](forms/feedback.md).\n\n## First steps\n\nAsk.\n",
    "content/other.md": "---\ntitle: Other\n---\n\nNothing links here.\n",
    "content/forms/feedback.md": FORM,
    "content/programmes/pilot.md": PROGRAMME,
}


class Project:
    """A project on disk, its parse results kept between models as the build cache keeps them."""

    def __init__(self, root: Path, files: dict[str, str | bytes]) -> None:
        self.root = write_project(root, files)
        self.cache: dict[tuple[str, str], Stored] = {}
        self.last = self.model()

    def model(self) -> Model:
        return model_of(self.root, self.cache)

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.root / "content" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def last_model(self) -> LastModel:
        return LastModel("key", dict(self.last.by_rel), self.last.sites, tuple(self.last.warnings))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project", PAGES)


# ---------------------------------------------------------------------------
# changed_texts
# ---------------------------------------------------------------------------


def test_nothing_changed_means_no_texts(project: Project) -> None:
    assert changed_texts(project.last_model(), project.model().by_rel) == {}


def test_a_body_edit_gives_that_pages_new_html(project: Project) -> None:
    project.edit("other.md", "Nothing links here.", "Still nothing links here.")
    now = project.model()
    texts = changed_texts(project.last_model(), now.by_rel)
    assert texts is not None and list(texts) == ["other.md"]
    assert "Still nothing links here." in texts["other.md"].body_html
    assert texts["other.md"].body_html == now.sites[0].by_url["other.html"].body_html


def test_two_body_edits_give_both(project: Project) -> None:
    project.edit("other.md", "Nothing links here.", "Changed.")
    project.edit("forms/feedback.md", "Fill it in after each meeting.", "Fill it in monthly.")
    texts = changed_texts(project.last_model(), project.model().by_rel)
    assert texts is not None and sorted(texts) == ["forms/feedback.md", "other.md"]


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        pytest.param("guide.md", "title: Guide", "title: The guide", id="title"),
        pytest.param("guide.md", "summary: How to start.", "summary: Where to begin.", id="summary"),
        pytest.param("guide.md", "---\n\nStart", "audience: everyone\n---\n\nStart", id="unknown-front-matter-key"),
        pytest.param("guide.md", "## First steps", "## The first steps", id="heading"),
        pytest.param("other.md", "Nothing links here.", "Nothing links here.\n\n## A heading\n\nText.", id="heading-added"),
        pytest.param("other.md", "Nothing links here.", "See [home](index.md).", id="link-added"),
        pytest.param("guide.md", "(forms/feedback.md)", "(forms/feedback.md#how)", id="link-fragment"),
        pytest.param("other.md", "Nothing links here.", "See [nowhere](missing.md).", id="a-problem"),
        pytest.param("forms/feedback.md", "label: How is it going?", "label: How are things?", id="form-field"),
        pytest.param("programmes/pilot.md", "cadence: weekly", "cadence: fortnightly", id="programme"),
        pytest.param("other.md", "---\ntitle: Other\n---", "---\ntitle: [not, a, text]\n---", id="page-now-an-error"),
    ],
)
def test_any_change_but_the_html_means_none(project: Project, name: str, old: str, new: str) -> None:
    project.edit(name, old, new)
    assert changed_texts(project.last_model(), parsed_only(project)) is None


def parsed_only(project: Project) -> list[tuple[str, Parsed]]:
    """The parse stage alone (some edits above make the model refuse the project), by content-relative path."""
    sources = load_sources(project.root).pages
    parsed = parse_files(sources, load_config(project.root).markdown, project.cache)
    return list(zip((f.rel for f in sources), parsed, strict=True))


def test_a_page_added_means_none(project: Project) -> None:
    (project.root / "content" / "new.md").write_text("---\ntitle: New\n---\n\nNew.\n", encoding="utf-8")
    assert changed_texts(project.last_model(), project.model().by_rel) is None


def test_a_page_removed_means_none(project: Project) -> None:
    (project.root / "content" / "other.md").unlink()
    assert changed_texts(project.last_model(), project.model().by_rel) is None


def test_a_page_renamed_means_none(project: Project) -> None:
    (project.root / "content" / "other.md").rename(project.root / "content" / "another.md")
    assert changed_texts(project.last_model(), project.model().by_rel) is None


# ---------------------------------------------------------------------------
# with_texts: the page swapped everywhere it appears
# ---------------------------------------------------------------------------


def pages_in(site: Site) -> Iterator[tuple[str, Page]]:
    """Every place a Site holds a page, named."""
    for page in site.pages:
        yield "pages", page
    if site.home is not None:
        yield "home", site.home
    for url, page in site.by_url.items():
        yield f"by_url[{url}]", page
    for url, pages in site.backlinks.items():
        for page in pages:
            yield f"backlinks[{url}]", page
    for page in site.forms:
        yield "forms", page


@pytest.mark.parametrize(
    ("name", "old", "new", "url", "places"),
    [
        pytest.param("index.md", "Welcome.", "Hello there.", "index.html", {"pages", "home", "by_url", "backlinks"}, id="home"),
        pytest.param("guide.md", "Ask.", "Ask your mentor.", "guide.html", {"pages", "by_url", "backlinks"}, id="linking-page"),
        pytest.param(
            "forms/feedback.md", "Fill it in after", "Fill it in soon after", "forms/feedback.html", {"pages", "by_url", "forms"}, id="form"
        ),
        pytest.param(
            "programmes/pilot.md",
            "Four weeks together.",
            "A month together.",
            "programmes/pilot.html",
            {"pages", "by_url"},
            id="programme",
        ),
    ],
)
def test_with_texts_swaps_the_page_everywhere_it_appears(
    project: Project, name: str, old: str, new: str, url: str, places: set[str]
) -> None:
    before = project.last.sites[0]
    assert {place.partition("[")[0] for place, page in pages_in(before) if page.url == url} == places, "the page is where the test looks"
    project.edit(name, old, new)
    now = project.model()
    texts = changed_texts(project.last_model(), now.by_rel)
    assert texts is not None and list(texts) == [name]
    swapped = with_texts(project.last.sites, texts)[0]
    stale = [place for place, page in pages_in(swapped) if page.url == url and page.body_html != texts[name].body_html]
    assert stale == []
    assert {place.partition("[")[0] for place, page in pages_in(swapped) if page.url == url} == places
    assert len({id(page) for _, page in pages_in(swapped) if page.url == url}) == 1, "one page object, shared as before"


def test_with_texts_gives_the_model_the_stages_make(project: Project) -> None:
    project.edit("index.md", "Welcome.", "Hello there.")
    project.edit("programmes/pilot.md", "Four weeks together.", "A month together.")
    now = project.model()
    texts = changed_texts(project.last_model(), now.by_rel)
    assert texts is not None
    assert with_texts(project.last.sites, texts) == now.sites


def test_with_texts_leaves_the_other_pages_as_they_were(project: Project) -> None:
    project.edit("other.md", "Nothing links here.", "Changed.")
    texts = changed_texts(project.last_model(), project.model().by_rel)
    assert texts is not None
    before, after = project.last.sites[0], with_texts(project.last.sites, texts)[0]
    assert all(after.by_url[url] is page for url, page in before.by_url.items() if url != "other.html")
    assert after.nav is before.nav and after.config is before.config


def test_with_no_texts_the_sites_are_the_same_objects(project: Project) -> None:
    assert with_texts(project.last.sites, {}) is project.last.sites


def test_with_texts_in_a_handbook_in_two_languages(tmp_path: Path) -> None:
    """A French page links to an English one: the English page's backlinks hold it, in the English site."""
    files: dict[str, str | bytes] = {
        "mentorkit.yaml": "languages:\n  en:\n  fr:\n",
        "content/en/index.md": "---\ntitle: Home\n---\n\nWelcome.\n",
        "content/fr/index.md": "---\ntitle: Accueil\n---\n\nBienvenue. [In English](../en/index.md).\n",
    }
    project = Project(tmp_path / "project", files)
    english = project.last.sites[0]
    assert [page.url for page in english.backlinks["en/index.html"]] == ["fr/index.html"]
    project.edit("fr/index.md", "Bienvenue.", "Bonjour.")
    now = project.model()
    texts = changed_texts(project.last_model(), now.by_rel)
    assert texts is not None and list(texts) == ["fr/index.md"]
    swapped = with_texts(project.last.sites, texts)
    assert swapped == now.sites
    assert "Bonjour." in swapped[0].backlinks["en/index.html"][0].body_html
