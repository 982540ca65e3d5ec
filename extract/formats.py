"""`--format`: JSON lines and Parquet copies of the finished CSV tables.

The CSV tables are always written (the contract and `--resume` rely on them); the other
formats are rebuilt from them at the end of a run, so they are right after `--resume` too.
Tables are converted in chunks of `CHUNK_ROWS` rows, whatever their size: each chunk is
one block of JSON lines, or one Parquet row group. Values follow `extract.schema`:
numbers as numbers, empty numbers and dates as null, text as strings ("" when empty).
Each file is written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from extract.schema import SCHEMA, Table, arrow_schema, chunks, read_table

FORMATS = ("csv", "jsonl", "parquet")
CHUNK_ROWS = 10_000
PARQUET_MISSING = "--format parquet needs pyarrow: pip install 'projfacts[parquet]'"


class FormatError(Exception):
    """A --format that cannot be written (unknown name, pyarrow missing)."""


def parse_formats(value: str) -> list[str]:
    """`csv,jsonl,parquet` as a list (csv always first); FormatError for what cannot be done."""
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise FormatError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    if "parquet" in names:
        _import_pyarrow()
    return [name for name in FORMATS if name == "csv" or name in names]


def write_formats(out_dir: Path, formats: list[str], chunk_rows: int = CHUNK_ROWS) -> list[Path]:
    """Write every table of `out_dir` in each format other than csv; the files written."""
    writers = {"jsonl": write_jsonl, "parquet": write_parquet}
    return [writers[name](out_dir, spec, chunk_rows)
            for name in formats if name in writers for spec in SCHEMA]


def write_jsonl(out_dir: Path, spec: Table, chunk_rows: int = CHUNK_ROWS) -> Path:
    """`<table>.jsonl`: one JSON object per row, UTF-8, keys in column order."""
    path = out_dir / f"{spec.name}.jsonl"
    with _replacing(path) as part, part.open("w", encoding="utf-8", newline="\n") as handle:
        for chunk in chunks(read_table(out_dir, spec), chunk_rows):
            handle.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in chunk))
    return path


def write_parquet(out_dir: Path, spec: Table, chunk_rows: int = CHUNK_ROWS) -> Path:
    """`<table>.parquet` with the fixed schema of `extract.schema`, one row group per chunk."""
    pa, pq = _import_pyarrow()
    schema = arrow_schema(spec)
    path = out_dir / f"{spec.name}.parquet"
    with _replacing(path) as part, pq.ParquetWriter(part, schema) as writer:
        for chunk in chunks(read_table(out_dir, spec), chunk_rows):
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema), row_group_size=len(chunk))
    return path


def _import_pyarrow() -> tuple[ModuleType, ModuleType]:
    """pyarrow and pyarrow.parquet (an optional dependency); FormatError when not installed."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise FormatError(PARQUET_MISSING) from None
    return pyarrow, pyarrow.parquet


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path next to `path` that replaces it when the block ends without error."""
    part = path.with_name(path.name + ".part")
    try:
        yield part
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, path)
