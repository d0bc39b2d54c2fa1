"""Parse: Markdown to HTML with markdown-it-py, configured by mentorkit.yaml.

Internal links and images are not final here: their address depends on
which page they appear in and which pages exist, which only the model
knows. So each one becomes a placeholder (`mentorkit-ref:N`) that
`render` replaces with a relative URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import partial
from typing import Literal
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.errors import InputError
from generator.load.config import MarkdownOptions
from generator.model.types import PLACEHOLDER, Heading, Ref, slugify
from generator.parse.markdown_gates import CONTAINER_MARKS, RuleGates, gates_on
from generator.parse.markdown_limits import MAX_PARAGRAPH, ParagraphTooLong, add_limits
from generator.parse.raw_html import closes, double_quoted, element_ids, replace_addresses, text_element

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
_TASK = re.compile(r"\[[ xX]\][ \t\n\v\f\r]+")
"""A list item's opening '[ ] ' or '[x] ': a tick box (GitHub's task lists)."""
_MARK = "\0" + PLACEHOLDER
"""A link's placeholder while the text is parsed: markdown-it reads a NUL as
U+FFFD, so no text can write one itself (a page may write 'mentorkit-ref:0')."""
_WRITTEN = PLACEHOLDER.replace(":", "&#58;")
"""'mentorkit-ref:' as a page writes it, to a browser: taken for no placeholder."""
_CHECKBOX = '<input class="task-list-item-checkbox" {}disabled="disabled" type="checkbox">'


@dataclass(frozen=True, slots=True)
class ElementId:
    """An id raw HTML gives an element (`<span id="ask">`)."""

    id: str
    line: int
    """The file line the id is written on."""


@dataclass(frozen=True, slots=True)
class ParsedMarkdown:
    html: str
    """HTML with `mentorkit-ref:N` where internal link N goes."""
    headings: tuple[Heading, ...]
    refs: tuple[Ref, ...]
    first_heading: str | None
    """Text of the first heading, a title for pages without one."""
    element_ids: tuple[ElementId, ...] = ()
    """The ids raw HTML gives its elements, which links may lead to as to headings."""


def markdown_it(options: MarkdownOptions) -> MarkdownIt:
    """A MarkdownIt with the options and every extension and rule mentorkit uses.

    Heading ids and task lists are not plugins here: parse_markdown makes
    them in the walk over the tokens it does anyway, and the HTML is the
    same as the anchors and tasklists plugins of mdit-py-plugins gave.
    """
    md = MarkdownIt("commonmark", {"html": options.html, "typographer": options.typographer})
    md.enable(["table", "strikethrough"])
    if options.typographer:
        md.enable(["replacements", "smartquotes"])
    md.use(admon_plugin)
    _guard_admonition_rule(md)
    md.use(footnote_plugin)
    md.use(deflist_plugin)
    add_limits(md)
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
    """The build's Markdown parser: markdown-it-py with mentorkit.yaml's
    options, each text parsed with only the rules it could use unless `gated`
    is false (default: the MENTORKIT_MARKDOWN_GATES switch, see markdown_gates)."""

    def __init__(self, options: MarkdownOptions, gated: bool | None = None) -> None:
        self.options = options
        self._gates = RuleGates(partial(markdown_it, options), gates_on() if gated is None else gated)

    def parser_for(self, text: str) -> MarkdownIt:
        return self._gates.parser_for(text)


def make_markdown(options: MarkdownOptions, gated: bool | None = None) -> Markdown:
    """The one Markdown a build uses."""
    return Markdown(options, gated)


def parse_markdown(md: Markdown, text: str, first_line: int, drop_leading_h1: bool, ref_start: int = 0) -> ParsedMarkdown:
    """Render `text`; `first_line` is the file line the text starts on.

    With `drop_leading_h1`, a `# Heading` opening the text is removed: it is
    the page's title and the theme prints titles itself. Placeholders are
    numbered from `ref_start`, so that several fragments of one page (a
    form's clauses) share one list of references.
    """
    parser = md.parser_for(text)
    env: dict[str, object] = {}
    try:
        tokens = parser.parse(text, env)
    except ParagraphTooLong as exc:
        raise InputError(
            f"this paragraph is {exc.length:,} characters long; a paragraph may be up to {MAX_PARAGRAPH:,}",
            "break it into shorter paragraphs with blank lines between them",
            first_line + exc.line,
        ) from None
    lines = _lines(text) if "footnotes" in env else None
    first_heading: str | None = None
    start = 0
    if drop_leading_h1 and len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        first_heading = _plain_text(tokens[1])
        start = 3  # its id is still taken, as if it were shown
    headings: list[Heading] = []
    refs: list[Ref] = []
    html_ids: list[ElementId] = []
    ids: dict[str, int] = {}
    lists: dict[int, tuple[int, int]] = {}
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
        elif kind == "html_block":
            token.content = double_quoted(token.content)
            if index >= start:
                token.content = _raw_refs(token.content, block_line, ref_start, refs)
                html_ids += _ids_with_lines(token.content, block_line)
        elif kind == "inline" and token.children:
            raw = "<" in token.content
            if raw:
                for child in token.children:
                    if child.type == "html_inline":
                        child.content = double_quoted(child.content)
            if token.content[:1] == "[" and _is_task(tokens, index, lines):
                _tick_box(tokens, index, lists)
            # Only a '[' or raw HTML starts a link or an image that can lead
            # inside the handbook ('<...>' autolinks always name a scheme):
            # most paragraphs have neither, and their tokens are not walked.
            if index >= start and ("[" in token.content or raw):
                _replace_refs(token.children, block_line, ref_start, refs, html_ids)
    tokens = tokens[start:]
    html = parser.renderer.render(tokens, parser.options, {})
    if PLACEHOLDER in html:
        html = html.replace(PLACEHOLDER, _WRITTEN).replace("\0" + _WRITTEN, PLACEHOLDER)
    return ParsedMarkdown(html, tuple(headings), tuple(refs), first_heading, tuple(html_ids))


def parse_fragment(md: Markdown, text: str, first_line: int, ref_start: int) -> ParsedMarkdown:
    """A short text (help, a clause): one paragraph is returned without its <p>."""
    parsed = parse_markdown(md, text, first_line, False, ref_start)
    html = parsed.html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return ParsedMarkdown(html, parsed.headings, parsed.refs, parsed.first_heading, parsed.element_ids)


def _unique(slug: str, taken: dict[str, int]) -> str:
    """`slug`, or `slug-1`, `slug-2`... when an earlier heading of the text has it.

    `taken` maps each id given to the number to try next for it, so that a
    page of a thousand headings of one name is numbered in linear time.
    """
    number = taken.get(slug, 0)
    unique = f"{slug}-{number}" if number else slug
    while unique in taken:
        number += 1
        unique = f"{slug}-{number}"
    taken[slug] = number + 1
    taken.setdefault(unique, 1)
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
    return any(lines[number].lstrip(CONTAINER_MARKS).startswith("[^") for number in range(start, stop))


def _lines(text: str) -> list[str]:
    """The text's lines, numbered as markdown-it does ('\r\n' and a lone '\r' end a line too)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _tick_box(tokens: list[Token], index: int, lists: dict[int, tuple[int, int]]) -> None:
    """The list item whose text (tokens[index]) opens with '[ ] ' or '[x] ' made
    a tick box in a <label> with the text, its item and list given the classes
    GitHub's task lists use.

    `lists` maps a list's level to (the last task item found at it, that
    item's list): the next item looks back only to that one, so a list of
    thousands of tasks is walked once, not once per item.
    """
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
    level = item.level - 1
    last_item, last_list = lists.get(level, (-1, -1))
    found = last_list
    for earlier in range(index - 3, last_item, -1):
        if tokens[earlier].level == level:
            found = earlier
            break
    if found >= 0:
        tokens[found].attrSet("class", "contains-task-list")
        lists[level] = (index - 2, found)


def _raw_refs(text: str, line: int, ref_start: int, refs: list[Ref]) -> str:
    """Raw HTML `text`, starting on `line`, with each href and src that leads
    inside the handbook replaced by a placeholder and its Ref added to `refs`.
    Lines are counted on from the last address, not from the start: a block
    of 50,000 links is read in proportion to its length."""
    counted = [0, line]  # where lines were counted up to, and that place's line

    def replace(name: str, value: str, offset: int) -> str | None:
        counted[1] += text.count("\n", counted[0], offset)
        counted[0] = offset
        ref = _internal_ref("image" if name == "src" else "link", value, counted[1])
        if ref is None or not (ref.path or ref.fragment):  # '?query' alone, or nothing
            return None
        refs.append(ref)
        return f"{_MARK}{ref_start + len(refs) - 1}"

    return replace_addresses(text, replace)


def _ids_with_lines(text: str, line: int) -> list[ElementId]:
    """The ids raw HTML `text`, starting on `line`, gives, each with its line (counted on from the last)."""
    found: list[ElementId] = []
    counted = 0
    for ident, offset in element_ids(text):
        line += text.count("\n", counted, offset)
        counted = offset
        found.append(ElementId(ident, line))
    return found


def _replace_refs(children: list[Token], line: int, ref_start: int, refs: list[Ref], html_ids: list[ElementId]) -> None:
    """Each link and image of a paragraph (its inline `children`) that leads
    inside the handbook, Markdown's or raw HTML's: its address replaced by a
    placeholder, its Ref added to `refs`, with the line its address is on;
    and the ids raw HTML gives, added to `html_ids`. That line is counted
    from the paragraph's line breaks as the tokens are walked, in one pass:
    a paragraph of thousands of links takes as long as they do to read."""
    links: list[int | None] = []  # each open link's index in refs (None: not inside the handbook)
    text_of: str | None = None  # the open <script>, <style>, <textarea> or <title>, whose tags are its text
    for child in children:
        kind = child.type
        if kind == "softbreak" or kind == "hardbreak":
            line += 1
        elif kind == "html_inline":
            if text_of is None:
                child.content = _raw_refs(child.content, line, ref_start, refs)
                html_ids += _ids_with_lines(child.content, line)
                text_of = text_element(child.content)
            elif closes(child.content, text_of):
                text_of = None
            line += child.content.count("\n")
        elif kind == "link_close":
            opened = links.pop() if links else None
            if opened is not None:  # the address follows the link's text, which may span lines
                refs[opened - ref_start] = replace(refs[opened - ref_start], line=line)
        elif kind == "link_open" or kind == "image":
            attr = "href" if kind == "link_open" else "src"
            if kind == "image":  # the address follows the image's text
                line += sum(1 for c in _walk_inline(child.children or []) if c.type in ("softbreak", "hardbreak"))
            ref = _internal_ref("link" if kind == "link_open" else "image", str(child.attrGet(attr) or ""), line)
            number = ref_start + len(refs) if ref is not None else None
            if ref is not None:
                child.attrSet(attr, f"{_MARK}{number}")
                refs.append(ref)
            if kind == "link_open":
                links.append(number)


def _walk_inline(children: list[Token]) -> list[Token]:
    found: list[Token] = []
    for child in children:
        found.append(child)
        if child.children:
            found.extend(_walk_inline(child.children))
    return found


def _plain_text(inline: Token) -> str:
    return "".join(c.content for c in _walk_inline(inline.children or []) if c.type in ("text", "code_inline")).strip()


def _internal_ref(kind: Literal["link", "image"], target: str, line: int) -> Ref | None:
    """A Ref for links inside the handbook; None for other hosts and mailto:."""
    if not target or _SCHEME.match(target):
        return None
    path, _, fragment = target.partition("#")
    path = unquote(path.partition("?")[0])
    return Ref(kind, path, unquote(fragment), line)
