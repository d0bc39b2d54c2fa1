"""Render: a page's addresses marked, for the documents that hold many pages.

A page's links and pictures lead from the page's folder; the print pages
and the handbook PDF hold it elsewhere. So a chapter is rendered with every
address Markdown makes marked (`mk-print:` and the site-relative target,
`marked`), the addresses its raw HTML writes marked the same way
(`mark_relative`), and then each mark is turned into what the document
needs: a link to the chapter inside it, or the file from the site's root.
"""

from __future__ import annotations

import posixpath
import re

MARK = "mk-print:"
MARKED = re.compile(r'"mk-print:([^"]*)"')
"""A marked address in an attribute; starting with a literal, so that re skips to each one (the print pages are megabytes)."""
_VALUE = re.compile(r'="(?![A-Za-z][A-Za-z0-9+.-]*:|/|#)([^"]+)"')
"""An attribute's value that may be an address from the page's folder: not marked
(mk-print: has a scheme's colon), not of another host or scheme, not from the server's
root, not an anchor. Starting with a literal, so that re skips to each one."""
_ADDRESS_NAME = re.compile(r"(?:^|[^\w-])(?:src|href)$")
"""Before the value: the attribute is src or href (not data-src)."""


def marked(target: str) -> str:
    """The `href` a chapter is rendered with: `target` (site-relative) marked."""
    return MARK + target


def mark_relative(text: str, url: str) -> str:
    """Raw HTML's addresses (`<img src="diagram.png" width="300">`) of the page at `url`
    marked as Markdown's are. One that leaves the site is left as written."""
    folder = posixpath.dirname(url)

    def mark(match: re.Match[str]) -> str:
        start = match.start()
        if not _ADDRESS_NAME.search(match.string[max(0, start - 6) : start]):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(folder, match.group(1)))
        if target == ".." or target.startswith("../"):
            return match.group(0)
        return f'="{MARK}{target}"'

    return _VALUE.sub(mark, text)
