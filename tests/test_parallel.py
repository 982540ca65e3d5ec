"""--workers: the ordered parallel map, and tables identical to a one-process run."""

from __future__ import annotations

import operator
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract import pipeline
from extract.cli import app
from extract.parallel import WINDOW_PER_WORKER, imap_ordered
from extract.write import TABLES


def test_results_come_in_input_order() -> None:
    assert list(imap_ordered(operator.neg, range(50), workers=2, chunk=3)) == [-n for n in range(50)]


def test_items_in_flight_are_bounded() -> None:
    pulled = 0

    def items() -> Iterator[int]:
        nonlocal pulled
        for n in range(200):
            pulled += 1
            yield n

    workers, chunk = 2, 4
    most_ahead = 0
    for received, _ in enumerate(imap_ordered(operator.neg, items(), workers=workers, chunk=chunk), 1):
        most_ahead = max(most_ahead, pulled - received)
    assert most_ahead <= (WINDOW_PER_WORKER * workers + 1) * chunk


def test_a_worker_that_dies_stops_the_run() -> None:
    with pytest.raises(BrokenProcessPool):
        list(imap_ordered(os._exit, [1, 2, 3], workers=2, chunk=1))


def test_two_workers_write_byte_identical_tables(tmp_path: Path, corpus_dir: Path) -> None:
    outs = {n: tmp_path / f"w{n}" for n in (1, 2)}
    for n, out in outs.items():
        args = ["extract", str(corpus_dir / "articles"), "--out", str(out), "--workers", str(n)]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    for name in TABLES:
        assert (outs[1] / name).read_bytes() == (outs[2] / name).read_bytes(), name


@pytest.mark.parametrize(("langs", "loaded"), [(("en",), False), (("zh",), True), (("en", "zh"), True)])
def test_warm_loads_chinese_tables_only_for_chinese(langs: tuple[str, ...], loaded: bool) -> None:
    code = (f"import sys\nfrom extract.pipeline import warm\nwarm({langs!r})\n"
            "print('jieba' in sys.modules, 'pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(loaded), str(loaded)]


@pytest.mark.parametrize(("lang", "warmed"), [("auto", ("en",)), ("en", ("en",)), ("zh", ("zh",))])
def test_workers_warm_the_languages_of_the_run(
    monkeypatch: pytest.MonkeyPatch, lang: str, warmed: tuple[str, ...]
) -> None:
    seen = {}

    def fake_imap(fn: object, items: object, **kwargs: object) -> Iterator[object]:
        seen.update(kwargs)
        return iter(())

    monkeypatch.setattr(pipeline, "imap_ordered", fake_imap)
    list(pipeline.process([], pipeline.Options(lang=lang, workers=2)))
    assert seen["initializer"].args == (warmed,)
