"""Load: one reader for the YAML mappings of a project's files.

mentorkit.yaml, theme.yaml, a theme's words and a page's front matter (its
form, programme or form translation) are mappings whose mistakes are told
alike: at the key's line, what is wrong, 'did you mean' for an unknown key.
`MappingReader` checks a mapping at a key path; each field type is one small
function making a `Field`: its check and its words, which a caller may
change, so that each place keeps the messages its users know, and the JSON
Schema of the values its check takes (for editors, see generator/schemas.py).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, Final, Generic, Literal, TypeAlias, TypeVar

from generator.errors import Level, Problem, suggest
from generator.load.yaml_lines import YamlData

T = TypeVar("T")
D = TypeVar("D")
Key = tuple[object, ...]
Subject = Callable[[str], str]
"""How a message names a key: 'title' -> "'title'" or "'title' of language 'fr'"."""
Shown = Callable[[object], str]
"""How a message shows a wrong value: ', not 3', or nothing."""


class _Wrong(Enum):
    WRONG = "wrong"


WRONG: Final = _Wrong.WRONG
"""What a field's check returns for a value of another type."""
Checked: TypeAlias = T | Literal[_Wrong.WRONG]


def type_name(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}
    return "nothing" if value is None else names.get(type(value), type(value).__name__)


def quoted(key: str) -> str:
    return f"'{key}'"


def unknown_key(key: str) -> str:
    return f"unknown key '{key}'"


def not_type(value: object) -> str:
    return f", not {type_name(value)}"


def not_value(value: object) -> str:
    return f", not {value!r}"


def not_type_and_value(value: object) -> str:
    return f", not {type_name(value)} {value!r}"


def not_quoted(value: object) -> str:
    return f", not '{value}'"


def nothing(value: object) -> str:
    return ""


@dataclass(frozen=True, slots=True)
class Field(Generic[T]):
    """A field type: how a value is checked, and how a message says it is wrong."""

    check: Callable[[Any], Checked[T]]
    """The value as the program uses it, or WRONG."""
    rule: str
    """What the value must be, as a message says it: 'must be a text'."""
    shown: Shown = not_value
    """What a message shows of the wrong value."""
    hint: str = ""
    """What to do about it."""
    first: Field[Any] | None = None
    """A check made before this one, with its own words (a colour is a text first)."""
    schema: Mapping[str, Any] | None = None
    """The values `check` takes, as JSON Schema sees them in YAML: a date is its text."""

    def after(self, first: Field[Any]) -> Field[T]:
        return replace(self, first=first)


class MappingReader:
    """Reads the mappings of one YAML document, collecting a `Problem` for each mistake."""

    __slots__ = ("doc", "path", "problems")

    def __init__(self, doc: YamlData, path: str, problems: list[Problem] | None = None) -> None:
        self.doc = doc
        self.path = path
        self.problems: list[Problem] = [] if problems is None else problems

    def line(self, *key: object) -> int:
        return self.doc.line(*key)

    def problem(self, key: Key, message: str, hint: str = "", level: Level = "error") -> None:
        self.problems.append(Problem(self.path, self.doc.line(*key), message, hint, level))

    def mapping(self, value: object, where: Key, message: str, hint: str = "", blank: bool = False) -> dict[Any, Any] | None:
        """`value` when it is a mapping (with `blank`, nothing written is an
        empty one); else None, and `message` at `where`."""
        if isinstance(value, dict):
            return value
        if blank and value is None:
            return {}
        self.problem(where, message, hint)
        return None

    def unknown_keys(
        self,
        data: Mapping[Any, Any],
        where: Key,
        known: Collection[str],
        message: Callable[[str], str] = unknown_key,
        hint: Callable[[str], str] | None = None,
    ) -> None:
        """A problem for each key of `data` not in `known`, suggesting the nearest."""
        for key in data:
            if key not in known:
                self._unknown((*where, key), message(str(key)), known, hint)

    def read(
        self, data: Mapping[Any, Any], key: object, where: Key, field: Field[T], default: D, prefix: str = "", subject: Subject = quoted
    ) -> T | D:
        """`data[key]` checked by `field`; `default` when it is missing or wrong."""
        if key not in data:
            return default
        value = self._checked(data[key], f"{prefix}{key}", (*where, key), field, subject)
        return default if value is WRONG else value

    def fields(
        self,
        data: Mapping[Any, Any],
        where: Key,
        fields: Mapping[str, Field[Any] | None],
        prefix: str = "",
        unknown: Callable[[str], str] = unknown_key,
        hint: Callable[[str], str] | None = None,
        subject: Subject = quoted,
    ) -> dict[str, Any]:
        """Every key of `data` in order: an unknown one reported, a known one
        checked by its field (None: known, read by the caller); the right values.
        Messages name a key with `prefix` before it: 'markdown.html'."""
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key not in fields:
                self._unknown((*where, key), unknown(f"{prefix}{key}"), fields, hint)
                continue
            field = fields[key]
            if field is not None:
                checked = self._checked(value, f"{prefix}{key}", (*where, key), field, subject)
                if checked is not WRONG:
                    values[key] = checked
        return values

    def _unknown(self, at: Key, message: str, known: Collection[str], hint: Callable[[str], str] | None) -> None:
        key = str(at[-1])
        self.problem(at, message, hint(key) if hint else suggest(key, known))

    def _checked(self, value: object, key: str, at: Key, field: Field[T], subject: Subject) -> Checked[T]:
        if field.first is not None:
            value = self._checked(value, key, at, field.first, subject)
            if value is WRONG:
                return WRONG
        checked = field.check(value)
        meant = self.doc.comments.get(at, "") if value is None else ""
        if meant[1:2].strip():  # '#0b5d4b' (not '# a note') after the colon: a value YAML took for a comment
            message = f"{subject(key)} is empty: YAML reads '{meant}' after it as a comment"
            self.problem(at, message, f'quote it: {at[-1]}: "{meant}"', "error" if checked is WRONG else "warning")
        elif checked is WRONG:
            self.problem(at, f"{subject(key)} {field.rule}{field.shown(value)}", field.hint)
        return checked


# The field types. Their default words are those of forms and programmes.

YAML_DATE: Final = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"}
"""Text an editor reading YAML 1.2 sees where mentorkit's YAML (1.1) reads a date: no text, unless quoted."""


def a_text(rule: str = "must be a text", shown: Shown = not_type, numbers: bool = False) -> Field[str]:
    """A text; with `numbers`, a number is taken as its text ('version: 2')."""

    def check(value: object) -> Checked[str]:
        if isinstance(value, str):
            return value
        if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return WRONG

    return Field(check, rule, shown, schema={"type": ["string", "number"] if numbers else "string", "not": YAML_DATE})


def _number(value: object) -> Checked[int | float]:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else WRONG


def a_number(rule: str = "must be a number", shown: Shown = not_value) -> Field[int | float]:
    return Field(_number, rule, shown, schema={"type": "number"})


def a_whole_number(low: int | None = None, high: int | None = None, rule: str = "", shown: Shown = not_value) -> Field[int]:
    """A whole number, from `low` to `high` when they are given."""

    def check(value: object) -> Checked[int]:
        if not isinstance(value, int) or isinstance(value, bool):
            return WRONG
        if (low is not None and value < low) or (high is not None and value > high):
            return WRONG
        return value

    if not rule:
        rule = f"must be a whole number from {low} to {high}" if low is not None and high is not None else "must be a whole number"
    bounds = {"minimum": low} if low is not None else {}
    bounds |= {"maximum": high} if high is not None else {}
    return Field(check, rule, shown, schema={"type": "integer", **bounds})


def _boolean(value: object) -> Checked[bool]:
    return value if isinstance(value, bool) else WRONG


def true_or_false(rule: str = "must be true or false", shown: Shown = not_value) -> Field[bool]:
    return Field(_boolean, rule, shown, schema={"type": "boolean"})


def a_list_of_texts(rule: str = "must be a list of texts", shown: Shown = nothing, single: bool = True) -> Field[tuple[str, ...]]:
    """A list of texts (numbers taken as texts); with `single`, one text is a list of one."""

    def check(value: object) -> Checked[tuple[str, ...]]:
        if single and isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(item, (str, int, float)) for item in value):
            return WRONG
        return tuple(str(item) for item in value)

    texts = {"type": "array", "items": {"type": ["string", "number"], "not": YAML_DATE}}
    return Field(check, rule, shown, schema={"anyOf": [{"type": "string", "not": YAML_DATE}, texts]} if single else texts)


def _items(value: object) -> Checked[list[Any]]:
    return value if isinstance(value, list) else WRONG


def a_list(rule: str = "must be a list", hint: str = "") -> Field[list[Any]]:
    """A list of anything, each item read by the caller."""
    return Field(_items, rule, nothing, hint, schema={"type": "array"})


def _date(value: object) -> Checked[datetime.date | None]:
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return WRONG


def a_date(rule: str = "must be a date written YYYY-MM-DD", shown: Shown = not_value) -> Field[datetime.date | None]:
    """A date; nothing written is no date."""
    return Field(_date, rule, shown, schema={"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]})


def _clock(value: object) -> object:
    """YAML reads 17:30 as a base-60 number: 1050."""
    return f"{value // 60:02d}:{value % 60:02d}" if isinstance(value, int) and not isinstance(value, bool) else value


def _time_of_day(value: object) -> Checked[datetime.time | None]:
    if value is None:
        return None
    try:
        return datetime.time.fromisoformat(str(_clock(value)))
    except ValueError:
        return WRONG


def a_time_of_day(rule: str = "must be a time of day such as '17:30'") -> Field[datetime.time | None]:
    """A time of day; nothing written is no time."""
    clock = {"type": "string", "pattern": r"^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"}
    minutes = {"type": "integer", "minimum": 0, "maximum": 23 * 60 + 59}  # 17:30 read as YAML 1.1's base-60 number
    return Field(_time_of_day, rule, lambda value: not_value(_clock(value)), schema={"anyOf": [clock, minutes, {"type": "null"}]})


_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _colour(value: str) -> Checked[str]:
    return value if _HEX.match(value) else WRONG


def a_colour(rule: str = "must be a colour written #rrggbb", hint: str = 'quote it: primary: "#1f5f8b"') -> Field[str]:
    """A colour written #rrggbb or #rgb: a text first."""
    schema = {"type": "string", "pattern": _HEX.pattern}
    return Field(_colour, rule, not_quoted, hint, first=a_text(shown=nothing), schema=schema)


def one_of(choices: Collection[str], rule: str, shown: Shown = not_quoted) -> Field[str]:
    """One of a few texts, such as 'radio' or 'select'."""
    return Field(lambda value: value if value in choices else WRONG, rule, shown, schema={"enum": list(choices)})


def optional(field: Field[T]) -> Field[T | None]:
    """`field` (one with no first check), or nothing written."""
    own = field.check

    def check(value: object) -> Checked[T | None]:
        return None if value is None else own(value)

    schema = {"anyOf": [field.schema, {"type": "null"}]} if field.schema is not None else None
    return Field(check, field.rule, field.shown, field.hint, schema=schema)
