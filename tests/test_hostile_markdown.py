"""Hostile pages finish: a build's time grows in proportion to its pages'
size, or the page is stopped with an error naming it. Each build runs in a
subprocess with a generous timeout: what is asserted is that it ends, with
its message and exit code, not how fast."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import MakeProject, Run
from tests.hostile_markdown import HOSTILE, NOTE

TIMEOUT = 90
"""Seconds: far above what any case takes (a few), far below the 300 s and
more the footnote case took before."""


def _build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", str(project)], capture_output=True, text=True, timeout=TIMEOUT, cwd=project
    )


@pytest.mark.slow
def test_a_fifth_of_a_megabyte_of_footnote_openers_builds(make_project: MakeProject) -> None:
    """The case that ran for more than 300 s: '[^' repeated on a page that defines a footnote."""
    page = "# Notes\n\n" + NOTE + "\n\n".join(["[^" * 20_000] * 5) + "\n"
    project = make_project({"content/index.md": page})
    result = _build(project)
    assert (result.returncode, result.stderr) == (0, "")
    assert (project / "site" / "index.html").read_text(encoding="utf-8").count("[^") == 100_000


@pytest.mark.slow
@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_page_finishes(case: str, make_project: MakeProject) -> None:
    files = {"content/index.md": "# Home\n\n" + HOSTILE[case](100_000, 40_000)}
    if "typographer" in case:
        files["mentorkit.yaml"] = "markdown:\n  typographer: true\n"
    result = _build(make_project(files))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_paragraph_too_long_stops_its_page_and_the_others_are_reported(make_project: MakeProject, cli: Callable[..., Run]) -> None:
    project = make_project(
        {
            "content/index.md": "# Home\n\nFine.\n",
            "content/guide/pasted.md": "# Pasted\n\nIntro.\n\n" + "[^" * 30_000 + "\n",
            "content/guide/other.md": "---\ntitle: [unclosed\n---\nText.\n",
        }
    )
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = cli("build", project)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert (
        "content/guide/pasted.md:5: error: this paragraph is 60,000 characters long; a paragraph may be up to 50,000\n  break it into shorter paragraphs with blank lines between them\n"
        in result.stderr
    )
    assert "content/guide/other.md:2: error:" in result.stderr
    assert result.stderr.endswith("Stopped: 2 errors; nothing was written.\n")
    assert not (project / "site").exists()
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
