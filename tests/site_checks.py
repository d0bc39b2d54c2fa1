"""Checks over a built site, shared by the tests that build whole handbooks."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if value is not None and (name in ("href", "src") or (tag == "form" and name == "action")):
                self.refs.append((tag, value))


def parse(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_references(site: Path) -> list[str]:
    """Every relative href/src in every HTML page must open a file (and anchor) on disk."""
    problems = []
    pages = {path: parse(path) for path in site.rglob("*.html")}
    for path, refs in pages.items():
        if path.name == "404.html":
            continue
        for tag, ref in refs.refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto", "tel"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if target.is_dir() or not target.is_file():
                problems.append(f"{path.relative_to(site)}: <{tag}> {ref} opens no file")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in pages[target].ids:
                problems.append(f"{path.relative_to(site)}: <{tag}> {ref} has no such anchor")
    return problems


def other_hosts(site: Path) -> list[str]:
    """Anything a page would load from another host (links to read are fine)."""
    found = []
    for path in site.rglob("*.html"):
        for tag, ref in parse(path).refs:
            if tag != "a" and re.match(r"^(https?:)?//", ref):
                found.append(f"{path.relative_to(site)}: <{tag}> {ref}")
    for path in site.rglob("*.css"):
        found += [f"{path.name}: {m}" for m in re.findall(r"url\((?!['\"]?data:)[^)]*\)|@import", path.read_text())]
    return found
