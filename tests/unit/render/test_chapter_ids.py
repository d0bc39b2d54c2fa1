"""render/pdf.py's prefix_ids: a page's ids made unique inside a document of many pages (the handbook, the print pages)."""

from __future__ import annotations

from generator.render.pdf import prefix_ids


def test_prefix_ids_changes_the_attributes_that_name_ids_and_fields_only() -> None:
    html = (
        '<label for="a b" id="c"\n\tname="d">x</label><input\nid="e" aria-labelledby="f g">'
        '<div data-file-name="form-answers.json" data-id="h" data-table="t" data-mirror="m">id="not-a-tag"</div>'
        '<a href="#i">in</a><a href="#mk-page:other">out</a>'
    )
    assert prefix_ids(html, "p") == (
        '<label for="p--a p--b" id="p--c"\n\tname="p--d">x</label><input\nid="p--e" aria-labelledby="p--f p--g">'
        '<div data-file-name="form-answers.json" data-id="h" data-table="p--t" data-mirror="p--m">id="not-a-tag"</div>'
        '<a href="#p--i">in</a><a href="#other">out</a>'
    )
