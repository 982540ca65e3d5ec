"""Places: find administrative units and zones, resolve them to GB/T 2260 codes.

The gazetteer is `patterns/shared/adcode.csv` (province, prefecture and county levels).
A name that fits several units (Chaoyang, Tongzhou) is resolved from the places the
article names elsewhere; when that does not settle it, only the levels the candidates
share are kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

import regex

from extract.patterns import alternation, load_patterns, read_table
from extract.records import Mention, Sentence
from extract.segment import sentence_at

LEVELS = ("province", "prefecture", "county")


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


@dataclass(frozen=True)
class PlaceHit:
    """A place name in the text with every unit it may denote (zones have none)."""

    start: int
    end: int
    text: str
    candidates: tuple[str, ...]
    rule: str
    kind: str = "admin"  # admin | zone
    sentence: int = -1


@dataclass(frozen=True)
class Location:
    """A resolved location: the most specific unit, and a zone/park as written."""

    adcode: str = ""
    place: str = ""


class Gazetteer:
    """The division table with name indexes."""

    def __init__(self, rows: Iterable[dict[str, str]]) -> None:
        self.by_code = {r["adcode"]: Division(**r) for r in rows}
        self.by_zh: dict[str, list[str]] = {}
        self.by_key: dict[str, list[str]] = {}
        for div in self.by_code.values():
            for name in {div.name_zh, div.short_zh}:
                if name:
                    self.by_zh.setdefault(name, []).append(div.adcode)
            self.by_key.setdefault(div.pinyin, []).append(div.adcode)

    def chain(self, code: str) -> list[Division]:
        """The unit and its ancestors, most specific first."""
        out = []
        while code and code in self.by_code:
            div = self.by_code[code]
            out.append(div)
            code = div.parent
        return out

    def common_ancestor(self, codes: Sequence[str]) -> str:
        """The most specific unit shared by all chains ("" when none)."""
        chains = [[d.adcode for d in self.chain(c)] for c in codes]
        if not chains:
            return ""
        shared = set(chains[0]).intersection(*chains[1:])
        return next((c for c in chains[0] if c in shared), "")


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    return Gazetteer(read_table("adcode.csv"))


@cache
def _en_regex() -> regex.Pattern[str]:
    gaz = gazetteer()
    keys = {_spoken(d) for d in gaz.by_code.values()}
    suffixes = [p.pattern for p in load_patterns("en").by_label("ADMIN_SUFFIX")]
    return regex.compile(
        rf"(?<![\w'-])(?P<key>{alternation(keys)})(?:\s+(?P<suffix>{alternation(suffixes)}))?(?![\w-])",
        regex.IGNORECASE,
    )


def _spoken(div: Division) -> str:
    """The pinyin as English text writes it (Xi'an, Inner Mongolia): name_en without suffix."""
    words = div.name_en.split()
    suffix_words = {"county", "district", "city", "prefecture", "league", "banner", "autonomous"}
    while len(words) > 1 and words[-1].lower() in suffix_words:
        words.pop()
    return " ".join(words)


@cache
def _en_key_index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for div in gazetteer().by_code.values():
        index.setdefault(_spoken(div).lower(), []).append(div.adcode)
    return index


@cache
def _en_suffix_levels() -> dict[str, str]:
    return {p.pattern.lower(): str(p.get("level")) for p in load_patterns("en").by_label("ADMIN_SUFFIX")}


def find_admin_en(text: str) -> list[PlaceHit]:
    """English administrative names: `Julu County`, `Hebei`, `Changzhi`, `hebei province`."""
    hits = []
    index, levels = _en_key_index(), _en_suffix_levels()
    for m in _en_regex().finditer(text):
        codes = index.get(m.group("key").lower(), [])
        suffix = (m.group("suffix") or "").lower()
        codes = _filter_level(codes, levels.get(suffix, ""))
        if codes and _plausible_en(m, codes, bool(suffix)):
            rule = f"en.place.admin{'.' + suffix.replace(' ', '_') if suffix else '.bare'}"
            hits.append(PlaceHit(m.start(), m.end(), m.group(), tuple(codes), rule))
    return hits


def _filter_level(codes: list[str], level: str) -> list[str]:
    gaz = gazetteer()
    if level in ("", "any"):
        return codes if level == "" else [c for c in codes if gaz.by_code[c].level != "province"]
    return [c for c in codes if gaz.by_code[c].level == level]


def _plausible_en(m: regex.Match[str], codes: list[str], has_suffix: bool) -> bool:
    """Bare names: provinces in any case; others capitalized and not a one-syllable word."""
    gaz = gazetteer()
    if has_suffix or any(gaz.by_code[c].level == "province" for c in codes):
        return True
    key = m.group("key")
    return key[:1].isupper() and len(key) >= 5


@cache
def _zh_regex() -> regex.Pattern[str]:
    gaz = gazetteer()
    blocked = set(load_patterns("zh").phrases("SHORT_NAME_BLOCK"))
    names = set()
    for div in gaz.by_code.values():
        names.add(div.name_zh)
        if div.level != "county" and len(div.short_zh) >= 2 and div.short_zh not in blocked:
            names.add(div.short_zh)
    return regex.compile(alternation(names))


def find_admin_zh(text: str) -> list[PlaceHit]:
    """Chinese administrative names: full names of all units, short names above county."""
    gaz = gazetteer()
    return [
        PlaceHit(m.start(), m.end(), m.group(), tuple(gaz.by_zh[m.group()]), "zh.place.admin")
        for m in _zh_regex().finditer(text)
    ]


@cache
def _zone_regex(lang: str) -> regex.Pattern[str]:
    suffixes = load_patterns(lang).phrases("ZONE_SUFFIX")
    if lang == "en":
        word = r"(?!The\b)[A-Z][\w'’-]*\s+"
        return regex.compile(rf"(?:{word}){{1,4}}(?i:{alternation(suffixes)})(?![\w-])")
    stops = "".join(regex.escape(s) for s in load_patterns(lang).phrases("ZONE_STOP") if len(s) == 1)
    return regex.compile(rf"[^{stops}\d]{{2,8}}{alternation(suffixes)}")


def find_zones(text: str, lang: str) -> list[PlaceHit]:
    """Development zones, parks, new areas and towns, as written."""
    hits = []
    for m in _zone_regex(lang).finditer(text):
        start = m.start() + _cut(m.group(), lang)
        surface = text[start : m.end()].strip()
        if surface:
            hits.append(PlaceHit(start, start + len(surface), surface, (), f"{lang}.place.zone", "zone"))
    return hits


@cache
def _zone_stops(lang: str) -> tuple[str, ...]:
    return tuple(s for s in load_patterns(lang).phrases("ZONE_STOP") if len(s) > 1)


def _cut(surface: str, lang: str) -> int:
    """Characters to drop from the left: up to the last multi-character stop word."""
    lead = len(surface) - len(surface.lstrip())
    cuts = [surface.rfind(s) + len(s) for s in _zone_stops(lang) if s in surface]
    return max([lead, *cuts])


def find_places(text: str, lang: str, sentences: Sequence[Sentence]) -> list[PlaceHit]:
    """All place hits of an article; both scripts are searched (MT text keeps stray Chinese)."""
    hits = find_admin_en(text) + find_admin_zh(text) + find_zones(text, lang)
    located = [replace(h, sentence=sentence_at(sentences, h.start)) for h in hits]
    return sorted(located, key=lambda h: (h.start, -h.end))


def resolve(hits: Sequence[PlaceHit]) -> dict[PlaceHit, str]:
    """Choose one unit per admin hit from the article's other places ("" = unresolved).

    A bare name (no County/District/省/县 …) means its highest level (Hebei is the
    province, not Tianjin's Hebei District) and is dropped when it lies outside every
    province the article names with certainty: such words are mostly people and roads.
    """
    gaz = gazetteer()
    admin = [h for h in hits if h.kind == "admin"]
    context = _context_codes(admin)
    provinces = {c for c in context if gaz.by_code[c].level == "province"}
    resolved = {}
    for hit in admin:
        choice = _candidates(hit)
        fitting = [c for c in choice if any(d.adcode in context for d in gaz.chain(c))]
        if fitting:
            choice = fitting
        elif _is_bare(hit) and provinces and gaz.by_code[choice[0]].level != "province":
            choice = []
        resolved[hit] = choice[0] if len(choice) == 1 else gaz.common_ancestor(choice)
    return resolved


def _is_bare(hit: PlaceHit) -> bool:
    return hit.rule.endswith(".bare")


def _candidates(hit: PlaceHit) -> list[str]:
    """A bare name keeps only its highest-level candidates."""
    if not _is_bare(hit):
        return list(hit.candidates)
    gaz = gazetteer()
    top = min(LEVELS.index(gaz.by_code[c].level) for c in hit.candidates)
    return [c for c in hit.candidates if LEVELS.index(gaz.by_code[c].level) == top]


def _context_codes(hits: Sequence[PlaceHit]) -> set[str]:
    """Units named without ambiguity (a suffixed or province name), with their ancestors."""
    gaz = gazetteer()
    codes: set[str] = set()
    for hit in hits:
        choice = _candidates(hit)
        certain = not _is_bare(hit) or gaz.by_code[choice[0]].level == "province"
        if certain and len(choice) == 1:
            codes.update(d.adcode for d in gaz.chain(choice[0]))
    return codes


def home_place(hits: Sequence[PlaceHit], resolved: dict[PlaceHit, str], lead_end: int) -> str:
    """The article's own place: the unit named most in the headline/lead (else anywhere),
    narrowed while the article names exactly one unit inside it."""
    gaz = gazetteer()
    named = [resolved[h] for h in hits if resolved.get(h)]
    lead = [resolved[h] for h in hits if h.start < lead_end and resolved.get(h)]
    pool = lead or named
    if not pool:
        return ""
    counts = Counter(pool)
    home = max(pool, key=lambda c: (counts[c], len(gaz.chain(c))))
    while True:
        inside = {c for c in named if c != home and home in {d.adcode for d in gaz.chain(c)}}
        deeper = {gaz.chain(c)[-len(gaz.chain(home)) - 1].adcode for c in inside}
        if len(deeper) != 1:
            return home
        home = deeper.pop()


def place_mentions(hits: Sequence[PlaceHit], resolved: dict[PlaceHit, str]) -> list[Mention]:
    """facts.csv rows for places: value is the adcode (empty for zones), unit the level."""
    gaz = gazetteer()
    out = []
    for hit in hits:
        code = resolved.get(hit, "")
        level = gaz.by_code[code].level if code else hit.kind
        out.append(
            Mention("place", code, hit.text, hit.start, hit.end, hit.rule, hit.sentence, unit=level)
        )
    return out


def refine(code: str, home: str) -> str:
    """Prefer the article's own unit when it lies inside the one a project names."""
    gaz = gazetteer()
    if code and home and code in {d.adcode for d in gaz.chain(home)}:
        return home
    return code or home


def admin_columns(code: str, lang: str) -> dict[str, str]:
    """province/city/county cells for a unit, named in the article's language."""
    cells = {"province": "", "city": "", "county": "", "adcode": code, "location": ""}
    chain = gazetteer().chain(code)
    for div in chain:
        name = div.name_zh if lang == "zh" else div.name_en
        cells[{"province": "province", "prefecture": "city", "county": "county"}[div.level]] = name
    if chain and chain[-1].adcode[2:] == "0000" and not cells["city"] and cells["county"]:
        cells["city"] = cells["province"]  # districts of Beijing, Shanghai, Tianjin, Chongqing
    cells["location"] = ", ".join(d.pinyin for d in chain)
    return cells
