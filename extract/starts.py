"""Where a rule regex can begin, worked out from its source, so that it is tried only there.

`finditer` makes the `regex` engine try a pattern at every position of the text, which is
most of the cost of a date form or a trigger phrase. From the parsed source we derive the
literal prefixes one of which every match starts with (up to `PREFIX_CHARS` characters:
`{"jan", "feb", ...}`, `{"the", "last", "next"}`) and the characters that cannot stand right
before a match (a leading `\\b` or `(?<![\\d.])`). One scan of the text for all the prefixes
of a rule set gives each regex its candidate positions, and `matches` tries it only there:
the same matches as `finditer`, because no match can begin anywhere else. A regex whose
matches may begin with anything (a class like `\\w`) is scanned whole, as before.
Every ASCII digit is 0 in a prefix and in the scanned text, so that `20\\d\\d年` is one prefix
`0000年`, not a hundred cut short to `20`; a lookahead `(?=x)` gives x's prefixes when they
are longer than those of what follows it (`\\d(?=\\s*月)`: `0月`).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

try:  # the standard library's parser (Python 3.11+, private): it reads the syntax used in rules
    import re._constants as sre
    import re._parser as sre_parse
except ImportError:  # elsewhere no regex gets a prefilter: every one is scanned whole
    sre_parse = None

# Longer prefixes cost more to find (and far more to work out, for branchy regexes) than
# they save in tries; regexes of long literal phrases gain from longer ones (StartScanner).
PREFIX_CHARS = 8
_MAX_PREFIXES = 1000  # more and the prefixes are cut shorter
_MAX_RANGE = 32  # a wider character range ends a prefix
# More than one candidate position per this many characters and the engine's own scan of
# the text is cheaper than trying the regex at each of them.
_SPOT_GAP = 16
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_ASCII_DIGITS = "0123456789"
# Characters the `regex` engine matches case-blind to an ASCII letter although str.lower()
# does not map them to it (tests/test_starts.py checks this against every code point).
_CASE_ODD = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}
_CASE_ODD_TABLE = str.maketrans(_CASE_ODD)
_DIGIT = "0"  # every ASCII digit, in a prefix and in the scanned text
_OTHER_DIGITS = re.compile("[1-9]")
_NON_ASCII_DIGIT = regex.compile(r"(?![0-9])\d")
_SPACE = " "  # in a prefix: a run of white space (`\s+` in the scanner)
_SPACES = re.compile(r"\s+")
_REGEX_ONLY = re.compile(r"(?<!\\)\{[^}]*[deis<>=]")  # fuzzy matching: `(?:abc){e<=1}`

_Item = tuple[object, object]


_Path = tuple[str, frozenset[str]]  # a prefix, and the characters banned right before it
_NONE: frozenset[str] = frozenset()
_BOUNDARY = "\\b"  # in a ban while a path is read: a leading `\b`, resolved at the end


@dataclass(frozen=True)
class Starts:
    """What every match of one regex begins with: one of `paths`, each a prefix (case-folded
    when the regex ignores case) and the characters that cannot stand right before it."""

    paths: tuple[_Path, ...]
    ascii_digits: bool  # `\d` was read as 0-9: only valid in texts without other digits


class _Open(Exception):
    """The regex may begin with a match of an open class: no prefix to look for."""


def starts_of(source: str, ignore_case: bool, prefix_chars: int = PREFIX_CHARS) -> Starts | None:
    """The prefixes of `source`'s matches (at most `prefix_chars` long), or None when it can
    begin almost anywhere (or uses `regex` syntax that the standard parser would read otherwise)."""
    if sre_parse is None or _REGEX_ONLY.search(source):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a nested set `[[:alpha:]]`: other syntax
            parsed = sre_parse.parse(source, re.IGNORECASE if ignore_case else 0)
    except (re.error, RecursionError, OverflowError, Warning):
        return None
    if parsed.state.flags & re.IGNORECASE and not ignore_case:  # an inline (?i)
        return None
    reader = _Reader(ignore_case)
    try:
        found = reader.read(list(parsed), prefix_chars)
    except _Open:
        return None
    if not found or any(not prefix or prefix[0] == _SPACE for prefix, _ in found):
        return None  # a match may begin anywhere, or with white space (too common to scan for)
    paths = [(prefix, _interned(banned)) for prefix, banned in _minimal(_resolved(path) for path in found)]
    return Starts(tuple(paths), reader.digits)


_BANS: dict[frozenset[str], frozenset[str]] = {}


def _interned(banned: frozenset[str]) -> frozenset[str]:
    """One object per distinct ban: thousands of paths share a few, and each costs kilobytes."""
    return _BANS.setdefault(banned, banned)


def _resolved(path: _Path) -> _Path:
    """A path's ban with its leading `\b` read: before a word character, no word character."""
    prefix, banned = path
    if _BOUNDARY in banned:
        banned = banned - {_BOUNDARY} | (_ASCII_WORD if prefix[0] in _ASCII_WORD else _NONE)
    return prefix, banned


def _merged(paths: Iterable[_Path]) -> dict[str, frozenset[str]]:
    """One ban per prefix: what all its paths ban."""
    bans: dict[str, frozenset[str]] = {}
    for prefix, banned in paths:
        bans[prefix] = bans[prefix] & banned if prefix in bans else banned
    return bans


def _minimal(paths: Iterable[_Path]) -> list[_Path]:
    """Drop every path that a shorter one with no more bans finds anyway."""
    kept: dict[str, frozenset[str]] = {}
    for prefix, banned in sorted(_merged(paths).items(), key=lambda p: (len(p[0]), p[0])):
        shorter = (kept.get(prefix[:n]) for n in range(1, len(prefix)))
        if not any(ban is not None and ban <= banned for ban in shorter):
            kept[prefix] = banned
    return list(kept.items())


_Chain = tuple  # (item, the chain after it), or () at the end: what is left to match


class _Reader:
    """Walks a parsed regex and collects the literal prefixes of its matches. What is left
    to match is a chain of items shared by the branches before it, so each tail is read once."""

    def __init__(self, ignore_case: bool) -> None:
        self.fold = ignore_case
        self.digits = False
        self._links: dict[tuple[int, int], _Chain] = {}
        self._items: dict[tuple[int, int, int], _Item] = {}
        self._seen: dict[tuple[int, int, frozenset[str] | None], set[_Path]] = {}

    def read(self, items: list[_Item], room: int) -> set[_Path]:
        """Prefixes (at most `room` long) one of which starts every match of `items`."""
        return self.paths(self._chain(items, ()), room, _NONE)

    def _chain(self, items: Iterable[_Item], rest: _Chain) -> _Chain:
        """`items` then `rest`, as a chain (the same objects for the same items and rest)."""
        for item in reversed(list(items)):
            key = (id(item), id(rest))
            if key not in self._links:
                self._links[key] = (item, rest)
            rest = self._links[key]
        return rest

    def paths(self, chain: _Chain, room: int, lead: frozenset[str] | None) -> set[_Path]:
        """The prefixes of the matches of `chain`, with the characters banned before them;
        `lead`: the ban so far, None once past the start (then all bans are empty)."""
        key = (id(chain), room, lead)
        if key not in self._seen:
            self._seen[key] = self._paths(chain, room, lead)
        return self._seen[key]

    def _paths(self, chain: _Chain, room: int, lead: frozenset[str] | None) -> set[_Path]:
        ban = lead or _NONE
        if not chain or room == 0:
            return {("", ban)}
        (op, arg), rest = chain
        if op is sre.ASSERT and arg[0] == 1:  # type: ignore[index]
            return self._ahead(arg[1], rest, room, lead)  # type: ignore[index]
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            return self.paths(rest, room, None if lead is None else lead | _ban(op, arg))
        if op is sre.LITERAL or op is sre.IN:
            chars = self._chars(op, arg)
            if chars is None:
                return {("", ban)}
            return self._then(chars, rest, room, ban)
        if op is sre.SUBPATTERN:
            _group, add_flags, _del_flags, body = arg
            if add_flags & sre.SRE_FLAG_IGNORECASE and not self.fold:
                return {("", ban)}
            return self.paths(self._chain(body, rest), room, lead)
        if op is sre.ATOMIC_GROUP:
            return self.paths(self._chain(arg, rest), room, lead)
        if op is sre.BRANCH:
            branches = (self.paths(self._chain(b, rest), room, lead) for b in arg[1])
            return _capped(set().union(*branches))
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            return self._repeat(arg, rest, room, lead)
        return {("", ban)}  # a back reference, a conditional, ANY...: the prefix ends

    def _ahead(self, body: object, rest: _Chain, room: int, lead: frozenset[str] | None) -> set[_Path]:
        """`(?=x)`: a match goes on like x and like `rest`; the prefixes of the one whose
        shortest prefix is longer (`\\d(?=\\s*月)`: `0月`, not `0`)."""
        after = self.paths(rest, room, lead)
        ahead = self.paths(self._chain(body, ()), room, lead)  # type: ignore[call-overload]
        return ahead if _shortest(ahead) > _shortest(after) else after

    def _then(self, chars: Iterable[str], rest: _Chain, room: int, ban: frozenset[str]) -> set[_Path]:
        """One of `chars`, then the prefixes of `rest`."""
        tails = _shortened({t for t, _ in self.paths(rest, room - 1, None)}, len(chars))
        return _capped({(_joined(c, t), ban) for c in chars for t in tails})

    def _repeat(self, arg: tuple, rest: _Chain, room: int, lead: frozenset[str] | None) -> set[_Path]:
        """`x*`, `x+`, `x?`, `x{m,n}`: one x, then the others (`\\s+`, `\\s*`: one space)."""
        low, high, body = arg
        if high == 0:
            return self.paths(rest, room, lead)
        if _is_space(list(body)):
            once = self._then(_SPACE, rest, room, lead or _NONE)
        else:
            once = self.paths(self._chain(body, self._chain([self._fewer(arg)], rest)), room, lead)
        return _capped(once | self.paths(rest, room, lead)) if low == 0 else once

    def _fewer(self, arg: tuple) -> _Item:
        """The repeat `arg` less one repetition (the same object each time it is asked for)."""
        low, high, body = arg
        key = (id(body), low, high)
        if key not in self._items:
            fewer = high if high == sre.MAXREPEAT else high - 1
            self._items[key] = (sre.MAX_REPEAT, (max(low - 1, 0), fewer, body))
        return self._items[key]

    def _chars(self, op: object, arg: object) -> set[str] | None:
        """The characters one LITERAL or IN item matches, or None when there are too many."""
        chars = _class_chars(op, arg, open_ended=False)
        if chars is None:
            return None
        if any(c in _ASCII_DIGITS for c in chars) and _has_digit_category(op, arg):
            self.digits = True
        if self.fold:
            if not all(c.isascii() or _caseless(c) for c in chars):
                return None
            chars = {c.lower() for c in chars}
        return {_DIGIT if c in _ASCII_DIGITS else c for c in chars}


def _caseless(char: str) -> bool:
    """A symbol, mark, figure or space without case (¥, €, £): ignoring case it matches
    itself alone, and folds to itself in the text (tests/test_starts.py checks this against
    every code point). Not a letter: one that Python's Unicode tables lack may have case in
    those of `regex`."""
    return unicodedata.category(char)[0] in "NPSZ" and char.lower() == char == char.upper()


def _class_chars(op: object, arg: object, open_ended: bool) -> set[str] | None:
    r"""The characters of a LITERAL or IN item (`\d` as 0-9); None when it holds more. With
    `open_ended`, `\w` counts as its ASCII part and unknown members are skipped (a ban
    may leave out characters, never add ones that are not banned)."""
    members = [(op, arg)] if op is sre.LITERAL else list(arg)  # type: ignore[arg-type]
    if any(kind is sre.NEGATE for kind, _ in members):
        return None
    chars: set[str] = set()
    for kind, value in members:
        if kind is sre.LITERAL:
            chars.add(chr(value))
        elif kind is sre.RANGE and value[1] - value[0] <= _MAX_RANGE:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        elif kind is sre.CATEGORY and value is sre.CATEGORY_DIGIT:
            chars.update(_ASCII_DIGITS)
        elif kind is sre.CATEGORY and value is sre.CATEGORY_SPACE and not open_ended:
            chars.add(_SPACE)  # scanned as a run of white space, as `\s` alone is
        elif open_ended and kind is sre.CATEGORY and value is sre.CATEGORY_WORD:
            chars |= _ASCII_WORD
        elif not open_ended:
            return None
    return chars


def _has_digit_category(op: object, arg: object) -> bool:
    return op is sre.IN and (sre.CATEGORY, sre.CATEGORY_DIGIT) in list(arg)  # type: ignore[arg-type]


def _ban(op: object, arg: object) -> frozenset[str]:
    """What a zero-width item at the start rules out before a match: `\b` (resolved once
    the next character is known), a one-character negative lookbehind's ASCII characters."""
    if op is sre.AT and arg is sre.AT_BOUNDARY:
        return frozenset({_BOUNDARY})
    if op is sre.ASSERT_NOT and arg[0] == -1:  # type: ignore[index]
        body = list(arg[1])  # type: ignore[index]
        if len(body) == 1 and body[0][0] in (sre.LITERAL, sre.IN):
            return frozenset(_class_chars(*body[0], open_ended=True) or ())
    return _NONE


def _shortest(paths: set[_Path]) -> int:
    return min((len(prefix) for prefix, _ in paths), default=0)


def _joined(char: str, tail: str) -> str:
    """`char` then `tail`; a space before a space is one run of white space."""
    return tail if char == _SPACE and tail.startswith(_SPACE) else char + tail


def _is_space(items: list[_Item]) -> bool:
    r"""Whether `items` is the class `\s` alone."""
    return len(items) == 1 and items[0] == (sre.IN, [(sre.CATEGORY, sre.CATEGORY_SPACE)])


def _shortened(tails: set[str], ways: int) -> set[str]:
    """Tails cut shorter until `ways` characters before them make few enough prefixes (so
    that no larger set is ever built)."""
    length = max(map(len, tails), default=0)
    while len(tails) * ways > _MAX_PREFIXES and length > 0:
        length -= 1
        tails = {t[:length] for t in tails}
    return tails


def _capped(paths: set[_Path]) -> set[_Path]:
    """Too many prefixes: cut them shorter (still prefixes of every match) until few enough."""
    if len(paths) <= _MAX_PREFIXES:
        return paths
    length = max(len(p) for p, _ in paths)
    while len(paths) > _MAX_PREFIXES and length > 1:
        length -= 1
        paths = {(p[:length].rstrip(_SPACE) or p[:1], ban) for p, ban in paths}
    if len(paths) > _MAX_PREFIXES:
        raise _Open
    return paths


# --- scanning ------------------------------------------------------------------------


class StartScanner:
    """The prefixes of a list of regexes, found in a text by one scan."""

    def __init__(self, sources: Sequence[str], ignore_case: bool, prefix_chars: Sequence[int] = ()) -> None:
        """`prefix_chars`: per source, the longest prefix to work out (else PREFIX_CHARS)."""
        self.fold = ignore_case
        rooms = list(prefix_chars) or [PREFIX_CHARS] * len(sources)
        self.starts = [starts_of(s, ignore_case, room) for s, room in zip(sources, rooms, strict=True)]
        by_prefix: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for i, starts in enumerate(self.starts):
            for prefix, banned in starts.paths if starts else ():
                by_prefix.setdefault(prefix, []).append((i, banned))
        self._owners = {found: _owners_of(found, by_prefix) for found in by_prefix}
        self._unfound: list[Sequence[int] | None] = [() if s else None for s in self.starts]
        self._ascii_digits = [i for i, s in enumerate(self.starts) if s and s.ascii_digits]
        # the longest prefix at a position, found fast by the engine's first-character skip
        self._scan = re.compile(_trie(sorted(by_prefix))) if by_prefix else None
        self._digits = any(_DIGIT in prefix for prefix in by_prefix)

    def positions(self, text: str) -> list[Sequence[int] | None]:
        """Per regex, where in `text` its matches can begin, in order (None: anywhere)."""
        folded = self._folded(text)
        if self._scan is None or folded is None:
            return [None] * len(self.starts)
        by_prefix: dict[str, list[int]] = {}
        search = self._scan.search  # not finditer: prefixes may begin inside one another
        m = search(folded)
        while m is not None:
            at = m.start()
            by_prefix.setdefault(m.group(), []).append(at)
            m = search(folded, at + 1)
        found: dict[int, list[int]] = {}
        for prefix, spots in by_prefix.items():
            kept: dict[frozenset[str], list[int]] = {_NONE: spots}  # owners share a few bans
            for i, banned in self._owners.get(prefix) or self._owners[_SPACES.sub(_SPACE, prefix)]:
                if banned not in kept:
                    kept[banned] = [p for p in spots if p == 0 or text[p - 1] not in banned]
                found.setdefault(i, []).extend(kept[banned])
        out = list(self._unfound)
        few = len(text) // _SPOT_GAP
        for i, spots in found.items():
            out[i] = sorted(spots) if len(spots) <= few else None
        if self._ascii_digits and not text.isascii() and _NON_ASCII_DIGIT.search(text) is not None:
            for i in self._ascii_digits:
                out[i] = None
        return out

    def _folded(self, text: str) -> str | None:
        """The text as the prefixes are written (lower case when the regexes ignore case,
        every digit as 0)."""
        folded = fold_case(text) if self.fold else text
        if folded is None or not self._digits:
            return folded
        return _OTHER_DIGITS.sub(_DIGIT, folded)


def fold_case(text: str) -> str | None:
    """`text` in lower case with every character in its place, and every character that the
    `regex` engine matches case-blind to an ASCII one as that one (None if impossible)."""
    if any(c in text for c in _CASE_ODD):
        text = text.translate(_CASE_ODD_TABLE)
    folded = text.lower()
    return folded if len(folded) == len(text) else None


def _owners_of(
    found: str, by_prefix: dict[str, list[tuple[int, frozenset[str]]]]
) -> list[tuple[int, frozenset[str]]]:
    """The regexes that can begin where the scanner found `found` (it reports the longest
    prefix at a position: the shorter ones there start it), with what each bans before."""
    bans: dict[int, frozenset[str]] = {}
    for n in range(1, len(found) + 1):
        for i, banned in by_prefix.get(found[:n], ()):
            bans[i] = bans[i] & banned if i in bans else banned
    return sorted((i, _interned(banned)) for i, banned in bans.items())


def _trie(words: Iterable[str]) -> str:
    """A regex alternation of literal words, factored by common prefixes (scans faster)."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_source(root)


def _trie_source(node: dict[str, dict]) -> str:
    branches = [_char_source(c) + _trie_source(node[c]) for c in sorted(node) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _char_source(char: str) -> str:
    """A prefix character in the scanner (the standard `\\s` includes every `regex` one)."""
    return r"\s+" if char == _SPACE else re.escape(char)


def matches(
    rx: regex.Pattern, text: str, spots: Sequence[int] | None, pos: int = 0,
    endpos: int | None = None, timeout: float | None = None,
) -> list[regex.Match]:
    """What `rx.finditer(text, pos, endpos)` gives, trying `rx` only at `spots` (sorted)."""
    end = len(text) if endpos is None else endpos
    if spots is None:
        return list(rx.finditer(text, pos, end, timeout=timeout))
    found: list[regex.Match] = []
    resume = pos
    for k in range(bisect_left(spots, pos), len(spots)):
        at = spots[k]
        if at >= end:
            break
        if at < resume:
            continue
        m = rx.match(text, at, end, timeout=timeout)
        if m is not None:
            found.append(m)
            resume = m.end()  # every match is non-empty: it starts with a prefix
    return found
