"""Where each record is: a place named with it, else the article's own place."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import cache

import regex

from extract.gazetteer import gazetteer
from extract.link import span_gap
from extract.patterns import load_patterns
from extract.places import PlaceHit, admin_columns, refine
from extract.records import Mention, Project, Sentence


def attach_places(
    records: dict[str, Project], hits: Sequence[PlaceHit], resolved: dict[PlaceHit, str],
    home: str, lang: str, phases: Sequence[tuple[Project, Project]] = (),
    topics: dict[int, list[PlaceHit]] | None = None,
) -> None:
    """Fill the location cells from a place named with the record, else the article's own.

    A place written inside another project's name belongs to that project only, and
    outside the article's own province a place is taken for an investor's origin
    ("a Zhejiang company"), not the project's site. `topics` (`paragraph_topics`): the place
    a paragraph opens with, for the records of its sentences named without one.
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
        if not code and not zone and topics:
            code, zone = _topic_place(names, topics, local)
        for column, value in admin_columns(refine(code, home), lang, zone).items():
            setattr(record, column, value)
        record.place = zone
    _share_phase_places(phases, lang)


def paragraph_topics(
    text: str, sentences: Sequence[Sentence], hits: Sequence[PlaceHit], lang: str
) -> dict[int, list[PlaceHit]]:
    """Sentence index -> the places its paragraph opens with (在唐江镇分会场，…; 茂兴镇是…;
    In Huilong town, …): the site of the projects the paragraph names without a place."""
    opener = _topic_opener(lang)
    topics: dict[int, list[PlaceHit]] = {}
    current: list[PlaceHit] = []
    for sentence in sentences:
        begins = text.rfind("\n", 0, sentence.start) + 1
        if not text[begins : sentence.start].strip():  # a paragraph's first sentence
            current = [h for h in hits if h.sentence == sentence.index and h.kind != "zone"
                       and opener.fullmatch(text, sentence.start, h.start) is not None]
        topics[sentence.index] = current
    return topics


@cache
def _topic_opener(lang: str) -> regex.Pattern[str]:
    phrases = load_patterns(lang).phrases("TOPIC_OPENER")
    return regex.compile(r"\s*(?:(?:" + "|".join(map(regex.escape, phrases)) + r")\s*)?", regex.IGNORECASE)


def _topic_place(
    names: Sequence[Mention], topics: dict[int, list[PlaceHit]], resolved: dict[PlaceHit, str]
) -> tuple[str, str]:
    """The place the paragraph of the record's first mention opens with."""
    hits = topics.get(names[0].sentence_index, []) if names else []
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
    may only narrow it to a unit inside (the headline's Yibin, then "in xuzhou district")."""
    code = zone = ""
    for name in names:
        found_code, found_zone = _sentence_place(name, hits[name.sentence_index], resolved)
        if not code:
            code, zone = found_code, zone or found_zone
        elif found_code != code and code in gazetteer().ancestors(found_code):
            code = found_code
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

    code = resolved[min(admin, key=rank)] if admin else ""
    zone = min(zones, key=lambda h: span_gap(h, name)).text if zones else ""
    return code, zone
