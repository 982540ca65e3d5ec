"""Writers of the contract tables: projects.csv, facts.csv, articles.csv.

Rows are written as each article's result arrives (nothing is held until the end).
Column order is the contract's; columns we added come last.

Crash safety (what `--resume` relies on): each article's rows go out with one write()
per file, flushed, in the order projects.csv, facts.csv, articles.csv, so an article
whose articles.csv row is complete has all its rows on disk.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from typing import IO

from extract.records import ArticleResult, Mention, Project

PROJECT_COLUMNS = (
    "article_id", "project_id", "kind", "project_name", "company", "project_count",
    "investment_cny", "investment_text", "signing_date", "start_date", "completion_date",
    "production_date", "province", "city", "county", "place", "adcode", "evidence",
    # added after the contract's columns:
    "status", "location",
)
FACT_COLUMNS = (
    "article_id", "project_id", "field", "value", "unit", "text", "start_char", "end_char",
    "rule", "sentence_index",
    # added after the contract's columns:
    "qualifier", "planned",
)
ARTICLE_COLUMNS = (
    "article_id", "source", "title", "published", "lang", "n_chars", "n_projects", "error",
)
TABLES = {"projects.csv": PROJECT_COLUMNS, "facts.csv": FACT_COLUMNS, "articles.csv": ARTICLE_COLUMNS}


def project_ids(result: ArticleResult) -> dict[str, str]:
    """Map each record's link key to its `ARTICLE_ID#N` id (N in article order)."""
    article_id = result.article.article_id
    ids = {}
    for n, project in enumerate(result.projects, 1):
        for mention in project.mentions:
            if mention.project_key:
                ids[mention.project_key] = f"{article_id}#{n}"
    return ids


def project_rows(result: ArticleResult) -> Iterator[dict[str, object]]:
    """projects.csv rows of one article."""
    article_id = result.article.article_id
    for n, project in enumerate(result.projects, 1):
        yield _project_row(article_id, f"{article_id}#{n}", project)


def _project_row(article_id: str, project_id: str, p: Project) -> dict[str, object]:
    row = {col: getattr(p, col, "") for col in PROJECT_COLUMNS}
    row.update(article_id=article_id, project_id=project_id)
    row["investment_cny"] = "" if p.investment_cny is None else p.investment_cny
    row["project_count"] = "" if p.project_count is None else p.project_count
    return row


def fact_rows(result: ArticleResult) -> Iterator[dict[str, object]]:
    """facts.csv rows of one article, in text order."""
    ids = project_ids(result)
    article_id = result.article.article_id
    for m in sorted(result.mentions, key=lambda m: (m.start, m.end, m.field)):
        yield _fact_row(article_id, ids.get(m.project_key, ""), m)


def _fact_row(article_id: str, project_id: str, m: Mention) -> dict[str, object]:
    planned = "" if m.planned is None else ("planned" if m.planned else "actual")
    return {
        "article_id": article_id, "project_id": project_id, "field": m.field, "value": m.value,
        "unit": m.unit, "text": m.text, "start_char": m.start, "end_char": m.end, "rule": m.rule,
        "sentence_index": m.sentence_index, "qualifier": m.qualifier, "planned": planned,
    }


def article_row(result: ArticleResult) -> dict[str, object]:
    """The articles.csv row of one article (also written for inputs that failed)."""
    article = result.article
    return {
        "article_id": article.article_id, "source": article.source, "title": article.title,
        "published": result.published, "lang": result.lang, "n_chars": len(article.text),
        "n_projects": sum(p.kind == "project" for p in result.projects),
        "error": result.error,
    }


Row = dict[str, object]


def _cells(columns: tuple[str, ...]) -> Callable[[Row], tuple[object, ...]]:
    """A row's cells in column order (itemgetter: DictWriter's per-cell loop was a third of
    the parent's work with --workers 2)."""
    if len(columns) == 1:
        return lambda row: (row[columns[0]],)
    return itemgetter(*columns)  # type: ignore[return-value]


def write_rows(buffer: IO[str], rows: Iterable[Row], columns: tuple[str, ...]) -> None:
    """Append dict rows to a CSV buffer in column order, in the tables' dialect."""
    csv.writer(buffer).writerows(map(_cells(columns), rows))


def csv_text(rows: Iterable[Row], columns: tuple[str, ...]) -> str:
    """Rows as CSV text, as TableWriter writes them (Dask workers send this back)."""
    buffer = io.StringIO()
    write_rows(buffer, rows, columns)
    return buffer.getvalue()


@dataclass(frozen=True)
class Rendered:
    """One article's rows as CSV text, as worker processes send them back to the writer.

    `result` is the article's result without projects, mentions or article text (those
    are in `rows`): what the callbacks and the run's summary need.
    """

    result: ArticleResult
    n_projects: int
    rows: tuple[str, ...]  # projects.csv, facts.csv, articles.csv (the order of TABLES)


def render(result: ArticleResult) -> Rendered:
    """An article's rows as the TableWriter writes them, and a light copy of its result."""
    rows = (
        csv_text(project_rows(result), PROJECT_COLUMNS),
        csv_text(fact_rows(result), FACT_COLUMNS),
        csv_text([article_row(result)], ARTICLE_COLUMNS),
    )
    light = ArticleResult(replace(result.article, text=""), result.lang, result.published, error=result.error)
    return Rendered(light, sum(p.kind == "project" for p in result.projects), rows)


class TableWriter:
    """Writes the three tables into a folder, one article at a time.

    `append=True` adds to the tables already there (a header only where a file is empty);
    otherwise existing tables are overwritten.
    """

    def __init__(self, out_dir: Path, *, excel: bool = False, append: bool = False) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        encoding = "utf-8-sig" if excel else "utf-8"
        self._handles: dict[str, IO[str]] = {}
        self._buffers: dict[str, io.StringIO] = {}
        for name, columns in TABLES.items():
            handle = (out_dir / name).open("a" if append else "w", encoding=encoding, newline="")
            buffer = io.StringIO()
            self._handles[name], self._buffers[name] = handle, buffer
            if handle.tell() == 0:
                csv.writer(buffer).writerow(columns)
                self._flush(name)

    def write(self, result: ArticleResult) -> None:
        """Append one article's rows to the three tables, articles.csv last."""
        self.write_rows(render(result).rows)

    def write_rows(self, rows: Sequence[str]) -> None:
        """Append one article's rendered rows (`Rendered.rows`), in the order of TABLES."""
        for name, text in zip(TABLES, rows, strict=True):
            self._buffers[name].write(text)
            self._flush(name)

    def _flush(self, name: str) -> None:
        """Send what the table's buffer holds to its file in one write(), and flush it."""
        buffer = self._buffers[name]
        if buffer.tell():
            self._handles[name].write(buffer.getvalue())
            self._handles[name].flush()
            buffer.seek(0)
            buffer.truncate()

    def close(self) -> None:
        """Close the files."""
        for handle in self._handles.values():
            handle.close()

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
