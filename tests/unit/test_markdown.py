from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from generator.config import MarkdownOptions
from generator.markdown import Heading, Ref, make_markdown, parse_markdown, slugify

FIXTURES = Path(__file__).parent / "fixtures"
MD = make_markdown(MarkdownOptions())


@pytest.mark.parametrize(
    "line,title,text,expected", read_fixture_file(FIXTURES / "markdown.md"), ids=lambda v: v if isinstance(v, str) and "\n" not in v else ""
)
def test_fixture(line: int, title: str, text: str, expected: str) -> None:
    assert parse_markdown(MD, text, 1, drop_leading_h1=False).html == expected


def test_refs_carry_the_file_line() -> None:
    text = "Intro.\n\nSee the [roles](../roles.md) page\nand [the first\nmeeting](clear.md#in-the-first-meeting).\n"
    parsed = parse_markdown(MD, text, first_line=5, drop_leading_h1=False)
    assert parsed.refs == (
        Ref("link", "../roles.md", "", 7),
        Ref("link", "clear.md", "in-the-first-meeting", 9),
    )


def test_leading_h1_becomes_the_title() -> None:
    parsed = parse_markdown(MD, "# Setting goals\n\nText.\n\n## Steps\n", 1, drop_leading_h1=True)
    assert parsed.first_heading == "Setting goals"
    assert parsed.html == '<p>Text.</p>\n<h2 id="steps">Steps</h2>\n'
    assert parsed.headings == (Heading(2, "steps", "Steps"),)


def test_first_heading_of_any_level_is_a_title() -> None:
    assert parse_markdown(MD, "Text.\n\n## Steps\n", 1, drop_leading_h1=True).first_heading == "Steps"


def test_html_can_be_turned_off() -> None:
    md = make_markdown(MarkdownOptions(html=False))
    assert parse_markdown(md, "<script>alert(1)</script>\n", 1, False).html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"


@pytest.mark.parametrize(
    "text,slug", [("In the first meeting", "in-the-first-meeting"), ("Roles: who does what?", "roles-who-does-what"), ("!!!", "section")]
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
