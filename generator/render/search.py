"""Render: the search index, written as a script so that search works from a
web host and from disk (where a browser will not fetch a JSON file).

Each entry holds a page's title, its headings with their anchors, and the
distinct words of its text: enough to rank title and heading matches above
body text and to send a reader to the heading that matched, while staying
small (repeated words are stored once per page).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence

from generator.model.types import Page, Site

_TAGS = re.compile(r"<[^>]+>")
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
# ASCII characters that can only separate words (the apostrophe can join two).
_SEPARATORS = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum() and c != "'"})
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "there",
        "they",
        "this",
        "to",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "will",
        "with",
        "you",
        "your",
    ]
)


def words(text: str) -> list[str]:
    """The distinct lower-case words of a text, in the order they first
    appear, without the commonest English ones.

    Searching the whole text for words was most of the time an entry took.
    Split at spaces and ASCII punctuation, a page is a few hundred distinct
    pieces; most are a word already, and only the rest (an apostrophe, a
    dash or quote outside ASCII) are searched. A word never spans a space,
    so the words and their order are the same either way.
    """
    found: list[str] = []
    for piece in dict.fromkeys(text.lower().translate(_SEPARATORS).split()):
        if piece.isalnum():
            found.append(piece)
        else:
            found.extend(_WORDS.findall(piece))
    return [w for w in dict.fromkeys(found) if w not in STOPWORDS and len(w) > 1]


def page_entry(page: Page) -> str:
    """One page's entry, as JSON."""
    text = html.unescape(_TAGS.sub(" ", page.body_html))
    entry = {
        "u": page.url,
        "t": page.title,
        "s": page.summary,
        "h": [[heading.id, heading.text] for heading in page.headings if heading.level <= 3],
        "w": " ".join(words(text)),
    }
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def reading_order(site: Site) -> tuple[Page, ...]:
    """The pages as the index lists them: in reading order, then the rest by address."""
    return tuple(sorted(site.pages, key=lambda p: (site.position.get(p.url, len(site.order)), p.url)))


def search_index(entries: Sequence[str]) -> str:
    """The index as JavaScript, `window.mentorkitSearch = [...]`, of these pages' entries (see page_entry)."""
    parts = list(entries)
    # "</" would end an inline script; a plain file does not care, but be safe.
    return "window.mentorkitSearch = [" + ",".join(parts).replace("</", "<\\/") + "];\n"
