import datetime
from typing import Any

import pytest

from generator.load.mapping import (
    WRONG,
    Field,
    MappingReader,
    a_colour,
    a_date,
    a_list,
    a_list_of_texts,
    a_number,
    a_text,
    a_time_of_day,
    a_whole_number,
    not_quoted,
    not_type,
    not_type_and_value,
    not_value,
    nothing,
    one_of,
    optional,
    true_or_false,
)
from generator.load.yaml_lines import load_yaml


def reader(text: str) -> MappingReader:
    return MappingReader(load_yaml(text, "x.yaml"), "x.yaml")


def said(reading: MappingReader) -> list[str]:
    return [p.format() for p in reading.problems]


# Each field type: a value, and what the program gets (WRONG: a problem).
CHECKS: list[tuple[Field[Any], object, object]] = [
    (a_text(), "Hello", "Hello"),
    (a_text(), 3, WRONG),
    (a_text(), None, WRONG),
    (a_text(numbers=True), 3, "3"),
    (a_text(numbers=True), 2.5, "2.5"),
    (a_text(numbers=True), True, WRONG),
    (a_number(), 3, 3),
    (a_number(), 1.5, 1.5),
    (a_number(), True, WRONG),
    (a_number(), "3", WRONG),
    (a_whole_number(), -4, -4),
    (a_whole_number(), 4.0, WRONG),
    (a_whole_number(1, 40), 40, 40),
    (a_whole_number(1, 40), 41, WRONG),
    (a_whole_number(1, 40), 0, WRONG),
    (a_whole_number(1, 40), True, WRONG),
    (true_or_false(), False, False),
    (true_or_false(), "yes", WRONG),
    (true_or_false(), 1, WRONG),
    (a_list_of_texts(), "One", ("One",)),
    (a_list_of_texts(), ["One", 2, 2.5], ("One", "2", "2.5")),
    (a_list_of_texts(), [["nested"]], WRONG),
    (a_list_of_texts(), {"a": 1}, WRONG),
    (a_list_of_texts(single=False), "One", WRONG),
    (a_list(), [1, {"a": 2}], [1, {"a": 2}]),
    (a_list(), "one", WRONG),
    (a_date(), None, None),
    (a_date(), datetime.date(2026, 3, 1), datetime.date(2026, 3, 1)),
    (a_date(), "2026-03-01", datetime.date(2026, 3, 1)),
    (a_date(), "1st of May", WRONG),
    (a_time_of_day(), None, None),
    (a_time_of_day(), 1050, datetime.time(17, 30)),
    (a_time_of_day(), "09:00", datetime.time(9, 0)),
    (a_time_of_day(), 1470, WRONG),
    (a_colour(), "#1f5f8b", "#1f5f8b"),
    (a_colour(), "#FFF", "#FFF"),
    (a_colour(), "blue", WRONG),
    (one_of(("radio", "select"), "must be radio or select"), "select", "select"),
    (one_of(("radio", "select"), "must be radio or select"), "dropdown", WRONG),
    (optional(a_number()), None, None),
    (optional(a_number()), "x", WRONG),
]


@pytest.mark.parametrize(("field", "value", "expected"), CHECKS)
def test_each_field_type(field: Field[Any], value: object, expected: object) -> None:
    reading = reader("")
    got = reading.read({"key": value}, "key", (), field, WRONG)
    assert got == expected
    assert bool(reading.problems) == (expected is WRONG)


# Each field type's own words when a value is wrong, and how a caller changes them.
WORDS: list[tuple[str, Field[Any], str]] = [
    ("key: [a]", a_text(), "x.yaml:1: error: 'key' must be a text, not a list"),
    ("key: 0", a_whole_number(1, 40), "x.yaml:1: error: 'key' must be a whole number from 1 to 40, not 0"),
    ("key: maybe", true_or_false(), "x.yaml:1: error: 'key' must be true or false, not 'maybe'"),
    ("key: {a: 1}", a_list_of_texts(), "x.yaml:1: error: 'key' must be a list of texts"),
    (
        "key: x",
        a_list(hint="write each on a line starting with '- '"),
        "x.yaml:1: error: 'key' must be a list\n  write each on a line starting with '- '",
    ),
    ("key: soon", a_date(), "x.yaml:1: error: 'key' must be a date written YYYY-MM-DD, not 'soon'"),
    ("key: 24:30", a_time_of_day(), "x.yaml:1: error: 'key' must be a time of day such as '17:30', not '24:30'"),
    ("key: blue", a_colour(), "x.yaml:1: error: 'key' must be a colour written #rrggbb, not 'blue'\n  quote it: primary: \"#1f5f8b\""),
    ("key: 3", a_colour(), "x.yaml:1: error: 'key' must be a text"),
    ("key: 3", a_text("must be a theme name", not_type_and_value), "x.yaml:1: error: 'key' must be a theme name, not a number 3"),
    ("key: 3", a_text("must name a theme", nothing), "x.yaml:1: error: 'key' must name a theme"),
    ("key: [a]", a_number(shown=not_type), "x.yaml:1: error: 'key' must be a number, not a list"),
    ("key: it's", one_of(("a",), "must be a"), "x.yaml:1: error: 'key' must be a, not 'it's'"),
    ("key: it's", one_of(("a",), "must be a", not_value), "x.yaml:1: error: 'key' must be a, not \"it's\""),
    (
        "key: 9",
        a_whole_number(2, 6, "must be from 2 to 6").after(a_whole_number(rule="must be a number")),
        "x.yaml:1: error: 'key' must be from 2 to 6, not 9",
    ),
    (
        "key: many",
        a_whole_number(2, 6).after(a_whole_number(rule="must be a number", shown=not_quoted)),
        "x.yaml:1: error: 'key' must be a number, not 'many'",
    ),
]


@pytest.mark.parametrize(("text", "field", "expected"), WORDS)
def test_the_words_of_a_wrong_value(text: str, field: Field[Any], expected: str) -> None:
    reading = reader(text)
    assert reading.read(reading.doc.data, "key", (), field, "default") == "default"
    assert said(reading) == [expected]


def test_missing_key_gives_the_default_without_a_word() -> None:
    reading = reader("other: 1")
    assert reading.read(reading.doc.data, "key", (), a_whole_number(1, 40), 4) == 4
    assert reading.problems == []


def test_problems_name_the_line_of_the_key_at_their_path() -> None:
    reading = reader("top: 1\nblock:\n  fields:\n    - label: A\n    - label: [B]\n")
    entry = reading.doc.data["block"]["fields"][1]
    reading.read(entry, "label", ("block", "fields", 1), a_text(), "")
    assert said(reading) == ["x.yaml:5: error: 'label' must be a text, not a list"]


def test_prefix_and_subject_name_the_key() -> None:
    reading = reader("html: maybe\ntitle: [a]\n")
    reading.read(reading.doc.data, "html", (), true_or_false(), True, prefix="markdown.")
    reading.read(reading.doc.data, "title", (), a_text(shown=nothing), "", subject=lambda key: f"'{key}' of language 'fr'")
    assert said(reading) == [
        "x.yaml:1: error: 'markdown.html' must be true or false, not 'maybe'",
        "x.yaml:2: error: 'title' of language 'fr' must be a text",
    ]


def test_a_value_that_is_not_a_mapping() -> None:
    reading = reader("block: [a, b]\nempty:\n")
    assert reading.mapping(reading.doc.data["block"], ("block",), "'block' must be a mapping", "for example: a: 1") is None
    assert reading.mapping(reading.doc.data["empty"], ("empty",), "'empty' must be a mapping") is None
    assert reading.mapping(reading.doc.data["empty"], ("empty",), "never said", blank=True) == {}
    assert reading.mapping(reading.doc.data, (), "never said") == {"block": ["a", "b"], "empty": None}
    assert said(reading) == [
        "x.yaml:1: error: 'block' must be a mapping\n  for example: a: 1",
        "x.yaml:2: error: 'empty' must be a mapping",
    ]


def test_unknown_keys_with_did_you_mean() -> None:
    reading = reader("titel: A\nextends: b\ncolour: c\n")
    reading.unknown_keys(reading.doc.data, (), ("title", "extends"))
    assert said(reading) == [
        "x.yaml:1: error: unknown key 'titel'\n  did you mean 'title'? (known: extends, title)",
        "x.yaml:3: error: unknown key 'colour'\n  known: extends, title",
    ]


def test_unknown_keys_in_a_caller_s_words() -> None:
    reading = reader("fields:\n  - label: A\n    option: x\n")
    reading.unknown_keys(
        reading.doc.data["fields"][0],
        ("fields", 0),
        ("label", "options"),
        message=lambda key: f"field 'A' has unknown key '{key}'",
        hint=lambda key: f"a field takes only label and options ({key}?)",
    )
    assert said(reading) == ["x.yaml:3: error: field 'A' has unknown key 'option'\n  a field takes only label and options (option?)"]


def test_fields_reads_every_key_in_the_order_written() -> None:
    reading = reader("paper: 3\nnav: [a.md]\nhtml: yes\ntitel: T\ntitle: T\n")
    fields: dict[str, Field[Any] | None] = {"title": a_text(), "paper": a_text(), "html": true_or_false(), "nav": None}
    values = reading.fields(reading.doc.data, (), fields, prefix="site.")
    assert values == {"title": "T", "html": True}
    assert said(reading) == [
        "x.yaml:1: error: 'site.paper' must be a text, not a number",
        "x.yaml:4: error: unknown key 'site.titel'\n  did you mean 'title'? (known: html, nav, paper, title)",
    ]


def test_problems_go_to_the_list_given() -> None:
    found: list[Any] = ["earlier"]
    reading = MappingReader(load_yaml("a: 1\n", "y.yaml"), "y.yaml", found)
    reading.problem(("a",), "said", level="warning")
    assert found[0] == "earlier"
    assert found[1].format() == "y.yaml:1: warning: said"
