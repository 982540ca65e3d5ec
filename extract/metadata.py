"""Article-level facts read from the text itself: its language and publication date."""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from extract.counts import zh_int
from extract.textnorm import fold

LANG_WINDOW = 5000  # characters looked at by detect_lang
HEADER_CHARS = 1500  # the publication date is looked for only this far into the text
HEADER_LINES = 15  # ... and only in this many non-empty lines
FOOTER_LINES = 3  # without one there, the last lines may date it: "(Editor: Tan Li) 2024-06-11"
FOOTER_CHARS = 600
MAX_HEADER_LINE = 120  # an unlabelled line longer than this is body text
MIN_YEAR, MAX_YEAR = 1990, 2100
# One Han character carries about as much as two or three Latin letters, so this
# weight makes "dominate" mean "most of the content" rather than "most of the glyphs".
HAN_WEIGHT = 2

_HAN = regex.compile(r"\p{Han}+")  # runs, not characters: far fewer matches to count
_LATIN = regex.compile(r"\p{Latin}+")
_ASCII_LETTERS = string.ascii_letters.encode()

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_DATE = regex.compile(
    r"(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
    r"|(?<!\d)(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})(?:\s*[日号]|(?!\d))"
    # machine translation of 2026年6月12日
    r"|(?<!\d)(?P<y>\d{4})\s+years?\s+(?P<m>\d{1,2})\s+months?\s+(?P<d>\d{1,2})(?:\s+days?\b|(?!\d))"
    rf"|(?<![a-z]){_MONTH}\s*{_DAY}\s*,?\s*(?P<y>\d{{4}})(?!\d)"
    rf"|(?<![\da-z]){_DAY}\s+{_MONTH},?\s+(?P<y>\d{{4}})(?!\d)"
    r"|(?<![\d.])(?P<first>\d{1,2})(?P<sep>[-/.])(?P<second>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)",
    regex.IGNORECASE,
)
_YEAR = regex.compile(r"\d{4}")
_EN_LABEL = r"release[sd]?|publish(?:ed)?|posted|updated?|issued?"
_LABEL = regex.compile(
    r"^\s*(?:released|published|posted|updated)\b"  # "Published 10 May 2022": no colon
    rf"|(?<![a-z])(?:(?:{_EN_LABEL})\s*(?:time|date|on|at)?|time|date)\s*[:：]"
    r"|发布(?:时间|日期)?\s*[:：]|发布于|来源\s*[:：]|(?:日期|时间|更新时间|更新)\s*[:：]",
    regex.IGNORECASE,
)
_PUBLISH_LABEL = regex.compile(
    r"发布(?:日期|时间)\s*[:：]|publish(?:ed)?\s*(?:date|time|on)?\s*[:：]", regex.IGNORECASE
)
_LABEL_ONLY = regex.compile(
    rf"^\s*(?:(?:{_EN_LABEL})(?:\s+(?:time|date|on|at))?|time|date|发布时间|发布日期|日期|时间)"
    r"\s*[:：]?\s*$",
    regex.IGNORECASE,
)
# Signs that the rest of a line around a bare date is a sentence of the body.
_SENTENCE_END = regex.compile(r"[.!?。！？；;]\s*$")
_SENTENCE_PUNCT = regex.compile(r"[，。；]")
_DATE_ADVERB = regex.compile(
    r"(?:(?<![a-z])(?:on|in|since|from|until|by|at)|于|在|从|至|截至)\s*$", regex.IGNORECASE
)
_WORD = regex.compile(r"[a-z]+", regex.IGNORECASE)
MAX_REST_WORDS = 8
# A header line of fields (`15/10/2024 10:42  Source: Chifeng Daily  Reporter: …`): however
# many words, the gaps between its fields are runs of spaces, full-width spaces or bars.
_FIELD_GAP = regex.compile(r"(?<=\S)(?:[ \t]{2,}|\u3000+|[ \t]*[|│■][ \t]*)(?=\S)")
MIN_FIELDS = 3
_LINE = regex.compile(r"[^\n]+")
_TIME_REST = regex.compile(
    r"(?:[T\s]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?\s*"
)


@dataclass(frozen=True)
class PublishedDate:
    """A publication date: ISO value and the offsets of the date text it was read from."""

    value: str
    start: int
    end: int


def detect_lang(text: str) -> str:
    """Return "zh" when Han characters dominate the Latin letters of the text, else "en"."""
    head = text[:LANG_WINDOW]
    han = sum(map(len, _HAN.findall(head)))
    if _ascii_letters(head) >= han * HAN_WEIGHT:  # Latin letters include the ASCII ones
        return "en"
    latin = sum(map(len, _LATIN.findall(head)))
    return "zh" if han * HAN_WEIGHT > latin else "en"


def _ascii_letters(text: str) -> int:
    """How many A-Z and a-z are in `text` (counted in C: no match objects)."""
    raw = text.encode("utf-8", "surrogatepass")
    return len(raw) - len(raw.translate(None, _ASCII_LETTERS))


def find_published(text: str) -> PublishedDate | None:
    """The publication date given in the article's header lines, else in its last lines."""
    return _header_date(text) or _footer_date(text)


def _header_date(text: str) -> PublishedDate | None:
    bare: PublishedDate | None = None
    after_label = False
    for offset, line in _header_lines(fold(text[:HEADER_CHARS])):
        labelled = _LABEL.search(line) is not None
        published = _PUBLISH_LABEL.search(line) if labelled else None
        if published is not None:  # 成文日期：…　发布日期：…: the date after the publishing label
            after = line[published.end() :]
            found = _first_date(after) or _compact_date(after)
            if found:
                return _published(found, offset + published.end())
        found = _first_date(line) or (_compact_date(line) if labelled else None)
        if found and (after_label or labelled):
            return _published(found, offset)
        if found and bare is None and _is_header_date(line, found[0]):
            bare = _published(found, offset)
        # "Release Time:" alone on a line labels the date on the next line
        after_label = found is None and _LABEL_ONLY.match(line) is not None
    return bare


def _footer_date(text: str) -> PublishedDate | None:
    """A date line among the last lines: a credit line, not a sentence of the body."""
    start = max(0, len(text) - FOOTER_CHARS)
    tail = fold(text[start:])
    lines = [(m.start(), m.group()) for m in _LINE.finditer(tail) if m.group().strip()]
    for offset, line in reversed(lines[-FOOTER_LINES:]):
        found = _first_date(line)
        if found and (_LABEL.search(line) or _is_header_date(line, found[0])):
            return _published(found, start + offset)
    return None


def parse_date(value: str) -> str | None:
    """The ISO date of a string that is a date (optionally followed by a time), else None."""
    folded = fold(value.strip())
    match = _DATE.match(folded)
    if match is None or not _only_time_after(folded[match.end() :]):
        return None
    return _iso(match)


def _header_lines(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of the first non-empty lines inside the header window."""
    count = 0
    for match in _LINE.finditer(text[:HEADER_CHARS]):
        if match.group().strip():
            yield match.start(), match.group()
            count += 1
            if count == HEADER_LINES:
                return


def _first_date(line: str) -> tuple[regex.Match[str], str] | None:
    """The first valid date of a line: its match and ISO value."""
    if _YEAR.search(line) is None:  # every form has a four-digit year: most lines have none
        return _numeral_date(line)
    for match in _DATE.finditer(line):
        iso = _iso(match)
        if iso is not None:
            return match, iso
    return None


def _compact_date(line: str) -> tuple[regex.Match[str], str] | None:
    """A date written as eight digits (Publish time: 20260514), read only after a label."""
    match = _COMPACT_DATE.search(line)
    if match is None:
        return None
    iso = _valid_iso(int(match["y"]), int(match["m"]), int(match["d"]))
    return (match, iso) if iso else None


_COMPACT_DATE = regex.compile(
    r"(?<![\d/-])(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?![\d/-])"
)


def _numeral_date(line: str) -> tuple[regex.Match[str], str] | None:
    """A date in Chinese numerals (二〇二六年七月二十日): its match and ISO value."""
    match = _NUMERAL_DATE.search(line) if "年" in line else None
    if match is None:
        return None
    year = "".join(str(zh_int(ch)) for ch in match["y"])
    iso = _valid_iso(int(year), zh_int(match["m"]) or 0, zh_int(match["d"]) or 0)
    return (match, iso) if iso else None


_NUMERAL_DATE = regex.compile(
    r"(?P<y>[〇零一二三四五六七八九]{4})\s*年\s*(?P<m>[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<d>[一二三四五六七八九十]{1,3})\s*[日号]"
)


def _published(found: tuple[regex.Match[str], str], offset: int) -> PublishedDate:
    """The PublishedDate of a date found in the line starting at `offset`."""
    match, iso = found
    return PublishedDate(iso, offset + match.start(), offset + match.end())


def _iso(match: regex.Match[str]) -> str | None:
    """yyyy-mm-dd of a _DATE match, or None when it is not a real date in range.

    A date with the year last is read day first (21/02/2024, as written outside the US),
    month first only where the second number cannot be a month (02/21/2024)."""
    if match["first"]:
        first, second = int(match["first"]), int(match["second"])
        day, month = (second, first) if second > 12 else (first, second)
    else:
        month = _MONTHS[match["mon"][:3].lower()] if match["mon"] else int(match["m"])
        day = int(match["d"])
    return _valid_iso(int(match["y"]), month, day)


def _valid_iso(year: int, month: int, day: int) -> str | None:
    """yyyy-mm-dd of a real date in range, else None."""
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date.isoformat() if MIN_YEAR <= date.year <= MAX_YEAR else None


def _is_header_date(line: str, match: regex.Match[str]) -> bool:
    """Whether an unlabelled line with this date is a header line, not a body sentence."""
    if len(line.strip()) > MAX_HEADER_LINE or _DATE_ADVERB.search(line[: match.start()]):
        return False
    rest = f"{line[: match.start()]} {line[match.end() :]}".strip()
    if _SENTENCE_END.search(rest) or _SENTENCE_PUNCT.search(rest):
        return False
    fields = len(_FIELD_GAP.findall(line.strip())) + 1
    return len(_WORD.findall(rest)) <= MAX_REST_WORDS or fields >= MIN_FIELDS


def _only_time_after(rest: str) -> bool:
    """Whether what follows a date in a date field is nothing or a time of day."""
    return _TIME_REST.fullmatch(rest) is not None
