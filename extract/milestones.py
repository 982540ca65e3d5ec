"""Type the dates of a sentence as project milestones: signing, start, completion, production.

Trigger words, plan/actual markers, negations, clause and sentence breaks are data:
`patterns/<lang>/milestones.jsonl` (labels MS_*). The logic here:
- triggers are matched leftmost-longest, so a compound (`completed for trial production`,
  建成投产) is one production trigger; triggers overlapping an MS_NOT span (开工率,
  `completed an investment of`) or right after a negation (尚未, `not yet`) are dropped.
- each trigger takes one date of its own clause: English prefers the nearest date after the
  trigger (`started in March`), then a clause-initial date before it (`In March construction
  started`); Chinese prefers the nearest date before it (`3月开工`), then after it. A date
  behind another trigger is not taken unless the two triggers are coordinated (签约并开工).
  Failing that, the trigger takes the date opening an earlier trigger-less clause of the
  same sentence (`On June 22, ... started ...`). No date, no milestone.
- an own date that labels the projects of a batch event rather than the event
  (MS_ATTRIBUTIVE right after it: `12月28日，全市第四季度重大项目集中开工活动举行`, `On June
  22, the 2022 second batch of key projects started`) gives way to the date opening an
  earlier clause when that date is at least as precise.
- a date that opens a range (MS_RANGE_SEP between it and the next date: `1-5月`, `from
  January to May`) stands for the range's end: what is reported held by then.
- English `and in October it was completed`: a conjunction and preposition right before a
  date (MS_CLAUSE_OPENER) open a new clause, so the date is that clause's, not the trigger's
  before it (`construction started and in October it was completed`).
- a construction period (MS_PERIOD: 建设年限：2023—2025年, 计划工期：2025年3月至2026年12月)
  states a start in its first year (month) and a completion in its last.
- a trigger still without a date in a report section headed with a year (MS_SECTION_YEAR:
  一、2022年工作回顾) takes that year.
- a trigger left without a date in a sentence opening with MS_EVENT_REF (`At the fair, 9
  projects were signed`, 签约仪式上) takes the day of the event told up to 3 sentences before,
  in the same paragraph.
- planned: a trigger that carries it (`construction will start`), else the marker nearest
  before the trigger in its clause (will/计划 -> True, was/已 -> False), else a past-tense
  trigger -> False, else the marker of the trigger clauses just before (计划9月底封顶，
  年底竣工), else the first marker after the trigger (up to its date, or the clause end
  when the date came first: `the signing ceremony was held`), else None.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import NamedTuple, TypeVar

import regex

from extract.dates import REVIEW_MONTHS, DateMention, find_dates, section_years
from extract.patterns import Pattern, PatternSet, alternation, load_patterns
from extract.prescan import Group
from extract.prescan import spots as prescan_spots
from extract.segment import LEAD_TAG
from extract.starts import matches

# The milestones of a project. A trigger of another field (topping, 封顶) still holds its own
# date, so that the next trigger does not take it, and is then dropped.
MILESTONE_FIELDS = ("signing", "start", "completion", "production")
_NEGATION_WINDOW = 24  # characters before a trigger searched for a negation
_INITIAL_WORDS = {"en": 4, "zh": 3}  # words (en) / characters (zh) allowed before an opening date
_LOOKBACK = 12  # earlier clauses searched for an opening date or a shared marker
_MAX_BETWEEN = 4  # coordinated triggers a date may reach across (签约、开工、投产)
_WORD_REACH = 20  # characters before a range searched for the word it needs (between)
_OPENER_REACH = 40  # characters before a date searched for a clause opener (`and in`)
_T = TypeVar("_T")
_EVENT_BACK = 3  # sentences before an event reference searched for the event's day in its paragraph
_EVENT_LOOKBACK = 12  # sentences searched for one naming the event (the conference) with a day
_PREFIX_CHARS = 16  # of the prefixes that say where the regexes can begin (prescan)


@dataclass(frozen=True)
class Milestone:
    """A dated milestone of a project, with the trigger phrase that typed it."""

    field: str
    date: DateMention
    planned: bool | None
    trigger_start: int
    trigger_end: int
    rule: str


@dataclass(frozen=True)
class _Rules:
    """One language's compiled milestone data."""

    lang: str
    triggers: tuple[tuple[Pattern, regex.Pattern], ...]
    markers: tuple[tuple[bool, regex.Pattern], ...]
    negations: tuple[regex.Pattern, ...]
    blockers: tuple[regex.Pattern, ...]
    conjunctions: frozenset[str]
    range_seps: dict[str, frozenset[str]]  # separator -> the words one must follow (none: any)
    attributive: tuple[regex.Pattern, ...]
    openers: tuple[regex.Pattern, ...]
    sentence: regex.Pattern
    clause: regex.Pattern
    event_ref: regex.Pattern | None  # a sentence opening that names the event told before
    event_inline: regex.Pattern | None  # the same anywhere in a sentence: signed on the spot, 当场
    periods: tuple[tuple[Pattern, regex.Pattern], ...]  # construction periods: 建设年限：2023—2025年
    superseded: regex.Pattern | None  # a plan given up: originally planned to start …, 原计划…完工


def _range_seps(pset: PatternSet) -> dict[str, frozenset[str]]:
    """MS_RANGE_SEP phrases, each with the `after` words it needs before the range (and: between)."""
    seps: dict[str, frozenset[str]] = {}
    for line in pset.by_label("MS_RANGE_SEP"):
        after = line.get("after") or []
        words = [after] if isinstance(after, str) else after
        seps[line.pattern.lower()] = frozenset(word.lower() for word in words)
    return seps


class _Trigger(NamedTuple):  # a tuple: thousands are made per article, cheaper than a dataclass
    """A matched trigger phrase."""

    start: int
    end: int
    line: Pattern


_Marks = tuple[tuple[int, int, bool], ...]  # (end, start, planned) of markers, by end


class _Clause(NamedTuple):
    """A clause with the dates and triggers that start in it."""

    start: int
    end: int
    dates: tuple[DateMention, ...]
    triggers: tuple[_Trigger, ...]
    date_starts: tuple[int, ...]
    trigger_starts: tuple[int, ...]


@dataclass(frozen=True)
class _Doc:
    """What is found once for the whole span: dates, triggers, date interiors."""

    text: str
    rules: _Rules
    base: int
    inside: bytearray
    dates: list[DateMention]
    triggers: list[_Trigger]
    date_starts: list[int]
    trigger_starts: list[int]


@dataclass(frozen=True)
class _Scope:
    """One sentence's clauses, and the plan/actual markers of the whole span."""

    text: str
    rules: _Rules
    clauses: tuple[_Clause, ...]
    markers: _Marks
    marker_ends: tuple[int, ...]
    event: DateMention | None = None  # the day of the event the sentence opens by naming
    section: DateMention | None = None  # the year of the report section it is in (一、2022年工作回顾)


def find_milestones(
    text: str, lang: str, published: str | None, start: int = 0, end: int | None = None
) -> list[Milestone]:
    """The milestones stated in text[start:end] (one sentence, or more), in text order."""
    start, end = max(start, 0), len(text) if end is None else min(end, len(text))
    if end <= start:
        return []
    rules = _rules(lang)
    dates = [d for d in find_dates(text, lang, published) if start <= d.start and d.end <= end]
    inside = _interiors(dates, start, end)
    spots = _spots(text, rules)
    # a trigger inside a date belongs to the event it counts from ("two days after it started")
    triggers = [t for t in _triggers(text, start, end, rules, spots) if not inside[t.start - start]]
    periods = _periods(text, start, end, rules)
    if not triggers:
        return periods
    doc = _Doc(text, rules, start, inside, dates, triggers,
               [d.start for d in dates], [t.start for t in triggers])
    marks = _markers_of(text, start, end, rules, inside, spots)
    ends = tuple(m[0] for m in marks)
    found: list[Milestone] = []
    spans = _split(text, (start, end), rules.sentence, inside, start)
    sections = section_years(text, lang, published)
    for n, span in enumerate(spans):
        if bisect_left(doc.trigger_starts, span[0]) == bisect_left(doc.trigger_starts, span[1]):
            continue  # no trigger, no milestone: the sentence is not cut into clauses
        event = _event_date(doc, spans[max(0, n - _EVENT_LOOKBACK) : n], span)
        scope = _Scope(text, rules, _clauses(doc, span), marks, ends, event, _section_year(sections, span[0]))
        found += [m for i, clause in enumerate(scope.clauses) for t in clause.triggers
                  if (m := _milestone(t, i, scope)) is not None]
    found = _without_superseded(text, (start, end), found, rules)
    stated = _with_implied(
        [_done_before_publication(m, published) for m in found if m.field in MILESTONE_FIELDS], lang)
    return sorted(stated + periods, key=lambda m: m.trigger_start) if periods else stated


AHEAD_MONTHS = 2  # in a first-quarter article (REVIEW_MONTHS), a done deed this many months
# after publication is of the year before


def _done_before_publication(stone: Milestone, published: str | None) -> Milestone:
    """A milestone told as done whose month was given the publication's year, but falls
    months after an early-year publication, is of the year before: "signed in September" in
    a January review of the year. (Later in the year, machine translation's past tense is no
    proof: "was completed for trial production in August" in a July article is a plan.)"""
    date = stone.date
    if stone.planned is not False or not date.guessed_year or len(published or "") < 7:
        return stone
    month, told = int(published[5:7]), int(date.value[5:7]) if len(date.value) >= 7 else 0
    if month > REVIEW_MONTHS or told < month + AHEAD_MONTHS or date.value[4:] == "-02-29":
        return stone
    earlier = f"{int(date.value[:4]) - 1}{date.value[4:]}"
    return replace(stone, date=replace(date, value=earlier, rule=date.rule + "+done_before_publication"))


def _without_superseded(
    text: str, span: tuple[int, int], stated: list[Milestone], rules: _Rules
) -> list[Milestone]:
    """A plan given up (原计划8月完工，…目前计划11月底完工) yields to a later milestone of the
    same field in its paragraph; alone (项目原定3月开工，但至今尚未开工) it is all there is."""
    if rules.superseded is None or len(stated) < 2:
        return stated
    given_up = [(m.start(), m.end()) for m in rules.superseded.finditer(text, *span)]
    if not given_up:
        return stated
    old = [m for m in stated if any(a <= m.trigger_start < b for a, b in given_up)]
    return [m for m in stated if m not in old or not any(
        n.field == m.field and n.trigger_start > m.trigger_start and n not in old
        and "\n" not in text[m.trigger_start : n.trigger_start] for n in stated)]


def trigger_fields(text: str, lang: str, start: int, end: int) -> set[str]:
    """The milestone fields whose triggers text[start:end] holds, dated or not (a headline's
    "kicks off 96 major projects" says the article reports a start)."""
    rules = _rules(lang)
    fields = (str(t.line.get("field")) for t in _triggers(text, start, end, rules, _spots(text, rules)))
    return {f for f in fields if f in MILESTONE_FIELDS}


def _periods(text: str, start: int, end: int, rules: _Rules) -> list[Milestone]:
    """A construction period (建设年限：2023—2025年, construction period: 2023-2025): the
    construction starts in its first year and is completed in its last."""
    found = []
    for line, rx in rules.periods:
        for m in rx.finditer(text, start, end):
            first, last = _period_end(m, "first", line), _period_end(m, "last", line)
            label = (m.start("label"), m.end("label"))
            found += [Milestone("start", first, None, *label, line.id),
                      Milestone("completion", last, None, *label, line.id)]
    return found


def _period_end(m: regex.Match[str], end: str, line: Pattern) -> DateMention:
    """One end of a construction period: its year, and its month when the line has a
    `<end>_month` group that matched (计划工期：2025年3月至2026年12月)."""
    month = m.group(f"{end}_month") if f"{end}_month" in m.re.groupindex else None
    value = f"{m.group(end)}-{int(month):02d}" if month else m.group(end)
    return DateMention(value, m.start(end), m.end(f"{end}_month") if month else m.end(end), line.id)


@cache
def _implied(lang: str) -> dict[str, str]:
    """Trigger id -> the second field it states (`also`): 竣工投产 is completed and in production."""
    return {p.id: str(p.get("also")) for p in load_patterns(lang).by_label("MS_TRIGGER") if p.get("also")}


def _with_implied(found: list[Milestone], lang: str) -> list[Milestone]:
    """The milestones plus, for a compound trigger, the same date under its `also` field."""
    implied = _implied(lang)
    if not implied:
        return found
    out: list[Milestone] = []
    for stone in found:
        out.append(stone)
        if stone.rule in implied:
            out.append(replace(stone, field=implied[stone.rule]))
    return out


def _clauses(doc: _Doc, sentence: tuple[int, int]) -> tuple[_Clause, ...]:
    """Cut a sentence into clauses and give each its dates and triggers."""
    spans = _split(doc.text, sentence, doc.rules.clause, doc.inside, doc.base, _opener_cuts(doc, sentence))
    return tuple(_clause(doc, a, b) for a, b in spans)


def _clause(doc: _Doc, start: int, end: int) -> _Clause:
    """The clause text[start:end] with the dates and triggers that start in it."""
    d, e = bisect_left(doc.date_starts, start), bisect_left(doc.date_starts, end)
    t, u = bisect_left(doc.trigger_starts, start), bisect_left(doc.trigger_starts, end)
    return _Clause(
        start, end, tuple(doc.dates[d:e]), tuple(doc.triggers[t:u]),
        tuple(doc.date_starts[d:e]), tuple(doc.trigger_starts[t:u]),
    )


# --- data ----------------------------------------------------------------------------


@cache
def _rules(lang: str) -> _Rules:
    """Compile the milestone data of one language."""
    pset = load_patterns(lang)
    triggers = tuple((p, _compile(p, lang)) for p in pset.by_label("MS_TRIGGER"))
    markers = _markers(pset, lang)
    blockers = tuple(_compile(p, lang) for p in pset.by_label("MS_NOT"))
    return _Rules(
        lang=lang,
        triggers=triggers,
        markers=markers,
        negations=tuple(_compile(p, lang) for p in pset.by_label("MS_NEGATION")),
        blockers=blockers,
        conjunctions=frozenset(p.pattern.lower() for p in pset.by_label("MS_CONJ")),
        range_seps=_range_seps(pset),
        attributive=tuple(_compile(p, lang) for p in pset.by_label("MS_ATTRIBUTIVE")),
        openers=tuple(_compile(p, lang) for p in pset.by_label("MS_CLAUSE_OPENER")),
        sentence=_one(pset, "MS_SENTENCE_BREAK", lang),
        clause=_one(pset, "MS_CLAUSE_BREAK", lang),
        event_ref=pset.any_of("MS_EVENT_REF", regex.IGNORECASE),
        event_inline=pset.any_of("MS_EVENT_INLINE", regex.IGNORECASE),
        periods=_labelled(pset, "MS_PERIOD", regex.IGNORECASE),
        superseded=pset.any_of("MS_SUPERSEDED", regex.IGNORECASE),
    )


def _labelled(pset: PatternSet, label: str, flags: int) -> tuple[tuple[Pattern, regex.Pattern], ...]:
    """The regex lines of a label, each with its compiled pattern."""
    return tuple((p, regex.compile(p.pattern, flags)) for p in pset.by_label(label))


def scanned(lang: str) -> Group:
    """The regexes tried only where they can begin (prescan): blockers, triggers, then
    markers. Mostly literal phrases, often alike in their first words (`production
    started`, `production ceremony`): longer prefixes spare most of the tries."""
    rules = _rules(lang)
    triggers, markers = (rx for _, rx in rules.triggers), (rx for _, rx in rules.markers)
    return Group([*rules.blockers, *triggers, *markers], ignore_case=lang == "en", prefix_chars=_PREFIX_CHARS)


def _markers(pset: PatternSet, lang: str) -> tuple[tuple[bool, regex.Pattern], ...]:
    """Plan markers (True) and actual markers (False)."""
    planned = [(True, _compile(p, lang)) for p in pset.by_label("MS_PLANNED")]
    actual = [(False, _compile(p, lang)) for p in pset.by_label("MS_ACTUAL")]
    return tuple(planned + actual)


def _one(pset: PatternSet, label: str, lang: str) -> regex.Pattern:
    """All lines of a label as one regex; `{ABBREVIATION}` in a line stands for the
    abbreviations the sentence splitter knows (patterns/<lang>/segment.jsonl)."""
    lines = pset.by_label(label)
    abbreviations = alternation(pset.phrases("ABBREVIATION"))
    sources = (_source(p, lang).replace("{ABBREVIATION}", abbreviations) for p in lines)
    return regex.compile("|".join(f"(?:{source})" for source in sources) or r"(?!x)x")


def _compile(line: Pattern, lang: str) -> regex.Pattern:
    """A rule line as a regex: English phrases whole-word and case-blind, Chinese as is."""
    return regex.compile(_source(line, lang), regex.IGNORECASE if lang == "en" else 0)


def _source(line: Pattern, lang: str) -> str:
    """Regex source of a rule line."""
    if line.get("regex"):
        return line.pattern
    body = r"\s+".join(regex.escape(w) for w in line.pattern.split())
    return rf"(?<![\w-]){body}(?!\w)" if lang == "en" else body


# --- matching ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spots:
    """Where in the text each blocker, trigger and marker can begin (None: anywhere)."""

    blockers: list[Sequence[int] | None]
    triggers: list[Sequence[int] | None]
    markers: list[Sequence[int] | None]


def _spots(text: str, rules: _Rules) -> _Spots:
    """Find where the blockers, triggers and markers can begin, in one scan of the text."""
    spots = prescan_spots(text, rules.lang, "milestones")
    first, second = len(rules.blockers), len(rules.blockers) + len(rules.triggers)
    return _Spots(spots[:first], spots[first:second], spots[second:])


def _spotted(items: Sequence[_T], spots: list[Sequence[int] | None]) -> list[tuple[_T, Sequence[int] | None]]:
    """The items with their spots, less those that can begin nowhere (most, in a text)."""
    return [(item, at) for item, at in zip(items, spots, strict=True) if at is None or at]


def _triggers(text: str, start: int, end: int, rules: _Rules, spots: _Spots) -> list[_Trigger]:
    """Trigger phrases in text[start:end]: leftmost-longest, minus blocked and negated ones."""
    blocked = bytearray(end - start)
    for rx, at in _spotted(rules.blockers, spots.blockers):
        for m in matches(rx, text, at, start, end):
            blocked[m.start() - start : m.end() - start] = b"\x01" * (m.end() - m.start())
    found = [
        _Trigger(m.start(), m.end(), line)
        for (line, rx), at in _spotted(rules.triggers, spots.triggers)
        for m in matches(rx, text, at, start, end)
        if m.end() > m.start()
    ]
    chosen: list[_Trigger] = []
    last_end = start
    for trig in sorted(found, key=lambda t: (t.start, t.start - t.end)):
        if trig.start < last_end:
            continue
        last_end = trig.end  # a blocked or negated trigger still hides the shorter ones
        blocked_here = any(blocked[trig.start - start : trig.end - start])
        if not blocked_here and not _negated(text, trig, start, rules):
            chosen.append(trig)
    return chosen


def _negated(text: str, trig: _Trigger, floor: int, rules: _Rules) -> bool:
    """Whether a negation (未, `not yet`) stands right before the trigger."""
    lo = max(floor, trig.start - _NEGATION_WINDOW)
    return any(rx.search(text, lo, trig.start) for rx in rules.negations)


def _markers_of(
    text: str, start: int, end: int, rules: _Rules, inside: bytearray, spots: _Spots
) -> _Marks:
    """Plan/actual markers in text[start:end] as (end, start, planned), by end; none in dates."""
    hits = [
        (m.end(), m.start(), planned)
        for (planned, rx), at in _spotted(rules.markers, spots.markers)
        for m in matches(rx, text, at, start, end)
        if not any(inside[m.start() - start : m.end() - start])
    ]
    return tuple(sorted(hits))


def _interiors(dates: list[DateMention], start: int, end: int) -> bytearray:
    """Mark the characters of dates: 2 at a date's first character, 1 inside it."""
    mask = bytearray(end - start)
    for d in dates:
        mask[d.start - start : d.end - start] = b"\x02" + b"\x01" * (d.end - d.start - 1)
    return mask


def _split(
    text: str, span: tuple[int, int], breaks: regex.Pattern, inside: bytearray, base: int,
    extra: list[int] | None = None,
) -> list[tuple[int, int]]:
    """Cut a span at the break marks that are not inside a date (and at `extra` cuts)."""
    cuts = [m.end() for m in breaks.finditer(text, *span) if inside[m.start() - base] != 1]
    if extra:
        cuts = sorted({*cuts, *extra})
    bounds = [span[0], *cuts, span[1]]
    return [(a, b) for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


def _opener_cuts(doc: _Doc, sentence: tuple[int, int]) -> list[int]:
    """Where an MS_CLAUSE_OPENER (`and in`) right before a date of the sentence begins."""
    if not doc.rules.openers:
        return []
    lo, hi = bisect_left(doc.date_starts, sentence[0]), bisect_left(doc.date_starts, sentence[1])
    found = (
        rx.search(doc.text, max(sentence[0], s - _OPENER_REACH), s)
        for s in doc.date_starts[lo:hi]
        for rx in doc.rules.openers
    )
    return [m.start() for m in found if m is not None and m.start() > sentence[0]]


# --- pairing -------------------------------------------------------------------------


def _milestone(trig: _Trigger, index: int, scope: _Scope) -> Milestone | None:
    """The milestone a trigger states, or None when no date belongs to it."""
    date = _date_of(trig, index, scope)
    if date is None:
        return None
    planned = _planned(trig, index, date, scope)
    field = str(trig.line.get("field"))
    return Milestone(field, date, planned, trig.start, trig.end, trig.line.id)


def _date_of(trig: _Trigger, index: int, scope: _Scope) -> DateMention | None:
    """The trigger's own date, unless it only labels a noun and the sentence opens with a
    date at least as precise; else the opening date of an earlier clause, else a shared one."""
    clause = scope.clauses[index]
    own = _own_date(trig, clause, scope)
    if own is not None and not _attributive(own, clause, scope):
        return own
    topic = _topic_date(index, scope)
    if own is not None and (topic is None or len(topic.value) < len(own.value)):
        return own
    return topic or _shared_date(index, scope) or scope.event or scope.section


def _section_year(sections: Sequence[DateMention], offset: int) -> DateMention | None:
    """The year of the last section heading before `offset` (none after a section's end)."""
    before = [year for year in sections if year.end <= offset]
    last = max(before, key=lambda year: year.start) if before else None
    return last if last is not None and last.value else None


def _event_date(doc: _Doc, before: Sequence[tuple[int, int]], span: tuple[int, int]) -> DateMention | None:
    """For a sentence naming the event told before (opening with it, At the conference, 仪式上;
    or anywhere, signed on the spot, 当场签约): the day of the nearest sentence before it in its
    paragraph that has one; else, when the reference names the event (conference, 推介会), of
    the nearest earlier sentence naming it with a day (On November 6, the … Conference was held)."""
    text, dates = doc.text, doc.dates
    ref = _event_ref(text, span, doc.rules)
    if ref is None:
        return None
    paragraph = True
    for n, (lo, hi) in enumerate(reversed(before)):
        paragraph = paragraph and "\n" not in text[hi : span[0] if n == 0 else before[-n][0]]
        inside = dates[bisect_left(doc.date_starts, lo) : bisect_left(doc.date_starts, hi)]
        day = next((d for d in inside if len(d.value) == len("2022-06-22")), None)
        if day is not None and ((paragraph and n < _EVENT_BACK) or _names_event(text, lo, hi, ref)):
            return day
    return None


def _event_ref(text: str, span: tuple[int, int], rules: _Rules) -> regex.Match[str] | None:
    opening = rules.event_ref.match(text, span[0], span[1]) if rules.event_ref else None
    return opening or (rules.event_inline.search(text, span[0], span[1]) if rules.event_inline else None)


def _names_event(text: str, lo: int, hi: int, ref: regex.Match[str]) -> bool:
    """Whether text[lo:hi] names the event the reference's `noun` group names."""
    noun = ref.group("noun") if "noun" in ref.re.groupindex else None
    return bool(noun) and noun.lower() in text[lo:hi].lower()


def _attributive(date: DateMention, clause: _Clause, scope: _Scope) -> bool:
    """Whether the date labels the noun after it (第四季度重大项目) rather than the event."""
    return any(rx.match(scope.text, date.end, clause.end) for rx in scope.rules.attributive)


def _range_end(date: DateMention, clause: _Clause, scope: _Scope) -> DateMention:
    """The date ending the range that `date` opens (1-5月, from January to May, between March
    and May), else `date`."""
    k = bisect_right(clause.date_starts, date.start)
    if k < len(clause.dates):
        gap = " ".join(scope.text[date.end : clause.dates[k].start].lower().split())
        openers = scope.rules.range_seps.get(gap)
        if openers is not None and (not openers or _word_before(scope.text, date.start) in openers):
            return clause.dates[k]
    return date


def _word_before(text: str, start: int) -> str:
    """The lower-cased word right before `start` ('' when none)."""
    words = text[max(0, start - _WORD_REACH) : start].lower().split()
    return words[-1] if words else ""


def _own_date(trig: _Trigger, clause: _Clause, scope: _Scope) -> DateMention | None:
    """The date of the trigger's own clause that it governs."""
    dates, k = clause.dates, bisect_left(clause.date_starts, trig.start)
    after = dates[k] if k < len(dates) else None
    before = dates[k - 1] if k > 0 and dates[k - 1].end <= trig.start else None
    if scope.rules.lang == "en":
        first = dates[0] if dates and dates[0].end <= trig.start else None
        shared = before if before is not None and _shares_date(trig, before, clause, scope) else None
        before = first if first is not None and _opens(clause, first, scope) else None
        ranked = (after, before, shared)
    else:
        ranked = (before, after)
    date = next((d for d in ranked if d is not None and _reachable(trig, d, clause, scope)), None)
    return None if date is None else _range_end(date, clause, scope)


def _shares_date(trig: _Trigger, date: DateMention, clause: _Clause, scope: _Scope) -> bool:
    """English "completed at the end of April and put into use": a trigger joined by a
    conjunction to the date of the trigger before it shares that date."""
    gap = " ".join(scope.text[date.end : trig.start].lower().split())
    return gap in scope.rules.conjunctions and any(t.end <= date.start for t in clause.triggers)


def _topic_date(index: int, scope: _Scope) -> DateMention | None:
    """The date opening the nearest earlier clause without a trigger (`On June 22, ...`)."""
    for clause in _earlier(index, scope):
        if not clause.triggers and clause.dates and _opens(clause, clause.dates[0], scope):
            return _range_end(clause.dates[0], clause, scope)
    return None


def _shared_date(index: int, scope: _Scope) -> DateMention | None:
    """English `…introduced X this year, landed Y, and signed Z`: a clause opened by "and"
    shares the time of the clauses before it (the last date of the nearest trigger-less one)."""
    clause = scope.clauses[index]
    opening = scope.text[clause.start : clause.end].lstrip().lower()
    if scope.rules.lang != "en" or not opening.startswith("and "):
        return None
    event_ref = scope.rules.event_ref
    if event_ref is not None and event_ref.search(scope.text, clause.start, clause.end):
        return None  # "…in March, and formally inked it at the conference": the event's day
    return next((c.dates[-1] for c in _earlier(index, scope) if not c.triggers and c.dates), None)


def _earlier(index: int, scope: _Scope) -> list[_Clause]:
    """The clauses before `index` in the sentence, nearest first, within the look-back."""
    return list(reversed(scope.clauses[max(0, index - _LOOKBACK) : index]))


def _opens(clause: _Clause, date: DateMention, scope: _Scope) -> bool:
    """Whether a date opens its clause (only a preposition or two before it)."""
    prefix = scope.text[clause.start : date.start].strip()
    prefix = prefix[tag.end() :] if (tag := LEAD_TAG.match(prefix)) else prefix  # 【汉滨】9月14日，…
    limit = _INITIAL_WORDS[scope.rules.lang]
    return len(prefix.split() if scope.rules.lang == "en" else prefix) <= limit


def _reachable(trig: _Trigger, date: DateMention, clause: _Clause, scope: _Scope) -> bool:
    """Whether no other trigger stands between, unless all are coordinated (签约并开工)."""
    lo, hi = (trig.end, date.start) if date.start >= trig.start else (date.end, trig.start)
    starts = clause.trigger_starts
    between = clause.triggers[bisect_left(starts, lo) : bisect_left(starts, hi)]
    between = tuple(t for t in between if t.end <= hi and t is not trig)
    if len(between) > _MAX_BETWEEN:
        return False
    chain = sorted((*between, trig), key=lambda t: t.start)
    return all(_coordinated(a, b, scope) for a, b in itertools.pairwise(chain))


def _coordinated(first: _Trigger, second: _Trigger, scope: _Scope) -> bool:
    """Whether only a conjunction (and, 并, 、) separates two triggers."""
    gap = " ".join(scope.text[first.end : second.start].lower().split())
    return gap == "" or gap in scope.rules.conjunctions


# --- planned or actual ---------------------------------------------------------------


def _planned(trig: _Trigger, index: int, date: DateMention, scope: _Scope) -> bool | None:
    """Planned (True), actual (False) or unknown (None); see the module docstring."""
    if trig.line.get("planned") is not None:
        return bool(trig.line.get("planned"))
    own = _last_marker(scope, scope.clauses[index].start, trig.start)
    if own is not None:
        return own
    if trig.line.get("tense") == "past":
        return False
    chained = _chained(index, scope)
    if chained is not None:
        return chained
    stop = date.start if date.start >= trig.end else scope.clauses[index].end
    return _first_marker(scope, trig.end, stop)


def _chained(index: int, scope: _Scope) -> bool | None:
    """The marker of the run of trigger clauses just before (计划9月底封顶，年底竣工)."""
    for clause in _earlier(index, scope):
        if not clause.triggers:
            return None
        hit = _last_marker(scope, clause.start, clause.end)
        if hit is not None:
            return hit
    return None


def _last_marker(scope: _Scope, lo: int, hi: int) -> bool | None:
    """Planned-ness of the last marker inside text[lo:hi], or None."""
    i = bisect_right(scope.marker_ends, hi) - 1
    while i >= 0 and scope.markers[i][0] > lo:
        if scope.markers[i][1] >= lo:
            return scope.markers[i][2]
        i -= 1
    return None


def _first_marker(scope: _Scope, lo: int, hi: int) -> bool | None:
    """Planned-ness of the first marker inside text[lo:hi], or None."""
    i = bisect_left(scope.marker_ends, lo)
    while i < len(scope.markers) and scope.markers[i][0] <= hi:
        if scope.markers[i][1] >= lo:
            return scope.markers[i][2]
        i += 1
    return None
