import json
import re

from hypothesis import given
from hypothesis import strategies as st

from generator.load.config import Config
from generator.model.types import Heading, NavItem, Page, Site
from generator.render.search import STOPWORDS, page_entry, reading_order, search_index, words


def test_words_drop_the_commonest() -> None:
    assert words("The mentor and the mentee's goals, agreed") == ["mentor", "mentee's", "goals", "agreed"]


def test_words_are_unique_and_in_order() -> None:
    text = "Trust, trust and l'écoute: l’écoute—listening_well; naïve 2026 x"
    assert words(text) == ["trust", "l'écoute", "l’écoute", "listening", "well", "naïve", "2026"]


@given(st.text(alphabet=st.sampled_from("ab É'’_-.,  \n\u0130\u0301\u00b2"), max_size=40))
def test_words_match_a_plain_search_of_the_text(text: str) -> None:
    """The fast split gives what searching the whole text for words gives."""
    plain = re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text.lower())
    assert words(text) == [w for w in dict.fromkeys(plain) if w not in STOPWORDS and len(w) > 1]


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
        "<p>Set goals. Set <b>goals</b> again.</p>",
        (Heading(2, "steps", "Steps"),),
        (),
    )
    site = Site(Config(), (page,), (), (NavItem("Goals", "a.html"),), None, {"a.html": page}, ("a.html",), {"a.html": 0})
    script = search_index([page_entry(page) for page in reading_order(site)])
    assert script.startswith("window.mentorkitSearch = [") and script.endswith(";\n")
    assert "</script>" not in script
    data = json.loads(script[len("window.mentorkitSearch = ") : -2].replace("<\\/", "</"))
    assert data == [{"u": "a.html", "t": "Goals </script>", "s": "Why", "h": [["steps", "Steps"]], "w": "set goals again"}]
