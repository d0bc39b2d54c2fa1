"""The PDF benchmark: `mentorkit build --pdf --no-cache` against WeasyPrint alone.

    python benchmarks/pdf.py                      # the example handbook and the 1,000-page corpus
    python benchmarks/pdf.py --no-example --pages 2000 --rounds 1

For each project (the example handbook: this repository's mentorkit.yaml
and content/, copied; and the seeded corpus of benchmarks/corpus.py with
the example's English forms and programmes added, so that there are forms'
and summaries' PDFs besides the handbook), it prints:

- the build's wall time, CPU time (the process and its children) and peak
  memory: the main process's and the largest child's (each process's
  maximum resident set, from getrusage);
- the floor: WeasyPrint alone making the very documents mentorkit hands it
  (captured from a build with WeasyPrint stubbed out: the same HTML, the
  same files served from memory, the same options), one after another in
  one process; a handbook the build makes in parts is captured whole, as
  the one document its parts join into; only `HTML(...).render()` and `.write_pdf()` are timed, and
  each document's layout and writing are shown apart, largest first. The
  floor has the fix mentorkit makes to pydyf (render/pdf.py's
  quick_page_references); FLOOR_AS_SHIPPED=1 leaves it out;
- the build's wall time over the floor's (the issue's goal: at most 0.65 on
  two cores; peak memory under 800 MB for a 2,000-page handbook), and the
  same ratio modelled from CPU times for two idle cores (a shared machine's
  wall times say more about the neighbours than about the build).

With `--remade` it also builds the example with the cache, changes one
form, builds again and lists the PDFs whose files were written again.
No test asserts any of these times; the figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from corpus import write_corpus  # noqa: E402

PYTHON = sys.executable
CHANGED_FORM = "content/en/forms/goals.md"
CHANGED_LABEL = "label: Mentee's name"
"""One field's label: a form's title would also change the programmes' summaries, which show it."""


def example_project(target: Path) -> Path:
    """A copy of the example handbook (so the benchmark writes nothing into the repository)."""
    target.mkdir(parents=True)
    shutil.copy(REPO / "mentorkit.yaml", target / "mentorkit.yaml")
    shutil.copytree(REPO / "content", target / "content")
    return target


def corpus_project(target: Path, pages: int) -> Path:
    """The seeded corpus with PDFs on and the example's English forms and programmes."""
    write_corpus(target, pages)
    shutil.rmtree(target / "hugo")
    for folder in ("forms", "programmes"):
        shutil.copytree(REPO / "content" / "en" / folder, target / "content" / folder)
    (target / "mentorkit.yaml").write_text("title: Benchmark handbook\npdf: true\n")
    return target


def run(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (the process and every child it waited for) of one run, niced."""
    started = time.perf_counter()
    process = subprocess.Popen(["nice", "-n", "10", *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def measured_build(project: Path, output: Path, cache: bool = False) -> dict[str, float]:
    """One `mentorkit build --pdf` (--no-cache unless `cache`): wall, CPU, and each process's peak memory."""
    report = output.with_suffix(".json")
    wall, cpu = run([PYTHON, __file__, "_build", str(project), str(output), str(report), "cache" if cache else "no-cache"])
    peaks = json.loads(report.read_text())
    log = report.with_suffix(".jobs")
    jobs = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    log.unlink(missing_ok=True)
    return {"wall": wall, "cpu": cpu, **peaks, "jobs": jobs}


def _build(project: str, output: str, report: str, cache: str) -> None:
    """In a process of its own: the command line's build, then each process's peak memory to `report`."""
    import atexit
    import resource

    def peaks() -> None:
        main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child waited for
        Path(report).write_text(json.dumps({"main_mb": main, "child_mb": child}))

    atexit.register(peaks)  # click ends with sys.exit; forked workers end with os._exit, without it
    _time_pdf_jobs(Path(report).with_suffix(".jobs"))
    from generator.cli import main

    arguments = ["--quiet", "build", project, "--output", output, "--pdf"]
    main([*arguments, *(["--no-cache"] if cache == "no-cache" else [])], prog_name="mentorkit")


def _time_pdf_jobs(log: Path) -> None:
    """Have the build write each PDF job's CPU time (in the process that ran it) to `log`, a line each:
    the round (each map_each call of render/pdf_jobs.py), the item's place in it and its CPU seconds."""
    import generator.render.pdf_jobs as jobs

    handed_out = jobs.map_each
    rounds = [0]

    def timed_map_each(function: Any, shared: Any, items: Any, *rest: Any) -> Any:
        number = rounds[0] = rounds[0] + 1

        def timed(shared: Any, chunk: list[Any]) -> list[Any]:
            used = time.process_time()
            found = function(shared, chunk)
            line = json.dumps({"round": number, "item": items.index(chunk[0]), "cpu": time.process_time() - used})
            with log.open("a") as out:  # one short line per write: the processes' lines do not interleave
                out.write(line + "\n")
            return found

        return handed_out(timed, shared, items, *rest)

    jobs.map_each = timed_map_each


def _capture(project: str, output: str, documents: str) -> None:
    """In a process of its own: build with WeasyPrint stubbed out, keeping every
    document mentorkit hands it (HTML, address, options) and the files it serves."""
    import weasyprint

    import generator.processes
    import generator.render.pdf
    import generator.render.pdf_jobs
    from generator.build import BuildOptions, build

    kept: list[tuple[str, str, dict[str, Any]]] = []
    served: dict[str, bytes] = {}

    class Kept:
        def __init__(self, string: str, base_url: str, url_fetcher: object) -> None:
            self.string, self.base_url = string, base_url

        def write_pdf(self, **options: Any) -> bytes:
            kept.append((self.string, self.base_url, options))
            return b"%PDF-1.7\n"

    fetcher = generator.render.pdf._fetcher

    def keeping(module: Any, files: dict[str, bytes]) -> Any:
        served.update(files)
        return fetcher(module, files)

    weasyprint.HTML = Kept
    generator.render.pdf._fetcher = keeping
    generator.processes._cores = lambda: 1  # every PDF made here, in order
    generator.render.pdf_jobs.LEAST_SIZE = sys.maxsize  # each handbook as the one document the floor makes
    build(Path(project), BuildOptions(Path(output), pdf=True, cache="off"))
    Path(documents).write_bytes(pickle.dumps((kept, served)))


def _floor(documents: str, report: str) -> None:
    """In a process of its own: WeasyPrint alone making each captured document, one after another."""
    import gc
    import resource

    import weasyprint

    from generator.render.pdf import _fetcher, quick_page_references

    if os.environ.get("FLOOR_AS_SHIPPED") != "1":
        quick_page_references()  # the fix mentorkit makes to pydyf: the floor is as fast, or the ratio would credit the build with it
    kept, served = pickle.loads(Path(documents).read_bytes())
    fetcher = _fetcher(weasyprint, served)
    each = []
    wall = cpu = 0.0
    for html, base_url, options in kept:
        started, used = time.perf_counter(), time.process_time()
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(**options)
        laid_out_cpu = time.process_time()
        document.write_pdf(**options)
        ended, ended_cpu = time.perf_counter(), time.process_time()
        wall += ended - started
        cpu += ended_cpu - used
        each.append(
            {
                "name": base_url.split("/", 3)[-1],  # the address after the host: en/forms/closure.html
                "sheets": len(document.pages),
                "layout": laid_out_cpu - used,
                "write": ended_cpu - laid_out_cpu,
            }
        )
        del document
        gc.collect()  # the last document's garbage, not counted in the next one's time
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Path(report).write_text(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak, "documents": each}))


def floor(project: Path, work: Path) -> dict[str, Any]:
    """The documents of a build of `project`, made by WeasyPrint alone (only WeasyPrint's work timed)."""
    documents, report = work / "documents.pickle", work / "floor.json"
    if not documents.exists():
        run([PYTHON, __file__, "_capture", str(project), str(work / "captured-site"), str(documents)])
    run([PYTHON, __file__, "_floor", str(documents), str(report)])
    result: dict[str, Any] = json.loads(report.read_text())
    return result


def remade_after_one_form(project: Path, work: Path) -> list[str]:
    """The PDFs written again by a cached build after one form changed."""
    output = work / "remade-site"
    measured_build(project, output, cache=True)
    before = {p.relative_to(output).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in output.rglob("*.pdf")}
    form = project / CHANGED_FORM
    form.write_text(form.read_text().replace(CHANGED_LABEL, CHANGED_LABEL + " (in full)", 1))
    measured_build(project, output, cache=True)
    after = {p.relative_to(output).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in output.rglob("*.pdf")}
    return sorted(path for path, stat in after.items() if before.get(path) != stat)


def measure(name: str, project: Path, work: Path, rounds: int) -> dict[str, Any]:
    """Build and floor run alternately `rounds` times; medians, and each round's ratio."""
    builds, floors = [], []
    for number in range(rounds):
        floors.append(floor(project, work))
        output = work / f"site-{number}"
        builds.append(measured_build(project, output))
        shutil.rmtree(output)
        print(f"  {name} round {number + 1}: build {builds[-1]['wall']:.1f} s, floor {floors[-1]['wall']:.1f} s", flush=True)
    return {"name": name, "builds": builds, "floors": floors}


def median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def two_core_model(build_cpu: float, jobs: list[dict[str, Any]]) -> float:
    """What the build's wall time would be on two idle cores: each round of its
    PDF jobs (their CPU times as the build measured them, in the order it
    hands them out) on two processes, each taking the next when it is free,
    the rounds one after another, after everything else the build spent (its
    CPU beyond the jobs', the HTML pages and the handbook's join among it)
    counted as if serial: an upper bound, for a machine too busy for wall
    times to mean much."""
    total = 0.0
    for number in sorted({job["round"] for job in jobs}):
        free = [0.0, 0.0]
        for job in sorted((j for j in jobs if j["round"] == number), key=lambda j: j["item"]):
            free[free.index(min(free))] += job["cpu"]
        total += max(free)
    return max(0.0, build_cpu - sum(job["cpu"] for job in jobs)) + total


def report(result: dict[str, Any]) -> None:
    builds, floors = result["builds"], result["floors"]
    ratios = [b["wall"] / f["wall"] for b, f in zip(builds, floors, strict=True)]
    cpu_ratios = [b["cpu"] / f["cpu"] for b, f in zip(builds, floors, strict=True)]
    documents = floors[-1]["documents"]
    sheets = sum(d["sheets"] for d in documents)
    print(f"\n{result['name']}: {len(documents)} PDFs, {sheets:,} sheets; median of {len(builds)} round(s)")
    print("| | wall | CPU (self + children) | peak memory |")
    print("|---|---|---|---|")
    print(
        f"| mentorkit build --pdf --no-cache | {median(builds, 'wall'):.1f} s | {median(builds, 'cpu'):.1f} s"
        f" | main {median(builds, 'main_mb'):.0f} MB, largest child {median(builds, 'child_mb'):.0f} MB |"
    )
    alone = f"{median(floors, 'wall'):.1f} s | {median(floors, 'cpu'):.1f} s | {median(floors, 'peak_mb'):.0f} MB"
    print(f"| floor: WeasyPrint alone, one process | {alone} |")
    print(
        f"| build / floor | {statistics.median(ratios):.2f} x ({min(ratios):.2f}-{max(ratios):.2f}) |"
        f" {statistics.median(cpu_ratios):.2f} x | goal: wall <= 0.65 x on two cores |"
    )
    modelled = [two_core_model(b["cpu"], b["jobs"]) / f["cpu"] for b, f in zip(builds, floors, strict=True)]
    print(
        f"| modelled on two idle cores (see two_core_model) | {statistics.median(modelled):.2f} x the floor's CPU"
        f" ({min(modelled):.2f}-{max(modelled):.2f}) | | |"
    )
    largest = sorted(documents, key=lambda d: d["layout"] + d["write"], reverse=True)[:4]
    total = sum(d["layout"] + d["write"] for d in documents)
    for d in largest:
        spent = d["layout"] + d["write"]
        print(
            f"  {d['name']}: {d['sheets']} sheets, {spent:.1f} s CPU ({spent / total:.0%} of the floor):"
            f" layout {d['layout']:.1f} s, write {d['write']:.1f} s"
        )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("_build", "_capture", "_floor"):
        {"_build": _build, "_capture": _capture, "_floor": _floor}[sys.argv[1]](*sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, action="append", help="corpus sizes (default 1000; 0 for none)")
    parser.add_argument("--no-example", action="store_true", help="skip the example handbook")
    parser.add_argument("--rounds", type=int, default=1, help="build and floor run alternately this many times")
    parser.add_argument("--remade", action="store_true", help="also list the PDFs a cached build remakes after one form changed")
    args = parser.parse_args()
    print(f"{platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}; runs are niced")
    with tempfile.TemporaryDirectory(prefix="mentorkit-pdf-bench-") as temporary:
        work = Path(temporary)
        results = []
        if not args.no_example:
            project = example_project(work / "example" / "project")
            results.append(measure("example handbook", project, work / "example", args.rounds))
        for pages in [size for size in args.pages or [1000] if size]:  # --pages 0: the example only
            project = corpus_project(work / f"corpus-{pages}" / "project", pages)
            results.append(measure(f"corpus of {pages:,} pages", project, work / f"corpus-{pages}", args.rounds))
        for result in results:
            report(result)
        if args.remade:
            project = example_project(work / "remade" / "project")
            print(f"\nPDFs remade after one field's label in {CHANGED_FORM} changed (cached build):")
            for path in remade_after_one_form(project, work / "remade"):
                print(f"  {path}")


if __name__ == "__main__":
    main()
