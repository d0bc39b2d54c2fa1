"""`languages:` and `language:` in mentorkit.yaml: the settings each language
gets, and each mistake's message with its line (fixtures/languages.txt)."""

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from generator.errors import MentorkitError
from generator.load.config import Config, load_config
from generator.load.language_settings import LanguageSettings

FIXTURES = Path(__file__).parent / "fixtures"


def config(tmp_path: Path, text: str) -> Config:
    (tmp_path / "mentorkit.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path)


@pytest.mark.parametrize(
    "line,title,text,expected",
    read_fixture_file(FIXTURES / "languages.txt"),
    ids=lambda v: v if isinstance(v, str) and "\n" not in v else "",
)
def test_mistakes(tmp_path: Path, line: int, title: str, text: str, expected: str) -> None:
    with pytest.raises(MentorkitError) as info:
        config(tmp_path, text)
    assert "".join(p.format() + "\n" for p in info.value.problems) == expected


def test_a_list_of_codes(tmp_path: Path) -> None:
    found = config(tmp_path, "title: Handbook\nlanguages: [en, fr]\n")
    assert found.languages == (LanguageSettings("en", line=2), LanguageSettings("fr", line=2))
    assert found.language == "en", "the first language is the one the others translate"


def test_each_language_with_its_own_settings(tmp_path: Path) -> None:
    found = config(
        tmp_path,
        "title: The Mentoring Handbook\nlanguages:\n  en:\n  fr:\n    title: Le manuel du mentorat\n"
        "    organisation: Programme de Riverside\n    contact: mentorat@example.org\n",
    )
    assert found.languages == (
        LanguageSettings("en", line=3),
        LanguageSettings("fr", "Le manuel du mentorat", "Programme de Riverside", "mentorat@example.org", line=4),
    )
    assert found.title == "The Mentoring Handbook"


def test_language_may_name_any_of_the_languages(tmp_path: Path) -> None:
    assert config(tmp_path, "language: fr\nlanguages: [en, fr]\n").language == "fr"


@pytest.mark.parametrize("code", ["en", "fr", "de", "yue", "pt-BR", "zh-Hant-TW", "es-419", "sr-Latn"])
def test_codes(tmp_path: Path, code: str) -> None:
    assert config(tmp_path, f"language: {code}\n").language == code
    assert [s.code for s in config(tmp_path, f"languages: [{code}, xx]\n").languages] == [code, "xx"]


def test_one_language_needs_no_languages(tmp_path: Path) -> None:
    found = config(tmp_path, "language: de\n")
    assert (found.language, found.languages) == ("de", ())
