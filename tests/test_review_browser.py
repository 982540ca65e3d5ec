"""The review page in a real headless Chromium: search, filters, sorting, links, no injection.

Needs Debian's chromium at /usr/bin/chromium and the `playwright` package (its own browser
download is not used); skipped with the reason when either is missing. Set
PROJFACTS_SCREENSHOT_DIR to keep the screenshots.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extract.pipeline import Options, run
from extract.review import write_review

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1400, "height": 900}
HOSTILE = (
    "Julu County signs new energy project <script>alert(1)</script>\n\n2023-04-12\n\n"
    'The "><img src=x onerror=alert(2)> new energy vehicle parts project of Hebei Xinda Auto Parts '
    "Co., Ltd., located in Julu County, has a total investment of 510 million yuan and started in March. "
    "<b onmouseover=alert(3)>hover me</b> <iframe srcdoc='<script>alert(4)</script>'></iframe>"
)

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def corpus_review(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("browser_out")
    run([str(corpus_dir / "articles")], out, Options())
    page = out / "review.html"
    write_review(out, page)
    return out, page


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page recording console errors, page errors and dialogs."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(f"page error: {e}"))
    tab.on("dialog", lambda d: (tab.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield tab
    context.close()


def _save(tab: Any, tmp_path: Path, name: str) -> Path:
    """A screenshot in tmp_path, copied to PROJFACTS_SCREENSHOT_DIR when set."""
    path = tmp_path / name
    tab.screenshot(path=str(path))
    target = os.environ.get("PROJFACTS_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / name)
    return path


def _visible(tab: Any) -> int:
    return tab.locator("#ptable tbody tr:not([hidden])").count()


def _in_view(tab: Any, selector: str) -> bool:
    return tab.eval_on_selector(
        selector, "e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }")


def test_search_filter_sort_and_links(page: Any, corpus_review: tuple[Path, Path], tmp_path: Path) -> None:
    out, html = corpus_review
    projects = _rows(out / "projects.csv")
    page.goto(html.as_uri())
    assert _visible(page) == len(projects)
    _save(page, tmp_path, "review-table.png")

    page.locator("#q").press_sequentially("lithium")
    matching = page.eval_on_selector_all(
        "#ptable tbody tr",
        "rows => rows.map(r => [!r.hidden, (r.textContent + ' ' + r.dataset.search).toLowerCase().includes('lithium')])")
    assert 0 < _visible(page) < len(projects)
    assert all(shown == hit for shown, hit in matching)
    assert page.locator("#shown").inner_text() == f"{_visible(page)} of {len(projects)} rows shown"

    page.click("#reset")
    province = next(p["province"] for p in projects if p["province"])
    page.select_option("#flt-province", province)
    assert _visible(page) == sum(p["province"] == province for p in projects)
    page.select_option("#flt-field", "has:investment_cny")
    assert _visible(page) == sum(p["province"] == province and bool(p["investment_cny"]) for p in projects)
    page.click("#reset")
    assert _visible(page) == len(projects)

    header = page.locator("#ptable thead th", has_text="Investment")
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    column = header.evaluate("th => th.cellIndex")
    amounts = [float(v) for v in page.eval_on_selector_all(
        f"#ptable tbody tr td:nth-child({column + 1})[data-sort]", "cells => cells.map(c => c.dataset.sort)")]
    assert amounts == sorted(amounts) and len(amounts) == sum(bool(p["investment_cny"]) for p in projects)
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    first = page.locator("#ptable tbody tr").first.locator("td").nth(column).get_attribute("data-sort")
    assert float(first or 0) == max(amounts)

    _check_row_to_evidence(page, projects)
    _save(page, tmp_path, "review-evidence.png")
    _check_mention_to_row(page)
    assert page.problems == []


def _check_row_to_evidence(tab: Any, projects: list[dict[str, str]]) -> None:
    """Row link -> the project's mentions are marked and scrolled into view."""
    tab.fill("#q", "lithium")
    row = tab.locator("#ptable tbody tr:not([hidden])", has=tab.locator("a.ev")).first
    pid = row.get_attribute("id")
    row.locator("a.ev").click()
    marks = tab.locator(f'mark.ent[data-p="{pid}"]')
    assert marks.count() > 0
    assert marks.count() == tab.locator(f'mark.ent.focus[data-p="{pid}"]').count()
    assert _in_view(tab, f'mark.ent[data-p="{pid}"]')
    assert "focus" in (row.get_attribute("class") or "").split()
    assert row.locator("td.name").inner_text() in tab.locator("#focusinfo").inner_text()


def _check_mention_to_row(tab: Any) -> None:
    """Mention click -> its row is shown (filters reset if needed), marked and in view."""
    tab.fill("#q", "no such project anywhere")
    mark = tab.locator("mark.ent[data-p]").last
    pid = mark.get_attribute("data-p")
    mark.scroll_into_view_if_needed()
    mark.click()
    row = tab.locator(f"#{pid}")
    assert row.is_visible() and "focus" in (row.get_attribute("class") or "").split()
    assert _in_view(tab, f"#{pid}")


def test_hostile_article_runs_nothing(page: Any, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    record = {"id": '"><img src=x onerror=alert(5)>', "title": "<script>alert(6)</script>",
              "text": "<svg onload=alert(7)></svg>河北新时代纺织科技有限公司投资建设的高端纺织品生产线项目总投资6.3亿元。"}
    (tmp_path / "in" / "more.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run([str(tmp_path / "in")], out, Options())
    html = tmp_path / "hostile.html"
    write_review(out, html)
    page.goto(html.as_uri())
    page.mouse.move(10, 10)
    page.get_by_text("hover me").first.hover()
    page.wait_for_timeout(200)
    assert page.locator("script").count() == 2
    assert page.locator("img, iframe, svg, b, object, embed").count() == 0
    assert page.get_by_text("<script>alert(1)</script>").count() >= 1
    assert page.problems == []
    _save(page, tmp_path, "review-hostile.png")
