"""Parse: every source file to a `Page` (or its problems), reusing earlier
results for files whose bytes have not changed."""

from __future__ import annotations

import pickle
from collections.abc import MutableMapping
from dataclasses import replace

from generator.errors import MentorkitError, Problem, problem_reading
from generator.load.config import MarkdownOptions
from generator.load.sources import CONTENT_DIR, SourceFile
from generator.model.names import name_problems, shown
from generator.model.types import Parsed
from generator.parse.front_matter import parse_source
from generator.parse.markdown import Markdown, make_markdown
from generator.parse.page import parse_page
from generator.processes import map_chunks


def parse_file(file: SourceFile, md: Markdown) -> Parsed:
    named = name_problems(CONTENT_DIR, file.rel)
    page, problems = _parse(file, md)
    if named:  # the page is made, so that its other problems are found too, but not kept
        return None, (*named, *(replace(p, path=shown(p.path)) for p in problems))
    return page, problems


def _parse(file: SourceFile, md: Markdown) -> Parsed:
    if not file.data.strip(b" \t\r\n\xef\xbb\xbf"):
        return None, (Problem(file.path, 1, "is empty", "start it with a title, such as '# Meeting notes', or delete it"),)
    try:
        source = parse_source(file.path, file.rel, file.data)
        page, problems = parse_page(source, md, file.digest)
    except MentorkitError as exc:
        return None, exc.problems
    except Exception as exc:  # whatever a page's content makes fail is that page's problem, named
        return None, (problem_reading(file.path, exc),)
    return page, tuple(sorted(problems, key=lambda p: p.line or 0))


class Stored:
    """A parse result as the build cache keeps it: pickled once, by the
    process that parsed it, while the other processes are still parsing.

    Saving the cache then copies bytes instead of walking thousands of
    pages' objects after all the parallel work. Sent to another process or saved, only the bytes go;
    they are read back at once, by the main process's receiving thread
    during a parallel parse.
    """

    __slots__ = ("blob", "value")

    def __init__(self, blob: bytes, value: Parsed | None = None) -> None:
        self.blob = blob
        self.value: Parsed = value if value is not None else pickle.loads(blob)

    def __reduce__(self) -> tuple[type[Stored], tuple[bytes]]:
        return Stored, (self.blob,)


def _parse_chunk(md: Markdown, files: list[SourceFile]) -> list[Stored]:
    results = []
    for file in files:
        parsed = parse_file(file, md)
        results.append(Stored(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL), parsed))
    return results


def parse_files(
    files: tuple[SourceFile, ...],
    options: MarkdownOptions,
    cache: MutableMapping[tuple[str, str], Stored],
) -> list[Parsed]:
    """Each file's result, in order. `cache` maps (path, digest) to results
    and is updated; it must belong to the same Markdown options. Files not
    in it are parsed, over several processes when there are many."""
    missing = [file for file in files if (file.rel, file.digest) not in cache]
    if not missing:
        return [cache[(file.rel, file.digest)].value for file in files]
    md = make_markdown(options)
    for file, stored in zip(missing, map_chunks(_parse_chunk, md, missing), strict=True):
        cache[(file.rel, file.digest)] = stored
    return [cache[(file.rel, file.digest)].value for file in files]
