"""The division table (`patterns/shared/adcode.csv`) and romanization helpers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from extract.patterns import data_path, read_table

_APOSTROPHES = regex.compile(r"['’]")

LEVELS = ("province", "prefecture", "county")
_AUTONOMOUS_SUFFIXES = (("自治县", "县"), ("自治旗", "旗"))
# English suffix words a division's name may end with (`Julu County`, `Dalad Banner`).
EN_SUFFIX_WORDS = {"county", "district", "city", "prefecture", "league", "banner", "autonomous"}


@dataclass(frozen=True)
class Division:
    """One row of the gazetteer."""

    adcode: str
    level: str
    parent: str
    name_zh: str
    short_zh: str
    name_en: str
    pinyin: str

    @property
    def full_names_zh(self) -> frozenset[str]:
        """The name, and the short form news writes for an autonomous county or banner:
        澜沧县 for 澜沧拉祜族自治县, 科左中旗 aside (only short + 县/旗)."""
        names = {self.name_zh}
        for official, plain in _AUTONOMOUS_SUFFIXES:
            if self.short_zh and self.name_zh.endswith(official) and self.short_zh != self.name_zh:
                names.add(self.short_zh + plain)
        return frozenset(names)

    @property
    def english(self) -> str:
        """The English name as news writes it: 容县 "Rong County", not "Rongxian County"."""
        syllable = _one_syllable_county(self)
        return f"{syllable[0].capitalize()} County" if syllable else self.name_en

    @property
    def en_suffix(self) -> str:
        """The English suffix word of the name (`county`, `district`, `city`…), or ""."""
        last = self.name_en.split()[-1].lower()
        return last if last in EN_SUFFIX_WORDS and " " in self.name_en else ""


class Gazetteer:
    """The division table with name indexes."""

    def __init__(self, rows: Iterable[dict[str, str]]) -> None:
        self.by_code = {r["adcode"]: Division(**r) for r in rows}
        self.by_zh: dict[str, list[str]] = {}
        self.by_en: dict[str, list[str]] = {}
        self._chains: dict[str, tuple[Division, ...]] = {}
        self._ancestors: dict[str, tuple[str, ...]] = {}
        for div in self.by_code.values():
            for name in {*div.full_names_zh, div.short_zh}:
                if name:
                    self.by_zh.setdefault(name, []).append(div.adcode)
            for key in {spoken(div).lower(), div.pinyin, *_one_syllable_county(div)}:
                self.by_en.setdefault(key, []).append(div.adcode)

    def chain(self, code: str) -> tuple[Division, ...]:
        """The unit and its ancestors, most specific first (kept: the linking steps ask
        about the same few units tens of times per article)."""
        known = self._chains.get(code)
        if known is None:
            known = self._chains[code] = tuple(self._walk_up(code))
        return known

    def _walk_up(self, code: str) -> Iterator[Division]:
        while code and code in self.by_code:
            div = self.by_code[code]
            yield div
            code = div.parent

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Codes of the unit and its ancestors, most specific first."""
        known = self._ancestors.get(code)
        if known is None:
            known = self._ancestors[code] = tuple(d.adcode for d in self.chain(code))
        return known

    def common_ancestor(self, codes: Sequence[str]) -> str:
        """The most specific unit shared by all chains ("" when none)."""
        chains = [self.ancestors(c) for c in codes]
        if not chains:
            return ""
        shared = set(chains[0]).intersection(*chains[1:])
        return next((c for c in chains[0] if c in shared), "")


def pinyin_keys(div: Division) -> list[str]:
    """A unit's pinyin keys: 房县 is `fangxian`, and `fang` as English writes it (Fang County)."""
    return [div.pinyin, *_one_syllable_county(div)]


def _one_syllable_county(div: Division) -> list[str]:
    """English news writes 郏县 "Jia County" and 沛县 "Pei County": the syllable is the key
    (only ever matched together with "County", being too short to stand alone)."""
    if len(div.name_zh) == 2 and div.name_zh.endswith("县") and div.pinyin.endswith("xian"):
        return [div.pinyin[: -len("xian")]]
    return []


@cache
def towns() -> dict[str, tuple[str, ...]]:
    """Township-level names (`patterns/shared/towns.csv`: 镇, 乡, 街道, 苏木) -> the adcodes of
    the units they lie in (one name may be a town in several counties: 和平镇)."""
    parents: dict[str, list[str]] = {}
    for row in read_table("towns.csv"):
        parents.setdefault(row["name_zh"], []).append(row["parent"])
    return {name: tuple(codes) for name, codes in parents.items()}


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    return Gazetteer(read_table("adcode.csv"))


def spoken(div: Division) -> str:
    """The name as English text writes it without its suffix (Xi'an, Inner Mongolia)."""
    words = div.name_en.split()
    while len(words) > 1 and words[-1].lower() in EN_SUFFIX_WORDS:
        words.pop()
    return " ".join(words)


@cache
def _syllables() -> frozenset[str]:
    lines = data_path("shared", "pinyin_syllables.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def is_pinyin_word(word: str, min_syllables: int = 2) -> bool:
    """Whether a word is a run of pinyin syllables (`yonghe`, `mutouchengzi`), not English."""
    word = _APOSTROPHES.sub("", word.lower())
    syllables = _syllables()
    best = [0] + [-1] * len(word)  # best[i]: most syllables covering word[:i]
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            if best[start] >= 0 and word[start:end] in syllables:
                best[end] = max(best[end], best[start] + 1)
    return best[-1] >= min_syllables


@cache
def _overrides() -> dict[str, str]:
    return {row["name_zh"]: row["pinyin"] for row in read_table("pinyin_overrides.csv")}


def pinyin_key(name: str) -> str:
    """Lower-case pinyin of a Chinese place name (gazetteer, then overrides, then pypinyin)."""
    for code in gazetteer().by_zh.get(name, []):
        return gazetteer().by_code[code].pinyin
    if name in _overrides():
        return _overrides()[name]
    from pypinyin import lazy_pinyin

    syllables = lazy_pinyin(name)
    if len(syllables) == len(name):  # one per character: a place name's own readings apply
        chars = _char_readings()
        syllables = [chars.get(char, syllable) for char, syllable in zip(name, syllables, strict=True)]
    return "".join(syllables).lower()


@cache
def _char_readings() -> dict[str, str]:
    """How a character reads in place names where pypinyin reads it otherwise (勒流 leliu)."""
    return {row["char"]: row["pinyin"] for row in read_table("pinyin_chars.csv")}
