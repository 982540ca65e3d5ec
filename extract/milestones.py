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
- planned: a trigger that carries it (`construction will start`), else the marker nearest
  before the trigger in its clause (will/计划 -> True, was/已 -> False), else a past-tense
  trigger -> False, else the marker of the trigger clauses just before (计划9月底封顶，
  年底竣工), else a marker between the trigger and a later date, else None.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import regex

from extract.dates import DateMention, find_dates
from extract.patterns import Pattern, PatternSet, load_patterns

_NEGATION_WINDOW = 24  # characters before a trigger searched for a negation
_INITIAL_WORDS = {"en": 2, "zh": 3}  # words (en) / characters (zh) allowed before an opening date


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
    sentence: regex.Pattern
    clause: regex.Pattern


@dataclass(frozen=True)
class _Trigger:
    """A matched trigger phrase."""

    start: int
    end: int
    line: Pattern


@dataclass(frozen=True)
class _Scope:
    """What pairing needs about the sentence a trigger is in."""

    text: str
    clauses: tuple[tuple[int, int], ...]
    dates: tuple[DateMention, ...]
    triggers: tuple[_Trigger, ...]
    rules: _Rules


def find_milestones(
    text: str, lang: str, published: str | None, start: int = 0, end: int | None = None
) -> list[Milestone]:
    """The milestones stated in text[start:end] (one sentence, or more), in text order."""
    end = len(text) if end is None else min(end, len(text))
    rules = _rules(lang)
    dates = tuple(d for d in find_dates(text, lang, published) if start <= d.start and d.end <= end)
    triggers = _triggers(text, start, end, rules)
    found: list[Milestone] = []
    for s_start, s_end in _split(text, start, end, rules.sentence, dates):
        scope = _Scope(
            text,
            tuple(_split(text, s_start, s_end, rules.clause, dates)),
            tuple(d for d in dates if s_start <= d.start < s_end),
            tuple(t for t in triggers if s_start <= t.start < s_end),
            rules,
        )
        found += [m for t in scope.triggers if (m := _milestone(t, scope)) is not None]
    return found


# --- data ----------------------------------------------------------------------------


@cache
def _rules(lang: str) -> _Rules:
    """Compile the milestone data of one language."""
    pset = load_patterns(lang)
    return _Rules(
        lang=lang,
        triggers=tuple((p, _compile(p, lang)) for p in pset.by_label("MS_TRIGGER")),
        markers=_markers(pset, lang),
        negations=tuple(_compile(p, lang) for p in pset.by_label("MS_NEGATION")),
        blockers=tuple(_compile(p, lang) for p in pset.by_label("MS_NOT")),
        conjunctions=frozenset(p.pattern.lower() for p in pset.by_label("MS_CONJ")),
        sentence=_one(pset, "MS_SENTENCE_BREAK", lang),
        clause=_one(pset, "MS_CLAUSE_BREAK", lang),
    )


def _markers(pset: PatternSet, lang: str) -> tuple[tuple[bool, regex.Pattern], ...]:
    """Plan markers (True) and actual markers (False)."""
    planned = [(True, _compile(p, lang)) for p in pset.by_label("MS_PLANNED")]
    actual = [(False, _compile(p, lang)) for p in pset.by_label("MS_ACTUAL")]
    return tuple(planned + actual)


def _one(pset: PatternSet, label: str, lang: str) -> regex.Pattern:
    """All lines of a label as one regex."""
    lines = pset.by_label(label)
    return regex.compile("|".join(f"(?:{_source(p, lang)})" for p in lines) or r"(?!x)x")


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


def _triggers(text: str, start: int, end: int, rules: _Rules) -> list[_Trigger]:
    """Trigger phrases in text[start:end]: leftmost-longest, minus blocked and negated ones."""
    blocked = [m.span() for rx in rules.blockers for m in rx.finditer(text, start, end)]
    found = [
        _Trigger(m.start(), m.end(), line)
        for line, rx in rules.triggers
        for m in rx.finditer(text, start, end)
        if m.end() > m.start()
    ]
    chosen: list[_Trigger] = []
    for trig in sorted(found, key=lambda t: (t.start, t.start - t.end)):
        if chosen and trig.start < chosen[-1].end:
            continue
        if not _overlaps(trig, blocked) and not _negated(text, trig, start, rules):
            chosen.append(trig)
    return chosen


def _overlaps(trig: _Trigger, spans: list[tuple[int, int]]) -> bool:
    """Whether the trigger overlaps a blocked span."""
    return any(trig.start < e and s < trig.end for s, e in spans)


def _negated(text: str, trig: _Trigger, floor: int, rules: _Rules) -> bool:
    """Whether a negation (未, `not yet`) stands right before the trigger."""
    lo = max(floor, trig.start - _NEGATION_WINDOW)
    return any(rx.search(text, lo, trig.start) for rx in rules.negations)


def _split(
    text: str, start: int, end: int, breaks: regex.Pattern, dates: tuple[DateMention, ...]
) -> list[tuple[int, int]]:
    """Cut text[start:end] at the break marks that are not inside a date."""
    cuts = [
        m.end()
        for m in breaks.finditer(text, start, end)
        if not any(d.start < m.start() < d.end for d in dates)
    ]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


# --- pairing -------------------------------------------------------------------------


def _milestone(trig: _Trigger, scope: _Scope) -> Milestone | None:
    """The milestone a trigger states, or None when no date belongs to it."""
    clause = _clause_of(trig.start, scope)
    date = _own_date(trig, clause, scope) or _topic_date(clause, scope)
    if date is None:
        return None
    planned = _planned(trig, clause, date, scope)
    field = str(trig.line.get("field"))
    return Milestone(field, date, planned, trig.start, trig.end, trig.line.id)


def _clause_of(pos: int, scope: _Scope) -> tuple[int, int]:
    """The clause holding position `pos`."""
    return next((c for c in scope.clauses if c[0] <= pos < c[1]), scope.clauses[-1])


def _own_date(trig: _Trigger, clause: tuple[int, int], scope: _Scope) -> DateMention | None:
    """The date of the trigger's own clause that it governs."""
    inside = [d for d in scope.dates if clause[0] <= d.start and d.end <= clause[1]]
    reach = [d for d in inside if _reachable(trig, d, scope)]
    after = [d for d in reach if d.start >= trig.start]
    before = [d for d in reach if d.end <= trig.start]
    if scope.rules.lang == "en":
        before = [d for d in before if _opens(clause, d, scope)]
        ranked = after[:1] + before[-1:]
    else:
        ranked = before[-1:] + after[:1]
    return ranked[0] if ranked else None


def _topic_date(clause: tuple[int, int], scope: _Scope) -> DateMention | None:
    """The date opening the nearest earlier clause without a trigger (`On June 22, ...`)."""
    for earlier in reversed([c for c in scope.clauses if c[1] <= clause[0]]):
        if any(earlier[0] <= t.start < earlier[1] for t in scope.triggers):
            continue
        opening = [d for d in scope.dates if earlier[0] <= d.start < earlier[1]]
        opening = [d for d in opening if _opens(earlier, d, scope)]
        if opening:
            return opening[0]
    return None


def _opens(clause: tuple[int, int], date: DateMention, scope: _Scope) -> bool:
    """Whether a date opens its clause (only a preposition or two before it)."""
    prefix = scope.text[clause[0] : date.start].strip()
    limit = _INITIAL_WORDS[scope.rules.lang]
    return len(prefix.split() if scope.rules.lang == "en" else prefix) <= limit


def _reachable(trig: _Trigger, date: DateMention, scope: _Scope) -> bool:
    """Whether no other trigger stands between, unless coordinated with this one."""
    lo, hi = (trig.end, date.start) if date.start >= trig.start else (date.end, trig.start)
    between = [t for t in scope.triggers if t is not trig and lo <= t.start and t.end <= hi]
    return all(_coordinated(trig, other, scope) for other in between)


def _coordinated(a: _Trigger, b: _Trigger, scope: _Scope) -> bool:
    """Whether only a conjunction (and, 并, 、) separates two triggers."""
    first, second = (a, b) if a.start < b.start else (b, a)
    gap = scope.text[first.end : second.start].strip().lower()
    return gap == "" or " ".join(gap.split()) in scope.rules.conjunctions


# --- planned or actual ---------------------------------------------------------------


def _planned(
    trig: _Trigger, clause: tuple[int, int], date: DateMention, scope: _Scope
) -> bool | None:
    """Planned (True), actual (False) or unknown (None); see the module docstring."""
    if trig.line.get("planned") is not None:
        return bool(trig.line.get("planned"))
    before = _markers_in(scope, clause[0], trig.start)
    if before:
        return before[-1][1]
    if trig.line.get("tense") == "past":
        return False
    chained = _chained(clause, scope)
    if chained is not None:
        return chained
    after = _markers_in(scope, trig.end, date.start) if date.start >= trig.end else []
    return after[0][1] if after else None


def _chained(clause: tuple[int, int], scope: _Scope) -> bool | None:
    """The marker of the run of trigger clauses just before (计划9月底封顶，年底竣工)."""
    for earlier in reversed([c for c in scope.clauses if c[1] <= clause[0]]):
        if not any(earlier[0] <= t.start < earlier[1] for t in scope.triggers):
            return None
        hits = _markers_in(scope, *earlier)
        if hits:
            return hits[-1][1]
    return None


def _markers_in(scope: _Scope, start: int, end: int) -> list[tuple[int, bool]]:
    """(end offset, planned) of the markers in text[start:end], in text order."""
    hits = [
        (m.end(), planned)
        for planned, rx in scope.rules.markers
        for m in rx.finditer(scope.text, start, end)
    ]
    return sorted(hits)
