"""The one list of every file a build writes (model/outputs.py), from models
made by the build's own stages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.model.outputs import (
    LANGUAGE_CHOICE,
    NOT_FOUND,
    SEARCH_INDEX,
    SITEMAP,
    Output,
    calendar_url,
    generated_paths,
    glance_url,
    handbook_pdf,
    list_outputs,
    page_outputs,
    pdf_url,
)
from tests.unit.stages import Model, model_of, write_project

FORM = """
---
title: Feedback
type: form
fields:
  - id: how
    type: text
    label: How is it going?
---

Fill it in.
"""
PROGRAMME = """
---
title: {title}
type: programme
weeks: 4
cadence: weekly
{start}phases:
  - name: Getting started
    weeks: 1-4
---

Four weeks.
"""
ONE_LANGUAGE = {
    "content/index.md": "---\ntitle: Home\n---\n\nWelcome.\n",
    "content/guide/setting-goals.md": "---\ntitle: Setting goals\nslug: goals\n---\n\nGoals.\n",
    "content/forms/feedback.md": FORM,
    "content/programmes/dated.md": PROGRAMME.format(title="Dated", start="start: 2027-01-04\n"),
    "content/programmes/undated.md": PROGRAMME.format(title="Undated", start=""),
    "content/img/logo.png": b"\x89PNG not really",
}
LANGUAGES = """
languages:
  en:
  fr:
    title: Le manuel
"""
TWO_LANGUAGES = {
    "mentorkit.yaml": LANGUAGES,
    "content/en/index.md": "---\ntitle: Home\n---\n\nWelcome.\n",
    "content/en/forms/feedback.md": FORM,
    "content/en/programme.md": PROGRAMME.format(title="Dated", start="start: 2027-01-04\n"),
    "content/fr/index.md": "---\ntitle: Accueil\n---\n\nBienvenue.\n",
    "content/fr/guide.md": "---\ntitle: Guide\n---\n\nUn guide.\n",
    "content/en/img/photo.jpg": b"\xff\xd8 not really",
}


def model(tmp_path: Path, files: dict[str, str | bytes], config: str = "") -> Model:
    if config:
        files = {**files, "mentorkit.yaml": str(files.get("mentorkit.yaml", "")) + config}
    return model_of(write_project(tmp_path / "project", files))


def outputs_of(made: Model) -> dict[str, Output]:
    return list_outputs(made.sites, made.static)


def of_kind(outputs: dict[str, Output], *kinds: str) -> dict[str, Output]:
    return {path: output for path, output in outputs.items() if output.kind in kinds}


# ---------------------------------------------------------------------------
# Pages and what they make beside them
# ---------------------------------------------------------------------------


def test_every_page_is_an_output_of_its_own_url(tmp_path: Path) -> None:
    made = model(tmp_path, ONE_LANGUAGE)
    outputs = outputs_of(made)
    pages = made.sites[0].pages
    assert of_kind(outputs, "page") == {page.url: Output("page", 0, page.url) for page in pages}
    assert "guide/goals.html" in outputs, "the slug names the file"
    assert "guide/setting-goals.html" not in outputs


def test_a_programme_has_a_summary_and_a_calendar_only_with_a_start_date(tmp_path: Path) -> None:
    outputs = outputs_of(model(tmp_path, ONE_LANGUAGE))
    assert outputs["programmes/dated-at-a-glance.html"] == Output("glance", 0, "programmes/dated.html")
    assert outputs["programmes/undated-at-a-glance.html"] == Output("glance", 0, "programmes/undated.html")
    assert outputs["programmes/dated.ics"] == Output("calendar", 0, "programmes/dated.html")
    assert of_kind(outputs, "calendar").keys() == {"programmes/dated.ics"}


def test_page_outputs_are_the_page_its_summary_and_its_calendar(tmp_path: Path) -> None:
    by_url = model(tmp_path, ONE_LANGUAGE).sites[0].by_url
    assert page_outputs(by_url["index.html"]) == {"index.html": Output("page", page="index.html")}
    assert page_outputs(by_url["programmes/dated.html"]) == {
        "programmes/dated.html": Output("page", page="programmes/dated.html"),
        "programmes/dated-at-a-glance.html": Output("glance", page="programmes/dated.html"),
        "programmes/dated.ics": Output("calendar", page="programmes/dated.html"),
        "programmes/dated-phase-1-print.html": Output("print_pack", page="programmes/dated.html", phase=1),
    }
    assert list(page_outputs(by_url["programmes/undated.html"])) == [
        "programmes/undated.html",
        "programmes/undated-at-a-glance.html",
        "programmes/undated-phase-1-print.html",
    ]
    assert page_outputs(by_url["forms/feedback.html"]) == {"forms/feedback.html": Output("page", page="forms/feedback.html")}


def test_a_section_index_page_makes_the_section_print_page(tmp_path: Path) -> None:
    files = {**ONE_LANGUAGE, "content/guide/index.md": "---\ntitle: Guide\n---\n\nThe guide.\n"}
    made = model(tmp_path, files)
    by_url = made.sites[0].by_url
    assert page_outputs(by_url["guide/index.html"])["guide/print.html"] == Output("print_section", page="guide/index.html")
    assert "print.html" not in page_outputs(by_url["index.html"]), "the home's print page is the whole handbook's"
    outputs = outputs_of(made)
    assert outputs["print.html"].kind == "print_handbook" and outputs["print-forms.html"].kind == "print_forms"


def test_the_addresses_beside_a_page(tmp_path: Path) -> None:
    site = model(tmp_path, ONE_LANGUAGE).sites[0]
    programme, form, plain = (site.by_url[url] for url in ("programmes/dated.html", "forms/feedback.html", "index.html"))
    assert glance_url(programme) == "programmes/dated-at-a-glance.html"
    assert calendar_url(programme) == "programmes/dated.ics"
    assert pdf_url(form) == "forms/feedback.pdf"
    assert pdf_url(programme) == "programmes/dated-at-a-glance.pdf"
    assert pdf_url(plain) is None
    assert handbook_pdf(site) == "handbook.pdf"


# ---------------------------------------------------------------------------
# What the build writes beside the pages
# ---------------------------------------------------------------------------


def test_one_language_has_one_search_index_a_404_and_no_language_choice(tmp_path: Path) -> None:
    outputs = outputs_of(model(tmp_path, ONE_LANGUAGE))
    assert outputs[SEARCH_INDEX] == Output("search_index", 0)
    assert of_kind(outputs, "search_index").keys() == {SEARCH_INDEX}
    assert outputs[NOT_FOUND] == Output("not_found")
    assert of_kind(outputs, "language_choice") == {}
    assert outputs["index.html"].kind == "page", "the home page stands at the root"


def test_each_language_has_its_pages_and_search_index_and_the_root_a_language_choice(tmp_path: Path) -> None:
    made = model(tmp_path, TWO_LANGUAGES)
    outputs = outputs_of(made)
    assert [site.prefix for site in made.sites] == ["en/", "fr/"]
    assert of_kind(outputs, "search_index") == {
        "en/search-index.js": Output("search_index", 0),
        "fr/search-index.js": Output("search_index", 1),
    }
    assert outputs["fr/guide.html"] == Output("page", 1, "fr/guide.html")
    assert outputs["en/programme.ics"] == Output("calendar", 0, "en/programme.html")
    assert outputs[LANGUAGE_CHOICE] == Output("language_choice")
    assert outputs[NOT_FOUND] == Output("not_found"), "one 404 page for the whole site"


def test_a_sitemap_only_with_a_base_url(tmp_path: Path) -> None:
    assert SITEMAP not in outputs_of(model(tmp_path / "without", ONE_LANGUAGE))
    outputs = outputs_of(model(tmp_path / "with", ONE_LANGUAGE, "base_url: https://example.org/handbook/\n"))
    assert outputs[SITEMAP] == Output("sitemap")


def test_every_asset_and_theme_file_is_an_output(tmp_path: Path) -> None:
    made = model(tmp_path, ONE_LANGUAGE)
    outputs = outputs_of(made)
    assert of_kind(outputs, "asset") == {"img/logo.png": Output("asset")}
    assert of_kind(outputs, "theme_file") == {path: Output("theme_file") for path in made.static}
    assert ".nojekyll" in made.static, "GitHub Pages publishes the site as it is, without Jekyll"
    assert len(made.static) > 1 and all(path.startswith("theme/") for path in made.static if path != ".nojekyll")


def test_an_asset_of_a_language_keeps_its_folder(tmp_path: Path) -> None:
    outputs = outputs_of(model(tmp_path, TWO_LANGUAGES))
    assert of_kind(outputs, "asset") == {"en/img/photo.jpg": Output("asset")}


# ---------------------------------------------------------------------------
# PDFs
# ---------------------------------------------------------------------------


def test_no_pdfs_unless_asked_for(tmp_path: Path) -> None:
    assert of_kind(outputs_of(model(tmp_path, ONE_LANGUAGE)), "pdf", "handbook_pdf") == {}


def test_pdfs_of_forms_programme_summaries_and_the_handbook(tmp_path: Path) -> None:
    outputs = outputs_of(model(tmp_path, ONE_LANGUAGE, "pdf: true\n"))
    assert of_kind(outputs, "pdf") == {
        "forms/feedback.pdf": Output("pdf", 0, "forms/feedback.html"),
        "programmes/dated-at-a-glance.pdf": Output("pdf", 0, "programmes/dated.html"),
        "programmes/undated-at-a-glance.pdf": Output("pdf", 0, "programmes/undated.html"),
    }
    assert of_kind(outputs, "handbook_pdf") == {"handbook.pdf": Output("handbook_pdf", 0)}


def test_a_handbook_pdf_for_each_language(tmp_path: Path) -> None:
    outputs = outputs_of(model(tmp_path, TWO_LANGUAGES, "pdf: true\n"))
    assert of_kind(outputs, "handbook_pdf") == {"en/handbook.pdf": Output("handbook_pdf", 0), "fr/handbook.pdf": Output("handbook_pdf", 1)}
    assert outputs["en/forms/feedback.pdf"] == Output("pdf", 0, "en/forms/feedback.html")
    assert "fr/forms/feedback.pdf" not in outputs, "French has no translation of the form"


def test_the_pdfs_come_after_every_html_file_they_are_made_from(tmp_path: Path) -> None:
    paths = list(outputs_of(model(tmp_path, ONE_LANGUAGE, "pdf: true\n")).items())
    first_pdf = next(index for index, (_, output) in enumerate(paths) if output.kind in ("pdf", "handbook_pdf"))
    assert all(output.kind in ("pdf", "handbook_pdf") for _, output in paths[first_pdf:])


# ---------------------------------------------------------------------------
# generated_paths: what no page or file of content/ may take
# ---------------------------------------------------------------------------

NOT_FROM_CONTENT = (
    "search_index",
    "records",
    "gather",
    "not_found",
    "language_choice",
    "sitemap",
    "theme_file",
    "print_handbook",
    "print_forms",
)


@pytest.mark.parametrize(
    ("files", "config"),
    [
        pytest.param(ONE_LANGUAGE, "", id="one-language"),
        pytest.param(ONE_LANGUAGE, "base_url: https://example.org/\n", id="base-url"),
        pytest.param(ONE_LANGUAGE, "pdf: true\n", id="pdf"),
        pytest.param(TWO_LANGUAGES, "base_url: https://example.org/\n", id="two-languages"),
    ],
)
def test_generated_paths_are_the_outputs_no_page_or_asset_makes(tmp_path: Path, files: dict[str, str | bytes], config: str) -> None:
    made = model(tmp_path, files, config)
    assert generated_paths(made.config, made.static) == set(of_kind(outputs_of(made), *NOT_FROM_CONTENT))


def test_a_page_cannot_take_a_generated_path(tmp_path: Path) -> None:
    """The model refuses a page written where the build writes its own file."""
    from generator.errors import MentorkitError

    with pytest.raises(MentorkitError, match="is a file the theme writes"):
        model(tmp_path, {"content/index.md": "---\ntitle: Home\n---\n\nHi.\n", "content/404.md": "---\ntitle: Lost\n---\n\nLost.\n"})


def test_a_page_cannot_take_a_print_page_s_place(tmp_path: Path) -> None:
    """print.html beside the home, a section's print.html and a phase's pack are the build's own."""
    from generator.errors import MentorkitError

    home = {"content/index.md": "---\ntitle: Home\n---\n\nHi.\n"}
    with pytest.raises(MentorkitError, match=re.escape("'print.html' is a file the theme writes")):
        model(tmp_path / "a", {**home, "content/print.md": "---\ntitle: Print\n---\n\nHi.\n"})
    section = {**home, "content/guide/index.md": "# Guide\n", "content/guide/print.md": "# Printing\n"}
    with pytest.raises(
        MentorkitError, match=re.escape("would be written to 'guide/print.html', which 'content/guide/index.md' is written to")
    ):
        model(tmp_path / "b", section)
    pack = {**ONE_LANGUAGE, "content/programmes/dated-phase-1-print.md": "# Clash\n"}
    with pytest.raises(MentorkitError, match=re.escape("would be written to 'programmes/dated-phase-1-print.html'")):
        model(tmp_path / "c", pack)


def problems_of(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    from generator.errors import MentorkitError

    with pytest.raises(MentorkitError) as raised:
        model(tmp_path, files)
    return [f"{p.path}:{p.line}: {p.message} | {p.hint}" for p in raised.value.problems]


def test_a_page_in_a_print_page_s_place_is_told_what_is_written_there(tmp_path: Path) -> None:
    """The coordinator's print.md (or a page given 'slug: print') in a section is
    told that the section's print page goes there, on that page, whichever is read first."""
    home = {"content/index.md": "# Home\n"}
    hint = "rename this page, or give it a different 'slug:' in its front matter"
    section = {**home, "content/guide/index.md": "# Guide\n", "content/guide/print.md": "# Printing\n"}
    assert problems_of(tmp_path / "a", section) == [
        "content/guide/print.md:1: would be written to 'guide/print.html', which 'content/guide/index.md' is written to as well,"
        f" as the page to print its section | {hint}"
    ]
    first = {**home, "content/guide/index.md": "# Guide\n", "content/guide/aaa.md": "---\ntitle: Printing\nslug: print\n---\nHi.\n"}
    assert problems_of(tmp_path / "b", first) == [
        "content/guide/aaa.md:1: would be written to 'guide/print.html', which 'content/guide/index.md' is written to as well,"
        f" as the page to print its section | {hint}"
    ]
    pack = {**ONE_LANGUAGE, "content/programmes/dated-phase-1-print.md": "# Clash\n"}
    assert any(
        "would be written to 'programmes/dated-phase-1-print.html', which 'content/programmes/dated.md' is written to as well,"
        " as the pack to print of its phase 1" in problem
        for problem in problems_of(tmp_path / "c", pack)
    )
    own = {**home, "content/guide/index.md": "---\ntitle: Guide\nslug: print\n---\nHi.\n"}
    assert problems_of(tmp_path / "e", own) == [
        "content/guide/index.md:1: would be written to 'guide/print.html', where it writes the page to print its section as well"
        " | give it a different 'slug:' in its front matter"
    ], "not the section's print page written over the section's own page"
    copied = {**home, "content/guide/index.md": "# Guide\n", "content/guide/print.html": "<p>Mine</p>\n"}
    assert problems_of(tmp_path / "f", copied) == [
        "content/guide/print.html:1: would be written to 'guide/print.html', which 'content/guide/index.md' is written to as well,"
        " as the page to print its section | rename or move this file"
    ]
    whole = {**home, "content/print.md": "# Printing\n"}
    assert problems_of(tmp_path / "d", whole) == [
        f"content/print.md:1: 'print.html' is a file the theme writes: the page to print the whole handbook | {hint}"
    ]


def test_a_content_folder_named_like_the_theme_folder_is_refused(tmp_path: Path) -> None:
    """content/theme/ would be written among the theme's files, whatever its files are called."""
    from generator.errors import MentorkitError

    files = {"content/index.md": "---\ntitle: Home\n---\n\nHi.\n", "content/theme/notes.md": "---\ntitle: Notes\n---\n\nHi.\n"}
    with pytest.raises(MentorkitError) as caught:
        model(tmp_path, files)
    assert [(p.path, p.message, p.hint) for p in caught.value.problems] == [
        (
            "content/theme/notes.md",
            "would be written to 'theme/notes.html', inside 'theme/', the folder the theme's files are written to",
            "rename the folder content/theme/, or move this file out of it",
        )
    ]


def test_two_pages_whose_chapters_would_share_an_anchor_are_told(tmp_path: Path) -> None:
    """'mentor-guide.md' and 'mentor/guide.md' are one anchor, 'mentor-guide', in a print
    page and the handbook PDF: a link to one would lead to the other."""
    from generator.model.outputs import chapter_anchor
    from generator.render.pdf import anchor_id

    for url in ("index.html", "mentor-guide.html", "en/mentor/guide.html", "fr/a-b/c-d.html"):
        assert chapter_anchor(url) == anchor_id(url)
    files = {"content/index.md": "# Home\n", "content/mentor-guide.md": "# Flat\n", "content/mentor/guide.md": "# Nested\n"}
    made = model(tmp_path, files)
    assert [(p.path, p.level, p.message) for p in made.warnings] == [
        (
            "content/mentor/guide.md",
            "warning",
            "in the print pages and the handbook PDF its chapter would have the anchor of 'content/mentor-guide.md'"
            " ('mentor-guide'), so links to it would lead there",
        )
    ]
