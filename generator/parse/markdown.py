"""Parse: Markdown to HTML with markdown-it-py, configured by mentorkit.yaml.

Internal links and images are not final here: their address depends on
which page they appear in and which pages exist, which only the model
knows. So each one becomes a placeholder (`mentorkit-ref:N`) that
`render` replaces with a relative URL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererProtocol
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.load.config import MarkdownOptions
from generator.model.types import PLACEHOLDER, Heading, Ref, slugify
from generator.parse.markdown_html import HTMLRenderer

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_TASK = re.compile(r"\[[ xX]\][ \t\n\v\f\r]+")
"""A list item's opening '[ ] ' or '[x] ': a tick box (GitHub's task lists)."""
_CHECKBOX = '<input class="task-list-item-checkbox" {}disabled="disabled" type="checkbox">'


@dataclass(frozen=True, slots=True)
class ParsedMarkdown:
    html: str
    """HTML with `mentorkit-ref:N` where internal link N goes."""
    headings: tuple[Heading, ...]
    refs: tuple[Ref, ...]
    first_heading: str | None
    """Text of the first heading, a title for pages without one."""


_CONTAINER_MARKS = " \t>*+-.)0123456789"
"""What may stand before a block's first character on its line: indentation,
blockquote '>' and list markers ('-', '*', '+', '1.', '1)')."""


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
            if not text[start:at].strip(_CONTAINER_MARKS):
                return True
            at = text.find(marker, at + 1)
    return False


def _could_hold_setext_heading(text: str) -> bool:
    """An '=', or a line of '-' alone after indentation and blockquote '>'
    marks: what a setext heading's underline is when it is not '='.

    Found from the first '-' of each line that has one, as definitions are:
    a regular expression trying every line took longer than the rest of
    the tests together.
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


# Each extension, with a test that is true of every text where its rules could
# match: a table needs a '|' in its header, strikethrough a '~', a footnote
# '[^' or '^[', an admonition '!!!' or '???' (mkdocs' collapsible ones).
# Python finds one character in a text many times faster than two or three
# (a page's tests took a twentieth of its parse): each test looks for one
# first, and for the rest only when it is there.
_EXTENSIONS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("table", lambda text: "|" in text),
    ("strikethrough", lambda text: "~" in text),
    ("admonition", lambda text: ("!" in text and "!!!" in text) or ("?" in text and "???" in text)),
    ("footnote", lambda text: "^" in text and ("[^" in text or "^[" in text)),
    ("deflist", _could_hold_definition),
)


# markdown-it's own rules that most texts cannot use, each with a test true
# of every text where they could match. Block rules: a fenced block needs
# ``` or ~~~, a blockquote '>', a link reference definition ']:' (the
# label's end and its colon, never apart), an HTML block '<', an indented
# code block four columns of indentation (four spaces or a tab), a setext
# heading its underline. Left out, one is neither tried at each line nor as
# the end of a paragraph, a list or a quote. Inline: emphasis needs a '*' or
# '_'; pairing delimiters and joining what is left of them as text, those or
# strikethrough's '~'; joining escapes and entities into the text around
# them, a '\\' or '&'.
_CORE_RULES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("fence", lambda text: ("`" in text and "```" in text) or ("~" in text and "~~~" in text)),
    ("blockquote", lambda text: ">" in text),
    ("reference", _could_hold_reference),
    ("html_block", lambda text: "<" in text),
    ("code", lambda text: "    " in text or "\t" in text),
    ("lheading", _could_hold_setext_heading),
    ("emphasis", lambda text: "*" in text or "_" in text),
    ("balance_pairs,fragments_join", lambda text: "*" in text or "_" in text or "~" in text),
    ("text_join", lambda text: "\\" in text or "&" in text),
)
_RULES = _EXTENSIONS + _CORE_RULES
Extensions = tuple[bool, ...]
"""Which of the extensions (_EXTENSIONS) and optional rules of markdown-it's
own (_CORE_RULES) a parser has, in their order."""
ALL_EXTENSIONS: Extensions = (True,) * len(_RULES)


def markdown_it(
    options: MarkdownOptions, extensions: Extensions = ALL_EXTENSIONS, renderer: Callable[[MarkdownIt], RendererProtocol] = HTMLRenderer
) -> MarkdownIt:
    """A MarkdownIt with the options and the chosen extensions and rules,
    rendering with mentorkit's HTMLRenderer (or another `renderer` class).

    Heading ids and task lists are not plugins here: parse_markdown makes
    them in the walk over the tokens it does anyway. As the anchors and
    tasklists plugins of mdit-py-plugins, each walking every token again
    (the task lists with four calls a token), they were a twentieth of the
    parse; the HTML is the same.
    """
    table, strikethrough, admonition, footnote, deflist = extensions[: len(_EXTENSIONS)]
    md = MarkdownIt("commonmark", {"html": options.html, "typographer": options.typographer}, renderer_cls=renderer)
    md.enable([name for name, on in (("table", table), ("strikethrough", strikethrough)) if on])
    if options.typographer:
        md.enable(["replacements", "smartquotes"])
    # Each plugin places its rules beside one of markdown-it's own (before
    # 'fence', 'reference', 'paragraph'), so leaving one out does not move
    # the others; a rule disabled stays in its place for them.
    if admonition:
        md.use(admon_plugin)
        _guard_admonition_rule(md)
    if footnote:
        md.use(footnote_plugin)
    if deflist:
        md.use(deflist_plugin)
    rules = zip(_CORE_RULES, extensions[len(_EXTENSIONS) :], strict=True)
    unused = [name for (names, _), on in rules if not on for name in names.split(",")]
    if unused:
        md.disable(unused)
    return md


def _guard_admonition_rule(md: MarkdownIt) -> None:
    """mdit-py-plugins' admonition rule reads the first character of the line
    it is tried at, and fails on an empty last line inside a quote (a table
    in a '>' quote ending the text: IndexError): it is called here only
    where a line has a character, which any admonition needs."""
    ruler = md.block.ruler
    rule = ruler.__rules__[ruler.__find__("admonition")]
    plugin_rule = rule.fn

    def admonition(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if state.bMarks[start_line] + state.tShift[start_line] >= state.eMarks[start_line]:
            return False
        return bool(plugin_rule(state, start_line, end_line, silent))

    ruler.at("admonition", admonition, {"alt": list(rule.alt)})


class Markdown:
    """The build's Markdown parser: markdown-it-py with mentorkit.yaml's options.

    markdown-it tries each extension's rules at every block or inline
    position, although a text with no '|' can hold no table and one with
    no '~' no strikethrough: together they were a twelfth of parsing a page
    that uses none of them. Its own rules for fenced code, quotes, link
    references, HTML blocks, indented code and setext headings are tried
    at every line too, and most pages use none of them; those for emphasis
    and escapes run over every paragraph: together, a tenth. So
    each text is parsed by a MarkdownIt with only the extensions and rules
    it could use, made the first time that combination is met and kept.
    The HTML is the same as with all of them (a property test in
    tests/unit/test_markdown.py compares the two).
    """

    def __init__(self, options: MarkdownOptions) -> None:
        self.options = options
        self._parsers: dict[Extensions, MarkdownIt] = {}
        _skip_markdown_it_debug_lines()

    def parser_for(self, text: str) -> MarkdownIt:
        extensions = tuple(could_use(text) for _, could_use in _RULES)
        parser = self._parsers.get(extensions)
        if parser is None:
            parser = self._parsers[extensions] = markdown_it(self.options, extensions)
            parser.parse("x")  # its rules sorted into chains once, here rather than inside the first page
        return parser


def _skip_markdown_it_debug_lines() -> None:
    """markdown-it-py's block rules log a debug line each time one is tried:
    some 360 calls a page, each costing 170 ns with logging off (1.5% of a
    build's instructions). Unless debug logging is on for them when the
    first Markdown is made, their loggers' `debug` is made a function that
    does nothing, for the rest of the process (`del logger.debug` undoes
    it); all their other logging is left as it is.
    """
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if name.startswith("markdown_it.") and isinstance(logger, logging.Logger) and not logger.isEnabledFor(logging.DEBUG):
            logger.debug = _no_debug_line  # type: ignore[method-assign]


def _no_debug_line(*args: object, **kwargs: object) -> None:
    pass


def make_markdown(options: MarkdownOptions) -> Markdown:
    """The one Markdown a build uses."""
    return Markdown(options)


def parse_markdown(md: Markdown, text: str, first_line: int, drop_leading_h1: bool, ref_start: int = 0) -> ParsedMarkdown:
    """Render `text`; `first_line` is the file line the text starts on.

    With `drop_leading_h1`, a `# Heading` opening the text is removed: it is
    the page's title and the theme prints titles itself. Placeholders are
    numbered from `ref_start`, so that several fragments of one page (a
    form's clauses) share one list of references.
    """
    parser = md.parser_for(text)
    env: dict[str, object] = {}
    tokens = parser.parse(text, env)
    lines = _lines(text) if "footnotes" in env else None
    first_heading: str | None = None
    start = 0
    if drop_leading_h1 and len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        first_heading = _plain_text(tokens[1])
        start = 3  # its id is still taken, as if it were shown
    headings: list[Heading] = []
    refs: list[Ref] = []
    ids: set[str] = set()
    block_line = first_line
    for index, token in enumerate(tokens):
        if token.map is not None:
            block_line = first_line + token.map[0]
        kind = token.type
        if kind == "heading_open":
            inline = tokens[index + 1]
            id_ = _unique(slugify("".join(c.content for c in inline.children or () if c.type in ("text", "code_inline"))), ids)
            token.attrSet("id", id_)
            if index >= start:
                heading = Heading(int(token.tag[1]), id_, _plain_text(inline))
                headings.append(heading)
                if first_heading is None:
                    first_heading = heading.text
        elif kind == "inline" and token.children:
            if token.content[:1] == "[" and _is_task(tokens, index, lines):
                _tick_box(tokens, index)
            # Only a '[' starts a link or an image that can lead inside the
            # handbook ('<...>' autolinks always name a scheme): most paragraphs
            # have none, and walking their tokens was a tenth of the parse.
            if index >= start and "[" in token.content:
                for child in _walk_inline(token.children):
                    attr = "href" if child.type == "link_open" else "src" if child.type == "image" else None
                    if attr is None:
                        continue
                    target = str(child.attrGet(attr) or "")
                    ref = _internal_ref("link" if attr == "href" else "image", target, token.content, block_line)
                    if ref is not None:
                        child.attrSet(attr, f"{PLACEHOLDER}{ref_start + len(refs)}")
                        refs.append(ref)
    tokens = tokens[start:]
    html = parser.renderer.render(tokens, parser.options, {})
    return ParsedMarkdown(html, tuple(headings), tuple(refs), first_heading)


def parse_fragment(md: Markdown, text: str, first_line: int, ref_start: int) -> ParsedMarkdown:
    """A short text (help, a clause): one paragraph is returned without its <p>."""
    parsed = parse_markdown(md, text, first_line, False, ref_start)
    html = parsed.html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return ParsedMarkdown(html, parsed.headings, parsed.refs, parsed.first_heading)


def _unique(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-1`, `slug-2`... when an earlier heading of the text has it."""
    unique = slug
    number = 0
    while unique in taken:
        number += 1
        unique = f"{slug}-{number}"
    taken.add(unique)
    return unique


def _is_task(tokens: list[Token], index: int, lines: list[str] | None) -> bool:
    """tokens[index] is a list item's first paragraph, opening with '[ ] ' or '[x] '.

    A footnote defined at the start of the item was its first block until
    the footnote plugin moved it to the end (or dropped it, when nothing
    refers to it): the paragraph after it is not a task. So in a text with
    footnotes (`lines`, its lines as markdown-it numbers them), a line
    between the item's start and the paragraph's that opens with '[^',
    after the list's marks, means no tick box.
    """
    if index < 2 or tokens[index - 1].type != "paragraph_open" or tokens[index - 2].type != "list_item_open":
        return False
    item, paragraph = tokens[index - 2].map, tokens[index - 1].map
    if lines is not None and item is not None and paragraph is not None and _opens_footnote(lines, item[0], paragraph[0]):
        return False
    return _TASK.match(tokens[index].content) is not None


def _opens_footnote(lines: list[str], start: int, stop: int) -> bool:
    return any(lines[number].lstrip(_CONTAINER_MARKS).startswith("[^") for number in range(start, stop))


def _lines(text: str) -> list[str]:
    """The text's lines, numbered as markdown-it does ('\r\n' and a lone '\r' end a line too)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _tick_box(tokens: list[Token], index: int) -> None:
    """The list item whose text (tokens[index]) opens with '[ ] ' or '[x] ' made
    a tick box in a <label> with the text, its item and list given the classes
    GitHub's task lists use."""
    inline = tokens[index]
    assert inline.children is not None
    ticked = inline.content[:4] in ("[x] ", "[X] ")
    box = Token("html_inline", "", 0)
    # Another space than ' ' after the brackets: recognised, but no box (as the plugin did).
    box.content = _CHECKBOX.format('checked="checked" ' if ticked else "") if ticked or inline.content[:4] == "[ ] " else ""
    inline.children[0].content = inline.children[0].content[3:]
    inline.content = inline.content[3:]
    inline.children[:0] = [Token("html_inline", "", 0, content="<label>"), box]
    inline.children.append(Token("html_inline", "", 0, content="</label>"))
    item = tokens[index - 2]
    item.attrSet("class", "task-list-item")
    for earlier in reversed(tokens[: index - 2]):
        if earlier.level == item.level - 1:
            earlier.attrSet("class", "contains-task-list")
            break


def _walk_inline(children: list[Token]) -> list[Token]:
    found: list[Token] = []
    for child in children:
        found.append(child)
        if child.children:
            found.extend(_walk_inline(child.children))
    return found


def _plain_text(inline: Token) -> str:
    return "".join(c.content for c in _walk_inline(inline.children or []) if c.type in ("text", "code_inline")).strip()


def _internal_ref(kind: Literal["link", "image"], target: str, block: str, block_line: int) -> Ref | None:
    """A Ref for links inside the handbook; None for other hosts and mailto:."""
    if not target or _SCHEME.match(target):
        return None
    path, _, fragment = target.partition("#")
    path = unquote(path.partition("?")[0])
    # The line of the reference inside a multi-line paragraph.
    offset = block.find(target)
    line = block_line + (block.count("\n", 0, offset) if offset > 0 else 0)
    return Ref(kind, path, unquote(fragment), line)
