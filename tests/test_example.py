"""The example handbook in content/: it builds cleanly and reads from disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import build
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
    result = build(REPO, out, strict=True, use_cache=False)
    assert result.warnings == ()
    return out


def test_every_link_and_asset_opens_from_disk(example_site: Path) -> None:
    assert broken_references(example_site) == []


def test_nothing_loads_from_other_hosts(example_site: Path) -> None:
    assert other_hosts(example_site) == []


def test_the_eight_principles_in_order(example_site: Path) -> None:
    guide = (example_site / "guide" / "index.html").read_text()
    positions = [guide.index(f'href="{name}.html"') for name in PRINCIPLES]
    assert positions == sorted(positions)
    for name in PRINCIPLES:
        page = (example_site / "guide" / f"{name}.html").read_text()
        assert 'id="in-the-first-meeting"' in page, name


def test_home_roles_confidentiality(example_site: Path) -> None:
    for name in ("index.html", "roles.html", "confidentiality.html"):
        assert (example_site / name).is_file()
    home = (example_site / "index.html").read_text()
    assert 'class="skip-link" href="#main"' in home
    assert '<nav class="site-nav" id="site-nav" aria-label="Handbook">' in home
