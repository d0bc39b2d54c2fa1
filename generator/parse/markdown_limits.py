"""Parse: what keeps one hostile page from stalling the build.

A page may come from anyone (a contributor's pull request, a file emailed
in), so parsing it must take time in proportion to its size. Two guards
are added to every MarkdownIt the build makes:

- Footnote references. mdit-py-plugins' rule, tried at every '[^', reads
  on to the label's end (the next ']', space or line end). On a page that
  defines a footnote, a paragraph of '[^' with no ']' was read to its end
  from every one of them, in time growing with its square. Here the label's end
  is found once and remembered while the rule is tried further along, and
  the plugin's rule is called only where a defined label could end.
- Paragraph length. Inside one paragraph (or heading, or table cell) a few
  of markdown-it-py's rules still take time growing with the square of its
  length (curly quotes with `typographer: true` among them). A paragraph
  longer than MAX_PARAGRAPH characters stops the page with an error at its
  line, so a page costs at most its length times that of one long
  paragraph: the page's time stays proportional to its size.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

MAX_PARAGRAPH = 50_000
"""Characters in one paragraph: some 8,000 words, far beyond any handbook's."""

_LABEL_END = re.compile(r"[\] \n]")
_LABEL_END_KEY = "mentorkit:footnote_label_end"
_LABEL_LENGTHS_KEY = "mentorkit:footnote_label_lengths"


class ParagraphTooLong(Exception):
    """A paragraph past MAX_PARAGRAPH characters, `line` lines into the text."""

    def __init__(self, line: int, length: int) -> None:
        super().__init__(f"a paragraph of {length} characters at line {line}")
        self.line = line
        self.length = length


def add_limits(md: MarkdownIt) -> None:
    """Both guards, on a MarkdownIt that has the footnote plugin."""
    _guard_footnote_refs(md)
    _limit_paragraphs(md)


def _guard_footnote_refs(md: MarkdownIt) -> None:
    ruler = md.inline.ruler
    rule = ruler.__rules__[ruler.__find__("footnote_ref")]
    plugin_rule = rule.fn

    def footnote_ref(state: StateInline, silent: bool) -> bool:
        src, start = state.src, state.pos
        if src[start] != "[" or src[start + 1 : start + 2] != "^":
            return False
        refs = state.env.get("footnotes", {}).get("refs")
        if not refs:  # no footnote is defined: the plugin would not match either
            return False
        end = _label_end(state.env, src, start + 2)
        if end >= state.posMax or src[end] != "]" or end - start - 2 not in _label_lengths(state.env, refs):
            return False
        return bool(plugin_rule(state, silent))

    ruler.at("footnote_ref", footnote_ref, {"alt": list(rule.alt)})


def _label_end(env: MutableMapping[str, Any], src: str, at: int) -> int:
    """The first ']', space or line end at or after `at` (or the text's end).

    The last search is remembered: no such character lies between where it
    started and what it found, so a later try inside that stretch is
    answered without reading the text again.
    """
    last = env.get(_LABEL_END_KEY)
    if last is not None and last[0] is src and last[1] <= at <= last[2]:
        return int(last[2])
    found = _LABEL_END.search(src, at)
    end = found.start() if found else len(src)
    env[_LABEL_END_KEY] = (src, at, end)
    return end


def _label_lengths(env: MutableMapping[str, Any], refs: dict[str, int]) -> set[int]:
    """The lengths of the defined labels (the keys are ':' + label); they
    are all defined before the first reference is looked for."""
    known = env.get(_LABEL_LENGTHS_KEY)
    if known is None or known[0] != len(refs):
        known = env[_LABEL_LENGTHS_KEY] = (len(refs), {len(key) - 1 for key in refs})
    lengths: set[int] = known[1]
    return lengths


def _limit_paragraphs(md: MarkdownIt) -> None:
    ruler = md.core.ruler
    parse_inlines = ruler.__rules__[ruler.__find__("inline")].fn

    def inline(state: StateCore) -> None:
        for token in state.tokens:
            if token.type == "inline" and len(token.content) > MAX_PARAGRAPH:
                raise ParagraphTooLong(token.map[0] if token.map else 0, len(token.content))
        parse_inlines(state)

    ruler.at("inline", inline)
