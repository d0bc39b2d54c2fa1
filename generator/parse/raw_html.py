"""Parse: a page's raw HTML written with its attributes in double quotes, as
Markdown writes its own.

The documents that hold many pages (print pages, the handbook PDF) find a
chapter's ids, links and addresses by `name="value"` (render/pdf.py's
prefix_ids, print_pages.mark_relative, pdf_parts). Raw HTML may write
`id='box'`, `src=diagram.png` or `href = "#top"`: left so, two pages'
`id='box'` were one id in a print page and the handbook PDF, each page's
link leading to the first page's, and a picture of a page in a folder was
lost from the print page of the whole handbook.

Written so, its addresses and ids are read as Markdown's are: `<a
href="roles.md">` leads to the page as `[x](roles.md)` does, and is
checked the same way (see markdown.parse_markdown).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

_NAME = r"""[^\s"'<>/=]+"""
_OTHER_VALUE = r"""'[^']*'|[^\s"'=<>`]+"""
_ATTRIBUTE = rf"""\s+{_NAME}(?:\s*=\s*(?:"[^"]*"|{_OTHER_VALUE}))?"""
_START_TAG = rf"<(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:{_ATTRIBUTE})*\s*/?>"
_UNQUOTED = re.compile(rf"""<[A-Za-z][A-Za-z0-9-]*(?:\s+{_NAME}(?:="[^"]*")?)*\s+{_NAME}(?:\s+=|\s*=\s*(?:{_OTHER_VALUE}|\s"))""")
"""A start tag with an attribute written otherwise than `name="value"`: most chapters have none, and are left at once."""
_TAG_OR_TEXT = re.compile(rf"<!--.*?-->|<(script|style|textarea|title)\b[^>]*>.*?</\1\s*>|{_START_TAG}", re.S | re.I)
"""A start tag; or a comment or an element whose content is text to leave as written (a script's '<a href='...)."""
_ONE = re.compile(rf"""(\s+{_NAME})\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def double_quoted(text: str) -> str:
    """`text` with every start tag's attributes written `name="value"` (a value's `"` as `&quot;`)."""
    if _UNQUOTED.search(text) is None:
        return text
    return _TAG_OR_TEXT.sub(_tag, text)


def _tag(match: re.Match[str]) -> str:
    if match.group(1) is not None or match.group().startswith("<!--"):
        return match.group()
    return _ONE.sub(_attribute, match.group())


def _attribute(match: re.Match[str]) -> str:
    name, double, single, bare = match.groups()
    if double is not None:
        return f'{name}="{double}"'
    value = single if single is not None else bare
    return name + '="' + value.replace('"', "&quot;") + '"'


_GIVEN = re.compile(rf"""\s+({_NAME})(?:\s*=\s*(?:"([^"]*)"|{_OTHER_VALUE}))?""")
"""One attribute of a start tag, its value kept when written double-quoted."""
_URL_SPACE = "\t\n\f\r "
"""What a browser strips around an address (and, but for the space and the form feed, from inside it)."""


def _start_tags(text: str) -> list[re.Match[str]]:
    """The start tags of `text` (written double-quoted), not those inside comments, scripts and styles."""
    return [match for match in _TAG_OR_TEXT.finditer(text) if match.group(1) is None and not match.group().startswith("<!--")]


def _values(tag: re.Match[str], names: tuple[str, ...]) -> list[tuple[str, re.Match[str]]]:
    """Each of `names` the start `tag` gives a double-quoted value, with the
    attribute: read whole, one after another from the tag's name, so that
    `title="see href="` is no href; of an attribute given twice, the first
    (a browser keeps it and drops the others)."""
    found: list[tuple[str, re.Match[str]]] = []
    seen: set[str] = set()
    text = tag.group()
    position = tag.end("name") - tag.start()
    while (attribute := _GIVEN.match(text, position)) is not None:
        position = attribute.end()
        name = attribute.group(1).lower()
        if name in names and name not in seen and attribute.group(2) is not None:
            found.append((name, attribute))
        seen.add(name)
    return found


def replace_addresses(text: str, replace: Callable[[str, str, int], str | None]) -> str:
    """`text` with each href and src value `replace(name, value, offset)` gives
    (the attribute's name in lower case, its value unescaped, the offset where
    the value starts in `text`); None keeps it."""
    lowered = text.lower()
    if "href=" not in lowered and "src=" not in lowered:
        return text
    pieces: list[str] = []
    done = 0
    for tag in _start_tags(text):
        for name, attribute in _values(tag, ("href", "src")):
            start = tag.start() + attribute.start(2)
            address = html.unescape(attribute.group(2)).strip(_URL_SPACE).replace("\t", "").replace("\n", "").replace("\r", "")
            new = replace(name, address, start)
            if new is not None:
                pieces += [text[done:start], html.escape(new, quote=True)]
                done = start + len(attribute.group(2))
    return "".join(pieces) + text[done:] if pieces else text


def element_ids(text: str) -> list[str]:
    """The ids the start tags of `text` (written double-quoted) give."""
    if "id=" not in text.lower():
        return []
    return [html.unescape(attribute.group(2)) for tag in _start_tags(text) for _, attribute in _values(tag, ("id",))]
