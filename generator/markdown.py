"""Parse: Markdown to HTML with one configured MarkdownIt.

Internal links and images are not final here: their address depends on
which page they appear in and which pages exist, which only the model
knows. So each one becomes a placeholder (`mentorkit-ref:N`) that
`render` replaces with a relative URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from generator.config import MarkdownOptions

PLACEHOLDER = "mentorkit-ref:"
PLACEHOLDER_RE = re.compile(re.escape(PLACEHOLDER) + r"(\d+)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading with the id its anchor uses."""

    level: int
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A link or image pointing inside the handbook."""

    kind: Literal["link", "image"]
    path: str
    """Target path as written, without '#fragment' ('' for same-page links)."""
    fragment: str
    line: int
    """File line the reference is on."""


@dataclass(frozen=True, slots=True)
class ParsedMarkdown:
    html: str
    """HTML with `mentorkit-ref:N` where internal link N goes."""
    headings: tuple[Heading, ...]
    refs: tuple[Ref, ...]
    first_heading: str | None
    """Text of the first heading, a title for pages without one."""


def slugify(text: str) -> str:
    """Heading id: lower case, spaces to hyphens, punctuation dropped."""
    slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
    return slug or "section"


def make_markdown(options: MarkdownOptions) -> MarkdownIt:
    """The one MarkdownIt instance a build uses."""
    md = MarkdownIt("commonmark", {"html": options.html, "typographer": options.typographer})
    md.enable(["table", "strikethrough"])
    if options.typographer:
        md.enable(["replacements", "smartquotes"])
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=slugify)
    md.use(admon_plugin)
    md.use(tasklists_plugin, label=True)
    md.use(footnote_plugin)
    md.use(deflist_plugin)
    return md


def parse_markdown(md: MarkdownIt, text: str, first_line: int, drop_leading_h1: bool, ref_start: int = 0) -> ParsedMarkdown:
    """Render `text`; `first_line` is the file line the text starts on.

    With `drop_leading_h1`, a `# Heading` opening the text is removed: it is
    the page's title and the theme prints titles itself. Placeholders are
    numbered from `ref_start`, so that several fragments of one page (a
    form's clauses) share one list of references.
    """
    tokens = md.parse(text, {})
    if drop_leading_h1 and len(tokens) >= 3 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        first_heading: str | None = _plain_text(tokens[1])
        tokens = tokens[3:]
    else:
        first_heading = None
    headings: list[Heading] = []
    refs: list[Ref] = []
    block_line = first_line
    for index, token in enumerate(tokens):
        if token.map is not None:
            block_line = first_line + token.map[0]
        if token.type == "heading_open":
            inline = tokens[index + 1]
            heading = Heading(int(token.tag[1]), str(token.attrGet("id")), _plain_text(inline))
            headings.append(heading)
            if first_heading is None:
                first_heading = heading.text
        # Only a '[' starts a link or an image that can lead inside the
        # handbook ('<...>' autolinks always name a scheme): most paragraphs
        # have none, and walking their tokens was a tenth of the parse.
        if token.type == "inline" and token.children and "[" in token.content:
            for child in _walk_inline(token.children):
                attr = "href" if child.type == "link_open" else "src" if child.type == "image" else None
                if attr is None:
                    continue
                target = str(child.attrGet(attr) or "")
                ref = _internal_ref("link" if attr == "href" else "image", target, token.content, block_line)
                if ref is not None:
                    child.attrSet(attr, f"{PLACEHOLDER}{ref_start + len(refs)}")
                    refs.append(ref)
    html = md.renderer.render(tokens, md.options, {})
    return ParsedMarkdown(html, tuple(headings), tuple(refs), first_heading)


def parse_fragment(md: MarkdownIt, text: str, first_line: int, ref_start: int) -> ParsedMarkdown:
    """A short text (help, a clause): one paragraph is returned without its <p>."""
    parsed = parse_markdown(md, text, first_line, False, ref_start)
    html = parsed.html.strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return ParsedMarkdown(html, parsed.headings, parsed.refs, parsed.first_heading)


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
