"""Spike (issue 24): the handbook PDF made in parts and joined, against one WeasyPrint document.

    python benchmarks/handbook_chunks.py PROJECT WORK [--parts 4] [--workers 2] [--whole]

Captures the documents a `build --pdf` hands WeasyPrint (benchmarks/pdf.py's
_capture), takes the first handbook, makes it in parts with
generator/render/pdf_join.py and writes WORK/joined.pdf; with --whole also
WORK/whole.pdf, the handbook as one document, timed the same way. Prints
wall, CPU and peak memory of each.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def capture(project: Path, work: Path, which: int = 0) -> tuple[str, str, dict, dict]:
    documents = work / "documents.pickle"
    if not documents.exists():
        subprocess.run(
            [sys.executable, str(HERE / "pdf.py"), "_capture", str(project), str(work / "captured-site"), str(documents)], check=True
        )
    kept, served = pickle.loads(documents.read_bytes())
    html, base_url, options = [k for k in kept if k[1].endswith("/handbook.html")][which]
    return html, base_url, options, served


def whole(work: Path) -> None:
    """In a process of its own: the handbook as one document (the floor's way)."""
    import weasyprint

    from generator.render.pdf import _fetcher, quick_page_references

    html, base_url, options, served = capture(Path(), work, int(os.environ.get("HANDBOOK", "0")))
    quick_page_references()
    started, used = time.perf_counter(), time.process_time()
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher(weasyprint, served)).render(**options)
    laid_out = time.process_time()
    (work / "whole.pdf").write_bytes(document.write_pdf(**options))
    report = {
        "wall": time.perf_counter() - started,
        "cpu": time.process_time() - used,
        "layout": laid_out - used,
        "sheets": len(document.pages),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(report))


def two_core_model(made: Any, workers: int, main_cpu: float) -> float:
    """The wall time on idle cores: the parts' CPU times handed to `workers` processes in order
    (the first front and the chapter parts), then the front's later passes and the main
    process's own work (cutting, the join) one after another: an upper bound."""
    chapters = made.parts[made.front_parts :]
    free = [0.0] * workers
    for seconds in [made.front_cpu[0], *(part.cpu for part in chapters)]:
        free[free.index(min(free))] += seconds
    last = [0.0] * workers  # the front's last pieces, on the processes together (or its passes, one by one)
    for seconds in made.front_cpu[1:]:
        last[last.index(min(last))] += seconds
    serial = max(last) if made.front_parts > 1 else sum(made.front_cpu[1:])
    return max(free) + serial + main_cpu


def main() -> None:
    if sys.argv[1:2] == ["_whole"]:
        whole(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--parts", type=int, default=4)
    parser.add_argument("--handbook", type=int, default=0, help="which handbook (0: the first language's)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--whole", action="store_true", help="also make it as one document (WORK/whole.pdf), timed")
    parser.add_argument("--in-memory", action="store_true", help="join in one pikepdf document (pdf_memory_join.join)")
    parser.add_argument("--check", action="store_true", help="compare WORK/joined.pdf with WORK/whole.pdf (tests/pdf_compare.py)")
    args = parser.parse_args()
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    html, base_url, options, served = capture(args.project.resolve(), args.work, args.handbook)
    from generator.render.pdf_join import make_in_parts

    ready_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    before = os.times()
    with (args.work / "joined.pdf").open("wb") as target:
        made = make_in_parts(html, base_url, served, options, args.parts, args.workers, streaming=not args.in_memory, target=target)
    after = os.times()
    (args.work / "parts.pickle").write_bytes(pickle.dumps(made.parts))
    main_cpu = after.user + after.system - before.user - before.system
    cpu = main_cpu + (after.children_user + after.children_system) - (before.children_user + before.children_system)
    main_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    passes = ", ".join(f"{seconds:.1f}" for seconds in made.front_cpu)
    print(
        f"parts: {args.parts} chapter parts + the front in {made.front_parts} ({made.front_passes} passes: {passes} s CPU),"
        f" {args.workers} workers"
    )
    for number, part in enumerate(made.parts):
        print(f"  part {number}: {part.pages} sheets, {part.seconds:.1f} s wall, {part.cpu:.1f} s CPU, peak {part.peak_mb:.0f} MB")
    print(
        f"in parts: wall {made.wall:.1f} s (join {made.join_seconds:.1f} s), CPU {cpu:.1f} s (main process {main_cpu:.1f} s),"
        f" main peak {main_peak:.0f} MB ({ready_mb:.0f} MB before it started: the captured documents)"
    )
    print(f"modelled on {args.workers} idle cores: {two_core_model(made, args.workers, main_cpu):.1f} s")
    if args.whole:
        environment = {**os.environ, "HANDBOOK": str(args.handbook)}
        command = [sys.executable, __file__, "_whole", str(args.work)]
        result = subprocess.run(command, check=True, capture_output=True, text=True, cwd=args.work, env=environment)
        report = json.loads(result.stdout.strip().splitlines()[-1])
        (args.work / "whole.json").write_text(json.dumps(report))
    if (args.work / "whole.json").exists():
        report = json.loads((args.work / "whole.json").read_text())
        print(
            f"one document: {report['sheets']} sheets, wall {report['wall']:.1f} s, CPU {report['cpu']:.1f} s"
            f" (layout {report['layout']:.1f} s), peak {report['peak_mb']:.0f} MB"
        )
        model = two_core_model(made, args.workers, main_cpu)
        ratio, cpu_ratio = model / report["cpu"], cpu / report["cpu"]
        print(f"modelled wall / the one document's CPU: {ratio:.2f} x; CPU in parts / one document's: {cpu_ratio:.2f} x")
    if args.check:
        sys.path.insert(0, str(HERE.parent / "tests"))
        from pdf_compare import differences

        found = differences(args.work / "whole.pdf", args.work / "joined.pdf")
        print("checked against the one document:", "no difference" if not found else "\n  ".join(["", *found]))


if __name__ == "__main__":
    main()
