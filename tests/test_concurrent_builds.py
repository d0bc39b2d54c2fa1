"""Two builds into the same output at once: the second waits for the first
(a lock file beside the output), both succeed, and the site is always
whole: one build's pages, every file its manifest names, nothing left over."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROUNDS = 4
PAGES = 120


def start(project: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", str(project), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def whole(site: Path) -> str:
    """The heading every page of the site carries (one build's, so only one), after checking that every file the manifest names is there."""
    manifest = json.loads((site / ".mentorkit-manifest.json").read_text())
    assert all((site / path).is_file() for path in manifest["files"])
    titles = {(site / f"page-{n}.html").read_text().split("<h1")[1].split("</h1>")[0] for n in range(PAGES)}
    assert len(titles) == 1, f"pages from two builds: {titles}"
    return titles.pop()


def test_two_builds_at_once_take_turns(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content" / "index.md").write_text("# Home\n")
    (tmp_path / "untouched.txt").write_text("keep")
    for round_ in range(ROUNDS):
        for n in range(PAGES):
            (project / "content" / f"page-{n}.md").write_text(f"# Round {round_}\n\nPage {n}.\n")
        one, other = start(project), start(project, *(["--clean"] if round_ % 2 else []))
        results = [(*process.communicate(timeout=120), process.returncode) for process in (one, other)]
        for stdout, stderr, code in results:
            assert code == 0, stderr
            assert "Traceback" not in stderr
            assert stdout.startswith(f"Built {PAGES + 1} pages into {project / 'site'}/")
        assert whole(project / "site").endswith(f">Round {round_}"), "the site is this round's, whole"
        if round_ == 0:
            (project / "site" / "CNAME").write_text("handbook.example.org\n")
        assert (project / "site" / "CNAME").read_text() == "handbook.example.org\n", "a file of the user's is kept"
    assert sorted(p.name for p in project.iterdir()) == [".mentorkit-cache", "content", "site"], "no lock file or staging folder left"
    assert (tmp_path / "untouched.txt").read_text() == "keep"


def test_a_build_waits_while_another_holds_the_output(tmp_path: Path) -> None:
    """The first build is held inside its lock (as a slow one would be): the
    second starts, waits, and finishes only after the first lets go."""
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content" / "index.md").write_text("# Home\n")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from generator.write.output_lock import lock_output\n"
            "held = lock_output(Path(sys.argv[1]).resolve()); print('held', flush=True); time.sleep(3); held.release()",
            str(project / "site"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    started = time.monotonic()
    build = start(project)
    _, stderr = build.communicate(timeout=120)
    waited = time.monotonic() - started
    holder.wait(timeout=10)
    assert build.returncode == 0, stderr
    assert waited > 2, f"the build finished after {waited:.1f} s, while the output was held"
    assert (project / "site" / "index.html").is_file()
    assert not (project / ".site.mentorkit-lock").exists()
