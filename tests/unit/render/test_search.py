import json
import re

from hypothesis import given
from hypothesis import strategies as st

from generator.load.config import Config
from generator.model.types import Heading, NavItem, Page, Site
from generator.render.search import fold, page_entry, reading_order, search_index, stretches
from generator.render.stopwords import stopwords


def test_fold_drops_accents_and_case_and_spells_out_letters() -> None:
    assert fold("Réunion") == "reunion"
    assert [fold(word) for word in ("Straße", "Œuvre", "Æsop", "Łódź", "naïve", "İstanbul", "ÉTÉ")] == [
        "strasse",
        "oeuvre",
        "aesop",
        "lodz",
        "naive",
        "istanbul",
        "ete",
    ]


def test_each_language_has_its_own_commonest_words() -> None:
    assert {"the", "and"} <= stopwords("en") and "le" not in stopwords("en")
    assert {"le", "et", "etre"} <= stopwords("fr") and "the" not in stopwords("fr")
    assert {"der", "und", "fur"} <= stopwords("de") and stopwords("fr-CA") == stopwords("fr")
    assert stopwords("pl") == frozenset(), "a language without a list leaves every word in"
    assert all(word == fold(word) for language in ("en", "fr", "de") for word in stopwords(language)), "written folded"


def test_stretches_keep_the_sentences_where_words_first_appear() -> None:
    text = "The mentor listens. The mentor listens. The mentor listens again. The mentor listens.\nA réunion, then a Réunion."
    assert stretches(text, "en") == ["The mentor listens.", "The mentor listens again.", "A réunion, then a Réunion."]
    assert stretches("La réunion. Le mentor. Les réunions.", "fr") == ["La réunion. Le mentor. Les réunions."]
    assert stretches("The. And. Of the.", "en") == [], "nothing a reader would search for"
    assert stretches("", "en") == []


def _folded_words(text: str) -> set[str]:
    """As the search script reads text: folded, then split into letters and digits."""
    return set(re.findall(r"[^\W_]+", fold(text)))


@given(st.text(alphabet=st.sampled_from("ab É'’_-.,  \n\u0130\u0301ßœ"), max_size=60))
def test_every_word_a_reader_may_search_for_is_kept(text: str) -> None:
    """Whatever the text, the stretches hold each of its words (the search script finds them there)."""
    wanted = {w for w in _folded_words(text) if len(w) > 1 and w not in stopwords("en")}
    assert wanted <= _folded_words(" ".join(stretches(text, "en")))


def test_index_is_a_script_holding_each_page_once() -> None:
    page = Page(
        "content/a.md",
        "a.md",
        "a.html",
        "page",
        "Goals </script>",
        "Why",
        None,
        {},
        "<p>Set goals. Set <b>goals</b> again.</p><p>See <a href='b.html'>the plan</a>.</p>",
        (Heading(2, "steps", "Steps"),),
        (),
        language="en",
    )
    site = Site(Config(), (page,), (), (NavItem("Goals", "a.html"),), None, {"a.html": page}, ("a.html",), {"a.html": 0})
    script = search_index([page_entry(page) for page in reading_order(site)], "en")
    assert script.startswith("window.mentorkitSearch = {") and script.endswith(";\n")
    assert "</script>" not in script
    data = json.loads(script[len("window.mentorkitSearch = ") : -2].replace("<\\/", "</"))
    assert data["stop"] == sorted(stopwords("en"))
    assert data["pages"] == [
        {"u": "a.html", "t": "Goals </script>", "s": "Why", "h": [["steps", "Steps"]], "x": ["Set goals. Set goals again. See the plan."]}
    ]
