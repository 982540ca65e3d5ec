"""Fast leftmost-longest lookup of large phrase lists (the gazetteer's ~6,000 names).

A regex alternation of thousands of names tries every name at every position; these
indexes jump straight to the few names that can start at a character (Chinese) or a
word (English), which is some 30 times faster on news text. `LiteralFinder` does the
same for the small alternations of rule phrases, keeping the regex's own matches.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from itertools import islice, pairwise

import regex

_LOWER_WORD = re.compile(r"[a-z]+")
# The only non-ASCII characters a case-insensitive regex matches to ASCII letters (İ, ſ,
# and the Kelvin sign K); `İ`.lower() is also the one lower case of another length.
CASE_TRAPS = "\u0130\u017f\u212a"


class LiteralFinder:
    """The matches of an alternation of literal phrases (`patterns.alternation`), found
    by trying the regex only where a phrase stands in the text (or `lead` characters
    before, when the pattern takes a few characters before its phrase): the regex engine
    tries each position of the text in turn, several times slower on news text.

    `starts(text)` lists those positions once per text; `finditer` and `search` then
    return what the regex's own finditer and search return between two offsets.
    """

    def __init__(
        self, pattern: regex.Pattern[str], phrases: Iterable[str], lead: tuple[int, int] = (0, 0),
        *, whole_words: bool = False,
    ) -> None:
        """`lead`: fewest and most characters the pattern takes before a phrase.
        `whole_words`: the pattern takes a phrase only with no letter, digit or hyphen
        before it and no letter or digit after it (`alternation(..., words=True)`), so
        each word of a phrase stands whole in the text where the phrase does."""
        self.pattern = pattern
        self._lead = range(lead[0], lead[1] + 1)
        self._fold = bool(pattern.flags & regex.IGNORECASE)
        unique = {p for p in phrases if p}
        # case-insensitive non-ASCII phrases do not fold like ASCII: the regex decides
        self._exact = not self._fold or all(p.isascii() for p in unique)
        self._by_word: dict[str, list[tuple[int, str]]] = {}  # word -> (its offset, phrase)
        self._phrases: list[str] = []  # looked up with str.find
        for phrase in sorted({p.lower() for p in unique} if self._fold else unique):
            words = list(_LOWER_WORD.finditer(phrase.lower())) if whole_words and phrase.isascii() else []
            if words:  # found through its longest word, the rarest in the text as a rule
                word = max(words, key=lambda m: len(m.group()))
                self._by_word.setdefault(word.group(), []).append((word.start(), phrase))
            else:
                self._phrases.append(phrase)

    def starts(self, text: str) -> list[int] | None:
        """Sorted offsets where a phrase may begin (None: try the regex everywhere)."""
        if not self._exact or (self._fold and any(c in text for c in CASE_TRAPS)):
            return None
        # with no trap in it, the text's ASCII letters are the only ones the phrases' can match
        haystack = lowered(text)[0] if self._fold else text
        found = self._by_words(text, haystack)
        for phrase in self._phrases:
            at = haystack.find(phrase)
            while at >= 0:
                found.append(at)
                at = haystack.find(phrase, at + 1)
        return sorted({at - lead for at in found for lead in self._lead if at >= lead})

    def _by_words(self, text: str, haystack: str) -> list[int]:
        """Where phrases stand, found from their words among the text's words."""
        if not self._by_word:
            return []
        low, words = lowered(text)
        found = []
        for word in self._by_word.keys() & words:
            offsets = whole_word_offsets(low, word)
            for offset, phrase in self._by_word[word]:
                if phrase == word and self._fold:  # a phrase of one word: its offsets, checked
                    found += offsets
                    continue
                found.extend(at - offset for at in offsets
                             if at >= offset and haystack.startswith(phrase, at - offset))
        return found

    def finditer(self, text: str, start: int, end: int, starts: list[int] | None) -> list[regex.Match[str]]:
        """The regex's matches in text[start:end], given `starts(text)`."""
        if starts is None:
            return list(self.pattern.finditer(text, start, end))
        found: list[regex.Match[str]] = []
        for at in starts[bisect_left(starts, start) : bisect_left(starts, end)]:
            if found and at < found[-1].end():
                continue  # inside the previous match, as finditer goes on after it
            match = self.pattern.match(text, at, end)
            if match:
                found.append(match)
        return found

    def search(self, text: str, start: int, end: int, starts: list[int] | None) -> regex.Match[str] | None:
        """The regex's first match in text[start:end], given `starts(text)`."""
        if starts is None:
            return self.pattern.search(text, start, end)
        for at in starts[bisect_left(starts, start) : bisect_left(starts, end)]:
            if match := self.pattern.match(text, at, end):
                return match
        return None


class PhraseIndex:
    """Literal phrases found as substrings (for Chinese), longest first at each position."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = frozenset(p for p in phrases if p)
        self._singles = frozenset(p for p in self.phrases if len(p) == 1)
        lengths: dict[str, set[int]] = {}
        for phrase in self.phrases - self._singles:
            lengths.setdefault(phrase[:2], set()).add(len(phrase))
        # keyed by the first two characters: most characters that begin a name begin none here
        self._lengths = {start: sorted(found, reverse=True) for start, found in lengths.items()}
        # the standard `re` scans for a large character class some 50 times faster than `regex`
        firsts = sorted({p[0] for p in self.phrases})
        self._firsts = re.compile("[" + "".join(re.escape(c) for c in firsts) + "]")

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each non-overlapping match, scanning left to right."""
        reach = 0  # end of the last match
        for i in self._candidates(text):
            if i < reach:
                continue
            end = self._match_at(text, i)
            if end:
                yield i, end
                reach = end

    def _candidates(self, text: str) -> list[int]:
        starts = [m.start() for m in self._firsts.finditer(text)]
        return [i for i in starts if text[i : i + 2] in self._lengths or text[i] in self._singles]

    def _match_at(self, text: str, i: int) -> int:
        for length in self._lengths.get(text[i : i + 2], ()):
            if text[i : i + length] in self.phrases:
                return i + length
        return i + 1 if text[i] in self._singles else 0


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
        low = lowered(text)[0]
        reach = 0  # end of the last match: words inside it start no other
        for at, word in self._first_words(text):
            if at < reach:
                continue
            end = self._match_from(low, at, word)
            if end:
                yield at, end
                reach = end

    def _first_words(self, text: str) -> list[tuple[int, str]]:
        """The words that begin a phrase, found with C-level string searches (a Python
        step per word of the text would take most of the time), in text order."""
        low, words = lowered(text)
        present = self._by_first.keys() & words
        return sorted((at, word) for word in present for at in whole_word_offsets(low, word))

    def _match_from(self, low: str, at: int, word: str) -> int:
        """End of the longest phrase beginning with this word (0 if none fits)."""
        entries = self._by_first[word]
        if len(entries[0]) == 1:  # the word alone, as most names are
            return at + len(word) if _fits(low, [(at, at + len(word))]) else 0
        following = islice(_LOWER_WORD.finditer(low, at + len(word)), len(entries[0]) - 1)
        spans = [(at, at + len(word)), *(m.span() for m in following)]
        texts = tuple(low[a:b] for a, b in spans)
        for phrase in entries:
            if texts[: len(phrase)] == phrase and _fits(low, spans[: len(phrase)]):
                return spans[len(phrase) - 1][1]
        return 0


def ascii_lower(text: str) -> str:
    """text with A-Z lowered and every other character kept, so offsets stay valid
    (str.lower turns the Kelvin sign into k and İ into two characters)."""
    return text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")


@lru_cache(maxsize=4)  # the finders of one text ask in turn
def lowered(text: str) -> tuple[str, frozenset[str]]:
    """The text with A-Z lowered, and the words (runs of a-z) in it."""
    low = ascii_lower(text)
    return low, frozenset(_LOWER_WORD.findall(low))


def whole_word_offsets(low: str, word: str) -> list[int]:
    """Where a word of a-z stands in lowered text, not glued to other letters."""
    if len(word) <= _SHORT_WORD:
        return [m.start() for m in _word_regex(word).finditer(low)]
    found = []
    at = low.find(word)
    while at >= 0:
        end = at + len(word)
        if not "a" <= low[at - 1 : at] <= "z" and not "a" <= low[end : end + 1] <= "z":
            found.append(at)  # (low[-1:0] is empty: nothing before the text)
        at = low.find(word, end)
    return found


_SHORT_WORD = 2  # a word this short stands inside many others: the engine skips those


@cache
def _word_regex(word: str) -> re.Pattern[str]:
    """`word` not glued to letters, its first letter first (so `re` skips to it)."""
    first, rest = re.escape(word[0]), re.escape(word[1:])
    return re.compile(f"{first}(?<![a-z]{first}){rest}(?![a-z])")


def _fits(text: str, span: list[tuple[int, int]]) -> bool:
    """Words one space apart, and nothing glued on either side."""
    if any(text[a_end:b_start] != " " for (_, a_end), (b_start, _) in pairwise(span)):
        return False
    return _is_free(text, span[0][0] - 1) and _is_free(text, span[-1][1])


def _is_free(text: str, at: int) -> bool:
    """No letter, digit or hyphen at this offset (before the text is free too)."""
    char = text[at : at + 1] if at >= 0 else ""
    return not (char.isalnum() or char == "-")
