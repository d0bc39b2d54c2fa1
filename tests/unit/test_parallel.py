import os
import time

import pytest

import generator.parallel
from generator.parallel import map_chunks

PARENT = os.getpid()


def doubled(shared: int, items: list[int]) -> list[int]:
    return [item * shared for item in items]


def fails_in_a_child(shared: None, items: list[int]) -> list[int]:
    if os.getpid() != PARENT:
        raise ValueError("a bug in a worker")
    time.sleep(0.05)  # so that the child gets chunks to take
    return items


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.parallel, "workers", lambda items: 2)


def test_results_come_back_in_order(two_processes: None) -> None:
    assert map_chunks(doubled, 2, range(1000)) == [n * 2 for n in range(1000)]
    assert generator.parallel._work is None, "the shared work is cleared"


def test_a_failure_in_a_child_is_raised(two_processes: None) -> None:
    with pytest.raises(RuntimeError, match="ValueError: a bug in a worker"):
        map_chunks(fails_in_a_child, None, range(4000))


def test_small_work_stays_in_one_process() -> None:
    assert generator.parallel.workers(10) == 1
    assert map_chunks(doubled, 3, [1, 2]) == [3, 6]
