"""Render: the page-number box ("Page N of M") taken out of a part's laid-out page, for pdf_stamp.py to draw again.

Only what the join can draw exactly is taken: text and decimal page counters,
laid out by Pango glyph by glyph from one font, left to right. Anything else
(another counter style, Arabic words, a ligature, two fonts) raises CannotCut,
and the handbook is made as one document.
"""

from __future__ import annotations

import hashlib
from typing import Any

from generator.render.pdf_parts import CannotCut


def number_box(page_box: Any, nominal: dict[str, dict[int, int]]) -> tuple[Any, tuple[str, bytes, int]] | None:
    """Take out the margin box that shows counter(page) or counter(pages); where it stood, and its font.
    Raises CannotCut if pdf_stamp.py could not draw it again as laid out: each character its font's own
    glyph (`nominal`: each font's, by key), one after another."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.ffi import harfbuzz
    from weasyprint.text.fonts import get_hb_object_data, get_pango_font_hb_face

    from generator.render.pdf_stamp import NumberBox

    for index, box in enumerate(page_box.children):
        if not isinstance(box, boxes.MarginBox):
            continue
        content = box.style["content"]
        if not isinstance(content, tuple) or not any(k == "counter()" and v[0] in ("page", "pages") for k, v in content):
            continue
        template: list[tuple[str, str]] = []
        for kind, value in content:
            if kind == "string":
                template.append(("text", value))
            elif kind == "counter()" and value[0] in ("page", "pages") and value[1] == "decimal":
                template.append((value[0], ""))
            else:
                raise CannotCut(f"a page-number box shows {kind} {value}")
        texts = list(_text_boxes(box))
        page_box.children = [*page_box.children[:index], *page_box.children[index + 1 :]]
        if not texts:
            return None
        if len(texts) > 1:
            raise CannotCut("the page number is more than one piece of text (two lines, or two directions)")
        text = texts[0]
        align = box.style["text_align_all"]
        align = {"end": "right", "start": "left", "justify": "left"}.get(align, align)
        edge = {
            "left": box.content_box_x(),
            "right": box.content_box_x() + box.width,
            "center": box.content_box_x() + box.width / 2,
        }[align]
        text.pango_layout.reactivate(text.style)
        run = text.pango_layout.get_first_line()[0].runs[0].data
        face = get_pango_font_hb_face(run.item.analysis.font)
        data = get_hb_object_data(face)
        key = hashlib.sha256(data).hexdigest()[:16]
        if key not in nominal:
            nominal[key] = _nominal_glyphs(data, harfbuzz.hb_face_get_index(face))
        if _glyphs(text) != [nominal[key].get(ord(character)) for character in text.text]:
            raise CannotCut("the page number is not drawn glyph by glyph from one font (shaped, ligated, right to left, or in two fonts)")
        colour = text.style["color"]
        number = NumberBox(tuple(template), align, edge, text.position_y + text.baseline, text.style["font_size"], tuple(colour[:3]), key)
        return number, (key, data, harfbuzz.hb_face_get_index(face))
    return None


def _glyphs(text: Any) -> list[int]:
    """The glyphs Pango laid `text` (a TextBox) out with, in the order drawn; none if its line has two runs
    (two fonts, or two directions)."""
    from weasyprint.text.ffi import ffi

    runs = text.pango_layout.get_first_line()[0].runs
    if runs == ffi.NULL or runs.next != ffi.NULL:
        return []
    glyphs = runs.data.glyphs
    return [glyphs.glyphs[i].glyph for i in range(glyphs.num_glyphs)]


def _nominal_glyphs(data: bytes, index: int) -> dict[int, int]:
    """A font's glyph for each character it maps (as pdf_stamp.StampFont draws them)."""
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), fontNumber=index, lazy=True)
    return {code: font.getGlyphID(name) for code, name in font.getBestCmap().items()}


def _text_boxes(box: Any) -> Any:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child)
