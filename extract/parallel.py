"""An ordered, memory-bounded parallel map over a stream, in worker processes on one machine.

Items are read from the stream by the caller's process, sent to the workers in chunks,
and yielded back in input order. At most `WINDOW_PER_WORKER * workers` chunks are in
flight, so memory does not grow with the length of the stream.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

WINDOW_PER_WORKER = 2  # chunks queued per worker: one running, one waiting


def imap_ordered(
    fn: Callable[[T], R], items: Iterable[T], *, workers: int, chunk: int = 8,
    initializer: Callable[[], None] | None = None,
) -> Iterator[R]:
    """`map(fn, items)` computed by `workers` processes, yielded in input order."""
    pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_init,
                               initargs=(initializer,))
    pending: deque[Future[list[R]]] = deque()
    try:
        for batch in _batches(items, chunk):
            pending.append(pool.submit(_apply, fn, batch))
            if len(pending) >= WINDOW_PER_WORKER * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _apply(fn: Callable[[T], R], batch: list[T]) -> list[R]:
    """Run in a worker: `fn` on each item of a chunk."""
    return [fn(item) for item in batch]


def _init(initializer: Callable[[], None] | None) -> None:
    """Run once in each worker before its first chunk."""
    # Ctrl-C reaches the whole process group: let the parent alone stop the run, so the
    # chunks already running finish and their rows are written before it exits.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer()


def _context() -> multiprocessing.context.BaseContext:
    """Fresh workers: not forked from a parent that may run threads (the progress bar)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
