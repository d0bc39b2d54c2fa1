"""The handbook PDF as a new user sees it: the organisation's colours and
logo on the cover, checked from the cover's pixels; a task list's tick boxes
on the line of their text, checked from the PDF's text positions."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build import BuildOptions, build

BRAND = (0x0B, 0x5D, 0x4B)
THEME_BLUE = (0x1F, 0x5F, 0x8B)
LOGO_GOLD = (0xF4, 0xC4, 0x30)
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    '<rect width="120" height="40" fill="#f4c430"/></svg>'
)
TASKS = (
    "Introduce yourselves properly",
    "Agree how often you will meet, for how long, and in what format, and who books the room each time",
    "Book the next meeting before you leave",
)


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("brand")
    (project / "content" / "img").mkdir(parents=True)
    (project / "mentorkit.yaml").write_text('title: Acme Mentoring\nbranding:\n  logo: img/logo.svg\n  primary: "#0b5d4b"\n')
    (project / "content" / "img" / "logo.svg").write_text(LOGO)
    tasks = "".join(f"- [ ] {task}\n" for task in TASKS)
    (project / "content" / "index.md").write_text(f"# Home\n\nIn the first meeting:\n\n{tasks}\nAfterwards, write it down.\n")
    build(project, BuildOptions(cache="off", pdf=True))
    return project / "site" / "handbook.pdf"


def pixels(pdf: Path, page: int, folder: Path) -> Counter[tuple[int, int, int]]:
    """How many pixels of each colour the page has, drawn at 20 dots per inch."""
    assert shutil.which("pdftoppm"), "poppler-utils is needed: apt-get install poppler-utils"
    subprocess.run(["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page), str(pdf), str(folder / "page")], check=True)
    image = next(folder.glob("page*.ppm")).read_bytes()
    magic, _, _, data = image.split(b"\n", 3)  # "P6\nW H\n255\n", then the pixels
    assert magic == b"P6"
    return Counter((data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3))


def near(colour: tuple[int, int, int], other: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 6 for a, b in zip(colour, other, strict=True))


@pytest.mark.pdf
def test_the_cover_has_the_brand_colour_and_logo(handbook: Path, tmp_path: Path) -> None:
    counts = pixels(handbook, 1, tmp_path)
    total = sum(counts.values())
    brand = sum(n for colour, n in counts.items() if near(colour, BRAND))
    assert brand > total * 0.8, "the cover's background is the brand colour"
    assert not any(near(colour, THEME_BLUE) for colour in counts), "and none of the theme's blue"
    assert sum(n for colour, n in counts.items() if near(colour, LOGO_GOLD)) > 20, "the logo is on the cover"


def tick_boxes(reader: PdfReader, page: int) -> list[tuple[float, float, float, float]]:
    """The (left, bottom, right, top) of each tick box on the page."""
    boxes = []
    for annotation in reader.pages[page].get("/Annots") or []:
        annotation = annotation.get_object()
        if annotation.get("/FT") == "/Btn":
            left, right = sorted(map(float, annotation["/Rect"][::2]))
            bottom, top = sorted(map(float, annotation["/Rect"][1::2]))
            boxes.append((left, bottom, right, top))
    return sorted(boxes, key=lambda box: -box[3])


def text_starts(reader: PdfReader, page: int) -> list[tuple[str, float, float]]:
    """Each piece of text on the page with the x and y (baseline) it starts at."""
    found: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: object) -> None:
        if text.strip():
            # The text matrix's origin in page space: tm's translation through cm.
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text, x, y))

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def assert_boxes_beside_their_text(reader: PdfReader, page: int, tasks: tuple[str, ...]) -> None:
    boxes = tick_boxes(reader, page)
    starts = text_starts(reader, page)
    assert len(boxes) >= len(tasks)
    for task in tasks:
        first_words = " ".join(task.split()[:2])
        x, y = next((x, y) for text, x, y in starts if text.strip().startswith(first_words))
        box = next((b for b in boxes if b[1] - 4 <= y <= b[3] + 4), None)  # a box at the height of the text's baseline
        assert box is not None, f"no tick box on the line of '{task}'"
        assert box[2] <= x <= box[2] + 20, f"the tick box of '{task}' stands just before it"


@pytest.mark.pdf
def test_a_task_lists_boxes_share_a_line_with_their_text(handbook: Path) -> None:
    assert_boxes_beside_their_text(PdfReader(handbook), 2, TASKS)
