"""What a reader and a screen reader get from two PDFs of the same handbook, compared
(the handbook made as one document against it made in parts and joined: render/pdf_join.py)."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pikepdf

PAGE_NUMBER = re.compile(r"Page (\d+) of (\d+)")


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, as poppler's pdftotext reads it."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def words(text: str) -> list[str]:
    return text.split()


def outline(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every outline item, in order."""
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    items: list[tuple[int, str, int]] = []

    def walk(nodes: Any, depth: int) -> None:
        for node in nodes:
            destination = node.destination
            page = pages.get(destination[0].objgen, -1) if isinstance(destination, pikepdf.Array) else -1
            items.append((depth, node.title, page))
            walk(node.children, depth + 1)

    with pdf.open_outline() as tree:
        walk(tree.root, 0)
    return items


def named_destinations(pdf: pikepdf.Pdf) -> dict[str, int]:
    pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    return {name: pages[dest[0].objgen] for name, dest in tree.items()}


def links(pdf: pikepdf.Pdf) -> list[tuple[int, str, int]]:
    """(page index, target, page index it leads to) of every internal link; -1 where it leads nowhere."""
    destinations = named_destinations(pdf)
    found = []
    for number, page in enumerate(pdf.pages):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            if "/Dest" in annotation:
                name = str(annotation.Dest)
                found.append((number, name, destinations.get(name, -1)))
    return found


def structure(pdf: pikepdf.Pdf) -> tuple[Counter[str], list[str]]:
    """Counts of the structure elements' roles, and the roles in reading order (first 2,000)."""
    roles: Counter[str] = Counter()
    order: list[str] = []
    stack = [pdf.Root.StructTreeRoot.K[0]]
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or element.get("/Type") != "/StructElem":
            continue
        role = str(element.S)
        roles[role] += 1
        if len(order) < 2000:
            order.append(role)
        kids = element.get("/K", [])
        if not isinstance(kids, pikepdf.Array):
            kids = [kids]
        stack.extend(reversed(list(kids)))
    return roles, order


def parent_tree_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Pages and annotations whose key is missing from the ParentTree, or keys used twice."""
    tree = pdf.Root.StructTreeRoot.ParentTree.Nums
    keys = [int(tree[i]) for i in range(0, len(tree), 2)]
    problems = []
    if len(set(keys)) != len(keys):
        problems.append("a ParentTree key is used twice")
    known = set(keys)
    for number, page in enumerate(pdf.pages):
        if int(page.obj.get("/StructParents", -1)) not in known:
            problems.append(f"page {number + 1}: its /StructParents is not in the ParentTree")
        for annotation in page.obj.get("/Annots", []):
            if int(annotation.get("/StructParent", -1)) not in known:
                problems.append(f"page {number + 1}: an annotation's /StructParent is not in the ParentTree")
    next_key = pdf.Root.StructTreeRoot.get("/ParentTreeNextKey")
    if next_key is not None and int(next_key) <= max(keys, default=-1):
        problems.append("ParentTreeNextKey is not past every key")
    return problems


def marked_content_problems(pdf: pikepdf.Pdf, every: int = 1) -> list[str]:
    """Marked content (MCIDs) of every `every`-th page whose ParentTree entry is not a structure
    element of that page: what a screen reader follows from the text to the tree."""
    tree = pdf.Root.StructTreeRoot.ParentTree.Nums
    entries = {int(tree[i]): tree[i + 1] for i in range(0, len(tree), 2)}
    problems = []
    for number in range(0, len(pdf.pages), every):
        page = pdf.pages[number]
        elements = entries.get(int(page.obj.get("/StructParents", -1)))
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) != "BDC" or not isinstance(operands[1], pikepdf.Dictionary) or "/MCID" not in operands[1]:
                continue
            mcid = int(operands[1].MCID)
            element = elements[mcid] if elements is not None and mcid < len(elements) else None
            if element is None or element.get("/Pg") is None or element.Pg.objgen != page.obj.objgen:
                problems.append(f"page {number + 1}: marked content {mcid} is not tied to an element of the page")
    return problems


def field_names(pdf: pikepdf.Pdf) -> list[str]:
    """The form fields' names, those WeasyPrint makes up from a page's object number without it."""
    names = [str(f.T) for f in pdf.Root.AcroForm.Fields] if "/AcroForm" in pdf.Root else []
    return sorted(re.sub(r"^unknown-\d+-", "unknown-", name) for name in names)


def unnamed_field_clashes(pdf: pikepdf.Pdf) -> int:
    names = [str(f.T) for f in pdf.Root.AcroForm.Fields if str(f.T).startswith("unknown-")] if "/AcroForm" in pdf.Root else []
    return len(names) - len(set(names))


def differences(whole: Path, joined: Path) -> list[str]:
    """What differs between the two PDFs for a reader, an outline, a link or a screen reader."""
    found: list[str] = []
    texts, joined_texts = page_texts(whole), page_texts(joined)
    if len(texts) != len(joined_texts):
        found.append(f"{len(texts)} pages against {len(joined_texts)}")
    for number, (one, other) in enumerate(zip(texts, joined_texts, strict=False), start=1):
        if words(one) != words(other):
            a, b = words(one), words(other)
            at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
            found.append(f"page {number}: text differs at word {at}: {a[max(0, at - 3) : at + 4]} against {b[max(0, at - 3) : at + 4]}")
        numbers = PAGE_NUMBER.findall(other)
        if number > 1 and numbers and numbers[-1] != (str(number), str(len(texts))):
            found.append(f"page {number}: says page {numbers[-1]}")
    with pikepdf.open(whole) as a, pikepdf.open(joined) as b:
        if outline(a) != outline(b):
            found.append(f"outlines differ: {len(outline(a))} items against {len(outline(b))}")
        if links(a) != links(b):
            wrong = [(x, y) for x, y in zip(links(a), links(b), strict=False) if x != y][:3]
            found.append(f"links differ: {len(links(a))} against {len(links(b))}, first {wrong}")
        if any(target < 0 for _, _, target in links(b)):
            found.append("a link of the joined PDF leads nowhere")
        if named_destinations(a) != named_destinations(b):
            found.append("named destinations differ")
        roles, order = structure(a)
        joined_roles, joined_order = structure(b)
        if roles != joined_roles:
            found.append(f"structure roles differ: {(roles - joined_roles) + (joined_roles - roles)}")
        if order != joined_order:
            found.append("structure elements in another order")
        found += parent_tree_problems(b)
        found += marked_content_problems(b, every=max(1, len(b.pages) // 40))[:5]
        if field_names(a) != field_names(b):
            found.append(f"form fields differ: {len(field_names(a))} against {len(field_names(b))}")
        if unnamed_field_clashes(b) > unnamed_field_clashes(a):
            found.append("two unnamed form fields share a name")
        for key in ("/Lang", "/MarkInfo", "/ViewerPreferences"):
            if repr(a.Root.get(key)) != repr(b.Root.get(key)):
                found.append(f"catalog {key} differs")
        if 'pdfuaid:part="1"' not in str(b.open_metadata()):
            found.append("no PDF/UA identification in the XMP metadata")
    return found
