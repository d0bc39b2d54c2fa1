"""Model: resolve each page's internal links and images, and find backlinks.

A link to another page's `.md` file becomes that page's URL; a link to a
missing page, a missing anchor or a missing file is a warning at the line
it is written on (an error with --strict).
"""

from __future__ import annotations

import difflib
import posixpath
from collections.abc import Mapping
from dataclasses import replace

from generator.errors import Problem
from generator.model.types import Page, Ref

RESERVED_ANCHORS = frozenset({"top"})


def resolve_links(pages: tuple[Page, ...], files: frozenset[str]) -> tuple[tuple[Page, ...], list[Problem]]:
    """Pages with `targets` filled, and a warning for every broken reference.

    `files` holds the site-relative path of every other file in the output
    (images, downloads), which links and images may also point at.
    """
    by_rel = {page.rel: page for page in pages}
    by_url = {page.url: page for page in pages}
    anchors = {page.url: page.anchors | RESERVED_ANCHORS for page in pages}
    problems: list[Problem] = []
    resolved: list[Page] = []
    for page in pages:
        targets: list[str] = []
        folder = posixpath.dirname(page.rel)
        for ref in page.refs:
            if not ref.path:  # '#anchor' on the same page
                targets.append(f"{page.url}#{ref.fragment}")
                if ref.fragment not in anchors[page.url]:
                    problems.append(_missing_anchor(page, ref.line, ref.fragment, page))
                continue
            # '/guide/x.md' starts at the page's language folder ('fr/'), or at content/.
            root = page.rel[: -len(page.local_rel)].rstrip("/")
            joined = posixpath.normpath(posixpath.join(root if ref.path.startswith("/") else folder, ref.path.lstrip("/")))
            if joined.startswith("../") or joined == "..":
                problems.append(
                    Problem(
                        page.source,
                        ref.line,
                        f"'{ref.path}' points outside the content folder",
                        "link only to files under content/",
                        "warning",
                    )
                )
                targets.append(ref.path + (f"#{ref.fragment}" if ref.fragment else ""))
                continue
            target = by_rel.get(joined) or by_url.get(joined) or by_rel.get(posixpath.join(joined, "index.md"))
            fragment = f"#{ref.fragment}" if ref.fragment else ""
            if target is not None:
                targets.append(target.url + fragment)
                if ref.fragment and ref.fragment not in anchors[target.url]:
                    problems.append(_missing_anchor(page, ref.line, ref.fragment, target))
            else:
                targets.append(joined + fragment)
                if joined not in files:
                    problems.append(_missing_target(page, ref, joined, by_rel, files))
        resolved.append(replace(page, targets=tuple(targets)))
    problems.sort(key=lambda p: (p.path, p.line or 0))
    return tuple(resolved), problems


def _missing_anchor(page: Page, line: int, fragment: str, target: Page) -> Problem:
    where = "this page" if target is page else f"'{target.source}'"
    close = difflib.get_close_matches(fragment, sorted(target.anchors), n=1)
    if close:
        hint = f"did you mean '#{close[0]}'?"
    elif target.anchors:
        which = "headings and elements" if target.element_ids else "headings"
        hint = f"the {which} there have the ids: " + ", ".join(sorted(target.anchors))
    else:
        hint = f"{where} has no headings to link to"
    return Problem(page.source, line, f"there is no heading '#{fragment}' on {where}", hint, "warning")


def _missing_target(page: Page, ref: Ref, joined: str, by_rel: Mapping[str, Page], files: frozenset[str]) -> Problem:
    written = ref.path
    folder = posixpath.dirname(page.rel) or "."
    candidates = sorted(set(by_rel) - {page.rel}) if written.endswith(".md") else sorted(files)
    # Compared as written, relative to the page: shared folder names do not make a match.
    close = difflib.get_close_matches(written, [posixpath.relpath(c, folder) for c in candidates], n=1)
    hint = f"did you mean '{close[0]}'?" if close else "check the file name and folder"
    what = "image" if ref.kind == "image" else "page" if written.endswith(".md") else "file"
    return Problem(page.source, ref.line, f"{what} '{written}' not found (looked for content/{joined})", hint, "warning")


def backlinks(pages: tuple[Page, ...]) -> dict[str, tuple[Page, ...]]:
    """For each page URL, the other pages linking to it, in page order."""
    found: dict[str, list[Page]] = {}
    for page in pages:
        for target in dict.fromkeys(t.partition("#")[0] for t, r in zip(page.targets, page.refs, strict=True) if r.kind == "link"):
            if target != page.url:
                found.setdefault(target, []).append(page)
    return {url: tuple(linking) for url, linking in found.items()}
