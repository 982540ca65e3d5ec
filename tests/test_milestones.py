"""Milestone typing, driven by the case tables `tests/cases/<lang>/milestones.jsonl`.

Each case lists every milestone of its text, in trigger order, as `field` (signing, start,
completion, production), `value` (the ISO date it is paired with) and `planned` (true,
false or null for unknown); keys left out are not checked. The dates follow the span and
resolution conventions of tests/test_dates.py.

`"expect": "fail"` marks a known failure: it stays in the table and must keep failing
(strict xfail) until the code learns it.
"""

from __future__ import annotations

import random
import time

import pytest
from casetables import LANGS, case_params, check_dated_table, load_cases, shaped_like

from extract.milestones import find_milestones
from extract.patterns import load_patterns

FIELDS = {"signing", "start", "completion", "production"}




def observed(lang: str, case: dict) -> list[dict]:
    """What find_milestones makes of a case, shaped like its `expected` list."""
    found = [
        {"field": m.field, "value": m.date.value, "planned": m.planned}
        for m in find_milestones(case["text"], lang, case["published"])
    ]
    return shaped_like(found, case["expected"])


@pytest.mark.parametrize(("lang", "case"), case_params("milestones"))
def test_case(lang: str, case: dict) -> None:
    assert observed(lang, case) == case["expected"]


# --- the case files themselves -------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_case_file_is_well_formed(lang: str) -> None:
    cases = load_cases(lang, "milestones")
    check_dated_table(cases, {"field", "value", "planned"})
    for item in (item for case in cases for item in case["expected"]):
        assert item.get("field", "start") in FIELDS and item.get("planned") in (True, False, None), item


def test_case_tables_are_big_enough() -> None:
    tables = [load_cases(lang, kind) for lang in LANGS for kind in ("dates", "milestones")]
    everything = [case for table in tables for case in table]
    chinese = [c for kind in ("dates", "milestones") for c in load_cases("zh", kind)]
    negatives = [c for c in everything if not c["expected"]]
    assert len(everything) >= 220
    assert len(chinese) >= 100
    assert len(negatives) >= 30
    assert all(not c["expected"] for c in everything if c["label"] == "negative")


# --- the pattern data ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_milestone_patterns_load(lang: str) -> None:
    pset = load_patterns(lang)
    triggers = pset.by_label("MS_TRIGGER")
    assert {str(p.get("field")) for p in triggers} == {*FIELDS, "topping"}
    for label in (
        "MS_PLANNED",
        "MS_ACTUAL",
        "MS_NEGATION",
        "MS_NOT",
        "MS_CONJ",
        "MS_SENTENCE_BREAK",
        "MS_CLAUSE_BREAK",
    ):
        assert pset.by_label(label), f"{lang}: no {label} lines"
    for line in triggers:
        assert line.id.startswith(f"{lang}.ms.{line.get('field')}."), line.id
        assert line.get("tense") in (None, "past") and line.get("planned") in (None, True)


# --- properties of every result ------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_offsets_and_rules(lang: str) -> None:
    ids = {p.id for label in ("MS_TRIGGER", "MS_PERIOD") for p in load_patterns(lang).by_label(label)}
    for case in load_cases(lang, "milestones"):
        text = case["text"]
        for m in find_milestones(text, lang, case["published"]):
            trigger = text[m.trigger_start : m.trigger_end]
            assert trigger and trigger == trigger.strip() and m.rule in ids, (case, m)
            assert text[m.date.start : m.date.end].strip(), (case, m)


def test_span_limits_the_search() -> None:
    text = "The park started in March. The hotel will be completed in October."
    second = text.index("The hotel")
    whole = find_milestones(text, "en", "2022-07-06")
    part = find_milestones(text, "en", "2022-07-06", second, len(text))
    assert [(m.field, m.date.value) for m in whole] == [
        ("start", "2022-03"),
        ("completion", "2022-10"),
    ]
    assert [(m.field, m.date.value) for m in part] == [("completion", "2022-10")]
    assert part[0].trigger_start > second and text[part[0].date.start :].startswith("October")


def test_empty_or_reversed_span() -> None:
    text = "项目3月开工。"
    assert find_milestones(text, "zh", "2022-07-06", 5, 2) == []
    assert find_milestones("", "zh", "2022-07-06") == []
    assert len(find_milestones(text, "zh", "2022-07-06", -3, 99)) == 1


def test_sentence_span_does_not_borrow_dates_from_outside() -> None:
    text = "6月22日，全市召开推进会。项目正式开工。"
    second = text.index("项目")
    assert find_milestones(text, "zh", "2022-06-23", second, len(text)) == []


def test_each_sentence_has_its_own_opening_date() -> None:
    text = "On June 22, the fair opened. The park signed two contracts."
    assert find_milestones(text, "en", "2022-06-23") == []


def test_unknown_publication_keeps_absolute_dates() -> None:
    text = "该项目于2021年12月签约，今年3月开工。"
    found = find_milestones(text, "zh", None)
    assert [(m.field, m.date.value) for m in found] == [("signing", "2021-12")]


# --- robustness ----------------------------------------------------------------------


def _nasty_texts() -> list[str]:
    rng = random.Random(20220706)
    noise = "".join(chr(rng.randrange(0x20, 0x9FFF)) for _ in range(20000))
    return [
        "1" * 30000,
        "年月日" * 5000,
        "3月开工" * 3000,
        "开工，" * 5000,
        "started in March and " * 1500,
        "completed " * 3000 + "for trial production",
        "put " * 5000 + "into production",
        "will " * 5000,
        "2022年6月22日" * 2000,
        noise,
    ]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("index", range(len(_nasty_texts())))
def test_no_hang(lang: str, index: int) -> None:
    text = _nasty_texts()[index]
    began = time.perf_counter()
    find_milestones(text, lang, "2022-07-06")
    assert time.perf_counter() - began < 2.0
