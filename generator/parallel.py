"""Spread pure per-page work over processes (the GIL holds threads back).

Only where it pays and is safe: on Linux (fork shares the build's data with
the workers without pickling it), with more than one core, enough work, and
no other threads running (forking a threaded process can deadlock). Results
come back in order, so the output is byte-identical either way.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 200
"""Below this many pages, starting processes costs more than it saves."""

# Set just before forking and read by the forked workers: fork copies them,
# so the site model and the items reach the workers without being pickled
# (pickling a thousand pages to send them was a serial step). Cleared right after.
_shared: Any = None
_items: Sequence[Any] = ()


def workers(items: int) -> int:
    """How many processes to use for `items` pieces of work (1: none)."""
    if items < MIN_ITEMS or sys.platform != "linux" or threading.active_count() > 1:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, items // (MIN_ITEMS // 2)))


def _call(job: tuple[Callable[[Any, Any], Any], int, int]) -> Any:
    function, start, stop = job
    return function(_shared, list(_items[start:stop]))


def map_chunks(function: Callable[[Any, list[Item]], list[Result]], shared: Any, items: Sequence[Item]) -> list[Result]:
    """`function(shared, chunk)` over chunks of `items`, results joined in order."""
    global _shared, _items
    jobs = workers(len(items))
    if jobs == 1:
        return function(shared, list(items))
    size = -(-len(items) // (jobs * 4))
    _shared, _items = shared, items
    # Frozen objects are left alone by the workers' garbage collector, which
    # would otherwise walk (and so copy, page by page) the whole inherited heap.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_call, [(function, start, start + size) for start in range(0, len(items), size)], chunksize=1)
    finally:
        gc.unfreeze()
        _shared, _items = None, ()
    return [result for part in parts for result in part]
