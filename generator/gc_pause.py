"""Python's collector of reference cycles paused while a build runs.

Why: a build keeps everything it makes, so the collector's full passes walk
an ever larger heap and find almost nothing (see docs/performance.md).
PDFs are the exception: WeasyPrint's documents are full of cycles.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """The collector off until the block ends (then back on, if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def cyclic_gc_running() -> Iterator[None]:
    """The collector on for the block, for work that makes cycles by the thousand."""
    enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not enabled:
            gc.disable()
