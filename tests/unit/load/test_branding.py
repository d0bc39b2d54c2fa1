"""`branding:` in mentorkit.yaml: the values a theme gets, and each mistake's
message with its line (the cases are in fixtures/branding.txt)."""

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from generator.errors import MentorkitError
from generator.load.branding import Branding, contrast
from generator.load.config import load_config

FIXTURES = Path(__file__).parent / "fixtures"


def config_problems(tmp_path: Path, text: str) -> str:
    (tmp_path / "mentorkit.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(MentorkitError) as info:
        load_config(tmp_path)
    return "".join(p.format() + "\n" for p in info.value.problems)


def branding(tmp_path: Path, text: str) -> Branding:
    (tmp_path / "mentorkit.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path).branding


@pytest.mark.parametrize(
    "line,title,text,expected",
    read_fixture_file(FIXTURES / "branding.txt"),
    ids=lambda v: v if isinstance(v, str) and "\n" not in v else "",
)
def test_mistakes(tmp_path: Path, line: int, title: str, text: str, expected: str) -> None:
    assert config_problems(tmp_path, text) == expected


def test_values_are_read(tmp_path: Path) -> None:
    (tmp_path / "content" / "img").mkdir(parents=True)
    (tmp_path / "content" / "img" / "logo.svg").write_text("<svg/>")
    text = 'branding:\n  logo: img/logo.svg\n  primary: "#1F5F8B"\n  accent: "#a0341f"\n  contact: "Questions? mentoring@acme.example"\n'
    assert branding(tmp_path, text) == Branding("img/logo.svg", "#1F5F8B", "#a0341f", "Questions? mentoring@acme.example")


@pytest.mark.parametrize("text", ["title: Acme\n", "branding:\n", "branding: {}\n"])
def test_no_branding_keeps_the_theme_look(tmp_path: Path, text: str) -> None:
    assert branding(tmp_path, text) == Branding()


def test_three_digit_colours(tmp_path: Path) -> None:
    assert branding(tmp_path, 'branding:\n  primary: "#036"\n').primary == "#036"
    assert contrast("#036", "#fff") == contrast("#003366", "#ffffff")


@pytest.mark.parametrize(
    "one,other,ratio",
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#000000", 21.0),
        ("#1f5f8b", "#ffffff", 6.84),
        ("#767676", "#ffffff", 4.54),
        ("#abc", "#abc", 1.0),
    ],
)
def test_contrast_ratio(one: str, other: str, ratio: float) -> None:
    assert round(contrast(one, other), 2) == ratio


@pytest.mark.parametrize("key", ["primary", "accent"])
def test_aa_is_the_line(tmp_path: Path, key: str) -> None:
    """#767676 on white is 4.54:1 and passes; #777777 is 4.48:1 and does not."""
    assert getattr(branding(tmp_path, f'branding:\n  {key}: "#767676"\n'), key) == "#767676"
    assert config_problems(tmp_path, f'branding:\n  {key}: "#777777"\n').startswith(
        f"mentorkit.yaml:2: error: 'branding.{key}' #777777 is too light for white text"
    )


@pytest.mark.parametrize("written", ["img/logo.svg", "/img/logo.svg", "content/img/logo.svg", "./img//logo.svg", "img\\logo.svg"])
def test_a_logo_is_a_path_from_the_sites_root(tmp_path: Path, written: str) -> None:
    """However it is written, from the site's root, the server's or the project's folder."""
    (tmp_path / "content" / "img").mkdir(parents=True)
    (tmp_path / "content" / "img" / "logo.svg").write_text("<svg/>")
    assert branding(tmp_path, f"branding:\n  logo: '{written}'\n").logo == "img/logo.svg"


def test_a_logo_must_be_an_image(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "index.md").write_text("# Home\n")
    assert config_problems(tmp_path, "branding:\n  logo: index.md\n") == (
        "mentorkit.yaml:2: error: the logo 'index.md' is not an image\n  use an SVG, PNG, JPEG, GIF, WebP or AVIF file\n"
    )
