"""YAML that remembers where each value came from.

Config files and front matter are parsed here so that every later error can
name the line of the key it is about. Lines are absolute: `first_line` is the
file line the YAML text starts on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.errors import MentorkitError, Problem

Key = tuple[object, ...]

# A document whose aliases expand past this many nodes is an "alias bomb".
MAX_EXPANDED_NODES = 200_000


@dataclass(frozen=True)
class YamlData:
    """A parsed YAML document and the line of every key and list item."""

    data: Any
    lines: dict[Key, int] = field(default_factory=dict)
    first_line: int = 1
    comments: dict[Key, str] = field(default_factory=dict)
    """Keys left empty by a comment on their line, which is often a value
    meant: `primary: #0b5d4b` is `primary:` and the comment '#0b5d4b'."""

    def line(self, *key: object) -> int:
        """Line of the deepest known part of `key` (falls back to the start)."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.first_line


def load_yaml(text: str, path: str, first_line: int = 1) -> YamlData:
    """Parse `text`, raising `MentorkitError` with path:line on bad YAML."""
    fast = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it: much faster
    too_deep = MentorkitError([Problem(path, first_line, "invalid YAML: lists and mappings are nested too deeply", "write them flatter")])
    try:
        node, data = _load(fast or yaml.SafeLoader, text, path, first_line)
    except RecursionError:
        raise too_deep from None
    except yaml.YAMLError as error:
        if "nesting depth" in str(error):  # libyaml 0.2.6 and later stop deep documents themselves
            raise too_deep from None
        raise MentorkitError([_problem(_explained(error, text, path, first_line), path, first_line)]) from None
    if node is None:
        return YamlData(None, {}, first_line)
    lines: dict[Key, int] = {}
    empty: list[tuple[Key, yaml.Mark]] = []
    try:
        _record_lines(node, (), lines, first_line, set(), empty)
    except RecursionError:
        raise too_deep from None
    return YamlData(data, lines, first_line, _comments(text, empty))


def _comments(text: str, empty: list[tuple[Key, yaml.Mark]]) -> dict[Key, str]:
    """For each key with nothing after it, the comment on the rest of its line, if any."""
    if not empty:
        return {}
    text_lines = text.split("\n")
    found: dict[Key, str] = {}
    for key, end in empty:
        rest = text_lines[end.line][end.column :].lstrip(" \t") if end.line < len(text_lines) else ""
        rest = rest[1:].lstrip(" \t") if rest.startswith(":") else ""
        if rest.startswith("#"):
            found[key] = rest.rstrip()
    return found


def _explained(error: yaml.YAMLError, text: str, path: str, first_line: int) -> yaml.YAMLError:
    """The pure-Python parser explains mistakes better than libyaml: ask it."""
    try:
        _load(yaml.SafeLoader, text, path, first_line)
    except yaml.YAMLError as slow:
        return slow
    except (RecursionError, MentorkitError):
        pass
    return error


def _load(loader_class: Any, text: str, path: str, first_line: int) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_size(node, path, first_line)
        try:
            return node, loader.construct_document(node)
        except (ValueError, OverflowError):  # a date no calendar has: PyYAML's constructor raises, naming nothing
            raise MentorkitError(_impossible_dates(node, path, first_line) or [Problem(path, first_line, "invalid YAML")]) from None
    finally:
        loader.dispose()


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NULL = "tag:yaml.org,2002:null"


def _impossible_dates(node: yaml.Node, path: str, first_line: int) -> list[Problem]:
    """Every date in the document that the calendar lacks (2027-02-30, month 13, year 10000), at its line."""
    problems: list[Problem] = []
    pending, seen = [node], set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode):
            if current.tag == _TIMESTAMP:
                try:
                    yaml.SafeLoader("").construct_yaml_timestamp(current)
                except (ValueError, OverflowError):
                    problems.append(
                        Problem(
                            path,
                            first_line + current.start_mark.line,
                            f"'{current.value}' is not a date that exists",
                            "write a real date as YYYY-MM-DD (check the day of the month and the month)",
                        )
                    )
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            pending.extend(item for pair in current.value for item in pair)
    return sorted(problems, key=lambda problem: problem.line or 0)


def _problem(exc: yaml.YAMLError, path: str, first_line: int) -> Problem:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(path, first_line, f"invalid YAML: {exc}")
    mark = exc.problem_mark or exc.context_mark
    line = first_line + (mark.line if mark else 0)
    problem = exc.problem or exc.context or "cannot be read"
    if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        # The mistake is usually where the unfinished list or quote began.
        problem = f"{exc.context} that starts here: {exc.problem} on line {line}"
        line = first_line + exc.context_mark.line
    hint = "check the indentation and that every 'key: value' has a space after the colon; quote values that contain ': ' or '#'"
    return Problem(path, line, f"invalid YAML: {problem}", hint)


def _record_lines(node: yaml.Node, key: Key, lines: dict[Key, int], first: int, seen: set[int], empty: list[tuple[Key, yaml.Mark]]) -> None:
    """The line of every key and item under `node`; in `empty`, the keys with no value written, and where each key ends."""
    if id(node) in seen:  # an alias: its lines are the anchor's
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                child = (*key, key_node.value)
                lines[child] = first + key_node.start_mark.line
                if isinstance(value_node, yaml.ScalarNode) and value_node.value == "" and value_node.tag == _NULL:
                    empty.append((child, key_node.end_mark))
                _record_lines(value_node, child, lines, first, seen, empty)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*key, index)
            lines[child] = first + item.start_mark.line
            _record_lines(item, child, lines, first, seen, empty)


def _check_size(node: yaml.Node, path: str, first_line: int) -> None:
    """Refuse documents whose aliases would expand to a huge structure."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(n: yaml.Node) -> int:
        if id(n) in sizes:
            return sizes[id(n)]
        if id(n) in in_progress:
            raise MentorkitError([Problem(path, first_line + n.start_mark.line, "invalid YAML: an alias refers to itself")])
        in_progress.add(id(n))
        total = 1
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                total += size(k) + size(v)
        elif isinstance(n, yaml.SequenceNode):
            for item in n.value:
                total += size(item)
        in_progress.discard(id(n))
        sizes[id(n)] = total
        if total > MAX_EXPANDED_NODES:
            raise MentorkitError(
                [
                    Problem(
                        path,
                        first_line + n.start_mark.line,
                        f"invalid YAML: its aliases expand to more than {MAX_EXPANDED_NODES:,} values",
                        "write the values out instead of repeating anchors (&name / *name)",
                    )
                ]
            )
        return total

    size(node)
