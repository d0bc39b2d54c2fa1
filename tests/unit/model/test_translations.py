"""A handbook in several languages: which language each page is in, a
translated form sharing its original's fields, the links between the
translations of a page, and each mistake's message (fixtures/form-fr.txt)."""

from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from generator.load.config import Config, MarkdownOptions
from generator.load.language_settings import LanguageSettings
from generator.load.theme_words import Words
from generator.model.translations import assign_languages, languages_of, share_forms, translation_links, with_programme_headings
from generator.model.types import PLACEHOLDER_RE, Heading, Language, Page, Translation
from generator.parse.front_matter import parse_source
from generator.parse.markdown import make_markdown
from generator.parse.page import parse_page

FIXTURES = Path(__file__).parent / "fixtures"
MD = make_markdown(MarkdownOptions())
FORM_EN = (FIXTURES / "form-en.md").read_text(encoding="utf-8")
CASES = read_fixture_file(FIXTURES / "form-fr.txt")
FORM_FR = CASES[0][2]  # every text translated
BILINGUAL = Config(title="Handbook", language="en", languages=(LanguageSettings("en"), LanguageSettings("fr")))


def model(files: dict[str, str], config: Config = BILINGUAL) -> tuple[dict[str, Page], str]:
    """The pages by URL, with their languages and shared forms, and every problem as printed."""
    pages: list[Page] = []
    problems = []
    for rel, text in files.items():
        page, found = parse_page(parse_source(f"content/{rel}", rel, text.encode()), MD)
        problems += found
        pages += [page] if page else []
    pages, found = assign_languages(pages, config)
    problems += found
    pages, found = share_forms(pages, config)
    problems += found
    return {page.url: page for page in pages}, "".join(p.format() + "\n" for p in problems) or "(no problems)\n"


@pytest.mark.parametrize("line,title,text,expected", CASES, ids=lambda v: v if isinstance(v, str) and "\n" not in v else "")
def test_form_translation(line: int, title: str, text: str, expected: str) -> None:
    assert model({"en/forms/goals.md": FORM_EN, "fr/forms/goals.md": text})[1] == expected


def test_each_page_in_its_language_folder() -> None:
    pages, problems = model({"en/guide/a.md": "# A\n", "fr/guide/a.md": "# A\n", "fr/index.md": "# Accueil\n"})
    assert problems == "(no problems)\n"
    assert [(p.url, p.language, p.local_rel) for p in pages.values()] == [
        ("en/guide/a.html", "en", "guide/a.md"),
        ("fr/guide/a.html", "fr", "guide/a.md"),
        ("fr/index.html", "fr", "index.md"),
    ]


def test_a_handbook_in_one_language() -> None:
    pages, problems = model({"index.md": "# Start\n", "guide/a.md": "# A\n"}, Config(language="de"))
    assert problems == "(no problems)\n"
    assert [(p.language, p.local_rel) for p in pages.values()] == [("de", "index.md"), ("de", "guide/a.md")]


def test_pages_outside_the_language_folders() -> None:
    _, problems = model({"roles.md": "# Roles\n", "de/index.md": "# Start\n", "en/index.md": "# Home\n"})
    assert problems == (
        "content/roles.md: error: is not in a language's folder\n"
        "  with 'languages:' set, pages go in content/<language>/: move it to content/en/roles.md\n"
        "content/de/index.md: error: is not in a language's folder\n"
        "  with 'languages:' set, pages go in content/<language>/: move it to content/en/de/index.md\n"
    )


def test_a_translated_form_is_the_original_in_other_words() -> None:
    pages, _ = model({"en/forms/goals.md": FORM_EN, "fr/forms/goals.md": FORM_FR})
    english, french = pages["en/forms/goals.html"].form, pages["fr/forms/goals.html"].form
    assert english is not None and french is not None
    assert english.key == french.key == "mentorkit|Handbook|en/forms/goals.html|2.1", "answers saved in one language load in the other"
    assert [f.id for f in french.fields] == [f.id for f in english.fields]
    assert [f.type for f in french.fields] == [f.type for f in english.fields]
    assert [f.required for f in french.fields] == [f.required for f in english.fields]
    assert [(f.label or f.title) for f in french.fields] == [
        "Vos objectifs",
        "Votre objectif principal",
        "Quelle taille ?",
        "Êtes-vous sûr ?",
        "Signatures",
    ]
    size = next(f for f in french.fields if f.id == "size")
    assert (size.options, size.values) == (("Petit", "Grand"), ("Small", "Large")), "an answer is stored as the original's option"
    assert french.use == "fixer des objectifs" and english.use == "goal setting"


def test_a_translation_takes_the_original_order_unless_it_has_its_own() -> None:
    pages, _ = model({"en/forms/goals.md": FORM_EN, "fr/forms/goals.md": FORM_FR})
    assert pages["fr/forms/goals.html"].order == 3
    pages, _ = model({"en/forms/goals.md": FORM_EN, "fr/forms/goals.md": FORM_FR.replace("type: form\n", "type: form\norder: 7\n")})
    assert pages["fr/forms/goals.html"].order == 7


def test_a_translated_section_is_a_heading_of_the_page() -> None:
    pages, _ = model({"en/forms/goals.md": FORM_EN, "fr/forms/goals.md": FORM_FR})
    assert Heading(2, "your-goals", "Vos objectifs") in pages["fr/forms/goals.html"].headings


def help_links(page: Page, field_id: str) -> list[tuple[str, int]]:
    """Where the links in a field's help lead, as written and on which line."""
    assert page.form is not None
    field = next(f for f in page.form.fields if f.id == field_id)
    return [(page.refs[int(index)].path, page.refs[int(index)].line) for index in PLACEHOLDER_RE.findall(field.help_html)]


def test_an_untranslated_field_keeps_the_link_in_its_help() -> None:
    """The original's help is shown, and its link leads where it led (a broken one is reported on the original's line)."""
    pages, _ = model({"en/forms/goals.md": FORM_EN, "fr/forms/goals.md": FORM_FR.replace("  goal: Votre objectif principal\n", "")})
    assert help_links(pages["fr/forms/goals.html"], "goal") == [("../roles.md", 14)]


def test_a_field_with_only_its_label_translated_keeps_the_link_in_its_help() -> None:
    pages, _ = model({"en/forms/goals.md": FORM_EN, "fr/forms/goals.md": FORM_FR})
    assert help_links(pages["fr/forms/goals.html"], "goal") == [("../roles.md", 14)]


def test_fields_translated_for_a_page_that_is_not_a_form() -> None:
    text = FORM_FR.replace("title: Fiche d'objectifs", "title: Orpheline")
    _, problems = model({"en/forms/goals.md": FORM_EN, "fr/orphan.md": text, "en/orphan.md": "# Orphan\n"})
    assert problems == (
        "content/fr/orphan.md:5: error: 'fields' lists translations of the fields of content/en/orphan.md, which is not a form\n"
        "  write 'fields:' as a list (- label: ...) to make this a form of its own\n"
    )


def test_fields_as_a_mapping_in_the_main_language() -> None:
    _, problems = model({"en/forms/goals.md": FORM_FR})
    assert problems == (
        "content/en/forms/goals.md:5: error: 'fields' must be a list of fields\n"
        "  write 'fields:' as a list (- label: ...) to make this a form of its own\n"
    )


def test_translation_links(theme_words: Callable[[str], Words]) -> None:
    pages, _ = model({"en/index.md": "# Home\n", "en/roles.md": "# Roles\n", "fr/index.md": "# Accueil\n"})
    languages = languages_of(BILINGUAL, {"en": theme_words("en"), "fr": theme_words("fr")})
    english, french = languages
    assert languages == (Language("en", "English", "en/index.html"), Language("fr", "Français", "fr/index.html"))
    links = translation_links(pages.values(), languages)
    assert links["en/index.html"] == (Translation(french, "fr/index.html", True),)
    assert links["fr/index.html"] == (Translation(english, "en/index.html", True),)
    assert links["en/roles.html"] == (Translation(french, "fr/index.html", False),), "no translation: that language's home page"


@pytest.mark.parametrize(
    "language,titles",
    [("en", ["Timeline", "Phases", "Milestones", "Meeting plan"]), ("fr", ["Calendrier", "Étapes", "Jalons", "Plan des rencontres"])],
)
def test_a_programme_has_the_headings_its_template_adds(theme_words: Callable[[str], Words], language: str, titles: list[str]) -> None:
    text = "---\ntitle: P\ntype: programme\nweeks: 4\ncadence: weekly\n---\n## Why\n"
    pages, _ = model({f"{language}/p.md": text})
    page = with_programme_headings(pages[f"{language}/p.html"], theme_words(language))
    assert [(h.id, h.text) for h in page.headings] == [
        ("why", "Why"),
        *zip(["timeline", "phases", "milestones", "meeting-plan"], titles, strict=True),
    ]
    other = model({f"{language}/q.md": "# Q\n\n## Why\n"})[0][f"{language}/q.html"]
    assert with_programme_headings(other, theme_words(language)) == other, "a page that is not a programme is left as it is"
