import json
from pathlib import Path

import pytest

from generator.errors import MentorkitError
from generator.load.config import Config, MarkdownOptions, NavEntry, load_config


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "mentorkit.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(MentorkitError) as info:
        load_config(write(tmp_path, text))
    return [p.format() for p in info.value.problems]


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()
    assert Config().paper == "a4" and Config().theme == "default"


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "# nothing yet\n")) == Config()


def test_values_are_read(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            "title: Peer Mentoring\norganisation: Acme\npaper: Letter\nbase_url: https://x.org/h/\nmarkdown:\n  html: false\n  toc_depth: 2\n",
        )
    )
    assert config.title == "Peer Mentoring"
    assert config.organisation == "Acme"
    assert config.paper == "letter"
    assert config.base_url == "https://x.org/h/"
    assert config.markdown == MarkdownOptions(html=False, typographer=False, toc_depth=2)
    assert config.lines["paper"] == 3


def test_nav_entries(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "nav:\n  - index.md\n  - Roles: roles.md\n  - Guide:\n      - guide/a.md\n"))
    assert config.nav == (
        NavEntry(None, "index.md", (), 2),
        NavEntry("Roles", "roles.md", (), 3),
        NavEntry("Guide", None, (NavEntry(None, "guide/a.md", (), 5),), 4),
    )


def test_unknown_key_with_suggestion(tmp_path: Path) -> None:
    assert problems(tmp_path, "title: x\ntheem: default\n") == [
        "mentorkit.yaml:2: error: unknown key 'theem'\n"
        "  did you mean 'theme'? (known: base_url, branding, follow_links, language, languages, markdown, nav, offline, organisation, paper, pdf, theme, title)"
    ]


def test_all_wrong_types_reported_together(tmp_path: Path) -> None:
    assert problems(tmp_path, "title: 3\npaper: a5\nmarkdown:\n  html: maybe\n  toc_depth: 9\n") == [
        "mentorkit.yaml:1: error: 'title' must be a text, not a number 3",
        "mentorkit.yaml:2: error: paper must be a4 or letter, not 'a5'\n  known: a4, letter",
        "mentorkit.yaml:4: error: 'markdown.html' must be true or false, not text 'maybe'",
        "mentorkit.yaml:5: error: 'markdown.toc_depth' must be from 2 to 6, not 9",
    ]


def test_not_a_mapping(tmp_path: Path) -> None:
    assert problems(tmp_path, "- a\n- b\n") == [
        "mentorkit.yaml:1: error: must be a list of 'key: value' settings\n  see the README for the keys"
    ]


def test_bad_nav_entry(tmp_path: Path) -> None:
    assert problems(tmp_path, "nav:\n  - 3\n") == [
        "mentorkit.yaml:2: error: nav entry 3 is not a page or a group\n"
        "  write each entry as 'page.md', 'Title: page.md' or 'Group:' followed by a list"
    ]


@pytest.mark.parametrize(
    "url", ["https://example.org/handbook/", "http://localhost:8000", "HTTPS://EXAMPLE.ORG", "/handbook/", "handbook/", ""]
)
def test_http_https_and_relative_base_urls_are_accepted(tmp_path: Path, url: str) -> None:
    assert load_config(write(tmp_path, f"base_url: {url!r}\n")).base_url == url


HINT = "\n  write the site's address, such as https://example.org/handbook/"


@pytest.mark.parametrize(
    "url,message",
    [
        ("javascript:alert(1)", "'base_url' must be an http or https address or a path such as /handbook/, not 'javascript:alert(1)'"),
        ("JavaScript:alert(1)", "'base_url' must be an http or https address or a path such as /handbook/, not 'JavaScript:alert(1)'"),
        (
            "data:text/html,<b>x</b>",
            "'base_url' must be an http or https address or a path such as /handbook/, not 'data:text/html,<b>x</b>'",
        ),
        ("vbscript:x", "'base_url' must be an http or https address or a path such as /handbook/, not 'vbscript:x'"),
        ("ftp://example.org/", "'base_url' must be an http or https address or a path such as /handbook/, not 'ftp://example.org/'"),
        ("//evil.example/", "'base_url' must be an http or https address or a path such as /handbook/, not '//evil.example/'"),
        ("/\\evil.example/", "'base_url' must be an http or https address or a path such as /handbook/, not '/\\evil.example/'"),
        ("java\tscript:alert(1)", "'base_url' 'java\\tscript:alert(1)' holds a space or control character"),
        ("https://exa mple.org/", "'base_url' 'https://exa mple.org/' holds a space or control character"),
        ("https:///handbook/", "'base_url' 'https:///handbook/' has no host name after https://"),
        ("https:example.org", "'base_url' 'https:example.org' has no host name after https://"),
        ("http://[::1/", "'base_url' 'http://[::1/' has no host name after http://"),
    ],
)
def test_other_base_urls_are_errors(tmp_path: Path, url: str, message: str) -> None:
    assert problems(tmp_path, f"title: x\nbase_url: {json.dumps(url)}\n") == [f"mentorkit.yaml:2: error: {message}{HINT}"]


def test_a_config_over_1_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    with (tmp_path / "mentorkit.yaml").open("wb") as handle:
        handle.truncate(30_000_000)  # sparse: no room on disk
    with pytest.raises(MentorkitError) as info:
        load_config(tmp_path)
    assert [p.format() for p in info.value.problems] == [
        "mentorkit.yaml: error: is 30.0 MB; mentorkit.yaml may be up to 1 MB\n"
        "  it holds only settings: long texts belong in pages under content/"
    ]
