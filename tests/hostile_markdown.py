"""Pages that are slow to parse for some Markdown parsers, by name: the
classic inputs that take time growing faster than their size (runs of
openers no closer ends, deep nesting, many repeats of one name). Each text
is about `size` characters, cut into paragraphs of at most `paragraph`
characters (a longer paragraph is refused with an error)."""

from __future__ import annotations

from collections.abc import Callable

NOTE = "[^a]: A note.\n\n"


def _runs(piece: str, size: int, paragraph: int, head: str = "") -> str:
    """`piece` repeated to `size` characters, a blank line every `paragraph`."""
    per = max(1, paragraph // len(piece))
    count = max(1, size // len(piece))
    blocks = [piece * min(per, count - start) for start in range(0, count, per)]
    return head + "\n\n".join(blocks) + "\n"


def _lines(line: str, size: int) -> str:
    return line * max(1, size // len(line))


HOSTILE: dict[str, Callable[[int, int], str]] = {
    "footnote openers, a note defined": lambda size, par: _runs("[^", size, par, NOTE),
    "footnote openers, no note": lambda size, par: _runs("[^", size, par),
    "footnote labels never closed": lambda size, par: _runs("[^a", size, par, NOTE),
    "inline footnote openers": lambda size, par: _runs("^[", size, par, NOTE),
    "link openers": lambda size, par: _runs("[", size, par),
    "image openers": lambda size, par: _runs("![", size, par),
    "link destinations never closed": lambda size, par: _runs("[a](", size, par),
    "nested link texts": lambda size, par: _runs("[[", size // 2, par // 2).rstrip() + _runs("](x.md)", size // 2, par // 2),
    "reference links": lambda size, par: _runs("[a][b]", size, par) + "\n[a]: x.md\n[b]: y.md\n",
    "emphasis runs": lambda size, par: _runs("*a _", size, par),
    "emphasis openers": lambda size, par: _runs("**a", size, par),
    "backtick runs": lambda size, par: "".join("`" * n + "a" + ("\n\n" if n % 40 == 0 else "") for n in range(1, 600)) + "\n",
    "quote nesting": lambda size, par: "".join(">" * n + " a\n" for n in range(1, 600)),
    "list nesting": lambda size, par: "".join("  " * n + "- a\n" for n in range(1, 400)),
    "list markers on one line": lambda size, par: _runs("- ", size, par),
    "headings of one name": lambda size, par: _lines("## a\n", size),
    "setext headings of one name": lambda size, par: _lines("a\n-\n\n", size),
    "tasks": lambda size, par: _lines("- [ ] a\n", size),
    "links to other pages": lambda size, par: _runs("[a](index.md) ", size, par),
    "raw HTML openers": lambda size, par: _runs("<a ", size, par),
    "raw HTML elements": lambda size, par: _lines("<div>\n", size),
    "entities": lambda size, par: _runs("&#", size, par),
    "quotes (typographer)": lambda size, par: _runs("\"'", size, par),
    "table rows": lambda size, par: "|a|b|\n|-|-|\n" + _lines("|[x|*y|\n", size),
    "definition lists": lambda size, par: _lines("a\n: b\n", size),
}
"""Each case's text, made from (size, longest paragraph)."""
