"""A disk that fills up (or turns read-only) while a parallel build writes:
one message naming the file and what to do, exit 1, the previous site as
it was, no traceback from any thread or worker process."""

from __future__ import annotations

import builtins
import errno
import os
import re
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

import generator.processes
import generator.write.site_writer
from tests.conftest import MakeProject, Run
from tests.test_safety import tree

PAGES = 240
"""Enough pages for a parallel render (generator/processes.py MIN_ITEMS)."""
MAIN = os.getpid()


def _pages() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {"content/index.md": "# Home\n"}
    files.update({f"content/guide/page-{n:03}.md": f"# Page {n}\n\nSome text.\n" for n in range(PAGES)})
    return files


def _failing_open(where: Callable[[], bool], error: int, name: str) -> Callable[..., Any]:
    """`open` that fails writing `name` with `error` in the processes `where` picks."""

    def fake(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode and str(file).endswith(name):
            if where():
                raise OSError(error, os.strerror(error))
            time.sleep(0.005)  # the other processes slower: the failing ones surely get pages to write
        return builtins.open(file, mode, *args, **kwargs)

    return fake


@pytest.fixture
def thread_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Exceptions that ended a thread (a receiving thread's traceback, before)."""
    found: list[str] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: found.append(repr(args.exc_value)))
    return found


FULL = (errno.ENOSPC, "the disk is full", "free some space on it, or choose another folder with --output, then build again")
READ_ONLY = (errno.EROFS, "the disk is read-only", "choose another folder with --output")
REFUSED = (errno.EACCES, "you may not write there", "check the folder's permissions, or choose another folder with --output")


@pytest.mark.parametrize(
    "error,message,hint,process",
    [
        (*FULL, "worker"),
        pytest.param(*FULL, "main", marks=pytest.mark.slow),
        pytest.param(*READ_ONLY, "worker", marks=pytest.mark.slow),
        pytest.param(*REFUSED, "main", marks=pytest.mark.slow),
    ],
)
def test_a_write_failing_in_a_parallel_build_is_one_message_and_the_old_site_stays(
    make_project: MakeProject,
    cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    thread_errors: list[str],
    error: int,
    message: str,
    hint: str,
    process: str,
) -> None:
    monkeypatch.setattr(generator.processes, "workers", lambda items: 2 if items >= PAGES else 1)
    project = make_project(_pages())
    assert cli("build", project).exit_code == 0
    old = tree(project / "site")
    outside = tree(project / "content")
    for page in (project / "content" / "guide").iterdir():  # every page to render again
        page.write_text(page.read_text() + "\nMore.\n")
    # Every page a worker (or the main process) writes fails: which pages each renders is up to the timing.
    chosen = (lambda: os.getpid() != MAIN) if process == "worker" else (lambda: os.getpid() == MAIN)
    monkeypatch.setattr(generator.write.site_writer, "open", _failing_open(chosen, error, ".html"), raising=False)
    result = cli("build", project)
    assert result.exit_code == 1
    assert re.fullmatch(
        re.escape(f"{project / 'site' / 'guide'}/")
        + r"page-\d{3}\.html"
        + re.escape(f": error: cannot be written: {message}\n  {hint} (the site already there is left as it was)\n")
        + "Stopped: 1 error; nothing was written.\n",
        result.stderr,
    ), result.stderr
    assert tree(project / "site") == old
    assert sorted(p.name for p in project.iterdir()) == [".mentorkit-cache", "content", "site"]
    assert thread_errors == []
    assert tree(project / "content") != outside  # (the edits above)


def test_a_staging_folder_that_cannot_be_made_is_an_error_naming_the_output(
    make_project: MakeProject, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project({"content/index.md": "# Home\n", "content/guide/a.md": "# A\n"})
    assert cli("build", project).exit_code == 0
    old = tree(project / "site")
    (project / "content" / "guide" / "a.md").write_text("# A, again\n")
    makedirs = os.makedirs

    def full(name: Any, *args: Any, **kwargs: Any) -> None:
        if ".mentorkit-new" in str(name):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(name))
        makedirs(name, *args, **kwargs)

    monkeypatch.setattr(os, "makedirs", full)
    result = cli("build", project)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{project / 'site'}: error: cannot be written: the disk is full\n"
        f"  {FULL[2]} (the site already there is left as it was)\n"
        "Stopped: 1 error; nothing was written.\n"
    )
    assert tree(project / "site") == old
