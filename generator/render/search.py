"""Render: the search index, written as a script so that search works from a
web host and from disk (where a browser will not fetch a JSON file).

Each entry holds a page's title, summary, headings with their anchors, and
the stretches of its text around the first place each word appears: every
word a reader can find is there, with enough around it for an excerpt, and
the index stays small (text made only of words seen before is left out).
The search script folds accents and case on both sides (`fold` here, the
same steps in search.js), and leaves out the language's commonest words,
which the index carries for it.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Sequence

from generator.model.types import Page, Site
from generator.render.stopwords import stopwords

_TAGS = re.compile(r"<[^>]+>")
_INLINE_TAGS = re.compile(r"</?(?:a|abbr|b|code|em|i|kbd|mark|q|s|small|span|strong|sub|sup|u)\b[^>]*>")
"""Tags inside a line of text: dropped, where others become a space ('term</a>.' reads 'term.')."""
_WORD = re.compile(r"[^\W_]+")
"""A word as search.js splits text: letters and digits (an apostrophe or a dash separates)."""
_BREAK = "\n"
"""Stands between sentences while they are split into pieces (the text's line breaks are gone by then)."""
_SEPARATING = "".join(c for c in map(chr, range(128)) if not c.isalnum() and c != _BREAK)
"""ASCII characters that can only separate words."""
_SEPARATORS = str.maketrans(dict.fromkeys(_SEPARATING, " "))
_SEPARATOR = re.compile(f"[{re.escape(_SEPARATING)}]")
"""The same, for text beyond ASCII, where a regular expression is twice as fast as str.translate."""
_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i"})
"""Letters NFD does not take apart, written as a reader without them would type them."""
_ACCENTS = re.compile("[\u0300-\u036f]")
"""The combining marks of Latin, Greek and Cyrillic letters, dropped at once."""


def fold(text: str) -> str:
    """'Réunion' -> 'reunion', 'Straße' -> 'strasse': lower case, accents and
    other combining marks dropped, a few letters spelt out."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = _ACCENTS.sub("", unicodedata.normalize("NFD", text))
    if not decomposed.isascii():  # other scripts' marks, asked one character at a time
        decomposed = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return decomposed.translate(_LETTERS)


def stretches(text: str, language: str) -> list[str]:
    """The sentences of a text that hold the first appearance of a word a
    reader may search for, consecutive ones joined: every such word is
    there, in a sentence to show around it.

    Each sentence's words are taken as a set, less those seen before: the
    loop is over sentences, the words are left to set operations.
    """
    sentences = " ".join(text.split()).split(". ")
    joined = _BREAK.join(sentences)
    plain = (joined.translate(_SEPARATORS) if joined.isascii() else _SEPARATOR.sub(" ", joined)).lower()
    seen = set(stopwords(language))  # never worth a sentence of their own
    kept: list[int] = []
    for number, sentence in enumerate(plain.split(_BREAK)):
        pieces = sentence.split() if sentence.isascii() else [word for piece in sentence.split() for word in _words_in(piece)]
        new = set(pieces).difference(seen)
        if new:
            seen |= new
            if any(len(word) > 1 for word in new):
                kept.append(number)
    runs: list[list[str]] = []
    previous = -2
    for number in kept:
        shown = sentences[number] if number == len(sentences) - 1 else sentences[number] + "."
        if runs and number - 1 == previous:
            runs[-1].append(shown)
        else:
            runs.append([shown])
        previous = number
    return [" ".join(run) for run in runs]


def _words_in(piece: str) -> list[str]:
    """Folded first: a mark NFD takes off ('İ' lower-cased is 'i' and a dot) would split the word."""
    return [piece] if piece.isascii() else _WORD.findall(fold(piece))


def page_entry(page: Page) -> str:
    """One page's entry, as JSON."""
    text = html.unescape(_TAGS.sub(" ", _INLINE_TAGS.sub("", page.body_html)))
    entry = {
        "u": page.url,
        "t": page.title,
        "s": page.summary,
        "h": [[heading.id, heading.text] for heading in page.headings if heading.level <= 3],
        "x": stretches(text, page.language),
    }
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"))


def reading_order(site: Site) -> tuple[Page, ...]:
    """The pages as the index lists them: in reading order, then the rest by address."""
    return tuple(sorted(site.pages, key=lambda p: (site.position.get(p.url, len(site.order)), p.url)))


def search_index(entries: Sequence[str], language: str) -> str:
    """The index as JavaScript, `window.mentorkitSearch = {"stop": [...], "pages": [...]}`:
    the language's commonest words (folded), and these pages' entries (see page_entry)."""
    stop = json.dumps(sorted(stopwords(language)), separators=(",", ":"))
    # "</" would end an inline script; a plain file does not care, but be safe.
    pages = ",".join(entries).replace("</", "<\\/")
    return f'window.mentorkitSearch = {{"stop":{stop},"pages":[{pages}]}};\n'
