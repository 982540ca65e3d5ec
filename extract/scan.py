"""Trying a rule regex only where its matches can begin.

A form line may carry a `starts` template: every match of the form begins where `starts`
matches. One fast scan finds those positions and the form is tried there alone, which
gives what `finditer` gives (tests check it on the case tables) at a fraction of the cost:
the `regex` engine pays for every position it tries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import regex

Scanner = re.Pattern[str] | regex.Pattern[str]
Spans = Sequence[tuple[int, int]]


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
