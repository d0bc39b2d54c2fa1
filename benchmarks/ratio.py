"""mentorkit's cold build against the two-core Python floor, run alternately.

    python benchmarks/ratio.py --pages 1000 --rounds 8

On a shared or busy machine the two drift together when they alternate, so
the ratio within each round is steadier than either time: the median of the
rounds' ratios is printed with each round's figures. run.py's table runs
each tool's repeats in a row instead.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import write_corpus  # noqa: E402
from run import PYTHON, Trash, compile_sources, run  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    args = parser.parse_args()
    corpus = args.work / f"corpus-{args.pages}"
    if not (corpus / "content").is_dir():
        write_corpus(corpus, args.pages)
    floor_out = args.work / "floor-out"
    mentorkit = [PYTHON, "-m", "generator", "build", str(corpus)]
    floor = [PYTHON, str(HERE / "floor.py"), str(corpus), str(floor_out), "--jobs", "2"]
    ratios = []
    compile_sources()
    trash = Trash(args.work)
    try:
        for number in range(args.rounds):
            walls = []
            for command, outputs in ((floor, [floor_out]), (mentorkit, [corpus / "site", corpus / ".mentorkit-cache"])):
                trash.take(outputs)
                walls.append(run(command)[0])
            ratios.append(walls[1] / walls[0])
            print(f"round {number + 1}: floor {walls[0]:.2f} s, mentorkit {walls[1]:.2f} s, ratio {ratios[-1]:.2f}", flush=True)
    finally:
        trash.empty()
    print(f"cold build vs the two-core floor, median of {len(ratios)} rounds: {statistics.median(ratios):.2f} x")


if __name__ == "__main__":
    main()
