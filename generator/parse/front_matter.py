"""Parse: a Markdown file's bytes into its front matter (YAML, lines kept) and body."""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import MentorkitError, Problem
from generator.load.sources import decode
from generator.load.yaml_lines import YamlData, load_yaml


@dataclass(frozen=True, slots=True)
class SourcePage:
    """A Markdown file, its front matter parsed, its body still Markdown."""

    path: str
    """Project-relative path, used in messages: 'content/guide/index.md'."""
    rel: str
    """Content-relative path: 'guide/index.md'."""
    front: YamlData
    """Front matter (data is {} when there is none)."""
    body: str
    body_line: int
    """File line the body starts on."""


def parse_source(path: str, rel: str, data: bytes) -> SourcePage:
    """Split front matter (between '---' lines) from the body and parse it."""
    text = decode(path, data)
    if text.startswith("---\n") or text == "---":
        lines = text.split("\n")
        for index in range(1, len(lines)):
            if lines[index].rstrip() in ("---", "..."):
                front_text = "\n".join(lines[1:index])
                body = "\n".join(lines[index + 1 :])
                front = load_yaml(front_text, path, first_line=2)
                if front.data is None:
                    front = YamlData({}, {}, 2)
                elif not isinstance(front.data, dict):
                    raise MentorkitError(
                        [Problem(path, 2, "the front matter must be 'key: value' lines", "for example: title: Setting goals")]
                    )
                return SourcePage(path, rel, front, body, index + 2)
        raise MentorkitError(
            [Problem(path, 1, "the front matter starting on line 1 is never closed", "end it with a line holding only '---'")]
        )
    return SourcePage(path, rel, YamlData({}, {}, 1), text, 1)
