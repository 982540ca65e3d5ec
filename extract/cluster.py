"""--engine dask: the same run on an existing Dask cluster (dask.distributed).

A partition is one input file. Folders are expanded as `extract.readers` expands them
(hidden files and folders left out, sorted by path) by a worker: the inputs must be on
storage the workers see, at the same path (relative paths are taken from the client's
working directory); the client needs no access to them. Each task reads its file, extracts
every article of it and sends back the rows of the three tables as CSV text, so the output
needs no shared storage. The client writes the rows in input order, so the tables are byte
for byte those of a one-process local run, and keeps at most `window` partitions in flight:
its memory holds the rows of at most that many files, whatever their number.

Every worker needs projfacts installed (the same version); each loads the rule tables once,
when the run starts (`warm`), and keeps them for later runs. `dask` and `distributed` are
optional (`pip install 'projfacts[dask]'`); this module imports them only when a run connects.
"""

from __future__ import annotations

import asyncio
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from extract import errors
from extract.errors import ExtractError
from extract.pipeline import Options, RunSummary, _count_done, count_written, extract_article, warm
from extract.readers import STDIN, iter_articles
from extract.records import Article, ArticleResult
from extract.resume import Done, ResumeError, prepare
from extract.write import Rendered, TableWriter, render

if TYPE_CHECKING:
    from distributed import Client

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)
T = TypeVar("T")

WINDOW_PER_THREAD = 2  # partitions in flight per worker thread: one running, one waiting
INSTALL_HINT = "pip install 'projfacts[dask]'"


class ClusterError(ExtractError):
    """The run cannot use the cluster: dask missing, scheduler unreachable, stdin given."""


class TaskFailed(ExtractError):
    """A task failed on the cluster (a worker died, or raised): the run stopped there."""


@dataclass(frozen=True)
class Part:
    """A partition: one input file as the command line names it, or an input already failed."""

    source: str
    error: str = ""  # set for a path not found or a folder that cannot be walked


class _Pending(Protocol[R_co]):
    """A future: a dask.distributed Future or a concurrent.futures one."""

    def result(self) -> R_co: ...

    def cancel(self) -> Any: ...


def run_on_dask(
    paths: Sequence[str], out_dir: Path, options: Options, scheduler: str, *,
    window: int | None = None, connect_timeout: float | None = None,
    on_error: Callable[[Article, str], None] | None = None,
    on_result: Callable[[ArticleResult], None] | None = None,
    on_resumed: Callable[[int], None] | None = None,
) -> RunSummary:
    """Extract every article under `paths` on the Dask cluster at `scheduler`; write the tables.

    The tables equal those of `extract.pipeline.run` on the same inputs. `window`: partitions
    in flight (default: two per worker thread); `connect_timeout` in seconds (default:
    dask's `distributed.comm.timeouts.connect`). Callbacks as for `run` (`on_result` gets
    results without projects). Raises ClusterError (cannot use the cluster), TaskFailed
    and ResumeError; the tables are not touched before the scheduler answers.
    """
    if STDIN in paths:
        raise ClusterError("standard input (-) cannot be read by a Dask cluster; give files or folders")
    client = _connect(scheduler, connect_timeout)
    try:
        _warm_workers(client)
        return _run(client, paths, out_dir, options, window, _Callbacks(on_error, on_result, on_resumed))
    finally:
        client.close()


@dataclass(frozen=True)
class _Callbacks:
    on_error: Callable[[Article, str], None] | None
    on_result: Callable[[ArticleResult], None] | None
    on_resumed: Callable[[int], None] | None


def _run(client: Client, paths: Sequence[str], out_dir: Path, options: Options, window: int | None,
         callbacks: _Callbacks) -> RunSummary:
    """List the partitions on a worker, extract them in order, write their rows as they come."""
    base = os.getcwd()
    parts = _wait(client.submit(list_parts, list(paths), base, pure=False))
    summary = RunSummary()
    done = _resume(out_dir, options, summary, callbacks.on_resumed)
    start, rows_done = resume_point(parts, done)
    submit = partial(_submit, client, options, base)
    batches = imap_window(submit, parts[start:], window or _default_window(client))
    with closing(batches), TableWriter(out_dir, excel=options.excel, append=options.resume) as writer:
        for item in drop_done(_flatten(batches), done, rows_done):
            writer.write_rows(item.rows)
            count_written(summary, item, callbacks.on_error, callbacks.on_result)
    return summary


# --- on the client ------------------------------------------------------------------


def _connect(scheduler: str, timeout: float | None) -> Client:
    """A client of the scheduler; ClusterError when dask is missing or nobody answers."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError(f"--engine dask needs dask.distributed, which is not installed: {INSTALL_HINT}") \
            from exc
    extra = {} if timeout is None else {"timeout": timeout}
    try:
        _check_address(scheduler)
        return Client(scheduler, set_as_default=False, **extra)
    except (OSError, ValueError) as exc:
        raise ClusterError(f"cannot connect to the Dask scheduler at {scheduler}: {exc}") from exc


def _check_address(scheduler: str) -> None:
    """ValueError for an unknown scheme or a TCP/TLS address without a port.

    Checked before a Client is made: one made of a malformed address hangs at exit.
    """
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    scheme, location = parse_address(scheduler)
    get_backend(scheme)
    if scheme in ("tcp", "tls"):
        parse_host_port(location)


def _warm_workers(client: Client) -> None:
    """Load the rule tables and tokenizers on every worker now (ClusterError if they cannot)."""
    try:
        client.run(_warm_worker)
    except Exception as exc:
        raise ClusterError(f"the Dask workers cannot run projfacts ({type(exc).__name__}: {exc}); "
                           "install projfacts, the same version, on every worker") from exc


def _default_window(client: Client) -> int:
    """Partitions in flight: WINDOW_PER_THREAD per worker thread of the cluster (at least 2)."""
    return max(2, WINDOW_PER_THREAD * sum(client.nthreads().values()))


def _submit(client: Client, options: Options, base: str, part: Part) -> _Pending[list[Rendered]]:
    """Start the task of one partition (never merged with another: the same file may be given twice)."""
    return client.submit(extract_part, part, options, base, pure=False)


def _wait(future: _Pending[R]) -> R:
    """The result of a task; TaskFailed when it failed on the cluster."""
    try:
        return future.result()
    except Exception as exc:
        raise TaskFailed(f"a task failed on the Dask cluster ({type(exc).__name__}: {exc})") from exc


def _resume(out_dir: Path, options: Options, summary: RunSummary,
            on_resumed: Callable[[int], None] | None) -> list[Done]:
    """With `options.resume`: the articles already in the tables (cut as `prepare` does)."""
    if not options.resume:
        return []
    done = prepare(out_dir)
    _count_done(summary, done)
    if on_resumed:
        on_resumed(len(done))
    return done


def resume_point(parts: Sequence[Part], done: Sequence[Done]) -> tuple[int, int]:
    """How many leading partitions the tables hold whole, and how many rows of articles.csv that is.

    A run writes in input order, so a partition is whole when rows of the next input follow
    its rows. The partition the rows end in (maybe cut short) is extracted again and its rows
    already written are dropped (`drop_done`); so is everything after an ambiguous point (the
    same file named twice in a row).
    """
    row = 0
    for index, part in enumerate(parts):
        end = row
        while end < len(done) and done[end].source == part.source:
            end += 1
        following = parts[index + 1].source if index + 1 < len(parts) else None
        if end in (row, len(done)) or following == part.source:
            return index, row
        row = end
    return len(parts), row


def drop_done(items: Iterable[Rendered], done: Sequence[Done], first: int) -> Iterator[Rendered]:
    """The items after those of `done[first:]`, which must be the next ones, in order (ResumeError)."""
    iterator = iter(items)
    for number in range(first, len(done)):
        expected, item = done[number], next(iterator, None)
        got = (item.result.article.article_id, item.result.article.source) if item else None
        if got != (expected.article_id, expected.source):
            given = f"{got[0]} ({got[1]})" if got else "no more articles"
            raise ResumeError(f"cannot resume: row {number + 1} of articles.csv is {expected.article_id} "
                              f"({expected.source}) but the inputs give {given}; rerun without --resume "
                              "to start over")
    yield from iterator


def imap_window(submit: Callable[[T], _Pending[R]], items: Iterable[T], window: int) -> Iterator[R]:
    """The results of `submit(item)` for each item, in order, with at most `window` submitted ahead."""
    pending: deque[_Pending[R]] = deque()
    try:
        for item in items:
            pending.append(submit(item))
            if len(pending) >= window:
                yield _wait(pending.popleft())
        while pending:
            yield _wait(pending.popleft())
    finally:
        for future in pending:
            future.cancel()


def _flatten(batches: Iterable[list[Rendered]]) -> Iterator[Rendered]:
    for batch in batches:
        yield from batch


# --- on the workers -----------------------------------------------------------------


async def _warm_worker() -> None:
    """Run by `client.run` on each worker: `warm`, off the worker's event loop."""
    await asyncio.get_running_loop().run_in_executor(None, warm)


def list_parts(paths: Sequence[str], base: str = "") -> list[Part]:
    """The partitions of `paths` in the order `iter_articles` reads them.

    Relative paths are taken from `base` (the client's working directory) but keep the
    form given, as the `source` column shows them.
    """
    parts: list[Part] = []
    for given in paths:
        where = os.path.join(base, given)
        if os.path.isdir(where):
            parts.extend(_folder_parts(given, where))
        elif os.path.exists(where):
            parts.append(Part(given))
        else:
            parts.append(Part(given, errors.NOT_FOUND))
    return parts


def _folder_parts(root: str, where: str) -> list[Part]:
    """Every visible file under the folder `where` (named `root`), sorted as the readers sort."""
    failures: list[OSError] = []
    found: list[str] = []
    for folder, dirs, files in os.walk(where, onerror=failures.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        named = root + folder[len(where):]
        found.extend(os.path.join(named, f) for f in files if not f.startswith("."))
    parts = [Part(path) for path in sorted(found, key=lambda p: Path(p).parts)]
    for failure in failures:
        failed = str(failure.filename)
        named = root + failed[len(where):] if failed.startswith(where) else failed
        parts.append(Part(named, errors.UNREADABLE.format(detail=failure.strerror or failure)))
    return parts


def extract_part(part: Part, options: Options, base: str = "") -> list[Rendered]:
    """Run in a worker: every article of one partition, as rows."""
    return [render(extract_article(article, options)) for article in _articles(part, options, base)]


def _articles(part: Part, options: Options, base: str) -> Iterator[Article]:
    """The articles of a partition, with `source` as the command line named it."""
    if part.error:
        yield Article(article_id=Path(part.source).stem, source=part.source, error=part.error)
        return
    for article in iter_articles([os.path.join(base, part.source)], max_bytes=options.max_bytes):
        yield replace(article, source=part.source)
