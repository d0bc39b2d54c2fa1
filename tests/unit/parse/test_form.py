import datetime

import pytest

from generator.load.config import MarkdownOptions
from generator.model.types import Heading
from generator.parse.form import field_id
from generator.parse.front_matter import parse_source
from generator.parse.markdown import make_markdown
from generator.parse.page import parse_page

MD = make_markdown(MarkdownOptions())


def form_page(front: str, body: str = "Fill this in.\n"):  # type: ignore[no-untyped-def]
    page, problems = parse_page(parse_source("content/f.md", "f.md", f"---\ntitle: F\ntype: form\n{front}---\n{body}".encode()), MD)
    return page, [p.format() for p in problems]


def test_field_ids_from_labels() -> None:
    assert field_id("Mentor's name") == "mentors_name"
    assert field_id("Goal 1 (short-term)") == "goal_1_short_term"


def test_metadata_and_defaults() -> None:
    page, problems = form_page(
        "for: mentee\nuse: first meeting\nversion: 2\nupdated: 2026-03-01\nconfidential: true\nfields:\n  - label: Your name\n  - type: textarea\n    label: Hopes\n"
    )
    assert problems == []
    form = page.form
    assert form.roles == ("mentee",) and form.use == "first meeting" and form.version == "2"
    assert form.updated == datetime.date(2026, 3, 1)
    assert form.confidential == "the people who sign this form"
    name, hopes = form.fields
    assert (name.type, name.id, name.required) == ("text", "your_name", False)
    assert (hopes.type, hopes.lines) == ("textarea", 4)


def test_sections_are_anchors_and_clauses_take_the_right_level() -> None:
    page, problems = form_page(
        "fields:\n  - type: clause\n    title: Before you start\n    text: Read [this](other.md).\n"
        "  - type: section\n    title: Goals\n  - type: clause\n    title: Why\n    text: Because.\n  - type: section\n    title: Goals\n",
        body="## Goals\n\nIntro.\n",
    )
    assert problems == []
    clause, _, inner, _ = page.form.fields
    assert (clause.level, inner.level) == (2, 3)
    assert page.headings == (Heading(2, "goals", "Goals"), Heading(2, "goals-1", "Goals"), Heading(2, "goals-2", "Goals"))
    assert clause.text_html == 'Read <a href="mentorkit-ref:0">this</a>.'
    assert [r.path for r in page.refs] == ["other.md"]


def test_a_form_needs_fields() -> None:
    _, problems = form_page("for: mentor\n")
    assert problems == ["content/f.md:3: error: a form needs a list of 'fields'\n  for example:\n    fields:\n      - label: Your name"]


def test_scale_points_are_bounded() -> None:
    _, problems = form_page("fields:\n  - type: scale\n    label: Useful?\n    points: 20\n")
    assert problems == ["content/f.md:7: error: 'points' must be a whole number from 2 to 10, not 20"]


@pytest.mark.parametrize(
    "value", ["The pair only.", "[the mentee, the mentor]", "[{who: the pair}]", "true", "false", "3", "{who: the pair}"]
)
def test_a_translations_confidential_is_read_as_the_original_forms(value: str) -> None:
    original, problems = form_page(f"confidential: {value}\nfields:\n  - label: Your name\n")
    assert problems == []
    translation, problems = form_page(f"confidential: {value}\nfields:\n  your_name: Votre nom\n")
    assert problems == []
    assert translation.form_text.confidential == original.form.confidential


def test_a_confidential_list_that_is_not_of_texts_is_left_out_not_printed_as_python() -> None:
    page, problems = form_page("confidential: [{who: the pair}]\nfields:\n  - label: Your name\n")
    assert problems == []
    assert page.form.confidential == ""
