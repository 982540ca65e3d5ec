"""Company names: `... Co., Ltd.`, `... Group`, `…有限公司`, `…集团`, and known names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import regex

from extract.gazetteer import LEVELS, gazetteer
from extract.names import longest_spans
from extract.patterns import alternation, load_patterns
from extract.records import Mention, Sentence
from extract.segment import sentence_at
from extract.spans import Barriers

MAX_WORDS = 8
# a word of the name: no trailing dot and no line break after it ("Intro.\nHebei Xinda Co., Ltd.");
# a place in brackets is one (Zhongneng Blade (Jiuquan) Co., Ltd., … (Hong Kong) Co., Ltd.).
# Searched backwards ((?r)): the match a forward search finds (tests compare them), which
# would try every start in the 120-character window in turn, at a tenth of the cost.
_EN_WORD = regex.compile(
    r"(?r)([A-Z](?:[\w'’&.-]*[\w'’&-])?|\([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2}\)|and|of|&)[^\S\n]*$"
)
# leading words that are no part of the name, nor a phase's numeral (phase II of X Co., Ltd.)
_EN_LEADING = regex.compile(r"(?:(?:The|the|and|of|&|(?:[Pp]hase\s+)?(?:I|II|III|IV|V|VI)\s+of)\s+)+")
# A Chinese company name: Han characters, Latin letters, digits and brackets.
_ZH_BODY = regex.compile(r"[\p{Han}A-Za-z0-9（）()]{2,30}$")
_OPENING, _CLOSING = "（(", "）)"
_GLOSS_BEFORE = regex.compile(r"\s?[（(]\s?\Z")


@dataclass(frozen=True)
class CompanyRules:
    """Compiled company vocabulary of one language."""

    suffix: regex.Pattern[str]
    suffix_ids: dict[str, str]
    known: regex.Pattern[str]
    known_ids: dict[str, str]
    stops: tuple[str, ...]
    stop_except: tuple[str, ...]  # words whose letters are not stops (华为, 有色)
    brand_joiners: frozenset[str]  # stops that are a brand's own after a place and one character (山西沁和)
    stop_letters: frozenset[str]  # the one-letter stops (都, 和): a place name holding one is no stop
    generic_leads: frozenset[str]  # first words too common to stand for one company (China, 中国)
    anaphor: regex.Pattern[str]  # "the company", 该公司: a company named before
    anaphor_ids: dict[str, str]
    generic: regex.Pattern[str] | None  # a description, no name: 县城投公司, 县国资公司


@cache
def company_rules(lang: str) -> CompanyRules:
    """Compile the company patterns of a language once."""
    pats = load_patterns(lang)
    suffixes = pats.by_label("COMPANY_SUFFIX")
    known = pats.by_label("KNOWN_COMPANY")
    words = lang == "en"
    suffix_src = alternation([p.pattern for p in suffixes])
    return CompanyRules(
        suffix=regex.compile(suffix_src + (r"(?![\w])" if words else "")),
        suffix_ids={p.pattern: p.id for p in suffixes},
        known=regex.compile(alternation([p.pattern for p in known], words=words)),
        known_ids={p.pattern: p.id for p in known},
        stops=tuple(sorted(pats.phrases("NAME_STOP"), key=len, reverse=True)),
        stop_except=tuple(sorted(pats.phrases("COMPANY_STOP_EXCEPT"), key=len, reverse=True)),
        brand_joiners=frozenset(pats.phrases("COMPANY_BRAND_JOINER")),
        stop_letters=frozenset(s for s in pats.phrases("NAME_STOP") if len(s) == 1),
        generic_leads=frozenset(pats.phrases("GENERIC_COMPANY_LEAD")),
        anaphor=regex.compile(alternation(pats.phrases("COMPANY_ANAPHOR"), words=words)),
        anaphor_ids={p.pattern: p.id for p in pats.by_label("COMPANY_ANAPHOR")},
        generic=pats.any_of("COMPANY_GENERIC", end=r"\Z"),
    )


def find_companies(text: str, sentences: list[Sentence], lang: str) -> list[Mention]:
    """Company mentions (field company) in both scripts, longest match kept."""
    found = _suffixed_en(text) + _suffixed_zh(text) + _known(text, "en") + _known(text, "zh")
    generics = [g for g in (company_rules("zh").generic, company_rules("en").generic) if g is not None]
    found = [m for m in found if not any(g.match(m.value) for g in generics)]
    found = _without_glosses(text, found)
    for m in found:
        m.sentence_index = sentence_at(sentences, m.start)
    return longest_spans(found)


def other_party(text: str, company: Mention) -> bool:
    """Whether a field or phrase right before the name gives the company another part than
    the project's own (环境影响评价机构：, 施工单位：, Contractor:): it is not the investor."""
    role = _other_role()
    lo = max(0, company.start - _ROLE_REACH)
    return role is not None and role.search(text, lo, company.start) is not None


_ROLE_REACH = 30  # characters: a field label or a short phrase


@cache
def _other_role() -> regex.Pattern[str] | None:
    lines = [p for lang in ("zh", "en") for p in load_patterns(lang).by_label("COMPANY_OTHER_ROLE")]
    if not lines:
        return None
    return regex.compile("(?:" + "|".join(f"(?:{p.pattern})" for p in lines) + r")\s*\Z", regex.IGNORECASE)


def _without_glosses(text: str, found: list[Mention]) -> list[Mention]:
    """Drop a name in brackets right after another company's name: the same company in the
    other script (Baoshan Ruikang Coffee Co., Ltd. (保山瑞康咖啡有限公司))."""
    ends = {m.end for m in found}
    return [m for m in found if not _is_gloss(text, m.start, ends)]


def _is_gloss(text: str, start: int, ends: set[int]) -> bool:
    """Whether an opening bracket stands right before `start`, and a company ends right
    before the bracket."""
    bracket = _GLOSS_BEFORE.search(text, max(0, start - _GLOSS_GAP), start)
    return bracket is not None and bool(ends & set(range(bracket.start() - 1, bracket.start() + 1)))


_GLOSS_GAP = 4  # characters: a space, the bracket, a space


def find_company_anaphors(
    text: str, sentences: list[Sentence], lang: str, companies: Sequence[Mention]
) -> list[Mention]:
    """Words that refer back to a company ("the company", 该公司), outside company names."""
    rules = company_rules(lang)
    inside = Barriers([(c.start, c.end) for c in companies])
    return [
        Mention("company_ref", "", m.group(), m.start(), m.end(), rules.anaphor_ids[m.group()],
                sentence_at(sentences, m.start()))
        for m in rules.anaphor.finditer(text)
        if not inside.covers(m.start())
    ]


def _suffixed_en(text: str) -> list[Mention]:
    rules = company_rules("en")
    out = []
    found = list(rules.suffix.finditer(text))
    for k, m in enumerate(found):
        start = _en_name_start(text, m.start(), _previous_company_end(text, found, k))
        if start is None:
            continue
        surface = text[start : m.end()]
        out.append(Mention("company", surface, surface, start, m.end(), rules.suffix_ids[m.group()]))
    return out


def _previous_company_end(text: str, suffixes: list[regex.Match[str]], k: int) -> int:
    """Where the legal form of the company before suffix k ends: a name does not reach back over
    it (Siemens AG and Nidec K.K.); suffix words in a row (Group Co Ltd) are one name's."""
    start = suffixes[k].start()
    for j in range(k - 1, -1, -1):
        before = suffixes[j]
        if text[before.end() : start].strip(" ,"):
            return before.end()
        start = before.start()
    return 0


def _other_party_before(start: int, end: int, text: str) -> int | None:
    """Where a company's name begins after another party's name and `and` within the words
    taken for it (COMPANY_PARTY_END: Town, County, Committee …), else None."""
    party = _party_and()
    ends = [m.end() for m in party.finditer(text, start, end)] if party is not None else []
    return ends[-1] if ends else None


@cache
def _party_and() -> regex.Pattern[str] | None:
    words = load_patterns("en").phrases("COMPANY_PARTY_END")
    return regex.compile(rf"\b(?:{alternation(words)})\s+and\s+") if words else None


def _en_name_start(text: str, end: int, floor: int = 0) -> int | None:
    """Walk left over capitalized words (and `and`/`of` between them), not before `floor`."""
    start, words = end, 0
    window = text[max(0, end - 120, floor) : end]
    offset = end - len(window)
    while words < MAX_WORDS:
        m = _EN_WORD.search(window[: start - offset])
        if not m:
            break
        start, words = offset + m.start(), words + 1
    lead = _EN_LEADING.match(text, start, end)
    if lead:
        start = lead.end()
    party = _other_party_before(start, end, text)
    if party is not None:  # Dianshanhu Town and Jiangsu Huxi … Co., Ltd.: two parties
        start = party
    name = text[start:end]
    return start if _CAPITAL.search(name) and len(name.strip()) > 1 else None


def _suffixed_zh(text: str) -> list[Mention]:
    rules = company_rules("zh")
    out = []
    for m in rules.suffix.finditer(text):
        start = _zh_name_start(text, m.start(), rules)
        if start is None:
            continue
        surface = text[start : m.end()]
        out.append(Mention("company", surface, surface, start, m.end(), rules.suffix_ids[m.group()]))
    return out


def _zh_name_start(text: str, end: int, rules: CompanyRules) -> int | None:
    """The start of the name before a suffix: after the nearest stop word, ≥2 characters."""
    body = _ZH_BODY.search(text[max(0, end - 30) : end])
    if not body:
        return None
    start = end - len(body.group())
    chunk = _mask_brand_joiners(_mask(text[start:end], rules.stop_except), rules.brand_joiners)
    chunk = _mask_places(chunk, rules.stop_letters)
    if chunk in rules.stops:
        return None  # 去年集团销售收入: a stop word alone before the suffix names no company
    cut = max((chunk.rfind(s) + len(s) for s in rules.stops if s in chunk[:-1]), default=0)
    start += cut
    start = _after_open_bracket(text, start, end)
    return start if end - start >= 2 else None


def _after_open_bracket(text: str, start: int, end: int) -> int:
    """After a bracket left open before the suffix: 业主（保山瑞康咖啡有限公司） starts at 保;
    福建恒达（中国）有限公司 keeps its closed bracket."""
    opened = max(text.rfind(c, start, end) for c in _OPENING)
    closed = max(text.rfind(c, start, end) for c in _CLOSING)
    return opened + 1 if opened > closed else start


def _mask_brand_joiners(chunk: str, joiners: frozenset[str]) -> str:
    """The chunk with a joiner blanked out where a place and one character come before it:
    山西沁和燃气储运 is one brand (沁和), where 项目和山西… joins two phrases."""
    for at, char in enumerate(chunk):
        if char in joiners and at >= 3 and any(
            chunk[max(0, at - 1 - n) : at - 1] in gazetteer().by_zh for n in _PLACE_CHARS
        ):
            chunk = chunk[:at] + "\0" + chunk[at + 1 :]
    return chunk


_PLACE_CHARS = (2, 3)  # a province's or city's short name: 山西, 晋城, 黑龙江


def _mask_places(chunk: str, letters: frozenset[str]) -> str:
    """The chunk with place names that hold a one-letter stop blanked out: 都匀 of
    都匀经开区产业投资发展有限公司 (都 is a stop: 项目都已开工)."""
    if not any(c in letters for c in chunk):
        return chunk
    places = gazetteer().by_zh
    for at in range(len(chunk)):
        for n in _PLACE_CHARS:
            word = chunk[at : at + n]
            if len(word) == n and word in places and any(c in letters for c in word):
                chunk = chunk[:at] + "\0" * n + chunk[at + n :]
                break
    return chunk


def _mask(chunk: str, words: tuple[str, ...]) -> str:
    """The chunk with these words blanked out (same length), so no stop is found inside them."""
    for word in words:
        if word in chunk:
            chunk = chunk.replace(word, "\0" * len(word))
    return chunk


def drop_place_before(
    companies: Sequence[Mention], places: Sequence[tuple[int, int, str]]
) -> list[Mention]:
    """Companies without the project's place written before their own one.

    A company's name opens with its home, largest unit first (山西省长治市…有限公司);
    a county followed by a province (沾益区云南沾源新材料有限公司, Xiangyuan County
    Shanxi Lufeng Co., Ltd.) is the project's place, then the company. `places` are
    (start, end, code) of the places found with a suffix or resolved.
    """
    at = {start: (end, code) for start, end, code in places}
    return [_after_place(m, at) for m in companies]


def _after_place(company: Mention, places: dict[int, tuple[int, str]]) -> Mention:
    first = places.get(company.start)
    if first is None:
        return company
    first_end, first_code = first
    rest = company.text[first_end - company.start :]
    start = first_end + len(rest) - len(rest.lstrip())
    second = places.get(start)
    if second is None or second[0] >= company.end or _rank(second[1]) >= _rank(first_code):
        return company
    surface = company.text[start - company.start :]
    return replace(company, value=surface, text=surface, start=start)


_EN_BRAND = regex.compile(r"[A-Z][A-Za-z]{2,}\b")
_ZH_BRAND = regex.compile(r"\p{Han}{2}")
_EN_WORD_START = regex.compile(r"[A-Za-z]+\b")
BRAND_REPEATS_UNTITLED = 5  # the brand alone in a body that much: the article is about the company
BRAND_REPEATS = 2  # times the body names the brand of the company an article is about


def subject_company(
    text: str, headline_end: int, companies: Sequence[Mention]
) -> tuple[Mention, str] | None:
    """The company an article is about, with its brand: the one company whose brand (its
    first word after its home place) the headline names and the body repeats ("Haixin Group
    three projects in gulei…" over "Fujian Haixin Petrochemical Group Co., Ltd."), or whose brand
    the body alone repeats often (an enterprise visit: "Haiyue was established…", "Haiyue is
    also laying out…")."""
    headline, body = text[:headline_end], text[headline_end:]
    by_brand: dict[str, list[Mention]] = {}
    for company in companies:
        if brand := company_brand(company.value):
            by_brand.setdefault(brand, []).append(company)
    subjects = [(brand, named) for brand, named in by_brand.items()
                if _is_subject(brand, headline, body) and not _names_place(brand, text)]
    if len(subjects) != 1:
        return None
    brand, named = subjects[0]
    if _occurrences(headline, brand):
        return max(named, key=lambda c: (len(c.value), -c.start)), brand
    return named[0], brand  # an enterprise visit names its subject first, then its subsidiaries


_PLACE_AFTER = regex.compile(
    r"镇|乡(?!村)|街道|县(?!城)|市(?!场)|区(?!域)|\s+(?:Town|Township|County|District)\b")


def _names_place(brand: str, text: str) -> bool:
    """Whether the article writes the brand as a place too (次坞 of 诸暨市次坞食品有限公司 and
    次坞镇): its repeats are the town's."""
    at = text.find(brand)
    while at >= 0:
        if _PLACE_AFTER.match(text, at + len(brand), at + len(brand) + 10):
            return True
        at = text.find(brand, at + 1)
    return False


def _is_subject(brand: str, headline: str, body: str) -> bool:
    """Whether the body repeats a brand often, or at all and the headline names it too."""
    repeats = _occurrences(body, brand)
    if repeats >= BRAND_REPEATS_UNTITLED:
        return True
    return repeats >= BRAND_REPEATS and _occurrences(headline, brand) > 0


def company_brand(name: str) -> str:
    """The first word of a company's name after the places it opens with (宁夏|云杉数据…)."""
    while place := _leading_place(name):
        name = name[len(place) :].lstrip()
    han = _ZH_BRAND.match(name)
    found = han or _EN_BRAND.match(name)
    if found is None or found.group() in company_rules("zh" if han else "en").generic_leads:
        return ""
    return found.group()


def _leading_place(name: str) -> str:
    gaz = gazetteer()
    word = _EN_WORD_START.match(name)
    if word:
        return word.group() if word.group().lower() in gaz.by_en else ""
    return next((name[:n] for n in range(min(len(name), 9), 1, -1) if name[:n] in gaz.by_zh), "")


def _occurrences(text: str, brand: str) -> int:
    """How often `brand` is written as itself (a whole word, for a Latin brand). Plain string
    search: a compiled pattern per brand cost more than the search, each article naming new ones."""
    if not brand.isascii():
        return text.count(brand)
    count, at = 0, text.find(brand)
    while at >= 0:
        after = text[at + len(brand) : at + len(brand) + 1]
        if not (at and _is_latin(text[at - 1])) and not (after.isascii() and after.islower()):
            count += 1
            at = text.find(brand, at + len(brand))
        else:
            at = text.find(brand, at + 1)
    return count


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _rank(code: str) -> int:
    """0 for a province, 1 for a prefecture, 2 for a county."""
    return LEVELS.index(gazetteer().by_code[code].level)


def _known(text: str, lang: str) -> list[Mention]:
    rules = company_rules(lang)
    return [
        Mention("company", m.group(), m.group(), m.start(), m.end(), rules.known_ids[m.group()])
        for m in rules.known.finditer(text)
    ]


# The first words of an English project name that name its builder: a brand written in
# capitals ("TBEa electrician … park", "SMIC Shaoxing …") or capitalized words right before
# a place ("Central South Hi -Tech Jinzhong Industrial Park project").
_LEADING_CAPS = regex.compile(r"(?:[A-Z][\w-]*|-[A-Z][\w]*)(?:\s+(?:[A-Z][\w-]*|-[A-Z]\w*|·))*")
# two capitals or more: an acronym (CATL, SMIC) or a mixed-case word (LinkedIn); a long word in
# capitals is a headline's (A BIOPHARMACEUTICAL PRODUCTION BASE), no brand
_BRAND = regex.compile(r"^(?=\w*[A-Z]\w*[A-Z])(?:[A-Z]{3,6}|[A-Z][A-Za-z]*[a-z][A-Za-z]*)$")
_CAPITAL = regex.compile(r"[A-Z]")


@cache
def _not_brands() -> frozenset[str]:
    return frozenset(p.lower() for p in load_patterns("en").phrases("NOT_A_BRAND"))


def find_name_brands(
    text: str, names: list[Mention], places: list[tuple[int, int]]
) -> list[Mention]:
    """Company mentions found at the start of English project names."""
    not_brands = _not_brands()
    found = []
    spots = Barriers(places)
    for name in names:
        lead = _LEADING_CAPS.match(text, name.start, name.end)
        if lead is None or spots.covers(name.start):
            continue
        words = lead.group().split()
        place_at = spots.first_start_between(lead.start(), lead.end())
        if place_at is not None and len(text[lead.start() : place_at].split()) >= 2:
            end = lead.start() + len(text[lead.start() : place_at].rstrip(" ·"))
        elif _BRAND.match(words[0]) and words[0].lower() not in not_brands:
            end = lead.start() + len(words[0])
        else:
            continue
        if end - lead.start() >= 2:
            surface = text[lead.start() : end]
            found.append(Mention("company", surface, surface, lead.start(), end,
                                 "en.company.name_prefix", name.sentence_index))
    return found
