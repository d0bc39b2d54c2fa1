"""Parse: a form's front matter (metadata and fields) into a `Form`.

Each field type names the keys it takes; anything else is an error at the
line it is written on, with a suggestion. Help texts, section texts and
clauses are Markdown; their links join the page's references.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from typing import Any

from generator.errors import Problem, suggest
from generator.load.mapping import type_name
from generator.model.types import Field, Form, Heading, Ref, slugify
from generator.parse.front_matter import SourcePage
from generator.parse.markdown import Markdown, parse_fragment

ROLES = ("mentor", "mentee", "coordinator")
COMMON_KEYS = ("id", "type", "label", "help", "required")


@dataclass(frozen=True, slots=True)
class FieldType:
    """What a field type takes: its own keys and whether it needs a label."""

    keys: tuple[str, ...] = ()
    labelled: bool = True
    answered: bool = True
    """False for texts that are read, not filled in (section, clause)."""


FIELD_TYPES: dict[str, FieldType] = {
    "text": FieldType(),
    "textarea": FieldType(("lines",)),
    "date": FieldType(),
    "number": FieldType(("min", "max")),
    "email": FieldType(),
    "checkbox": FieldType(),
    "choice": FieldType(("options", "style")),
    "multichoice": FieldType(("options",)),
    "scale": FieldType(("points", "low", "high")),
    "yesno": FieldType(),
    "table": FieldType(("columns", "rows")),
    "signature": FieldType(("signers",)),
    "section": FieldType(("title", "text"), labelled=False, answered=False),
    "clause": FieldType(("title", "text"), labelled=False, answered=False),
}
FORM_KEYS = ("for", "use", "version", "updated", "confidential", "fields")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True, slots=True)
class ParsedForm:
    form: Form
    headings: tuple[Heading, ...]
    """Section titles: anchors and the page's table of contents."""
    refs: tuple[Ref, ...]


def unique_id(ident: str, taken: set[str]) -> str:
    candidate, number = ident, 1
    while candidate in taken:
        candidate, number = f"{ident}-{number}", number + 1
    taken.add(candidate)
    return candidate


def field_id(label: str) -> str:
    """'Mentor's name' -> 'mentors_name'."""
    return slugify(label).replace("-", "_").strip("_") or "field"


class _Reader:
    """Reads one form's front matter, collecting problems with lines."""

    def __init__(self, source: SourcePage, md: Markdown, ref_start: int) -> None:
        self.source = source
        self.md = md
        self.refs: list[Ref] = []
        self.ref_start = ref_start
        self.problems: list[Problem] = []

    def problem(self, key: tuple[object, ...], message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.source.path, self.source.front.line(*key), message, hint))

    def markdown(self, text: str, key: tuple[object, ...]) -> str:
        line = self.source.front.line(*key) + (1 if "\n" in text.strip() else 0)
        parsed = parse_fragment(self.md, text, line, self.ref_start + len(self.refs))
        self.refs.extend(parsed.refs)
        return parsed.html

    def text(self, data: dict[str, Any], key: str, where: tuple[object, ...], default: str = "") -> str:
        value = data.get(key, default)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self.problem((*where, key), f"'{key}' must be a text, not {type_name(value)}")
            return default
        return value

    def number(self, data: dict[str, Any], key: str, where: tuple[object, ...], default: int, low: int, high: int) -> int:
        value = data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.problem((*where, key), f"'{key}' must be a whole number from {low} to {high}, not {value!r}")
            return default
        return value

    def texts(self, data: dict[str, Any], key: str, where: tuple[object, ...]) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            self.problem((*where, key), f"'{key}' must be a list of texts, such as [First, Second]")
            return ()
        return tuple(str(v) for v in value)


def parse_form(source: SourcePage, md: Markdown, ref_start: int, anchors: set[str]) -> tuple[ParsedForm | None, list[Problem]]:
    """The form of a `type: form` page; `anchors` are the body's heading ids,
    which section ids must not repeat."""
    front: dict[str, Any] = source.front.data
    reader = _Reader(source, md, ref_start)
    roles = reader.texts(front, "for", ())
    for role in roles:
        if role not in ROLES:
            reader.problem(("for",), f"'for' names an unknown role '{role}'", suggest(role, ROLES))
    updated = front.get("updated")
    if updated is not None and not isinstance(updated, datetime.date):
        try:
            updated = datetime.date.fromisoformat(str(updated))
        except ValueError:
            reader.problem(("updated",), f"'updated' must be a date written YYYY-MM-DD, not {updated!r}")
            updated = None
    confidential = front.get("confidential", "")
    if isinstance(confidential, list):
        confidential = ", ".join(str(c) for c in confidential)
    elif confidential is True:
        confidential = "the people who sign this form"
    elif not isinstance(confidential, str):
        confidential = ""
    fields_data = front.get("fields")
    if not isinstance(fields_data, list) or not fields_data:
        reader.problem(
            ("fields",) if "fields" in front else ("type",),
            "a form needs a list of 'fields'",
            "for example:\n    fields:\n      - label: Your name",
        )
        return None, reader.problems
    fields: list[Field] = []
    headings: list[Heading] = []
    first_line_of: dict[str, int] = {}
    in_section = False
    for index, data in enumerate(fields_data):
        field = _parse_field(reader, data, index)
        if field is None:
            continue
        in_section = in_section or field.type == "section"
        if field.type == "clause" and in_section:
            field = replace(field, level=3)
        if field.type in ("section", "clause"):
            # Texts share the page's heading ids, not the answers' keys.
            if field.title:
                field = replace(field, id=unique_id(field.id, anchors))
                if field.type == "section":
                    headings.append(Heading(2, field.id, field.title))
        elif field.id in first_line_of:
            reader.problem(
                ("fields", index, "id" if "id" in data else "label"),
                f"field id '{field.id}' is used twice (first on line {first_line_of[field.id]})",
                "give each field its own 'id:'",
            )
        else:
            first_line_of[field.id] = field.line
        fields.append(field)
    if reader.problems:
        return None, reader.problems
    form = Form(
        roles=roles,
        use=reader.text(front, "use", ()),
        version=reader.text(front, "version", ()),
        updated=updated,
        confidential=confidential,
        fields=tuple(fields),
    )
    return ParsedForm(form, tuple(headings), tuple(reader.refs)), []


def _parse_field(reader: _Reader, data: object, index: int) -> Field | None:
    where: tuple[object, ...] = ("fields", index)
    line = reader.source.front.line(*where)
    if not isinstance(data, dict):
        reader.problem(where, f"field {index + 1} must be 'key: value' lines, not {type_name(data)}", "for example: - label: Your name")
        return None
    kind = data.get("type", "text")
    label = reader.text(data, "label", where)
    name = f"'{data['id']}'" if isinstance(data.get("id"), str) else f"'{label}'" if label else str(index + 1)
    if not isinstance(kind, str) or kind not in FIELD_TYPES:
        reader.problem((*where, "type"), f"field {name} has unknown type '{kind}'", suggest(str(kind), FIELD_TYPES))
        return None
    spec = FIELD_TYPES[kind]
    for key in data:
        if key not in COMMON_KEYS and key not in spec.keys:
            allowed = (*COMMON_KEYS, *spec.keys)
            reader.problem((*where, key), f"field {name} ({kind}) has unknown key '{key}'", suggest(str(key), allowed))
    if spec.labelled and not label.strip():
        reader.problem(where, f"field {index + 1} ({kind}) has no label", "add 'label: ...' saying what to fill in")
    title = reader.text(data, "title", where)
    if kind == "section" and not title.strip():
        reader.problem(where, f"section {index + 1} has no title", "add 'title: ...', the heading of this part of the form")
    explicit = data.get("id")
    if explicit is not None and (not isinstance(explicit, str) or not _ID.match(explicit)):
        reader.problem((*where, "id"), f"field id {explicit!r} must start with a letter and hold only letters, digits, '_' and '-'")
    ident = explicit if isinstance(explicit, str) else field_id(label or title or f"{kind}-{index + 1}")
    if kind in ("section", "clause"):
        ident = slugify(title) if title else ""
    options = reader.texts(data, "options", where)
    if kind in ("choice", "multichoice") and not options:
        reader.problem(where, f"field {name} ({kind}) has no options", "add 'options: [First, Second, Third]'")
    columns = reader.texts(data, "columns", where)
    if kind == "table" and not columns:
        reader.problem(where, f"field {name} (table) has no columns", "add 'columns: [Goal, Steps, Target date]'")
    signers = reader.texts(data, "signers", where)
    if kind == "signature" and not 2 <= len(signers) <= 4:
        reader.problem(where, f"field {name} (signature) needs two to four signers, not {len(signers)}", "add 'signers: [Mentor, Mentee]'")
    style = reader.text(data, "style", where, "radio")
    if style not in ("radio", "select"):
        reader.problem((*where, "style"), f"'style' must be radio or select, not '{style}'")
    required = data.get("required", False)
    if not isinstance(required, bool):
        reader.problem((*where, "required"), f"'required' must be true or false, not {required!r}")
    bounds = []
    for key in ("min", "max"):
        value = data.get(key)
        if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool)):
            reader.problem((*where, key), f"'{key}' must be a number, not {value!r}")
            value = None
        bounds.append(value)
    help_text = reader.text(data, "help", where)
    text = reader.text(data, "text", where)
    return Field(
        type=kind,
        id=ident,
        label=label,
        help_html=reader.markdown(help_text, (*where, "help")) if help_text else "",
        required=bool(required),
        line=line,
        lines=reader.number(data, "lines", where, 4, 1, 40),
        options=options,
        style=style,
        points=reader.number(data, "points", where, 5, 2, 10),
        low=reader.text(data, "low", where),
        high=reader.text(data, "high", where),
        columns=columns,
        rows=reader.number(data, "rows", where, 3, 1, 40),
        signers=signers,
        title=title,
        text_html=reader.markdown(text, (*where, "text")) if text else "",
        minimum=bounds[0],
        maximum=bounds[1],
    )
