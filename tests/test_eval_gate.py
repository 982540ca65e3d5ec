"""The accuracy floor: extraction on the bundled corpus must not score below corpus/baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.evaluate import evaluate
from extract.pipeline import Options, run


@pytest.fixture(scope="module")
def report(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    out = tmp_path_factory.mktemp("corpus_out")
    summary = run([str(corpus_dir / "articles")], out, Options())
    assert summary.exit_code == 0
    return evaluate(corpus_dir / "gold.jsonl", out / "projects.csv").as_dict()


def _floors() -> dict[str, float]:
    path = Path(__file__).resolve().parents[1] / "corpus" / "baseline.json"
    return json.loads(path.read_text(encoding="utf-8"))["floors"]


@pytest.mark.parametrize("field", sorted(_floors()))
def test_f1_does_not_fall_below_its_floor(report: dict[str, dict[str, float]], field: str) -> None:
    assert report[field]["f1"] >= _floors()[field], f"{field}: {report[field]} below {_floors()[field]}"


def test_the_gold_file_covers_every_corpus_article(corpus_dir: Path) -> None:
    ids = {json.loads(line)["id"] for line in (corpus_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines()}
    files = {p.stem for p in (corpus_dir / "articles").iterdir()}
    assert ids == files and len(ids) >= 25
    langs = [json.loads(line)["lang"] for line in (corpus_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert langs.count("zh") * 2 >= len(langs)
