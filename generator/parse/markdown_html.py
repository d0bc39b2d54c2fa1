"""Parse: markdown-it-py's tokens to HTML, the way its own renderer writes them.

Rendering the tokens was a fifth of parsing a page, most of it spent on
tokens that no rule renders and that carry no attributes: paragraphs, the
closing tags of headings, lists and table cells. markdown-it-py's renderer
makes each of those with three method calls (the token, its attributes, the
attribute list); `HTMLRenderer` writes them in its loop, and escapes plain
text there too. Everything else goes to the same rules as before, so
plugins' rules and attributes are rendered as they were. A property test
(tests/unit/test_markdown.py) compares the HTML with markdown-it-py's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict


class HTMLRenderer(RendererHTML):
    """markdown-it-py's HTML renderer, with the common tokens written in its loop."""

    def render(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        rules = self.rules
        xhtml = options["xhtmlOut"]
        out: list[str] = []
        last = len(tokens) - 1
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "inline":
                if token.children:
                    out.append(self.renderInline(token.children, options, env))
            elif kind in rules:
                out.append(rules[kind](tokens, index, options, env))
            elif token.attrs:
                out.append(self.renderToken(tokens, index, options, env))
            elif not token.hidden:
                nesting = token.nesting
                # A block tag after a hidden paragraph (a tight list's) starts a line.
                before = "\n" if token.block and nesting != -1 and index and tokens[index - 1].hidden else ""
                tag = ("</" if nesting == -1 else "<") + token.tag + (" /" if nesting == 0 and xhtml else "")
                # A block tag ends its line, unless its text or its own end follows at once.
                newline = token.block
                if newline and nesting == 1 and index < last:
                    following = tokens[index + 1]
                    if following.type == "inline" or following.hidden or (following.nesting == -1 and following.tag == token.tag):
                        newline = False
                out.append(before + tag + (">\n" if newline else ">"))
        return "".join(out)

    def renderInline(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        rules = self.rules
        text_rule = rules.get("text")
        plain_text = getattr(text_rule, "__func__", None) is RendererHTML.text  # not replaced by a plugin
        out: list[str] = []
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "text" and plain_text:
                out.append(escapeHtml(token.content))
            elif kind in rules:
                out.append(rules[kind](tokens, index, options, env))
            else:
                out.append(self.renderToken(tokens, index, options, env))
        return "".join(out)
