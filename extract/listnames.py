"""Project names known only by their place in a list, and list items about one project.

"the A industrial park, the B power battery, the C logistics port" and
"A产业园、年产5万吨再生铝、C项目" name three projects, though only two carry a head word:
items written between two names (LIST_GAP) or between a name and the list's end
(LIST_END: "and other projects", 等…项目) are names too. The gap and end shapes are data
(`patterns/<lang>/projects.jsonl`); the item must read as a name (no stop word, not a
place, an amount or a company alone).

A paragraph opening with a title, a project name alone (after a LIST_MARKER such as
`1.` or （三）), details that project: "1. X industrial park. Undertaken by Y Co., Ltd.,
total investment RMB4.2bn." So does a record's name field (FIELD_NAME: "Project: X" and
the Investor:/Investment: lines under it; 1.项目名称：X；建设单位：…), and, for the rest of its
line, a paragraph's first sentence naming one project (`item_details`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import regex

from extract.names import clean_name, name_rules
from extract.patterns import load_patterns
from extract.records import Mention, Sentence
from extract.segment import opens_line, sentence_at, tokenize
from extract.spans import Barriers

_MAX_ITEM_WORDS = {"en": 12, "zh": 8}
_HAS_LETTER = regex.compile(r"[\p{L}]")
_BEFORE_TITLE = regex.compile(r"\s*(?:the\s+)?", regex.IGNORECASE)
_TITLE_END = regex.compile(r"\s*[.。:：]?\s*")


@dataclass(frozen=True)
class ListRules:
    """The list shapes of one language: each regex has the group `item`."""

    gaps: tuple[tuple[str, regex.Pattern[str]], ...]  # (rule id, regex) read between two names
    ends: tuple[tuple[str, regex.Pattern[str]], ...]  # (rule id, regex) read after the last name
    marker: regex.Pattern[str] | None  # a list item's number (1. （三） ①)
    field: regex.Pattern[str] | None  # a record's name field, group `name` (Project: …, 项目名称：…)


@cache
def list_rules(lang: str) -> ListRules:
    """Compile the LIST_GAP and LIST_END patterns of a language once."""
    pats = load_patterns(lang)
    flags = regex.IGNORECASE if lang == "en" else 0

    def compiled(label: str) -> tuple[tuple[str, regex.Pattern[str]], ...]:
        return tuple((p.id, regex.compile(p.pattern, flags)) for p in pats.by_label(label))

    field = pats.any_of("FIELD_NAME", flags)
    return ListRules(compiled("LIST_GAP"), compiled("LIST_END"), name_rules(lang).list_marker, field)


def field_names(text: str, sentences: Sequence[Sentence], lang: str) -> list[Mention]:
    """The values of records' name fields ("Project: 50,000-ton copper foil project",
    1.项目名称：…；): project names whatever their words, written where a line opens."""
    rules = list_rules(lang)
    if rules.field is None:
        return []
    found = []
    for m in rules.field.finditer(text):
        start, end = m.span("name")
        if opens_line(text, m.start()) and text[start:end].strip():
            mention = Mention("project_name", clean_name(text[start:end]), text[start:end], start, end,
                              f"{lang}.project.field_name", sentence_at(sentences, start))
            found.append(mention)
    return found


def with_field_names(names: Sequence[Mention], fields: Sequence[Mention]) -> list[Mention]:
    """The names, those inside a name field replaced by the field's value."""
    kept = [n for n in names if not any(n.start < f.end and f.start < n.end for f in fields)]
    return sorted([*kept, *fields], key=lambda m: m.start)


def item_details(
    text: str, sentences: Sequence[Sentence], names: Sequence[Mention], lang: str
) -> list[tuple[Mention, list[int]]]:
    """Each project that leads a paragraph, with the indices of the sentences that detail it:
    - a record's name field: the rest of its record (`_record_from`);
    - a list item title (the name alone, after an optional LIST_MARKER): the rest of its
      paragraph, or, for a numbered title standing alone, the next paragraph;
    - else a paragraph's first sentence naming one project: the rest of its line."""
    marker = list_rules(lang).marker
    by_sentence: dict[int, list[Mention]] = {}
    for name in names:
        by_sentence.setdefault(name.sentence_index, []).append(name)
    found = []
    for sent in sentences:
        named = by_sentence.get(sent.index, [])
        if len(named) != 1 or not opens_line(text, sent.start):
            continue
        lead = marker.match(text, sent.start, named[0].start) if marker else None
        if named[0].rule.endswith(".field_name"):
            found.append((named[0], _record_from(text, sentences, sent.index, marker)))
        elif _is_title(text, sent, named[0], lead.end() if lead else sent.start):
            details = _detail_sentences(text, sentences, sent.index, numbered=lead is not None, marker=marker)
            found.append((named[0], details))
        else:
            found.append((named[0], _line_from(text, sentences, sent.index)[1:]))
    return found


def _is_title(text: str, sent: Sentence, name: Mention, body: int) -> bool:
    """Whether the sentence from `body` on is the name alone (and a full stop or colon)."""
    return (_BEFORE_TITLE.fullmatch(text, body, name.start) is not None
            and _TITLE_END.fullmatch(text, name.end, sent.end) is not None)


def _detail_sentences(
    text: str, sentences: Sequence[Sentence], title: int, numbered: bool,
    marker: regex.Pattern[str] | None,
) -> list[int]:
    """The sentences after the title in its paragraph (a line); when there are none and the
    title is numbered, the lines right below it down to a blank line (a record's fields), else
    those of the next paragraph unless it opens another item."""
    rest = _line_from(text, sentences, title)[1:]
    if rest or not numbered or title + 1 >= len(sentences):
        return rest
    following = sentences[title + 1]
    if marker is not None and marker.match(text, following.start, following.end):
        return []
    if text.count("\n", sentences[title].end, following.start) == 1:
        return _record_from(text, sentences, title, marker)  # 1.Name / 建设单位：… / 总投资：… lines
    return _line_from(text, sentences, title + 1)


def _record_from(
    text: str, sentences: Sequence[Sentence], title: int, marker: regex.Pattern[str] | None
) -> list[int]:
    """The sentences of a record after its name field: on to a blank line, or to the next
    line opening with a list number (a record per line: 1.项目名称：…；建设单位：…)."""
    details = []
    for k in range(title + 1, len(sentences)):
        gap = text[sentences[k - 1].end : sentences[k].start]
        numbered = marker is not None and marker.match(text, sentences[k].start) is not None
        if gap.count("\n") > 1 or ("\n" in gap and numbered):
            break
        details.append(k)
    return details


def _line_from(text: str, sentences: Sequence[Sentence], first: int) -> list[int]:
    """Sentence `first` and the sentences after it on its line."""
    last = first
    while last + 1 < len(sentences) and "\n" not in text[sentences[last].end : sentences[last + 1].start]:
        last += 1
    return list(range(first, last + 1))


def find_list_items(
    text: str, names: Sequence[Mention], lang: str, taken: Sequence[tuple[int, int]],
    places: Sequence[tuple[int, int]] = (), end_reach: int = 60,
) -> list[Mention]:
    """Names standing in a list beside `names` (same sentence), overlapping none of `taken`
    (companies, amounts, dates) and not lying inside one of `places` (a place alone)."""
    rules = list_rules(lang)
    blocked = Barriers(taken)
    ordered = sorted(names, key=lambda m: m.start)
    found: list[Mention] = []
    for left, right in pairwise(ordered):
        if left.sentence_index == right.sentence_index and left.end <= right.start:
            found += _items(text, left, left.end, right.start, rules.gaps, lang, blocked)
    for name in ordered:
        found += _items(text, name, name.end, min(len(text), name.end + end_reach), rules.ends, lang, blocked)
    return [m for m in found if not any(s <= m.start and m.end <= e for s, e in places)]


def _items(
    text: str, left: Mention, start: int, end: int,
    shapes: Sequence[tuple[str, regex.Pattern[str]]], lang: str, blocked: Barriers,
) -> list[Mention]:
    """The list items the first fitting shape reads in text[start:end]; none unless every
    item reads as a name (one that does not shows the list was misread)."""
    for rule, shape in shapes:
        m = shape.match(text, start, end)
        if m is None:
            continue
        spans = m.spans("item")
        if not all(_reads_as_name(text, s, e, lang) and not blocked.overlaps(s, e) for s, e in spans):
            return []
        return [Mention("project_name", clean_name(text[s:e]), text[s:e], s, e, rule, left.sentence_index)
                for s, e in spans]
    return []


def _reads_as_name(text: str, start: int, end: int, lang: str) -> bool:
    """No stop word, a letter, not too many words, and not only generic words."""
    words = [t.text.lower() for t in tokenize(text, start, end, lang) if not t.text.isspace()]
    if not words or len(words) > _MAX_ITEM_WORDS[lang] or not _HAS_LETTER.search(text[start:end]):
        return False
    rules = name_rules(lang)
    if any(w in rules.stops for w in words):
        return False
    return not all(w in rules.generic or not _HAS_LETTER.search(w) for w in words)
