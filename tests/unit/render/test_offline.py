"""The web app manifest (`offline: true`)."""

from __future__ import annotations

import json

import pytest

from generator.load.branding import Branding
from generator.load.config import Config
from generator.render.offline import short_name, web_manifest


def manifest(logo: str = "", primary: str = "") -> dict[str, object]:
    config = Config(title="Riverside Mentoring", branding=Branding(logo=logo, primary=primary))
    return dict(json.loads(web_manifest(config, "index.html", "app-icon.svg")))


@pytest.mark.parametrize(
    ("logo", "first"),
    [
        ("img/logo.svg", {"src": "img/logo.svg", "type": "image/svg+xml", "purpose": "any", "sizes": "any"}),
        ("brand/Logo Café.PNG", {"src": "brand/Logo Café.PNG", "type": "image/png", "purpose": "any"}),
        ("logo.jpeg", {"src": "logo.jpeg", "type": "image/jpeg", "purpose": "any"}),
    ],
)
def test_the_branding_logo_is_the_app_s_first_icon_the_initials_after_it(logo: str, first: dict[str, str]) -> None:
    icons = manifest(logo=logo, primary="#7a1f3d")["icons"]
    assert icons == [first, {"src": "app-icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}]


def test_without_a_logo_the_initials_are_the_icon_and_the_primary_colour_the_theme_s() -> None:
    made = manifest(primary="#7a1f3d")
    assert made["icons"] == [{"src": "app-icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}]
    assert made["theme_color"] == "#7a1f3d" and made["name"] == "Riverside Mentoring"


@pytest.mark.parametrize(
    ("title", "short"),
    [
        ("Mentoring", "Mentoring"),
        ("The Mentoring Handbook", "Mentoring"),
        ("Le manuel du mentorat", "manuel"),
        ("Das Handbuch", "Das Handbuch"),
        ("Ein Mentoringprogrammhandbuch", "Mentoringpro"),
        ("A B C D E F G", "A"),
    ],
)
def test_the_name_under_the_icon_is_a_word_of_the_title_not_its_article(title: str, short: str) -> None:
    assert short_name(title) == short
