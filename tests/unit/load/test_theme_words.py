"""A theme's words: what a template gets from t(...) in each language, and
the message for each mistake in a translation file (fixtures/words-de.txt)."""

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from generator.errors import MentorkitError, Problem
from generator.load.theme_words import MissingWord, Words, WordsFile, load_words

FIXTURES = Path(__file__).parent / "fixtures"
ENGLISH = WordsFile("en", "(built-in) themes/default/i18n/en.yaml", (FIXTURES / "words-en.yaml").read_text(encoding="utf-8"))


def load(*files: WordsFile, language: str = "de") -> tuple[Words | None, str]:
    """The words, or None when a build would stop; and every problem as printed."""
    words: Words | None = None
    problems: tuple[Problem, ...] | list[Problem]
    try:
        words, problems = load_words((ENGLISH, *files), language, "mentorkit.yaml", 2)
    except MentorkitError as error:
        problems = error.problems
    return words, "".join(p.format() + "\n" for p in problems) or "(no problems)\n"


@pytest.mark.parametrize(
    "line,title,text,expected",
    read_fixture_file(FIXTURES / "words-de.txt"),
    ids=lambda v: v if isinstance(v, str) and "\n" not in v else "",
)
def test_translation_file(line: int, title: str, text: str, expected: str) -> None:
    words, printed = load(WordsFile("de", "themes/default/i18n/de.yaml", text))
    assert printed == expected
    assert (words is None) == (": error: " in expected), "errors stop the build, warnings do not"


def test_english_fills_every_gap() -> None:
    words, _ = load(WordsFile("de", "themes/default/i18n/de.yaml", "page:\n  home: Start\n"))
    assert words is not None
    assert (words("page.home"), words("page.menu"), words("search.results", count=2)) == ("Start", "Menu", "2 results")


def test_a_language_without_a_file_is_english_with_a_warning() -> None:
    words, printed = load(language="pt-BR")
    assert words is not None and words("page.home") == "Home"
    assert printed == (
        "mentorkit.yaml:2: warning: the theme has no words in 'pt-BR': its buttons and labels will be in English\n"
        "  translate the theme's i18n/en.yaml into themes/<theme>/i18n/pt-BR.yaml in your project\n"
    )


def test_english_has_nothing_to_report() -> None:
    words, printed = load(language="en")
    assert words is not None and words("page.top") == "Back to top" and printed == "(no problems)\n"


def test_a_later_file_overrides_single_words() -> None:
    """A project's copy of a file (or a child theme's) comes after the file it shadows."""
    builtin = WordsFile("fr", "(built-in) themes/default/i18n/fr.yaml", "page:\n  home: Accueil\n  skip: Aller au contenu\n")
    project = WordsFile("fr", "themes/default/i18n/fr.yaml", "page:\n  home: Sommaire\n  hme: x\n")
    words, printed = load(builtin, project, language="fr")
    assert words is not None and (words("page.home"), words("page.skip"), words("page.menu")) == ("Sommaire", "Aller au contenu", "Menu")
    assert printed.startswith(
        "themes/default/i18n/fr.yaml:3: warning: unknown key 'page.hme'\n"
        "  did you mean 'page.home'? (known: date.months, page.home, page.menu, page.print, page.skip, page.top, search.results)\n"
        "themes/default/i18n/fr.yaml: warning: 4 of the theme's words have no 'fr' translation"
    ), "each problem names the file it is in"


@pytest.mark.parametrize(
    "language,one,other",
    [
        ("en", [1], [0, 2, 21]),
        ("de", [1], [0, 2]),
        ("fr", [0, 1], [2, 21]),
        ("fr-CA", [0, 1], [2]),
        ("pt", [0, 1], [2]),
        ("pt-BR", [0, 1], [2]),
        ("pt-PT", [1], [0, 2]),
        ("xx", [1], [0, 2]),
    ],
)
def test_which_counts_take_the_one_form(language: str, one: list[int], other: list[int]) -> None:
    """English says "0 results", French "0 résultat"; CLDR's Brazilian Portuguese
    counts 0 as 'one' and European Portuguese does not; a language CLDR lacks counts as English."""
    words = Words(language, {"found": {"one": "{count} one", "other": "{count} other"}})
    assert [words("found", count=n) for n in one + other] == [f"{n} one" for n in one] + [f"{n} other" for n in other]


@pytest.mark.parametrize("language,expected", [("en", "0 results · 1 result · 2 results"), ("fr", "0 résultat · 1 résultat · 2 résultats")])
def test_plural_forms_of_the_built_in_theme(theme_words: Callable[[str], Words], language: str, expected: str) -> None:
    words = theme_words(language)
    assert " · ".join(words("script.results", count=n) for n in (0, 1, 2)) == expected


def test_placeholders() -> None:
    words = Words("en", {"saved": "Answers saved to {file}.", "two": "{a} and {b}"})
    assert words("saved", file="answers.json") == "Answers saved to answers.json."
    assert words("two", a=1) == "1 and {b}", "a placeholder not given is left as it is"
    assert words("saved") == "Answers saved to {file}."


def test_a_missing_word_names_the_key_and_where_to_add_it() -> None:
    words = Words("fr", {"date.months": ("janvier",)})
    with pytest.raises(MissingWord, match=r"^the theme's words have no 'page\.hello' \(add it to the theme's i18n/en\.yaml\)$"):
        words("page.hello")
    with pytest.raises(MissingWord, match=r"^the theme's word 'date\.months' is a list; pick one of its items$"):
        words("date.months")


@pytest.mark.parametrize(
    "language,style,expected",
    [
        ("en", "long", "11 January 2027"),
        ("en", "short", "11 Jan"),
        ("fr", "long", "11 janvier 2027"),
        ("fr", "short", "11 janv."),
        ("de", "long", "11. Januar 2027"),
    ],
)
def test_dates(theme_words: Callable[[str], Words], language: str, style: str, expected: str) -> None:
    assert theme_words(language).date(datetime.date(2027, 1, 11), style) == expected


def test_the_words_scripts_show() -> None:
    words = Words(
        "en", {"script.saved": "Saved to {file}.", "script.results": {"one": "1 result", "other": "{count} results"}, "page.home": "Home"}
    )
    assert words.scripts() == {"saved": "Saved to {file}.", "results.one": "1 result", "results.other": "{count} results"}


def test_the_scripts_words_cannot_end_the_script_element() -> None:
    words = Words("en", {"script.note": "</script><script>alert('x') & more"})
    text = str(words.scripts_json())
    assert "<" not in text and ">" not in text and "&" not in text and "'" not in text
    assert json.loads(text) == {"locale": "en", "words": {"note": "</script><script>alert('x') & more"}}


@pytest.mark.parametrize(
    "language,counts,expected",
    [
        ("pl", [1, 2, 5, 22, 1.5], ["1 plik", "2 pliki", "5 plików", "22 pliki", "1.5 pliku"]),
        ("ru", [1, 2, 5, 11, 21, 101], ["1 файл", "2 файла", "5 файлов", "11 файлов", "21 файл", "101 файл"]),
        ("ar", [0, 1, 2, 3, 11, 100], ["0 z", "1 o", "2 t", "3 f", "11 m", "100 x"]),
    ],
)
def test_every_cldr_plural_form(language: str, counts: list[float], expected: list[str]) -> None:
    forms = {
        "pl": {"one": "{count} plik", "few": "{count} pliki", "many": "{count} plików", "other": "{count} pliku"},
        "ru": {"one": "{count} файл", "few": "{count} файла", "many": "{count} файлов", "other": "{count} файла"},
        "ar": {"zero": "{count} z", "one": "{count} o", "two": "{count} t", "few": "{count} f", "many": "{count} m", "other": "{count} x"},
    }[language]
    words = Words(language, {"files": forms})
    assert [words("files", count=n) for n in counts] == expected
    assert words.scripts() == {}, "only script.* keys go to the scripts"


def test_a_polish_file_with_every_form_has_nothing_to_report() -> None:
    polish = "search:\n  results:\n    one: '{count} wynik'\n    few: '{count} wyniki'\n    many: '{count} wyników'\n    other: '{count} wyniku'\n"
    words, printed = load(WordsFile("pl", "themes/default/i18n/pl.yaml", polish), language="pl")
    assert words is not None and words("search.results", count=3) == "3 wyniki"
    assert "search.results" not in printed and "plural" not in printed


def test_plural_forms_a_language_lacks_or_never_uses() -> None:
    """'other:' is needed; a form the language never uses is dead text; a form it uses but the file lacks shows 'other:'."""
    text = "search:\n  results:\n    one: '{count} wynik'\n    two: '{count} x'\n    other: '{count} wyniku'\npage:\n  home:\n    one: a\n"
    no_other = "search:\n  results:\n    one: '{count} wynik'\n    few: '{count} wyniki'\n    many: '{count} wyników'\n"
    assert load(WordsFile("pl", "themes/default/i18n/pl.yaml", no_other), language="pl")[1].startswith(
        "themes/default/i18n/pl.yaml:2: error: 'search.results' has no 'other:' form\n"
        "  add one: it is shown for every count the other forms do not cover\n"
    )
    words, printed = load(WordsFile("pl", "themes/default/i18n/pl.yaml", text), language="pl")
    assert words is None
    assert printed.startswith(
        "themes/default/i18n/pl.yaml:7: error: 'page.home' must be a text, as in English\n"
        "themes/default/i18n/pl.yaml:2: warning: 'search.results' has a 'two:' form, which 'pl' never uses\n"
        "  'pl' uses 'one:', 'few:', 'many:', 'other:'; remove 'two:'\n"
        "themes/default/i18n/pl.yaml: warning: 1 of the words with plural forms lack forms 'pl' uses, so 'other:' is shown instead: search.results (few, many)\n"
        "  add them; in 'pl' the forms are for these counts: one: 1; few: 2, 3, 4, 22, 23, …; many: 0, 5, 6, 7, 8, …\n"
    ), printed


def test_dates_in_any_language_cldr_knows() -> None:
    """Month names as a date uses them (Polish and Russian decline them), in each language's order."""
    day = datetime.date(2027, 1, 11)
    shown = {language: (Words(language).date(day), Words(language).date(day, "short")) for language in ("pl", "ru", "pt", "en-US", "en-GB")}
    assert shown == {
        "pl": ("11 stycznia 2027", "11 sty"),
        "ru": ("11 января 2027\u202fг.", "11 янв."),
        "pt": ("11 de janeiro de 2027", "11 de jan."),
        "en-US": ("January 11, 2027", "Jan 11"),
        "en-GB": ("11 January 2027", "11 Jan"),
    }


def test_a_file_may_give_its_own_date_pattern_with_cldr_months() -> None:
    words = Words("pt", {"date.long": "{day}/{month}/{year}"})
    assert words.date(datetime.date(2027, 3, 4)) == "4/março/2027"


def test_a_regional_variant_speaks_its_language() -> None:
    """'fr-CA' takes the French file; a 'fr-CA' file changes single words; counts and dates follow fr-CA's CLDR rules."""
    french = WordsFile("fr", "(built-in) themes/default/i18n/fr.yaml", "page:\n  home: Accueil\n  menu: Menu\n")
    canadian = WordsFile("fr-CA", "themes/default/i18n/fr-CA.yaml", "page:\n  menu: Sommaire\n")
    words, printed = load(french, canadian, language="fr-CA")
    assert words is not None and (words("page.home"), words("page.menu")) == ("Accueil", "Sommaire")
    assert "no words in 'fr-CA'" not in printed and printed.startswith("themes/default/i18n/fr-CA.yaml: warning: 4 of the theme's words")
    words, printed = load(french, language="fr-BE")
    assert words is not None and words("page.home") == "Accueil" and "no words in" not in printed
    assert words.date(datetime.date(2027, 1, 11)) == "11 janvier 2027"


@pytest.mark.parametrize(
    "text,expected",
    [
        (
            "page:\n  home: [Home, Start]\n",
            "themes/default/i18n/en.yaml:2: error: 'page.home' must be a text, as in (built-in) themes/default/i18n/en.yaml\n",
        ),
        (
            "page:\n  home:\n    start: Start\n",
            "themes/default/i18n/en.yaml:2: error: 'page.home' must be a text, as in (built-in) themes/default/i18n/en.yaml, not headings of keys\n",
        ),
        (
            "page: Home\n",
            "themes/default/i18n/en.yaml:1: error: 'page' is a heading of keys in (built-in) themes/default/i18n/en.yaml, such as 'page.home'\n",
        ),
    ],
)
def test_a_later_english_file_keeps_the_shape_of_each_word_it_overrides(text: str, expected: str) -> None:
    """A template gets what the theme's English gives: a child theme's or a
    project's copy that changes a text into a list or headings would fail in
    a template, or be ignored, instead of naming the word."""
    words, printed = load(WordsFile("en", "themes/default/i18n/en.yaml", text), language="en")
    assert words is None
    assert printed.startswith(expected)
