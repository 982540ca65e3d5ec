"""Money amounts: the case tables in tests/cases/<lang>/amounts.jsonl, robustness, pattern data."""

from __future__ import annotations

import random
import time

import pytest
import regex
from casetables import case_params, load_cases

from extract.money import (
    Amount,
    _Form,
    _grammar,
    _hints,
    _holding,
    _start_spots,
    _starts_in,
    _windows,
    find_amounts,
)
from extract.patterns import LANGS, load_patterns, patterns_dir, read_rule_files
from extract.scan import matches_at, start_positions
from extract.starts import matches

CASE_KEYS = {"label": str, "text": str, "expected": list, "expect": str}
ITEM_KEYS = {
    "value": int,
    "high": (int, type(None)),
    "currency": str,
    "qualifier": str,
    "role": str,
    "text": str,
}
QUALIFIERS = {"", "about", "nearly", "over", "up_to", "range"}
ROLES = {
    "investment",
    "planned_investment",
    "annual_investment",
    "completed_investment",
    "output_value",
    "revenue",
    "tax",
    "registered_capital",
    "financing",
    "amount",
    "contract_investment",
}






def _as_checked(found: Amount, text: str, keys: set[str]) -> dict:
    full = {
        "value": found.value,
        "high": found.high,
        "currency": found.currency,
        "qualifier": found.qualifier,
        "role": found.role,
        "text": text[found.start : found.end],
    }
    return {k: v for k, v in full.items() if k in keys}


@pytest.mark.parametrize(("lang", "case"), case_params("amounts"))
def test_amount_case(lang: str, case: dict) -> None:
    found = find_amounts(case["text"], lang)
    assert len(found) == len(case["expected"]), [case["text"][a.start : a.end] for a in found]
    pairs = zip(found, case["expected"], strict=True)
    got = [_as_checked(a, case["text"], set(e)) for a, e in pairs]
    want = [{k: v for k, v in e.items() if k in ITEM_KEYS} for e in case["expected"]]
    assert got == want


@pytest.mark.parametrize("lang", LANGS)
def test_case_file_is_well_formed(lang: str) -> None:
    problems = []
    for number, case in enumerate(load_cases(lang, "amounts"), 1):
        problems += [f"case {number}: {msg}" for msg in _case_problems(case)]
    assert not problems


def _case_problems(case: dict) -> list[str]:
    problems = [
        f"{k} missing or not {t.__name__}"
        for k, t in CASE_KEYS.items()
        if not isinstance(case.get(k), t)
    ]
    if case.get("expect") not in ("pass", "fail"):
        problems.append("expect must be pass or fail")
    for item in case.get("expected") or []:
        problems += _item_problems(item, case.get("text", ""))
    return problems


def _item_problems(item: dict, text: str) -> list[str]:
    problems = [f"unknown key {k}" for k in item if k not in ITEM_KEYS]
    problems += [
        f"{k} has the wrong type"
        for k, t in ITEM_KEYS.items()
        if k in item and (isinstance(item[k], bool) or not isinstance(item[k], t))
    ]
    if "qualifier" in item and item["qualifier"] not in QUALIFIERS:
        problems.append(f"bad qualifier {item['qualifier']!r}")
    if "role" in item and item["role"] not in ROLES:
        problems.append(f"bad role {item['role']!r}")
    if isinstance(item.get("text"), str) and item["text"] not in text:
        problems.append(f"{item['text']!r} is not in the case text")
    return problems


def test_case_tables_are_big_enough() -> None:
    cases = {lang: load_cases(lang, "amounts") for lang in LANGS}
    every = [c for group in cases.values() for c in group]
    assert len(every) >= 200
    assert len(cases["zh"]) >= 90
    assert sum(not c["expected"] for c in every) >= 40


def _junk() -> list[str]:
    rng = random.Random(20240601)
    pieces = "0123456789,.亿万元千百十一二两三多余-至~ yuanbillionmillion$RMB总投资约超过"
    return [
        "1," * 100_000,
        "1" * 200_000,
        "亿" * 200_000,
        "一亿" * 100_000,
        "1亿元" * 60_000,
        "$" * 200_000,
        "5 billion yuan " * 15_000,
        "总投资" * 60_000 + "12亿",
        "1." * 100_000,
        "1" + " " * 200_000 + "yuan",
        "".join(rng.choice(pieces) for _ in range(200_000)),
        "".join(chr(rng.randint(0x20, 0x2FFFF)) for _ in range(100_000)),
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_never_hangs_or_raises(lang: str) -> None:
    find_amounts("warm up: 1 yuan", lang)
    for text in _junk():
        started = time.monotonic()
        found = find_amounts(text, lang)
        assert time.monotonic() - started < 2.0, text[:40]
        assert all(0 <= a.start < a.end <= len(text) for a in found)


DEGENERATE = ["", " ", "元", "亿元", "$", "yuan", "1", "-", "多元化", "\x00\ud800"]


@pytest.mark.parametrize("text", DEGENERATE)
@pytest.mark.parametrize("lang", LANGS)
def test_degenerate_input(text: str, lang: str) -> None:
    assert find_amounts(text, lang) == []


def test_unknown_language_falls_back() -> None:
    assert [a.value for a in find_amounts("总投资8亿元", "xx")] == [800_000_000]


@pytest.mark.parametrize("lang", LANGS)
def test_money_patterns_load(lang: str) -> None:
    patterns = load_patterns(lang)
    money = [p for p in patterns.patterns if p.label.startswith("MONEY_")]
    assert {p.label for p in money} >= {"MONEY_FORM", "MONEY_SCALE", "MONEY_CURRENCY", "MONEY_ROLE"}
    assert all(p.id.startswith(f"{lang}.money.") for p in money)


@pytest.mark.parametrize("lang", LANGS)
def test_money_file_is_valid_on_its_own(lang: str) -> None:
    rules, errors = read_rule_files([patterns_dir() / lang / "money.jsonl"])
    assert not errors
    assert all(r.label.startswith("MONEY_") for r in rules)


def test_rule_ids_come_from_the_data() -> None:
    ids = {p.id for lang in LANGS for p in load_patterns(lang).patterns}
    found = find_amounts("总投资8亿元, with a total investment of 800 million yuan", "en")
    assert found and all(a.rule in ids and a.role_rule in ids for a in found)


def _form_texts(lang: str) -> list[str]:
    """Every case text of both tables (amounts are quoted across languages) and the corpus."""
    texts = [case["text"] for code in LANGS for case in load_cases(code, "amounts")]
    corpus = patterns_dir().parent / "corpus" / "articles"
    return texts + [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]


@pytest.mark.parametrize("lang", LANGS)
def test_a_form_matches_only_where_its_starts_say(lang: str) -> None:
    """A MONEY_FORM with `starts` is tried only at those positions: that must lose nothing."""
    grammar = _grammar(lang)
    checked = [form for form in grammar.forms if form.starts is not None]
    if lang == "en":  # Chinese forms scan fast without: numerals are too common to start from
        assert checked, "no English MONEY_FORM has a `starts` key"
    for text in _form_texts(lang):
        spans = [(0, len(text))]
        for form in checked:
            everywhere = [m.span() for m in form.regex.finditer(text)]
            hits = start_positions(form.starts, text, spans)
            assert [m.span() for m in matches_at(form.regex, text, spans, hits, 5)] == everywhere, form.rule.id


@pytest.mark.parametrize("lang", LANGS)
def test_a_form_is_skipped_only_in_windows_that_cannot_hold_a_match(lang: str) -> None:
    """A window without a form's `requires` part after its first start position is not
    tried: tried there, the form must find nothing."""
    grammar = _grammar(lang)
    checked = [form for form in grammar.forms if form.requires is not None]
    assert checked, f"no MONEY_FORM of {lang} has a `requires` key"
    matched = dict.fromkeys((form.rule.id for form in checked), 0)
    for text in _form_texts(lang):
        # the `requires` part may run on the standard `re`: case traps (ſ, K) must not fool it
        for variant in (text, text.upper(), text.replace("s", "\u017f").replace("k", "\u212a")):
            spans = [*_windows(grammar, variant), (0, len(variant))]
            for form in checked:
                plain = _form_spans(form, variant, spans)
                assert _form_spans(form, variant, spans, skip=True) == plain, form.rule.id
                matched[form.rule.id] += len(plain)
    assert all(matched.values()), f"no text exercises some forms with `requires`: {matched}"


def _form_spans(form: _Form, text: str, spans: list[tuple[int, int]], skip: bool = False) -> list[tuple[int, int]]:
    """The form's matches in each span, tried at its `starts` (if any), in the spans that
    hold its `requires` part when `skip`."""
    if form.starts is None:
        kept = _holding(form, text, spans, [[a] for a, _ in spans])[0] if skip else spans
        return [m.span() for a, b in kept for m in form.regex.finditer(text, a, b)]
    hits = [start_positions(form.starts, text, [span])[0] for span in spans]
    args = _holding(form, text, spans, hits) if skip else (spans, hits)
    return [m.span() for m in matches_at(form.regex, text, *args, 5)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_hint_scanner_agrees_with_regex(lang: str) -> None:
    """The currency/scale hint may run on the standard `re`: it must find what `regex` finds."""
    hint = _grammar(lang).hint
    reference = regex.compile(hint.pattern, regex.IGNORECASE | regex.VERSION0)
    for text in _form_texts(lang):
        assert [m.span() for m in hint.finditer(text)] == [m.span() for m in reference.finditer(text)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_hint_tried_at_word_starts_finds_what_finditer_finds(lang: str) -> None:
    """The hint is tried only where the text's words and symbols say a phrase can begin."""
    grammar = _grammar(lang)
    extra = ["RMB 5 BILLION, Us$3 Mn, HK$ 2bn; 3 m yuan.", "5 mıllion yuan", "US$2 K", "A$ 4 bn"]
    for text in _form_texts(lang) + extra:
        for variant in (text, text.upper(), text.swapcase()):
            assert _hints(grammar, variant) == [m.span() for m in grammar.hint.finditer(variant)]


@pytest.mark.parametrize("lang", LANGS)
def test_role_triggers_tried_at_word_starts_are_those_finditer_finds(lang: str) -> None:
    """Role triggers are tried only where the text's words say one can begin."""
    grammar = _grammar(lang)
    if grammar.role_starts is None:
        return
    for text in _form_texts(lang)[:200]:
        for variant in (text, text.upper()):
            spots = grammar.role_starts.positions(variant)
            for lo in range(0, len(variant), 23):
                hi = lo + 60
                found = [m.span() for m in matches(grammar.role, variant, spots, lo, hi)]
                assert found == [m.span() for m in grammar.role.finditer(variant, lo, hi)]


@pytest.mark.parametrize("lang", LANGS)
def test_starts_found_from_the_article_scan_are_those_of_the_window_scan(lang: str) -> None:
    """The `starts` positions taken from the shared article scan (prescan) and checked in
    each window are those the start scanner finds scanning the windows."""
    grammar = _grammar(lang)
    for text in _form_texts(lang):
        for variant in (text, text.upper()):
            spans = _windows(grammar, variant)
            own = _start_spots(grammar, variant)
            for form in (f for f in grammar.forms if f.starts is not None):
                found = _starts_in(form.starts, variant, spans, own.get(form.starts.pattern))
                assert found == start_positions(form.starts, variant, spans), form.rule.id
