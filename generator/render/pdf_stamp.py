"""Render: "Page N of M" drawn onto the pages of a joined PDF.

A part of the handbook laid out on its own cannot know its first page's
number nor the handbook's page count, so pdf_parts.py takes the margin box
that shows them out of each part's pages (keeping where it stood, its font
and colour) and this module draws the text again once the numbers are known:
as an artifact (PDF/UA: not read out), in the same font, embedded as a
subset. The font's kerning is not applied (Pango applies it in WeasyPrint's
own margin box): the text can stand a fraction of a point apart from it.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import pikepdf
from fontTools import subset
from fontTools.ttLib import TTFont

FONT_NAME = pikepdf.Name("/MKPageNumbers")
PX = 0.75
"""PDF points in a CSS pixel (WeasyPrint's page matrix)."""


@dataclass(frozen=True, slots=True)
class NumberBox:
    """Where a page's "Page N of M" stood, as the part's layout placed it (CSS pixels from the top left)."""

    template: tuple[tuple[str, str], ...]  # ("text", "Page "), ("page", ""), ("pages", "")
    align: str  # "left", "right" or "center"
    edge: float  # the x the text starts at, ends at or is centred on
    baseline: float
    font_size: float
    colour: tuple[float, float, float]
    font_key: str  # which of the parts' fonts (pdf_parts keeps each font's file once)

    def text(self, page: int, pages: int) -> str:
        values = {"page": str(page), "pages": str(pages)}
        return "".join(value if kind == "text" else values[kind] for kind, value in self.template)


class StampFont:
    """A font file subset to the characters the page numbers use, embedded as a Type0 font."""

    def __init__(self, data: bytes, index: int, characters: Iterable[str]) -> None:
        font = TTFont(io.BytesIO(data), fontNumber=index)
        self.cmap = font.getBestCmap()
        self.upem = font["head"].unitsPerEm
        self.advance = {name: metric[0] for name, metric in font["hmtx"].metrics.items()}
        self.order = font.getGlyphOrder()
        wanted = sorted({ord(c) for c in characters if ord(c) in self.cmap})
        options = subset.Options()
        options.retain_gids = True
        options.notdef_outline = True
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "DSIG"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=wanted)
        quiet = logging.getLogger("fontTools.subset")
        level = quiet.level
        quiet.setLevel(logging.ERROR)  # it says on the terminal which tables it drops (FFTM: a font editor's timestamp)
        try:
            subsetter.subset(font)
        finally:
            quiet.setLevel(level)
        output = io.BytesIO()
        font.save(output)
        self.file = output.getvalue()
        self.used = {code: self.order.index(self.cmap[code]) for code in wanted}
        head, hhea, os2 = font["head"], font["hhea"], font.get("OS/2")
        self.bbox = [round(v * 1000 / self.upem) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
        self.ascent = round(hhea.ascent * 1000 / self.upem)
        self.descent = round(hhea.descent * 1000 / self.upem)
        self.cap_height = round(getattr(os2, "sCapHeight", hhea.ascent) * 1000 / self.upem)
        self.name = font["name"].getDebugName(6) or "MentorkitNumbers"

    def glyphs(self, text: str) -> tuple[bytes, float]:
        """The text as two-byte glyph ids, and its width in text space units (1 = the font size)."""
        ids = [self.used.get(ord(c), 0) for c in text]
        width = sum(self.advance[self.order[g]] for g in ids) / self.upem
        return b"".join(g.to_bytes(2, "big") for g in ids), width

    def embed(self, pdf: pikepdf.Pdf) -> pikepdf.Object:
        """The Type0 font dictionary, with the subset, its widths and a ToUnicode map (for text extraction)."""
        widths: list[object] = []
        for gid in sorted(self.used.values()):
            widths += [gid, [round(self.advance[self.order[gid]] * 1000 / self.upem)]]
        descriptor = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.FontDescriptor,
                FontName=pikepdf.Name("/MKPAGE+" + self.name.replace(" ", "")),
                Flags=32,
                FontBBox=self.bbox,
                ItalicAngle=0,
                Ascent=self.ascent,
                Descent=self.descent,
                CapHeight=self.cap_height,
                StemV=80,
                FontFile2=pdf.make_stream(self.file),
            )
        )
        cid_font = pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.CIDFontType2,
                BaseFont=descriptor.FontName,
                CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
                FontDescriptor=descriptor,
                W=widths,
                CIDToGIDMap=pikepdf.Name.Identity,
            )
        )
        ranges = "\n".join(f"<{gid:04x}> <{code:04x}>" for code, gid in sorted(self.used.items()))
        to_unicode = (
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <ffff> endcodespacerange\n"
            f"{len(self.used)} beginbfchar\n{ranges}\nendbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end\n"
        )
        return pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type0,
                BaseFont=descriptor.FontName,
                Encoding=pikepdf.Name("/Identity-H"),
                DescendantFonts=[cid_font],
                ToUnicode=pdf.make_stream(to_unicode.encode()),
            )
        )


def stamp(pdf: pikepdf.Pdf, page: pikepdf.Page, font: StampFont, font_object: pikepdf.Object, box: NumberBox, text: str) -> None:
    """Draw `text` where `box` says, as a pagination artifact, after the page's own content."""
    glyphs, width = font.glyphs(text)
    size = box.font_size * PX
    edge = box.edge * PX
    x = {"left": edge, "right": edge - width * size, "center": edge - width * size / 2}[box.align]
    height = float(page.mediabox[3])
    y = height - box.baseline * PX
    r, g, b = box.colour
    content = (
        f"q /Artifact <</Type /Pagination /Subtype /Footer>> BDC BT {r:.6f} {g:.6f} {b:.6f} rg "
        f"{FONT_NAME} {size:.4f} Tf 1 0 0 1 {x:.4f} {y:.4f} Tm <{glyphs.hex()}> Tj ET EMC Q\n"
    ).encode()
    resources = page.obj.Resources
    if pikepdf.Name.Font not in resources:
        resources.Font = pikepdf.Dictionary()
    resources.Font[FONT_NAME] = font_object
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"Q\n" + content), prepend=False)
