"""Render: the handbook's parts (pdf_parts.py) joined into one PDF, one part at a time.

Each part's PDF is opened alone, changed where the join must change it (its
pages' parent-tree keys, its links to other parts, its page numbers), and
its objects written out at once under new numbers; what spans the parts
(the page tree, the structure tree's root and Document element, the parent
tree, the outline, the named destinations, the form's fields, the catalog)
is written at the end from small lists. Memory: one part, and those lists
(holding every part in one pikepdf document took 0.28 MB a sheet).

The structure tree: WeasyPrint makes one Document element whose kids are
each page's elements, and a ParentTree keyed by page and then by
annotation; the join makes one Document of the parts' kids in order and
one ParentTree renumbered. The catalog's language, marking, viewer
preferences and XMP metadata (PDF/UA-1) come from the first part (the
front). A form field WeasyPrint names after its page's object number, which
two parts may share, is named again after its page in the joined file; the
form's resources take the font its fields are typed in from a part with such
fields, where it is whole (elsewhere a subset).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, BinaryIO
from urllib.parse import unquote

import pikepdf

from generator.render.pdf_parts import JOIN_SCHEME, Part
from generator.render.pdf_stamp import PX, StampFont, stamp

_CONTAINERS = (pikepdf.Name.ObjStm, pikepdf.Name.XRef)
"""A part's object and cross-reference streams: their objects are written one by one."""
_TOKEN = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>|(\d+) (\d+) R")


class Writer:
    """A PDF file written object by object: objects without a stream go into compressed object
    streams of `BATCH` objects, and the cross-reference stream comes at the end (as WeasyPrint writes)."""

    BATCH = 200

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.entries: dict[int, tuple[int, int, int]] = {}  # number -> (type, offset or object stream, index)
        self.batch: list[tuple[int, bytes]] = []
        self.next = 1
        self.position = 0
        self._put(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _put(self, data: bytes) -> None:
        self.out.write(data)
        self.position += len(data)

    def reserve(self, count: int = 1) -> int:
        first = self.next
        self.next += count
        return first

    def put(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        if stream is None:
            self.batch.append((number, body))
            if len(self.batch) >= self.BATCH:
                self._flush()
            return
        self.entries[number] = (1, self.position, 0)
        self._put(b"%d 0 obj\n" % number + body + b"\nstream\n" + stream + b"\nendstream\nendobj\n")

    def add(self, body: bytes, stream: bytes | None = None) -> int:
        number = self.reserve()
        self.put(number, body, stream)
        return number

    def _flush(self) -> None:
        if not self.batch:
            return
        container = self.reserve()
        header, bodies, offset = [], [], 0
        for index, (number, body) in enumerate(self.batch):
            self.entries[number] = (2, container, index)
            header.append(b"%d %d" % (number, offset))
            bodies.append(body)
            offset += len(body) + 1
        first = b" ".join(header) + b"\n"
        data = zlib.compress(first + b"\n".join(bodies) + b"\n")
        self.batch = []
        self.entries[container] = (1, self.position, 0)
        head = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (len(header), len(first), len(data))
        self._put(b"%d 0 obj\n" % container + head + b"\nstream\n" + data + b"\nendstream\nendobj\n")

    def finish(self, root: int, info: int | None, identifier: bytes) -> None:
        self._flush()
        xref = self.reserve()
        start = self.position
        self.entries[xref] = (1, start, 0)
        rows = [struct.pack(">BIH", 0, 0, 65535)]
        for number in range(1, self.next):
            kind, where, index = self.entries.get(number, (0, 0, 0))
            rows.append(struct.pack(">BIH", kind, where, index))
        data = zlib.compress(b"".join(rows))
        ident = identifier.hex().encode()
        info_entry = b" /Info %d 0 R" % info if info else b""
        head = b"<< /Type /XRef /Size %d /W [ 1 4 2 ] /Root %d 0 R%s /ID [ <%s> <%s> ] /Filter /FlateDecode /Length %d >>" % (
            self.next,
            root,
            info_entry,
            ident,
            ident,
            len(data),
        )
        self._put(b"%d 0 obj\n" % xref + head + b"\nstream\n" + data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % start)


def renumbered(data: bytes, remap: Callable[[int], int]) -> bytes:
    """`data` (PDF syntax) with every reference `n 0 R` made `remap(n) 0 R`; strings left alone."""

    def one(match: re.Match[bytes]) -> bytes:
        if match.group(1) is None:
            return match.group()
        return b"%d 0 R" % remap(int(match.group(1)))

    return _TOKEN.sub(one, data)


def body(obj: Any, remap: Callable[[int], int]) -> tuple[bytes, bytes | None]:
    """An indirect object's dictionary (or value) and its stream's raw bytes, renumbered."""
    if isinstance(obj, pikepdf.Stream):
        raw = obj.read_raw_bytes()
        head = pikepdf.Dictionary({str(key): value for key, value in obj.stream_dict.items()})
        head.Length = len(raw)
        return renumbered(head.unparse(resolved=True), remap), raw
    return renumbered(obj.unparse(resolved=True), remap), None


def direct(value: Any, remap: Callable[[int], int]) -> bytes:
    """A value as it would be written inside another object (a reference stays a reference)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return b"%d 0 R" % remap(value.objgen[0])
    if isinstance(value, pikepdf.Object):
        return renumbered(value.unparse(resolved=True), remap)
    return bytes(pikepdf.Array([value]).unparse())[2:-2]  # a bool, a number


def _string(text: str) -> bytes:
    return pikepdf.String(text).unparse()


def _outline_items(outlines: Any) -> set[int]:
    found: set[int] = set()
    stack = [outlines.get("/First")] if outlines is not None else []
    while stack:
        item = stack.pop()
        if item is None or item.objgen[0] in found:
            continue
        found.add(item.objgen[0])
        stack += [item.get("/Next"), item.get("/First")]
    return found


_FIELD_FONT = re.compile(rb"/(\S+)\s+[\d.]+\s+Tf")
"""The font a field's text is drawn in (its /DA): WeasyPrint embeds it whole in the part holding the field,
and as a subset of the characters shown in the other parts, where the form's resources may take it first."""
UNNAMED_FIELD = re.compile(r"unknown-\d+-(\d+)")
"""How WeasyPrint names a field without a name: after its page's object number and its own."""


def join(parts: list[Part], out: BinaryIO) -> None:
    """The parts' PDFs as one, written to `out` one part at a time."""
    writer = Writer(out)
    total = sum(part.pages for part in parts)
    pages_root, struct_root, document = writer.reserve(), writer.reserve(), writer.reserve()
    fonts, font_numbers = _write_fonts(writer, parts, total)
    kids: list[int] = []
    document_kids: list[int] = []
    nums: list[tuple[int, int]] = []
    annotation_key = total
    names: dict[str, bytes] = {}
    fields: list[int] = []
    resources: dict[str, dict[str, bytes]] = {}
    whole_fonts: set[str] = set()  # the form's fonts taken from a part whose fields use them
    catalog: dict[str, bytes] = {}
    acroform: dict[str, bytes] = {}
    info = None
    identifier = b"mentorkit"
    boxes = [box for part in parts for box in part.numbers]
    for index, part in enumerate(parts):
        source = part.source()
        root = source.Root
        first_page = len(kids)
        placeholders = {}
        for key in fonts:
            placeholders[key] = source.make_indirect(pikepdf.Dictionary())
        for number, page in enumerate(source.pages, start=first_page):
            box = boxes[number]
            if box is not None:
                stamp(source, page, fonts[box.font_key], placeholders[box.font_key], box, box.text(number + 1, total))
        base = writer.reserve(max(obj.objgen[0] for obj in source.objects) + 1)
        struct = root.StructTreeRoot
        special = {
            root.Pages.objgen[0]: pages_root,
            struct.objgen[0]: struct_root,
            struct.K[0].objgen[0]: document,
            **{placeholders[key].objgen[0]: font_numbers[key] for key in fonts},
        }

        def remap(number: int, base: int = base, special: dict[int, int] = special) -> int:
            return special.get(number, base + number)

        skip = set(special) | {root.objgen[0]} | _outline_items(root.get("/Outlines"))
        for key in ("/Outlines", "/Names", "/AcroForm", "/Metadata"):
            value = root.get(key)
            if value is not None and value.is_indirect and (key != "/Metadata" or index > 0):
                skip.add(value.objgen[0])
        if "/Names" in root and "/Dests" in root.Names and root.Names.Dests.is_indirect:
            skip.add(root.Names.Dests.objgen[0])
        parent_tree = struct.ParentTree
        if parent_tree.is_indirect:
            skip.add(parent_tree.objgen[0])
        if "/Info" in source.trailer:
            if index == 0:
                info = remap(source.trailer.Info.objgen[0])
                identifier = bytes(source.trailer.ID[0])
            else:
                skip.add(source.trailer.Info.objgen[0])
        entries = {int(parent_tree.Nums[i]): parent_tree.Nums[i + 1] for i in range(0, len(parent_tree.Nums), 2)}
        for number, page in enumerate(source.pages, start=first_page):
            kids.append(remap(page.obj.objgen[0]))
            value = entries.get(int(page.obj.get("/StructParents", -1)))
            if value is not None:
                nums.append((number, writer.add(direct(value, remap))))
            page.obj.StructParents = number
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    value = entries[int(annotation.StructParent)]
                    nums.append((annotation_key, writer.add(direct(value, remap)) if not value.is_indirect else remap(value.objgen[0])))
                    annotation.StructParent = annotation_key
                    annotation_key += 1
                action = annotation.get("/A")
                if action is not None and str(action.get("/URI", "")).startswith(JOIN_SCHEME):
                    name = unquote(str(action.URI)[len(JOIN_SCHEME) :])  # WeasyPrint %-encoded it, as it does not an internal link's
                    del annotation["/A"]
                    annotation.Dest = pikepdf.String(name)
                    annotation.Contents = pikepdf.String(name)
        document_kids += [remap(kid.objgen[0]) for kid in struct.K[0].K]
        if "/Names" in root and "/Dests" in root.Names:
            flat = root.Names.Dests.Names
            for i in range(0, len(flat), 2):
                names.setdefault(str(flat[i]), direct(flat[i + 1], remap))
        if "/AcroForm" in root:
            form = root.AcroForm
            for form_field in form.Fields:
                unnamed = UNNAMED_FIELD.fullmatch(str(form_field.get("/T", "")))
                if unnamed and "/P" in form_field:
                    form_field.T = pikepdf.String(f"unknown-{remap(form_field.P.objgen[0])}-{unnamed.group(1)}")
                fields.append(remap(form_field.objgen[0]))
            typed_in = {font for form_field in form.Fields for font in _FIELD_FONT.findall(bytes(form_field.get("/DA", b"")))}
            for key, value in form.items():
                if key == "/DR":
                    for kind, entries_of_kind in value.items():
                        for name, resource in entries_of_kind.items():
                            known = resources.setdefault(kind, {})
                            if kind == "/Font" and name[1:].encode() in typed_in and name not in whole_fonts:
                                known[name] = direct(resource, remap)  # whole in this part, as its fields use it
                                whole_fonts.add(name)
                            else:
                                known.setdefault(name, direct(resource, remap))
                elif key != "/Fields":
                    acroform.setdefault(key, direct(value, remap))
        if index == 0:
            for key in ("/Lang", "/MarkInfo", "/ViewerPreferences", "/Metadata"):
                if key in root:
                    catalog[key] = direct(root[key], remap)
        for obj in source.objects:
            number = obj.objgen[0]
            if number and number not in skip and not (isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Type") in _CONTAINERS):
                writer.put(remap(number), *body(obj, remap))
        source.close()
    writer.put(pages_root, b"<< /Type /Pages /Count %d /Kids [ %s ] >>" % (total, b" ".join(b"%d 0 R" % k for k in kids)))
    writer.put(
        document,
        b"<< /Type /StructElem /S /Document /P %d 0 R /K [ %s ] >>" % (struct_root, b" ".join(b"%d 0 R" % k for k in document_kids)),
    )
    tree = writer.add(b"<< /Nums [ %s ] >>" % b" ".join(b"%d %d 0 R" % pair for pair in nums))
    writer.put(
        struct_root,
        b"<< /Type /StructTreeRoot /K [ %d 0 R ] /ParentTree %d 0 R /ParentTreeNextKey %d >>" % (document, tree, annotation_key),
    )
    entries_out = [b"/Pages %d 0 R" % pages_root, b"/StructTreeRoot %d 0 R" % struct_root]
    entries_out += [pikepdf.Name(key).unparse() + b" " + value for key, value in catalog.items()]
    outlines = _write_outline(writer, outline_tree(parts), kids)
    if outlines:
        entries_out.append(b"/Outlines %d 0 R" % outlines)
    if names:
        dests = writer.add(b"<< /Names [ %s ] >>" % b" ".join(_string(name) + b" " + names[name] for name in sorted(names)))
        entries_out.append(b"/Names << /Dests %d 0 R >>" % dests)
    if fields:
        dr = b" ".join(
            pikepdf.Name(kind).unparse() + b" << " + b" ".join(pikepdf.Name(n).unparse() + b" " + v for n, v in named.items()) + b" >>"
            for kind, named in resources.items()
        )
        extra = b" ".join(pikepdf.Name(key).unparse() + b" " + value for key, value in acroform.items())
        form_number = writer.add(b"<< /Fields [ %s ] /DR << %s >> %s >>" % (b" ".join(b"%d 0 R" % f for f in fields), dr, extra))
        entries_out.append(b"/AcroForm %d 0 R" % form_number)
    catalog_number = writer.add(b"<< /Type /Catalog " + b" ".join(entries_out) + b" >>")
    writer.finish(catalog_number, info, identifier)


def _write_fonts(writer: Writer, parts: list[Part], total: int) -> tuple[dict[str, StampFont], dict[str, int]]:
    """The page numbers' fonts, written first: each part's pages refer to them."""
    boxes = [box for part in parts for box in part.numbers]
    files = {key: value for part in parts for key, value in part.fonts.items()}
    scratch = pikepdf.new()
    fonts: dict[str, StampFont] = {}
    objects: dict[str, Any] = {}
    for key, (data, index) in files.items():
        characters = "".join(box.text(n, total) for n, box in enumerate(boxes, start=1) if box is not None and box.font_key == key)
        fonts[key] = StampFont(data, index, characters)
        objects[key] = fonts[key].embed(scratch)
    skip = {scratch.Root.objgen[0], scratch.Root.Pages.objgen[0]}
    numbers = {obj.objgen[0]: writer.reserve() for obj in scratch.objects if obj.objgen[0] and obj.objgen[0] not in skip}
    for obj in scratch.objects:
        if obj.objgen[0] in numbers:
            writer.put(numbers[obj.objgen[0]], *body(obj, numbers.__getitem__))
    return fonts, {key: numbers[obj.objgen[0]] for key, obj in objects.items()}


def _write_outline(writer: Writer, roots: list[Any], kids: list[int]) -> int | None:
    """The outline (outline_tree's items), as WeasyPrint writes it."""
    if not roots:
        return None
    top = writer.reserve()

    def add(items: list[Any], parent: int) -> tuple[list[int], int]:
        numbers = [writer.reserve() for _ in items]
        count = len(items)
        for position, (title, (page, x, y), children, state) in enumerate(items):
            child_numbers, child_count = add(children, numbers[position])
            parts = [b"/Title " + _string(title), b"/Parent %d 0 R" % parent]
            parts.append(b"/Dest [ %d 0 R /XYZ %s %s 0 ]" % (kids[page], _real(x), _real(y)))
            parts.append(b"/Count %d" % (-child_count if state == "closed" else child_count))
            if state != "closed":
                count += child_count
            if position:
                parts.append(b"/Prev %d 0 R" % numbers[position - 1])
            if position + 1 < len(items):
                parts.append(b"/Next %d 0 R" % numbers[position + 1])
            if child_numbers:
                parts.append(b"/First %d 0 R /Last %d 0 R" % (child_numbers[0], child_numbers[-1]))
            writer.put(numbers[position], b"<< " + b" ".join(parts) + b" >>")
        return numbers, count

    numbers, count = add(roots, top)
    writer.put(top, b"<< /Count %d /First %d 0 R /Last %d 0 R >>" % (count, numbers[0], numbers[-1]))
    return top


def _real(value: float) -> bytes:
    return (f"{value:.6f}".rstrip("0").rstrip(".") or "0").encode()


def outline_tree(parts: list[Part]) -> list[Any]:
    """The outline of the whole handbook from every page's bookmarks (WeasyPrint's own tree building:
    a part's own outline would put the forms at the top level when the appendix's title is in an earlier
    part): items (title, (page index, x, y), children, state)."""
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    roots: list[Any] = []
    skipped: list[int] = []
    last_by_depth: list[list[Any]] = [roots]
    previous = 0
    number = 0
    for part in parts:
        for bookmarks, height in zip(part.bookmarks, part.heights, strict=True):
            matrix = Matrix(a=PX, d=-PX, f=height * PX)
            previous = make_page_bookmark_tree(SimpleNamespace(bookmarks=bookmarks), skipped, last_by_depth, previous, number, matrix)
            number += 1
    return roots
