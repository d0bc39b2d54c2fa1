"""Programme pages on screen and on paper."""

from __future__ import annotations

import io
import itertools

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

SIZES = {"A4": (595, 842), "Letter": (612, 792)}


@pytest.mark.parametrize("programme", ["one-to-one", "cohort"])
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_at_a_glance_prints_on_one_page(page: Page, base_url: str, programme: str, paper: str) -> None:
    page.goto(f"{base_url}en/programmes/{programme}-at-a-glance.html")
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    width, height = SIZES[paper]
    assert abs(float(box.width) - width) <= 1 and abs(float(box.height) - height) <= 1
    text = pdf.pages[0].extract_text()
    assert "at a glance" in text and "Milestones" in text and "Meetings" in text


def test_timeline_phases_fill_the_track_in_order(page: Page, base_url: str) -> None:
    page.goto(base_url + "en/programmes/one-to-one.html")
    boxes = page.locator(".timeline-phase").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })"
    )
    track = page.locator(".timeline-phases").bounding_box()
    assert track is not None
    assert abs(boxes[0][0] - track["x"]) < 1 and abs(boxes[-1][1] - (track["x"] + track["width"])) < 1
    assert all(abs(a[1] - b[0]) < 1 for a, b in itertools.pairwise(boxes)), "phases follow each other with no gap"
