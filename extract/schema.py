"""The one typed schema of the three tables, for every output that is not CSV.

Column names and order come from `extract.write`; this module only says what each column
holds. Logical types:

- `text`: a string, never null (an empty CSV cell stays the empty string: CSV cannot tell
  "no value" from "empty", and names, codes and evidence are compared as strings);
- `date`: ISO text at the precision the article gives (`2022`, `2022-03`, `2022-03-15`),
  null when empty (kept as text so that the precision is not lost);
- `integer` (32-bit) and `bigint` (64-bit, for amounts in yuan): null when empty.

`read_table` turns a finished CSV table into rows of these types; JSON lines, Parquet and
the database loader are all built on it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extract.readers import CSV_FIELD_LIMIT
from extract.write import TABLES

if TYPE_CHECKING:
    import pyarrow as pa

TEXT, DATE, INTEGER, BIGINT = "text", "date", "integer", "bigint"
Value = str | int | None
Row = dict[str, Value]

# Every column not named here is text (adcode too: a 6-digit code, not a number).
TYPED_COLUMNS = {
    "project_count": INTEGER,
    "investment_cny": BIGINT,
    "signing_date": DATE,
    "start_date": DATE,
    "completion_date": DATE,
    "production_date": DATE,
    "start_char": INTEGER,
    "end_char": INTEGER,
    "sentence_index": INTEGER,
    "published": DATE,
    "n_chars": INTEGER,
    "n_projects": INTEGER,
}
_RANGES = {INTEGER: 2**31, BIGINT: 2**63}
ARROW_TYPES = {TEXT: "string", DATE: "string", INTEGER: "int32", BIGINT: "int64"}


class TableError(Exception):
    """A CSV table that does not match the schema (other columns, a cell of the wrong type)."""


@dataclass(frozen=True)
class Table:
    """One table: its name (JSON lines, Parquet and database), CSV file and typed columns."""

    name: str
    file: str
    columns: dict[str, str]  # column -> logical type, in the CSV's order

    def nullable(self, column: str) -> bool:
        """Whether the column can be null (every type but text)."""
        return self.columns[column] != TEXT


def _table(file: str, columns: Iterable[str]) -> Table:
    return Table(file.removesuffix(".csv"), file, {c: TYPED_COLUMNS.get(c, TEXT) for c in columns})


SCHEMA: tuple[Table, ...] = tuple(_table(file, columns) for file, columns in TABLES.items())


def table(name: str) -> Table:
    """The table called `name` (`projects`, `facts` or `articles`)."""
    return next(t for t in SCHEMA if t.name == name)


def convert(kind: str, cell: str) -> Value:
    """A CSV cell as a value of the logical type `kind` (ValueError when it is not one)."""
    if kind == TEXT:
        return cell
    if not cell:
        return None
    if kind == DATE:
        return cell
    number = int(cell)
    if abs(number) >= _RANGES[kind]:
        raise ValueError(f"{number} is out of the {kind} range")
    return number


def read_table(out_dir: Path, spec: Table) -> Iterator[Row]:
    """The typed rows of a finished CSV table in `out_dir`, streamed (none when it is missing)."""
    path = out_dir / spec.file
    if not path.exists():
        return
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = csv.reader(handle)
        header = next(records, None)
        if header is not None and header != list(spec.columns):
            raise TableError(f"{path}: the columns are not those of this version of projfacts")
        for number, fields in enumerate(records, 2):
            yield _typed(spec, fields, f"{path}:{number}")


def _typed(spec: Table, fields: list[str], where: str) -> Row:
    """One CSV record as a typed row; `where` (file:record) goes into the error messages."""
    if len(fields) != len(spec.columns):
        raise TableError(f"{where}: {len(fields)} fields instead of {len(spec.columns)} "
                         "(an interrupted run? finish it with --resume)")
    row: Row = {}
    for (column, kind), cell in zip(spec.columns.items(), fields, strict=True):
        try:
            row[column] = convert(kind, cell)
        except ValueError:
            raise TableError(f"{where}: {column} {cell!r} is not an integer ({kind})") from None
    return row


def chunks(rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    """`rows` in lists of at most `size`."""
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def arrow_schema(spec: Table) -> pa.Schema:
    """The fixed pyarrow schema of a table (pyarrow is imported only here)."""
    import pyarrow as pa

    return pa.schema([pa.field(column, pa.type_for_alias(ARROW_TYPES[kind]), nullable=spec.nullable(column))
                      for column, kind in spec.columns.items()])
