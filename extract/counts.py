"""Batch statements: how many projects ("a total of 321 projects", "53个重点项目")."""

from __future__ import annotations

from functools import cache

import regex

from extract.patterns import alternation, load_patterns
from extract.prescan import Group
from extract.prescan import spots as prescan_spots
from extract.records import Mention, Sentence
from extract.segment import sentence_at
from extract.starts import matches

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_MOD_WORD = r"[A-Za-z0-9-][\w'’-]*"


def zh_int(numeral: str) -> int | None:
    """A small Chinese numeral (一百二十三, 十五, 两) as an int."""
    total, digit = 0, None
    for ch in numeral:
        if ch in _ZH_DIGITS:
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            total += (1 if digit is None else digit) * _ZH_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


# A number starts where no digit (numeral) stands before it: else every position of a long
# run of them would be tried again, in quadratic time.
_ZH_NUMERALS = "一二三四五六七八九十百千两"


@cache
def _count_regex(lang: str) -> regex.Pattern[str]:
    pats = load_patterns(lang)
    heads = alternation(pats.phrases("COUNT_HEAD"), words=lang == "en")
    if lang == "en":
        words = alternation(pats.phrases("NUMBER_WORD"), words=True)
        stop = alternation(pats.phrases("COUNT_MOD_STOP"), words=True)
        mods = rf"(?:(?!{stop}){_MOD_WORD}\s+){{0,7}}?"
        scale = alternation(pats.phrases("NOT_A_COUNT_AFTER"), words=True)
        return regex.compile(
            rf"(?<![\w.,])(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|{words})\s+(?!{scale})"
            rf"(?P<mods>{mods})(?P<head>{heads})",
            regex.IGNORECASE,
        )
    measure = alternation(pats.phrases("MEASURE_WORD"))
    approx = alternation(pats.phrases("COUNT_APPROX"))  # 30余个, 40多个: counted as 30, 40
    filler = alternation(pats.phrases("COUNT_TAIL_FILLER"))  # 项目共42个
    parts = pats.phrases("COUNT_PART_AFTER")  # 该项目3个标段: parts of one project, no count
    not_parts = f"(?!{alternation(parts)})" if parts else ""
    spans = pats.phrases("NOT_A_COUNT_AFTER")  # 连续两个月…的项目: a stretch of time, no count
    not_span = f"(?!{alternation(spans)})" if spans else ""
    return regex.compile(
        rf"(?P<num>(?<![\d.．第])\d+|(?<![{_ZH_NUMERALS}第])[{_ZH_NUMERALS}]+)\s*(?:{approx})?{measure}{not_span}"
        # no quote inside: "三个一批"项目建设活动 is a slogan, not three projects
        rf"(?P<mods>[^，。；、：,.;:!?…\d\s“”「」]{{0,12}}?)(?P<head>{heads})"
        rf"|(?P<head2>{heads})(?:{filler})?(?P<num2>\d+|[{_ZH_NUMERALS}]+)\s*(?:{approx})?{measure}{not_span}{not_parts}"
    )


def scanned(lang: str) -> Group:
    """The count regex, tried only where it can begin (prescan)."""
    rx = _count_regex(lang)
    return Group([rx], ignore_case=bool(rx.flags & regex.IGNORECASE))


@cache
def _label_before(lang: str) -> regex.Pattern[str] | None:
    """A label right before the figure (Phase 2 project: NOT_A_COUNT_BEFORE), checked per
    match rather than as a lookbehind the engine would try at every position."""
    labels = load_patterns(lang).phrases("NOT_A_COUNT_BEFORE")
    if not labels:
        return None
    return regex.compile(rf"{alternation(labels, words=True)}\s{{0,2}}$", regex.IGNORECASE)


_LABEL_REACH = 16  # characters before a figure searched for a label


@cache
def _number_words() -> dict[str, int]:
    return {p.pattern.lower(): int(str(p.get("value"))) for p in load_patterns("en").by_label("NUMBER_WORD")}


def _value(num: str) -> int | None:
    if num[0].isdigit():
        return int(num.replace(",", ""))
    return _number_words().get(num.lower(), zh_int(num))


def find_counts(text: str, sentences: list[Sentence], lang: str) -> list[Mention]:
    """Project counts (field count): one mention per batch statement."""
    out = []
    label = _label_before(lang)
    for m in matches(_count_regex(lang), text, prescan_spots(text, lang, "counts")[0]):
        if label is not None and label.search(text, max(0, m.start() - _LABEL_REACH), m.start()):
            continue
        num = m.group("num") or m.group("num2") if lang == "zh" else m.group("num")
        value = _value(num) if num else None
        if value is None or value < 2 or 1949 <= value <= 2100:
            continue
        rule = f"{lang}.count.{'tail' if lang == 'zh' and m.group('num2') else 'number_head'}"
        out.append(Mention("count", str(value), m.group(), m.start(), m.end(), rule,
                           sentence_at(sentences, m.start())))
    return out
