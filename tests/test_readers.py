"""Tests of extract.readers: every input kind, encoding and failure becomes an Article."""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest

from extract import readers
from extract.decode import decode_bytes
from extract.errors import InputError
from extract.readers import iter_articles
from extract.records import Article

ZH_SIMPLIFIED = "合肥市重大项目集中开工，总投资120亿元，涉及新能源汽车和集成电路产业。"
ZH_TRADITIONAL = "臺北市捷運環狀線北環段工程今日正式動工，總投資新臺幣五百億元，預計七年後通車。"
EN_TEXT = "Hefei starts 12 major projects with a total investment of 12 billion yuan."
NO_TEXT = "record has no text field (looked for text, content, body, article)"
UNDECODABLE = "cannot decode text: not UTF-8, GB18030, Big5 or UTF-16"

NEWS_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Hefei chemical plant breaks ground - Hefei Daily</title>
<meta property="article:published_time" content="2023-04-12T10:30:00+08:00">
</head><body>
<div id="header"><ul class="nav">
<li><a href="/">Home</a></li><li><a href="/news">Navmenu News</a></li>
<li><a href="/sports">Navmenu Sports</a></li><li><a href="/about">Navmenu About</a></li>
</ul></div>
<div id="sidebar"><h3>Sidebar Popular</h3><ul>
<li><a href="/a">Sidebar story one</a></li><li><a href="/b">Sidebar story two</a></li>
</ul></div>
<div class="article"><h1>Hefei chemical plant breaks ground</h1>
<p>The new chemical plant in Hefei, with a total investment of 5 billion yuan, started
construction on April 10, 2023. The project covers an area of 300 mu and is expected to be
completed and put into production in 2025.</p>
<p>Officials said the plant will produce 200,000 tons of materials a year and create 2,000
jobs for the region once it is running at full capacity.</p>
</div>
<div id="footer"><p>Footerword Copyright 2023 Hefei Daily. All rights reserved.
Contact us | Privacy</p></div>
</body></html>
"""

ZH_PAGE = """<html><head><meta charset="gbk"><title>合肥新建化工厂开工_合肥新闻网</title>
<meta name="publishdate" content="2023-04-12"></head><body>
<div class="nav"><a href="/">首页</a> <a href="/news">导航新闻</a> <a href="/ty">导航体育</a></div>
<div class="content"><h1>合肥新建化工厂开工</h1>
<p>4月10日，总投资50亿元的合肥新建化工厂项目正式开工建设，项目占地面积约300亩，
预计2025年建成投产，投产后年产值可达80亿元，新增就业岗位2000个。</p>
<p>该项目是今年全市重点推进的产业项目之一，将进一步壮大合肥市新材料产业集群。</p></div>
<div class="footer">版权所有 页脚信息 合肥新闻网</div></body></html>
"""


def write(folder: Path, name: str, data: str | bytes) -> str:
    """Write a file (str as UTF-8) under `folder` and return its path as a string."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def read(*paths: str, **options: object) -> list[Article]:
    """All articles of the given paths."""
    return list(iter_articles(paths, **options))  # type: ignore[arg-type]


def jsonl(*records: object) -> str:
    """JSON lines of the given records."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# --- decode_bytes -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"plain ascii\n", "plain ascii\n"),
        ("合肥\r\n开工\r结束".encode(), "合肥\n开工\n结束"),
        (codecs.BOM_UTF8 + "合肥开工".encode(), "合肥开工"),
        (ZH_SIMPLIFIED.encode("gbk"), ZH_SIMPLIFIED),
        (ZH_SIMPLIFIED.encode("gb18030"), ZH_SIMPLIFIED),
        (ZH_TRADITIONAL.encode("big5"), ZH_TRADITIONAL),
        (ZH_SIMPLIFIED.encode("utf-16"), ZH_SIMPLIFIED),
        (codecs.BOM_UTF16_BE + ZH_SIMPLIFIED.encode("utf-16-be"), ZH_SIMPLIFIED),
        (ZH_SIMPLIFIED.encode("utf-32"), ZH_SIMPLIFIED),
    ],
    ids=["ascii", "newlines", "utf8-bom", "gbk", "gb18030", "big5", "utf16", "utf16be", "utf32"],
)
def test_decode_bytes(data: bytes, expected: str) -> None:
    assert decode_bytes(data) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "empty file"),
        ("\u3000\n".encode("utf-16"), "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (not text): PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (not text): PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00", "binary file (not text): ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00", "binary file (not text): gzip archive"),
        (b"text\x00with NUL", "binary file (not text): contains NUL bytes"),
        (bytes(range(1, 32)) * 4 + b"abc", "binary file (not text): too many control characters"),
        ("Café au lait, naïve résumé".encode("latin-1"), UNDECODABLE),
    ],
    ids=["empty", "blank", "blank-utf16", "png", "pdf", "zip", "gzip", "nul", "control", "latin1"],
)
def test_decode_bytes_rejects(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data)
    assert str(caught.value) == reason


# --- .txt ---------------------------------------------------------------------------


def test_txt(tmp_path: Path) -> None:
    path = write(tmp_path, "hefei-news.txt", f"\n\n  Hefei starts projects  \r\n\r\n{EN_TEXT}\r\n")
    [article] = read(path)
    assert article == Article(
        article_id="hefei-news",
        source=path,
        text=f"\n\n  Hefei starts projects  \n\n{EN_TEXT}\n",
        title="Hefei starts projects",
    )


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("gbk", ZH_SIMPLIFIED),
        ("big5", ZH_TRADITIONAL),
        ("utf-8-sig", ZH_SIMPLIFIED),
        ("utf-16", ZH_TRADITIONAL),
    ],
)
def test_txt_encodings(tmp_path: Path, encoding: str, text: str) -> None:
    title = text[:6]
    path = write(tmp_path, "a.txt", f"{title}\r\n{text}\r\n".encode(encoding))
    [article] = read(path)
    assert (article.text, article.title, article.error) == (f"{title}\n{text}\n", title, "")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"\n \n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file (not text): PNG image"),
        (b"abc\x00\x01\x02def", "binary file (not text): contains NUL bytes"),
        (b"na\xefve caf\xe9 r\xe9sum\xe9", UNDECODABLE),
    ],
)
def test_txt_errors(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path, "bad.txt", data)
    assert read(path) == [Article(article_id="bad", source=path, error=reason)]


def test_too_large_file_is_rejected_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "big.txt", "x" * 101)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(readers, "open", no_open, raising=False)
    [article] = read(path, max_bytes=100)
    assert article.error == "article too large: 101 bytes (limit 100)"
    assert (article.article_id, article.text) == ("big", "")


def test_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "edge.txt", "x" * 100)
    [article] = read(path, max_bytes=100)
    assert (article.error, len(article.text)) == ("", 100)


# --- .html --------------------------------------------------------------------------


def test_html_main_text_without_boilerplate(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", NEWS_PAGE)
    [article] = read(path)
    assert article.error == ""
    assert article.article_id == "page"
    assert article.title == "Hefei chemical plant breaks ground"
    assert article.text.startswith("Hefei chemical plant breaks ground\n\n")
    assert "total investment of 5 billion yuan" in article.text
    assert "create 2,000\njobs" in article.text or "create 2,000 jobs" in article.text
    for boilerplate in ("Navmenu", "Sidebar", "Footerword", "Privacy"):
        assert boilerplate not in article.text
    assert article.published == "2023-04-12"


def test_html_gbk_chinese_page(tmp_path: Path) -> None:
    path = write(tmp_path, "zh.htm", ZH_PAGE.encode("gbk"))
    [article] = read(path)
    assert article.error == ""
    assert article.title == "合肥新建化工厂开工"
    assert article.text.split("\n")[0] == "合肥新建化工厂开工"
    assert article.text.count("合肥新建化工厂开工") == 1  # the h1 is not repeated
    assert "总投资50亿元" in article.text
    for boilerplate in ("导航", "页脚", "版权所有"):
        assert boilerplate not in article.text
    assert article.published == "2023-04-12"


def test_html_title_already_first_line_is_not_repeated(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Plant opens</title></head><body><article><h1>Plant opens</h1>"
        f"<p>{EN_TEXT} {EN_TEXT}</p></article></body></html>"
    )
    [article] = read(write(tmp_path, "p.html", page))
    assert article.text.count("Plant opens") == 1
    assert article.published is None


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<html><body><script>var x = 1;</script></body></html>",
    ],
)
def test_html_without_main_text(tmp_path: Path, page: str) -> None:
    path = write(tmp_path, "empty.html", page)
    assert read(path) == [
        Article(article_id="empty", source=path, error="no main text found in the HTML page")
    ]


# --- .jsonl -------------------------------------------------------------------------


def test_jsonl_broken_line_between_good_ones(tmp_path: Path) -> None:
    good_en = json.dumps({"id": "en-1", "title": "Hefei", "text": EN_TEXT})
    good_zh = json.dumps({"content": ZH_SIMPLIFIED, "date": "2023年4月12日"}, ensure_ascii=False)
    path = write(tmp_path, "batch.jsonl", f'{good_en}\n{{"text": "abc"\n{good_zh}\n')
    articles = read(path)
    assert len(articles) == 3
    assert articles[0] == Article(article_id="en-1", source=path, text=EN_TEXT, title="Hefei")
    assert articles[1] == Article(
        article_id="batch:2",
        source=path,
        error="broken JSON record: Expecting ',' delimiter (column 15)",
    )
    assert articles[2] == Article(
        article_id="batch:3", source=path, text=ZH_SIMPLIFIED, published="2023-04-12"
    )


def test_jsonl_fields(tmp_path: Path) -> None:
    records = [
        {"id": 42, "body": "Body text", "published": "2023-04-12T10:30:00+08:00", "url": "u"},
        {"article": "Article text", "publish_time": 1681266600},
        {"text": "", "content": "Content text", "pub_date": "yesterday"},
        {"text": "Text wins", "content": "not this", "date": "May 10, 2022"},
        {"text": "t", "publish_time": "1681266600000"},
        {"text": "t", "date": 20230412, "title": "  T  "},
        {"text": "t", "pub_date": "20230230", "id": ""},
        {"text": "t", "date": 1681266600123, "url": None},
    ]
    articles = read(write(tmp_path, "f.jsonl", jsonl(*records)))
    got = [(a.article_id, a.text, a.published, a.url) for a in articles]
    assert got == [
        ("42", "Body text", "2023-04-12", "u"),
        ("f:2", "Article text", "2023-04-12", ""),
        ("f:3", "Content text", None, ""),
        ("f:4", "Text wins", "2022-05-10", ""),
        ("f:5", "t", "2023-04-12", ""),
        ("f:6", "t", "2023-04-12", ""),
        ("f:7", "t", None, ""),
        ("f:8", "t", "2023-04-12", ""),
    ]
    assert articles[5].title == "T"


def test_jsonl_bad_records_and_blank_lines(tmp_path: Path) -> None:
    lines = ['{"text": "one"}', "", "  ", "[1, 2]", '{"title": "no text"}', "nonsense", '"s"']
    path = write(tmp_path, "mixed.jsonl", "\n".join(lines) + "\n")
    got = [(a.article_id, a.text, a.error) for a in read(path)]
    assert got == [
        ("mixed:1", "one", ""),
        ("mixed:4", "", "broken JSON record: expected an object, got an array"),
        ("mixed:5", "", NO_TEXT),
        ("mixed:6", "", "broken JSON record: Expecting value (column 1)"),
        ("mixed:7", "", "broken JSON record: expected an object, got a string"),
    ]


def test_jsonl_too_large_record(tmp_path: Path) -> None:
    big = json.dumps({"text": "x" * 200})
    path = write(tmp_path, "big.jsonl", f'{{"text": "a"}}\n{big}\n{{"text": "b"}}\n')
    got = [(a.article_id, a.text, a.error) for a in read(path, max_bytes=100)]
    assert got == [
        ("big:1", "a", ""),
        ("big:2", "", f"article too large: {len(big) + 1} bytes (limit 100)"),
        ("big:3", "b", ""),
    ]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-16"])
def test_jsonl_encodings(tmp_path: Path, encoding: str) -> None:
    data = jsonl({"text": ZH_SIMPLIFIED}, {"text": "第二条"}).encode(encoding)
    got = [(a.article_id, a.text) for a in read(write(tmp_path, "zh.jsonl", data))]
    assert got == [("zh:1", ZH_SIMPLIFIED), ("zh:2", "第二条")]


def test_jsonl_gbk_longer_than_the_encoding_sample(tmp_path: Path) -> None:
    data = jsonl(*({"text": ZH_SIMPLIFIED} for _ in range(2000))).encode("gbk")
    assert len(data) > readers.SNIFF_BYTES
    articles = read(write(tmp_path, "long.jsonl", data))
    assert len(articles) == 2000
    assert {a.text for a in articles} == {ZH_SIMPLIFIED}


def test_jsonl_line_in_another_encoding(tmp_path: Path) -> None:
    data = (
        b'{"text": "utf8 \xe5\x90\x88\xe8\x82\xa5"}\n'
        + f'{{"text": "{ZH_SIMPLIFIED}"}}\n'.encode("gbk")
    )
    got = [(a.text, a.error) for a in read(write(tmp_path, "two.jsonl", data))]
    assert got == [("utf8 合肥", ""), (ZH_SIMPLIFIED, "")]


def test_jsonl_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, "none.jsonl", "\n\n")
    assert read(path) == [Article(article_id="none", source=path, error="empty file")]


# --- .csv ---------------------------------------------------------------------------


def test_csv_ids_and_fields(tmp_path: Path) -> None:
    rows = (
        "ID,Title,Content,Date,URL\r\n"
        f"a7,Hefei,{EN_TEXT},2023/04/12,http://x\r\n"
        ',,"two\r\nlines",,\r\n'
        "x,only a title,,,\r\n"
    )
    path = write(tmp_path, "table.csv", rows)
    got = [(a.article_id, a.title, a.text, a.published, a.url, a.error) for a in read(path)]
    assert got == [
        ("a7", "Hefei", EN_TEXT, "2023-04-12", "http://x", ""),
        ("table:2", "", "two\nlines", None, "", ""),
        ("table:3", "", "", None, "", NO_TEXT),
    ]
    assert {a.source for a in read(path)} == {path}


def test_csv_large_field_and_gbk(tmp_path: Path) -> None:
    long_text = ZH_SIMPLIFIED * 10_000  # far past the csv module's default field limit
    data = f"text\n{long_text}\n短文\n".encode("gbk")
    got = [(a.article_id, a.text) for a in read(write(tmp_path, "zh.csv", data))]
    assert got == [("zh:1", long_text), ("zh:2", "短文")]


def test_csv_too_large_row(tmp_path: Path) -> None:
    path = write(tmp_path, "r.csv", "text\nshort\n" + "x" * 150 + "\n")
    got = [(a.article_id, a.error) for a in read(path, max_bytes=100)]
    assert got == [("r:1", ""), ("r:2", "article too large: 150 bytes (limit 100)")]


def test_csv_row_of_quotes_at_the_limit_is_read(tmp_path: Path) -> None:
    # 100 quotes take 202 characters quoted: the row is within the limit all the same
    path = write(tmp_path, "q.csv", "text\nshort\n" + '"' + '""' * 100 + '"\n')
    got = [(a.article_id, a.text, a.error) for a in read(path, max_bytes=100)]
    assert got == [("q:1", "short", ""), ("q:2", '"' * 100, "")]


def test_csv_record_far_past_the_limit_is_skipped_unread(tmp_path: Path) -> None:
    path = write(tmp_path, "s.csv", 'id,text\n,"' + '""' * 1500 + "x\r\n" * 300 + '"\n,after\n')
    got = [(a.article_id, a.text, a.error) for a in read(path, max_bytes=100)]
    assert got == [("s:1", "", "article too large: 2400 bytes (limit 100)"), ("s:2", "after", "")]


def test_csv_header_far_past_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "h.csv", "text," + "c" * 300 + "\nrow,x\n")
    assert read(path, max_bytes=100) == [
        Article(article_id="h", source=path, error="article too large: 304 bytes (limit 100)")
    ]


def test_csv_header_only(tmp_path: Path) -> None:
    path = write(tmp_path, "head.csv", "id,text\n")
    assert read(path) == [Article(article_id="head", source=path, error="empty file")]


# --- stdin --------------------------------------------------------------------------


def test_stdin_jsonl() -> None:
    data = jsonl({"text": EN_TEXT}, {"id": "z", "text": ZH_SIMPLIFIED}).replace("}\n{", "}\n\n{")
    data += "{broken}\n"
    articles = read("-", stdin=io.BytesIO(data.encode()))
    got = [(a.article_id, a.source, a.text, a.error) for a in articles]
    assert got == [
        ("stdin:1", "-", EN_TEXT, ""),
        ("z", "-", ZH_SIMPLIFIED, ""),
        (
            "stdin:4",
            "-",
            "",
            "broken JSON record: Expecting property name enclosed in double quotes (column 2)",
        ),
    ]


def test_stdin_text() -> None:
    data = f"Hefei news\n{{not json}}\n{EN_TEXT}\n".encode("gbk")
    assert read("-", stdin=io.BytesIO(data)) == [
        Article(
            article_id="stdin",
            source="-",
            text=f"Hefei news\n{{not json}}\n{EN_TEXT}\n",
            title="Hefei news",
        )
    ]


def test_stdin_gbk_text() -> None:
    [article] = read("-", stdin=io.BytesIO(ZH_SIMPLIFIED.encode("gbk")))
    assert (article.article_id, article.text, article.title) == (
        "stdin",
        ZH_SIMPLIFIED,
        ZH_SIMPLIFIED,
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"x" * 300, "article too large: 300 bytes (limit 100)"),
    ],
)
def test_stdin_errors(data: bytes, reason: str) -> None:
    stream = io.BytesIO(data)
    assert read("-", stdin=stream, max_bytes=100) == [
        Article(article_id="stdin", source="-", error=reason)
    ]


# --- folders and paths --------------------------------------------------------------


def test_folder_recursion(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root, "b.txt", "B text")
    write(root, "a/z.jsonl", jsonl({"text": "z1"}, {"text": "z2"}))
    write(root, "a/y.csv", "text\ny1\n")
    write(root, "c/scan.pdf", b"%PDF-1.7")
    write(root, "c/noext", "x")
    write(root, ".hidden.txt", "hidden")
    write(root, ".git/config.txt", "hidden folder")
    write(root, "c/.cache/d.txt", "hidden subfolder")
    articles = read(str(root))
    got = [(Path(a.source).relative_to(root).as_posix(), a.article_id, a.error) for a in articles]
    assert got == [
        ("a/y.csv", "y:1", ""),
        ("a/z.jsonl", "z:1", ""),
        ("a/z.jsonl", "z:2", ""),
        ("b.txt", "b", ""),
        ("c/noext", "noext", "unsupported file type '' (expected .txt, .html, .htm, .jsonl, .csv)"),
        (
            "c/scan.pdf",
            "scan",
            "unsupported file type '.pdf' (expected .txt, .html, .htm, .jsonl, .csv)",
        ),
    ]
    assert all(a.source.startswith(str(root)) for a in articles)


def test_paths_in_given_order(tmp_path: Path) -> None:
    first = write(tmp_path, "2.txt", "second file")
    second = write(tmp_path, "1.TXT", "first file")
    missing = str(tmp_path / "missing.txt")
    got = [(a.article_id, a.source, a.error) for a in read(first, missing, second)]
    assert got == [
        ("2", first, ""),
        ("missing", missing, "no such file or folder"),
        ("1", second, ""),
    ]


def test_unsupported_file_given_directly(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.docx", b"PK\x03\x04")
    [article] = read(path)
    assert article.error == (
        "unsupported file type '.docx' (expected .txt, .html, .htm, .jsonl, .csv)"
    )
