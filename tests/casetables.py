"""Loading the case tables `tests/cases/<lang>/<kind>.jsonl` as pytest parameters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

CASES = Path(__file__).parent / "cases"
LANGS = ("en", "zh")


def load_cases(lang: str, kind: str) -> list[dict]:
    """The cases of one table, in file order."""
    lines = (CASES / lang / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def case_params(kind: str) -> list:
    """Every case of a kind as `(lang, case)` params; known failures as strict xfail."""
    params = []
    for lang in LANGS:
        for i, case in enumerate(load_cases(lang, kind), 1):
            marks = [pytest.mark.xfail(strict=True)] if case.get("expect") == "fail" else []
            params.append(pytest.param(lang, case, marks=marks, id=f"{lang}:{i}:{case['label']}"))
    return params


def shaped_like(found: list[dict], expected: list[dict]) -> list[dict]:
    """`found` cut down to the keys each expected item checks (whole when counts differ)."""
    if len(found) != len(expected):
        return found
    return [{k: f[k] for k in e} for f, e in zip(found, expected, strict=True)]


DATED_LABELS = {"issue-list", "seed-style", "wild-mt", "zh-news", "relative", "negative", "compound"}
DATED_KEYS = {"label", "text", "published", "expected", "expect", "note"}
ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def check_dated_table(cases: list[dict], item_keys: set[str]) -> None:
    """Assert the shape shared by the date and milestone tables; no case twice."""
    seen = set()
    for case in cases:
        assert set(case) <= DATED_KEYS, case
        assert case["label"] in DATED_LABELS, case
        assert isinstance(case["text"], str) and case["text"].strip(), case
        assert case["published"] is None or ISO.fullmatch(case["published"]), case
        assert case["expect"] in ("pass", "fail"), case
        assert case["expect"] == "pass" or case.get("note"), f"a known failure needs a note: {case}"
        for item in case["expected"]:
            assert item and set(item) <= item_keys, case
            assert "value" not in item or ISO.fullmatch(item["value"]), case
        key = (case["text"], case["published"])
        assert key not in seen, f"duplicate case {key}"
        seen.add(key)
