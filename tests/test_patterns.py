"""The pattern data: every file loads, ids are unique, problems are reported with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.errors import PatternError
from extract.patterns import LANGS, load_patterns, patterns_dir, read_rule_files


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_file_loads(lang: str) -> None:
    rules = load_patterns(lang).patterns
    assert len(rules) > 100
    assert len({r.id for r in rules}) == len(rules)


def test_ids_are_unique_across_languages() -> None:
    ids = [r.id for lang in LANGS for r in load_patterns(lang).patterns]
    assert len(ids) == len(set(ids))


def test_ids_carry_their_language() -> None:
    for lang in LANGS:
        assert all(r.id.startswith(f"{lang}.") for r in load_patterns(lang).patterns)


def test_every_problem_is_reported_with_its_place(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "a", "label": "X", "pattern": "x"}\n'
        "not json\n"
        '{"id": "a", "label": "X", "pattern": "y"}\n'
        '{"id": "b", "label": "X"}\n'
        '{"id": "c", "label": "X", "pattern": "(", "regex": true}\n'
        "// a comment line\n",
        encoding="utf-8",
    )
    rules, errors = read_rule_files([bad])
    assert [r.id for r in rules] == ["a"]
    assert [e.split("]")[0] for e in errors] == ["[bad.jsonl:2", "[bad.jsonl:3", "[bad.jsonl:4", "[bad.jsonl:5"]
    assert "duplicate id 'a'" in errors[1] and "missing or empty: pattern" in errors[2]


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(PatternError, match="no patterns for language 'fr'"):
        load_patterns("fr")


def test_data_files_name_their_source() -> None:
    shared = patterns_dir() / "shared"
    sources = (shared / "SOURCES.md").read_text(encoding="utf-8")
    for name in ("adcode.csv", "pinyin_overrides.csv", "festivals.csv", "pinyin_syllables.txt"):
        assert (shared / name).exists()
        assert name in sources, f"{name} has no source/licence note in SOURCES.md"
    assert (patterns_dir() / "zh" / "userdict.txt").exists()
