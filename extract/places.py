"""Places: find administrative units and zones, resolve them to GB/T 2260 codes.

A name that fits several units (Chaoyang, Tongzhou) is resolved from the places the
article names elsewhere, the most specific context first; when that does not settle
it, only the levels the candidates share are kept.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import regex

from extract.gazetteer import LEVELS, gazetteer, is_pinyin_word, pinyin_key, pinyin_keys, towns
from extract.lexicon import LiteralFinder, PhraseIndex, WordIndex
from extract.patterns import Pattern, alternation, load_patterns
from extract.records import Mention, Sentence
from extract.segment import sentence_at
from extract.spans import Barriers

_APOSTROPHE = regex.compile(r"(?<=[A-Za-z])(?: ?['’])(?=[a-z])")
_EN_WORD = regex.compile(r"[A-Za-z][\w'’-]*")


@dataclass(frozen=True)
class PlaceHit:
    """A place name in the text with every unit it may denote (zones and towns have none)."""

    start: int
    end: int
    text: str
    candidates: tuple[str, ...]
    rule: str
    kind: str = "admin"  # admin | zone | town
    sentence: int = -1

    @property
    def bare(self) -> bool:
        """Written without an administrative suffix (`Hebei`, not `Hebei province`)."""
        return self.rule.endswith(".bare")


@cache
def _admin_suffixes() -> dict[str, Pattern]:
    return {p.pattern.lower(): p for p in load_patterns("en").by_label("ADMIN_SUFFIX")}


@cache
def _en_names() -> tuple[WordIndex, dict[str, list[str]]]:
    """English name keys (apostrophes dropped, as in squeezed text) and their units."""
    codes: dict[str, list[str]] = {}
    for key, found in gazetteer().by_en.items():
        codes.setdefault(_APOSTROPHE.sub("", key), []).extend(found)
    return WordIndex(codes), codes


@cache
def _en_suffix() -> regex.Pattern[str]:
    return regex.compile(rf"\s+({alternation(_admin_suffixes())})(?![\w-])", regex.IGNORECASE)


def _squeeze(text: str) -> tuple[str, Sequence[int]]:
    """Drop apostrophes inside words (Lu'an -> Luan); map squeezed offsets back."""
    if ("'" not in text and "’" not in text) or not _APOSTROPHE.search(text):
        return text, range(len(text) + 1)
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    for match in _APOSTROPHE.finditer(text):
        pieces.append(text[last : match.start()])
        kept.extend(range(last, match.start()))
        last = match.end()
    pieces.append(text[last:])
    kept.extend(range(last, len(text) + 1))
    return "".join(pieces), kept


def find_admin_en(text: str) -> list[PlaceHit]:
    """English administrative names: `Julu County`, `Hebei`, `Changzhi`, `Lu'an city`."""
    squeezed, where = _squeeze(text)
    hits = []
    for start, end in _en_names()[0].finditer(squeezed):
        key = squeezed[start:end]
        suffix_match = _en_suffix().match(squeezed, end)
        suffix = suffix_match.group(1).lower() if suffix_match else ""
        end = suffix_match.end() if suffix_match else end
        if suffix.startswith("autonomous") and key.lower() in _ethnic_groups_en():
            continue  # Weishan Yi and Hui Autonomous County: Hui names the people, not Hui County
        reading = _admin_reading(key, suffix)
        if reading:
            first, last = where[start], where[end - 1] + 1
            hits.append(PlaceHit(first, last, text[first:last], *reading))
    return hits


@cache
def _ethnic_groups_en() -> frozenset[str]:
    """The peoples named in ethnic township suffixes (Hui of `Hui Ethnic Township`)."""
    tail = " ethnic township"
    return frozenset(s[: -len(tail)] for s in _zone_suffixes("en") if s.endswith(tail))


@lru_cache(maxsize=4096)  # a few hundred names recur ("yuan" is a county, and most often money)
def _admin_reading(key: str, suffix: str) -> tuple[tuple[str, ...], str] | None:
    """The units a name with this suffix may denote, and the rule (None: no place)."""
    codes = _by_suffix(_en_names()[1][key.lower()], suffix)
    if not codes or not _plausible_en(key, codes, bool(suffix)):
        return None
    return tuple(codes), f"en.place.admin.{suffix.replace(' ', '_').replace('-', '_') or 'bare'}"


def _by_suffix(codes: list[str], suffix: str) -> list[str]:
    """Candidates a suffix allows (`county` is not a district); a bare name means its
    highest level (Hebei is the province, not Tianjin's Hebei District)."""
    gaz = gazetteer()
    if not suffix:
        top = min((LEVELS.index(gaz.by_code[c].level) for c in codes), default=0)
        return [c for c in codes if LEVELS.index(gaz.by_code[c].level) == top]
    rule = _admin_suffixes()[suffix]
    levels, name_suffix = rule.get("levels") or [], rule.get("name_suffix")
    return [
        c for c in codes
        if gaz.by_code[c].level in levels or (name_suffix and gaz.by_code[c].en_suffix == name_suffix)
    ]


def _plausible_en(key: str, codes: list[str], has_suffix: bool) -> bool:
    """Bare names: provinces in any case; others of two syllables or more, capitalized or
    (machine translation lower-cases names: "huidong shoe industry") pure pinyin."""
    gaz = gazetteer()
    if has_suffix or any(gaz.by_code[c].level == "province" for c in codes):
        return True
    return len(key) >= 5 and (key[:1].isupper() or is_pinyin_word(key))


@cache
def _zh_not_places() -> tuple[regex.Pattern[str], ...]:
    """PLACE_NOT: where a place name seems to begin but a word does (当天全县 is 当天 + 全县)."""
    return tuple(regex.compile(p.pattern) for p in load_patterns("zh").by_label("PLACE_NOT"))


@cache
def _short_blocked() -> frozenset[str]:
    return frozenset(load_patterns("zh").phrases("SHORT_NAME_BLOCK"))


@cache
def _short_common() -> frozenset[str]:
    return frozenset(load_patterns("zh").phrases("SHORT_NAME_COMMON"))


@cache
def _short_not_before() -> regex.Pattern[str]:
    return regex.compile(alternation(load_patterns("zh").phrases("SHORT_NAME_NOT_BEFORE")))


@cache
def _zh_names() -> PhraseIndex:
    gaz = gazetteer()
    names = set()
    for div in gaz.by_code.values():
        names.update(div.full_names_zh)
        if div.level != "county" and len(div.short_zh) >= 2 and div.short_zh not in _short_blocked():
            names.add(div.short_zh)
    return PhraseIndex(names)


@cache
def _county_shorts() -> dict[str, list[str]]:
    shorts: dict[str, list[str]] = {}
    for div in gazetteer().by_code.values():
        if div.level == "county" and len(div.short_zh) >= 2 and div.short_zh != div.name_zh:
            shorts.setdefault(div.short_zh, []).append(div.adcode)
    return shorts


def _counties_after_parent(text: str, hits: list[PlaceHit]) -> list[PlaceHit]:
    """A county's short name right after its own city (长春朝阳, 邢台巨鹿) is that county."""
    gaz, shorts, out = gazetteer(), _county_shorts(), []
    for hit in hits:
        for length in (4, 3, 2):
            name = text[hit.end : hit.end + length]
            codes = [c for c in shorts.get(name, []) if gaz.by_code[c].parent in hit.candidates]
            if codes and not _ADMIN_SUFFIX.match(text, hit.end + length, hit.end + length + 1):
                rule = "zh.place.admin.after_city"
                out.append(PlaceHit(hit.end, hit.end + length, name, tuple(codes), rule))
                break
    return out


def zh_place_spans(text: str) -> list[tuple[int, int]]:
    """Where Chinese place names stand (full names, and short names above county level)."""
    return list(_zh_names().finditer(text))


def find_admin_zh(text: str) -> list[PlaceHit]:
    """Chinese administrative names: full names of all units, short names above county.

    A short name means its highest level, as a bare English name does: 湘潭 is the city,
    湘潭县 the county."""
    gaz = gazetteer()
    hits = []
    vetoed = {i for rx in _zh_not_places() for m in rx.finditer(text) for i in range(m.start(), m.end())}
    for start, end in _zh_names().finditer(text):
        if start in vetoed:
            continue
        name = text[start:end]
        codes = gaz.by_zh[name]
        full = [c for c in codes if name in gaz.by_code[c].full_names_zh]
        if full:
            hits.append(PlaceHit(start, end, name, tuple(full), "zh.place.admin"))
        else:
            hits.append(PlaceHit(start, end, name, tuple(_by_suffix(codes, "")), "zh.place.admin.bare"))
    hits += _counties_after_parent(text, hits)
    hits += _short_names_of_named_counties(text, hits)
    return hits + _short_names_in_named_cities(text, hits)


def _short_names_of_named_counties(text: str, hits: list[PlaceHit]) -> list[PlaceHit]:
    """A county's short name (射洪) where the article names that county in full (射洪市)
    elsewhere: within the article the short name means that county."""
    gaz = gazetteer()
    covered = {i for h in hits for i in range(h.start, h.end)}
    counties = {h.candidates[0] for h in hits if len(h.candidates) == 1 and h.rule == "zh.place.admin"}
    out = []
    for code in sorted(c for c in counties if gaz.by_code[c].level == "county"):
        short = gaz.by_code[code].short_zh
        if len(short) < 2 or short == gaz.by_code[code].name_zh or short in _short_blocked():
            continue
        out += _short_name_hits(text, short, code, covered, "zh.place.admin.short_of_named")
    return out


def _short_name_hits(
    text: str, short: str, code: str, covered: set[int], rule: str,
    not_before: regex.Pattern[str] | None = None,
) -> list[PlaceHit]:
    """Where a county's short name stands alone: not inside another place, not followed by an
    admin suffix (射洪县 is a name of its own) nor by a word of `not_before` (嘉陵江)."""
    return [
        PlaceHit(m.start(), m.end(), short, (code,), rule)
        for m in _literal_regex(short).finditer(text)
        if m.start() not in covered and not _ADMIN_SUFFIX.match(text, m.end())
        and not (not_before and not_before.match(text, m.end()))
    ]


@lru_cache(maxsize=4096)  # regex.finditer(source) would rebuild its cache key on every call
def _literal_regex(phrase: str) -> regex.Pattern[str]:
    return regex.compile(regex.escape(phrase))


def _short_names_in_named_cities(text: str, hits: list[PlaceHit]) -> list[PlaceHit]:
    """A county's short name (宣威火腿产业园) where the article names the county's own city
    (曲靖): there it means that county, unless a river or street is named after it (嘉陵江)."""
    gaz, by_city = gazetteer(), _county_shorts_by_city()
    cities = {h.candidates[0] for h in hits if len(h.candidates) == 1
              and gaz.by_code[h.candidates[0]].level == "prefecture"}
    covered = {i for h in hits for i in range(h.start, h.end)}
    out, rule = [], "zh.place.admin.short_in_city"
    for short, code in (pair for city in sorted(cities) for pair in by_city.get(city, ())):
        out += _short_name_hits(text, short, code, covered, rule, _short_not_before())
    return out


@cache
def _county_shorts_by_city() -> dict[str, list[tuple[str, str]]]:
    """Per city, the short names of its counties (those not shared within the city or blocked)."""
    gaz, by_city = gazetteer(), {}
    for short, codes in _county_shorts().items():
        parents = [gaz.by_code[c].parent for c in codes]
        for code, parent in zip(codes, parents, strict=True):
            if parents.count(parent) == 1 and short not in _short_blocked() | _short_common():
                by_city.setdefault(parent, []).append((short, code))
    return by_city


@cache
def _zone_suffixes(lang: str) -> dict[str, Pattern]:
    return {p.pattern.lower(): p for p in load_patterns(lang).by_label("ZONE_SUFFIX")}


# Characters of the name the zone regex takes before its suffix: none in English (the
# words before it are judged one by one), two to four in Chinese.
_ZONE_NAME = {"en": (0, 0), "zh": (2, 4)}


@cache
def _zone_regex(lang: str) -> regex.Pattern[str]:
    suffixes = alternation(_zone_suffixes(lang))
    if lang == "en":
        return regex.compile(rf"(?<![\w-])(?P<suffix>{suffixes})(?![\w-])", regex.IGNORECASE)
    stops = "".join(regex.escape(s) for s in load_patterns(lang).phrases("ZONE_STOP") if len(s) == 1)
    fewest, most = _ZONE_NAME[lang]
    # no punctuation, nor a symbol (a table's | bar) inside a name
    return regex.compile(rf"[^{stops}\d\p{{P}}\p{{S}}\s]{{{fewest},{most}}}(?P<suffix>{suffixes})")


_HAN = regex.compile(r"\p{Han}")
_NOT_LATIN = regex.compile(r"[^a-z]")
# Searched backwards from the suffix ((?r)): the same match as a forward search, which
# would try every start in the window in turn, at a tenth of the cost.
_WORDS_BEFORE = regex.compile(r"(?r)(?:[A-Za-z][\w'’-]*\s+){1,4}$")
_ADMIN_SUFFIX = regex.compile(r"[县区市旗]")


@cache
def _zone_finder(lang: str) -> LiteralFinder:
    # English suffixes stand as words: (?<![\w-]) before them, (?![\w-]) after
    return LiteralFinder(_zone_regex(lang), _zone_suffixes(lang), _ZONE_NAME[lang], whole_words=lang == "en")


def find_zones(text: str, lang: str) -> list[PlaceHit]:
    """Development zones, parks, new areas and towns, as written."""
    hits = []
    finder = _zone_finder(lang)
    for m in finder.finditer(text, 0, len(text), finder.starts(text)):
        start = _en_start(text, m.start()) if lang == "en" else m.start() + _zh_cut(m.group())
        surface = text[start : m.end()].strip()
        if not surface or (start >= m.start("suffix") and not _proper_suffix(m.group("suffix"))):
            continue
        suffix = _zone_suffixes(lang)[m.group("suffix").lower()]
        not_before = suffix.get("not_before")
        if not_before and regex.match(str(not_before), text[m.end() : m.end() + 4]):
            continue  # 乡村: a word, no township
        town_after = _zone_suffixes(lang).get(text[m.end() : m.end() + 1])
        if town_after is not None and town_after.get("town") and (
                suffix.get("village") or (suffix.get("town") and text[m.end()] == m.group("suffix"))):
            # 姚村镇 is a town, not 姚村 + 镇; 壶镇镇 is the town 壶镇
            suffix, surface = town_after, surface + text[m.end()]
        kind = "village" if suffix.get("village") else "town" if suffix.get("town") else "zone"
        if kind == "town" and _town_not(lang).search(surface) and not _ends_with_town(surface):
            continue  # 文旅小镇, a tourism town: a kind of project, no town (平等乡 is one)
        if kind == "town" and lang == "zh":
            start, surface = _table_town_tail(start, surface)
        hits.append(PlaceHit(start, start + len(surface), surface, (), suffix.id, kind))
    return _with_stop_towns(text, hits) if lang == "zh" else hits


def _table_town_tail(start: int, surface: str) -> tuple[int, str]:
    """A town the town table lacks written with words before a name it has (改善枫桥镇 ->
    枫桥镇): the longest such name."""
    table = towns()
    if surface in table:
        return start, surface
    cut = next((i for i in range(1, max(1, len(surface) - 2)) if surface[i:] in table), 0)
    return start + cut, surface[cut:]


def _ends_with_town(surface: str) -> bool:
    """Whether the text ends with a name of the town table (区万全镇 with 万全镇)."""
    table = towns()
    return any(surface[i:] in table for i in range(max(0, len(surface) - 2)))


def _with_stop_towns(text: str, hits: list[PlaceHit]) -> list[PlaceHit]:
    """Add the towns whose names hold a stop letter (和桥镇, 太和镇, 于家庄镇), which the zone
    pattern cuts or misses, where the town table has them; each replaces a shorter hit
    ending where it ends (家庄镇)."""
    by_length, rule_of = _stop_towns()
    found: dict[int, PlaceHit] = {}
    for suffix, rule in rule_of.items():
        at = text.find(suffix)
        while at >= 0:
            end = at + len(suffix)
            name = next((text[end - n : end] for n in by_length if text[end - n : end] in by_length[n]), "")
            if name and not _town_not("zh").search(name[1:]):  # 和村镇 of 乡镇和村镇
                found[end] = PlaceHit(end - len(name), end, name, (), rule, "town")
            at = text.find(suffix, end)
    if not found:
        return hits
    kept = [h for h in hits if not (h.end in found and h.start > found[h.end].start)]
    return sorted(kept + list(found.values()), key=lambda h: h.start)


@cache
def _stop_towns() -> tuple[dict[int, frozenset[str]], dict[str, str]]:
    """The town table's names holding a one-letter ZONE_STOP before their suffix, by length
    (longest first), and the town suffixes with their rule ids."""
    stops = {s for s in load_patterns("zh").phrases("ZONE_STOP") if len(s) == 1}
    suffixes = {s: p for s, p in _zone_suffixes("zh").items() if p.get("town")}
    by_length: dict[int, set[str]] = {}
    for name in towns():
        suffix = next((s for s in suffixes if name.endswith(s)), "")
        if suffix and stops.intersection(name[: -len(suffix)]):
            by_length.setdefault(len(name), set()).add(name)
    ordered = {n: frozenset(by_length[n]) for n in sorted(by_length, reverse=True)}
    return ordered, {s: p.id for s, p in suffixes.items()}


@cache
def _town_not(lang: str) -> regex.Pattern[str]:
    return load_patterns(lang).any_of("TOWN_NOT", regex.IGNORECASE) or regex.compile(r"(?!)")


def _en_start(text: str, suffix_start: int) -> int:
    """Keep the proper words just before the suffix: capitalized (not The, In …) or pinyin."""
    before = _WORDS_BEFORE.search(text, max(0, suffix_start - 80), suffix_start)
    keep = suffix_start
    for word in reversed(list(_EN_WORD.finditer(text, before.start(), suffix_start)) if before else []):
        w = word.group()
        if w.lower() in _function_words() or not (w[0].isupper() or is_pinyin_word(w)):
            break
        keep = word.start()
    return keep


def _proper_suffix(suffix: str) -> bool:
    """A capitalized multi-word suffix names a zone on its own (`the Economic Development Zone`)."""
    return suffix[:1].isupper() and " " in suffix


@cache
def _function_words() -> frozenset[str]:
    return frozenset(p.lower() for p in load_patterns("en").phrases("NAME_STOP"))


@cache
def _zone_stops() -> tuple[str, ...]:
    return tuple(s for s in load_patterns("zh").phrases("ZONE_STOP") if len(s) > 1)


def _zh_cut(surface: str) -> int:
    """Characters to drop from the left: up to the last multi-character stop word."""
    cuts = [surface.rfind(s) + len(s) for s in _zone_stops() if s in surface]
    return max([0, *cuts])


def find_places(text: str, lang: str, sentences: Sequence[Sentence]) -> list[PlaceHit]:
    """All place hits of an article; both scripts are searched (MT text keeps stray Chinese)."""
    admin = find_admin_en(text) + find_admin_zh(text)
    inner = Barriers([(a.start + 1, a.end) for a in admin])
    zones = [z for z in find_zones(text, lang) if not _ends_inside(z, inner)]
    admin += _zone_prefixes_en(zones, admin)
    by_end = sorted(admin, key=lambda a: a.end)
    ends = [a.end for a in by_end]
    hits = admin + [_after_admin(zone, by_end, ends, text) for zone in zones]
    if lang == "zh":
        hits += _bare_towns_heading(text, admin, hits)
    # built directly: dataclasses.replace costs a field walk per hit
    located = [PlaceHit(h.start, h.end, h.text, h.candidates, h.rule, h.kind, sentence_at(sentences, h.start))
               for h in hits]
    return sorted(located, key=lambda h: (h.start, -h.end))


# a line's head: a bare name before a colon or in a brief's brackets (02⏎容桂：…, 【和桥】…)
_HEADING_NAME = regex.compile(
    r"(?m)^[ \t\u3000]*(?:\d{1,2}[.、，,\s]*)?(?:[【\[](\p{Han}{2,4})[】\]]|(\p{Han}{2,4})[：:])")


def _bare_towns_heading(text: str, admin: Sequence[PlaceHit], hits: Sequence[PlaceHit]) -> list[PlaceHit]:
    """A town's name without its suffix heading a line (容桂：智能工厂…, 【和桥】…), where the
    town table has it in a county or city the article names: a brief's or a post's section."""
    named = {code for hit in admin for code in hit.candidates}
    taken = {h.start for h in hits}
    table = towns()
    found = []
    for m in _HEADING_NAME.finditer(text):
        name, start = (m.group(1), m.start(1)) if m.group(1) else (m.group(2), m.start(2))
        if start in taken:
            continue
        parents = {code for suffix in _TOWN_SUFFIXES for code in table.get(name + suffix, ())}
        if parents & named:
            found.append(PlaceHit(start, start + len(name), name, (), "zh.place.town.bare_heading", "town"))
    return found


_TOWN_SUFFIXES = ("镇", "街道", "乡")


_FIRST_WORD = regex.compile(r"[A-Z][a-z']+")


def _zone_prefixes_en(zones: Sequence[PlaceHit], admin: Sequence[PlaceHit]) -> list[PlaceHit]:
    """The city or county an English zone is named after (`Wuhu Economic Development Zone`):
    its first word, also when a name that short would not count as a place on its own."""
    taken = {a.start for a in admin}
    hits = []
    for zone in zones:
        word = _FIRST_WORD.match(zone.text) if zone.kind == "zone" and zone.text.isascii() else None
        if word is None or zone.start in taken or word.end() == len(zone.text):
            continue
        codes = _by_suffix(_en_names()[1].get(word.group().lower(), []), "")
        if codes:
            hits.append(PlaceHit(zone.start, zone.start + word.end(), word.group(), tuple(codes),
                                 "en.place.admin.zone_prefix"))
    return hits


def _ends_inside(zone: PlaceHit, admin: Barriers) -> bool:
    """A town suffix inside an admin name is no town: 今年宁乡|市 (宁乡市); `admin`: the admin
    names' spans less their first character."""
    return admin.covers(zone.end)


def _after_admin(zone: PlaceHit, by_end: Sequence[PlaceHit], ends: Sequence[int], text: str) -> PlaceHit:
    """Align a Chinese zone or town with the admin name written before it: a town starts
    after its county (莒县东莞镇 -> 东莞镇), a zone starts with it (落户巨鹿县经济开发区 ->
    巨鹿县经济开发区, the zone's own name). `by_end`: the admin names by their ends (`ends`)."""
    if zone.text.isascii():
        return zone
    # the admin names ending inside the zone, before its suffix (they start before that end)
    overlapping = by_end[bisect_right(ends, zone.start) : bisect_left(ends, zone.end - 1)]
    if not overlapping:
        return zone
    town = zone.kind in ("town", "village")
    if not town:
        start = min(a.start for a in overlapping)
    else:  # after the last admin name that leaves the town a name (丹东街道 is no 丹东 + 街道)
        named = [a.end for a in overlapping if text[a.end : zone.end] not in _zone_suffixes("zh")]
        if not named:
            return zone
        start = max(named)
    return replace(zone, start=start, text=text[start : zone.end])


def resolve(hits: Sequence[PlaceHit]) -> dict[PlaceHit, str]:
    """Choose one unit per admin hit from the article's other places ("" = unresolved).

    A bare name outside every province the article names with certainty is dropped:
    such words are mostly people and roads.
    """
    gaz = gazetteer()
    admin = [h for h in hits if h.kind == "admin"]
    context = _context_codes(admin)
    provinces = {c for c in context if gaz.by_code[c].level == "province"}
    resolved = {}
    for hit in admin:
        choice = _best_fitting(list(hit.candidates), context)
        if not choice and hit.bare and provinces:
            resolved[hit] = ""
            continue
        choice = choice or list(hit.candidates)
        resolved[hit] = choice[0] if len(choice) == 1 else gaz.common_ancestor(choice)
    return resolved


def _best_fitting(candidates: list[str], context: set[str]) -> list[str]:
    """Candidates inside the most specific context unit (a city beats a province)."""
    gaz = gazetteer()

    def depth(code: str) -> int:
        return max((len(gaz.chain(a)) for a in gaz.ancestors(code) if a in context), default=0)

    best = max((depth(c) for c in candidates), default=0)
    return [c for c in candidates if best and depth(c) == best]


def _context_codes(hits: Sequence[PlaceHit]) -> set[str]:
    """Units named without ambiguity (a suffixed or a province name), with their ancestors."""
    gaz = gazetteer()
    codes: set[str] = set()
    for hit in hits:
        certain = not hit.bare or gaz.by_code[hit.candidates[0]].level == "province"
        if certain and len(hit.candidates) == 1:
            codes.update(gaz.ancestors(hit.candidates[0]))
    return codes


def home_place(
    hits: Sequence[PlaceHit], resolved: dict[PlaceHit, str], lead_end: int, headline_end: int = 0,
    about_projects: frozenset[int] = frozenset(),
) -> str:
    """The article's own place: the first unit its headline names, else the unit named most
    in the lead (else anywhere); a province narrows to the one city the article names inside
    it ("Zhejiang Daily" on Shaoxing), a city to the one county it names repeatedly, or names
    in a lead sentence about no project (`about_projects`: the sentences naming one) —
    开发区位于…科尔沁区."""
    gaz = gazetteer()
    named = [resolved[h] for h in hits if resolved.get(h)]
    headline = [resolved[h] for h in hits if h.start < headline_end and resolved.get(h)]
    lead = [resolved[h] for h in hits if h.start < lead_end and resolved.get(h)]
    pool = lead or named
    if not pool:
        return ""
    counts = Counter(pool)
    home = headline[0] if headline else _most_named(pool, counts)
    inside = Counter(_unit_below(home, c) for c in named if c != home and home in gaz.ancestors(c))
    in_lead = {_unit_below(home, resolved[h]) for h in hits if h.start < lead_end
               and h.sentence not in about_projects and resolved.get(h) and resolved[h] != home
               and home in gaz.ancestors(resolved[h])}
    city_ok = (gaz.by_code[home].level == "province" or min(inside.values(), default=0) >= HOME_REPEATS
               or set(inside) == in_lead)  # the one county, named in the lead (开发区位于…科尔沁区)
    if len(inside) == 1 and city_ok:
        return next(iter(inside))
    return _dominant(inside, in_lead) or home


def _dominant(inside: Counter[str], in_lead: set[str]) -> str:
    """The unit an article keeps coming back to: named in its lead and at least twice as
    often as any other inside its home (Dashiqiao four times, a district of its city once)."""
    ranked = inside.most_common(2)
    if len(ranked) < 2 or ranked[0][0] not in in_lead:
        return ""
    (top, count), (_, runner_up) = ranked
    return top if count >= HOME_REPEATS and count >= DOMINANT * runner_up else ""


DOMINANT = 2  # times as often as the next unit


def _unit_below(home: str, code: str) -> str:
    """The unit right below `home` on the way down to `code`."""
    gaz = gazetteer()
    return gaz.chain(code)[-len(gaz.chain(home)) - 1].adcode


HOME_REPEATS = 2  # a city narrows to its one county only when the article names it this often


def _most_named(pool: Sequence[str], counts: Counter[str]) -> str:
    """The unit named most, the deepest among equals (Liuzhou once, Liujiang District once:
    the district); when several units are deepest among equals (four districts named once
    each in a tour), the unit holding them all."""
    gaz = gazetteer()
    top = max(counts.values())
    tied = [c for c in dict.fromkeys(pool) if counts[c] == top]
    depth = max(len(gaz.chain(c)) for c in tied)
    deepest = [c for c in tied if len(gaz.chain(c)) == depth]
    if len(deepest) == 1:
        return deepest[0]
    return gaz.common_ancestor(deepest) or deepest[0]


def place_mentions(hits: Sequence[PlaceHit], resolved: dict[PlaceHit, str]) -> list[Mention]:
    """facts.csv rows for places: value is the adcode (empty for zones), unit the level."""
    gaz = gazetteer()
    out = []
    for hit in hits:
        code = resolved.get(hit, "")
        level = gaz.by_code[code].level if code else hit.kind
        out.append(Mention("place", code, hit.text, hit.start, hit.end, hit.rule, hit.sentence, unit=level))
    return out


def refine(code: str, home: str) -> str:
    """Prefer the article's own unit when it lies inside the one a project names."""
    if code and home and code in gazetteer().ancestors(home):
        return home
    return code or home


def admin_columns(code: str, lang: str, place: str = "") -> dict[str, str]:
    """province/city/county cells named in the article's language, and `location`:
    the pinyin keys of the place and its units, most specific first."""
    cells = {"province": "", "city": "", "county": "", "adcode": code, "location": ""}
    chain = gazetteer().chain(code)
    column = {"province": "province", "prefecture": "city", "county": "county"}
    for div in chain:
        cells[column[div.level]] = div.name_zh if lang == "zh" else div.english
    if chain and chain[-1].adcode[2:] == "0000" and not cells["city"] and cells["county"]:
        cells["city"] = cells["province"]  # districts of Beijing, Shanghai, Tianjin, Chongqing
    keys = [zone_key(place, lang)] if place else []
    cells["location"] = ", ".join(k for k in [*keys, *(k for d in chain for k in pinyin_keys(d))] if k)
    return cells


def zone_key(place: str, lang: str) -> str:
    """Pinyin key of a zone or town as written (`宋庄镇` -> songzhuang, `Xiting Town` -> xiting)."""
    if lang == "en" or not _HAN.search(place):
        core = _zone_suffix_at_end(lang)[0].sub("", place)
        return _NOT_LATIN.sub("", core.lower())
    core = _ethnic_at_end().sub("", _zone_suffix_at_end(lang)[1].sub("", place))
    core = place if len(core) == 1 else core  # 陈村 (a town's name written bare) is no 陈 + 村
    return pinyin_key(core) if core else ""


@cache
def _ethnic_at_end() -> regex.Pattern[str]:
    """Ethnic groups ending a town's name before the suffix: 芒宽彝族(傣族乡) is 芒宽 (the
    groups are those of the ethnic town suffixes, 傣族乡 -> 傣族)."""
    groups = {s[:-1] for s in _zone_suffixes("zh") if s.endswith("族乡") and s != "民族乡"}
    return regex.compile(rf"(?:{alternation(groups)})+$") if groups else regex.compile(r"(?!)")


@cache
def _zone_suffix_at_end(lang: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A zone suffix ending a name: written in Latin letters (any case), and as written."""
    suffixes = alternation(_zone_suffixes(lang))
    return regex.compile(rf"\s*(?i:{suffixes})$"), regex.compile(rf"{suffixes}$")
