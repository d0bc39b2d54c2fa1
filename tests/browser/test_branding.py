"""An organisation's colours, as a browser shows them on screen and prints them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

from generator.build import BuildOptions, build

PRIMARY = (0x5B, 0x21, 0x82)  # a purple dark enough for white text
ACCENT = (0x9A, 0x3C, 0x00)


@pytest.fixture
def branded(make_project) -> Path:  # type: ignore[no-untyped-def]
    project = make_project(
        {
            "mentorkit.yaml": 'title: Purple Trust\nbranding:\n  primary: "#5b2182"\n  accent: "#9a3c00"\n',
            "content/index.md": "# Home\n\nRead [the form](form.md).\n",
            "content/form.md": "---\ntitle: Check-in\ntype: form\nfields:\n  - label: How are you?\n---\nFill it in.\n",
        }
    )
    build(project, BuildOptions(cache="off"))
    return project / "site"


def rgb(colour: tuple[int, int, int]) -> str:
    return f"rgb({colour[0]}, {colour[1]}, {colour[2]})"


def test_brand_colours_on_screen_and_on_paper(page: Page, branded: Path, tmp_path: Path) -> None:
    page.goto((branded / "form.html").as_uri())
    style = "([selector, property]) => getComputedStyle(document.querySelector(selector))[property]"
    assert page.evaluate(style, [".site-header", "backgroundColor"]) == rgb(PRIMARY)
    assert page.evaluate(style, ['.form-toolbar [data-action="print"]', "backgroundColor"]) == rgb(ACCENT)
    page.goto((branded / "index.html").as_uri())
    page.emulate_media(media="print")
    assert page.evaluate(style, [".site-header", "borderBottomColor"]) == rgb(PRIMARY), "the printed header rule"
    pdf = tmp_path / "home.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert shutil.which("pdftoppm"), "poppler-utils is needed: apt-get install poppler-utils"
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.ppm")).read_bytes()
    magic, _, _, pixels = image.split(b"\n", 3)  # pdftoppm writes "P6\nW H\n255\n" and the pixels
    assert magic == b"P6"
    colours = {tuple(pixels[i : i + 3]) for i in range(0, len(pixels), 3)}
    assert any(all(abs(a - b) < 24 for a, b in zip(c, PRIMARY, strict=True)) for c in colours), "the brand colour is on paper"
