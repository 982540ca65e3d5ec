"""Tables written as text: a header row naming its columns, then a row per project.

    序号	项目名称	建设单位	总投资（亿元）	建设内容
    1	禹城市年产5万吨功能糖项目	山东禹糖生物科技有限公司	12.5	新建发酵车间…

Cells are split by tabs, by runs of two or more spaces, or by bars (| a | b |, whose
|---| rule lines are skipped). The header's cells are matched
against the TABLE_COLUMN lines of `patterns/<lang>/tables.jsonl` (`column`: name,
investment or date; `scale`: the unit an investment column's header gives, 亿元 = 10**8;
`field`: the milestone a date column gives, 计划开工 = start). A row's name cell is a
project name whatever its words, its investment cell, a bare figure, is an investment in
yuan, and the first date in a date cell is that milestone of the row's project (the other
milestones found in such a row are not: 新开工 in a remark cell would take the completion
column's date). The rest of the row (company, content) is read by the other recognizers,
as the rest of the project's line.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache

import regex

from extract.dates import DateMention
from extract.milestones import Milestone
from extract.money import Amount
from extract.names import clean_name
from extract.patterns import Pattern, load_patterns
from extract.records import Mention, Sentence
from extract.segment import sentence_at
from extract.spans import Barriers

_CELL_GAP = regex.compile(r"[ \u3000]*[|｜][ \u3000]*|\t+[ \u3000]*|[ \u3000]{2,}")
_RULE_LINE = regex.compile(r"[\s|｜:：=+\-—–]+")  # |---|---| under a header: no row
_LINE = regex.compile(r"[^\n]+")
_FIGURE = regex.compile(r"\d+(?:\.\d+)?")
_RANGE = regex.compile(r"(?P<low>\d+(?:\.\d+)?)\s*[-—–~～至到]\s*(?P<high>\d+(?:\.\d+)?)")
_MIN_CELLS = 3


@dataclass(frozen=True)
class Tables:
    """The project names and investments read from an article's text tables."""

    names: list[Mention]
    amounts: list[Amount]
    rows: list[tuple[int, int]]  # the rows' spans: a name elsewhere in a row is a part (新建…生产线)
    milestones: list[Milestone]  # the dates of the rows' date cells
    dated_rows: list[tuple[int, int]]  # the rows under a header with a date column

    def without_dated_rows(self, stones: Sequence[Milestone]) -> list[Milestone]:
        """The milestones, less those found in a row whose date cells give its milestones,
        plus those."""
        if not self.dated_rows:
            return list(stones)
        rows = Barriers(self.dated_rows)
        kept = [s for s in stones if not rows.covers(s.trigger_start)]
        return sorted(kept + self.milestones, key=lambda s: s.trigger_start)

    def without_parts(self, names: Sequence[Mention]) -> list[Mention]:
        """The names, less those in a row outside its name cell."""
        own = {(n.start, n.end) for n in self.names}
        return [n for n in names if (n.start, n.end) in own
                or not any(a <= n.start < b for a, b in self.rows)]


def read_tables(
    text: str, sentences: Sequence[Sentence], lang: str, dates: Sequence[DateMention] = ()
) -> Tables:
    """Every text table of the article: its rows' names, investments and milestone dates
    (`dates`: the article's, in text order)."""
    columns = _columns(lang)
    names: list[Mention] = []
    amounts: list[Amount] = []
    rows: list[tuple[int, int]] = []
    stones: list[Milestone] = []
    dated: list[tuple[int, int]] = []
    starts = [d.start for d in dates]
    header: dict[int, Pattern] | None = None
    unit: int | None = None  # yuan per unit stated above a table (（单位：万元）)
    for line in _LINE.finditer(text):
        if _RULE_LINE.fullmatch(text, line.start(), line.end()):
            continue
        cells = _cells(text, line.start(), line.end())
        if len(cells) < _MIN_CELLS:
            header = None
            unit = _unit(text, line.start(), line.end(), lang)
            continue
        found = {i: col for i, (a, b) in enumerate(cells) for col in columns if col[1].fullmatch(text, a, b)}
        if any(col[0].get("column") == "name" for col in found.values()):
            scaled = {i: _with_scale(col[0], unit) for i, col in found.items()}
            header = {i: col for i, col in scaled.items() if col is not None}
        elif header is not None and len(cells) >= max(header) + 1:
            row_names, row_amounts = _row(text, cells, header, sentences, lang)
            names += row_names
            amounts += row_amounts
            rows.append(line.span())
            if any(col.get("column") == "date" for col in header.values()):
                dated.append(line.span())
                stones += _row_dates(cells, header, dates, starts)
    return Tables(names, amounts, rows, stones, dated)


def _unit(text: str, start: int, end: int, lang: str) -> int | None:
    """Yuan per unit where the line states a table's unit (（单位：万元）, (Unit: 10,000 yuan))."""
    for line, rx in _units(lang):
        if rx.fullmatch(text, start, end):
            return int(str(line.get("scale")))
    return None


def _with_scale(column: Pattern, unit: int | None) -> Pattern | None:
    """An investment column whose header gives no unit (总投资) takes the table's stated unit,
    or is not read; other columns as they are."""
    if column.get("column") != "investment" or column.get("scale") is not None:
        return column
    return None if unit is None else replace(column, attrs={**column.attrs, "scale": unit})


def _row_dates(
    cells: list[tuple[int, int]], header: dict[int, Pattern], dates: Sequence[DateMention],
    starts: Sequence[int],
) -> list[Milestone]:
    """The first date of each date cell, as the column's milestone (`starts`: the dates')."""
    out = []
    for i, column in header.items():
        if column.get("column") != "date":
            continue
        start, end = cells[i]
        k = bisect_left(starts, start)
        if k < len(dates) and dates[k].start < end:
            out.append(Milestone(str(column.get("field")), dates[k], None, start, start, column.id))
    return out


def _row(
    text: str, cells: list[tuple[int, int]], header: dict[int, Pattern], sentences: Sequence[Sentence],
    lang: str,
) -> tuple[list[Mention], list[Amount]]:
    names, amounts = [], []
    for i, column in header.items():
        start, end = cells[i]
        if column.get("column") == "name":
            names.append(Mention("project_name", clean_name(text[start:end]), text[start:end], start, end,
                                 f"{lang}.project.table_name", sentence_at(sentences, start)))
        elif column.get("column") == "investment":
            low, high = _yuan_range(text[start:end], column)
            if low is not None:
                amounts.append(Amount(low, high, "CNY", "", "investment", start, end,
                                      f"{lang}.money.table_cell", column.id))
    return names, amounts


def _yuan_range(cell: str, column: Pattern) -> tuple[int | None, int | None]:
    """A bare figure, or a range of two (45—50), in the column's unit, in yuan (12.5 under
    总投资（亿元）): (value, None), (low, high), or (None, None)."""
    bare = cell.strip().replace(",", "")
    pair = _RANGE.fullmatch(bare)
    if pair is not None:
        return _yuan(pair.group("low"), column), _yuan(pair.group("high"), column)
    return (_yuan(bare, column), None) if _FIGURE.fullmatch(bare) else (None, None)


def _yuan(figure: str, column: Pattern) -> int | None:
    try:
        return int(Decimal(figure) * Decimal(str(column.get("scale", 1))))
    except InvalidOperation:
        return None


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of a line, as spans without their outer spaces, split at tabs or wide spaces."""
    spans, at = [], start
    gaps = [(g.start(), g.end()) for g in _CELL_GAP.finditer(text, start, end)] + [(end, end)]
    for gap_start, gap_end in gaps:
        piece = text[at:gap_start]
        if piece.strip():
            spans.append((at + len(piece) - len(piece.lstrip()), at + len(piece.rstrip())))
        at = gap_end
    return spans


@cache
def _units(lang: str) -> tuple[tuple[Pattern, regex.Pattern[str]], ...]:
    lines = load_patterns(lang).by_label("TABLE_UNIT")
    return tuple((p, regex.compile(r"\s*(?:" + p.pattern + r")\s*", regex.IGNORECASE)) for p in lines)


@cache
def _columns(lang: str) -> tuple[tuple[Pattern, regex.Pattern[str]], ...]:
    lines = load_patterns(lang).by_label("TABLE_COLUMN")
    return tuple((p, regex.compile(r"\s*(?:" + p.pattern + r")\s*", regex.IGNORECASE)) for p in lines)
