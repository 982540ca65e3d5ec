"""Where each record is: a place named with it, else the article's own place."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from extract.gazetteer import gazetteer
from extract.link import span_gap
from extract.patterns import alternation, load_patterns
from extract.places import PlaceHit, admin_columns, refine
from extract.records import Mention, Project, Sentence
from extract.segment import opens_line, sentence_at


def attach_places(
    records: dict[str, Project], hits: Sequence[PlaceHit], resolved: dict[PlaceHit, str],
    home: str, lang: str, phases: Sequence[tuple[Project, Project]] = (),
    context: PlaceContext | None = None,
) -> None:
    """Fill the location cells from a place named with the record, else the article's own.

    A place written inside another project's name belongs to that project only, and
    outside the article's own province a place is taken for an investor's origin
    ("a Zhejiang company"), not the project's site. A record named without a place may take
    one from `context`: the main venue's, or the one its paragraph opens with.
    """
    local = _local(resolved, home)
    by_sentence: dict[int, list[PlaceHit]] = defaultdict(list)
    for hit in hits:
        by_sentence[hit.sentence].append(hit)
    firsts: dict[int, list[Mention]] = defaultdict(list)
    for record in records.values():
        firsts[record.mentions[0].sentence_index].append(record.mentions[0])
    for record in records.values():
        names = [m for m in record.mentions if m.field in ("project_name", "count", "project_ref")]
        here = {n.sentence_index: _own_hits(by_sentence[n.sentence_index], firsts[n.sentence_index], names[0])
                for n in names}
        code, zone = _record_place(names, here, local)
        if context is not None and names:
            code, zone = _context_place(names[0], here[names[0].sentence_index], (code, zone), context, local)
        for column, value in admin_columns(refine(code, home), lang, zone).items():
            setattr(record, column, value)
        record.place = zone
    _share_phase_places(phases, lang)


@dataclass(frozen=True)
class PlaceContext:
    """Where an article says its projects are beyond their own sentences."""

    topics: dict[int, list[PlaceHit]]  # sentence index -> the places its paragraph opens with
    venue: PlaceHit | None  # the main venue's place (龙岭镇主会场, the main venue in Jindu town)
    at_venue: frozenset[int]  # sentences naming the main venue (主会场项目, the project at the main venue)
    before: dict[int, list[PlaceHit]]  # sentence index -> the places of the one before it in its paragraph


def place_context(
    text: str, sentences: Sequence[Sentence], hits: Sequence[PlaceHit], lang: str,
    named: Collection[int] = (),
) -> PlaceContext:
    """The paragraph topics, the main venue and the places of each sentence before (`named`:
    the sentences naming a project, whose places are that project's) of an article."""
    marks = list(_venue_mark(lang).finditer(text))
    venue = next((h for m in marks for h in hits if h.kind != "zone" and _names_venue(text, h, m)), None)
    at_venue = frozenset(sentence_at(sentences, m.start()) for m in marks)
    return PlaceContext(paragraph_topics(text, sentences, hits, lang), venue, at_venue,
                        _places_before(text, sentences, hits, named))


def _places_before(
    text: str, sentences: Sequence[Sentence], hits: Sequence[PlaceHit], named: Collection[int]
) -> dict[int, list[PlaceHit]]:
    """Sentence index -> the places of the sentence before it, when both are in one paragraph
    and that one names no project ("…came to Liuqi Co., Ltd. in Liujiang District. The company
    has invested 1.2 billion yuan to build a … base")."""
    by_sentence: dict[int, list[PlaceHit]] = defaultdict(list)
    for hit in hits:
        by_sentence[hit.sentence].append(hit)
    return {s.index: by_sentence[s.index - 1] for s in sentences[1:]
            if s.index - 1 not in named and by_sentence[s.index - 1]
            and "\n" not in text[sentences[s.index - 1].end : s.start]}


def _names_venue(text: str, hit: PlaceHit, mark: regex.Match[str]) -> bool:
    """Whether the place is the venue's: right before the mark (龙岭镇主会场) or right after it
    (the main venue in Jindu town)."""
    return hit.end == mark.start() or _VENUE_LINK.fullmatch(text, mark.end(), hit.start) is not None


_VENUE_LINK = regex.compile(r"\s+(?:in|at|of)\s+(?:the\s+)?", regex.IGNORECASE)


@cache
def _venue_mark(lang: str) -> regex.Pattern[str]:
    return regex.compile(alternation(load_patterns(lang).phrases("VENUE_MARK")), regex.IGNORECASE)


def paragraph_topics(
    text: str, sentences: Sequence[Sentence], hits: Sequence[PlaceHit], lang: str
) -> dict[int, list[PlaceHit]]:
    """Sentence index -> the places its paragraph opens with (在唐江镇分会场，…; 茂兴镇是…;
    In Huilong town, …), else those of the section heading above it (第一站：仙槎桥镇;
    Wenxi County: magnesium industry extends the chain): the site of the projects the
    paragraph names without a place. A heading without a place ends its section."""
    opener, closer = _topic_marks(lang)
    heading_opener = _lead_in(lang, "TOPIC_HEADING")
    topics: dict[int, list[PlaceHit]] = {}
    current: list[PlaceHit] = []
    section: list[PlaceHit] = []
    by_sentence: dict[int, list[PlaceHit]] = {}
    for hit in hits:
        if hit.kind != "zone":
            by_sentence.setdefault(hit.sentence, []).append(hit)
    for sentence in sentences:
        if opens_line(text, sentence.start):  # a paragraph's first sentence
            own = by_sentence.get(sentence.index, [])
            if sentence.index and _is_heading(text, sentence):
                section = _heading_places(text, sentence, own, heading_opener)
            current = [h for h in own if opener.fullmatch(text, sentence.start, h.start) is not None
                       and closer.match(text, h.end) is not None]
            current += _apposed(text, current[-1], own) if current else []
            current = current or section
        topics[sentence.index] = current
    return topics


_HEADING_MAX = 60  # characters: a line this short without a full stop is a heading
_HEADING_STOP = regex.compile(r"[.。!！?？；;]\s*$")
_HEADING_PLACE_END = regex.compile(r"\s*(?:[:：\]】)）]|$)")


def _is_heading(text: str, sentence: Sentence) -> bool:
    """A line of its own, short and without a full stop (a section's title)."""
    line_end = text.find("\n", sentence.end)
    line_end = len(text) if line_end < 0 else line_end
    short = sentence.end - sentence.start <= _HEADING_MAX or text[sentence.start] in "[【"  # [Yongxing] …
    return (not text[sentence.end : line_end].strip() and short
            and _HEADING_STOP.search(text, sentence.start, sentence.end) is None)


def _heading_places(
    text: str, sentence: Sentence, own: Sequence[PlaceHit], opener: regex.Pattern[str]
) -> list[PlaceHit]:
    """The first places of a heading (after TOPIC_HEADING, 第一站：, or a park and its bracket)
    ended by a colon, a closing bracket or the line."""
    for first in (h for h in own if opener.fullmatch(text, sentence.start, h.start)):
        chain = [first, *_apposed(text, first, own)]
        if _HEADING_PLACE_END.match(text, chain[-1].end, sentence.end):
            return chain
    return []


@cache
def _lead_in(lang: str, label: str) -> regex.Pattern[str]:
    """What may come before a topic place (TOPIC_OPENER: 在, In, came to; TOPIC_HEADING:
    第一站：): the label's phrases and regex lines, or nothing."""
    lines = load_patterns(lang).by_label(label)
    phrases = alternation(p.pattern for p in lines if not p.get("regex"))
    before = "|".join([phrases, *(f"(?:{p.pattern})" for p in lines if p.get("regex"))])
    return regex.compile(rf"\s*(?:(?:{before})\s*)?", regex.IGNORECASE)


_APPOSED = regex.compile(r"\s*(?:,|，|of)?\s*")


def _apposed(text: str, first: PlaceHit, hits: Sequence[PlaceHit]) -> list[PlaceHit]:
    """The places written on from `first` (Zhongdu Town, Luzhai County; Jijie Town of Gejiu City)."""
    chain = [first]
    for hit in sorted(hits, key=lambda h: h.start):
        if hit.start >= chain[-1].end and _APPOSED.fullmatch(text, chain[-1].end, hit.start):
            chain.append(hit)
    return chain[1:]


@cache
def _topic_marks(lang: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """What may come before a paragraph's topic place (在, In) and what must follow it (，, 是)."""
    after = alternation(load_patterns(lang).phrases("TOPIC_CLOSER"))
    return _lead_in(lang, "TOPIC_OPENER"), regex.compile(rf"\s*{after}", regex.IGNORECASE)


def _context_place(
    name: Mention, own: Sequence[PlaceHit], found: tuple[str, str], context: PlaceContext,
    resolved: dict[PlaceHit, str],
) -> tuple[str, str]:
    """The main venue's place for a record named with the venue and no place of its own (a
    place said of it later does not count), else the place found, else its paragraph's topic."""
    venue = context.venue if name.sentence_index in context.at_venue else None
    if venue is not None and _sentence_place(name, own, resolved) == ("", ""):
        return _hits_place([venue], resolved)
    topic = _hits_place(context.topics.get(name.sentence_index, []), resolved)
    if found != ("", "") and not _narrows(topic, found):
        return found
    if topic != ("", ""):
        return topic
    return _hits_place(context.before.get(name.sentence_index, []), resolved)


def _narrows(inner: tuple[str, str], outer: tuple[str, str]) -> bool:
    """Whether a place lies inside a wider one and names no other town: the section's
    Chengdong District inside the Qinghai of a sentence's company name."""
    (code, town), (wide, wide_town) = inner, outer
    return bool(code and wide) and code != wide and wide in gazetteer().ancestors(code) and (
        not wide_town or wide_town == town)


def _hits_place(hits: Sequence[PlaceHit], resolved: dict[PlaceHit, str]) -> tuple[str, str]:
    admin = [h for h in hits if resolved.get(h)]
    towns = [h for h in hits if h.kind == "town"]
    return (resolved[admin[0]] if admin else ""), (towns[0].text if towns else "")


def _share_phase_places(phases: Sequence[tuple[Project, Project]], lang: str) -> None:
    """The phases of one project (`phase_pairs`) stand on one site: a phase placed only in a
    unit holding the other phase's place (the city of its county) is placed there too."""
    ancestors = gazetteer().ancestors
    for later, first in phases:
        wide, narrow = sorted((later, first), key=lambda r: len(ancestors(r.adcode)))
        if narrow.adcode != wide.adcode and (not wide.adcode or wide.adcode in ancestors(narrow.adcode)):
            for column, value in admin_columns(narrow.adcode, lang, wide.place).items():
                setattr(wide, column, value)


def _own_hits(hits: list[PlaceHit], others: list[Mention], own: Mention) -> list[PlaceHit]:
    """A sentence's places, less those inside another record's name."""
    return [h for h in hits if not any(
        o.start <= h.start < o.end and o is not own for o in others)]


def _local(resolved: dict[PlaceHit, str], home: str) -> dict[PlaceHit, str]:
    """Resolved places that can be a project's site in an article about `home`."""
    if not home:
        return resolved
    gaz = gazetteer()
    home_chain = gaz.ancestors(home)
    local = {}
    for hit, code in resolved.items():
        chain = gaz.ancestors(code) if code else []
        same_province = chain and chain[-1] == home_chain[-1] and (len(chain) > 1 or code in home_chain)
        # a county written out in full ("Baofeng County", 莘县) is a site, wherever it lies
        explicit = chain and gaz.by_code[code].level == "county" and not hit.bare
        if same_province or explicit:
            local[hit] = code
    return local


def _record_place(
    names: Sequence[Mention], hits: dict[int, list[PlaceHit]], resolved: dict[PlaceHit, str]
) -> tuple[str, str]:
    """The first of the record's mentions with a place in its sentence decides; a later one
    may only narrow it to a unit inside (the headline's Yibin, then "in xuzhou district"),
    or add a town in the same unit, or named alone (Gejiu in the name, then "in Jijie Town of
    Gejiu City"; 【颍上】X项目, then 位于八里河镇的X项目)."""
    code = zone = ""
    for name in names:
        found_code, found_zone = _sentence_place(name, hits[name.sentence_index], resolved)
        if not code:
            code, zone = found_code, zone or found_zone
            continue
        narrower = found_code != code and code in gazetteer().ancestors(found_code)
        if narrower:
            code = found_code
        if not zone and found_zone and (narrower or found_code in (code, "")):
            zone = found_zone
    return code, zone


NEAR = 30  # characters: places this close to a name are equally near; the deepest wins


def _sentence_place(
    name: Mention, hits: Sequence[PlaceHit], resolved: dict[PlaceHit, str]
) -> tuple[str, str]:
    """The admin unit and the zone or town written nearest to a name (`hits`: its sentence's)."""
    admin = [h for h in hits if resolved.get(h)]
    zones = [h for h in hits if h.kind == "town" or (
        h.kind == "zone" and not (name.start <= h.start < name.end))]
    depth = gazetteer().chain

    def rank(hit: PlaceHit) -> tuple[bool, bool, int, int]:
        gap = span_gap(hit, name)
        return (hit.bare, gap > NEAR, -len(depth(resolved[hit])), gap)

    best = min(admin, key=rank) if admin else None
    code = _apposed_inside(best, admin, resolved) if best else ""
    zone = min(zones, key=lambda h: span_gap(h, name)).text if zones else ""
    return code, zone


APPOSED_GAP = 25  # characters: "Songyuan, Northeast China's Jilin province"


def _apposed_inside(best: PlaceHit, admin: Sequence[PlaceHit], resolved: dict[PlaceHit, str]) -> str:
    """A bare name written just before the unit chosen, and lying inside it, is the place:
    "in Songyuan, Northeast China's Jilin province" is in Songyuan (a bare name is otherwise
    trusted less than one with its suffix)."""
    code = resolved[best]
    inside = [h for h in admin if h.end <= best.start and best.start - h.end <= APPOSED_GAP
              and code in gazetteer().ancestors(resolved[h])]
    return resolved[inside[-1]] if inside else code
