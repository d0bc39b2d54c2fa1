"""The guards that keep a hostile page's parsing proportional to its size
(generator/parse/markdown_limits.py, and the linear walks of markdown.py):
same HTML as without them, an error for a paragraph past the limit."""

from __future__ import annotations

import re
from typing import Any, SupportsIndex

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from generator.errors import InputError
from generator.load.config import MarkdownOptions
from generator.model.types import Ref
from generator.parse import markdown, raw_html
from generator.parse.markdown import make_markdown, parse_markdown
from generator.parse.markdown_limits import MAX_PARAGRAPH

MD = make_markdown(MarkdownOptions())


def _plain(text: str) -> str:
    """The footnote plugin's HTML, without mentorkit's guard."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)
    return md.render(text)


@pytest.mark.parametrize(
    "text",
    [
        "Text[^a] and [^b] and [^a].\n\n[^a]: One.\n[^b]: Two.\n",
        "[^a]: One.\n\n[^" * 5 + "a] then [^a]\n",
        "[^long-label]: Note.\n\n[^long] [^long-label] [^long-label-x] [^long-label\n",
        "[^a]: Note.\n\n[^[^[^a] [^ a] [^a ] [^]\n",
        "[^a]: Note.\n\n[link [^a]](x) [^a][^a]^[inline [^a]]\n",
        "[^a]: Note.\n\n| x [^a] | [^a |\n|---|---|\n| [^a] | y |\n",
        "[^a]: Note.\n\n> quoted [^a] and [^\n> [^a] again\n",
    ],
)
def test_footnote_references_are_those_of_the_plugin(text: str) -> None:
    assert parse_markdown(MD, text, 1, drop_leading_h1=False).html == _plain(text)


def test_a_paragraph_past_the_limit_is_an_error_at_its_line() -> None:
    text = "# Title\n\nShort.\n\n" + "word " * (MAX_PARAGRAPH // 5 + 1) + "\n"
    with pytest.raises(InputError) as raised:
        parse_markdown(MD, text, first_line=4, drop_leading_h1=False)
    assert raised.value.line == 8
    assert raised.value.message == "this paragraph is 50,004 characters long; a paragraph may be up to 50,000"
    assert raised.value.hint == "break it into shorter paragraphs with blank lines between them"


def test_a_paragraph_at_the_limit_is_parsed() -> None:
    text = "x" * MAX_PARAGRAPH
    assert parse_markdown(MD, text, 1, drop_leading_h1=False).html == f"<p>{text}</p>\n"


def test_headings_of_one_name_are_numbered_in_order() -> None:
    text = "## a\n\n## a-1\n\n" + "## a\n\n" * 3 + "## a-2\n"
    ids = [h.id for h in parse_markdown(MD, text, 1, drop_leading_h1=False).headings]
    assert ids == ["a", "a-1", "a-2", "a-3", "a-4", "a-2-1"]


def test_a_long_task_list_marks_its_list_once_and_each_item() -> None:
    text = "- [ ] a\n" * 3 + "\n1. not a task\n\n" + "- [x] b\n  - [ ] c\n" * 2
    html = parse_markdown(MD, text, 1, drop_leading_h1=False).html
    assert html.count('<ul class="contains-task-list">') == 4  # two lists of tasks, each b with its own list of c
    assert html.count('<li class="task-list-item">') == 7
    assert "<ol>" in html


def test_each_link_has_the_line_of_its_address() -> None:
    text = "See [a](a.md), <b\nclass=x>[b](b.md)</b>\nand [the\nlong one](c.md) ![an\nimage](d.png) [e][e]\n\n[e]: e.md\n"
    refs = parse_markdown(MD, text, first_line=10, drop_leading_h1=False).refs
    assert refs == (
        Ref("link", "a.md", "", 10),
        Ref("link", "b.md", "", 11),
        Ref("link", "c.md", "", 13),
        Ref("image", "d.png", "", 14),
        Ref("link", "e.md", "", 14),
    )


class _Scanned(str):
    """A text that counts the characters its `count` looks through."""

    looked_through = 0

    def count(self, sub: str, start: SupportsIndex | None = 0, end: SupportsIndex | None = None) -> int:  # type: ignore[override]
        first = 0 if start is None else int(start)
        last = len(self) if end is None else int(end)
        _Scanned.looked_through += max(0, last - first)
        return str.count(self, sub, first, last)


def test_a_block_of_many_raw_links_is_read_in_proportion_to_its_length() -> None:
    """Each raw link's line is counted on from the one before, not from the block's start:
    the block's text is looked through once to count its lines, however many links it holds."""
    count = 20_000
    text = _Scanned("<div>\n" + '<a href="a.md">a</a>\n' * count + "</div>\n")
    refs: list[Ref] = []
    _Scanned.looked_through = 0
    markdown._raw_refs(text, 1, 0, refs)
    assert len(refs) == count and refs[-1].line == count + 1
    assert _Scanned.looked_through <= len(text)


class _Counted:
    """A compiled pattern that counts its searches and matches."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.calls = pattern, 0

    def search(self, *args: Any) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.search(*args)

    def match(self, *args: Any) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(*args)


@pytest.mark.parametrize("line", ['<!-- <a href="a.md">\n', '<script> <a href="a.md">\n', '<![CDATA[ <a href="a.md">\n'])
def test_a_block_of_many_unclosed_comments_or_scripts_is_read_in_proportion_to_its_length(
    line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first one left open holds the rest of the block, as in a browser:
    the rest is not looked through again for each."""
    markup = _Counted(raw_html._MARKUP)
    monkeypatch.setattr(raw_html, "_MARKUP", markup)
    text = "<div>\n" + line * 20_000 + "</div>\n"
    assert parse_markdown(MD, text, first_line=1, drop_leading_h1=False).refs == ()
    assert markup.calls <= 4, "the block was looked through again after the first one left open"
