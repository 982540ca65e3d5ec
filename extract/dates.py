"""Find date expressions in article text and resolve them against the publication date.

The vocabularies (month names, 今年/last year, 年底/end of, quarters, festivals...) and the
date forms are data: `patterns/<lang>/dates.jsonl`. A `DATE_FORM` line is a regex whose
`{NAME}` slots are filled with the alternation of the `DATE_NAME` lines and whose named
groups say what each piece is: `year`, `month`, `day` (numbers, Chinese numerals or month
names), `yrel`/`mrel`/`drel` (this year, last month, the same day...), `mmod` (next May),
`ypart`/`mpart` (the end of..., 年底, 9月底), `period` (quarters, halves) and `fest`
(春节, National Day; Spring Festival dates come from `patterns/shared/festivals.csv`).
Form keys: `anchor: month` (a missing month is the publication month: the end of the
month, 月底), `context: month` (a missing month comes from the date before: 23日).
`DATE_NOT` regexes veto the candidates they overlap (standard codes, document numbers).

Resolution, documented once here:
- precision is what the text gives: `2022`, `2022-03`, `2022-03-15`; a quarter or half year
  is its last month, a year part carries the month its line names (the end of the year,
  年底 -> 12; mid-2023 -> 2023-06) or none (early 2024, 年初 -> 2024).
- a month or day without a year takes the publication year, moved back one year when the
  date would otherwise be more than 9 months after publication; but a bare month right
  after an earlier month of the same sentence takes that date's year (2022年3月开工，9月竣工;
  明年6月竣工，10月投产); and under a report's section heading with a year (MS_SECTION_YEAR:
  一、2024年工作回顾, I. Review of Our Work in 2024) a bare month is of that year.

- `next May` is the first May after the publication month; `last May` is May of the year
  before (machine translation writes 去年5月 as "last May").
- a year relative to the text (`previous` lines: 次年, 翌年, 当年, 同年, the following year,
  the same year) counts from the year of the latest date before it in the text, else from
  the publication year (`2021年10月签约，次年3月开工` -> 2022-03); `next year`/明年 always
  count from the publication year.
- a festival without a year is its first occurrence not more than 3 months before
  publication (春节前 in a December article is next year's), or after publication when a
  plan word stands before it (确保春节前竣工 in May); 2023年春节 is that year's. Before a
  festival (国庆前, before National Day) is the day before it.
- `the same day`/当天 is the latest day-precision date before it in the text, else the
  publication date (`the next day`/次日 and 前一天 count from that day, and the next such
  phrase from the same day); `the same month`/同月 likewise at month precision. A bare Chinese day
  (`23日`) takes the month of the latest date before it, else the publication month (the
  month before when the day is later than the publication day: news reports `18日` past).
- `last Friday`/上周五 is that day of the week before publication, `this Wednesday`/本周三
  of its week, `next Monday`/下周一 of the week after; `on Friday` alone is the latest
  Friday up to the publication day.
- relative dates that need a missing part of the publication date are dropped.
Overlapping candidates: the leftmost wins, then the longest, then the earlier form.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TypeVar

import regex

from extract.errors import PatternError
from extract.patterns import Pattern, PatternSet, load_patterns, read_table
from extract.prescan import Group
from extract.prescan import spots as prescan_spots
from extract.starts import matches

_TIMEOUT = 0.5  # seconds per form and text: a safety net, the forms themselves are linear
_SLOT = regex.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_ISO = regex.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_MONTHS_AHEAD = 9
_CARRY_GAP = 40  # characters between two dates of one sentence that share a year
_SENTENCE_BREAK = regex.compile(r"[。！？!?\n]|\.\s")
_ORDINAL_SUFFIX = regex.compile(r"(?i)(st|nd|rd|th)$")
_FESTIVAL_DAYS_BACK = 92
_T = TypeVar("_T")
_MONTH_LABELS = ("DATE_MONTH", "DATE_MONTH_AMBIGUOUS", "DATE_MONTH_ABBR")
_GROUP_LABELS = {
    "yrel": ("DATE_YEAR_REL",),
    "srel": ("DATE_SEASON_REL",),
    "qrel": ("DATE_QUARTER_REL",),
    "mrel": ("DATE_MONTH_REL",),
    "drel": ("DATE_DAY_REL",),
    "mmod": ("DATE_MONTH_MOD",),
    "ypart": ("DATE_YEAR_PART", "DATE_YEAR_SUFFIX"),
    "period": ("DATE_PERIOD",),
    "fest": ("DATE_FESTIVAL",),
    "wday": ("DATE_WEEKDAY",),
    "wmod": ("DATE_WEEK_MOD",),
}


@dataclass(frozen=True)
class DateMention:
    """A date expression: its ISO value at the text's precision and where it was written."""

    value: str
    start: int
    end: int
    rule: str
    guessed_year: bool = False  # a year-less date given the publication's year (or the one before)


@dataclass(frozen=True)
class _Grammar:
    """One language's compiled date forms and vocabulary lookups."""

    forms: tuple[tuple[Pattern, regex.Pattern], ...]
    blockers: tuple[regex.Pattern, ...]
    phrases: dict[str, dict[str, Pattern]]
    patterns: dict[str, tuple[tuple[Pattern, regex.Pattern], ...]]
    digits: dict[str, int]
    sections: tuple[tuple[Pattern, regex.Pattern], ...]  # section headings with a year (MS_SECTION_YEAR)
    plan_cue: regex.Pattern | None  # DATE_PLAN_CUE shortly before a date: 计划年底建成


@dataclass(frozen=True)
class _Anchor:
    """The publication date, as precise as it is known."""

    year: int | None = None
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class _Cand:
    """A form's match before selection and resolution."""

    start: int
    end: int
    order: int
    form: Pattern
    groups: dict[str, str]


@dataclass
class _Parts:
    """A date being resolved."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    rules: list[str] = field(default_factory=list)
    written_year: bool = False  # the year is written out (2022年), not relative (去年) or implied
    guessed_year: bool = False  # the publication's year given to a year-less date ("in March")


@dataclass(frozen=True)
class _Ctx:
    """What a resolution step may consult."""

    grammar: _Grammar
    anchor: _Anchor
    form: Pattern
    last_day: _Parts | None = None  # the latest day-precision date before, for 当天
    last_year: int | None = None  # the year of the latest date before, for 次年, 同年
    last_month: _Parts | None = None  # the latest date with a month before, for 23日, 同月
    carry: _Parts | None = None  # last_month when it is just before, in the same sentence
    section: int | None = None  # the year of the section heading above (I. Review of Our Work in 2024)
    year_told: int | None = None  # a year written alone just before, in the same sentence (2027年，…一季度)
    planned: bool = False  # a plan word just before: strives to start on the 20th (this month's),
    # 确保春节前竣工 (the next Spring Festival, though the last is less than 3 months past)


class _Skip(Exception):
    """The candidate cannot be resolved to a date."""


def find_dates(text: str, lang: str, published: str | None) -> list[DateMention]:
    """Every date expression in `text`, in text order, resolved against `published`."""
    return list(_find(text, lang, published))


@lru_cache(maxsize=64)
def _find(text: str, lang: str, published: str | None) -> tuple[DateMention, ...]:
    """find_dates, cached: find_milestones asks again for every sentence of an article."""
    grammar, anchor = _grammar(lang), _anchor(published)
    cands = [c for c in _candidates(text, lang, grammar) if _viable(c, grammar, anchor)]
    sections = section_years(text, lang, published)
    heading_ends = [year.end for year in sections]
    found: list[tuple[_Cand, _Parts]] = []
    deferred: list[_Cand] = []  # the same day/当月 with no date before in its paragraph
    last_day = last_month = last_year = told = None
    day_end = month_end = told_end = 0  # where the latest date with a day / with a month ends
    year_only: tuple[int, int] | None = None  # the latest year written alone, and where it ends
    for cand in _select(cands):
        carry = last_month if last_month and _same_run(text, month_end, cand.start) else None
        carry = None if carry and _planned_later(text, cand, grammar, carry, anchor, month_end) else carry
        # 同日 after 次日 is that next day; 次日 and 前一天 count from the last day written
        day, end = (told, told_end) if _same_as_told(cand, grammar) else (last_day, day_end)
        near_day = day if _same_paragraph(text, end, cand.start) else None
        near_month = last_month if _same_paragraph(text, month_end, cand.start) else None
        if _refers_back(cand, grammar) and (near_month if "mrel" in cand.groups else near_day) is None:
            deferred.append(cand)
            continue
        try:
            above = bisect_right(heading_ends, cand.start)
            mark = sections[above - 1].value if above else ""
            section = int(mark) if mark else None  # "": after a section's end (今年，…)
            year_told = year_only[0] if year_only and _same_run(text, year_only[1], cand.start) else None
            ctx = _Ctx(grammar, anchor, cand.form, near_day, last_year, near_month, carry, section,
                       year_told, _reads_plan(cand) and _plan_cue_before(text, cand, grammar))
            parts = _resolve(cand, ctx)
        except _Skip:
            continue
        found.append((cand, parts))
        if parts.written_year and parts.month is None:
            year_only = (_need(parts.year), cand.end)
        last_year = parts.year
        if parts.month is not None:
            last_month, month_end = parts, cand.end
        if parts.day is not None:
            told, told_end = parts, cand.end
        if parts.day is not None and not _counts_from_day(cand, grammar):
            last_day, day_end = parts, cand.end
    event = _event_day(found, published)
    told, told_end = None, 0  # 次日，…。同日…: the same day as the deferred day just told
    for cand in deferred:
        near = told if _same_as_told(cand, grammar) and _same_paragraph(text, told_end, cand.start) else None
        try:
            parts = _resolve(cand, _Ctx(grammar, anchor, cand.form, near or event, None, event))
        except _Skip:
            continue
        found.append((cand, parts))
        if parts.day is not None:
            told, told_end = parts, cand.end
    found.sort(key=lambda pair: pair[0].start)
    return tuple(_mention(cand, parts) for cand, parts in found)


@lru_cache(maxsize=64)
def section_years(text: str, lang: str, published: str | None = None) -> tuple[DateMention, ...]:
    """The years of a report's section headings (MS_SECTION_YEAR: 一、2022年工作回顾, I. Review
    of Our Work in 2024), at the year in each heading, in text order."""
    anchor = _anchor(published)
    found = (_section_mark(line, m) for line, rx in _grammar(lang).sections for m in rx.finditer(text)
             if line.label == "MS_SECTION_END" or _heads_section(line, int(m.group("year")), anchor))
    return tuple(sorted(found, key=lambda year: year.start))


def _section_mark(line: Pattern, found: regex.Match[str]) -> DateMention:
    """A section's year, or (value "") where a paragraph ends the one before (今年，…)."""
    if line.label == "MS_SECTION_END":
        return DateMention("", found.start(), found.end(), line.id)
    return DateMention(found.group("year"), found.start("year"), found.end("year"), line.id)


REVIEW_MONTHS = 3  # published in the first quarter, an article looks back on the year before


def _heads_section(line: Pattern, year: int, anchor: _Anchor) -> bool:
    """Whether a year heads the text after it. A `review` line (a paragraph opening with a
    year: 2026年，…) does so only in a review: the year before a first-quarter publication."""
    if not line.get("review"):
        return True
    if anchor.year is None or anchor.month is None:
        return False
    return year == anchor.year - 1 and anchor.month <= REVIEW_MONTHS


def _mention(cand: _Cand, parts: _Parts) -> DateMention:
    rule = "+".join(dict.fromkeys(parts.rules))
    return DateMention(_iso(parts), cand.start, cand.end, rule, parts.guessed_year)


def _counts_from_day(cand: _Cand, grammar: _Grammar) -> bool:
    """Whether the candidate is a day counted from the latest day told (次日, the day before):
    the next such phrase counts from that day too, not from this one."""
    line = _line_of(cand, grammar, "drel")
    return line is not None and bool(line.get("same_day")) and bool(line.get("offset"))


def _planned_later(
    text: str, cand: _Cand, grammar: _Grammar, carry: _Parts, anchor: _Anchor, carry_end: int,
) -> bool:
    """A part of the year or a month planned after a date of an earlier year (2023年9月开工，
    计划年底建成; 2024年5月开工，…计划10月底竣工验收, in a 2025 report): the plan is for the
    report's year, not the start's. The plan word stands between the two dates."""
    if not ({"ypart", "period", "month"} & set(cand.groups)):
        return False
    return _plan_cue_before(text, cand, grammar, carry_end) and _need(carry.year) < _need(anchor.year)


def _reads_plan(cand: _Cand) -> bool:
    """Whether the candidate's resolution asks whether it is planned (`_Ctx.planned`): a day
    told alone (`_context`) and a festival (`_festival`); the cue is looked for only then."""
    return cand.form.get("context") == "month" or "fest" in cand.groups


def _plan_cue_before(text: str, cand: _Cand, grammar: _Grammar, floor: int = 0) -> bool:
    """Whether a DATE_PLAN_CUE stands in the few characters before the candidate (not
    before `floor`)."""
    if grammar.plan_cue is None:
        return False
    lo = max(floor, cand.start - _PLAN_CUE_REACH)
    return grammar.plan_cue.search(text, lo, cand.start) is not None


_PLAN_CUE_REACH = 40  # characters before a date where a plan word is looked for


def _same_as_told(cand: _Cand, grammar: _Grammar) -> bool:
    """Whether the candidate is the very day told before it (同日, the same day), whether
    that day was written or counted (次日)."""
    line = _line_of(cand, grammar, "drel")
    return line is not None and bool(line.get("same_day")) and not line.get("offset")


def _line_of(cand: _Cand, grammar: _Grammar, group: str) -> Pattern | None:
    """The vocabulary line a candidate's group came from (None without the group or line)."""
    if group not in cand.groups:
        return None
    try:
        return _lookup(grammar, _GROUP_LABELS[group], cand.groups[group])
    except _Skip:
        return None


def _refers_back(cand: _Cand, grammar: _Grammar) -> bool:
    """Whether the candidate is the day or month of a date before it (the same day, 当月)."""
    for group, key in (("drel", "same_day"), ("mrel", "same_month")):
        if group in cand.groups:
            line = _line_of(cand, grammar, group)
            return line is not None and bool(line.get(key))
    return False


def _event_day(found: Sequence[tuple[_Cand, _Parts]], published: str | None) -> _Parts | None:
    """The day an article reports, for "the same day" far from any date: its first full date
    other than the publication day (the headline's "signed the same day" comes before it)."""
    for cand, parts in found:
        if parts.day is not None and _iso(parts) != published and "fest" not in cand.groups:
            return parts
    return None


def _same_paragraph(text: str, end: int, start: int) -> bool:
    """Whether nothing but one paragraph lies between a date ending at `end` and `start`."""
    return end > 0 and "\n" not in text[end:start]


def _same_run(text: str, end: int, start: int) -> bool:
    """Whether two dates are close in one sentence (`明年6月竣工，10月投产`)."""
    return 0 <= start - end <= _CARRY_GAP and not _SENTENCE_BREAK.search(text, end, start)


# --- the grammar, built once per language -------------------------------------------


@cache
def _grammar(lang: str) -> _Grammar:
    """Compile the date forms and index the vocabularies of one language."""
    pset = load_patterns(lang)
    flags = regex.IGNORECASE if lang == "en" else 0
    forms = tuple((f, _compile(f.pattern, pset, flags)) for f in pset.by_label("DATE_FORM"))
    blockers = tuple(_compile(b.pattern, pset, flags) for b in pset.by_label("DATE_NOT"))
    vocab = [p for p in pset.patterns if p.label.startswith("DATE_")]
    phrases: dict[str, dict[str, Pattern]] = {}
    patterns: dict[str, list[tuple[Pattern, regex.Pattern]]] = {}
    for line in vocab:
        if line.get("regex"):
            patterns.setdefault(line.label, []).append((line, regex.compile(line.pattern, flags)))
        else:
            phrases.setdefault(line.label, {})[_norm(line.pattern)] = line
    digits = {p.pattern: int(p.get("value", 0)) for p in pset.by_label("DATE_ZH_DIGIT")}
    frozen = {k: tuple(v) for k, v in patterns.items()}
    headings = pset.by_label("MS_SECTION_YEAR") + pset.by_label("MS_SECTION_END")
    sections = tuple((p, regex.compile(p.pattern, flags | regex.MULTILINE)) for p in headings)
    return _Grammar(forms, blockers, phrases, frozen, digits, sections,
                    pset.any_of("DATE_PLAN_CUE", flags))


def scanned(lang: str) -> Group:
    """The regexes tried only where they can begin (prescan): the blockers, then the forms."""
    grammar = _grammar(lang)
    return Group([*grammar.blockers, *(rx for _, rx in grammar.forms)], ignore_case=lang == "en")


def _compile(source: str, pset: PatternSet, flags: int) -> regex.Pattern:
    """Fill the `{NAME}` slots of a form and compile it."""
    try:
        return regex.compile(_expand(source, pset, 0), flags)
    except regex.error as exc:
        raise PatternError(f"date form {source!r} does not compile: {exc}") from exc


def _expand(source: str, pset: PatternSet, depth: int) -> str:
    """Replace each `{NAME}` by the alternation of the DATE_NAME lines, recursively."""
    if depth > 4:
        raise PatternError(f"date slots nest too deep in {source!r}")

    def fill(match: regex.Match) -> str:
        lines = pset.by_label("DATE_" + match.group(1))
        if not lines:
            raise PatternError(f"unknown date slot {match.group(0)} in {source!r}")
        return _first_char_guard(lines) + "(?:" + "|".join(_slot_items(lines, pset, depth)) + ")"

    return _SLOT.sub(fill, source)


def _first_char_guard(lines: list[Pattern]) -> str:
    """`(?=[...])` of the phrases' first characters (and `[...]` of their second ones when
    every phrase has a second, non-space character): a position where no phrase can start
    then costs the engine a step or two, not one per phrase (regex lines: no guard)."""
    if any(p.get("regex") for p in lines) or not all(p.pattern.strip() for p in lines):
        return ""
    words = [p.pattern.strip() for p in lines]
    guard = _char_class(w[0] for w in words)
    if all(len(w) > 1 and not w[1].isspace() for w in words):
        guard += _char_class(w[1] for w in words)
    return f"(?={guard})"


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class of these characters."""
    return "[" + "".join(regex.escape(c) for c in sorted(set(chars))) + "]"


def _slot_items(lines: list[Pattern], pset: PatternSet, depth: int) -> list[str]:
    """Phrases longest first (spaces match any whitespace), then regex lines."""
    words = sorted({p.pattern for p in lines if not p.get("regex")}, key=lambda s: (-len(s), s))
    items = [r"\s+".join(regex.escape(w) for w in phrase.split()) for phrase in words]
    rxs = [p.pattern for p in lines if p.get("regex")]
    return items + [f"(?:{_expand(rx, pset, depth + 1)})" for rx in rxs]


def _norm(text: str) -> str:
    """Lookup key of a phrase: lower case, single spaces, no trailing dot."""
    return " ".join(text.lower().split()).rstrip(".")


def _lookup(grammar: _Grammar, labels: tuple[str, ...], text: str) -> Pattern:
    """The vocabulary line that a group's text came from."""
    key = _norm(text)
    for label in labels:
        line = grammar.phrases.get(label, {}).get(key)
        if line is not None:
            return line
        for line, rx in grammar.patterns.get(label, ()):
            if rx.fullmatch(text.strip()):
                return line
    raise _Skip


@cache
def _festivals() -> dict[tuple[str, int], tuple[int, int]]:
    """(festival, year) -> (month, day) from patterns/shared/festivals.csv."""
    table = {}
    for row in read_table("festivals.csv"):
        day = dt.date.fromisoformat(row["date"])
        table[(row["festival"], int(row["year"]))] = (day.month, day.day)
    return table


# --- candidates ----------------------------------------------------------------------


def _candidates(text: str, lang: str, grammar: _Grammar) -> list[_Cand]:
    """All matches of all forms, except those overlapping a DATE_NOT span."""
    spots = prescan_spots(text, lang, "dates")
    block_spots, form_spots = spots[: len(grammar.blockers)], spots[len(grammar.blockers) :]
    blocked = bytearray(len(text))
    for rx, at in zip(grammar.blockers, block_spots, strict=True):
        if at is not None and not at:
            continue  # no match can begin anywhere in the text: most regexes, in most texts
        for m in _finditer(rx, text, at):
            blocked[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    out = []
    for order, ((form, rx), at) in enumerate(zip(grammar.forms, form_spots, strict=True)):
        if at is not None and not at:
            continue
        for m in _finditer(rx, text, at):
            if m.end() > m.start() and not any(blocked[m.start() : m.end()]):
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                out.append(_Cand(m.start(), m.end(), order, form, groups))
    return out


def _finditer(rx: regex.Pattern, text: str, spots: Sequence[int] | None) -> list[regex.Match]:
    """All matches (tried only at `spots` where given), or none when the engine runs out
    of time."""
    try:
        return matches(rx, text, spots, timeout=_TIMEOUT)
    except TimeoutError:
        return []


def _viable(cand: _Cand, grammar: _Grammar, anchor: _Anchor) -> bool:
    """Whether a candidate resolves (context-dependent ones are kept for the second pass)."""
    if cand.form.get("context") or "drel" in cand.groups or _text_relative(cand, grammar):
        return True
    try:
        _resolve(cand, _Ctx(grammar, anchor, cand.form))
    except _Skip:
        return False
    return True


def _text_relative(cand: _Cand, grammar: _Grammar) -> bool:
    """Whether the candidate's year counts from the date before it (次年, the same year)."""
    line = _line_of(cand, grammar, "yrel")
    return line is not None and bool(line.get("previous"))


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Non-overlapping candidates: leftmost first, then longest, then earlier form."""
    chosen: list[_Cand] = []
    for cand in sorted(cands, key=lambda c: (c.start, c.start - c.end, c.order)):
        if not chosen or cand.start >= chosen[-1].end:
            chosen.append(cand)
    return chosen


# --- resolution ----------------------------------------------------------------------


def _resolve(cand: _Cand, ctx: _Ctx) -> _Parts:
    """Turn a candidate's groups into a checked date; raise _Skip when impossible."""
    parts = _Parts(rules=[cand.form.id])
    for step in _STEPS:
        step(parts, cand.groups, ctx)
    _check(parts)
    return parts


def _explicit(parts: _Parts, groups: dict[str, str], ctx: _Ctx) -> None:
    """Years, months and days written as numbers, numerals or month names."""
    if "year" in groups:
        parts.year = _year(groups["year"], ctx.grammar)
        parts.written_year = True
    if "month" in groups:
        parts.month = _month(groups["month"], ctx.grammar, parts)
    if "day" in groups:
        parts.day = _number(_ORDINAL_SUFFIX.sub("", groups["day"]), ctx.grammar)


def _relative_year(parts: _Parts, groups: dict[str, str], ctx: _Ctx) -> None:
    """This year, last year, 明年...; 次年, 同年, the following year from the date before;
    the year of "next spring" (`srel`: this, next, last before a season)."""
    for group in ("yrel", "srel"):
        if group not in groups:
            continue
        line = _vocab(parts, ctx, group, groups)
        if line.get("previous") and ctx.last_year is None and not line.get("offset"):
            raise _Skip  # 当年投产 with no year told before: "that same year" of nothing
        base = ctx.last_year if line.get("previous") and ctx.last_year is not None else ctx.anchor.year
        parts.year = _need(base) + int(line.get("offset", 0))


def _relative_month(parts: _Parts, groups: dict[str, str], ctx: _Ctx) -> None:
    """This month, last month, 下月, the same month/同月..."""
    if "mrel" not in groups:
        return
    line = _vocab(parts, ctx, "mrel", groups)
    base = (ctx.last_month or ctx.anchor) if line.get("same_month") else ctx.anchor
    year, month = _need(base.year), _need(base.month)
    parts.year, parts.month = _shift(year, month, int(line.get("offset", 0)))
    parts.guessed_year = isinstance(base, _Parts) and base.guessed_year  # the same month as "in March"


def _relative_quarter(parts: _Parts, groups: dict[str, str], ctx: _Ctx) -> None:
    """This quarter, next quarter, 下季度: the last month of that quarter, counted from the
    publication's (as 二季度 gives June)."""
    if "qrel" not in groups:
        return
    offset = int(_vocab(parts, ctx, "qrel", groups).get("offset", 0))
    quarter = (_need(ctx.anchor.month) - 1) // QUARTER_MONTHS + offset
    year = _need(ctx.anchor.year) + quarter // QUARTERS
    parts.year, parts.month = year, (quarter % QUARTERS + 1) * QUARTER_MONTHS


QUARTERS, QUARTER_MONTHS = 4, 3


def _period(parts: _Parts, groups: dict[str, str], ctx: _Ctx) -> None:
    """Quarters and half years (last month), year parts that name a month (年底 -> 12)."""
    for group in ("period", "ypart"):
        if group in groups:
            line = _vocab(parts, ctx, group, groups)
            if parts.month is None and line.get("month") is not None:
                parts.month = int(line.get("month"))


def _relative_day(parts: _Parts, groups: dict[str, str], ctx: _Ctx) -> None:
    """Today, yesterday, the same day/当天; 去年同日 and "the same day last year" a year before."""
    if "drel" not in groups:
        return
    line = _vocab(parts, ctx, "drel", groups)
    # the latest day told, or a day counted from it (次日, the next day); else the publication's
    base = (ctx.last_day or ctx.anchor) if line.get("same_day") else ctx.anchor
    day = dt.date(_need(base.year), _need(base.month), _need(base.day))
    day += dt.timedelta(days=int(line.get("offset", 0)))
    years = int(_vocab(parts, ctx, "yrel", groups).get("offset", 0)) if "yrel" in groups else 0
    parts.year, parts.month, parts.day = day.year + years, day.month, day.day


def _weekday(parts: _Parts, groups: dict[str, str], ctx: _Ctx) -> None:
    """Last Friday, 上周五 (the week before the publication's), 本周三; "on Friday" alone is
    the latest such day up to the publication day (news reports the past)."""
    if "wday" not in groups:
        return
    weekday = int(_vocab(parts, ctx, "wday", groups).get("weekday", 0))
    anchor = ctx.anchor
    today = dt.date(_need(anchor.year), _need(anchor.month), _need(anchor.day))
    if "wmod" in groups:
        weeks = int(_vocab(parts, ctx, "wmod", groups).get("offset", 0))
        day = today + dt.timedelta(days=7 * weeks + weekday - today.weekday())
    else:
        day = today - dt.timedelta(days=(today.weekday() - weekday) % 7)
    parts.year, parts.month, parts.day = day.year, day.month, day.day


def _anchored(parts: _Parts, groups: dict[str, str], ctx: _Ctx) -> None:
    """Forms marked `anchor: month` (the end of the month, 月底): the publication month."""
    if ctx.form.get("anchor") == "month" and parts.month is None:
        parts.year, parts.month = _need(ctx.anchor.year), _need(ctx.anchor.month)


def _context(parts: _Parts, groups: dict[str, str], ctx: _Ctx) -> None:
    """Forms marked `context: month` (23日): the month of the latest date before."""
    if ctx.form.get("context") != "month" or parts.month is not None:
        return
    if ctx.last_month is not None:
        parts.year, parts.month = _need(ctx.last_month.year), ctx.last_month.month
        return
    anchor = ctx.anchor
    back = int(anchor.day is not None and _need(parts.day) > anchor.day and not ctx.planned)
    parts.year, parts.month = _shift(_need(anchor.year), _need(anchor.month), -back)


def _default_year(parts: _Parts, groups: dict[str, str], ctx: _Ctx) -> None:
    """Give a year-less date its year (see the module docstring)."""
    if parts.year is not None:
        return
    carry = ctx.carry
    # a month, or a part of the year that names one (年底, 二季度), with no year of its own
    bare = any(group in groups for group in _BARE_GROUPS) and "mmod" not in groups
    # 2022年3月开工，9月竣工/年底竣工: the same 2022, whatever the publication; after 去年11月, a
    # part of the year (in production by the end of the year) is this year's, and a month too
    # when this year's is already past (`_past_this_year`)
    carries = carry is not None and (carry.written_year or (
        "month" in groups and not _past_this_year(parts, carry, ctx.anchor)))
    if bare and carries and parts.month is not None and parts.month > _need(carry.month):
        parts.year, parts.guessed_year = carry.year, carry.guessed_year
        return
    if bare and ctx.year_told is not None:
        parts.year = ctx.year_told  # 2027年，全市计划…，其中一季度: that year's quarter
        return
    if bare and ctx.section is not None:
        parts.year = ctx.section  # in "I. Review of Our Work in 2024", "in March" is of 2024
        return
    anchor = ctx.anchor
    year = _need(anchor.year)
    if "mmod" in groups and parts.month is not None:
        line = _vocab(parts, ctx, "mmod", groups)
        year = _directed_year(parts.month, int(line.get("direction", 0)), anchor)
    elif "month" in groups and parts.month is not None and anchor.month is not None:
        back = _too_far_ahead(parts, anchor)
        year -= back
        parts.guessed_year = not back  # the publication's own year, not already the one before
    parts.year = year


_BARE_GROUPS = ("month", "ypart", "period")


def _past_this_year(parts: _Parts, carry: _Parts, anchor: _Anchor) -> bool:
    """After a date of last year told as such (去年5月, March last year), whether a bare later
    month is one already past in the publication's year, and so of that year: "started in March
    last year, completed at the end of June" in an August article. 2022年3月…9月 keeps its
    written year whatever the publication; 去年5月签约，8月开工 in a March article is last year's."""
    past = parts.month is not None and anchor.month is not None and parts.month <= anchor.month
    return past and _need(carry.year) < _need(anchor.year)


def _too_far_ahead(parts: _Parts, anchor: _Anchor) -> bool:
    """Whether a year-less month (or day) would be more than 9 months after publication."""
    ahead = _need(parts.month) - _need(anchor.month)
    if ahead == _MONTHS_AHEAD and parts.day is not None and anchor.day is not None:
        return parts.day > anchor.day
    return ahead > _MONTHS_AHEAD


def _festival(parts: _Parts, groups: dict[str, str], ctx: _Ctx) -> None:
    """春节, National Day...: a fixed day, or the day of that year from the festival table."""
    if "fest" not in groups:
        return
    line = _vocab(parts, ctx, "fest", groups)
    years = [_need(parts.year)]
    if not {"year", "yrel"} & groups.keys() and ctx.anchor.month is not None:
        years = [years[0] - 1, years[0], years[0] + 1]
    days = [d for d in (_festival_day(line, y) for y in years) if d is not None]
    if len(years) > 1:
        floor = _anchor_day(ctx.anchor) - dt.timedelta(days=0 if ctx.planned else _FESTIVAL_DAYS_BACK)
        days = [d for d in days if d >= floor]
    day = _need(days[0] if days else None)
    if "eve" in groups:  # 国庆前, before National Day: by the day before
        day -= dt.timedelta(days=1)
    parts.year, parts.month, parts.day = day.year, day.month, day.day


def _festival_day(line: Pattern, year: int) -> dt.date | None:
    """A festival's day in a year: from the festival table, or the line's fixed month/day."""
    table = line.get("table")
    if table:
        found = _festivals().get((str(table), year))
        return dt.date(year, *found) if found else None
    return dt.date(year, int(line.get("month", 1)), int(line.get("day", 1)))


def _anchor_day(anchor: _Anchor) -> dt.date:
    """The publication date as a day (mid-month where the day is unknown)."""
    return dt.date(_need(anchor.year), _need(anchor.month), anchor.day or 15)


_STEPS = (
    _explicit,
    _relative_year,
    _relative_month,
    _relative_quarter,
    _period,
    _relative_day,
    _weekday,
    _anchored,
    _context,
    _default_year,
    _festival,
)


# --- small helpers -------------------------------------------------------------------


def _vocab(parts: _Parts, ctx: _Ctx, group: str, groups: dict[str, str]) -> Pattern:
    """Look a group's text up in its vocabulary and record the line's id."""
    line = _lookup(ctx.grammar, _GROUP_LABELS[group], groups[group])
    parts.rules.append(line.id)
    return line


def _need(value: _T | None) -> _T:
    """The value, or _Skip when it is missing."""
    if value is None:
        raise _Skip
    return value


def _year(text: str, grammar: _Grammar) -> int:
    """A written year: 2022, 24 (-> 2024), 二〇二三."""
    year = _number(text, grammar)
    return 2000 + year if len(text.strip()) == 2 else year


def _month(text: str, grammar: _Grammar, parts: _Parts) -> int:
    """A written month: 3, 三, 十二, March, Sept."""
    try:
        return _number(text, grammar)
    except _Skip:
        line = _lookup(grammar, _MONTH_LABELS, text)
        parts.rules.append(line.id)
        return int(line.get("month", 0))


def _number(text: str, grammar: _Grammar) -> int:
    """ASCII digits or Chinese numerals (二〇二三 digit by digit, 二十三 positionally)."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(ch not in grammar.digits for ch in text):
        raise _Skip
    values = [grammar.digits[ch] for ch in text]
    if 10 not in values:
        return int("".join(str(v) for v in values))
    at = values.index(10)
    tens = values[at - 1] if at > 0 else 1
    ones = values[at + 1] if at + 1 < len(values) else 0
    return tens * 10 + ones


def _directed_year(month: int, direction: int, anchor: _Anchor) -> int:
    """Year of `next May` (first after publication) or `last May` (the year before's: machine
    translation writes 去年4月 as "last April", even in an August article)."""
    year, current = _need(anchor.year), _need(anchor.month)
    if direction > 0:
        return year + (month <= current)
    if direction < 0:
        return year - 1
    return year


def _shift(year: int, month: int, offset: int) -> tuple[int, int]:
    """Move a (year, month) by whole months."""
    total = year * 12 + month - 1 + offset
    return total // 12, total % 12 + 1


def _check(parts: _Parts) -> None:
    """Reject impossible dates (month 13, 31 June, a day without a month)."""
    if parts.year is None or not 1900 <= parts.year <= 2100:
        raise _Skip
    if parts.month is not None and not 1 <= parts.month <= 12:
        raise _Skip
    if parts.day is not None:
        if parts.month is None:
            raise _Skip
        if not 1 <= parts.day <= calendar.monthrange(parts.year, parts.month)[1]:
            raise _Skip


def _iso(parts: _Parts) -> str:
    """ISO text at the precision known."""
    text = f"{parts.year:04d}"
    if parts.month is not None:
        text += f"-{parts.month:02d}"
        if parts.day is not None:
            text += f"-{parts.day:02d}"
    return text


def _anchor(published: str | None) -> _Anchor:
    """Parse the ISO publication date (`2022`, `2022-07`, `2022-07-06`); invalid -> unknown."""
    match = _ISO.match((published or "").strip())
    if not match:
        return _Anchor()
    year, month, day = (int(g) if g else None for g in match.groups())
    probe = _Parts(year, month, day)
    try:
        _check(probe)
    except _Skip:
        return _Anchor()
    return _Anchor(year, month, day)
