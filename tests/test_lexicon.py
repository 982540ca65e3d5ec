"""The phrase indexes behind the gazetteer lookups: leftmost-longest, whole words in English."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from itertools import pairwise

import pytest
import regex

from extract.lexicon import CASE_TRAPS, LiteralFinder, PhraseIndex, WordIndex, ascii_lower
from extract.patterns import alternation


def _found(index: PhraseIndex | WordIndex, text: str) -> list[str]:
    return [text[s:e] for s, e in index.finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("湘潭县和湘潭市", ["湘潭县", "湘潭市"]), ("湘潭经开区", ["湘潭"]), ("", []), ("abc", [])],
)
def test_phrase_index_takes_the_longest_at_each_position(text: str, expected: list[str]) -> None:
    assert _found(PhraseIndex(["湘潭", "湘潭县", "湘潭市", "潭市"]), text) == expected


# (each text ends with a character no phrase holds: at the very end, a phrase that a longer
# one begins reports the longer one's end, as the index always has)
@pytest.mark.parametrize("text", ["湘潭县和湘潭市。", "湘湘潭潭市县", "潭。", "湘。", "县湘潭。", "", "a湘潭县b潭市湘。"])
def test_phrase_index_equals_a_position_by_position_scan(text: str) -> None:
    phrases = ["湘潭", "湘潭县", "湘潭市", "潭市", "县", "湘潭县城"]
    found, i = [], 0
    while i < len(text):
        end = next((i + n for n in range(len(text) - i, 0, -1) if text[i : i + n] in phrases), 0)
        if end:
            found.append((i, end))
        i = end or i + 1
    assert list(PhraseIndex(phrases).finditer(text)) == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Inner Mongolia and inner  mongolia", ["Inner Mongolia", "inner"]),
     ("Hebei-based firms", []), ("Hebei2 Hebei.", ["Hebei"]),
     ("the Xian city and xian", ["Xian", "xian"])],
)
def test_word_index_matches_whole_words_case_insensitively(text: str, expected: list[str]) -> None:
    assert _found(WordIndex(["inner mongolia", "hebei", "xian", "inner"]), text) == expected


@pytest.mark.parametrize(
    "text",
    ["Inner Mongolia and inner  mongolia", "Hebei-based firms", "Hebei2 Hebei. Hebeihebei",
     "the Xian city and xian", "ＨＥＢＥＩ hebéi \u212aebei İnner mongolia", "inner", "x inner mongolia-y",
     "Inner Mongolia Inner Mongolia inner inner mongolia"],
)
def test_word_index_equals_a_word_by_word_scan(text: str) -> None:
    phrases = ["inner mongolia", "hebei", "xian", "inner", "mongolia", "inner mongolia autonomous region"]
    assert list(WordIndex(phrases).finditer(text)) == _word_by_word(phrases, text)


def _word_by_word(phrases: list[str], text: str) -> list[tuple[int, int]]:
    """The plain statement of WordIndex: at each word, the longest phrase that fits."""
    words = [m.span() for m in re.finditer(r"[A-Za-z]+", text)]
    found, i = [], 0
    while i < len(words):
        taken = 0
        for phrase in sorted((p.lower().split() for p in phrases), key=len, reverse=True):
            span = words[i : i + len(phrase)]
            glued = [text[a - 1 : a] for a, _ in span[:1]] + [text[b : b + 1] for _, b in span[-1:]]
            if ([text[a:b].lower() for a, b in span] == phrase
                    and all(text[x[1] : y[0]] == " " for x, y in pairwise(span))
                    and not any(c.isalnum() or c == "-" for c in glued)):
                taken = len(phrase)
                break
        if taken:
            found.append((words[i][0], words[i + taken - 1][1]))
        i += taken or 1
    return found


def test_ascii_lower_keeps_offsets() -> None:
    text = "Hebei \u212a İ ſ ÄB ǅ"
    assert ascii_lower(text) == "hebei \u212a İ ſ Äb ǅ"


_HEADS = ["project", "industrial park", "park", "power plant", "plant", "port", "mine", "5g base", "e-commerce park"]


@pytest.mark.parametrize(
    "text",
    ["The Industrial Park project, a power plant and Port of Ningbo; support, passport, PARK-like",
     "the \u212aunming plant and the ſport PROJECT", "İndustrial park and the PLANT", "",
     "projectproject project-project project_x (project) plant\nplant",
     "a 5G base, E-commerce Park and e-commerce parks; powerplant power  plant Power Plant2 éport"],
)
@pytest.mark.parametrize("bounds", [(0, None), (4, 40), (10, 11)])
@pytest.mark.parametrize("whole_words", [True, False])
def test_literal_finder_equals_the_regex(text: str, bounds: tuple[int, int | None], whole_words: bool) -> None:
    pattern = regex.compile(alternation(_HEADS, words=True), regex.IGNORECASE)
    finder = LiteralFinder(pattern, _HEADS, whole_words=whole_words)
    start, end = bounds[0], len(text) if bounds[1] is None else bounds[1]
    starts = finder.starts(text)
    assert _spans(finder.finditer(text, start, end, starts)) == _spans(pattern.finditer(text, start, end))
    expected = pattern.search(text, start, end)
    assert _spans([finder.search(text, start, end, starts)]) == _spans([expected])


def _spans(matches: Iterable[regex.Match[str] | None]) -> list[tuple[int, int] | None]:
    return [m.span() if m else None for m in matches]


def test_literal_finder_tries_the_characters_a_pattern_takes_before_its_phrase() -> None:
    pattern = regex.compile(r"[^，。\d]{2,4}(?:开发区|工业园)")
    finder = LiteralFinder(pattern, ["开发区", "工业园"], lead=(2, 4))
    text = "在巨鹿县经济开发区，3号工业园和邢台工业园区开发区"
    found = finder.finditer(text, 0, len(text), finder.starts(text))
    assert _spans(found) == _spans(pattern.finditer(text))
    assert len(found) == 2


def test_case_traps_are_all_the_non_ascii_characters_matching_ascii_letters() -> None:
    """LiteralFinder lowers text with str.lower and leaves texts with these to the regex."""
    letter = regex.compile(r"[a-z]", regex.IGNORECASE)
    non_ascii = map(chr, range(0x80, sys.maxunicode + 1))
    traps = {c for c in non_ascii if letter.match(c) or len(c.lower()) != 1 or c.lower().isascii()}
    assert traps == set(CASE_TRAPS)
