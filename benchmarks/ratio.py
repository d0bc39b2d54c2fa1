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
from run import Trash, alternating_rounds, compile_sources  # noqa: E402


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
    compile_sources()
    trash = Trash(args.work)
    ratios = []
    try:
        for number in range(args.rounds):
            [(floor, mentorkit)] = alternating_rounds(corpus, floor_out, 1, trash)
            ratios.append(mentorkit / floor)
            print(f"round {number + 1}: floor {floor:.2f} s, mentorkit {mentorkit:.2f} s, ratio {ratios[-1]:.2f}", flush=True)
    finally:
        trash.empty()
    print(f"cold build vs the two-core floor, median of {len(ratios)} rounds: {statistics.median(ratios):.2f} x")


if __name__ == "__main__":
    main()
