"""Resuming an interrupted run: find the articles already written and cut the rest.

An article is done when its articles.csv row is complete (the writer writes it after the
article's projects.csv and facts.csv rows, see `extract.write`). Preparing a folder cuts
a partial last record from each table and the projects/facts rows of the article that
was being written, so the run can append from the next article on.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.readers import CSV_FIELD_LIMIT
from extract.records import Article
from extract.write import TABLES


class ResumeError(Exception):
    """The output folder does not belong to these inputs."""


@dataclass(frozen=True)
class Done:
    """An article whose rows are all in the tables."""

    article_id: str
    source: str
    n_projects: int
    error: str


@dataclass(frozen=True)
class _Record:
    """A CSV record and the byte offset just after it."""

    fields: list[str]
    end: int
    complete: bool  # all columns, and the line terminator was written


def prepare(out_dir: Path) -> list[Done]:
    """Cut the tables in `out_dir` back to the articles fully written; return those."""
    done = _cut_articles(out_dir / "articles.csv")
    ids = [d.article_id for d in done]
    for name in TABLES:
        if name != "articles.csv":
            _cut_to_articles(out_dir / name, ids)
    return done


def skip_done(articles: Iterable[Article], done: list[Done]) -> Iterator[Article]:
    """The articles after the first `len(done)`, which must be the ones done, in order."""
    iterator = iter(articles)
    for number, expected in enumerate(done, 1):
        article = next(iterator, None)
        if article is None or (article.article_id, article.source) != (expected.article_id, expected.source):
            raise ResumeError(_mismatch(number, expected, article))
    yield from iterator


def _mismatch(number: int, expected: Done, article: Article | None) -> str:
    given = f"{article.article_id} ({article.source})" if article else "no more articles"
    return (f"cannot resume: row {number} of articles.csv is {expected.article_id} ({expected.source}) "
            f"but the inputs give {given}; rerun without --resume to start over")


def _cut_articles(path: Path) -> list[Done]:
    """Truncate articles.csv after its last complete row; the articles of its rows."""
    done: list[Done] = []
    header: list[str] = []
    end = 0
    for record in _records(path):
        if not record.complete:
            break
        if header:
            done.append(_done(dict(zip(header, record.fields, strict=True))))
        header = header or record.fields
        end = record.end
    _truncate(path, end)
    return done


def _cut_to_articles(path: Path, done_ids: list[str]) -> None:
    """Truncate a table after the last row that belongs to a done article.

    Rows come in article order, so a pointer walks along `done_ids` (articles without
    rows in this table are passed over); the first row it cannot place ends the table.
    """
    position, end = 0, 0
    for index, record in enumerate(_records(path)):
        if not record.complete:
            break
        if index:
            while position < len(done_ids) and done_ids[position] != record.fields[0]:
                position += 1
            if position == len(done_ids):
                break
        end = record.end
    _truncate(path, end)


def _done(row: dict[str, str]) -> Done:
    n_projects = row["n_projects"]
    return Done(row["article_id"], row["source"], int(n_projects) if n_projects.isdigit() else 0,
                row["error"])


def _records(path: Path) -> Iterator[_Record]:
    """The CSV records of a file (header first) with their end offsets in bytes."""
    if not path.exists():
        return
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with path.open("rb") as stream:
        lines = _CountedLines(stream)
        width = 0
        for fields in csv.reader(lines):
            width = width or len(fields)
            yield _Record(fields, lines.end, lines.newline and len(fields) == width)


class _CountedLines:
    """The decoded lines of a binary file, counting the bytes read so far.

    csv.reader asks for a line only when its record needs one, so after each record
    `end` is the record's end offset.
    """

    def __init__(self, stream: Iterable[bytes]) -> None:
        self._stream = iter(stream)
        self.end = 0
        self.newline = False

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = next(self._stream)
        first = self.end == 0
        self.end += len(raw)
        self.newline = raw.endswith(b"\n")
        line = raw.decode("utf-8", errors="replace")
        return line.removeprefix("\ufeff") if first else line


def _truncate(path: Path, size: int) -> None:
    """Cut a file to `size` bytes (nothing to do when it does not exist)."""
    if path.exists() and path.stat().st_size != size:
        os.truncate(path, size)
