"""Date finding and resolution, driven by the case tables `tests/cases/<lang>/dates.jsonl`.

Each case lists every date expression of its text, in text order, as `value` (ISO at the
text's precision, resolved against `published`) and `text` (the exact surface span).

Span convention: the date expression itself, without the preposition or relation word
that ties it to the sentence: `in March` -> "March", `by the end of October` -> "the end
of October", `on the same day` -> "the same day", `于2022年6月` -> "2022年6月", `春节前` ->
"春节", `年底前` -> "年底". Words that change the value or its precision are part of it:
a leading "the", period words (the end of, early, mid-, the first half of, 年底, 月底,
上半年, 一季度末), 份 in `2月份`, ordinal suffixes (`22nd`) and a year after a comma
(`March 15, 2021`). A Chinese month range `1-9月` gives two dates, "1" and "9月".

`"expect": "fail"` marks a known failure: it stays in the table and must keep failing
(strict xfail) until the code learns it.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time

import pytest
from casetables import LANGS, case_params, check_dated_table, load_cases, shaped_like

from extract import dates
from extract.dates import find_dates
from extract.patterns import load_patterns, read_table

GROUPS = {
    "year",
    "month",
    "day",
    "sep",
    "yrel",
    "srel",
    "qrel",
    "mrel",
    "drel",
    "mmod",
    "ypart",
    "mpart",
    "period",
    "fest",
    "eve",
    "wday",
    "wmod",
}




def observed(lang: str, case: dict) -> list[dict]:
    """What find_dates makes of a case, shaped like its `expected` list."""
    text = case["text"]
    found = [
        {"value": d.value, "text": text[d.start : d.end]}
        for d in find_dates(text, lang, case["published"])
    ]
    return shaped_like(found, case["expected"])


@pytest.mark.parametrize(("lang", "case"), case_params("dates"))
def test_case(lang: str, case: dict) -> None:
    assert observed(lang, case) == case["expected"]


# --- the case files themselves -------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_case_file_is_well_formed(lang: str) -> None:
    cases = load_cases(lang, "dates")
    check_dated_table(cases, {"value", "text"})
    for case in cases:
        assert all("text" not in item or item["text"] in case["text"] for item in case["expected"]), case


@pytest.mark.parametrize("lang", LANGS)
def test_case_file_language(lang: str) -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    for case in load_cases(lang, "dates"):
        assert bool(han.search(case["text"])) == (lang == "zh"), case


# --- the pattern data ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_date_patterns_load(lang: str) -> None:
    pset = load_patterns(lang)
    for label in (
        "DATE_FORM",
        "DATE_YEAR4",
        "DATE_YEAR_REL",
        "DATE_MONTH_REL",
        "DATE_DAY_REL",
        "DATE_YEAR_PART",
        "DATE_PERIOD",
        "DATE_FESTIVAL",
        "DATE_NOT",
    ):
        assert pset.by_label(label), f"{lang}: no {label} lines"
    assert all(p.get("regex") for p in pset.by_label("DATE_FORM"))


@pytest.mark.parametrize("lang", LANGS)
def test_date_forms_compile_with_known_groups(lang: str) -> None:
    grammar = dates._grammar(lang)
    assert grammar.forms
    for form, rx in grammar.forms:
        assert set(rx.groupindex) <= GROUPS, form.id
        assert form.id.startswith(f"{lang}.date.form."), form.id


@pytest.mark.parametrize("lang", LANGS)
def test_period_and_part_months_are_valid(lang: str) -> None:
    pset = load_patterns(lang)
    for label in ("DATE_PERIOD", "DATE_YEAR_PART", "DATE_FESTIVAL"):
        for line in pset.by_label(label):
            month = line.get("month")
            assert month is None or 1 <= int(month) <= 12, line.id


def test_spring_festival_table() -> None:
    rows = [r for r in read_table("festivals.csv") if r["festival"] == "spring_festival"]
    days = {int(r["year"]): dt.date.fromisoformat(r["date"]) for r in rows}
    assert sorted(days) == list(range(2000, 2036))
    for year, day in days.items():
        assert day.year == year and dt.date(year, 1, 21) <= day <= dt.date(year, 2, 20), day
    # A lunar year has 12 months (353-355 days) or 13 months (383-385 days).
    for year in range(2001, 2036):
        assert (days[year] - days[year - 1]).days in {353, 354, 355, 383, 384, 385}, year
    assert days[2022] == dt.date(2022, 2, 1) and days[2023] == dt.date(2023, 1, 22)
    assert days[2024] == dt.date(2024, 2, 10) and days[2000] == dt.date(2000, 2, 5)


# --- properties of every result ------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_spans_are_trimmed_ordered_and_traced(lang: str) -> None:
    for case in load_cases(lang, "dates"):
        text, last_end = case["text"], 0
        for d in find_dates(text, lang, case["published"]):
            span = text[d.start : d.end]
            assert span and span == span.strip(), (case, d)
            assert d.start >= last_end and d.rule.startswith(f"{lang}.date.form."), (case, d)
            last_end = d.end


def test_unknown_publication_keeps_absolute_dates() -> None:
    text = "该项目于2021年12月签约，今年3月开工，预计明年底建成。"
    assert [d.value for d in find_dates(text, "zh", None)] == ["2021-12"]
    assert [d.value for d in find_dates(text, "zh", "not a date")] == ["2021-12"]
    assert [d.value for d in find_dates(text, "zh", "2022")] == ["2021-12", "2022-03", "2023-12"]


def test_publication_year_only_drops_month_relative_dates() -> None:
    found = find_dates("The plant opened last month, and more will open next year.", "en", "2022")
    assert [d.value for d in found] == ["2023"]


def test_offsets_index_the_given_text() -> None:
    text = "Headline\n\nOn June 22, the park started. 6月22日开工。"
    en = find_dates(text, "en", "2022-06-23")
    assert [(text[d.start : d.end], d.value) for d in en] == [("June 22", "2022-06-22")]


# --- robustness ----------------------------------------------------------------------


def _nasty_texts() -> list[str]:
    rng = random.Random(20220706)
    noise = "".join(chr(rng.randrange(0x20, 0x9FFF)) for _ in range(20000))
    return [
        "1" * 30000,
        "2022" * 6000,
        "年月日" * 5000,
        "2022年" * 4000,
        "12月" * 5000,
        "二〇二三年五月十日" * 1500,
        "the end of " * 3000,
        "May " * 5000,
        "in " * 5000 + "May",
        "June 22, " * 3000,
        "2022.06." * 4000,
        " ," * 10000,
        noise,
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("index", range(len(_nasty_texts())))
def test_no_hang(lang: str, index: int) -> None:
    text = _nasty_texts()[index]
    began = time.perf_counter()
    find_dates(text, lang, "2022-07-06")
    assert time.perf_counter() - began < 2.0
