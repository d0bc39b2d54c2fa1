"""`options: In person, Video call` is one text: an error whose hint is the
list meant, written so that YAML reads it back as exactly those items."""

from __future__ import annotations

import pytest
import yaml

from generator.load.mapping import MappingReader
from generator.load.yaml_lines import load_yaml
from generator.parse.form import _one_text_for_a_list


def told(text: str, key: str = "options") -> list[str]:
    doc = load_yaml(text, "form.md")
    reader = MappingReader(doc, "form.md")
    _one_text_for_a_list(reader, doc.data, key, (), "field 'Where' (choice)")
    return [p.format() for p in reader.problems]


@pytest.mark.parametrize(
    "written,items",
    [
        ("In person, Video call", ["In person", "Video call"]),
        ("Yes, No, Not sure", ["Yes", "No", "Not sure"]),
        ("'Phone: landline', 10 minutes, #1 choice", ["Phone: landline", "10 minutes", "#1 choice"]),
        ('"On site", [remote]', ["On site", "[remote]"]),
        ("Monthly", ["Monthly"]),
    ],
)
def test_the_hint_is_the_list_meant(written: str, items: list[str]) -> None:
    (problem,) = told(f"options: {yaml.safe_dump(written, default_style=None).strip()}\n")
    message, hint = problem.split("\n")
    assert message.startswith("form.md:1: error: field 'Where' (choice) has 'options' written as one text")
    listed = hint.strip().removeprefix("write a YAML list, one item for each option: ")
    read = yaml.safe_load(listed)["options"]
    assert read == ([*items, "..."] if len(items) == 1 else items), "the list reads back as the items written (and more to add)"


@pytest.mark.parametrize("text", ["options: [In person, Video call]\n", "columns: Goal\n", "signers: Mentor\n", "options: 3\n"])
def test_a_list_or_one_column_is_fine(text: str) -> None:
    assert told(text, text.split(":")[0]) == []


def test_an_empty_text_is_no_options() -> None:
    assert told('options: ""\n') == [
        "form.md:1: error: field 'Where' (choice) has 'options' written as an empty text\n  write a YAML list: options: [First, Second]"
    ]
