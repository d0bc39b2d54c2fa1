"""JSON Schemas for mentorkit.yaml and each page type's front matter, so an
editor (through yaml-language-server, in VS Code and others) completes keys
and flags mistakes as a coordinator types.

They are made from the definitions the checks use: each key's `Field` (its
`schema` sits beside its check in load/mapping.py), the lists of known keys,
types and roles, and, for the few values checked by code of their own
(paper, cadence, a phase's weeks), the same constants. A test feeds values
to both the checks and the schemas and keeps them in step
(tests/test_schema.py). They travel in the wheel as generator/schemas/ (the
repository's schemas/, which a test keeps equal to what this module makes);
`mentorkit schema` writes them into a project. The README says how to point
an editor at them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.load.branding import FIELDS as BRANDING
from generator.load.config import _MARKDOWN, PAPER_SIZES, SETTINGS
from generator.load.language_settings import CODE
from generator.load.language_settings import FIELDS as LANGUAGE
from generator.load.mapping import (
    YAML_DATE,
    Field,
    a_date,
    a_list_of_texts,
    a_number,
    a_text,
    a_time_of_day,
    a_whole_number,
    one_of,
    optional,
    true_or_false,
)
from generator.parse.form import _ID, COMMON_KEYS, FIELD_TYPES, FORM_KEYS, PREFILL, ROLES
from generator.parse.form_conditions import KEY as SHOW_IF
from generator.parse.form_conditions import TESTS
from generator.parse.form_translation import FIELDS as TRANSLATED
from generator.parse.form_translation import SHARED_KEYS
from generator.parse.page import FRONT_MATTER, PAGE_TYPES
from generator.parse.programme import BREAK_KEYS, MILESTONE_KEYS, PHASE_KEYS

DIALECT = "http://json-schema.org/draft-07/schema#"
"""The draft yaml-language-server knows best (an identifier, never fetched)."""
Schema = dict[str, Any]

_TEXT = a_text(numbers=True)
_LIST = {"type": "array", "items": {"type": ["string", "number"], "not": YAML_DATE}}
FIELD_KEYS: dict[str, Field[Any]] = {
    "id": a_text(),
    "type": one_of(tuple(FIELD_TYPES), ""),
    "label": _TEXT,
    "help": _TEXT,
    "required": true_or_false(),
    "collect": true_or_false(),
    "lines": a_whole_number(1, 40),
    "prefill": PREFILL,
    "style": one_of(("radio", "select"), ""),
    "points": a_whole_number(2, 10),
    "low": _TEXT,
    "high": _TEXT,
    "rows": a_whole_number(1, 40),
    "title": _TEXT,
    "text": _TEXT,
    "min": optional(a_number()),
    "max": optional(a_number()),
}
"""A form field's keys as parse/form.py reads them (but the lists, below)."""
_FIELD_LISTS: dict[str, Schema] = {
    "options": _LIST,  # one text is an error there, even without a comma
    "columns": {"anyOf": [_LIST, {"type": "string", "pattern": "^[^,]*$", "not": YAML_DATE}]},
    "signers": {**_LIST, "minItems": 2, "maxItems": 4},  # and one text is one signer, too few
}
_NOT_EMPTY = {"minItems": 1}


def _schema(field: Field[Any] | None) -> Schema:
    """A field's schema, with the check's own words for what it must be (an editor shows them)."""
    assert field is not None and field.schema is not None, "every field a schema describes has one"
    return _said(dict(field.schema), field.rule)


def _said(schema: Schema, rule: str) -> Schema:
    """`rule` ('must be a whole number from 1 to 40') as the description an editor shows on hover, and as
    the message yaml-language-server gives for a value it refuses (its `errorMessage`, which validators ignore)."""
    if rule:
        schema["description"] = schema["errorMessage"] = rule[0].upper() + rule[1:] + "."
    return schema


def _any_case(word: str) -> str:
    """A pattern matching `word` in any case (JSON Schema patterns have no flag for it)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


def _mapping(properties: Mapping[str, Schema], closed: bool = True, **more: Any) -> Schema:
    """An object of these keys; `closed`: any other key is a mistake (the checks say 'unknown key')."""
    return {"type": "object", "properties": dict(properties), "additionalProperties": not closed, **more}


def _fields(definitions: Mapping[str, Field[Any] | None]) -> dict[str, Schema]:
    return {key: _schema(field) for key, field in definitions.items() if field is not None}


def config_schema() -> Schema:
    """mentorkit.yaml."""
    properties = _fields(SETTINGS)
    paper = {"type": "string", "pattern": "^(" + "|".join(_any_case(size) for size in PAPER_SIZES) + ")$"}
    properties["paper"] = _said(paper, "must be " + " or ".join(PAPER_SIZES))
    code = _said({"type": "string", "pattern": CODE.pattern}, "must be a language code such as en, fr, de or pt-BR")
    properties["language"] = code
    # An http or https address with its host, or a path: never another scheme, a space, a backslash or '//host'.
    controls = r"\s\\\x00-\x1f\x7f"
    web = {"type": "string", "pattern": rf"^{_any_case('http')}[sS]?://[^/?#{controls}]+[^{controls}]*$"}
    path = {"type": "string", "pattern": rf"^(?![A-Za-z][A-Za-z0-9+.-]*:)(?!//)[^{controls}]*$"}
    properties["base_url"] = _said(
        {"anyOf": [web, path], "not": YAML_DATE}, "must be an http or https address or a path such as /handbook/"
    )
    properties["markdown"] = {"anyOf": [_mapping(_fields(_MARKDOWN)), {"type": "null"}]}
    properties["branding"] = {"anyOf": [_mapping(_fields(BRANDING)), {"type": "null"}]}
    own = {"anyOf": [_mapping(_fields(LANGUAGE)), {"type": "null"}]}
    properties["languages"] = {
        "anyOf": [
            {"type": "array", "items": code, "minItems": 2, "uniqueItems": True},
            {"type": "object", "propertyNames": code, "additionalProperties": own, "minProperties": 2},
        ]
    }
    properties["nav"] = {"$ref": "#/definitions/nav"}
    page = {"type": "string", "not": YAML_DATE}
    group = {"anyOf": [page, {"$ref": "#/definitions/nav"}]}
    entry = {"anyOf": [page, {"type": "object", "minProperties": 1, "maxProperties": 1, "additionalProperties": group}]}
    definitions = {"nav": {"type": "array", "items": entry}}
    return _document("mentorkit.yaml", _mapping(properties), definitions=definitions)


def _front_matter(page_type: Schema) -> dict[str, Schema]:
    properties = _fields(FRONT_MATTER)
    properties["type"] = page_type
    return properties


def page_schema() -> Schema:
    """A guidance page's front matter. Keys mentorkit does not know are kept for themes, so they are no mistake."""
    types = [kind for kind in PAGE_TYPES if kind not in ("form", "programme")]
    return _document("a page's front matter", _mapping(_front_matter({"enum": types}), closed=False))


def form_schema() -> Schema:
    """A form's front matter: its fields, each of one of the field types, or a translation's texts by field id."""
    properties = _front_matter({"const": "form"})
    roles = {"enum": list(ROLES)}
    properties["for"] = {"anyOf": [roles, {"type": "array", "items": roles}]}
    properties["updated"] = _schema(a_date())
    properties["record_name"] = _schema(_TEXT)
    properties["collect"] = _schema(true_or_false())
    for quiet in ("use", "version", "confidential"):  # read as text when they are, left out quietly when not
        properties[quiet] = {}
    renamed = {"type": ["object", "null"], "additionalProperties": {"type": "string"}}
    properties["replaces"] = _mapping({"version": _schema(_TEXT), "renamed": renamed}, required=["version"])
    translated = {"anyOf": [_schema(_TEXT), _mapping(_fields(TRANSLATED))]}
    properties["fields"] = {
        "anyOf": [
            {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/field"}},
            {"type": "object", "additionalProperties": translated},
        ]
    }
    assert set(properties) >= set(FORM_KEYS), "every key a form reads"
    # A translation gives only texts: the rest comes from the form it translates.
    translation = {"properties": {"fields": {"type": "object"}}, "required": ["fields"]}
    shared = {"not": {"anyOf": [{"required": [key]} for key in SHARED_KEYS]}}
    body = _mapping(properties, closed=False, required=["fields"], allOf=[{"if": translation, "then": shared}])
    return _document("a form's front matter", body, definitions={"field": _field_schema()})


def _field_schema() -> Schema:
    """One field of a form: the keys its type takes, and no others."""
    keys = _fields(FIELD_KEYS) | _FIELD_LISTS
    keys["id"] = {"anyOf": [{"type": "string", "pattern": _ID.pattern}, {"type": "null"}]}  # nothing written: made from the label
    keys[SHOW_IF] = _condition()
    cases = []
    for kind, spec in FIELD_TYPES.items():
        allowed = (*COMMON_KEYS, *spec.keys)
        is_kind: Schema = {"properties": {"type": {"const": kind}}, "required": ["type"]}
        if kind == "text":  # the type when none is given
            is_kind = {"anyOf": [is_kind, {"not": {"required": ["type"]}}]}
        then: Schema = {"propertyNames": {"enum": list(allowed)}}
        if spec.labelled:
            then["required"] = ["label"]
        if kind == "section":
            then["required"] = ["title"]
        if kind in ("choice", "multichoice"):
            then["required"] = ["label", "options"]
            then["properties"] = {"options": _NOT_EMPTY}
        if kind == "table":
            then["required"] = ["label", "columns"]
            then["properties"] = {"columns": _NOT_EMPTY}
        if kind == "signature":
            then["required"] = ["label", "signers"]
        cases.append({"if": is_kind, "then": then})
    return {"type": "object", "properties": keys, "allOf": cases}


def _condition() -> Schema:
    """`show_if: {field: id, is: answer}` (or `in:` or `not:`, one of them); whether the field exists is the check's."""
    answer: Schema = {"anyOf": [{"type": "string", "pattern": r"\S", "not": YAML_DATE}, {"type": ["number", "boolean"]}]}
    answers: Schema = {"anyOf": [answer, {"type": "array", "minItems": 1, "items": answer}]}
    tests = {test: answer if test == "is" else answers for test in TESTS}
    properties: dict[str, Schema] = {"field": {"type": "string", "minLength": 1, "not": YAML_DATE}, **tests}
    return _mapping(properties, required=["field"], oneOf=[{"required": [test]} for test in TESTS])


def programme_schema() -> Schema:
    """A programme's front matter: its length, cadence, phases and milestones."""
    properties = _front_matter({"const": "programme"})
    properties["weeks"] = _schema(a_whole_number(1, 260))
    properties["months"] = _schema(a_whole_number(1, 60))
    every = "|".join(("[0-9]+", "two", "three", "four", "five", "six"))
    named = "|".join(("weekly", "fortnightly", "every week", "every other week", "monthly", f"every +({every}) +weeks?"))
    cadence = {"type": "string", "pattern": "^ *(" + _any_case(named) + ") *$"}
    properties["cadence"] = _said(cadence, "must be weekly, fortnightly, monthly or 'every 3 weeks'")
    unit = _any_case("minutes?|mins?|hours?|hrs?|h")
    properties["meeting_length"] = {
        "anyOf": [{"type": "integer", "minimum": 5, "maximum": 480}, {"type": "string", "pattern": rf"^ *[0-9]+(\.[0-9]+)? *({unit}) *$"}],
        "description": "60, '1 hour' or '90 minutes': from 5 minutes to 8 hours",
    }
    properties["start"] = _schema(a_date())
    properties["time"] = _schema(a_time_of_day())
    properties["timezone"] = {"type": ["string", "null"], "description": "an IANA time zone name, such as Europe/London"}
    unit = _any_case("minutes?|mins?|hours?|hrs?|h|days?|weeks?")
    before = rf"^\s*[0-9]+\s*({unit})(\s+{_any_case('before')})?\s*$"
    reminder = {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 4 * 7 * 24 * 60}, {"type": "string", "pattern": before}]}
    properties["reminders"] = {
        "anyOf": [reminder, {"type": "array", "items": reminder}, {"type": "null"}],
        "description": "'1 day', '2 hours' or '30 minutes' before each meeting: from 1 minute to 4 weeks",
    }
    texts = _schema(a_list_of_texts())
    weeks = {
        "anyOf": [
            {"type": "integer", "minimum": 1},
            {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 2, "maxItems": 2},
            {"type": "string", "pattern": r"^\s*[0-9]+\s*((-|–|to)\s*[0-9]+)?\s*$"},
        ]
    }
    given = {"not": {"enum": ["", None]}}
    phase: dict[str, Schema] = {"name": given, "weeks": weeks, "focus": {}, "activities": texts, "topics": texts, "forms": texts}
    form = {"type": "string", "minLength": 1}
    milestone: dict[str, Schema] = {"name": {}, "week": {"type": "integer", "minimum": 1}, "description": {}, "form": form}
    assert tuple(phase) == PHASE_KEYS and tuple(milestone) == MILESTONE_KEYS, "every key a phase or milestone takes"
    properties["phases"] = {"type": "array", "items": _mapping(phase, required=["name", "weeks"])}
    properties["milestones"] = {"type": "array", "items": _mapping(milestone, required=["week"])}
    later = {
        "anyOf": [
            {"type": "integer", "minimum": 2},
            {
                "type": "array",
                "items": [{"type": "integer", "minimum": 2}, {"type": "integer", "minimum": 1}],
                "minItems": 2,
                "maxItems": 2,
            },
            {"type": "string", "pattern": r"^\s*([2-9]|[1-9][0-9]+)\s*((-|–|to)\s*[0-9]+)?\s*$"},
        ]
    }  # not week 1: the programme starts then
    by_weeks = {"required": ["weeks"], "not": {"anyOf": [{"required": ["from"]}, {"required": ["to"]}]}}
    by_dates = {"required": ["from", "to"], "not": {"required": ["weeks"]}}
    pause: dict[str, Schema] = {"name": {}, "weeks": later, "from": _schema(a_date()), "to": _schema(a_date())}
    assert tuple(pause) == BREAK_KEYS, "every key a break takes"
    properties["breaks"] = {"type": "array", "items": _mapping(pause, oneOf=[by_weeks, by_dates])}
    length = {"oneOf": [{"required": ["weeks"]}, {"required": ["months"]}]}
    return _document("a programme's front matter", _mapping(properties, closed=False, **length))


def _document(title: str, body: Schema, definitions: Mapping[str, Schema] | None = None) -> Schema:
    document: Schema = {"$schema": DIALECT, "title": f"mentorkit: {title}", **body}
    if definitions:
        document["definitions"] = dict(definitions)
    return document


SCHEMAS = {
    "mentorkit.schema.json": config_schema,
    "page.schema.json": page_schema,
    "form.schema.json": form_schema,
    "programme.schema.json": programme_schema,
}
"""The file each schema is written to, by `mentorkit schema`."""


def schema_texts() -> dict[str, str]:
    """Each schema file's name and text."""
    return {name: json.dumps(make(), indent=2, ensure_ascii=False) + "\n" for name, make in SCHEMAS.items()}


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder` (made if need be); the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
