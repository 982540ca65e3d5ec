"""Where the regexes of money, dates, milestones and counts can begin: one scan of an article.

Each tries its regexes only where their matches can begin (starts.StartScanner). Finding
the prefixes is most of that cost, and they read the same article in turn: one scanner
holds the prefixes of all of them, and the positions of the text last scanned are kept for
the next one to ask about that same text object (never for another text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from extract.starts import PREFIX_CHARS, StartScanner

Spots = list[Sequence[int] | None]  # per regex, where its matches can begin (None: anywhere)
_GROUPS = ("money", "dates", "milestones", "counts")


@dataclass(frozen=True)
class Group:
    """The regexes of one module, in its order, as it asks for their spots."""

    regexes: Sequence[re.Pattern[str] | regex.Pattern[str]]
    ignore_case: bool
    prefix_chars: int = PREFIX_CHARS  # literal phrases gain from longer prefixes (fewer tries)


def group_of(name: str, lang: str) -> Group:
    """The regexes of `name` (money, dates, milestones or counts) for this language."""
    from extract import counts, dates, milestones, money  # they ask this module for their spots

    module = {"money": money, "dates": dates, "milestones": milestones, "counts": counts}[name]
    return module.scanned(lang)


@cache
def _scanners(lang: str) -> tuple[tuple[StartScanner, dict[str, slice]], ...]:
    """One scanner per case mode, each with the slice of its positions every group owns."""
    by_mode: dict[bool, list[tuple[str, Group]]] = {}
    for name in _GROUPS:
        group = group_of(name, lang)
        if group.regexes:
            by_mode.setdefault(group.ignore_case, []).append((name, group))
    scanners = []
    for ignore_case, groups in by_mode.items():
        slices, sources, rooms = {}, [], []
        for name, group in groups:
            slices[name] = slice(len(sources), len(sources) + len(group.regexes))
            sources += [rx.pattern for rx in group.regexes]
            rooms += [group.prefix_chars] * len(group.regexes)
        scanners.append((StartScanner(sources, ignore_case, rooms), slices))
    return tuple(scanners)


def prepare(lang: str) -> None:
    """Build the scanners of a language now: the first scan of a process would otherwise
    spend a second or so on it, inside a caller's time budget."""
    _scanners(lang)


_last: dict[str, tuple[str, list[Spots]]] = {}  # lang -> the text last scanned, its positions


def spots(text: str, lang: str, group: str) -> Spots:
    """Per regex of `group` (money, dates, milestones or counts, as its `scanned` gives
    them), where its matches can begin in `text`."""
    scanners = _scanners(lang)
    last = _last.get(lang)
    if last is None or last[0] is not text:
        last = (text, [scanner.positions(text) for scanner, _ in scanners])
        _last[lang] = last
    for (_, slices), found in zip(scanners, last[1], strict=True):
        if group in slices:
            return found[slices[group]]
    return []  # a group without regexes
