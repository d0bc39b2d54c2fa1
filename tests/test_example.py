"""The example handbook in content/: it builds cleanly and reads from disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import BuildOptions, build
from tests.site_checks import broken_references, other_hosts

REPO = Path(__file__).resolve().parent.parent
PRINCIPLES = [
    "clear-expectations",
    "open-communication",
    "safety-and-trust",
    "sharing-experience",
    "realistic-goals",
    "constructive-feedback",
    "learning-and-growth",
    "long-term-commitment",
]


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    result = build(REPO, BuildOptions(out, strict=True, cache="off"))
    assert result.warnings == ()
    return out


def test_every_link_and_asset_opens_from_disk(example_site: Path) -> None:
    assert broken_references(example_site) == []


def test_nothing_loads_from_other_hosts(example_site: Path) -> None:
    assert other_hosts(example_site) == []


@pytest.mark.parametrize(("language", "first_meeting"), [("en", "in-the-first-meeting"), ("fr", "lors-du-premier-rendez-vous")])
def test_the_eight_principles_in_order(example_site: Path, language: str, first_meeting: str) -> None:
    guide = (example_site / language / "guide" / "index.html").read_text()
    positions = [guide.index(f'href="{name}.html"') for name in PRINCIPLES]
    assert positions == sorted(positions)
    for name in PRINCIPLES:
        page = (example_site / language / "guide" / f"{name}.html").read_text()
        assert f'id="{first_meeting}"' in page, name


def test_home_roles_confidentiality(example_site: Path) -> None:
    for name in ("index.html", "roles.html", "confidentiality.html"):
        assert (example_site / "en" / name).is_file()
        assert (example_site / "fr" / name).is_file()
    home = (example_site / "en" / "index.html").read_text()
    assert 'class="skip-link" href="#main"' in home
    assert '<nav class="site-nav" id="site-nav" aria-label="Handbook">' in home


def test_the_example_is_in_two_languages_linked_page_to_page(example_site: Path) -> None:
    english = sorted(p.relative_to(example_site / "en").as_posix() for p in (example_site / "en").rglob("*.html"))
    french = sorted(p.relative_to(example_site / "fr").as_posix() for p in (example_site / "fr").rglob("*.html"))
    assert english == french and len(english) > 20, "every page is translated"
    for name in english:
        if name.endswith("print.html") or name == "print-forms.html":
            continue  # pages to print: no language switch
        page = (example_site / "fr" / name).read_text()
        back = "../" * name.count("/") + f"../en/{name}"
        assert f'<a href="{back}" hreflang="en" lang="en">English</a>' in page, name
    agreement = (example_site / "fr" / "forms" / "agreement.html").read_text()
    assert '<html lang="fr">' in agreement and "Imprimer" in agreement
    assert 'data-form-key="mentorkit|The Mentoring Handbook|en/forms/agreement.html|1.0"' in agreement, "one form in two languages"
    front = (example_site / "index.html").read_text()
    assert 'href="en/index.html"' in front and 'href="fr/index.html"' in front
