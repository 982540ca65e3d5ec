"""A non-editable install finds the pattern data inside the wheel (no repository needed)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(out)],
        check=True,
    )
    (built,) = out.glob("projfacts-*.whl")
    return built


def test_wheel_ships_the_patterns(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "extract/_patterns/shared/adcode.csv" in names
    assert "extract/_patterns/zh/userdict.txt" in names
    assert any(n.startswith("extract/_patterns/en/") and n.endswith(".jsonl") for n in names)


def test_wheel_ships_the_review_page_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {"extract/templates/review.html", "extract/templates/review.js"} <= set(names)


def test_installed_copy_runs_from_elsewhere(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)],
        check=True,
    )
    script = (
        "import extract.patterns as p, extract.pipeline as pl, extract.records as r;"
        "print(p.patterns_dir());"
        "res = pl.extract_article(r.Article('a', 'a.txt', '巨鹿县年产10万吨锂电池正极材料项目总投资6.3亿元。'));"
        "print(res.projects[0].investment_cny, res.projects[0].adcode)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    where, result = done.stdout.splitlines()[-2:]
    assert where == str(site / "extract" / "_patterns")
    assert result == "630000000 130529"
