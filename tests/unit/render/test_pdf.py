"""render/pdf.py: pydyf's page references built once per page count, with the same PDF."""

from __future__ import annotations

import pytest

from generator.render.pdf import TAGGED, quick_page_references

pydyf = pytest.importorskip("pydyf")


def shipped() -> property:
    current: property = pydyf.PDF.page_references
    return getattr(current.fget, "as_shipped", current)


def test_the_references_follow_the_pages_added(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pydyf.PDF, "page_references", shipped())
    quick_page_references()
    pdf = pydyf.PDF()
    for _ in range(2):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert pdf.page_references is first, "built once while the pages stay the same"
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 3
    assert pdf.page_references == tuple(f"{number} 0 R".encode() for number in pdf.pages["Kids"][::3])


@pytest.mark.pdf
def test_a_tagged_pdf_with_links_is_the_same_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    chapters = "".join(
        f'<section style="break-before: page"><h1 id="c{n}">Chapter {n}</h1><p>Text <a href="#c{(n + 1) % 6}">next</a></p>'
        f"<ul><li>one</li><li>two</li></ul><table><tr><th>a</th><td>b</td></tr></table></section>"
        for n in range(6)
    )
    html = f'<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>{chapters}</body></html>'
    document = weasyprint.HTML(string=html).render()
    options = {"pdf_identifier": b"0" * 32, "pdf_variant": TAGGED}
    monkeypatch.setattr(pydyf.PDF, "page_references", shipped())
    as_shipped = document.write_pdf(**options)
    quick_page_references()
    assert getattr(pydyf.PDF.page_references.fget, "remade_per_page_count", False)
    assert document.write_pdf(**options) == as_shipped
