import contextlib
import itertools
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import generator.processes
from generator.processes import map_chunks

PARENT = os.getpid()
REPO = Path(__file__).resolve().parents[2]


def doubled(shared: int, items: list[int]) -> list[int]:
    return [item * shared for item in items]


def fails_in_a_child(shared: None, items: list[int]) -> list[int]:
    if os.getpid() != PARENT:
        raise ValueError("a bug in a worker")
    time.sleep(0.05)  # so that the child gets chunks to take
    return items


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.processes, "workers", lambda items: 2)


def test_results_come_back_in_order(two_processes: None) -> None:
    assert map_chunks(doubled, 2, range(1000)) == [n * 2 for n in range(1000)]


def test_a_failure_in_a_child_is_raised_again_with_its_traceback(two_processes: None) -> None:
    with pytest.raises(ValueError, match="a bug in a worker") as raised:
        map_chunks(fails_in_a_child, None, range(4000))
    assert isinstance(raised.value.__cause__, generator.processes.WorkerFailed)
    assert "in fails_in_a_child" in str(raised.value.__cause__)


class Unreadable(Exception):
    def __init__(self, one: str, two: str) -> None:
        super().__init__(f"{one} {two}")  # pickled with one argument, it cannot be made again


def fails_unreadably_in_a_child(shared: None, items: list[int]) -> list[int]:
    if os.getpid() != PARENT:
        raise Unreadable("cannot", "travel")
    time.sleep(0.05)
    return items


def test_a_failure_that_cannot_travel_is_told_as_text(two_processes: None) -> None:
    with pytest.raises(RuntimeError, match="Unreadable: cannot travel"):
        map_chunks(fails_unreadably_in_a_child, None, range(4000))


def test_small_work_stays_in_one_process() -> None:
    assert generator.processes.workers(10) == 1
    assert map_chunks(doubled, 3, [1, 2]) == [3, 6]


def slow_pids(shared: None, items: list[int]) -> list[int]:
    time.sleep(0.002 * len(items))
    return [os.getpid()] * len(items)


def test_chunks_cover_the_work_in_order_and_shrink_towards_the_end() -> None:
    bounds = generator.processes.chunk_bounds(1021, 2)
    assert bounds[0][0] == 0 and bounds[-1][1] == 1021
    assert all(stop == start for (_, stop), (start, _) in itertools.pairwise(bounds))
    sizes = [stop - start for start, stop in bounds]
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] > 100 and max(sizes[-3:]) <= generator.processes.MIN_CHUNK
    assert generator.processes.chunk_bounds(3, 2) == [(0, 3)]


# map_each: a few heavy items (PDFs), one a process, the main process only waiting.


def pid_of(shared: None, items: list[int]) -> list[tuple[int, int]]:
    time.sleep(0.05)
    return [(item, os.getpid()) for item in items]


def fails_on_three(shared: None, items: list[int]) -> list[int]:
    if 3 in items:
        raise ValueError("item 3 is broken")
    return items


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two cores, and forking allowed: threads other tests left running would otherwise keep map_each in one process."""
    monkeypatch.setattr(generator.processes, "_cores", lambda: 2)
    monkeypatch.setattr(generator.processes, "_can_fork", lambda: True)


def test_each_item_in_a_child_in_order_and_heard_as_done(two_cores: None) -> None:
    heard: list[int] = []
    results = generator.processes.map_each(pid_of, None, list(range(6)), heard.append)
    assert [item for item, _ in results] == list(range(6))
    assert PARENT not in {pid for _, pid in results}, "the main process only waits"
    assert len({pid for _, pid in results}) == 2, "both children took items"
    assert sorted(heard) == list(range(6))


def test_one_item_stays_in_the_main_process(two_cores: None) -> None:
    heard: list[int] = []
    assert generator.processes.map_each(pid_of, None, [7], heard.append) == [(7, PARENT)] and heard == [0]


def test_a_failing_item_is_raised_again(two_cores: None) -> None:
    with pytest.raises(ValueError, match="item 3 is broken"):
        generator.processes.map_each(fails_on_three, None, list(range(5)))


@pytest.mark.skipif(sys.platform != "linux", reason="forked workers, and /proc, are Linux only")
def test_the_children_of_map_each_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    """Killed with SIGTERM (or by the OOM killer), the build leaves no child laying out a PDF nobody will read."""
    script = tmp_path / "slow.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import os, sys, time
            sys.path.insert(0, {str(REPO)!r})
            import generator.processes as processes
            processes._cores = lambda: 2
            def slow(folder, items):
                open(os.path.join(folder, str(os.getpid())), "w").close()
                time.sleep(60)
                return items
            processes.map_each(slow, {str(tmp_path)!r}, [1, 2])
            """
        )
    )
    main = subprocess.Popen([sys.executable, str(script)])
    try:
        deadline = time.monotonic() + 20
        while len(children := [p for p in tmp_path.iterdir() if p.name.isdigit()]) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(children) == 2, "both children started"
        main.send_signal(signal.SIGTERM)
        main.wait(10)
        deadline = time.monotonic() + 5
        while any(alive(int(p.name)) for p in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(int(p.name)) for p in children)
    finally:
        main.kill()
        for child in [p for p in tmp_path.iterdir() if p.name.isdigit()]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(child.name), signal.SIGKILL)


def alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, ended but not yet reaped by init, counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
