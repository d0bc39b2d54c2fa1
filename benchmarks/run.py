"""The build-speed benchmark: mentorkit against the Python floor, MkDocs and
Hugo on the same generated pages, run in turn in one run.

    python benchmarks/run.py --pages 1000 --pages 5000

prints, for each corpus size, wall time, CPU time, peak memory, pages per
second and output size, with each figure's ratio to mentorkit's cold build;
then mentorkit's rebuild with nothing changed, the time from saving a page
to the reload event in `mentorkit serve`, and the cold build against the
two-core floor in rounds run alternately (see ratio.py). Tools that are not installed are
skipped with a note. Each build is run `--repeat` times; the median counts.
No test asserts a time: these figures are for the README and docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import write_corpus  # noqa: E402

PYTHON = sys.executable


@dataclass
class Measure:
    name: str
    wall: float
    cpu: float
    peak_mb: float
    size_mb: float
    pages: int


def run(command: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (with children) and peak memory (MB) of one run."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def compile_sources() -> None:
    """Write mentorkit's bytecode before timing it, as pip does for the
    libraries the floor uses: with PYTHONDONTWRITEBYTECODE set (as on the
    machine these figures come from), an editable install would otherwise
    compile all of mentorkit's modules in every run."""
    import compileall

    compileall.compile_dir(str(HERE.parent / "generator"), quiet=1)


def size_of(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


class Trash:
    """Where the last run's outputs go between runs, emptied when the benchmark ends.

    Deleting files slows down whoever creates files next: on ext4 without a
    journal (the machine these figures come from), the inode allocator skips
    every inode freed in the last 60 seconds (300 while its inode table block
    is not yet written back), and it checks them one by one, from the start
    of the block group, for every file it creates. After a thousand
    deletions, each new file costs up to a millisecond of kernel time, so a
    build's writing took from 0.03 s to 0.9 s depending on what ran before.
    Renaming an output into the trash keeps its inodes in use; the trash is
    emptied at the end, and the next run first waits until those deletions
    are SETTLE seconds old.
    """

    def __init__(self, work: Path) -> None:
        self.folder = work / "trash"
        self.stamp = work / "trash-emptied"
        self.count = 0
        if self.folder.exists():  # left by an interrupted run
            self.empty()
        self.settle()

    def take(self, paths: list[Path]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for path in paths:
            if path.exists():
                self.count += 1
                path.rename(self.folder / f"{self.count}-{path.name}")

    def empty(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        os.sync()
        self.stamp.touch()

    def settle(self) -> None:
        """Wait until the last emptying is SETTLE seconds old."""
        if not self.stamp.exists():
            return
        wait = self.stamp.stat().st_mtime + SETTLE - time.time()
        if wait > 0:
            print(f"(waiting {wait:.0f} s: files deleted by the last run would slow file creation down)", file=sys.stderr, flush=True)
            time.sleep(wait)


SETTLE = 300.0
"""Seconds after deleting files before ext4 without a journal hands their inodes out again without a search."""


def measure(name: str, command: list[str], output: Path, pages: int, repeat: int, reset: list[Path], trash: Trash) -> Measure:
    runs = []
    for _ in range(repeat):
        trash.take(reset)
        runs.append(run(command))
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    peak = max(r[2] for r in runs)
    return Measure(name, wall, cpu, peak, size_of(output), pages)


def alternating_rounds(corpus: Path, floor_out: Path, rounds: int, trash: Trash) -> list[tuple[float, float]]:
    """The two-core floor's wall time and mentorkit's cold build's, each
    round running one then the other. On a shared machine both drift together from minute
    to minute, so the ratio within a round is steadier than the ratio of
    medians taken from runs in a row (the table's)."""
    mentorkit = [PYTHON, "-m", "generator", "build", str(corpus)]
    floor = [PYTHON, str(HERE / "floor.py"), str(corpus), str(floor_out), "--jobs", "2"]
    walls = []
    for _ in range(rounds):
        pair = []
        for command, outputs in ((floor, [floor_out]), (mentorkit, [corpus / "site", corpus / ".mentorkit-cache"])):
            trash.take(outputs)
            pair.append(run(command)[0])
        walls.append((pair[0], pair[1]))
    return walls


def serve_latency(project: Path, page: Path, edits: int = 5) -> list[float]:
    """Seconds from writing a page to the preview's reload event."""
    process = subprocess.Popen(
        [PYTHON, "-m", "generator", "serve", str(project), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        url = ""
        for line in process.stdout:
            if match := re.search(r"at (http://127\.0\.0\.1:\d+/)", line):
                url = match.group(1)
                break
        events = urllib.request.urlopen(url + "__mentorkit__/events", timeout=120)
        events.readline()  # the state event
        while events.readline().strip():
            pass
        times = []
        original = page.read_text(encoding="utf-8")
        for number in range(edits):
            time.sleep(1.0)
            started = time.perf_counter()
            page.write_text(original + f"\nEdited for the benchmark, {number}.\n", encoding="utf-8")
            while True:
                line = events.readline().decode()
                if line.startswith("event: reload"):
                    times.append(time.perf_counter() - started)
                    break
        page.write_text(original, encoding="utf-8")
        return times
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def table(rows: list[Measure], base: Measure) -> str:
    lines = [
        "| tool | wall | CPU | peak memory | pages/s | output | wall vs mentorkit |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.name} | {row.wall:.2f} s | {row.cpu:.2f} s | {row.peak_mb:.0f} MB | {row.pages / row.wall:,.0f} "
            f"| {row.size_mb:.1f} MB | {row.wall / base.wall:.2f} x |"
        )
    return "\n".join(lines)


def bench(pages: int, work: Path, repeat: int, mkdocs_max: int, trash: Trash, rounds: int) -> str:
    corpus = work / f"corpus-{pages}"
    trash.take([corpus])  # write_corpus would delete it, slowing the first runs down (see Trash)
    write_corpus(corpus, pages)
    os.sync()  # and the kernel writes the new corpus out now, not during the first runs
    count = len(list((corpus / "content").rglob("*.md")))
    site, cache = corpus / "site", corpus / ".mentorkit-cache"
    rows: list[Measure] = []
    cold = measure("mentorkit, cold", [PYTHON, "-m", "generator", "build", str(corpus)], site, count, repeat, [site, cache], trash)
    rows.append(cold)
    again = measure("mentorkit, nothing changed", [PYTHON, "-m", "generator", "build", str(corpus)], site, count, repeat, [], trash)
    rows.append(again)
    floor_out = work / "floor-out"
    for jobs in (1, 2):
        command = [PYTHON, str(HERE / "floor.py"), str(corpus), str(floor_out), "--jobs", str(jobs)]
        rows.append(measure(f"Python floor, {jobs} core{'s' if jobs > 1 else ''}", command, floor_out, count, repeat, [floor_out], trash))
    notes = []
    mkdocs = shutil.which("mkdocs", path=os.path.dirname(PYTHON)) or shutil.which("mkdocs")
    if mkdocs and pages <= mkdocs_max:
        out = corpus / "site-mkdocs"
        rows.append(measure("MkDocs", [mkdocs, "build", "-q", "-f", str(corpus / "mkdocs.yml")], out, count, 1, [out], trash))
    elif mkdocs:
        notes.append(f"MkDocs skipped at {pages} pages (--mkdocs-max {mkdocs_max}).")
    else:
        notes.append("MkDocs is not installed (pip install mkdocs): skipped.")
    hugo = shutil.which("hugo")
    if hugo:
        out = corpus / "hugo" / "public"
        rows.append(measure("Hugo", [hugo, "--quiet", "-s", str(corpus / "hugo"), "-d", str(out)], out, count, repeat, [out], trash))
    else:
        notes.append("Hugo is not installed (apt-get install hugo): skipped.")
    ratios = [mentorkit / floor for floor, mentorkit in alternating_rounds(corpus, floor_out, rounds, trash)]
    latency = serve_latency(corpus, corpus / "content" / "section-03" / "page-00003.md")
    text = [f"### {count:,} pages", "", table(rows, cold), ""]
    text.append(
        f"mentorkit serve, one page edited: reload event {statistics.median(latency):.2f} s after the write "
        f"(median of {len(latency)}; min {min(latency):.2f} s, max {max(latency):.2f} s)."
    )
    text.append(f"Rebuild with nothing changed: {cold.wall / again.wall:.1f} x faster than the cold build.")
    floor2 = next(r for r in rows if r.name == "Python floor, 2 cores")
    text.append(
        f"Cold build vs the two-core floor: {cold.wall / floor2.wall:.2f} x from the table; "
        f"{statistics.median(ratios):.2f} x as the median of {len(ratios)} rounds run alternately "
        f"(from {min(ratios):.2f} x to {max(ratios):.2f} x)."
    )
    text += notes
    return "\n".join(text) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, action="append", help="corpus size (repeatable; default 1000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=8, help="alternate rounds of mentorkit and the two-core floor (see ratio.py)")
    parser.add_argument("--mkdocs-max", type=int, default=5000, help="largest corpus MkDocs is run on (it is slow)")
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"## Benchmark, {time.strftime('%Y-%m-%d')}: {platform.machine()}, {cores} cores, Python {platform.python_version()}\n")
    compile_sources()
    trash = Trash(args.work)
    try:
        for pages in args.pages or [1000]:
            print(bench(pages, args.work, args.repeat, args.mkdocs_max, trash, args.rounds), flush=True)
    finally:
        trash.empty()


if __name__ == "__main__":
    main()
