import re
from importlib.metadata import version
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from generator.load.config import MarkdownOptions
from generator.model.types import Heading, Ref, slugify
from generator.parse.markdown import make_markdown, markdown_it, parse_markdown
from generator.parse.markdown_gates import GATED_RULES, SWITCH, gates_on

FIXTURES = Path(__file__).parent / "fixtures"
MD = make_markdown(MarkdownOptions())


@pytest.mark.parametrize(
    "line,title,text,expected", read_fixture_file(FIXTURES / "markdown.md"), ids=lambda v: v if isinstance(v, str) and "\n" not in v else ""
)
def test_fixture(line: int, title: str, text: str, expected: str) -> None:
    assert parse_markdown(MD, text, 1, drop_leading_h1=False).html == expected


def test_refs_carry_the_file_line() -> None:
    text = "Intro.\n\nSee the [roles](../roles.md) page\nand [the first\nmeeting](clear.md#in-the-first-meeting).\n"
    parsed = parse_markdown(MD, text, first_line=5, drop_leading_h1=False)
    assert parsed.refs == (
        Ref("link", "../roles.md", "", 7),
        Ref("link", "clear.md", "in-the-first-meeting", 9),
    )


def test_leading_h1_becomes_the_title() -> None:
    parsed = parse_markdown(MD, "# Setting goals\n\nText.\n\n## Steps\n", 1, drop_leading_h1=True)
    assert parsed.first_heading == "Setting goals"
    assert parsed.html == '<p>Text.</p>\n<h2 id="steps">Steps</h2>\n'
    assert parsed.headings == (Heading(2, "steps", "Steps"),)


def test_first_heading_of_any_level_is_a_title() -> None:
    assert parse_markdown(MD, "Text.\n\n## Steps\n", 1, drop_leading_h1=True).first_heading == "Steps"


def test_html_can_be_turned_off() -> None:
    md = make_markdown(MarkdownOptions(html=False))
    assert parse_markdown(md, "<script>alert(1)</script>\n", 1, False).html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


@pytest.mark.parametrize(
    "text,slug", [("In the first meeting", "in-the-first-meeting"), ("Roles: who does what?", "roles-who-does-what"), ("!!!", "section")]
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def _with_plugins(options: MarkdownOptions) -> MarkdownIt:
    """The parser as it was with mdit-py-plugins making heading ids and task
    lists: parse_markdown now makes them itself, and must give the same HTML."""
    md = markdown_it(options)  # with every extension and rule
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=slugify)
    md.use(tasklists_plugin, label=True)
    return md


PLUGIN_CASES = [
    "# Goals\n\n## Goals\n\n### Goals\n\n## Goals-1\n",
    "## The *first* meeting\n\n## `code` and **bold** words\n",
    "- [ ] bring the agreement\n- [x] read the guide\n- [X] sign it\n- [ ]no space\n- [ ]\ttab\n- plain [ ] item\n",
    "1. [ ] first\n2. [x] second\n\n[ ] not in a list\n",
    "- outer\n  - [ ] nested task\n  - [x] another\n- [ ] outer task with [a link](https://example.org/)\n",
    "- [ ] a task\n\n  with a second paragraph\n\n- [ ] loose list\n",
    '- [ ] "quoted" -- text (c)\n\n## Quotes "here"\n',
    "Text.[^1]\n\n[^1]: A note.\n\n    # Heading in code\n\n> ## Quoted heading\n> - [ ] quoted task\n",
    "!!! note\n    ## Inside a note\n    - [x] done\n\nTerm\n: - [ ] in a definition\n",
    "- [^1]: note\n\n  [ ] after a footnote, not a task\n- [ ] a task[^1]\n",
    "- [^1]: [ ] inside a footnote\n\n[^2]: - [x] a task in a footnote\n\nText[^2].\n",
    "-\n  [ ] after an empty first line\n",
    "- [^1]: \n  [ ] after a footnote nothing refers to, not a task\n",
    "- [^1]:\n  [ ] after an empty footnote, not a task[^1]\n",
    "- [a]: https://example.org/\n  [ ] after a link reference, a task\n",
]


@pytest.mark.parametrize("typographer", [False, True])
@pytest.mark.parametrize("text", PLUGIN_CASES)
def test_heading_ids_and_task_lists_match_the_plugins(text: str, typographer: bool) -> None:
    options = MarkdownOptions(typographer=typographer)
    assert parse_markdown(make_markdown(options), text, 1, drop_leading_h1=False).html == _with_plugins(options).render(text)


def test_a_dropped_title_still_takes_its_heading_id() -> None:
    parsed = parse_markdown(MD, "# Goals\n\nText.\n\n## Goals\n", 1, drop_leading_h1=True)
    assert parsed.html == '<p>Text.</p>\n<h2 id="goals-1">Goals</h2>\n'
    assert parsed.headings == (Heading(2, "goals-1", "Goals"),)


# Pieces of Markdown that start, nearly start or sit inside each extension's
# syntax, and the containers that move where a block starts on its line.
PIECES = [
    "Term",
    "word",
    ": ",
    ":",
    "~ ",
    "~",
    "~~",
    "~~~",
    "|",
    " | ",
    "---",
    "|---|",
    "-",
    "[^1]",
    "[^1]: ",
    "^[",
    "]",
    "!!! ",
    "!!!",
    "??? ",
    "???+ ",
    "note",
    "> ",
    ">",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "12:30",
    "  ",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "\r",
    "\r\n",
    "`",
    "```",
    "<div>",
    "</div>",
    "<!-- c -->",
    "=",
    "===",
    "[a]",
    "[a]: http://x",
    "]:",
    "a: b",
    "http://x",
    "[ ] ",
    "[x] ",
    "*",
    "**",
    "_",
    "__",
    "\\",
    "\\*",
    "&amp;",
    "&",
]


@pytest.mark.parametrize("html", [True, False])
@pytest.mark.parametrize("typographer", [False, True])
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_each_text_parses_as_with_every_rule(typographer: bool, html: bool, pieces: list[str]) -> None:
    """A text is parsed by a MarkdownIt with only the rules it could use: the
    page must be the one every rule gives (the gates switched off)."""
    text = "".join(pieces)
    options = MarkdownOptions(typographer=typographer, html=html)
    gated, every_rule = make_markdown(options, gated=True), make_markdown(options, gated=False)
    assert parse_markdown(gated, text, 1, False) == parse_markdown(every_rule, text, 1, False)


def test_the_gates_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """MENTORKIT_MARKDOWN_GATES=0: every text parsed with every rule."""
    monkeypatch.delenv(SWITCH, raising=False)
    assert gates_on()
    plain, table = "Plain text.\n", "| a |\n|---|\n"
    gated = make_markdown(MarkdownOptions())
    assert gated.parser_for(plain) is not gated.parser_for(table)
    assert "table" not in gated.parser_for(plain).get_active_rules()["block"]
    monkeypatch.setenv(SWITCH, "0")
    assert not gates_on()
    every_rule = make_markdown(MarkdownOptions())
    parser = every_rule.parser_for(plain)
    assert parser is every_rule.parser_for(table)
    active = {rule for chain in parser.get_active_rules().values() for rule in chain}
    assert set(GATED_RULES) <= active


def _bounds(project: str) -> SpecifierSet:
    """The versions of `project` pyproject.toml's dependencies allow."""
    text = (Path(__file__).parents[3] / "pyproject.toml").read_text(encoding="utf-8")
    (line,) = re.findall(rf'^\s*"({re.escape(project)}\b[^"]*)"', text, re.MULTILINE)
    return Requirement(line).specifier


@pytest.mark.parametrize("project", ["markdown-it-py", "mdit-py-plugins"])
def test_the_installed_markdown_it_is_one_the_gates_were_checked_for(project: str) -> None:
    """The gates name markdown-it-py's and mdit-py-plugins' rules and encode
    what each needs to match: pyproject.toml bounds both to the versions
    they were checked with, and the ones installed (which the property test
    above runs on) must lie inside."""
    bounds = _bounds(project)
    assert any(spec.operator == "<" for spec in bounds), f"{project} needs an upper bound in pyproject.toml"
    installed = version(project)
    assert bounds.contains(installed), f"{project} {installed} is outside {bounds}: check markdown_gates.py against it, then widen"


@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_heading_ids_and_task_lists_match_the_plugins_on_any_text(pieces: list[str]) -> None:
    """As the fixed cases above, on any text without internal links (which
    parse_markdown makes placeholders of). With the typographer on, a quote
    right after a tick box is curled where the tasklists plugin left it
    straight ("- [x] '"): not compared."""
    text = "".join(pieces)
    parsed = parse_markdown(MD, text, 1, drop_leading_h1=False)
    if not parsed.refs:
        assert parsed.html == _with_plugins(MarkdownOptions()).render(text)


@pytest.mark.parametrize(
    "text",
    [
        "Term\n: definition\n",
        "> Term\n> : quoted definition\n",
        "- Term\n\n  ~ in a list\n",
        "Term\r: after a lone carriage return\n",
        "Text[^1] and ^[inline].\n\n[^1]: Note.\n",
        '!!! tip\n    Inside.\n\n??? note "Closed"\n    Hidden.\n',
        "~~gone~~ and | a | b |\n|---|---|\n| 1 | 2 |\n",
        "a | b\n--|--\n1 | 2\n",
    ],
)
def test_extensions_still_work_when_a_text_uses_them(text: str) -> None:
    html = parse_markdown(MD, text, 1, drop_leading_h1=False).html
    assert html == _with_plugins(MarkdownOptions()).render(text)
    assert any(tag in html for tag in ("<dl>", "footnote", "admonition", "<s>", "<table>"))


@pytest.mark.parametrize(
    "text,tag",
    [
        ("```\ncode\n```\n", "<pre><code>"),
        ("~~~ py\ncode\n~~~\n", '<code class="language-py">'),
        ("Text\n> quoted\n", "<blockquote>"),
        ("See [the guide][g].\n\n[g]: https://example.org/\n", '<a href="https://example.org/">'),
        ("<div>\nraw\n</div>\n", "<div>\nraw\n</div>"),
        ("Text\n\n    indented\n", "<pre><code>indented"),
        ("-\tItem\n\n\t\tcode\n", "<pre><code>"),
        ("Title\n=====\n", "<h1"),
        ("- Item\n  ---\n", "<h2"),
        ("> Quoted\n> -\n", "<h2"),
        ("Title\r---\r", "<h2"),
        ("*Stress* and __strong__\n", "<em>Stress</em>"),
        ("~~gone~~ \\*kept\\*\n", "<s>gone</s> *kept*"),
        ("Q&amp;A &copy; *a*\n", "Q&amp;A © <em>a</em>"),
    ],
)
def test_markdown_its_own_rules_still_work_when_a_text_uses_them(text: str, tag: str) -> None:
    """The rules of markdown-it's own that are left out of texts that cannot use them."""
    html = parse_markdown(MD, text, 1, drop_leading_h1=False).html
    assert html == _with_plugins(MarkdownOptions()).render(text)
    assert tag in html


@pytest.mark.parametrize("text", ["!!! note\n    x\n\n>a|b\n>-|-\n>", "???\n\n>a|b\n>-|-\n>"])
def test_a_table_ending_a_quote_at_the_end_of_a_text_with_admonitions(text: str) -> None:
    """mdit-py-plugins' admonition rule read past the end of such a text (found by review)."""
    html = parse_markdown(MD, text, 1, drop_leading_h1=False).html
    assert "<table>" in html and "</blockquote>" in html
