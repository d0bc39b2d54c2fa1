"""Parse: a form's front matter (metadata and fields) into a `Form`.

Each field type names the keys it takes; anything else is an error at the
line it is written on, with a suggestion. Help texts, section texts and
clauses are Markdown; their links join the page's references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from generator.errors import Problem, suggest
from generator.load.mapping import (
    WRONG,
    Key,
    MappingReader,
    a_date,
    a_list_of_texts,
    a_number,
    a_text,
    a_whole_number,
    not_quoted,
    nothing,
    one_of,
    optional,
    true_or_false,
    type_name,
)
from generator.load.mapping import Field as Check
from generator.model.types import Field, Form, Heading, Ref, slugify
from generator.parse.form_conditions import check_conditions, read_condition
from generator.parse.form_records import read_record_name, read_replaces
from generator.parse.front_matter import SourcePage
from generator.parse.markdown import ElementId, Markdown, parse_fragment

ROLES = ("mentor", "mentee", "coordinator")
COMMON_KEYS = ("id", "type", "label", "help", "required", "show_if", "collect")


@dataclass(frozen=True, slots=True)
class FieldType:
    """What a field type takes: its own keys and whether it needs a label."""

    keys: tuple[str, ...] = ()
    labelled: bool = True
    answered: bool = True
    """False for texts that are read, not filled in (section, clause)."""


FIELD_TYPES: dict[str, FieldType] = {
    "text": FieldType(("prefill",)),
    "textarea": FieldType(("lines", "prefill")),
    "date": FieldType(("prefill",)),
    "number": FieldType(("min", "max")),
    "email": FieldType(("prefill",)),
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
FORM_KEYS = ("for", "use", "version", "updated", "confidential", "fields", "record_name", "replaces", "collect")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
PREFILL = Check(
    lambda value: value if _ID.match(value) else WRONG,
    "must name a roster column, such as 'mentor'",
    not_quoted,
    first=a_text(shown=nothing),
    schema={"type": "string", "pattern": _ID.pattern},
)
"""A field's `prefill:`: the name of a roster column (mentorkit packs)."""


@dataclass(frozen=True, slots=True)
class ParsedForm:
    form: Form
    headings: tuple[Heading, ...]
    """Section titles: anchors and the page's table of contents."""
    refs: tuple[Ref, ...]
    element_ids: tuple[ElementId, ...] = ()
    """The ids its texts' raw HTML gives, anchors as the page body's are."""


def unique_id(ident: str, taken: set[str]) -> str:
    candidate, number = ident, 1
    while candidate in taken:
        candidate, number = f"{ident}-{number}", number + 1
    taken.add(candidate)
    return candidate


def field_id(label: str) -> str:
    """'Mentor's name' -> 'mentors_name'."""
    return slugify(label).replace("-", "_").strip("_") or "field"


_TEXT = a_text(numbers=True)
_TEXTS = a_list_of_texts("must be a list of texts, such as [First, Second]")
_STYLE = one_of(("radio", "select"), "must be radio or select").after(_TEXT)
_BOUND = optional(a_number())


class _Markdown:
    """The Markdown texts of a form (help, sections, clauses), their links and raw HTML's ids collected."""

    __slots__ = ("element_ids", "md", "reader", "ref_start", "refs")

    def __init__(self, md: Markdown, reader: MappingReader, ref_start: int) -> None:
        self.md = md
        self.reader = reader
        self.ref_start = ref_start
        self.refs: list[Ref] = []
        self.element_ids: list[ElementId] = []

    def html(self, text: str, key: Key) -> str:
        line = self.reader.line(*key) + (1 if "\n" in text.strip() else 0)
        parsed = parse_fragment(self.md, text, line, self.ref_start + len(self.refs))
        self.refs.extend(parsed.refs)
        self.element_ids.extend(parsed.element_ids)
        return parsed.html


USE = replace(_TEXT, hint="write when the form is used on one line, such as: use: At the first meeting")
VERSION = replace(_TEXT, hint='write one version, such as: version: "1.1"')


def read_confidential(front: dict[str, Any]) -> str:
    """Who may see a form's answers, as its page says it: a list of texts is
    joined, `true` means the signers; anything else but a text is left out
    quietly (see schema.py), never shown as Python would print it. A
    translation reads it the same way."""
    confidential = front.get("confidential", "")
    if isinstance(confidential, list):
        texts = _TEXTS.check(confidential)
        return ", ".join(texts) if texts is not WRONG else ""
    if confidential is True:
        return "the people who sign this form"
    return confidential if isinstance(confidential, str) else ""


def parse_form(source: SourcePage, md: Markdown, ref_start: int, anchors: set[str]) -> tuple[ParsedForm | None, list[Problem]]:
    """The form of a `type: form` page; `anchors` are the body's heading ids,
    which section ids must not repeat."""
    front: dict[str, Any] = source.front.data
    reader = MappingReader(source.front, source.path)
    markdown = _Markdown(md, reader, ref_start)
    roles = reader.read(front, "for", (), _TEXTS, ())
    for role in roles:
        if role not in ROLES:
            reader.problem(("for",), f"'for' names an unknown role '{role}'", suggest(role, ROLES))
    updated = reader.read(front, "updated", (), a_date(), None)
    collect = reader.read(front, "collect", (), true_or_false(), True)
    confidential = read_confidential(front)
    fields_data = front.get("fields")
    if not isinstance(fields_data, list) or not fields_data:
        reader.problem(
            ("fields",) if "fields" in front else ("type",),
            "a form needs a list of 'fields'",
            "for example:\n    fields:\n      - label: Your name",
        )
        return None, reader.problems
    fields: list[Field] = []
    where_of: dict[int, Key] = {}
    headings: list[Heading] = []
    first_line_of: dict[str, int] = {}
    in_section = False
    for index, data in enumerate(fields_data):
        field = _parse_field(reader, markdown, data, index)
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
        where_of[len(fields)] = ("fields", index)
        fields.append(field)
    fields = check_conditions(reader, fields, where_of)
    version = reader.read(front, "version", (), VERSION, "")
    use = reader.read(front, "use", (), USE, "")
    by_id = {f.id: f for f in fields if f.type not in ("section", "clause")}
    record_name = read_record_name(reader, front, by_id)
    replaces = read_replaces(reader, front, by_id, version)
    if reader.problems:
        return None, reader.problems
    form = Form(
        roles=roles,
        use=use,
        version=version,
        updated=updated,
        confidential=confidential,
        fields=tuple(fields),
        record_name=record_name,
        replaces=replaces,
        collect=collect,
    )
    return ParsedForm(form, tuple(headings), tuple(markdown.refs), tuple(markdown.element_ids)), []


def _parse_field(reader: MappingReader, markdown: _Markdown, raw: object, index: int) -> Field | None:
    where: Key = ("fields", index)
    data = reader.mapping(
        raw, where, f"field {index + 1} must be 'key: value' lines, not {type_name(raw)}", "for example: - label: Your name"
    )
    if data is None:
        return None
    kind = data.get("type", "text")
    label = reader.read(data, "label", where, _TEXT, "")
    name = f"'{data['id']}'" if isinstance(data.get("id"), str) else f"'{label}'" if label else str(index + 1)
    if not isinstance(kind, str) or kind not in FIELD_TYPES:
        reader.problem((*where, "type"), f"field {name} has unknown type '{kind}'", suggest(str(kind), FIELD_TYPES))
        return None
    spec = FIELD_TYPES[kind]
    reader.unknown_keys(data, where, (*COMMON_KEYS, *spec.keys), lambda key: f"field {name} ({kind}) has unknown key '{key}'")
    if spec.labelled and not label.strip():
        reader.problem(where, f"field {index + 1} ({kind}) has no label", "add 'label: ...' saying what to fill in")
    title = reader.read(data, "title", where, _TEXT, "")
    if kind == "section" and not title.strip():
        reader.problem(where, f"section {index + 1} has no title", "add 'title: ...', the heading of this part of the form")
    explicit = data.get("id")
    if explicit is not None and (not isinstance(explicit, str) or not _ID.match(explicit)):
        reader.problem((*where, "id"), f"field id {explicit!r} must start with a letter and hold only letters, digits, '_' and '-'")
    ident = explicit if isinstance(explicit, str) else field_id(label or title or f"{kind}-{index + 1}")
    if kind in ("section", "clause"):
        ident = slugify(title) if title else ""
    told = {key for key in ("options", "columns", "signers") if _one_text_for_a_list(reader, data, key, where, f"field {name} ({kind})")}
    options = reader.read(data, "options", where, _TEXTS, ()) if "options" not in told else ()
    if kind in ("choice", "multichoice") and not options and data.get("options") in (None, []):  # else told already
        reader.problem(where, f"field {name} ({kind}) has no options", "add 'options: [First, Second, Third]'")
    columns = reader.read(data, "columns", where, _TEXTS, ()) if "columns" not in told else ()
    if kind == "table" and not columns and data.get("columns") in (None, []):
        reader.problem(where, f"field {name} (table) has no columns", "add 'columns: [Goal, Steps, Target date]'")
    signers = reader.read(data, "signers", where, _TEXTS, ())
    if kind == "signature" and not 2 <= len(signers) <= 4 and "signers" not in told:
        reader.problem(where, f"field {name} (signature) needs two to four signers, not {len(signers)}", "add 'signers: [Mentor, Mentee]'")
    style = reader.read(data, "style", where, _STYLE, "radio")
    required = reader.read(data, "required", where, true_or_false(), False)
    minimum = reader.read(data, "min", where, _BOUND, None)
    maximum = reader.read(data, "max", where, _BOUND, None)
    help_text = reader.read(data, "help", where, _TEXT, "")
    text = reader.read(data, "text", where, _TEXT, "")
    return Field(
        type=kind,
        id=ident,
        label=label,
        help_html=markdown.html(help_text, (*where, "help")) if help_text else "",
        required=required,
        line=reader.line(*where),
        lines=reader.read(data, "lines", where, a_whole_number(1, 40), 4),
        options=options,
        style=style,
        points=reader.read(data, "points", where, a_whole_number(2, 10), 5),
        low=reader.read(data, "low", where, _TEXT, ""),
        high=reader.read(data, "high", where, _TEXT, ""),
        columns=columns,
        rows=reader.read(data, "rows", where, a_whole_number(1, 40), 3),
        signers=signers,
        title=title,
        text_html=markdown.html(text, (*where, "text")) if text else "",
        minimum=minimum,
        maximum=maximum,
        show_if=read_condition(reader, data, where, name),
        prefill=_prefill(reader, data, where),
        collect=reader.read(data, "collect", where, true_or_false(), None),
    )


def _prefill(reader: MappingReader, data: dict[str, Any], where: Key) -> str:
    """`prefill: mentor`: the roster column a pair's pack and prefill links fill the field from (text, textarea, date, email)."""
    return reader.read(data, "prefill", where, PREFILL, "")


_PLAIN = re.compile(r"^[A-Za-z][^:,\[\]{}#]*$")
"""An item of a YAML flow list that needs no quotes."""
_NOT_TEXT = frozenset({"yes", "no", "on", "off", "true", "false", "y", "n", "null"})
"""Words YAML reads as true, false or nothing unless quoted."""


def _flow_item(item: str) -> str:
    if _PLAIN.match(item) and item.lower() not in _NOT_TEXT and item == item.strip():
        return item
    return '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _one_text_for_a_list(reader: MappingReader, data: dict[str, Any], key: str, where: Key, field: str) -> bool:
    """`options: In person, Video call` is one text, which YAML cannot know was meant as two options:
    an error showing the list. Options are always a list; columns and signers may be one text, without a comma."""
    value = data.get(key)
    if not isinstance(value, str) or (key != "options" and "," not in value):
        return False
    items = [_unquoted(item.strip()) for item in value.split(",") if item.strip()]
    what = {"options": "option", "columns": "column", "signers": "signer"}[key]
    if not items:
        reader.problem((*where, key), f"{field} has '{key}' written as an empty text", f"write a YAML list: {key}: [First, Second]")
        return True
    shown = ", ".join(_flow_item(item) for item in items) + (", ..." if len(items) == 1 else "")
    reader.problem(
        (*where, key),
        f"{field} has '{key}' written as one text, {value!r}, which is one {what}",
        f"write a YAML list, one item for each {what}: {key}: [{shown}]",
    )
    return True


def _unquoted(item: str) -> str:
    return item[1:-1] if len(item) >= 2 and item[0] == item[-1] and item[0] in "\"'" else item
