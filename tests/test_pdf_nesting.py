"""Raw HTML nested too deeply for WeasyPrint: with --pdf, an error naming
each such page (never a traceback), exit 1, every other page's PDF still
made (so that its own problems are found too), the previous site as it was."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import generator.render.pdf
from generator.render.pdf import MAX_NESTING, nesting
from tests.conftest import MakeProject, Run
from tests.test_safety import tree

HINT = "  nest fewer HTML elements inside each other on this page, or build without --pdf\n"


def _nested(open_tag: str, close_tag: str, depth: int) -> str:
    return open_tag * depth + "deep" + close_tag * depth + "\n"


FORM = "---\ntitle: {title}\ntype: form\nfields:\n  - label: Name\n---\n"


@pytest.mark.pdf
def test_pages_too_deep_to_print_are_errors_naming_them(make_project: MakeProject, cli: Callable[..., Run]) -> None:
    project = make_project(
        {
            "content/index.md": "# Home\n\nWelcome.\n",
            "content/guide.md": "# Guide\n\n" + _nested("<div>", "</div>", 3000),
            "content/forms/tables.md": FORM.format(title="Tables") + _nested("<table><tr><td>", "</td></tr></table>", 50),
            "content/forms/fine.md": FORM.format(title="Fine") + "Fill it in.\n",
        }
    )
    assert cli("build", project).exit_code == 0  # the HTML site is fine: browsers take any depth
    old = tree(project / "site")
    result = cli("-q", "build", project, "--pdf")  # the problems alone, without the PDFs' progress
    assert result.exit_code == 1
    assert result.stderr == (
        f"content/forms/tables.md: error: its HTML has 50 elements inside each other, too many to print as a PDF (up to {MAX_NESTING})\n"
        + HINT
        + f"content/guide.md: error: its HTML has 3,000 elements inside each other, too many to print as a PDF (up to {MAX_NESTING})\n"
        + HINT
        + "Stopped: 2 errors; nothing was written.\n"
    )
    assert tree(project / "site") == old
    (project / "content" / "guide.md").write_text("# Guide\n\n" + _nested("<div>", "</div>", MAX_NESTING))
    tables = FORM.format(title="Tables") + _nested("<table><tr><td>", "</td></tr></table>", MAX_NESTING)
    (project / "content" / "forms" / "tables.md").write_text(tables)
    assert cli("build", project, "--pdf").exit_code == 0  # at the limit: printed
    assert (project / "site" / "forms" / "fine.pdf").read_bytes().startswith(b"%PDF")
    assert (project / "site" / "forms" / "tables.pdf").read_bytes().startswith(b"%PDF")
    assert (project / "site" / "handbook.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.pdf
def test_a_recursion_in_weasyprint_names_the_pdf(
    make_project: MakeProject, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a page pass the count and still be too deep for WeasyPrint (a theme nests more), the build says so, naming it."""
    monkeypatch.setattr(generator.render.pdf, "MAX_NESTING", 100_000)
    project = make_project(
        {"content/index.md": "# Home\n", "content/forms/deep.md": FORM.format(title="Deep") + _nested("<div>", "</div>", 3000)}
    )
    result = cli("build", project, "--pdf")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert (
        "content/forms/deep.md: error: its HTML has too many elements inside each other to print as a PDF\n"
        "  nest fewer HTML elements inside each other, or build without --pdf\n"
    ) in result.stderr
    assert "handbook.pdf: error: its HTML has too many elements inside each other" in result.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize(
    "html,depth",
    [
        ("<p>a<p>b<p>c", 0),  # paragraphs and list items may be left open
        ("<ul><li>a<li><ul><li>b</ul></ul>", 2),
        ("<div><span>a</span><br><img src=x><input/></div>", 2),
        ("<table><tr><td><table><tr><td>x</table></table>", 2),
        ("<div><div></span></div><div><div></div></div></div>", 3),
        ("<DIV><div>x</DIV>", 2),  # closing the outer one closes what it holds
        ("<div>" * 5 + "</div>" * 5 + "<em>" * 3, 5),
    ],
)
def test_nesting_counts_elements_that_must_be_closed(html: str, depth: int) -> None:
    assert nesting(html) == depth
