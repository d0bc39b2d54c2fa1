"""`prefill:` on a form's field: the roster column a pair's pack and links fill it from."""

from tests.unit.parse.test_form import form_page


def test_prefill_names_a_column_of_one_line_and_text_fields() -> None:
    page, problems = form_page(
        "fields:\n  - label: Mentor\n    prefill: mentor\n  - label: Start\n    type: date\n    prefill: start\n  - label: Notes\n    type: textarea\n"
    )
    assert problems == []
    assert [f.prefill for f in page.form.fields] == ["mentor", "start", ""]


def test_prefill_on_a_field_it_cannot_fill_or_naming_no_column() -> None:
    _, problems = form_page(
        "fields:\n  - label: Agreed\n    type: yesno\n    prefill: mentor\n  - label: Name\n    prefill: '<b>'\n  - label: Other\n    prefil: mentee\n"
    )
    assert problems == [
        "content/f.md:7: error: field 'Agreed' (yesno) has unknown key 'prefill'\n  known: collect, help, id, label, required, show_if, type",
        "content/f.md:9: error: 'prefill' must name a roster column, such as 'mentor', not '<b>'",
        "content/f.md:11: error: field 'Other' (text) has unknown key 'prefil'\n  did you mean 'prefill'? (known: collect, help, id, label, prefill, required, show_if, type)",
    ]
