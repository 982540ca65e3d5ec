"""--resume: after a crash or kill -9, a rerun completes the tables without losing or doubling rows."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.bench import make_corpus
from extract.cli import app
from extract.pipeline import Options, process, run
from extract.readers import iter_articles
from extract.records import ArticleResult
from extract.resume import ResumeError, prepare
from extract.write import (
    FACT_COLUMNS,
    PROJECT_COLUMNS,
    TABLES,
    TableWriter,
    csv_text,
    fact_rows,
    project_rows,
)

CRASH_ARTICLE = 10  # the article being written when the "crash" happens


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _csv_text(rows: list[dict[str, object]], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=columns).writerows(rows)
    return buffer.getvalue()


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(text)


@pytest.fixture(scope="module")
def results(corpus_dir: Path) -> list[ArticleResult]:
    return list(process(iter_articles([str(corpus_dir / "articles")]), Options()))


@pytest.fixture(scope="module")
def clean(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean")
    run([str(corpus_dir / "articles")], out, Options())
    return out


def _crash(out: Path, results: list[ArticleResult], phase: str) -> None:
    """Leave `out` as a run killed while writing article CRASH_ARTICLE in `phase`."""
    with TableWriter(out) as writer:
        for result in results[:CRASH_ARTICLE]:
            writer.write(result)
    current = results[CRASH_ARTICLE]
    assert current.projects and current.mentions
    projects = _csv_text(list(project_rows(current)), PROJECT_COLUMNS)
    facts = _csv_text(list(fact_rows(current)), FACT_COLUMNS)
    if phase == "projects":
        _append(out / "projects.csv", projects[: len(projects) // 2])
    elif phase == "facts":
        _append(out / "projects.csv", projects)
        _append(out / "facts.csv", facts[: len(facts) // 2])
    else:
        _append(out / "projects.csv", projects)
        _append(out / "facts.csv", facts)
        _append(out / "articles.csv", f"{current.article.article_id},{current.article.source},")


@pytest.mark.parametrize("phase", ["projects", "facts", "articles"])
def test_resume_after_a_crash_gives_the_tables_of_a_clean_run(
    phase: str, results: list[ArticleResult], clean: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    _crash(tmp_path, results, phase)
    summary = run([str(corpus_dir / "articles")], tmp_path, Options(resume=True))
    assert summary.resumed == CRASH_ARTICLE and summary.articles == len(results)
    for name in TABLES:
        assert (tmp_path / name).read_bytes() == (clean / name).read_bytes(), name


def test_prepare_keeps_complete_articles_only(results: list[ArticleResult], tmp_path: Path) -> None:
    _crash(tmp_path, results, "articles")
    done = prepare(tmp_path)
    assert [d.article_id for d in done] == [r.article.article_id for r in results[:CRASH_ARTICLE]]
    assert {r["article_id"] for r in _rows(tmp_path / "facts.csv")} <= {d.article_id for d in done}


def test_a_cut_header_is_written_again(clean: Path, corpus_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "articles.csv").write_text("article_id,sou", encoding="utf-8")
    run([str(corpus_dir / "articles")], tmp_path, Options(resume=True))
    for name in TABLES:
        assert (tmp_path / name).read_bytes() == (clean / name).read_bytes(), name


def test_resume_of_a_finished_run_adds_nothing(clean: Path, corpus_dir: Path, tmp_path: Path) -> None:
    for name in TABLES:
        (tmp_path / name).write_bytes((clean / name).read_bytes())
    summary = run([str(corpus_dir / "articles")], tmp_path, Options(resume=True))
    assert summary.resumed == summary.articles == len(list((corpus_dir / "articles").glob("*.txt")))
    assert summary.projects == sum(int(r["n_projects"]) for r in _rows(clean / "articles.csv"))
    for name in TABLES:
        assert (tmp_path / name).read_bytes() == (clean / name).read_bytes(), name


def test_resume_with_other_inputs_is_refused(clean: Path, corpus_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "in"
    other.mkdir()
    (other / "a.txt").write_text("Julu County\n\nA project.", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    for name in TABLES:
        (out / name).write_bytes((clean / name).read_bytes())
    with pytest.raises(ResumeError, match=r"row 1 of articles\.csv"):
        run([str(other)], out, Options(resume=True))
    result = CliRunner().invoke(app, ["extract", str(other), "--out", str(out), "--resume"])
    assert result.exit_code == 2 and "cannot resume" in result.output


def test_skipped_articles_still_count_after_resume(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    args = ["extract", str(tmp_path / "in"), "--out", str(tmp_path / "out")]
    assert CliRunner().invoke(app, args).exit_code == 3
    result = CliRunner().invoke(app, [*args, "--resume"])
    assert result.exit_code == 3 and "1 already done" in result.output
    assert len(_rows(tmp_path / "out" / "articles.csv")) == 1


def test_without_resume_existing_tables_are_overwritten(clean: Path, corpus_dir: Path, tmp_path: Path) -> None:
    for name in TABLES:
        (tmp_path / name).write_bytes((clean / name).read_bytes())
    source = corpus_dir / "articles" / "en_01_changzhi_signing.txt"
    run([str(source)], tmp_path, Options())
    assert [r["article_id"] for r in _rows(tmp_path / "articles.csv")] == ["en_01_changzhi_signing"]


def _wait_for_rows(path: Path, rows: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") > rows:
            return
        time.sleep(0.05)
    pytest.fail("the run ended or stalled before writing rows")


def test_kill_9_then_resume_loses_and_doubles_no_row(tmp_path: Path, corpus_dir: Path) -> None:
    source = tmp_path / "in"
    count = make_corpus(source, 0.25, "en") + make_corpus(source, 0.25, "zh")
    assert count >= 150  # enough that the kill falls mid-run
    out, clean = tmp_path / "out", tmp_path / "clean"
    command = [sys.executable, "-m", "extract", "extract", str(source), "--out", str(out), "-q"]
    victim = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    _wait_for_rows(out / "articles.csv", 5, victim)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    written = len(_rows(out / "articles.csv"))
    assert 0 < written < count
    resumed = subprocess.run([*command, "--resume", "--workers", "2"], capture_output=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    run([str(source)], clean, Options())
    for name in TABLES:
        got, want = _rows(out / name), _rows(clean / name)
        assert sorted(map(sorted, (r.items() for r in got))) == sorted(map(sorted, (r.items() for r in want)))
    ids = [r["article_id"] for r in _rows(out / "articles.csv")]
    assert len(ids) == len(set(ids)) == count


@pytest.mark.parametrize("columns", [("a",), ("a", "b"), ("b", "a", "c")])
def test_csv_text_is_what_dictwriter_writes(columns: tuple[str, ...]) -> None:
    rows = [{"a": 'x,"y"', "b": "", "c": 3}, {"a": "line\nbreak", "b": 12345678901, "c": None}]
    assert csv_text(rows, columns) == _csv_text([{k: r[k] for k in columns} for r in rows], columns)
