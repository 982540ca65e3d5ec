"""--format jsonl,parquet: typed copies of the CSV tables, rebuilt from them in chunks."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.formats import FormatError, parse_formats, write_formats, write_jsonl
from extract.pipeline import Options, run
from extract.schema import SCHEMA, TYPED_COLUMNS, TableError, arrow_schema, read_table, table
from extract.write import TABLES

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """The CSV tables of the bundled corpus (extracted once for this module)."""
    out = tmp_path_factory.mktemp("tables")
    run([str(corpus_dir / "articles")], out, Options())
    return out


@pytest.fixture
def out(tables: Path, tmp_path: Path) -> Path:
    """A private copy of the CSV tables."""
    copy = tmp_path / "out"
    shutil.copytree(tables, copy)
    return copy


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _as_csv(value: object) -> str:
    return "" if value is None else str(value)


def test_schema_is_the_write_columns_typed() -> None:
    assert [(t.file, tuple(t.columns)) for t in SCHEMA] == list(TABLES.items())
    assert set(TYPED_COLUMNS) <= {c for columns in TABLES.values() for c in columns}
    projects = table("projects")
    assert projects.columns["investment_cny"] == "bigint"
    assert projects.columns["adcode"] == "text"
    assert projects.columns["start_date"] == "date"
    assert arrow_schema(projects).field("investment_cny").type == pa.int64()
    assert arrow_schema(projects).field("adcode").type == pa.string()
    assert arrow_schema(table("facts")).field("start_char").type == pa.int32()


def test_jsonl_lines_are_the_csv_rows_typed(out: Path) -> None:
    write_formats(out, parse_formats("jsonl"))
    for spec in SCHEMA:
        rows = _csv_rows(out / spec.file)
        lines = (out / f"{spec.name}.jsonl").read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines]
        assert len(records) == len(rows) > 0
        for record, row in zip(records, rows, strict=True):
            assert list(record) == list(spec.columns)
            assert {k: _as_csv(v) for k, v in record.items()} == row
    projects = [json.loads(line) for line in (out / "projects.jsonl").open(encoding="utf-8")]
    assert any(isinstance(p["investment_cny"], int) and p["investment_cny"] > 2**31 for p in projects)
    assert any(p["investment_cny"] is None for p in projects)  # an empty number is null
    assert any(p["signing_date"] is None for p in projects)
    assert any(p["start_date"] == "2023-06" for p in projects)  # a date keeps its precision
    assert all(isinstance(p["company"], str) for p in projects)  # empty text stays ""


def test_parquet_has_the_fixed_schema_and_round_trips(out: Path) -> None:
    write_formats(out, parse_formats("parquet"), chunk_rows=100)
    for spec in SCHEMA:
        path = out / f"{spec.name}.parquet"
        assert pq.read_schema(path).equals(arrow_schema(spec))
        rows = list(read_table(out, spec))
        assert pq.read_table(path).to_pylist() == rows
        assert pq.ParquetFile(path).num_row_groups == -(-len(rows) // 100)  # one row group per chunk
    investments = pq.read_table(out / "projects.parquet", columns=["investment_cny"]).column(0).to_pylist()
    assert max(i for i in investments if i is not None) > 2**31
    assert None in investments


def test_formats_are_rebuilt_after_resume(corpus_dir: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in sorted((corpus_dir / "articles").glob("zh_0*.txt"))[:4]:
        shutil.copy(path, inputs)
    out = tmp_path / "out"
    args = ["extract", str(inputs), "--out", str(out), "--format", "jsonl,parquet", "-q"]
    assert CliRunner().invoke(app, args).exit_code == 0
    complete = (out / "facts.jsonl").read_text(encoding="utf-8")
    lines = (out / "articles.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (out / "articles.csv").write_text("".join(lines[:2]), encoding="utf-8")  # as if killed after one article
    (out / "facts.jsonl").write_text("stale\n", encoding="utf-8")
    result = CliRunner().invoke(app, [*args, "--resume"])
    assert result.exit_code == 0, result.output
    assert (out / "facts.jsonl").read_text(encoding="utf-8") == complete
    assert pq.read_table(out / "articles.parquet").num_rows == 4


def test_format_names_are_checked() -> None:
    assert parse_formats("parquet, JSONL") == ["csv", "jsonl", "parquet"]
    assert parse_formats("csv") == ["csv"]
    with pytest.raises(FormatError, match="unknown format 'xlsx'"):
        parse_formats("csv,xlsx")


def test_parquet_without_pyarrow_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # what `import pyarrow` does when not installed
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(FormatError, match=r"pip install 'projfacts\[parquet\]'"):
        parse_formats("parquet")
    article = tmp_path / "a.txt"
    article.write_text("巨鹿县项目签约\n巨鹿县年产10万吨锂电池正极材料项目总投资6.3亿元。", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--out", str(tmp_path / "out"),
                                      "--format", "parquet"])
    assert result.exit_code == 2
    assert "projfacts[parquet]" in result.output
    assert not (tmp_path / "out").exists()  # refused before any work


def test_a_cell_of_the_wrong_type_is_reported(out: Path) -> None:
    rows = (out / "projects.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header = rows[0].rstrip("\r\n").split(",")
    fields = next(csv.reader([rows[1]]))
    fields[header.index("investment_cny")] = "lots"
    with (out / "projects.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, fields])
    with pytest.raises(TableError, match=r"projects\.csv:2: investment_cny 'lots' is not an integer"):
        write_jsonl(out, table("projects"))
    assert not list(out.glob("projects.jsonl*"))  # no half-written file left behind
