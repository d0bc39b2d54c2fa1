"""Render (spike, issue 24): the parts' PDFs joined in one pikepdf document.

The first join tried (pdf_stream_join.py is the one used): it copies every
part into one document, so it holds the whole handbook's objects at once
(about 0.28 MB a sheet). Kept to compare the two (tests/test_pdf_join.py).
"""

from __future__ import annotations

import io
import warnings
from typing import Any

import pikepdf

from generator.render.pdf_join import JOIN_SCHEME, UNNAMED_FIELD, Part, outline_tree
from generator.render.pdf_stamp import StampFont, stamp


def join(parts: list[Part]) -> bytes:
    """The parts' PDFs as one: pages, structure tree, named destinations, links, outline, forms, numbers."""
    total = sum(p.pages for p in parts)
    sources = [p.source() for p in parts]
    out = parts[0].source()  # the front's catalog: metadata (PDF/UA), language, viewer preferences
    root = out.Root
    document = root.StructTreeRoot.K[0]
    nums: list[Any] = []
    annotation_nums: list[tuple[Any, Any]] = []  # (annotation, its parent tree value)
    names: dict[str, Any] = {}
    fields = list(root.AcroForm.Fields) if "/AcroForm" in root else []
    _collect(out, 0, nums, annotation_nums, names)
    for source in sources[1:]:
        first = len(out.pages)
        with warnings.catch_warnings():  # pikepdf's advice (add_pages_from) does not carry the structure tree; done below
            warnings.simplefilter("ignore")
            out.pages.extend(source.pages)
        copied_document = _copy(out, source, source.Root.StructTreeRoot.K[0])
        for kid in copied_document.K:
            kid.P = document
            document.K.append(kid)
        if "/AcroForm" in source.Root:
            for form_field in source.Root.AcroForm.Fields:
                fields.append(_copy(out, source, form_field))
            _merge_resources(out, source, root, source.Root.AcroForm)
        _collect(out, first, nums, annotation_nums, names, source)
    # The parent tree: pages first, then annotations, as WeasyPrint numbers them.
    tree: list[Any] = []
    for index, (key, value) in enumerate(nums):
        out.pages[key].obj.StructParents = index
        tree += [index, value]
    for index, (annotation, value) in enumerate(annotation_nums, start=len(nums)):
        annotation.StructParent = index
        tree += [index, value]
    root.StructTreeRoot.ParentTree = out.make_indirect(pikepdf.Dictionary(Nums=tree))
    root.StructTreeRoot.ParentTreeNextKey = len(nums) + len(annotation_nums)
    root.Names = pikepdf.Dictionary(
        Dests=pikepdf.Dictionary(Names=[x for name in sorted(names) for x in (pikepdf.String(name), names[name])])
    )
    if fields:
        root.AcroForm.Fields = fields
        _unnamed_fields(fields)
    _links(out)
    _outline(out, parts)
    _numbers(out, parts, total)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True)
    return buffer.getvalue()


def _collect(
    out: pikepdf.Pdf, first: int, nums: list[Any], annotation_nums: list[Any], names: dict[str, Any], source: pikepdf.Pdf | None = None
) -> None:
    """A part's parent tree entries and named destinations, read from its pages now in `out` from `first` on."""
    tree = (source or out).Root.StructTreeRoot.ParentTree.Nums
    count = len((source or out).pages)
    entries = {int(tree[i]): tree[i + 1] for i in range(0, len(tree), 2)}
    for index in range(count):
        page = out.pages[first + index]
        key = int(page.obj.get("/StructParents", index)) if source is None else index
        value = entries.get(key)
        nums.append((first + index, value if source is None else _copy(out, source, value)))
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                value = entries[int(annotation.StructParent)]
                annotation_nums.append((annotation, value if source is None else _copy(out, source, value)))
    if "/Names" in (source or out).Root and "/Dests" in (source or out).Root.Names:
        flat = (source or out).Root.Names.Dests.Names
        for i in range(0, len(flat), 2):
            names.setdefault(str(flat[i]), flat[i + 1] if source is None else _copy(out, source, flat[i + 1]))


def _copy(out: pikepdf.Pdf, source: pikepdf.Pdf, value: Any) -> Any:
    """`value`, of another PDF, copied into `out` (with what it refers to, each object once per source)."""
    if not isinstance(value, pikepdf.Object):
        return value
    if not value.is_indirect:
        if value._type_code not in (pikepdf.ObjectType.dictionary, pikepdf.ObjectType.array, pikepdf.ObjectType.stream):
            return value
        value = source.make_indirect(value)
    return out.copy_foreign(value)


def _merge_resources(out: pikepdf.Pdf, source: pikepdf.Pdf, root: Any, acroform: Any) -> None:
    if "/AcroForm" not in root:
        root.AcroForm = out.make_indirect(pikepdf.Dictionary(Fields=[]))
        for key, value in acroform.items():
            if key not in ("/Fields", "/DR"):
                root.AcroForm[key] = _copy(out, source, value) if isinstance(value, pikepdf.Object) and value.is_indirect else value
    if "/DR" not in acroform:
        return
    if "/DR" not in root.AcroForm:
        root.AcroForm.DR = pikepdf.Dictionary()
    for kind, entries in acroform.DR.items():
        if kind not in root.AcroForm.DR:
            root.AcroForm.DR[kind] = pikepdf.Dictionary()
        for name, value in entries.items():
            if name not in root.AcroForm.DR[kind]:
                root.AcroForm.DR[kind][name] = _copy(out, source, value)


def _unnamed_fields(fields: list[Any]) -> None:
    """WeasyPrint names a field without a name after its page's object number, which two parts may share."""
    for form_field in fields:
        unnamed = UNNAMED_FIELD.fullmatch(str(form_field.get("/T", "")))
        if unnamed and "/P" in form_field:
            number = form_field.P.objgen[0]
            form_field.T = pikepdf.String(f"unknown-{number}-{unnamed.group(1)}")


def _links(out: pikepdf.Pdf) -> None:
    """`mkjoin:` links become links to the named destination, as WeasyPrint writes links inside one document."""
    for page in out.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if action is not None and str(action.get("/URI", "")).startswith(JOIN_SCHEME):
                name = str(action.URI)[len(JOIN_SCHEME) :]
                del annotation["/A"]
                annotation.Dest = pikepdf.String(name)
                annotation.Contents = pikepdf.String(name)


def _outline(out: pikepdf.Pdf, parts: list[Part]) -> None:
    roots = outline_tree(parts)

    def add(items: list[Any], parent: Any) -> tuple[list[Any], int]:
        count = len(items)
        made: list[Any] = []
        for title, (page, x, y), children, state in items:
            item = out.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(title), Dest=[out.pages[page].obj, pikepdf.Name.XYZ, x, y, 0]))
            item.Parent = parent
            kids, kids_count = add(children, item)
            item.Count = -kids_count if state == "closed" else kids_count
            if state != "closed":
                count += kids_count
            if made:
                item.Prev = made[-1]
                made[-1].Next = item
            if kids:
                item.First, item.Last = kids[0], kids[-1]
            made.append(item)
        return made, count

    outlines = out.make_indirect(pikepdf.Dictionary())
    made, count = add(roots, outlines)
    if made:
        outlines.Count, outlines.First, outlines.Last = count, made[0], made[-1]
        out.Root.Outlines = outlines
    elif "/Outlines" in out.Root:
        del out.Root["/Outlines"]


def _numbers(out: pikepdf.Pdf, parts: list[Part], total: int) -> None:
    boxes = [box for part in parts for box in part.numbers]
    fonts = {key: value for part in parts for key, value in part.fonts.items()}
    texts = [(box, box.text(n, total)) for n, box in enumerate(boxes, start=1) if box is not None]
    made: dict[str, tuple[StampFont, Any]] = {}
    for key, (data, index) in fonts.items():
        characters = "".join(text for box, text in texts if box.font_key == key)
        font = StampFont(data, index, characters)
        made[key] = (font, font.embed(out))
    for number, box in enumerate(boxes, start=1):
        if box is not None:
            font, font_object = made[box.font_key]
            stamp(out, out.pages[number - 1], font, font_object, box, box.text(number, total))
