"""The preview's builds in a process of their own (generator/preview/builder.py)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

import generator.processes
from generator.preview.builder import BuildProcess

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the build process is forked, on Linux only")


def _project(tmp_path: Path, pages: int = 12) -> Path:
    project = tmp_path / "project"
    (project / "content" / "guide").mkdir(parents=True)
    (project / "content" / "index.md").write_text("# Home\n\n[Start](guide/page-0.md)\n")
    for number in range(pages):
        (project / "content" / "guide" / f"page-{number}.md").write_text(f"# Page {number}\n\nSome text.\n")
    return project


def test_builds_use_every_core_though_the_server_runs_threads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server has threads, so a build here would stay on one core; the build process, forked
    before them, has one thread and spreads the pages over processes as `mentorkit build` does."""
    told = tmp_path / "processes"
    workers = generator.processes.workers

    def heard(items: int) -> int:
        used = workers(items)
        with told.open("a") as out:
            out.write(f"{os.getpid()} {used}\n")
        return used

    monkeypatch.setattr(generator.processes, "workers", heard)
    monkeypatch.setattr(generator.processes, "MIN_ITEMS", 4)
    monkeypatch.setattr(generator.processes, "_cores", lambda: 2)
    project = _project(tmp_path)
    builds = BuildProcess(project, tmp_path / "site", tmp_path / "swap.lock")  # forked first, as serve does
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)  # then the server's threads start
    server.start()
    try:
        assert not generator.processes._can_fork(), "here, with the server's thread, it may not"
        outcome = builds(set())
        assert outcome.problems is None and "guide/page-3.html" in outcome.changed
    finally:
        stop.set()
        server.join()
        builds.close()
    pids, used = zip(*(line.split() for line in told.read_text().splitlines()), strict=True)
    assert set(pids) == {str(builds.pid)} and "2" in used, "the pages were parsed and rendered on two processes there"
    assert (tmp_path / "site" / "guide" / "page-3.html").is_file()


def test_a_request_opening_a_file_holds_back_the_swap(tmp_path: Path) -> None:
    """The server's requests and the build process lock the site apart: a file being opened is not swapped under it."""
    project = _project(tmp_path)
    builds = BuildProcess(project, tmp_path / "site", tmp_path / "swap.lock")
    try:
        assert builds(set()).problems is None
        page = project / "content" / "guide" / "page-1.md"
        page.write_text("# Page 1\n\nChanged.\n")
        done: list[object] = []
        with builds.lock:
            thread = threading.Thread(target=lambda: done.append(builds({str(page)})))
            thread.start()
            time.sleep(1.0)
            assert not done and "Changed." not in (tmp_path / "site" / "guide" / "page-1.html").read_text()
        thread.join(30)
        assert done and "Changed." in (tmp_path / "site" / "guide" / "page-1.html").read_text()
    finally:
        builds.close()


def test_a_build_process_that_dies_leaves_the_preview_building_here(tmp_path: Path) -> None:
    """Killed (the out-of-memory killer), the build process is not waited for: the next build runs in the
    server's process, from a fresh state, and the site keeps up."""
    project = _project(tmp_path)
    builds = BuildProcess(project, tmp_path / "site", tmp_path / "swap.lock")
    try:
        assert builds(set()).problems is None
        os.kill(builds.pid, signal.SIGKILL)
        page = project / "content" / "guide" / "page-2.md"
        page.write_text("# Page 2\n\nAfter the kill.\n")
        outcome = builds({str(page)})
        assert outcome.problems is None and "guide/page-2.html" in outcome.changed
        assert "After the kill." in (tmp_path / "site" / "guide" / "page-2.html").read_text()
    finally:
        builds.close()


def test_the_build_process_ends_with_the_server(tmp_path: Path) -> None:
    project = _project(tmp_path)
    builds = BuildProcess(project, tmp_path / "site", tmp_path / "swap.lock")
    assert builds(set()).problems is None
    builds.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(builds.pid, os.WNOHANG)
