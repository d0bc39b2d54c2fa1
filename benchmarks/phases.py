"""Where a cold build's time goes: the pipeline's phases, timed, beside the
Python floor's cost per page, and the functions cProfile finds busiest.

    python benchmarks/phases.py --pages 1000 --top 25

The build runs here, in one process (cProfile sees only its own process,
and one process shows each page's full cost): with two cores, the parse and
render phases take about half as long, and the rest does not shrink. The
phase timings come from a run without the profiler, which slows Python
code down unevenly; the function table from a second run with it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from corpus import write_corpus  # noqa: E402
from run import Trash  # noqa: E402

import generator.build  # noqa: E402
import generator.model.site  # noqa: E402
import generator.parse.files  # noqa: E402
import generator.processes  # noqa: E402
import generator.render.site  # noqa: E402
import generator.write.site_writer  # noqa: E402

# What each phase is, and the function in the pipeline that does it.
PHASES = [
    ("read the sources", generator.build, "load_sources"),
    ("parse (front matter, Markdown)", generator.parse.files, "parse_files"),
    ("model (site, navigation, links)", generator.model.site, "build_sites"),
    ("render and write every output (fingerprints included)", generator.render.site, "render_site"),
    ("save the build cache", generator.build, "save_cache"),
]
WRITING = ("of which: creating and writing the files", generator.write.site_writer.SiteWriter, "write")


def timed(record: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            record[name] = record.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def cold_build(project: Path, output: Path) -> int:
    cache = project / ".mentorkit-cache"
    for path in cache.glob("*"):
        path.unlink()
    return generator.build.build(project, generator.build.BuildOptions(output)).pages


def floor_per_page(project: Path, output: Path) -> float:
    """The floor's seconds per page in one process (benchmarks/floor.py's loop)."""
    import floor

    content = project / "content"
    jobs = [(path, output / path.relative_to(content).with_suffix(".html")) for path in sorted(content.rglob("*.md"))]
    started = time.perf_counter()
    for job in jobs:
        floor.render(job)
    return (time.perf_counter() - started) / len(jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25, help="how many functions to list")
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    args = parser.parse_args()
    project = args.work / f"corpus-{args.pages}"
    if not (project / "content").is_dir():
        write_corpus(project, args.pages)
    generator.processes.MIN_ITEMS = sys.maxsize  # one process: see the docstring

    record: dict[str, float] = {}
    for label, module, name in [*PHASES, WRITING]:
        setattr(module, name, timed(record, label, getattr(module, name)))
    # Files deleted shortly before a build slow its writing down (see run.Trash):
    # the outputs stay until the end, and the last run's deletions settle first.
    trash = Trash(args.work)
    scratch = args.work / "phases-out"
    trash.take([scratch])
    if trash.count:
        trash.empty()
        trash.settle()
    try:
        cold_build(project, scratch / "warm-up")  # the imports, and the disk cache warm
        record.clear()
        started = time.perf_counter()
        pages = cold_build(project, scratch / "site")
        total = time.perf_counter() - started
        phases = dict(record)  # before the profiled run adds to it
        floor = floor_per_page(project, scratch / "floor")
        profile = cProfile.Profile()
        profile.runcall(cold_build, project, scratch / "profiled")
    finally:
        trash.take([scratch])
        trash.empty()

    print(f"Cold build of {pages} pages in one process: {total:.2f} s, {total / pages * 1000:.2f} ms a page")
    print(f"The floor's loop in one process: {floor * 1000:.2f} ms a page ({total / pages / floor:.2f} x)\n")
    print("| phase | seconds | ms a page | share |\n|---|---|---|---|")
    for label, _, _ in PHASES:
        seconds = phases.get(label, 0.0)
        print(f"| {label} | {seconds:.3f} | {seconds / pages * 1000:.3f} | {seconds / total:.0%} |")
        if label == PHASES[-2][0]:
            seconds = phases.get(WRITING[0], 0.0)
            print(f"| {WRITING[0]} | {seconds:.3f} | {seconds / pages * 1000:.3f} | {seconds / total:.0%} |")
    rest = total - sum(seconds for label, seconds in phases.items() if label != WRITING[0])
    print(f"| the rest (config, theme, checks, stats) | {rest:.3f} | {rest / pages * 1000:.3f} | {rest / total:.0%} |\n")

    text = io.StringIO()
    stats = pstats.Stats(profile, stream=text)
    stats.sort_stats("tottime").print_stats(args.top)
    root = str(HERE.parent)
    print(text.getvalue().replace(root + "/", "").replace(sys.prefix + "/", ""))


if __name__ == "__main__":
    main()
