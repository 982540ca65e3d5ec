"""Project names known only by their place in a list of named projects.

"the A industrial park, the B power battery, the C logistics port" and
"A产业园、年产5万吨再生铝、C项目" name three projects, though only two carry a head word:
items written between two names (LIST_GAP) or between a name and the list's end
(LIST_END: "and other projects", 等…项目) are names too. The gap and end shapes are data
(`patterns/<lang>/projects.jsonl`); the item must read as a name (no stop word, not a
place, an amount or a company alone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import regex

from extract.names import Barriers, clean_name, name_rules
from extract.patterns import load_patterns
from extract.records import Mention
from extract.segment import tokenize

_MAX_ITEM_WORDS = {"en": 12, "zh": 8}
_HAS_LETTER = regex.compile(r"[\p{L}]")


@dataclass(frozen=True)
class ListRules:
    """The list shapes of one language: each regex has the group `item`."""

    gaps: tuple[tuple[str, regex.Pattern[str]], ...]  # (rule id, regex) read between two names
    ends: tuple[tuple[str, regex.Pattern[str]], ...]  # (rule id, regex) read after the last name


@cache
def list_rules(lang: str) -> ListRules:
    """Compile the LIST_GAP and LIST_END patterns of a language once."""
    pats = load_patterns(lang)
    flags = regex.IGNORECASE if lang == "en" else 0

    def compiled(label: str) -> tuple[tuple[str, regex.Pattern[str]], ...]:
        return tuple((p.id, regex.compile(p.pattern, flags)) for p in pats.by_label(label))

    return ListRules(compiled("LIST_GAP"), compiled("LIST_END"))


def find_list_items(
    text: str, names: Sequence[Mention], lang: str, taken: Sequence[tuple[int, int]],
    places: Sequence[tuple[int, int]] = (), end_reach: int = 60,
) -> list[Mention]:
    """Names standing in a list beside `names` (same sentence), overlapping none of `taken`
    (companies, amounts, dates) and not lying inside one of `places` (a place alone)."""
    rules = list_rules(lang)
    blocked = Barriers(taken)
    ordered = sorted(names, key=lambda m: m.start)
    found: list[Mention] = []
    for left, right in pairwise(ordered):
        if left.sentence_index == right.sentence_index and left.end <= right.start:
            found += _items(text, left, left.end, right.start, rules.gaps, lang, blocked)
    for name in ordered:
        found += _items(text, name, name.end, min(len(text), name.end + end_reach), rules.ends, lang, blocked)
    return [m for m in found if not any(s <= m.start and m.end <= e for s, e in places)]


def _items(
    text: str, left: Mention, start: int, end: int,
    shapes: Sequence[tuple[str, regex.Pattern[str]]], lang: str, blocked: Barriers,
) -> list[Mention]:
    """The list items the first fitting shape reads in text[start:end]; none unless every
    item reads as a name (one that does not shows the list was misread)."""
    for rule, shape in shapes:
        m = shape.match(text, start, end)
        if m is None:
            continue
        spans = m.spans("item")
        if not all(_reads_as_name(text, s, e, lang) and not blocked.overlaps(s, e) for s, e in spans):
            return []
        return [Mention("project_name", clean_name(text[s:e]), text[s:e], s, e, rule, left.sentence_index)
                for s, e in spans]
    return []


def _reads_as_name(text: str, start: int, end: int, lang: str) -> bool:
    """No stop word, a letter, not too many words, and not only generic words."""
    words = [t.text.lower() for t in tokenize(text, start, end, lang) if not t.text.isspace()]
    if not words or len(words) > _MAX_ITEM_WORDS[lang] or not _HAS_LETTER.search(text[start:end]):
        return False
    rules = name_rules(lang)
    if any(w in rules.stops for w in words):
        return False
    return not all(w in rules.generic or not _HAS_LETTER.search(w) for w in words)
