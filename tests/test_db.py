"""--db and `projfacts load`: typed tables in SQLite and PostgreSQL, one copy of every row.

The PostgreSQL cases run against a real server given by PROJFACTS_TEST_PG_URL (.ci/run
starts one); they are skipped when it is not set.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract import db
from extract.cli import app
from extract.pipeline import Options, run
from extract.schema import SCHEMA, read_table, table

sa = pytest.importorskip("sqlalchemy")

PG_ENV = "PROJFACTS_TEST_PG_URL"
BATCH = 5  # articles per transaction in these tests: the corpus makes several batches


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """The CSV tables of the bundled corpus (extracted once for this module)."""
    out = tmp_path_factory.mktemp("tables")
    run([str(corpus_dir / "articles")], out, Options())
    return out


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a new SQLite file, or the test PostgreSQL with our tables dropped."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'facts.db'}"
    pg_url = os.environ.get(PG_ENV)
    if not pg_url:
        pytest.skip(f"{PG_ENV} is not set (e.g. postgresql+psycopg://projfacts:projfacts@127.0.0.1/projfacts)")
    _drop_tables(pg_url)
    return pg_url


def _drop_tables(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for spec in SCHEMA:
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {spec.name}"))
    engine.dispose()


def _db_rows(url: str, name: str) -> list[tuple[object, ...]]:
    """Every row of a database table, columns in the schema's order."""
    engine = sa.create_engine(url)
    columns = ", ".join(table(name).columns)
    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(sa.text(f"SELECT {columns} FROM {name}"))]
    engine.dispose()
    return rows


def _csv_rows(out: Path, name: str, article_ids: set[str] | None = None) -> list[tuple[object, ...]]:
    """The typed rows of a CSV table (of some articles only, when given)."""
    return [tuple(row.values()) for row in read_table(out, table(name))
            if article_ids is None or row["article_id"] in article_ids]


def _article_ids(out: Path) -> list[str]:
    return [str(row["article_id"]) for row in read_table(out, table("articles"))]


def _assert_holds(url: str, out: Path, article_ids: set[str] | None = None) -> None:
    """The database holds exactly the rows of the CSV tables (of `article_ids`), one copy each."""
    for spec in SCHEMA:
        assert Counter(_db_rows(url, spec.name)) == Counter(_csv_rows(out, spec.name, article_ids)), spec.name


def test_load_gives_typed_tables_equal_to_the_csv(tables: Path, url: str, corpus_dir: Path) -> None:
    summary = db.load(tables, url, batch_articles=BATCH)
    assert summary.articles == len(_article_ids(tables)) == len(list((corpus_dir / "articles").glob("*.txt")))
    assert summary.rows == {spec.name: len(_csv_rows(tables, spec.name)) for spec in SCHEMA}
    _assert_holds(url, tables)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        big = conn.execute(sa.text("SELECT investment_cny FROM projects WHERE investment_cny > 3000000000")).first()
        month = conn.execute(sa.text("SELECT start_date FROM projects WHERE start_date = '2023-06'")).first()
        nulls = conn.execute(sa.text("SELECT count(*) FROM projects WHERE signing_date IS NULL")).scalar_one()
        adcode = conn.execute(sa.text("SELECT adcode FROM projects WHERE adcode <> '' LIMIT 1")).scalar_one()
    inspector = sa.inspect(engine)
    types = {c["name"]: c["type"] for c in inspector.get_columns("projects")}
    indexes = {i["name"]: i["column_names"] for i in inspector.get_indexes("projects")}
    engine.dispose()
    assert big is not None and type(big[0]) is int
    assert month is not None and month[0] == "2023-06"
    assert nulls > 0
    assert isinstance(adcode, str) and len(adcode) == 6
    assert isinstance(types["investment_cny"], sa.BigInteger)
    assert isinstance(types["project_count"], sa.Integer)
    assert isinstance(types["start_date"], sa.Text)
    assert indexes == {"ix_projects_article_id": ["article_id"], "ix_projects_adcode": ["adcode"]}


def test_loading_again_replaces_rather_than_doubles(tables: Path, url: str) -> None:
    db.load(tables, url, batch_articles=BATCH)
    db.load(tables, url, batch_articles=7)
    _assert_holds(url, tables)


def test_a_failure_rolls_back_its_batch_only(tables: Path, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _article_ids(tables)
    first, doomed = set(ids[:BATCH]), ids[BATCH + 1]
    insert = db._insert

    def failing(conn: object, sql_table: sa.Table, rows: list[dict[str, object]]) -> None:
        insert(conn, sql_table, rows)  # the row really goes in: only the rollback can take it out
        if sql_table.name == "facts" and any(row["article_id"] == doomed for row in rows):
            raise RuntimeError("disk full")

    monkeypatch.setattr(db, "_insert", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        db.load(tables, url, batch_articles=BATCH)
    _assert_holds(url, tables, first)


def test_a_failed_reload_keeps_the_rows_it_was_replacing(
    tables: Path, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db.load(tables, url, batch_articles=BATCH)
    doomed = _article_ids(tables)[BATCH]
    insert = db._insert

    def failing(conn: object, sql_table: sa.Table, rows: list[dict[str, object]]) -> None:
        if any(row["article_id"] == doomed for row in rows):
            raise RuntimeError("connection lost")
        insert(conn, sql_table, rows)

    monkeypatch.setattr(db, "_insert", failing)
    with pytest.raises(RuntimeError):
        db.load(tables, url, batch_articles=BATCH)
    _assert_holds(url, tables)  # the second batch's deletes were rolled back with it


def test_articles_with_the_same_id_are_both_kept(tables: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(tables, out)
    for spec in SCHEMA:  # the same inputs twice: every article id comes twice, in two batches
        path = out / spec.file
        header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(header + "".join(rows) * 2, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'facts.db'}"
    db.load(out, url, batch_articles=BATCH)
    db.load(out, url, batch_articles=BATCH)
    _assert_holds(url, out)


def test_rows_of_unknown_articles_are_an_error(tables: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(tables, out)
    lines = (out / "articles.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (out / "articles.csv").write_text("".join(lines[:-1]), encoding="utf-8")  # as a killed run leaves it
    with pytest.raises(db.DbError, match=r"not in articles\.csv"):
        db.load(out, f"sqlite:///{tmp_path / 'facts.db'}")


@pytest.mark.parametrize(
    ("bad_url", "message"),
    [
        ("nonsense", "bad database URL"),
        ("oracle9://x", "bad database URL"),
        ("postgresql+psycopg://projfacts:secret@127.0.0.1:1/projfacts", "cannot connect"),
        ("sqlite:////no/such/folder/facts.db", "cannot connect"),
    ],
)
def test_unusable_databases_are_clear_errors(tables: Path, bad_url: str, message: str) -> None:
    with pytest.raises(db.DbError, match=message) as caught:
        db.load(tables, bad_url)
    assert "secret" not in str(caught.value)


def test_cli_extract_twice_gives_one_copy(corpus_dir: Path, tmp_path: Path) -> None:
    out, url = tmp_path / "out", f"sqlite:///{tmp_path / 'facts.db'}"
    args = ["extract", str(corpus_dir / "articles"), "--out", str(out), "--db", url,
            "--format", "jsonl,parquet"]
    for _ in range(2):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert f"loaded {len(list((corpus_dir / 'articles').glob('*.txt')))} articles" in result.output
    _assert_holds(url, out)
    assert {p.name for p in out.iterdir()} >= {f"{s.name}.{ext}" for s in SCHEMA for ext in ("jsonl", "parquet")}


def test_cli_load_reads_existing_tables(tables: Path, url: str) -> None:
    for _ in range(2):
        result = CliRunner().invoke(app, ["load", str(tables), "--db", url, "--batch", "10", "-q"])
        assert result.exit_code == 0, result.output
    _assert_holds(url, tables)


def test_cli_unreachable_database_exits_2_with_the_tables_written(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("巨鹿县项目签约\n巨鹿县年产10万吨锂电池正极材料项目总投资6.3亿元。", encoding="utf-8")
    out = tmp_path / "out"
    url = "postgresql+psycopg://projfacts:secret@127.0.0.1:1/projfacts"
    result = CliRunner().invoke(app, ["extract", str(article), "--out", str(out), "--db", url])
    assert result.exit_code == 2
    assert "error: cannot connect to postgresql+psycopg://projfacts:***@127.0.0.1:1/projfacts" in result.output
    assert "secret" not in result.output
    assert len(_csv_rows(out, "projects")) == 1


def test_cli_bad_url_is_refused_before_extracting(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", "whatever.txt", "--out", str(tmp_path / "out"),
                                      "--db", "mysql+nodriver://x"])
    assert result.exit_code == 2
    assert "error: bad database URL" in result.output
    assert not (tmp_path / "out").exists()


def test_nul_characters_in_text_load(tmp_path: Path, url: str) -> None:
    """A JSON-escaped NUL reaches the tables; PostgreSQL text cannot hold it (U+FFFD there)."""
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "nul", "title": "Julu\\u0000County", "text": "A project started in 2023."}\n')
    out = tmp_path / "out"
    run([str(source)], out, Options())
    db.load(out, url)
    [row] = _db_rows(url, "articles")
    expected = "\ufffd" if url.startswith("postgresql") else "\x00"
    assert row[2] == f"Julu{expected}County"
