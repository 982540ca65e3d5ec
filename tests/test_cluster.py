"""--engine dask: the run on a Dask cluster (here a LocalCluster on loopback) gives the local tables."""

from __future__ import annotations

import csv
import operator
import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.cluster import (
    ClusterError,
    Part,
    TaskFailed,
    drop_done,
    imap_window,
    list_parts,
    resume_point,
    run_on_dask,
)
from extract.pipeline import Options, RunSummary, run
from extract.readers import iter_articles
from extract.records import Article, ArticleResult
from extract.resume import Done, ResumeError
from extract.write import ARTICLE_COLUMNS, TABLES, Rendered

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

ARTICLES = ("en_01_changzhi_signing", "en_07_liuyang_twelve_projects", "en_10_yibin_battery_materials",
            "zh_01_xiangcheng_signing", "zh_06_qinzhou_signing", "zh_13_baotou_three_batches")
RECORDS = (
    '{"id": "rec-1", "text": "巨鹿县年产10万吨锂电池正极材料项目总投资6.3亿元，今年9月开工。"}\n'
    '{"id": "rec-2", "text": \n'
    '["not", "an", "object"]\n'
)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a two-process LocalCluster on loopback."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def inputs(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A folder of articles (nested, with hidden entries and unreadable files) and a missing path."""
    root = tmp_path_factory.mktemp("inputs") / "in"
    for n, name in enumerate(ARTICLES):
        folder = root / ("a" if n % 2 else "b/sub")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpus_dir / "articles" / f"{name}.txt", folder)
    (root / ".git").mkdir()
    (root / ".git" / "hidden.txt").write_text("Julu County\n\nA project.", encoding="utf-8")
    (root / "a" / ".hidden.txt").write_text("Julu County\n\nA project.", encoding="utf-8")
    bad = root / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "notes.docx").write_bytes(b"PK\x03\x04")
    (bad / "records.jsonl").write_text(RECORDS, encoding="utf-8")
    return [str(root), str(root.parent / "missing.txt")]


@pytest.fixture(scope="module")
def local_out(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local")
    run(inputs, out, Options())
    return out


@pytest.fixture(scope="module")
def dask_run(inputs: list[str], scheduler: str, tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[Path, RunSummary]:
    out = tmp_path_factory.mktemp("dask")
    return out, run_on_dask(inputs, out, Options(), scheduler, window=2)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _assert_same_tables(got: Path, want: Path) -> None:
    for name in TABLES:
        assert (got / name).read_bytes() == (want / name).read_bytes(), name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- on the cluster ----------------------------------------------------------------------


def test_dask_run_writes_the_tables_of_a_local_run(dask_run: tuple[Path, RunSummary], local_out: Path,
                                                   inputs: list[str]) -> None:
    out, summary = dask_run
    _assert_same_tables(out, local_out)
    local = run(inputs, local_out.parent / "again", Options())
    assert (summary.articles, summary.projects, summary.failed) == (local.articles, local.projects, local.failed)
    assert summary.articles == len(ARTICLES) + 3 + 3 + 1 and summary.projects > 0


def test_unreadable_inputs_get_error_rows(dask_run: tuple[Path, RunSummary]) -> None:
    out, summary = dask_run
    errors = {r["article_id"]: r["error"] for r in _rows(out / "articles.csv") if r["error"]}
    assert errors.keys() == {"binary", "empty", "notes", "records:2", "records:3", "missing"}
    assert errors["binary"].startswith("binary file") and errors["empty"] == "empty file"
    assert errors["notes"].startswith("unsupported file type") and errors["missing"] == "no such file or folder"
    assert errors["records:2"].startswith("broken JSON record") and "array" in errors["records:3"]
    assert summary.exit_code == 3 and len(summary.failed) == len(errors)


def test_cli_dask_run_writes_the_tables_of_a_local_run(scheduler: str, inputs: list[str], local_out: Path,
                                                       tmp_path: Path) -> None:
    args = ["extract", *inputs, "--out", str(tmp_path), "--engine", "dask", "--scheduler", scheduler]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 3, result.output
    assert "skipped" in result.output and "13 articles" in result.output
    _assert_same_tables(tmp_path, local_out)


def test_relative_paths_are_taken_from_the_clients_folder(scheduler: str, inputs: list[str], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(inputs[0]).parent)
    run(["in/a", "in/bad/empty.txt"], tmp_path / "local", Options())
    run_on_dask(["in/a", "in/bad/empty.txt"], tmp_path / "dask", Options(), scheduler)
    _assert_same_tables(tmp_path / "dask", tmp_path / "local")
    assert _rows(tmp_path / "dask" / "articles.csv")[0]["source"].startswith("in/a/")


def _crashed_copy(clean: Path, out: Path, articles: int) -> None:
    """`out` as a run killed while writing the articles.csv row after the first `articles`."""
    out.mkdir()
    for name in TABLES:
        shutil.copy(clean / name, out / name)
    rows = _rows(clean / "articles.csv")
    with (out / "articles.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ARTICLE_COLUMNS)
        writer.writeheader()
        writer.writerows(rows[:articles])
        handle.write(f"{rows[articles]['article_id']},{rows[articles]['source']},")


@pytest.mark.parametrize("articles", [3, 11])  # 11: in the middle of records.jsonl
def test_resume_on_dask_completes_the_tables(articles: int, scheduler: str, inputs: list[str],
                                             local_out: Path, tmp_path: Path) -> None:
    _crashed_copy(local_out, tmp_path / "out", articles)
    summary = run_on_dask(inputs, tmp_path / "out", Options(resume=True), scheduler)
    assert summary.resumed == articles and summary.articles == 13
    _assert_same_tables(tmp_path / "out", local_out)


def test_resume_on_dask_with_other_inputs_is_refused(scheduler: str, inputs: list[str], local_out: Path,
                                                     tmp_path: Path) -> None:
    _crashed_copy(local_out, tmp_path / "out", 8)
    with pytest.raises(ResumeError, match=r"row 1 of articles\.csv"):
        run_on_dask([inputs[0] + "/bad"], tmp_path / "out", Options(resume=True), scheduler)


# --- errors ------------------------------------------------------------------------------


def test_an_unreachable_scheduler_is_a_clear_error(inputs: list[str], tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    started = time.perf_counter()
    with pytest.raises(ClusterError, match="cannot connect to the Dask scheduler"):
        run_on_dask(inputs, tmp_path / "lib", Options(), address, connect_timeout=1)
    assert time.perf_counter() - started < 20
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "projects.csv").write_text("kept", encoding="utf-8")
    args = ["extract", *inputs, "--out", str(tmp_path / "cli"), "--engine", "dask", "--scheduler", address]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "cannot connect to the Dask scheduler" in result.output
    assert (tmp_path / "cli" / "projects.csv").read_text(encoding="utf-8") == "kept"
    assert not (tmp_path / "lib").exists()


@pytest.mark.parametrize("address", ["nonsense", "foo://host:1"])
def test_a_malformed_address_is_a_clear_error(address: str, tmp_path: Path) -> None:
    args = ["extract", "x.txt", "--out", str(tmp_path), "--engine", "dask", "--scheduler", address]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "cannot connect to the Dask scheduler" in result.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["-", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"], "standard input (-) cannot be read"),
     (["x.txt", "--engine", "dask"], "--engine dask needs --scheduler"),
     (["x.txt", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler is for --engine dask"),
     (["x.txt", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"], "--workers is for")],
)
def test_bad_engine_options_exit_2(extra: list[str], message: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", *extra, "--out", str(tmp_path)])
    assert result.exit_code == 2 and message in result.output


def test_without_dask_installed_the_error_says_what_to_install(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ClusterError, match=r"projfacts\[dask\]"):
        run_on_dask(["x.txt"], tmp_path, Options(), "tcp://127.0.0.1:1")
    args = ["extract", "x.txt", "--out", str(tmp_path), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "pip install 'projfacts[dask]'" in result.output


# --- the parts, without a cluster ----------------------------------------------------------


def test_partitions_are_the_files_the_readers_read(tmp_path: Path) -> None:
    for path in ("b/2.txt", "b/10.txt", "a.txt", "a/z.txt", "a-b/c.txt", ".h/x.txt", "b/.x.txt", "c/d/e.txt"):
        (tmp_path / "in" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "in" / path).write_text("Julu County\n\nA project.", encoding="utf-8")
    paths = [str(tmp_path / "in"), str(tmp_path / "in" / "a.txt"), str(tmp_path / "none.txt")]
    parts = list_parts(paths)
    assert [p.source for p in parts] == [a.source for a in iter_articles(paths)]
    assert parts[-1] == Part(paths[-1], "no such file or folder")
    relative = list_parts(["in/", "in/a.txt"], base=str(tmp_path))
    assert [p.source for p in relative] == [p.source.replace(str(tmp_path) + "/", "") for p in parts[:-1]]


def _done(*sources: str) -> list[Done]:
    return [Done(f"{s}-{n}", s, 0, "") for n, s in enumerate(sources)]


@pytest.mark.parametrize(
    ("parts", "done", "point"),
    [("abc", "", (0, 0)),
     ("abc", "ab", (1, 1)),  # b may be cut short: extracted again
     ("abcd", "abbc", (2, 3)),  # b holds two articles
     ("abc", "abc", (2, 2)),
     ("aab", "aab", (0, 0)),  # the same file twice: from the start, row by row
     ("xb", "ab", (0, 0))],  # other inputs: found by drop_done
)
def test_resume_point_skips_whole_partitions(parts: str, done: str, point: tuple[int, int]) -> None:
    assert resume_point([Part(p) for p in parts], _done(*done)) == point


def _extracted(article_id: str, source: str) -> Rendered:
    return Rendered(ArticleResult(Article(article_id, source)), 0, ("", "", ""))


def test_drop_done_checks_the_rows_it_drops() -> None:
    done = _done("a", "b", "b")
    items = [_extracted("b-1", "b"), _extracted("b-2", "b"), _extracted("c-3", "c")]
    assert list(drop_done(items, done, 1)) == items[2:]
    with pytest.raises(ResumeError, match=r"row 2 of articles\.csv is b-1 \(b\) but the inputs give c-3"):
        list(drop_done(items[2:], done, 1))
    with pytest.raises(ResumeError, match="no more articles"):
        list(drop_done(items[:1], done, 1))


def test_at_most_window_partitions_are_in_flight() -> None:
    lock, running, most = threading.Lock(), [0], [0]
    window = 3

    def work(n: int) -> int:
        time.sleep(0.002)
        return -n

    def submit(n: int) -> Future[int]:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        return pool.submit(work, n)

    with ThreadPoolExecutor(4) as pool:
        got = []
        for value in imap_window(submit, range(40), window):
            with lock:
                running[0] -= 1
            got.append(value)
    assert got == [-n for n in range(40)] and most[0] <= window


def test_a_failed_task_stops_the_run() -> None:
    with ThreadPoolExecutor(2) as pool, pytest.raises(TaskFailed, match="ZeroDivisionError"):
        list(imap_window(lambda n: pool.submit(operator.truediv, 1, n), [1, 0, 2], 2))


def test_a_failed_task_exits_1_with_a_hint_to_resume(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args: object, **kwargs: object) -> RunSummary:
        raise TaskFailed("a task failed on the Dask cluster (KilledWorker: boom)")

    monkeypatch.setattr("extract.cli.run_on_dask", failing)
    args = ["extract", "x.txt", "--out", str(tmp_path), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1 and "(KilledWorker: boom); rerun with --resume" in result.output
