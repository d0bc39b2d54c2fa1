import pytest

from generator.errors import MentorkitError
from generator.parse.front_matter import parse_source


def test_front_matter_is_split_and_lines_kept() -> None:
    page = parse_source("content/a.md", "a.md", b"---\ntitle: A\norder: 2\n---\nBody\n")
    assert page.front.data == {"title": "A", "order": 2}
    assert page.front.line("order") == 3
    assert (page.body, page.body_line) == ("Body\n", 5)


def test_no_front_matter() -> None:
    page = parse_source("content/a.md", "a.md", b"# Title\n")
    assert page.front.data == {} and page.body_line == 1


def test_bom_and_crlf_are_accepted() -> None:
    page = parse_source("content/a.md", "a.md", "\ufeff---\r\ntitle: A\r\n---\r\nBody\r\n".encode())
    assert page.front.data == {"title": "A"} and page.body == "Body\n"


def test_empty_front_matter_and_empty_file() -> None:
    assert parse_source("c/a.md", "a.md", b"---\n---\nText").front.data == {}
    assert parse_source("c/a.md", "a.md", b"").body == ""


def errors(data: bytes) -> list[str]:
    with pytest.raises(MentorkitError) as info:
        parse_source("content/a.md", "a.md", data)
    return [p.format() for p in info.value.problems]


def test_not_utf8_names_the_byte_and_line() -> None:
    assert errors(b"---\ntitle: A\n---\ncaf\xe9\n") == [
        "content/a.md:4: error: is not UTF-8 text: byte 0xe9 at offset 20 cannot be read\n"
        "  save the file as UTF-8 (most editors offer this under 'Save with encoding')"
    ]


def test_front_matter_must_be_a_mapping() -> None:
    assert errors(b"---\n- a\n- b\n---\n") == [
        "content/a.md:2: error: the front matter must be 'key: value' lines\n  for example: title: Setting goals"
    ]


def test_unclosed_front_matter() -> None:
    assert errors(b"---\ntitle: A\nBody\n") == [
        "content/a.md:1: error: the front matter starting on line 1 is never closed\n  end it with a line holding only '---'"
    ]
