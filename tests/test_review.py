"""The review page, parsed as HTML: escaping, completeness, no network, missing sources."""

from __future__ import annotations

import csv
import json
import random
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.pipeline import Options, run
from extract.readers import iter_articles
from extract.review import Span, build_review, highlight, json_for_script

HOSTILE_TEXT = (
    "Julu County signs new energy project <script>alert(1)</script>\n\n2023-04-12\n\n"
    'The "><img src=x onerror=alert(2)> new energy vehicle parts project of Hebei Xinda Auto Parts '
    "Co., Ltd., located in Julu County, has a total investment of 510 million yuan and started in "
    "March. <iframe src=https://evil.example/></iframe> </textarea></script><b onmouseover=alert(3)>x</b>"
)
HOSTILE_RECORD = {
    "id": '"><svg onload=alert(4)>',
    "title": "</title><script>alert(5)</script>",
    "text": "巨鹿县重点项目集中签约\n发布时间：2023-04-12\n<script>alert(6)</script>"
            "河北新时代纺织科技有限公司投资建设的高端纺织品生产线项目总投资6.3亿元，计划今年9月竣工投产。",
}
HOSTILE_CELLS = {
    "project_name": "<script>alert(7)</script>",
    "company": '"><img src=x onerror=alert(8)>',
    "province": "' onmouseover='alert(9)",
    "status": "</td></tr></table><script>alert(10)</script>",
    "evidence": "</script><script>alert(11)</script>",
    "project_id": 'x"><a href="https://evil.example/">',
}
OWN_SCRIPTS = 2  # the JSON data block and the page's script


class Page(HTMLParser):
    """Elements, attributes and text of a page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.name_cells: list[str] = []
        self._in: list[str] = []
        self._name_cell = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)
        if tag == "script":
            self.scripts.append("")
        self._name_cell = tag == "td" and dict(attrs).get("class") == "name"
        if self._name_cell:
            self.name_cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in.pop() != tag:
                pass
        self._name_cell = False

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "script":
            self.scripts[-1] += data
        else:
            self.text.append(data)
        if self._name_cell:
            self.name_cells[-1] += data

    def elements(self, tag: str, css: str | None = None) -> list[dict[str, str | None]]:
        """The attributes of every `tag` element (with class `css` when given)."""
        return [a for t, a in self.tags if t == tag and (css is None or css in (a.get("class") or "").split())]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _valid_facts(out: Path, root: Path | None = None) -> int:
    """Facts whose offsets point at their text in the article as read again."""
    sources = {str(root / a["source"]) if root else a["source"] for a in _rows(out / "articles.csv")}
    texts = {a.article_id: a.text for a in iter_articles(sorted(sources))}
    count = 0
    for fact in _rows(out / "facts.csv"):
        text = texts.get(fact["article_id"], "")
        start, end = int(fact["start_char"]), int(fact["end_char"])
        count += 0 <= start < end <= len(text) and text[start:end] == fact["text"]
    return count


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("corpus_out")
    run([str(corpus_dir / "articles")], out, Options())
    return out


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    (base / "in").mkdir()
    (base / "in" / "evil.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (base / "in" / "records.jsonl").write_text(json.dumps(HOSTILE_RECORD, ensure_ascii=False) + "\n",
                                               encoding="utf-8")
    out = base / "out"
    run([str(base / "in")], out, Options())
    return out


def _check_safe(page: Page, html_text: str) -> None:
    """No element, attribute or script from the data; no external reference."""
    scripts = page.elements("script")
    assert len(scripts) == OWN_SCRIPTS
    assert [s.get("type") for s in scripts] == ["application/json", None]
    assert all("src" not in s for s in scripts)
    assert not page.elements("img") and not page.elements("svg") and not page.elements("iframe")
    assert not page.elements("b")  # the page uses <strong>; a <b> could only come from the data
    assert all(not k.lower().startswith("on") for _, attrs in page.tags for k in attrs)
    for _, attrs in page.tags:
        for key in ("src", "href", "action", "formaction"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "javascript:")), (key, value)
    assert "url(" not in html_text.split("</style>")[0]
    json.loads(page.scripts[0])
    assert "<" not in page.scripts[0] and ">" not in page.scripts[0]


def test_corpus_page_is_complete(corpus_out: Path) -> None:
    review = build_review(corpus_out)
    page = Page(review.html)
    projects = _rows(corpus_out / "projects.csv")
    assert len(page.elements("tr", "project")) + len(page.elements("tr", "aggregate")) == len(projects)
    assert sorted(page.name_cells) == sorted(p["project_name"] for p in projects)
    marks = page.elements("mark", "ent")
    assert len(marks) == _valid_facts(corpus_out) == len(_rows(corpus_out / "facts.csv")) == review.highlights
    assert len({m["id"] for m in marks}) == len(marks)
    assert all(m.get("title") and "rule: " in (m.get("title") or "") for m in marks)
    assert "http://" not in review.html and "https://" not in review.html  # the corpus texts hold no URL
    _check_safe(page, review.html)


def test_rows_and_mentions_link_both_ways(corpus_out: Path) -> None:
    page = Page(build_review(corpus_out).html)
    ids = {a.get("id") for _, a in page.tags}
    links = page.elements("a", "ev")
    assert links and all((a.get("href") or "#")[1:] in ids for a in links)
    rows = {a["id"] for a in page.elements("tr", "project") + page.elements("tr", "aggregate")}
    attached = [m for m in page.elements("mark", "ent") if m.get("data-p")]
    assert attached and all(m["data-p"] in rows for m in attached)


def test_hostile_articles_and_cells_are_escaped(hostile_out: Path) -> None:
    projects = _rows(hostile_out / "projects.csv")
    assert projects, "the hostile articles should still yield project rows"
    projects[0].update(HOSTILE_CELLS)
    _write_rows(hostile_out / "projects.csv", projects)
    facts = _rows(hostile_out / "facts.csv")
    facts[0].update(value="<script>alert(12)</script>", rule='"><img src=x onerror=alert(13)>',
                    field='x" onclick="alert(14)')
    _write_rows(hostile_out / "facts.csv", facts)
    review = build_review(hostile_out)
    page = Page(review.html)
    _check_safe(page, review.html)
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text and "<script>alert(6)</script>" in text
    assert HOSTILE_CELLS["project_name"] in page.name_cells
    assert HOSTILE_CELLS["status"] in text and HOSTILE_CELLS["company"] in text
    data = json.loads(page.scripts[0])
    assert HOSTILE_CELLS["project_id"] in {p["project_id"] for p in data["projects"].values()}
    titles = " ".join(m.get("title") or "" for m in page.elements("mark", "ent"))
    assert "<script>alert(12)</script>" in titles


def test_review_without_sources(corpus_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "moved"
    shutil.copytree(corpus_out, out)
    articles = _rows(out / "articles.csv")
    for n, row in enumerate(articles):
        row["source"] = "-" if n % 2 else str(tmp_path / "gone" / f"{n}.txt")
    _write_rows(out / "articles.csv", articles)
    review = build_review(out)
    page = Page(review.html)
    assert review.articles_with_text == 0 and not page.elements("mark", "ent")
    assert "standard input" in review.html and "no longer exists" in review.html
    facts = _rows(out / "facts.csv")
    assert len([a for a in page.elements("tr") if (a.get("id") or "").startswith("m-")]) == len(facts)
    assert sorted(page.name_cells) == sorted(p["project_name"] for p in _rows(out / "projects.csv"))
    _check_safe(page, review.html)


def test_changed_source_is_not_highlighted(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(HOSTILE_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    run([str(source)], out, Options())
    source.write_text("Something else entirely.", encoding="utf-8")
    review = build_review(out)
    assert review.highlights == 0 and "changed since the extraction" in review.html


def test_article_cap_keeps_every_row(corpus_out: Path) -> None:
    review = build_review(corpus_out, max_articles=3)
    page = Page(review.html)
    assert len(page.elements("article", "doc")) == 3
    assert len(page.name_cells) == len(_rows(corpus_out / "projects.csv"))
    assert "Only the first 3 articles" in review.html


def _spans(pairs: list[tuple[int, int]]) -> list[Span]:
    return [Span(s, e, i, f'<mark id="s{i}">', f'<mark class="c{i}">') for i, (s, e) in enumerate(pairs)]


def test_overlapping_spans_nest_deterministically() -> None:
    text = "abcdefghij<&>"
    pairs = [(0, 5), (2, 8), (2, 8), (3, 4), (0, 13), (7, 12), (9, 10)]
    out = highlight(text, _spans(pairs))
    shuffled = _spans(pairs)
    random.Random(1).shuffle(shuffled)
    assert highlight(text, shuffled) == out
    page = Page(f"<div>{out}</div>")
    assert "".join(page.text) == text
    assert out.count("<mark") == out.count("</mark>")
    assert sorted(a["id"] for a in page.elements("mark") if a.get("id")) == [f"s{i}" for i in range(len(pairs))]
    assert "&lt;&amp;" in out and "&gt;" in out and "<&>" not in out


def test_json_for_script_escapes_markup() -> None:
    text = json_for_script({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_cli_review(corpus_out: Path, tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["review", str(corpus_out), "--html", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_relative_sources_and_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run(["in"], Path("out"), Options())
    assert _rows(tmp_path / "out" / "articles.csv")[0]["source"] == str(Path("in") / "a.txt")
    monkeypatch.chdir(tmp_path / "out")
    assert build_review(Path(".")).highlights == 0
    target = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["review", ".", "--html", str(target), "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(Page(target.read_text(encoding="utf-8")).elements("mark", "ent")) == _valid_facts(tmp_path / "out", tmp_path) > 0


def test_cli_review_needs_tables(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["review", str(tmp_path), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "no projects.csv" in result.output
