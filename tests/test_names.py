"""Output names come from file and folder names: a name that cannot be part
of a web address (or of a file name on every disk) is an error naming the
file, saying why and what to rename it to, for every such name at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.model.names import name_problems, safe_name
from tests.conftest import MakeProject, Run

HINT = "letters, digits, spaces, '-', '_' and '.' are fine"


def _files(project: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}


def test_every_unsafe_name_is_reported_at_once_and_nothing_is_written(make_project: MakeProject, cli: Callable[..., Run]) -> None:
    project = make_project({"content/index.md": "# Home\n"})
    assert cli("build", project).exit_code == 0  # the site the failed build must leave as it was
    guide = project / "content" / "guide"
    guide.mkdir()
    for name in (
        "x#y.md",
        "50%.md",
        "why?.md",
        "javascript:alert(1).md",
        "c:",
        "back\\slash.md",
        "two\nlines.md",
        " lead.md",
        "trail .md",
        "con.md",
    ):
        (guide / name).write_text("# A page\n", encoding="utf-8")
    (project / "content" / "img#1.png").write_bytes(b"GIF89a")
    before = _files(project)
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr == (
        "content/guide/ lead.md: error: this file name cannot be part of the site's addresses: it starts with a space\n"
        f"  rename it, for example to 'lead.md' ({HINT})\n"
        "content/guide/50%.md: error: this file name cannot be part of the site's addresses: it holds '%' (read as the start of an escape such as %20)\n"
        f"  rename it, for example to '50.md' ({HINT})\n"
        "content/guide/back\\slash.md: error: this file name cannot be part of the site's addresses: it holds '\\' (a folder separator on Windows)\n"
        f"  rename it, for example to 'back-slash.md' ({HINT})\n"
        "content/guide/con.md: error: this file name cannot be part of the site's addresses: it is 'con', a name Windows keeps for a device\n"
        f"  rename it, for example to 'con-page.md' ({HINT})\n"
        "content/guide/javascript:alert(1).md: error: this file name cannot be part of the site's addresses: it holds ':' (read as a drive such as c: or a link's scheme such as javascript:)\n"
        f"  rename it, for example to 'javascript-alert(1).md' ({HINT})\n"
        "content/guide/trail .md: error: this file name cannot be part of the site's addresses: it ends with a space before its extension\n"
        f"  rename it, for example to 'trail.md' ({HINT})\n"
        "content/guide/two\\nlines.md: error: this file name cannot be part of the site's addresses: it holds a line break\n"
        f"  rename it, for example to 'two-lines.md' ({HINT})\n"
        "content/guide/why?.md: error: this file name cannot be part of the site's addresses: it holds '?' (where a web address's query starts)\n"
        f"  rename it, for example to 'why.md' ({HINT})\n"
        "content/guide/x#y.md: error: this file name cannot be part of the site's addresses: it holds '#' (where a link's anchor starts)\n"
        f"  rename it, for example to 'x-y.md' ({HINT})\n"
        # files other than pages come after them
        "content/guide/c:: error: this file name cannot be part of the site's addresses: it holds ':' (read as a drive such as c: or a link's scheme such as javascript:)\n"
        f"  rename it, for example to 'c' ({HINT})\n"
        "content/img#1.png: error: this file name cannot be part of the site's addresses: it holds '#' (where a link's anchor starts)\n"
        f"  rename it, for example to 'img-1.png' ({HINT})\n"
        "Stopped: 11 errors; nothing was written.\n"
    )
    assert _files(project) == before


def test_a_badly_named_folder_is_named_once_with_the_other_problems_of_its_pages(
    make_project: MakeProject, cli: Callable[..., Run]
) -> None:
    project = make_project(
        {
            "content/index.md": "# Home\n",
            "content/guide#1/a.md": "# A\n",
            "content/guide#1/b.md": "",
            "content/guide#1/img.png": b"GIF89a",
        }
    )
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr.count("content/guide#1: error: this folder name cannot be part of the site's addresses") == 1
    assert "content/guide#1/b.md:1: error: is empty" in result.stderr
    assert result.stderr.endswith("Stopped: 2 errors; nothing was written.\n")


def test_check_reports_the_same(make_project: MakeProject, cli: Callable[..., Run]) -> None:
    project = make_project({"content/index.md": "# Home\n", "content/a?b.md": "# A\n"})
    result = cli("check", project)
    assert result.exit_code == 1
    assert "content/a?b.md: error: this file name cannot be part of the site's addresses: it holds '?'" in result.stdout + result.stderr


def test_a_theme_file_with_an_unsafe_name_is_named(make_project: MakeProject, cli: Callable[..., Run]) -> None:
    project = make_project({"content/index.md": "# Home\n", "themes/default/static/a\\b.css": "p {}\n"})
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "themes/default/static/a\\b.css: error: this file name cannot be part of the site's addresses: it holds '\\' (a folder separator on Windows)\n"
    )
    assert "bug in mentorkit" not in result.stderr


@pytest.mark.parametrize(
    "name", ["Première réunion.md", "goals (draft).md", "notes_v2.1.md", "a&b.md", "über+ça.md", "50-50.md", "@home.md", "x~y.md"]
)
def test_names_of_every_alphabet_and_plain_punctuation_build(name: str, make_project: MakeProject, cli: Callable[..., Run]) -> None:
    project = make_project({"content/index.md": "# Home\n", f"content/guide/{name}": "# A page\n"})
    result = cli("build", project)
    assert result.exit_code == 0, result.stderr
    assert (project / "site" / "guide" / (name[: -len(".md")] + ".html")).is_file()


@pytest.mark.parametrize("name", ["x#y.md", "a%b", "con", "AUX.tar.gz", " a .md", "q?.", "tab\there", "::"])
def test_the_suggested_name_is_accepted(name: str) -> None:
    assert name_problems("content", name)
    assert not name_problems("content", safe_name(name))


def test_a_name_that_is_not_utf8_is_named_by_its_bytes(make_project: MakeProject, cli: Callable[..., Run]) -> None:
    project = make_project({"content/index.md": "# Home\n"})
    (project / "content" / "caf\udce9.md").write_bytes(b"# Caf\xc3\xa9\n")  # the byte 0xe9: Latin-1, not UTF-8
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr == (
        "content/caf\\xe9.md: error: this file name cannot be part of the site's addresses: it holds bytes that are not UTF-8 text (0xe9)\n"
        f"  rename it, for example to 'caf.md' ({HINT})\n"
        "Stopped: 1 error; nothing was written.\n"
    )


def test_two_names_written_with_an_accent_in_its_two_ways_are_one_file(make_project: MakeProject, cli: Callable[..., Run]) -> None:
    """'café' with é as one character (NFC) and as e and a combining accent (NFD) are
    two files here and one on macOS and Windows disks (a zip unpacked, a shared drive)."""
    project = make_project({"content/index.md": "# Home\n", "content/caf\u00e9.md": "# One\n", "content/cafe\u0301.md": "# Two\n"})
    result = cli("build", project)
    assert result.exit_code == 1
    first, second = sorted(["caf\u00e9", "cafe\u0301"])
    assert result.stderr == (
        f"content/{second}.md:1: error: would be written to '{second}.html', which 'content/{first}.md' is written to as well\n"
        "  rename one of them, or give one a different 'slug:' in its front matter (the names differ only in how an accent"
        " is written: as one character, or as a letter and a combining accent)\n"
        "Stopped: 1 error; nothing was written.\n"
    )
