"""The editor schemas and the checks agree: the same keys, and for each key
the same values taken or refused (each value is given to both); the files
shipped in schemas/ are what generator/schema.py makes; and a mistyped key
in the example handbook is flagged by the schema on the line where
`mentorkit check` flags it."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.check import check_project
from generator.errors import MentorkitError
from generator.load.branding import FIELDS as BRANDING
from generator.load.config import _MARKDOWN, SETTINGS, MarkdownOptions, parse_config
from generator.load.language_settings import FIELDS as LANGUAGE
from generator.load.yaml_lines import YamlData, load_yaml
from generator.parse.form import COMMON_KEYS, FIELD_TYPES, ROLES
from generator.parse.form_translation import TEXT_KEYS
from generator.parse.front_matter import parse_source
from generator.parse.markdown import make_markdown
from generator.parse.page import FRONT_MATTER, PAGE_TYPES, parse_page
from generator.parse.programme import MILESTONE_KEYS, PHASE_KEYS
from generator.schema import config_schema, form_schema, page_schema, programme_schema, schema_texts

REPO = Path(__file__).resolve().parent.parent
MD = make_markdown(MarkdownOptions())
VALUES = [
    "text",
    '"with, comma"',
    "3",
    "0",
    "41",
    "2.5",
    "true",
    "",
    "[]",
    "[a, b]",
    "[1, 4]",
    "{a: b}",
    "2027-01-11",
    "17:30",
    '"17:30"',
    '"25:00"',
    '"#123456"',
    '"#12345"',
    "radio",
    "select",
    "mentor",
    "[mentor, mentee]",
    "[mentor, boss]",
    "en",
    "pt-BR",
    "English",
    "a4",
    "Letter",
    "weekly",
    "every 3 weeks",
    "biweekly",
    "90 minutes",
    "1000",
    '"1-4"',
    "[a, b, c, d, e]",
    "https://example.org/handbook/",
    "/handbook/",
    "javascript:alert(1)",
    "//elsewhere.org/",
    '"http://"',
]
"""Values in YAML, as a coordinator may write them, right or wrong."""


def as_json(value: Any) -> Any:
    """What an editor sees of a YAML value: a date is its text."""
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


_VALIDATORS: dict[int, tuple[dict[str, Any], jsonschema.Draft7Validator]] = {}


def schema_errors(schema: dict[str, Any], doc: YamlData) -> list[jsonschema.ValidationError]:
    made = _VALIDATORS.get(id(schema))
    if made is None or made[0] is not schema:
        made = _VALIDATORS[id(schema)] = (
            schema,
            jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER),
        )
    return list(made[1].iter_errors(as_json(doc.data)))


# The keys.


def test_the_schemas_know_the_keys_the_checks_know() -> None:
    config = config_schema()
    assert set(config["properties"]) == set(SETTINGS)
    assert set(config["properties"]["markdown"]["anyOf"][0]["properties"]) == set(_MARKDOWN)
    assert set(config["properties"]["branding"]["anyOf"][0]["properties"]) == set(BRANDING)
    own = config["properties"]["languages"]["anyOf"][1]["additionalProperties"]["anyOf"][0]
    assert set(own["properties"]) == set(LANGUAGE)
    page = page_schema()
    assert set(page["properties"]) == set(FRONT_MATTER) and page["additionalProperties"] is True, "other keys are kept for themes"
    assert page["properties"]["type"]["enum"] == [t for t in PAGE_TYPES if t not in ("form", "programme")]
    form = form_schema()
    field = form["definitions"]["field"]
    assert field["properties"]["type"]["enum"] == list(FIELD_TYPES)
    assert set(field["properties"]) == set(COMMON_KEYS).union(*(spec.keys for spec in FIELD_TYPES.values()))
    for case in field["allOf"]:
        kind = (
            case["if"]["properties"]["type"]["const"]
            if "properties" in case["if"]
            else case["if"]["anyOf"][0]["properties"]["type"]["const"]
        )
        assert case["then"]["propertyNames"]["enum"] == [*COMMON_KEYS, *FIELD_TYPES[kind].keys], kind
    assert form["properties"]["for"]["anyOf"][0]["enum"] == list(ROLES)
    translated = form["properties"]["fields"]["anyOf"][1]["additionalProperties"]["anyOf"][1]
    assert set(translated["properties"]) == set(TEXT_KEYS)
    programme = programme_schema()
    assert tuple(programme["properties"]["phases"]["items"]["properties"]) == PHASE_KEYS
    assert tuple(programme["properties"]["milestones"]["items"]["properties"]) == MILESTONE_KEYS


def test_the_shipped_files_are_what_the_code_makes() -> None:
    """schemas/ (in the wheel as generator/schemas/) is remade by `mentorkit schema .`."""
    shipped = {path.name: path.read_text(encoding="utf-8") for path in (REPO / "schemas").glob("*.json")}
    assert shipped == schema_texts(), "run: mentorkit schema ."


# The values: each one given to the checks and to the schema.


def config_refused(text: str) -> bool:
    try:
        parse_config(load_yaml(text, "mentorkit.yaml"))
    except MentorkitError as error:
        return any(p.level == "error" for p in error.problems)
    return False


CONFIG_KEYS = [f"{key}: {{}}" for key in SETTINGS if key not in ("nav", "languages", "markdown", "branding")]
CONFIG_KEYS += [f"markdown:\n  {key}: {{}}" for key in _MARKDOWN] + ["branding:\n  contact: {}", "branding:\n  primary: {}"]
CONFIG_KEYS += ["languages:\n  en:\n  fr:\n    title: {}", "languages: [en, {}]", "nav: {}", "nav:\n  - Group: {}"]


@pytest.mark.parametrize("template", CONFIG_KEYS)
def test_mentorkit_yaml_values(template: str) -> None:
    schema = config_schema()
    differ = []
    for value in VALUES:
        text = template.format(value) + "\n"
        if "languages" in template:
            text += "language: en\n"
        refused = config_refused(text)
        flagged = bool(schema_errors(schema, load_yaml(text, "mentorkit.yaml")))
        if refused != flagged:
            differ.append((value, "check refuses" if refused else "check takes"))
    assert not differ, f"{template!r}: the schema and the check differ on {differ}"


RELATIONS = ("to no phase", "overlaps", "runs to week", "outside the programme")
"""What a schema cannot say: relations between values (the phases cover the programme, a milestone falls in it)."""


def front_matter_refused(text: str) -> bool:
    _, problems = parse_page(parse_source("content/p.md", "p.md", f"---\n{text}---\nText.\n".encode()), MD)
    return any(p.level == "error" and not (any(words in p.message for words in RELATIONS) and "week 0" not in p.message) for p in problems)


BASE = {
    "choice": "    options: [a, b]\n",
    "multichoice": "    options: [a, b]\n",
    "table": "    columns: [a, b]\n",
    "signature": "    signers: [a, b]\n",
}


@pytest.mark.parametrize("kind", list(FIELD_TYPES))
def test_each_form_field_type_s_values(kind: str) -> None:
    """Every key any field takes, given to a field of this type (where most are unknown keys)."""
    schema = form_schema()
    keys = set(COMMON_KEYS).union(*(spec.keys for spec in FIELD_TYPES.values())) - {"type"}
    differ = []
    for key in sorted(keys):
        takes = key in (*COMMON_KEYS, *FIELD_TYPES[kind].keys)
        for value in VALUES if takes else VALUES[:3]:  # a key the type does not take is unknown, whatever its value
            base = "    title: Part\n" if kind == "section" else "" if kind == "clause" else "    label: Name\n"
            base += BASE.get(kind, "")
            base = "".join(line + "\n" for line in base.splitlines() if not line.strip().startswith(f"{key}:"))
            text = f"title: F\ntype: form\nfields:\n  - type: {kind}\n{base}    {key}: {value}\n"
            refused = front_matter_refused(text)
            flagged = bool(schema_errors(schema, load_yaml(text, "p.md")))
            if refused != flagged:
                differ.append((key, value, "check refuses" if refused else "check takes"))
    assert not differ, f"{kind}: the schema and the check differ on {differ}"


PROGRAMME_KEYS = ["weeks: {}", "months: {}", "cadence: {}", "meeting_length: {}", "start: {}", "time: {}"]
PROGRAMME_KEYS += ["phases:\n  - name: A\n    weeks: {}", "phases:\n  - name: A\n    weeks: 1-12\n    topics: {}"]
PROGRAMME_KEYS += ["milestones:\n  - name: M\n    week: {}", "milestones:\n  - name: M\n    week: 2\n    description: {}"]
PROGRAMME_KEYS += ["reminders: {}", "reminders: [{}]", "breaks:\n  - weeks: {}", "breaks:\n  - from: {}\n    to: 2027-03-01", "breaks: {}"]


@pytest.mark.parametrize("template", PROGRAMME_KEYS)
def test_programme_values(template: str) -> None:
    schema = programme_schema()
    differ = []
    for value in VALUES:
        length = "" if template.startswith(("weeks", "months")) else "weeks: 12\n"
        text = f"title: P\ntype: programme\n{length}{template.format(value)}\n"
        refused = front_matter_refused(text)
        flagged = bool(schema_errors(schema, load_yaml(text, "p.md")))
        if refused != flagged:
            differ.append((value, "check refuses" if refused else "check takes"))
    assert not differ, f"{template!r}: the schema and the check differ on {differ}"


CONDITIONS = [
    "{field: a, is: x}",
    "{field: a, in: [x, y]}",
    "{field: a, not: y}",
    "{field: a}",
    "{is: x}",
    "{field: a, is: [x]}",
    "{field: a, is: x, not: y}",
    "{field: a, in: []}",
    '{field: a, is: ""}',
    "{field: a, is: 2027-01-11}",
    "{field: a, is: x, when: y}",
    "{field: 3, is: x}",
    "[a, x]",
    "a",
]


def test_show_if_values() -> None:
    schema = form_schema()
    differ = []
    for value in CONDITIONS:
        text = f"title: F\ntype: form\nfields:\n  - id: a\n    type: choice\n    label: A\n    options: [x, y]\n  - label: B\n    show_if: {value}\n"
        refused = front_matter_refused(text)
        flagged = bool(schema_errors(schema, load_yaml(text, "p.md")))
        if refused != flagged:
            differ.append((value, "check refuses" if refused else "check takes"))
    assert not differ, f"show_if: the schema and the check differ on {differ}"


def test_a_field_without_a_type_is_a_text_field() -> None:
    schema = form_schema()
    for extra, wrong in (("", False), ("    lines: 3\n", True), ("    options: [a, b]\n", True), ("    required: true\n", False)):
        text = f"title: F\ntype: form\nfields:\n  - label: Name\n{extra}"
        assert front_matter_refused(text) is wrong, extra
        assert bool(schema_errors(schema, load_yaml(text, "p.md"))) is wrong, extra


def keys_read(module: str) -> set[str]:
    """The front matter keys a parser's source reads, found in its text: a key added there must reach the schema."""
    source = (REPO / "generator" / "parse" / f"{module}.py").read_text(encoding="utf-8")
    found = re.findall(r'front(?:\.get\(|\[)"(\w+)"', source)
    found += re.findall(r'(?:reader\.read|_list)\((?:reader, )?front, "(\w+)"', source)
    found += re.findall(r'reader\.read\(front, "(\w+)"', source)
    return set(found)


def test_every_front_matter_key_the_parsers_read_is_in_the_schema() -> None:
    form_keys, programme_keys = keys_read("form") | keys_read("form_records"), keys_read("programme")
    assert {"fields", "updated", "for", "record_name", "replaces"} <= form_keys and {"weeks", "phases", "cadence"} <= programme_keys, (
        "the search finds them"
    )
    assert form_keys <= set(form_schema()["properties"])
    assert programme_keys <= set(programme_schema()["properties"])


# A mistake in the example, flagged at the same line by both.


def flagged_lines(schema: dict[str, Any], doc: YamlData) -> set[int]:
    """The lines an editor marks: an unknown key's own line, else the value's."""
    lines = set()
    for error in (deepest for found in schema_errors(schema, doc) for deepest in _deepest(found)):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            known = set(error.schema.get("properties", {}))
            lines |= {doc.line(*path, key) for key in error.instance if key not in known}
        elif "propertyNames" in error.schema_path:  # the key itself is the instance
            lines.add(doc.line(*path, error.instance))
        else:
            lines.add(doc.line(*path))
    return lines


def _deepest(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """Of the alternatives an 'anyOf' tried, the mistakes deepest in the document, as editors show them."""
    if not error.context:
        return [error]
    leaves = [leaf for inner in error.context for leaf in _deepest(inner)]
    depth = max(len(leaf.absolute_path) for leaf in leaves)
    return [leaf for leaf in leaves if len(leaf.absolute_path) == depth]


def error_lines(project: Path) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for problem in check_project(project):
        if problem.level == "error":
            found.setdefault(problem.path, set()).add(problem.line or 0)
    return found


def test_a_mistyped_key_in_the_example_is_flagged_where_check_flags_it(tmp_path: Path) -> None:
    project = tmp_path / "handbook"
    shutil.copytree(REPO / "content", project / "content")
    config = (REPO / "mentorkit.yaml").read_text(encoding="utf-8").replace("organisation: Riverside", "organistion: Riverside")
    (project / "mentorkit.yaml").write_text(config, encoding="utf-8")
    goals = project / "content" / "en" / "forms" / "goals.md"
    text = goals.read_text(encoding="utf-8")
    assert "    required: true\n" in text
    goals.write_text(text.replace("    required: true\n", "    requird: true\n", 1), encoding="utf-8")
    cohort = project / "content" / "en" / "programmes" / "cohort.md"
    text = cohort.read_text(encoding="utf-8")
    assert "    focus: " in text
    cohort.write_text(text.replace("    focus: ", "    focuss: ", 1), encoding="utf-8")

    by_check = error_lines(project)  # mentorkit.yaml's mistakes stop the check before the pages
    (project / "mentorkit.yaml").write_text((REPO / "mentorkit.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    by_check |= error_lines(project)
    edited = {"mentorkit.yaml", "content/en/forms/goals.md", "content/en/programmes/cohort.md"}
    assert edited <= set(by_check), by_check
    # A translation of the broken form is an error too, as its original cannot be read: a consequence, not the typo.
    by_check = {path: lines for path, lines in by_check.items() if path in edited}
    assert all(len(lines) == 1 for lines in by_check.values()), by_check

    by_schema = {"mentorkit.yaml": flagged_lines(config_schema(), load_yaml(config, "mentorkit.yaml"))}
    for rel, schema in (("content/en/forms/goals.md", form_schema()), ("content/en/programmes/cohort.md", programme_schema())):
        source = parse_source(rel, rel, (project / rel).read_bytes())
        by_schema[rel] = flagged_lines(schema, source.front)
    assert by_schema == by_check
    # And the rest of the example is clean for the schemas.
    for path in sorted((REPO / "content").rglob("*.md")):
        source = parse_source(str(path), path.name, path.read_bytes())
        kind = source.front.data.get("type", "page") if isinstance(source.front.data, dict) else "page"
        schema = {"form": form_schema(), "programme": programme_schema()}.get(kind, page_schema())
        assert not schema_errors(schema, source.front), path
    assert not schema_errors(config_schema(), load_yaml((REPO / "mentorkit.yaml").read_text(encoding="utf-8"), "mentorkit.yaml"))


def test_mentorkit_schema_writes_the_files(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    result = CliRunner().invoke(main, ["schema", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = {path.name: path.read_text(encoding="utf-8") for path in (tmp_path / "schemas").iterdir()}
    assert written == schema_texts()
    assert "start mentorkit.yaml with: # yaml-language-server: $schema=./schemas/mentorkit.schema.json" in result.output
    assert all(json.loads(text)["$schema"].startswith("http://json-schema.org/draft-07") for text in written.values())
