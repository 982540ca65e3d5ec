"""A project's parts are no projects: "The project will build a cathode material production
line", "…项目，将建设正极材料生产线及配套研发中心", and what a record's content field lists
(NAMELESS_FIELD: 建设内容：新建…生产线), or its site field (Location: Jinshawan Industrial Park).

A name right after a PART_VERB (build, 建设…), in a sentence whose subject is a project (a
project name or reference before the verb, or an opening "It"), names what that project
builds. Such names are dropped, so that "The project …" in the next sentence still means the
project, not its part.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

import regex

from extract.patterns import alternation, load_patterns
from extract.records import Mention, Sentence
from extract.segment import mentions_by_sentence

# between the verb and the name: an article, a count or a count with its classifier, or the
# power before a storage plant's energy (配套建设25万千瓦/100万千瓦时储能电站)
# or the first items of a list of what is built (will build X workshop, Y market and a Z museum)
_EN_FILLER = (r"(?:\s+[^,.;:!?\n]{1,40}?(?:,|\s+and\b)){0,5}?"
              r"(?:\s+(?:an?|the|one|two|three|four|five|six|eight|ten|several|[\d,]+))?\s+")
# or the first items of a list of what is built, or a modifier ending in 的 (赤藓糖醇、阿洛酮糖生产线;
# 电池、电机、电控等…生产线; 年处理鲜果5万吨的…生产线)
_ZH_FILLER = (r"(?:[^，。；：,;:]{1,24}?(?:、|及|和|等|的))?"
              r"(?:[\d一二两三四五六七八九十]+[条个座栋套]|[\d.]+万?(?:千瓦|兆瓦|吉瓦)[/／])?")
_SUBJECT_IT = regex.compile(r"[\s\"“]*It\s")
_PARAGRAPH_BREAK = regex.compile(r"\n[ \t\u3000]*\n")  # a blank line: a title's field lines run to one


@cache
def _part_verb(lang: str) -> regex.Pattern[str]:
    verbs = alternation(load_patterns(lang).phrases("PART_VERB"), words=lang == "en")
    filler = _EN_FILLER if lang == "en" else _ZH_FILLER
    return regex.compile(rf"{verbs}{filler}$", regex.IGNORECASE | regex.REVERSE)


def drop_parts(
    text: str, sentences: Sequence[Sentence], names: list[Mention], refs: Sequence[Mention], lang: str
) -> list[Mention]:
    """The names that are not the object of a project's build verb, nor written in a
    record's content or site field (建设内容：新建…生产线; Location: Jinshawan Industrial Park)."""
    subjects = _Subjects([*names, *refs])
    return [name for name in names if not _in_nameless_field(text, sentences, name, lang)
            and not _is_part(text, sentences, name, subjects, lang)]


class _Subjects:
    """The names and references that may be a build verb's subject, by sentence and by end."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.by_sentence = mentions_by_sentence(mentions)
        self.ends = sorted(m.end for m in mentions)

    def last_end_before(self, offset: int) -> int | None:
        """The end of the nearest one ending at or before `offset`."""
        k = bisect_right(self.ends, offset)
        return self.ends[k - 1] if k else None


@cache
def _nameless_field(lang: str) -> regex.Pattern[str] | None:
    return load_patterns(lang).any_of("NAMELESS_FIELD", regex.IGNORECASE)


def _in_nameless_field(text: str, sentences: Sequence[Sentence], name: Mention, lang: str) -> bool:
    field = _nameless_field(lang)
    if field is None or name.sentence_index < 0:
        return False
    sentence = sentences[name.sentence_index]
    return field.match(text, sentence.start, name.start) is not None


def _is_part(
    text: str, sentences: Sequence[Sentence], name: Mention, subjects: _Subjects, lang: str
) -> bool:
    if name.sentence_index < 0:
        return False
    sentence = sentences[name.sentence_index]
    verb = _part_verb(lang).search(text, sentence.start, name.start)
    if verb is None:
        return False
    before_verb = any(s.end <= verb.start() for s in subjects.by_sentence.get(name.sentence_index, ()))
    if before_verb or (lang == "en" and _SUBJECT_IT.match(text, sentence.start, verb.start())):
        return True
    # "（一）X项目。位于…，由…投资建设，主要建设Y生产线": a verb opening a clause, in a paragraph
    # led by a project (or in the field lines under a title: 二、X项目⏎项目概况：…主要建设Y生产线),
    # has that project for its subject
    opens_clause = (not text[sentence.start : verb.start()].strip()
                    or _ZH_CLAUSE_OPEN.search(text, sentence.start, verb.start()) is not None)
    # the nearest subject before the verb is in its paragraph if any is
    last = subjects.last_end_before(verb.start())
    return lang == "zh" and opens_clause and last is not None and (
        _PARAGRAPH_BREAK.search(text, last, verb.start()) is None)


_ZH_CLAUSE_OPEN = regex.compile(r"[，；：。,;:]\s*$")


def possessed_parts(
    text: str, sentences: Sequence[Sentence], names: list[Mention], lang: str
) -> tuple[list[Mention], list[Mention]]:
    """(names, references): a part a sentence opens with, owned by the project just told
    (POSSESSED_PART: "Its first phase production line already put into trial production"),
    is that project spoken of again, and its dates are the project's."""
    owned = _possessed(lang)
    if owned is None:
        return names, []
    kept: list[Mention] = []
    refs: list[Mention] = []
    for name in names:
        start = sentences[name.sentence_index].start if name.sentence_index >= 0 else name.start
        found = owned.match(text, start, name.end)
        if found is not None and found.end() == name.end:
            refs.append(replace(name, field="project_ref"))
        else:
            kept.append(name)
    return kept, refs


@cache
def _possessed(lang: str) -> regex.Pattern[str] | None:
    return load_patterns(lang).any_of("POSSESSED_PART", regex.IGNORECASE)

