"""Parse: each text parsed by a MarkdownIt with only the rules it could use.

Why: markdown-it tries every rule at every line or paragraph, and most texts
can use only a few of them (its worth, measured: docs/performance.md).

Each optional rule comes with a test that is true of every text where the
rule could match; a text is parsed by a MarkdownIt with the other rules
disabled, made the first time that combination is met and kept. The HTML is
the same as with every rule (a property test in tests/unit/test_markdown.py
compares the two). The tests encode what markdown-it-py's and
mdit-py-plugins' rules need in order to match, checked for the versions
pyproject.toml allows (a test holds the installed ones to that range).

Off switch: MENTORKIT_MARKDOWN_GATES=0 parses every text with every rule.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from markdown_it import MarkdownIt

SWITCH = "MENTORKIT_MARKDOWN_GATES"
"""The environment variable that turns the gates off when it is "0"."""

CONTAINER_MARKS = " \t>*+-.)0123456789"
"""What may stand before a block's first character on its line: indentation,
blockquote '>' and list markers ('-', '*', '+', '1.', '1)')."""


def gates_on() -> bool:
    """Whether texts are parsed with only the rules they could use (the default)."""
    return os.environ.get(SWITCH, "1") != "0"


def _could_hold_definition(text: str) -> bool:
    """A line whose block starts with ':' or '~' (a definition's marker), after
    indentation and container markers: the only lines deflist looks at.

    Found from each ':' and '~', looking back to the start of its line: a
    regular expression trying every line was dearer than the rule it gates.
    """
    starts_line = "\r" in text  # markdown-it reads a lone '\r' as a line break too
    for marker in (":", "~"):
        at = text.find(marker)
        while at != -1:
            start = text.rfind("\n", 0, at) + 1
            if starts_line:
                start = max(start, text.rfind("\r", 0, at) + 1)
            if not text[start:at].strip(CONTAINER_MARKS):
                return True
            at = text.find(marker, at + 1)
    return False


def _could_hold_setext_heading(text: str) -> bool:
    """An '=', or a line of '-' alone after indentation and blockquote '>'
    marks: what a setext heading's underline is when it is not '='.

    Found from the first '-' of each line that has one, as definitions are:
    a regular expression trying every line was dearer than the other tests.
    """
    if "=" in text:
        return True
    if "\r" in text:  # markdown-it reads '\r\n' and a lone '\r' as '\n'
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    at = text.find("-")
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        if end == -1:
            end = len(text)
        if not text[start:at].strip(" \t>") and not text[at:end].rstrip(" \t").strip("-"):
            return True
        at = text.find("-", end)  # a later '-' on this line has this one before it
    return False


def _could_hold_reference(text: str) -> bool:
    """A ']' just before a ':', found from each ':' (one character is looked
    for much faster than two, and most pages have few colons)."""
    at = text.find(":")
    while at != -1:
        if at and text[at - 1] == "]":
            return True
        at = text.find(":", at + 1)
    return False


# Each gated rule (by the names markdown-it-py and mdit-py-plugins give it in
# their rulers), with a test true of every text where it could match.
# Python finds one character in a text many times faster than two or three:
# each test looks for one first, and for the rest only when it is there.
#
# Extensions: a table needs a '|' in its header, strikethrough a '~', a
# footnote '[^' or '^[', an admonition '!!!' or '???' (mkdocs' collapsible
# ones), a definition a line starting with ':' or '~'.
#
# markdown-it's own rules: a fenced block needs ``` or ~~~, a blockquote '>',
# a link reference definition ']:' (the label's end and its colon, never
# apart), an HTML block '<', an indented code block four columns of
# indentation (four spaces or a tab), a setext heading its underline. Left
# out, one is neither tried at each line nor as the end of a paragraph, a
# list or a quote. Inline: emphasis needs a '*' or '_'; pairing delimiters
# and joining what is left of them as text, those or strikethrough's '~';
# joining escapes and entities into the text around them, a '\\' or '&'.
_GATES: tuple[tuple[tuple[str, ...], Callable[[str], bool]], ...] = (
    (("table",), lambda text: "|" in text),
    (("strikethrough",), lambda text: "~" in text),
    (("admonition",), lambda text: ("!" in text and "!!!" in text) or ("?" in text and "???" in text)),
    (("footnote_def", "footnote_inline", "footnote_ref", "footnote_tail"), lambda text: "^" in text and ("[^" in text or "^[" in text)),
    (("deflist",), _could_hold_definition),
    (("fence",), lambda text: ("`" in text and "```" in text) or ("~" in text and "~~~" in text)),
    (("blockquote",), lambda text: ">" in text),
    (("reference",), _could_hold_reference),
    (("html_block",), lambda text: "<" in text),
    (("code",), lambda text: "    " in text or "\t" in text),
    (("lheading",), _could_hold_setext_heading),
    (("emphasis",), lambda text: "*" in text or "_" in text),
    (("balance_pairs", "fragments_join"), lambda text: "*" in text or "_" in text or "~" in text),
    (("text_join",), lambda text: "\\" in text or "&" in text),
)
GATED_RULES = tuple(name for names, _ in _GATES for name in names)
"""Every rule name the gates may disable."""

Uses = tuple[bool, ...]
"""Which of the gated rules (_GATES, in their order) a text could use."""
EVERY_RULE: Uses = (True,) * len(_GATES)


class RuleGates:
    """The MarkdownIt for each text: made by `every_rule` (a MarkdownIt with
    every rule), with the rules the text cannot use disabled; with `on`
    false, every text gets every rule."""

    def __init__(self, every_rule: Callable[[], MarkdownIt], on: bool) -> None:
        self._every_rule = every_rule
        self._on = on
        self._parsers: dict[Uses, MarkdownIt] = {}

    def parser_for(self, text: str) -> MarkdownIt:
        uses = tuple(could_use(text) for _, could_use in _GATES) if self._on else EVERY_RULE
        parser = self._parsers.get(uses)
        if parser is None:
            parser = self._parsers[uses] = self._every_rule()
            unused = [name for (names, _), used in zip(_GATES, uses, strict=True) if not used for name in names]
            if unused:
                parser.disable(unused)
            parser.parse("x")  # its rules sorted into chains once, here rather than inside the first page
        return parser
