"""`--db URL` and `projfacts load`: the finished CSV tables into SQLite or PostgreSQL.

URLs are SQLAlchemy's: `sqlite:///facts.db` (a file, created if missing) or
`postgresql+psycopg://user:password@host/dbname` (psycopg 3). The tables `projects`,
`facts` and `articles` are created when missing, with the types of `extract.schema`.

The tables are read in batches of `BATCH_ARTICLES` articles (an article's rows never span
two batches). Each batch is one transaction: delete the rows of its article ids from the
three tables, then insert its rows. Loading the same articles again therefore replaces
their rows instead of doubling them, and a failure rolls back the batch it happened in
(the batches before it stay loaded).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from extract.schema import BIGINT, INTEGER, SCHEMA, Row, Table, chunks, read_table

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.engine import Connection, Engine

BATCH_ARTICLES = 500
IN_LIST = 500  # article ids per DELETE ... IN (...): below every database's parameter limit
CONNECT_TIMEOUT = 10  # seconds, PostgreSQL: an unreachable server is an error, not a hang
DB_MISSING = "--db needs SQLAlchemy and psycopg: pip install 'projfacts[db]'"
SUPPORTED = ("supported: sqlite:///FILE and postgresql+psycopg://USER:PASSWORD@HOST/DB "
             "(drivers: pip install 'projfacts[db]')")
INDEXED = {"projects": ("article_id", "adcode"), "facts": ("article_id",), "articles": ("article_id",)}


class DbError(Exception):
    """The database cannot be used (bad URL, missing driver, unreachable) or a load failed."""


@dataclass
class LoadSummary:
    """What a load did: articles and rows written per table."""

    articles: int = 0
    rows: dict[str, int] = field(default_factory=dict)


@dataclass
class Batch:
    """The rows of a run of consecutive articles, per table."""

    article_ids: list[str]
    rows: dict[str, list[Row]]


def connect(url: str) -> Engine:
    """An engine for `url`, checked with one connection; DbError with the reason otherwise."""
    parsed = check_url(url)
    import sqlalchemy as sa
    from sqlalchemy.exc import SQLAlchemyError

    engine = sa.create_engine(parsed, connect_args=_connect_args(parsed))
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DbError(f"cannot connect to {hide_password(url)}: {_reason(exc)}") from None
    return engine


def check_url(url: str) -> sa.URL:
    """The parsed URL (`postgresql://` meaning psycopg 3); DbError now for a URL that can never
    work (syntax, dialect, driver). No connection is made."""
    try:
        import sqlalchemy as sa
        from sqlalchemy.exc import ArgumentError
    except ImportError:
        raise DbError(DB_MISSING) from None
    try:
        parsed = sa.make_url(url)
        if parsed.drivername == "postgresql":  # SQLAlchemy's default driver is psycopg2
            parsed = parsed.set(drivername="postgresql+psycopg")
        parsed.get_dialect().import_dbapi()
    except (ArgumentError, ValueError) as exc:  # NoSuchModuleError is an ArgumentError
        raise DbError(f"bad database URL {hide_password(url)}: {exc}") from None
    except ImportError as exc:
        raise DbError(f"no driver for {hide_password(url)} ({exc}); {SUPPORTED}") from None
    return parsed


def _connect_args(url: sa.URL) -> dict[str, object]:
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        return {"connect_timeout": CONNECT_TIMEOUT}
    return {}


def hide_password(url: str) -> str:
    """The URL with its password (if any) replaced by ***, for messages."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _reason(exc: Exception) -> str:
    """The driver's message of an SQLAlchemy error (without SQLAlchemy's link), on one line."""
    reason = str(getattr(exc, "orig", None) or exc)
    return " ".join(reason.split())


def load(out_dir: Path, url: str, batch_articles: int = BATCH_ARTICLES) -> LoadSummary:
    """Load the CSV tables of `out_dir` into the database at `url` (see the module doc)."""
    engine = connect(url)
    from sqlalchemy.exc import SQLAlchemyError

    summary = LoadSummary(rows={spec.name: 0 for spec in SCHEMA})
    try:
        tables = create_tables(engine)
        loaded: set[str] = set()
        for batch in batches(out_dir, batch_articles):
            with engine.begin() as conn:
                _replace(conn, tables, batch, loaded)
            _count(summary, batch)
    except SQLAlchemyError as exc:
        raise DbError(f"loading into {hide_password(url)} failed after {summary.articles} articles: "
                      f"{_reason(exc)}") from None
    finally:
        engine.dispose()
    return summary


def create_tables(engine: Engine) -> dict[str, sa.Table]:
    """The three tables with their indexes, created in the database where missing."""
    import sqlalchemy as sa

    metadata = sa.MetaData()
    tables = {spec.name: _sql_table(metadata, spec) for spec in SCHEMA}
    metadata.create_all(engine, checkfirst=True)
    return tables


def _sql_table(metadata: sa.MetaData, spec: Table) -> sa.Table:
    import sqlalchemy as sa

    types = {INTEGER: sa.Integer, BIGINT: sa.BigInteger}
    columns = [sa.Column(name, types.get(kind, sa.Text)(), nullable=spec.nullable(name))
               for name, kind in spec.columns.items()]
    indexes = [sa.Index(f"ix_{spec.name}_{name}", name) for name in INDEXED[spec.name]]
    return sa.Table(spec.name, metadata, *columns, *indexes)


def batches(out_dir: Path, size: int = BATCH_ARTICLES) -> Iterator[Batch]:
    """The tables of `out_dir` in batches of `size` articles, in articles.csv order.

    Each table holds its rows in article order (see `extract.write`), so each one is read
    along with articles.csv; rows of an article missing from articles.csv are an error.
    """
    specs = {spec.name: spec for spec in SCHEMA}
    readers = {name: _Peekable(read_table(out_dir, spec))
               for name, spec in specs.items() if name != "articles"}
    for articles in chunks(read_table(out_dir, specs["articles"]), size):
        ids = [str(row["article_id"]) for row in articles]
        wanted = set(ids)
        rows = {name: reader.take_while(wanted) for name, reader in readers.items()}
        yield Batch(ids, {**rows, "articles": articles})
    for name, reader in readers.items():
        if reader.peek() is not None:
            raise DbError(f"{out_dir / specs[name].file} has rows of articles that are not in articles.csv "
                          "(an interrupted run? finish it with --resume)")


class _Peekable:
    """Rows of a table read one ahead, taken while they belong to a set of articles."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def peek(self) -> Row | None:
        """The next row, not taken."""
        return self._next

    def take_while(self, article_ids: set[str]) -> list[Row]:
        """The rows up to the first one of an article not in `article_ids`."""
        taken = []
        while self._next is not None and self._next["article_id"] in article_ids:
            taken.append(self._next)
            self._next = next(self._rows, None)
        return taken


def _replace(conn: Connection, tables: dict[str, sa.Table], batch: Batch, loaded: set[str]) -> None:
    """Delete the batch's articles from every table, then insert its rows (one transaction).

    Ids in `loaded` came earlier in this same load (inputs with the same id): their old
    rows are already gone, and deleting would remove the earlier input's new rows.
    """
    stale = list(dict.fromkeys(i for i in batch.article_ids if i not in loaded))
    for table in tables.values():
        for ids in _slices(stale, IN_LIST):
            conn.execute(table.delete().where(table.c.article_id.in_(ids)))
    for name, table in tables.items():
        _insert(conn, table, batch.rows[name])
    loaded.update(stale)


def _insert(conn: Connection, table: sa.Table, rows: list[Row]) -> None:
    """Insert rows with one executemany (nothing to do without rows)."""
    if rows and conn.dialect.name == "postgresql":
        rows = [_without_nul(row) for row in rows]
    if rows:
        conn.execute(table.insert(), rows)


def _without_nul(row: Row) -> Row:
    """PostgreSQL text cannot hold NUL: U+FFFD instead, one character for one (offsets hold)."""
    return {k: v.replace("\x00", "\ufffd") if isinstance(v, str) and "\x00" in v else v
            for k, v in row.items()}


def _slices(items: list[str], size: int) -> Iterator[list[str]]:
    return (items[start : start + size] for start in range(0, len(items), size))


def _count(summary: LoadSummary, batch: Batch) -> None:
    summary.articles += len(batch.article_ids)
    for name, rows in batch.rows.items():
        summary.rows[name] += len(rows)
