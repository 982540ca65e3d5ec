"""The phrase indexes behind the gazetteer lookups: leftmost-longest, whole words in English."""

from __future__ import annotations

import pytest

from extract.lexicon import PhraseIndex, WordIndex


def _found(index: PhraseIndex | WordIndex, text: str) -> list[str]:
    return [text[s:e] for s, e in index.finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("湘潭县和湘潭市", ["湘潭县", "湘潭市"]), ("湘潭经开区", ["湘潭"]), ("", []), ("abc", [])],
)
def test_phrase_index_takes_the_longest_at_each_position(text: str, expected: list[str]) -> None:
    assert _found(PhraseIndex(["湘潭", "湘潭县", "湘潭市", "潭市"]), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Inner Mongolia and inner  mongolia", ["Inner Mongolia", "inner"]),
     ("Hebei-based firms", []), ("Hebei2 Hebei.", ["Hebei"]),
     ("the Xian city and xian", ["Xian", "xian"])],
)
def test_word_index_matches_whole_words_case_insensitively(text: str, expected: list[str]) -> None:
    assert _found(WordIndex(["inner mongolia", "hebei", "xian", "inner"]), text) == expected
