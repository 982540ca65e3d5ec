"""Trying a rule regex only where its matches can begin.

A form line may carry a `starts` template: every match of the form begins where `starts`
matches. One fast scan finds those positions and the form is tried there alone, which
gives what `finditer` gives (tests check it on the case tables) at a fraction of the cost:
the `regex` engine pays for every position it tries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import regex

from extract.lexicon import lowered, whole_word_offsets

Scanner = re.Pattern[str] | regex.Pattern[str]
Spans = Sequence[tuple[int, int]]
# The non-ASCII characters that `re` and `regex` match case-blind to ASCII letters (İ, ı, ſ, K).
_CASE_TRAPS = "\u0130\u0131\u017f\u212a"
_FIRST_WORD = re.compile(r"[a-z]+")


def scanner(source: str, ignore_case: bool) -> Scanner:
    """`source` on the standard `re`, which scans literal alternations and character classes
    several times faster than `regex`; on `regex` when `re` cannot compile it."""
    try:
        return re.compile(source, re.IGNORECASE if ignore_case else 0)
    except re.error:
        return regex.compile(source, (regex.IGNORECASE if ignore_case else 0) | regex.VERSION0)


def start_scanner(source: str, ignore_case: bool) -> Scanner:
    """A scanner of every position where `source` matches, overlapping or not."""
    return scanner(f"(?=(?:{source}))", ignore_case)


def start_positions(starts: Scanner, text: str, spans: Spans) -> list[list[int]]:
    """Per span, the positions where a match can begin."""
    return [[m.start() for m in starts.finditer(text, a, b)] for a, b in spans]


def matches_at(
    rx: regex.Pattern[str], text: str, spans: Spans, positions: list[list[int]], timeout: float
) -> Iterator[regex.Match[str]]:
    """What `rx.finditer` over each span gives, tried only at `positions`."""
    for (a, b), span_positions in zip(spans, positions, strict=True):
        end = a
        for pos in span_positions:
            if pos < end:
                continue
            match = rx.match(text, pos, b, timeout=timeout)
            if match:
                yield match
                end = max(match.end(), pos + 1)


@dataclass(frozen=True)
class WordStarts:
    """Where a case-blind alternation of phrases can match, found from the text's words.

    For an alternation in which a phrase that begins with an ASCII letter matches only after
    a non-letter, and only before a non-letter when it ends with one: its first run of
    letters then stands whole in the text, which the text's set of words tells at once.
    Other phrases begin with a character without case, found by a character class.
    """

    words: frozenset[str]  # the first run of letters (lower case) of the letter phrases
    symbols: re.Pattern[str] | None  # the first characters of the other phrases

    def positions(self, text: str) -> list[int] | None:
        """Sorted offsets where a phrase may begin (None: anywhere, as with a trap
        character that case-blind matching takes for a letter)."""
        if any(c in text for c in _CASE_TRAPS):
            return None
        found = [m.start() for m in self.symbols.finditer(text)] if self.symbols else []
        if self.words:
            low, words = lowered(text)
            for word in self.words & words:
                found += whole_word_offsets(low, word)
        return sorted(found)


def word_starts(phrases: Iterable[str]) -> WordStarts | None:
    """The WordStarts of these phrases; None when one begins with a space or a character
    with case outside ASCII."""
    words, symbols = set(), set()
    for phrase in phrases:
        first = phrase[:1]
        if first.isascii() and first.isalpha():
            words.add(_FIRST_WORD.match(phrase.lower()).group())  # type: ignore[union-attr]
        elif not first or first.isspace() or first.lower() != first.upper() or first in _CASE_TRAPS:
            return None
        else:
            symbols.add(first)
    symbol_class = "[" + "".join(map(re.escape, sorted(symbols))) + "]"
    return WordStarts(frozenset(words), re.compile(symbol_class) if symbols else None)


def matches_at_starts(rx: Scanner, text: str, positions: list[int]) -> list[tuple[int, int]]:
    """The spans `rx.finditer(text)` gives, `rx` tried only at `positions` (sorted, a superset
    of where its matches begin; no match is empty)."""
    spans: list[tuple[int, int]] = []
    end = 0
    for pos in positions:
        if pos >= end and (match := rx.match(text, pos)):
            spans.append(match.span())
            end = match.end()
    return spans
