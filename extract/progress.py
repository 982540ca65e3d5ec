"""What the command line shows on standard error while a run goes.

A rich progress bar (articles done, articles/s, time left) when standard error is a
terminal, and the one-line reason of each skipped article in every case. Used by the
CLI only: the pipeline reports through callbacks and never prints.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from extract.readers import CSV_FIELD_LIMIT, STDIN
from extract.records import Article, ArticleResult

COUNT_CHUNK = 1 << 20


class RateColumn(ProgressColumn):
    """Articles per second, averaged over the last half minute."""

    def render(self, task: Task) -> Text:
        """The rate, or nothing before the first article."""
        speed = task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "", style="progress.data.speed")


class Reporter:
    """Progress bar and skipped-article messages of one run, on standard error."""

    def __init__(self, total: int | None, *, bar: bool) -> None:
        self._console = Console(stderr=True)
        self._progress = _progress(self._console) if bar else None
        self._task: TaskID | None = None
        self._total = total

    def __enter__(self) -> Reporter:
        if self._progress:
            self._progress.start()
            self._task = self._progress.add_task("extracting", total=self._total)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress:
            self._progress.stop()

    def resumed(self, done: int) -> None:
        """Start the bar at the articles a resumed run finds already written."""
        if self._progress and self._task is not None:
            self._progress.reset(self._task, completed=done)

    def written(self, result: ArticleResult) -> None:
        """One more article written."""
        if self._progress and self._task is not None:
            self._progress.advance(self._task)

    def skipped(self, article: Article, reason: str) -> None:
        """Say why an article was skipped (above the bar while it shows)."""
        message = f"skipped {article.source} [{article.article_id}]: {reason}"
        if self._progress:
            self._console.print(message, markup=False, highlight=False, soft_wrap=True)
        else:
            typer.echo(message, err=True)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
        console=console, transient=True,
    )


def show_bar(quiet: bool) -> bool:
    """Whether to draw a progress bar: standard error is a terminal and not --quiet."""
    return not quiet and sys.stderr.isatty()


def count_articles(paths: Sequence[str]) -> int | None:
    """About how many articles `paths` hold (None for standard input): the bar's total."""
    if STDIN in paths:
        return None
    return sum(_count_file(path) for path in _files(paths))


def _files(paths: Sequence[str]) -> Iterator[str]:
    """The files a run reads, as `extract.readers` walks them (hidden ones left out)."""
    for given in paths:
        if not os.path.isdir(given):
            yield given
            continue
        for folder, dirs, files in os.walk(given):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            yield from (os.path.join(folder, f) for f in files if not f.startswith("."))


def _count_file(path: str) -> int:
    """Articles in one file: a record count for JSONL and CSV, else one."""
    suffix = Path(path).suffix.lower()
    try:
        if suffix == ".jsonl":
            return _count_lines(path)
        if suffix == ".csv":
            return _count_csv_rows(path)
    except OSError:
        pass  # the reader will report it as one skipped article
    return 1


def _count_lines(path: str) -> int:
    """Lines of a file (a last line without a newline counts)."""
    lines, last = 0, b"\n"
    with open(path, "rb") as stream:
        while chunk := stream.read(COUNT_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def _count_csv_rows(path: str) -> int:
    """Data rows of a CSV file (quoted fields may span lines)."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    # latin-1 maps bytes one to one: quotes and newlines are found in UTF-8 and GB18030 alike
    with open(path, encoding="latin-1", newline="") as stream:
        return max(sum(1 for _ in csv.reader(stream)) - 1, 1)
