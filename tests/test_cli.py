"""The command line, end to end: contract tables, bad input, exit codes, options."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.write import ARTICLE_COLUMNS, FACT_COLUMNS, PROJECT_COLUMNS

CONTRACT_PROJECT_COLUMNS = [
    "article_id", "project_id", "kind", "project_name", "company", "project_count",
    "investment_cny", "investment_text", "signing_date", "start_date", "completion_date",
    "production_date", "province", "city", "county", "place", "adcode", "evidence",
]
CONTRACT_FACT_COLUMNS = [
    "article_id", "project_id", "field", "value", "unit", "text", "start_char", "end_char",
    "rule", "sentence_index",
]
CONTRACT_ARTICLE_COLUMNS = [
    "article_id", "source", "title", "published", "lang", "n_chars", "n_projects", "error",
]

EN_ARTICLE = (
    "Julu County signs new energy project\n\n2023-04-12 0 By\n\n"
    "The new energy vehicle parts project of Hebei Xinda Auto Parts Co., Ltd., located in "
    "Julu County, has a total investment of 510 million yuan and started in March."
)
ZH_ARTICLE = (
    "巨鹿县重点项目集中签约\n发布时间：2023-04-12\n"
    "河北新时代纺织科技有限公司投资建设的高端纺织品生产线项目总投资6.3亿元，计划今年9月竣工投产。"
)
HTML_PAGE = """<html><head><title>衡东县玻璃项目开工</title></head><body>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li><li>联系我们</li></ul></nav>
<article><h1>衡东县玻璃项目开工</h1>
<p>发布时间：2023-03-01</p>
<p>衡东县年产1200万重量箱超白光伏玻璃项目总投资8亿元，3月开工，计划明年6月建成投产。项目由湖南旗滨光能科技有限公司投资建设，建成后年产值可达15亿元。</p>
<p>该项目是衡阳市今年的重点工业项目之一，衡东县成立专班全程服务，确保项目早日投产见效。</p>
</article>
<footer>版权所有 衡东县融媒体中心 备案号 湘ICP备12345678号</footer></body></html>"""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """Good and bad inputs side by side."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "image.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    lines = [json.dumps({"id": "en1", "text": EN_ARTICLE}), '{"id": "broken", "text": "no end',
             json.dumps({"id": "zh1", "text": ZH_ARTICLE}, ensure_ascii=False)]
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "gbk.txt").write_bytes(ZH_ARTICLE.encode("gbk"))
    (folder / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    return folder


def test_bad_inputs_are_reported_and_the_batch_goes_on(mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(mixed_folder), "--out", str(out)])
    assert result.exit_code == 3
    articles = {r["article_id"]: r for r in _rows(out / "articles.csv")}
    assert set(articles) == {"image", "empty", "en1", "dump:2", "zh1", "gbk", "page"}
    assert articles["empty"]["error"] == "empty file"
    assert articles["image"]["error"].startswith("binary file")
    assert articles["dump:2"]["error"].startswith("broken JSON record")
    assert all(not articles[k]["error"] for k in ("en1", "zh1", "gbk", "page"))
    assert "skipped" in result.output and "empty file" in result.output
    money = {(r["article_id"], r["investment_cny"]) for r in _rows(out / "projects.csv") if r["kind"] == "project"}
    assert {("en1", "510000000"), ("zh1", "630000000"), ("gbk", "630000000"), ("page", "800000000")} <= money


def test_html_navigation_and_footer_are_not_article_text(mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    CliRunner().invoke(app, ["extract", str(mixed_folder / "page.html"), "--out", str(out)])
    (page,) = _rows(out / "articles.csv")
    assert page["title"] == "衡东县玻璃项目开工"
    (project,) = [r for r in _rows(out / "projects.csv") if r["kind"] == "project"]
    assert project["county"] == "衡东县" and project["adcode"] == "430424"
    assert "备案号" not in project["evidence"]


def test_tables_have_the_contract_columns_first(tmp_path: Path, corpus_dir: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(corpus_dir / "articles"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert _header(out / "projects.csv")[: len(CONTRACT_PROJECT_COLUMNS)] == CONTRACT_PROJECT_COLUMNS
    assert _header(out / "facts.csv")[: len(CONTRACT_FACT_COLUMNS)] == CONTRACT_FACT_COLUMNS
    assert _header(out / "articles.csv") == CONTRACT_ARTICLE_COLUMNS
    assert list(PROJECT_COLUMNS) == _header(out / "projects.csv")
    assert list(FACT_COLUMNS) == _header(out / "facts.csv")
    assert list(ARTICLE_COLUMNS) == CONTRACT_ARTICLE_COLUMNS


def test_every_fact_points_at_its_text(tmp_path: Path, corpus_dir: Path) -> None:
    out = tmp_path / "out"
    CliRunner().invoke(app, ["extract", str(corpus_dir / "articles"), "--out", str(out)])
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (corpus_dir / "articles").glob("*.txt")}
    facts = _rows(out / "facts.csv")
    assert len(facts) > 500
    for fact in facts:
        text = texts[fact["article_id"]]
        assert text[int(fact["start_char"]) : int(fact["end_char"])] == fact["text"], fact


def test_project_ids_are_article_scoped_and_facts_refer_to_them(tmp_path: Path, corpus_dir: Path) -> None:
    out = tmp_path / "out"
    CliRunner().invoke(app, ["extract", str(corpus_dir / "articles"), "--out", str(out)])
    projects = _rows(out / "projects.csv")
    ids = {r["project_id"] for r in projects}
    assert len(ids) == len(projects)
    assert all(r["project_id"].startswith(r["article_id"] + "#") for r in projects)
    assert {f["project_id"] for f in _rows(out / "facts.csv") if f["project_id"]} <= ids


def test_excel_flag_writes_a_bom(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ZH_ARTICLE, encoding="utf-8")
    CliRunner().invoke(app, ["extract", str(source), "--out", str(tmp_path / "x"), "--excel"])
    CliRunner().invoke(app, ["extract", str(source), "--out", str(tmp_path / "y")])
    assert (tmp_path / "x" / "projects.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (tmp_path / "y" / "projects.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_published_option_anchors_relative_dates(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ZH_ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    CliRunner().invoke(app, ["extract", str(source), "--out", str(out), "--published", "2021-05-01"])
    (article,) = _rows(out / "articles.csv")
    assert article["published"] == "2021-05-01"
    (project,) = [r for r in _rows(out / "projects.csv") if r["kind"] == "project"]
    assert project["production_date"] == "2021-09"


@pytest.mark.parametrize(
    "args",
    [["extract"], ["extract", "x.txt"], ["extract", "x.txt", "--out", "o", "--lang", "fr"],
     ["extract", "x.txt", "--out", "o", "--published", "12/05/2022"], ["nonsense"]],
)
def test_bad_command_lines_exit_2(args: list[str]) -> None:
    assert CliRunner().invoke(app, args).exit_code == 2


def test_stdin_input(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", "-", "--out", str(out)], input=EN_ARTICLE)
    assert result.exit_code == 0
    (article,) = _rows(out / "articles.csv")
    assert article["article_id"] == "stdin" and article["lang"] == "en"


def test_lang_option_overrides_detection(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(EN_ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    CliRunner().invoke(app, ["extract", str(source), "--out", str(out), "--lang", "zh"])
    assert _rows(out / "articles.csv")[0]["lang"] == "zh"


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(EN_ARTICLE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "extract", "extract", str(source), "--out", str(tmp_path / "o")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o" / "projects.csv").exists()


def test_evaluate_prints_scores(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(EN_ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    CliRunner().invoke(app, ["extract", str(source), "--out", str(out)])
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({
        "id": "a", "lang": "en", "published": "2023-04-12",
        "projects": [{"name": "new energy vehicle parts project", "company": "Hebei Xinda Auto Parts Co., Ltd.",
                      "investment_cny": 510000000, "location": ["julu"], "signing": None,
                      "start": "2023-03", "completion": None, "production": None}],
        "aggregates": []}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(gold), str(out / "projects.csv"), "--json"])
    scores = json.loads(result.output)
    assert scores["projects"]["f1"] == 1.0
    assert scores["investment"]["f1"] == 1.0 and scores["start"]["f1"] == 1.0
    assert scores["location"]["f1"] == 1.0 and scores["company"]["f1"] == 1.0
