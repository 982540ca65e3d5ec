"""Fast leftmost-longest lookup of large phrase lists (the gazetteer's ~6,000 names).

A regex alternation of thousands of names tries every name at every position; these
indexes jump straight to the few names that can start at a character (Chinese) or a
word (English), which is some 30 times faster on news text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise

import regex

_WORD = regex.compile(r"[A-Za-z]+")


class PhraseIndex:
    """Literal phrases found as substrings (for Chinese), longest first at each position."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = frozenset(p for p in phrases if p)
        lengths: dict[str, set[int]] = {}
        for phrase in self.phrases:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        self._lengths = {first: sorted(found, reverse=True) for first, found in lengths.items()}
        self._firsts = regex.compile("[" + "".join(regex.escape(c) for c in sorted(lengths)) + "]")

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each non-overlapping match, scanning left to right."""
        i = 0
        while (found := self._firsts.search(text, i)) is not None:
            i = found.start()
            end = self._match_at(text, i)
            if end:
                yield i, end
            i = end or i + 1

    def _match_at(self, text: str, i: int) -> int:
        for length in self._lengths.get(text[i], ()):
            if text[i : i + length] in self.phrases:
                return i + length
        return 0


class WordIndex:
    """Phrases of whole words (for English), case-insensitive, longest first at each word.

    Words of a phrase are separated by single spaces in the text; a phrase must not be
    glued to a letter, digit or hyphen on either side.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in {p.lower() for p in phrases if p.strip()}:
            words = tuple(phrase.split())
            self._by_first.setdefault(words[0], []).append(words)
        for entries in self._by_first.values():
            entries.sort(key=len, reverse=True)

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each non-overlapping match, scanning left to right."""
        words = list(_WORD.finditer(text))
        i = 0
        while i < len(words):
            taken = self._match_at(text, words, i)
            if taken:
                yield words[i].start(), words[i + taken - 1].end()
            i += taken or 1

    def _match_at(self, text: str, words: list[regex.Match[str]], i: int) -> int:
        for phrase in self._by_first.get(words[i].group().lower(), ()):
            span = words[i : i + len(phrase)]
            if [w.group().lower() for w in span] == list(phrase) and _fits(text, span):
                return len(phrase)
        return 0


def _fits(text: str, span: list[regex.Match[str]]) -> bool:
    """Words one space apart, and nothing glued on either side."""
    if any(text[a.end() : b.start()] != " " for a, b in pairwise(span)):
        return False
    before, after = text[span[0].start() - 1 : span[0].start()], text[span[-1].end() : span[-1].end() + 1]
    return not any(c.isalnum() or c == "-" for c in (before, after) if c)
