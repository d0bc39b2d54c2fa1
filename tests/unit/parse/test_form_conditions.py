"""`show_if:` on form fields and sections: read, spelled as answers are kept, and checked against the form."""

import pytest

from generator.model.types import Condition
from tests.unit.parse.test_form import form_page

FIELDS = """fields:
  - id: ended_early
    type: yesno
    label: Did it end early?
  - id: how
    type: choice
    label: How it ended
    options: [Planned, Early by agreement, Other]
  - id: agreed
    type: checkbox
    label: We agree
  - id: rating
    type: scale
    label: Rating
  - id: name
    label: Your name
"""


def conditions(extra: str) -> tuple[list[Condition | None], list[str]]:
    page, problems = form_page(FIELDS + extra)
    return ([f.show_if for f in page.form.fields[5:]] if page else []), problems


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("{field: ended_early, is: yes}", Condition("ended_early", ("Yes",))),
        ('{field: ended_early, is: "yes"}', Condition("ended_early", ("Yes",))),
        ("{field: ended_early, not: No}", Condition("ended_early", ("No",), negated=True)),
        ("{field: how, in: [early by agreement, Other]}", Condition("how", ("Early by agreement", "Other"))),
        ("{field: agreed, is: true}", Condition("agreed", ("yes",))),
        ("{field: agreed, is: no}", Condition("agreed", ("yes",), negated=True)),
        ("{field: agreed, not: false}", Condition("agreed", ("yes",))),
        ("{field: rating, in: [4, 5]}", Condition("rating", ("4", "5"))),
    ],
)
def test_answers_are_kept_as_the_field_keeps_them(written: str, kept: Condition) -> None:
    found, problems = conditions(f"  - label: Why\n    show_if: {written}\n")
    assert problems == []
    assert found[0] is not None and found[0].field == kept.field
    assert (found[0].answers, found[0].negated) == (kept.answers, kept.negated)
    assert found[0].line == 21


def test_a_section_takes_a_condition() -> None:
    page, problems = form_page(FIELDS + "  - type: section\n    title: Ending early\n    show_if: {field: ended_early, is: Yes}\n")
    assert problems == []
    assert page.form.fields[-1].show_if.field == "ended_early"


@pytest.mark.parametrize(
    ("written", "error"),
    [
        (
            "{field: ended_erly, is: yes}",
            "content/f.md:22: error: 'show_if' of field 'why' names 'ended_erly', which is not a field of this form\n"
            "  did you mean 'ended_early'? (known: agreed, ended_early, how, name, rating, why)",
        ),
        (
            "{field: how, is: Late}",
            "content/f.md:22: error: 'show_if' of field 'why' names the answer 'Late', which 'how' (choice) cannot take\n"
            "  its answers are: Planned, Early by agreement, Other",
        ),
        (
            "{field: ended_early, is: Maybe}",
            "content/f.md:22: error: 'show_if' of field 'why' names the answer 'Maybe', which 'ended_early' (yesno) cannot take\n"
            "  its answers are: Yes, No, Unsure",
        ),
        (
            "{field: rating, is: 6}",
            "content/f.md:22: error: 'show_if' of field 'why' names the answer '6', which 'rating' (scale) cannot take\n"
            "  its answers are: 1, 2, 3, 4, 5",
        ),
        (
            "{field: name, is: Amira}",
            "content/f.md:22: error: 'show_if' of field 'why' names 'name', a text field, whose answers cannot be known in advance\n"
            "  a condition can name a field of type choice, multichoice, yesno, checkbox, scale",
        ),
        (
            "{field: how, is: [Planned, Other]}",
            "content/f.md:22: error: 'show_if' of field 'why' has a list under 'is:'\n  write 'in: [Planned, Other]' for any of several answers",
        ),
        (
            "{field: how, is: Planned, not: Other}",
            "content/f.md:22: error: 'show_if' of field 'why' has 'is:' and 'not:'\n"
            "  give exactly one: 'is: an answer', 'in: [answers]' or 'not: an answer'",
        ),
        (
            "{is: Planned}",
            "content/f.md:22: error: 'show_if' of field 'why' does not say which field decides\n"
            "  add 'field:', the id of an earlier field; for example: show_if: {field: ended_early, is: \"Yes\"}",
        ),
        (
            "{field: how, equals: Planned}",
            "content/f.md:22: error: 'show_if' of field 'why' has unknown key 'equals'\n  known: field, in, is, not",
        ),
        (
            "ended_early",
            "content/f.md:22: error: 'show_if' of field 'why' must be 'field:' and 'is:', 'in:' or 'not:', not text\n"
            '  for example: show_if: {field: ended_early, is: "Yes"}',
        ),
    ],
)
def test_a_condition_that_does_not_fit_is_an_error_at_its_line(written: str, error: str) -> None:
    _, problems = conditions(f"  - id: why\n    label: Why\n    show_if: {written}\n")
    assert problems == [error]


def test_a_condition_names_an_earlier_field() -> None:
    _, problems = conditions(
        "  - id: why\n    label: Why\n    show_if: {field: later, is: Yes}\n  - id: later\n    type: yesno\n    label: Later\n"
    )
    assert problems == [
        "content/f.md:22: error: 'show_if' of field 'why' names 'later', which comes after it (line 23)\n"
        "  a condition can only name a field answered before it: move that field up, or this one down"
    ]


def test_conditions_that_go_round_in_a_circle() -> None:
    _, problems = conditions(
        "  - id: first\n    type: yesno\n    label: First\n    show_if: {field: second, is: Yes}\n"
        "  - id: second\n    type: yesno\n    label: Second\n    show_if: {field: first, is: No}\n"
        "  - id: itself\n    type: yesno\n    label: Itself\n    show_if: {field: itself, is: No}\n"
    )
    assert problems == [
        "content/f.md:23: error: the conditions of field 'first' form a cycle, so none of them could be shown: 'first' -> 'second' -> 'first'\n"
        "  a field's 'show_if' must name a field that comes before it",
        "content/f.md:31: error: field 'itself' is shown only if it is answered itself\n  name an earlier field in 'show_if: {field: ...}'",
    ]
