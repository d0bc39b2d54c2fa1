"""A form's `record_name` and `replaces`, and what the scripts are told of it (render/form_meta.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from generator.load.config import MarkdownOptions
from generator.load.theme_words import Words
from generator.model.types import Replaces
from generator.parse.front_matter import parse_source
from generator.parse.markdown import make_markdown
from generator.parse.page import parse_page
from generator.render.form_meta import form_meta

MD = make_markdown(MarkdownOptions())
FIELDS = (
    "fields:\n  - type: section\n    title: First\n  - id: day\n    type: date\n    label: Day\n"
    "  - id: notes\n    type: textarea\n    label: Notes\n  - id: how\n    type: yesno\n    label: Done?\n"
    "  - id: sign\n    type: signature\n    label: Signatures\n    signers: [Mentor, Mentee]\n"
)


def form_page(front: str):  # type: ignore[no-untyped-def]
    source = parse_source("content/f.md", "f.md", f"---\ntitle: F\ntype: form\n{front}{FIELDS}---\nBody.\n".encode())
    page, problems = parse_page(source, MD)
    return page, [p.format() for p in problems]


def test_record_name_and_replaces_are_read() -> None:
    page, problems = form_page('version: "2.0"\nrecord_name: day\nreplaces:\n  version: 1.5\n  renamed: {date: day, remarks: notes}\n')
    assert problems == []
    assert page.form.record_name == "day"
    assert page.form.replaces == Replaces("1.5", (("date", "day"), ("remarks", "notes")))


def test_replaces_without_renames_and_forms_without_either() -> None:
    page, problems = form_page('version: "2"\nreplaces: {version: "1"}\n')
    assert problems == [] and page.form.replaces == Replaces("1") and page.form.record_name == ""
    page, problems = form_page("")
    assert problems == [] and page.form.replaces is None


def test_replaces_needs_the_version_it_replaces() -> None:
    _, problems = form_page('version: "2"\nreplaces: {renamed: {a: day}}\n')
    assert problems == [
        "content/f.md:5: error: 'replaces' needs the 'version' it replaces\n"
        '  for example:\n    replaces:\n      version: "1.0"\n      renamed: {old_id: new_id}'
    ]


def test_a_section_is_no_name() -> None:
    _, problems = form_page("record_name: first\n")
    assert problems == ["content/f.md:4: error: 'record_name' names no field of this form: 'first'\n  known: day, how, notes, sign"]


def test_what_the_scripts_are_told(theme_words: Callable[[str], Words]) -> None:
    page, _ = form_page('version: "2.0"\nrecord_name: day\nreplaces:\n  version: "1.0"\n  renamed: {date: day}\n')
    page = replace(page, form=replace(page.form, ident="forms/f", store="mentorkit|H", key="mentorkit|H|f.html|2.0", old_key="k1"))
    meta = form_meta(page, theme_words("fr"))
    assert {k: meta[k] for k in ("id", "version", "store", "key", "old_key", "record_name", "replaces")} == {
        "id": "forms/f",
        "version": "2.0",
        "store": "mentorkit|H",
        "key": "mentorkit|H|f.html|2.0",
        "old_key": "k1",
        "record_name": "day",
        "replaces": {"version": "1.0", "renamed": {"date": "day"}},
    }
    fields = meta["fields"]
    assert [f["id"] for f in fields] == ["day", "notes", "how", "sign-1-name", "sign-1-date", "sign-2-name", "sign-2-date"]
    assert all(f["section"] == "First" for f in fields)
    how = fields[2]
    assert how["values"] == ["Yes", "No", "Unsure"] and how["options"] == ["Oui", "Non", "Je ne sais pas"]
    assert (fields[3]["label"], fields[3]["type"], fields[4]["type"]) == ("Mentor : Nom complet", "text", "date")
