import json

from generator.config import Config
from generator.markdown import Heading
from generator.model import NavItem, Page, Site
from generator.search import search_index, words


def test_words_drop_the_commonest() -> None:
    assert words("The mentor and the mentee's goals, agreed") == ["mentor", "mentee's", "goals", "agreed"]


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
    script = search_index(site)
    assert script.startswith("window.mentorkitSearch = [") and script.endswith(";\n")
    assert "</script>" not in script
    data = json.loads(script[len("window.mentorkitSearch = ") : -2].replace("<\\/", "</"))
    assert data == [{"u": "a.html", "t": "Goals </script>", "s": "Why", "h": [["steps", "Steps"]], "w": "set goals again"}]
