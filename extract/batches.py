"""Batch statements: one row per batch, and a batch ceremony's day for its projects."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

import regex

from extract.dates import DateMention
from extract.link import DATE_COLUMNS, absorb, adds_to
from extract.milestones import trigger_fields
from extract.patterns import alternation, load_patterns
from extract.records import Mention, Project, Sentence
from extract.segment import opens_item


def merge_aggregates(records: dict[str, Project]) -> None:
    """One row per batch: a headline's "9 projects, 3.657 billion yuan" and the body's
    "项目9个，总投资36.57亿元" are the same statement (same count, no conflicting total)."""
    kept: dict[int | None, list[Project]] = {}
    for key in [k for k, r in records.items() if r.kind == "aggregate"]:
        record = records[key]
        same_count = kept.setdefault(record.project_count, [])
        twin = next((k for k in same_count if _same_batch(k, record)), None)
        if twin is None:
            same_count.append(record)
            continue
        absorb(records, key, twin.mentions[0].project_key)


BATCH_LEAD = 3  # sentences: a batch named in the headline/lead is the one the body repeats
BATCH_NEAR = 3  # sentences between two statements of one batch in the body


def _same_batch(a: Project, b: Project) -> bool:
    totals = {a.investment_cny, b.investment_cny} - {None}
    first, second = a.mentions[0].sentence_index, b.mentions[0].sentence_index
    close = min(first, second) < BATCH_LEAD or abs(first - second) <= BATCH_NEAR
    return a.project_count == b.project_count and len(totals) <= 1 and close


EVENT_REACH = 45  # sentences after a ceremony in which the projects of its batch are named


@cache
def _batch_markers(lang: str) -> regex.Pattern[str]:
    phrases = load_patterns(lang).phrases("BATCH_MARKER")
    return regex.compile(alternation(phrases, words=lang == "en"), regex.IGNORECASE)


def propagate_events(
    text: str, sentences: Sequence[Sentence], milestones: Sequence[Mention],
    dates: Sequence[DateMention], records: dict[str, Project], lang: str,
) -> list[Mention]:
    """A batch ceremony's day ("12 projects started together yesterday", 4月11日…集中签约)
    reaches every project the article names from that sentence on without such a date, or
    with a less precise one it refines (signed this year). Where batches of several kinds
    have days, a project takes those of the kinds told nearest before it (`_kinds_told`)."""
    batch = [stone for stone in milestones if _is_batch_event(text, sentences, stone, lang)]
    tallies = _tallies(text, sentences, records, lang)
    events = {kind: event for kind, event in _events(text, sentences, batch, dates).items()
              if event.sentence_index not in tallies}
    named = {m.sentence_index for r in records.values() if r.kind == "project"
             for m in r.mentions if m.field in ("project_name", "project_ref")}
    told = _KindsTold(text, sentences, lang, events, named)
    items = [s.index for s in sentences if opens_item(text, s)]
    derived = []
    for key, record in records.items():
        if record.kind != "project":
            continue
        first = record.mentions[0].sentence_index
        kinds = told.before(first)
        for name, event in ((n, e) for n, e in events.items() if n in kinds):
            since = event.sentence_index
            reached = 0 <= first - since <= EVENT_REACH and _same_item(items, since, first)
            if reached and adds_to(getattr(record, DATE_COLUMNS[name]), event.value) \
                    and _in_order(record, name, event.value):
                derived.append(replace(event, project_key=key))
                record.mentions.append(derived[-1])
                setattr(record, DATE_COLUMNS[name], event.value)
    return derived


def _same_item(items: Sequence[int], event: int, project: int) -> bool:
    """Whether no tagged item of a news brief (【紫阳】…) opens after the event's sentence and
    up to the project's: each item is a story of its own."""
    return bisect_right(items, project) == bisect_right(items, event)


def _tallies(text: str, sentences: Sequence[Sentence], records: dict[str, Project], lang: str) -> set[int]:
    """Sentences that count batches of two kinds or more ("签约项目45个…；投产项目39个"): a
    period's tally, whose day is no ceremony that the article's projects took part in."""
    whole = _whole_sentences(text, sentences)
    counted: dict[int, int] = {}
    for record in records.values():
        if record.kind == "aggregate":
            first = whole[record.mentions[0].sentence_index][0]
            counted[first] = counted.get(first, 0) + 1
    tallies = set()
    for first, n in counted.items():
        last = whole[first][1]
        if n >= 2 and len(trigger_fields(text, lang, sentences[first].start, sentences[last].end)) >= 2:
            tallies.update(range(first, last + 1))
    return tallies


def _whole_sentences(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """Per sentence, the first and last of the sentences joined to it by semicolons."""
    spans: list[tuple[int, int]] = []
    first = 0
    for k, sent in enumerate(sentences):
        if k == len(sentences) - 1 or text[sent.start : sent.end].rstrip()[-1:] not in _JOINING:
            spans += [(first, k)] * (k - first + 1)
            first = k + 1
    return spans


_JOINING = ";；"


_STAGES = tuple(DATE_COLUMNS)  # signing, start, completion, production: the order of a project's life


def _in_order(record: Project, kind: str, day: str) -> bool:
    """Whether a batch's day can be the project's: no later stage of its own came before it
    (a project that started in March was not signed at September's ceremony). A later stage
    in the event's month counts as before it, except a start on a signing's day or month; one
    in the event's year only is no telling."""
    for later in _STAGES[_STAGES.index(kind) + 1 :]:
        own = getattr(record, DATE_COLUMNS[later])
        if not own:
            continue
        common = min(len(own), len(day))
        same_month = own[:common] == day[:common] and common >= len("2024-09")
        if own[:common] < day[:common] or (same_month and later != "start"):
            return False
    return True


class _KindsTold:
    """Which batch kinds reach a project: those of the events before it when they are of one
    kind; else those whose triggers the nearest sentence before it holding any of them names,
    past sentences about projects (`named`), back to the first event: "The following are some
    of the projects that started construction:", "On the same day, 5 projects started
    centralized" after the signing."""

    def __init__(
        self, text: str, sentences: Sequence[Sentence], lang: str, events: dict[str, Mention],
        named: set[int],
    ) -> None:
        self._text, self._sentences, self._lang, self._named = text, sentences, lang, named
        self._events = events
        self._first = min((e.sentence_index for e in events.values()), default=0)
        self._cache: dict[int, set[str]] = {}
        self._side = {field for field, event in events.items() if self._aside(event.sentence_index)}

    def before(self, index: int) -> set[str]:
        kinds = {field for field, event in self._events.items() if event.sentence_index <= index}
        if len(kinds) < 2:
            return kinds
        for k in range(index - 1, max(self._first, index - EVENT_REACH) - 1, -1):
            told = self._at(k, kinds) if k not in self._named else set()
            if told:
                return told - self._side if len(told) > 1 else told
        return kinds - self._side

    def _at(self, index: int, kinds: set[str]) -> set[str]:
        if index not in self._cache:
            sent = self._sentences[index]
            fields = trigger_fields(self._text, self._lang, sent.start, sent.end)
            self._cache[index] = set() if self._aside(index) else fields
        return self._cache[index] & kinds

    def _aside(self, index: int) -> bool:
        """Whether the sentence tells a batch beside the main one (BATCH_SIDE): its kind
        reaches only the projects after a sentence telling that kind alone."""
        side, sent = _side_event(self._lang), self._sentences[index]
        return side is not None and side.search(self._text, sent.start, sent.end) is not None


@cache
def _side_event(lang: str) -> regex.Pattern[str] | None:
    """BATCH_SIDE: a batch of another kind told beside the main one ("6 projects also signed
    on the spot", 活动现场还签约项目6个): not what the projects named after it took part in."""
    return load_patterns(lang).any_of("BATCH_SIDE", regex.IGNORECASE)


def _events(
    text: str, sentences: Sequence[Sentence], batch: Sequence[Mention], dates: Sequence[DateMention]
) -> dict[str, Mention]:
    """The first dated batch event of each milestone, none where one sentence gives days to
    batches of two kinds ("14 projects were signed and 9 started"): which project had which
    is not said. A quarter's tally of both (一季度新签约…21个，新开工…15个) has no day."""
    starts = [d.start for d in dates]  # in text order
    dated = [(stone.field, event) for stone in batch
             if (event := _event_day(text, stone, dates, starts, sentences)) is not None]
    kinds: dict[int, set[str]] = {}
    for field, event in dated:
        kinds.setdefault(event.sentence_index, set()).add(field)
    if any(len(fields) > 1 for fields in kinds.values()):
        return {}
    events: dict[str, Mention] = {}
    for field, event in dated:
        events.setdefault(field, event)
    return events


def _event_day(
    text: str, stone: Mention, dates: Sequence[DateMention], starts: Sequence[int],
    sentences: Sequence[Sentence],
) -> Mention | None:
    """The ceremony's day: the milestone's own date, or the first full date of its sentence."""
    if len(stone.value) == len("2022-06-22"):
        return replace(stone, rule=f"batch_event+{stone.rule}", project_key="")
    sent = sentences[stone.sentence_index]
    inside = dates[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
    day = next((d for d in inside if len(d.value) == 10), None)
    if day is None:
        return None
    return replace(stone, value=day.value, text=text[day.start : day.end], start=day.start, end=day.end,
                   rule=f"batch_event+{stone.rule.split('+')[0]}+{day.rule}", project_key="")


def _is_batch_event(text: str, sentences: Sequence[Sentence], stone: Mention, lang: str) -> bool:
    if stone.project_key.startswith("aggregate:"):
        return True
    if stone.sentence_index < 0 or stone.project_key:
        return False
    sent = sentences[stone.sentence_index]
    return bool(_batch_markers(lang).search(text, sent.start, sent.end))
