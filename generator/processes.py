"""Spread pure per-page work over processes (the GIL holds threads back).

Only where it pays and is safe: on Linux (fork shares the build's data with
the workers without pickling it), with more than one core, enough work, and
no other threads running (forking a threaded process can deadlock).

The main process is one of the workers: with N cores it forks N - 1
children and works beside them, so its own share is never pickled and sent
back. Work is cut into chunks that every process takes from a shared
counter, so a process that falls behind (the main one also receives the
others' results) takes fewer; the chunks shrink towards the end, so that
the processes finish together. Results are joined in order, so the output
is byte-identical either way. What each of these was worth is in
docs/performance.md.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MIN_ITEMS = 200
"""Below this many pages, starting processes costs more than it saves."""
PIPE_SIZE = 1 << 20
MIN_CHUNK = 8
"""The smallest chunk: a few milliseconds of work, well above the cost of sending its results."""


class _Work:
    def __init__(self, function: Callable[[Any, list[Any]], list[Any]], shared: Any, items: Sequence[Any], processes: int) -> None:
        self.function = function
        self.shared = shared
        self.items = items
        self.chunks = chunk_bounds(len(items), processes)
        self.next_chunk = multiprocessing.get_context("fork").Value("i", 0)
        self.parent = os.getpid()
        self.ends_with_parent = False

    def claimed(self) -> Iterator[int]:
        """The chunks this process takes, one at a time, until none are left."""
        while True:
            with self.next_chunk.get_lock():
                index = self.next_chunk.value
                self.next_chunk.value = index + 1
            if index >= len(self.chunks):
                return
            yield index

    def run(self, index: int) -> list[Any]:
        start, stop = self.chunks[index]
        return self.function(self.shared, list(self.items[start:stop]))


def chunk_bounds(items: int, processes: int) -> list[tuple[int, int]]:
    """(start, stop) of each chunk: each a quarter of what is left per
    process, so the first carry much work and the last very little."""
    bounds = []
    start = 0
    while start < items:
        size = max(MIN_CHUNK, -(-(items - start) // (processes * 4)))
        bounds.append((start, min(start + size, items)))
        start += size
    return bounds


def workers(items: int) -> int:
    """How many processes to use for `items` pieces of work (1: none)."""
    if items < MIN_ITEMS or not _can_fork():
        return 1
    return max(1, min(_cores(), items // (MIN_ITEMS // 2)))


class WorkerFailed(Exception):
    """The traceback, as text, of an exception raised in a worker process:
    the cause of the same exception raised again in the main process."""


def _child(work: _Work, sender: Connection, inherited: list[Connection]) -> None:
    """A forked child: take chunks, send each chunk's results as they are made.

    The receiving ends the fork copied are closed first: a child holding
    its own pipe's reading end would, once the main process was killed,
    wait forever for room in a pipe nobody reads. Without them, sending
    fails at once and the child ends.
    """
    for connection in inherited:
        connection.close()
    if work.ends_with_parent:
        end_with_parent(work.parent)
    try:
        for index in work.claimed():
            try:
                results = work.run(index)
            except BaseException as exc:  # the main process raises it again (a user's problem, or a bug)
                sender.send(("failed", _travelling(exc), traceback.format_exc()))
                return
            sender.send((index, results))
        sender.send(None)
    except OSError:
        pass  # the main process is gone: nobody is waiting for these results
    finally:
        sender.close()


def end_with_parent(parent: int) -> None:
    """Have Linux kill this process when `parent` dies (SIGTERM, the OOM
    killer): a child of map_each would otherwise lay out for minutes a PDF
    part nobody will read, and the preview's build process would outlive
    the server. SIGKILL, as the preview's SIGTERM handler is inherited. Not
    for map_chunks' children, whose chunks take milliseconds."""
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the prctl
        os._exit(1)


def _travelling(exc: BaseException) -> BaseException | None:
    """`exc` if it can be sent to the main process and read back there (else its text alone travels)."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return None
    return exc


def map_chunks(
    function: Callable[[Any, list[Item]], list[Result]],
    shared: Any,
    items: Sequence[Item],
) -> list[Result]:
    """`function(shared, chunk)` over chunks of `items`, results joined in order."""
    processes = workers(len(items))
    if processes == 1:
        return function(shared, list(items))
    context = multiprocessing.get_context("fork")
    work = _Work(function, shared, items, processes)
    results: dict[int, list[Result]] = {}
    failures: list[tuple[BaseException | None, str]] = []
    children: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    receivers: list[threading.Thread] = []
    finished = False
    # Frozen objects are left alone by the children's garbage collector, which
    # would otherwise walk (and so copy, page by page) the whole inherited heap.
    gc.freeze()
    try:
        for _ in range(processes - 1):
            receiver, sender = context.Pipe(duplex=False)
            _widen(sender)
            inherited = [receiver, *(earlier for _, earlier in children)]
            # Forked, the child has the work (the model, the items) without it being pickled.
            process = context.Process(target=_child, args=(work, sender, inherited), daemon=True)
            process.start()
            sender.close()
            children.append((process, receiver))
        receivers = [threading.Thread(target=_receive, args=(receiver, results, failures)) for _, receiver in children]
        for thread in receivers:
            thread.start()
        for index in work.claimed():
            results[index] = work.run(index)
        finished = True
    finally:
        if not finished:  # the main process's own share raised: the children's work is not wanted
            for child, _ in children:
                child.kill()
        # Each thread ends when its child has sent everything or is gone; only
        # then is its pipe closed (closed under a reading thread, it raised there).
        for thread in receivers:
            thread.join()
        for child, receiver in children:
            receiver.close()
            child.join()
        gc.unfreeze()
    if failures:
        raised, text = failures[0]
        if raised is None:
            raise RuntimeError("a worker process failed:\n" + text)
        raise raised from WorkerFailed(text)
    if len(results) != len(work.chunks):
        raise RuntimeError("a worker process stopped before finishing its work")
    return [result for index in range(len(work.chunks)) for result in results[index]]


def _widen(connection: Connection) -> None:
    """Make the pipe hold a whole chunk's results (a megabyte).

    With the default 64 kB, a child sending a chunk stops at every 64 kB
    until the main process's receiving thread has read it, and that thread
    waits for the main thread to let go of the GIL each time: the child
    spent much of its time waiting. Linux lets a pipe grow to 1 MB
    (/proc/sys/fs/pipe-max-size) without privileges.
    """
    import fcntl  # only here: parallel builds are Linux only, and Windows has no fcntl

    with contextlib.suppress(OSError):  # a lower limit: the pipe works as it is, only more slowly
        fcntl.fcntl(connection.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_SIZE)


def _receive(receiver: Connection, results: dict[int, list[Any]], failures: list[tuple[BaseException | None, str]]) -> None:
    """Collect one child's results (in a thread, while the main process works)."""
    while True:
        try:
            message = receiver.recv()
        except (EOFError, OSError):
            return  # the child died: map_chunks sees chunks missing
        except Exception as exc:  # a message that cannot be read back: said, not raised in this thread
            failures.append((None, f"a worker's results could not be read: {exc!r}"))
            return
        if message is None:
            return
        if message[0] == "failed":
            failures.append((message[1], message[2]))
            return
        index, part = message
        results[index] = part


def map_each(
    function: Callable[[Any, list[Item]], list[Result]],
    shared: Any,
    items: Sequence[Item],
    on_done: Callable[[int], None] = lambda index: None,
) -> list[Result]:
    """`function(shared, [item])` for each of a few heavy items (PDFs), one
    process a core, results in order; `on_done(index)` hears of each as it
    is done, in the main process.

    Unlike map_chunks, the main process only waits and reports: a heavy
    item holds much memory while it is made, and the main process keeps
    the whole build's data; the children end with their items.
    """
    processes = min(len(items), _cores()) if len(items) > 1 and _can_fork() else 1
    if processes == 1:
        found = []
        for index, item in enumerate(items):
            found += function(shared, [item])
            on_done(index)
        return found
    context = multiprocessing.get_context("fork")
    work = _Work(function, shared, items, processes)
    work.chunks = [(index, index + 1) for index in range(len(items))]
    work.ends_with_parent = True
    results: dict[int, list[Result]] = {}
    failures: list[tuple[BaseException | None, str]] = []
    children: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    receivers: list[threading.Thread] = []
    gc.freeze()
    try:
        for _ in range(processes):
            receiver, sender = context.Pipe(duplex=False)
            _widen(sender)
            inherited = [receiver, *(earlier for _, earlier in children)]
            process = context.Process(target=_child, args=(work, sender, inherited), daemon=True)
            process.start()
            sender.close()
            children.append((process, receiver))
        receivers = [threading.Thread(target=_receive, args=(receiver, results, failures)) for _, receiver in children]
        for thread in receivers:
            thread.start()
        told: set[int] = set()
        while any(thread.is_alive() for thread in receivers):
            for index in [i for i in list(results) if i not in told]:
                told.add(index)
                on_done(index)
            time.sleep(0.05)
        for index in [i for i in list(results) if i not in told]:
            on_done(index)
    finally:
        for thread in receivers:
            thread.join()
        for child, receiver in children:
            receiver.close()
            child.join()
        gc.unfreeze()
    if failures:
        raised, text = failures[0]
        if raised is None:
            raise RuntimeError("a worker process failed:\n" + text)
        raise raised from WorkerFailed(text)
    if len(results) != len(items):
        raise RuntimeError("a worker process stopped before finishing its work")
    return [result for index in range(len(items)) for result in results[index]]


def _can_fork() -> bool:
    """Linux, and no other thread that a fork could catch holding a lock."""
    return sys.platform == "linux" and threading.active_count() == 1


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
