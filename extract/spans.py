"""Sets of character spans asked in log time whether one covers a position: the lookups the
stages make for every mention (is this name inside a company? a place inside that name?),
which a scan of every span would make quadratic in the article's length."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate


class Barriers:
    """Blocked spans, asked in log time whether one covers a position or a stretch."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted((s, e) for s, e in spans if e > s)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))  # furthest end so far

    def covers(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos)
        return i > 0 and self._reach[i - 1] > pos

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span covers a position of start..end-1."""
        i = bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start

    def first_start_between(self, lo: int, hi: int) -> int | None:
        """The smallest span start strictly between lo and hi."""
        i = bisect_right(self._starts, lo)
        return self._starts[i] if i < len(self._starts) and self._starts[i] < hi else None
