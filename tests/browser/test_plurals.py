"""Plural forms: the build (Python, Babel's CLDR rules) and a built page's
script (Chromium's Intl.PluralRules) pick the same form, and so the same
words, for the same count, in every language the theme ships and in
languages with more forms than 'one' and 'other'."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.build import BuildOptions, build
from generator.load.config import load_config
from generator.load.theme_words import Words
from generator.load.themes import load_theme, theme_words

LANGUAGES = ["en", "fr", "de", "pt", "pt-BR", "pt-PT", "pl", "ru", "ar"]
SHIPPED = {"en", "fr", "de"}
COUNTS = [0, 1, 2, 3, 5, 11, 12, 22, 100, 101, 1.5, 1000000]


def _results_file(language: str) -> str:
    """A words file whose search-results line names its own form, for every form CLDR knows."""
    forms = "".join(f'    {category}: "{{count}} {language}-{category}"\n' for category in ("zero", "one", "two", "few", "many", "other"))
    return f"script:\n  results:\n{forms}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Words]]:
    project = tmp_path_factory.mktemp("plurals")
    (project / "mentorkit.yaml").write_text("title: Plurals\nlanguages: [" + ", ".join(LANGUAGES) + "]\n", encoding="utf-8")
    for language in LANGUAGES:
        (project / "content" / language).mkdir(parents=True)
        (project / "content" / language / "index.md").write_text("# Home\n\nText.\n", encoding="utf-8")
        if language not in SHIPPED:
            (project / "themes/default/i18n").mkdir(parents=True, exist_ok=True)
            (project / "themes/default/i18n" / f"{language}.yaml").write_text(_results_file(language), encoding="utf-8")
    build(project, BuildOptions(project / "site", cache="off"))
    config = load_config(project)
    words, _ = theme_words(load_theme(project, "default", config.path), config)
    return project / "site", words


@pytest.mark.parametrize("language", LANGUAGES)
def test_python_and_the_browser_agree(browser: Browser, built: tuple[Path, dict[str, Words]], language: str) -> None:
    site, words = built
    page = browser.new_page()
    try:
        page.goto((site / language / "index.html").as_uri())
        shown = page.evaluate(
            "counts => counts.map(n => [window.mentorkitWords.category(n), window.mentorkitWords.plural('results', n, 'none')])", COUNTS
        )
    finally:
        page.close()
    mine = words[language]
    expected = [[mine.rules.category(n), mine("script.results", count=n)] for n in COUNTS]
    assert shown == expected


def test_the_forms_are_cldr_s(built: tuple[Path, dict[str, Words]]) -> None:
    """What both sides agree on is CLDR's: 0 is 'one' in Brazilian Portuguese but not in European; Polish, Russian and Arabic use more forms."""
    _, words = built
    shown = {language: [words[language]("script.results", count=n) for n in (0, 1, 2, 5, 22)] for language in LANGUAGES}
    assert shown["pt"][0] == shown["pt-BR"][0].replace("pt-BR", "pt") == "0 pt-one"
    assert shown["pt-PT"][:2] == ["0 pt-PT-other", "1 pt-PT-one"]
    assert shown["pl"] == ["0 pl-many", "1 pl-one", "2 pl-few", "5 pl-many", "22 pl-few"]
    assert shown["ru"] == ["0 ru-many", "1 ru-one", "2 ru-few", "5 ru-many", "22 ru-few"]
    assert shown["ar"] == ["0 ar-zero", "1 ar-one", "2 ar-two", "5 ar-few", "22 ar-many"]
    assert shown["fr"][:3] == ["0 résultat", "1 résultat", "2 résultats"]
    assert words["fr"]("script.results", count=1000000) == "1000000 de résultats"
    assert shown["en"][:3] == ["0 results", "1 result", "2 results"]
