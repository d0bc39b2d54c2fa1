"""Parse: every source file to a `Page` (or its problems), reusing earlier
results for files whose bytes have not changed."""

from __future__ import annotations

from collections.abc import MutableMapping

from markdown_it import MarkdownIt

from generator.errors import MentorkitError, Problem
from generator.model import Page
from generator.pages import parse_page
from generator.sources import SourceFile, parse_source

Parsed = tuple[Page | None, tuple[Problem, ...]]
"""A file's page, or None, and the problems found in it."""


def parse_file(file: SourceFile, md: MarkdownIt) -> Parsed:
    try:
        source = parse_source(file.path, file.rel, file.data)
    except MentorkitError as exc:
        return None, exc.problems
    page, problems = parse_page(source, md)
    return page, tuple(sorted(problems, key=lambda p: p.line or 0))


def parse_files(files: tuple[SourceFile, ...], md: MarkdownIt, cache: MutableMapping[tuple[str, str], Parsed]) -> list[Parsed]:
    """Each file's result, in order. `cache` maps (path, digest) to results
    and is updated; it must belong to the same Markdown options."""
    results: list[Parsed] = []
    for file in files:
        key = (file.rel, file.digest)
        if key not in cache:
            cache[key] = parse_file(file, md)
        results.append(cache[key])
    return results
