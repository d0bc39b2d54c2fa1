"""The command line talks like its peers: -V, -q, -v with timings, colour on
a terminal only (never piped, never with NO_COLOR), and progress on PDFs.

Run as a user runs it: in a subprocess, piped, or under a pseudo-terminal.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import __version__

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
HOME = "---\ntitle: Home\n---\n\nSee [the roles](roles.md).\n"
BROKEN_LINK = "---\ntitle: Home\n---\n\nSee [nothing](missing.md).\n"
FORM = """---
title: Agreement
type: form
fields:
  - id: mentor
    type: text
    label: Mentor
---

Fill this in.
"""


def environment(**changes: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "100"})
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def piped(*args: str | Path, **env: str | None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=environment(**env), timeout=300, check=False)


def on_a_terminal(*args: str | Path, **env: str | None) -> tuple[int, str, list[tuple[float, str]]]:
    """Run under a pseudo-terminal: exit code, all it wrote, and when each piece came."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, True)
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", *map(str, args)], stdin=follower, stdout=follower, stderr=follower, env=environment(**env)
    )
    os.close(follower)
    pieces: list[tuple[float, str]] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 300)
        if not ready:
            process.kill()
            raise AssertionError("no output for 300 s")
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed: the program ended
            break
        if not data:
            break
        pieces.append((time.monotonic() - started, data.decode("utf-8", "replace")))
    os.close(leader)
    return process.wait(timeout=60), "".join(text for _, text in pieces), pieces


def colours_of(word: str, shown: str) -> set[str]:
    """The SGR codes (31: red, 33: yellow, 1: bold) right before the first `word` that is styled."""
    found = re.search(r"((?:\x1b\[[0-9;]*m)+)" + word + r"\x1b\[0m", shown)
    assert found, f"'{word}' is not styled in {shown!r}"
    return {code for codes in re.findall(r"\x1b\[([0-9;]*)m", found.group(1)) for code in codes.split(";")}


@pytest.fixture
def handbook(make_project) -> Path:  # type: ignore[no-untyped-def]
    return make_project({"content/index.md": HOME, "content/roles.md": "---\ntitle: Roles\n---\n\nMentor.\n"})


def test_version_short_and_long() -> None:
    for flag in ("-V", "--version"):
        done = piped(flag)
        assert (done.returncode, done.stdout) == (0, f"mentorkit, version {__version__}\n")


def test_quiet_prints_nothing_when_all_is_well(handbook: Path) -> None:
    done = piped("-q", "build", handbook)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert (handbook / "site" / "index.html").is_file()
    done = piped("build", handbook, "--quiet", "--zip")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", ""), "after the command too"
    assert (handbook / "site.zip").is_file()


def test_quiet_prints_only_the_problems(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": BROKEN_LINK})
    done = piped("-q", "build", project)
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr.startswith("content/index.md:5: warning: ") and "missing.md" in done.stderr
    assert "Built" not in done.stderr
    done = piped("-q", "build", project, "--strict")
    assert done.returncode == 1 and done.stdout == ""
    assert "content/index.md:5: error: " in done.stderr and done.stderr.endswith("Stopped: 1 error; nothing was written.\n")


def test_verbose_says_each_step_with_its_time(handbook: Path) -> None:
    done = piped("-v", "build", handbook, "--no-cache")
    assert done.returncode == 0, done.stderr
    steps = done.stderr.splitlines()
    assert len(steps) >= 5 and all(re.fullmatch(r" *\d+\.\d\d s  \S.*", line) for line in steps), steps
    said = "\n".join(steps)
    for what in ("the theme 'default'", "read 2 pages", "parsed 2 pages", "wrote"):
        assert what in said, said
    assert done.stdout.startswith("Built 2 pages into ")


def test_quiet_and_verbose_together_is_a_usage_error(handbook: Path) -> None:
    done = piped("-q", "-v", "build", handbook)
    assert done.returncode == 2 and "-q/--quiet and -v/--verbose" in done.stderr


def test_errors_are_plain_when_piped_and_red_on_a_terminal(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": BROKEN_LINK})
    done = piped("build", project, "--strict")
    assert done.returncode == 1 and not ANSI.search(done.stdout + done.stderr)
    code, shown, _ = on_a_terminal("build", project, "--strict")
    assert code == 1
    assert "31" in colours_of("error", shown), "errors in red"
    assert ANSI.sub("", shown).replace("\r\n", "\n").count("content/index.md:5: error: ") == 1
    code, shown, _ = on_a_terminal("build", project)
    assert code == 0 and "33" in colours_of("warning", shown), "warnings in yellow"


@pytest.mark.parametrize("value", ["1", "true"])
def test_no_color_is_honoured_on_a_terminal(make_project, value: str) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": BROKEN_LINK})
    code, shown, _ = on_a_terminal("build", project, "--strict", NO_COLOR=value)
    assert code == 1 and "error: " in shown and not ANSI.search(shown)


def test_a_plain_build_on_a_terminal_shows_no_progress(handbook: Path) -> None:
    code, shown, _ = on_a_terminal("build", handbook)
    assert code == 0 and "\r\x1b[K" not in shown and shown.startswith("Built 2 pages")


@pytest.mark.pdf
def test_pdf_progress_piped_is_a_line_per_pdf_with_a_count(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project(
        {"content/index.md": HOME, "content/roles.md": "---\ntitle: Roles\n---\n\nMentor.\n", "content/forms/agreement.md": FORM}
    )
    done = piped("build", project, "--pdf")
    assert done.returncode == 0, done.stderr
    assert not ANSI.search(done.stdout + done.stderr) and "\r" not in done.stderr
    lines = done.stderr.splitlines()
    assert [line for line in lines if line.startswith("PDF ")] == ["PDF 1/2: forms/agreement.pdf", "PDF 2/2: handbook.pdf"]
    assert lines[0] != lines[-1] and lines.index("PDF 1/2: forms/agreement.pdf") > 0, "steps before the PDFs too"
    assert done.stdout.startswith("Built 3 pages") and "PDF" not in done.stdout, "progress on standard error only"
    quiet = piped("-q", "build", project, "--pdf", "--clean")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


@pytest.mark.pdf
def test_pdf_progress_on_a_terminal_is_one_updating_line_from_the_start(make_project) -> None:  # type: ignore[no-untyped-def]
    project = make_project({"content/index.md": "# Home\n\nWelcome.\n", "content/forms/agreement.md": FORM})
    code, shown, pieces = on_a_terminal("build", project, "--pdf")
    assert code == 0, shown
    when, first = pieces[0]
    assert first.startswith("\r\x1b[KBuilding "), "the first thing shown is the progress line"
    assert when < 2.0, f"progress shows at once (within a second; two allowed on a busy machine), not after {when:.1f} s"
    assert "\r\x1b[KPDF 1/2: forms/agreement.pdf" in shown and "\r\x1b[KPDF 2/2: handbook.pdf" in shown
    before_result, result = shown.split("Built 2 pages")
    assert "\n" not in before_result, "one line, updated in place"
    assert before_result.endswith("\r\x1b[K"), "the progress line is cleared before the result"
    assert "PDF" not in result and result.count("\n") == 1
    last_pdf = max(time for time, text in pieces if "PDF 2/2" in text)
    assert pieces[-1][0] - last_pdf < 30, "progress until the end"
