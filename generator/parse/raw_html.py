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
_MARKUP = re.compile(rf"<!--|<!\[CDATA\[|{_START_TAG}")
"""Where a browser reads more than text: a comment, a CDATA section, a start tag."""
_TEXT_ELEMENTS = ("script", "style", "textarea", "title")
"""The elements whose content is text to leave as written (a script's '<a href='...)."""
_END_TAG = {name: re.compile(rf"</{name}\s*>", re.I) for name in _TEXT_ELEMENTS}
_COMMENT_END = re.compile(r"-?>|.*?--!?>", re.S)
"""Where a comment ends, as a browser ends it: `<!-->` and `<!--->` are whole comments, and `--!>` ends one."""
_ONE = re.compile(rf"""(\s+{_NAME})\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def double_quoted(text: str) -> str:
    """`text` with every start tag's attributes written `name="value"` (a value's `"` as `&quot;`)."""
    if _UNQUOTED.search(text) is None:
        return text
    pieces: list[str] = []
    done = 0
    for tag in _start_tags(text):
        pieces += [text[done : tag.start()], _ONE.sub(_attribute, tag.group())]
        done = tag.end()
    return "".join(pieces) + text[done:]


def _start_tags(text: str) -> list[re.Match[str]]:
    """The start tags of `text`, not those inside comments, CDATA sections, or
    scripts, styles, textareas and titles. Each is looked for after the last:
    one left open holds the rest of `text`, as in a browser, and a text of a
    thousand unclosed comments is read once, not once for each."""
    tags: list[re.Match[str]] = []
    position: int | None = 0
    while position is not None and (found := _MARKUP.search(text, position)) is not None:
        name = found.group("name")
        if found.group() == "<!--":
            end = _COMMENT_END.match(text, found.end())
            position = end.end() if end is not None else None
        elif name is None:  # a CDATA section
            end_at = text.find("]]>", found.end())
            position = end_at + 3 if end_at >= 0 else None
        else:
            tags.append(found)
            position = found.end()
            if name.lower() in _END_TAG:
                closed = _END_TAG[name.lower()].search(text, position)
                position = closed.end() if closed is not None else None
    return tags


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


def element_ids(text: str) -> list[tuple[str, int]]:
    """The ids the start tags of `text` (written double-quoted) give, each with the offset of its value in `text`."""
    if "id=" not in text.lower():
        return []
    return [
        (html.unescape(attribute.group(2)), tag.start() + attribute.start(2))
        for tag in _start_tags(text)
        for _, attribute in _values(tag, ("id",))
    ]


def text_element(tag: str) -> str | None:
    """The element whose content is text (script, style, textarea, title) the
    start `tag` opens, in lower case; None for any other tag."""
    found = _MARKUP.match(tag)
    name = found.group("name") if found is not None else None
    return name.lower() if name is not None and name.lower() in _END_TAG else None


def closes(tag: str, name: str) -> bool:
    """`tag` is the end tag of element `name` (one of text_element's)."""
    return _END_TAG[name].fullmatch(tag) is not None
