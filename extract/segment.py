"""Segmentation: sentences of an article, and spaCy tokens where a stage needs them.

Sentence boundaries come from a cheap regex pass over the whole text (the genre glues
sentences: `...yuan.We will`); tokens come from a blank spaCy pipeline (jieba segmenter
for Chinese) and are made only for the sentences a recognizer asks about, because
tokenizing everything would dominate the run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING, NamedTuple

import regex
import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.language import Language

from extract.patterns import data_path, load_patterns
from extract.records import Mention, Sentence

if TYPE_CHECKING:  # jieba is imported only where Chinese text is met
    import jieba

    from extract.jiebacut import JiebaCut

# A candidate end: terminal punctuation (plus closing quotes), or a line break.
_END = regex.compile(r"[.!?。！？；;…]+[\"'”’」』)）]*|\n+")
_CJK = regex.compile(r"\p{Han}")
_NEXT_CHAR = regex.compile(r"\s*(\S?)")
_LAST_WORD = regex.compile(r"(?r)[\w.]+$")  # backwards: the trailing run, without a try per start
_CONTINUING = "，,、的"  # a line ending with one of these continues its sentence on the next line
_ENDING = "。！？；：.!?;:"  # a line ending with one of these may end its sentence
_LINE_TAIL = 40  # characters before a line break looked at for its last mark
_LIST_NUMBER = regex.compile(r"(?:^|\n)[ \t\u3000]*\d{1,2}$")  # "1." opening a line numbers an item


# makes a Token without its Python-level __new__, a tenth of the time of tokenizing
_new_tuple = tuple.__new__


class Token(NamedTuple):
    """A token with its character offsets into the article text (a tuple: tens of
    thousands are made per article, and tuples are made four times faster)."""

    text: str
    start: int
    end: int
    pos: str = ""  # Chinese: jieba's tag of a function word (FUNCTION_TAGS: v, d, p …), else ""


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(p.lower() for p in load_patterns("en").phrases("ABBREVIATION"))


def _is_boundary(text: str, match: regex.Match[str], abbreviations: frozenset[str], start: int = 0) -> bool:
    """Decide whether a candidate end really ends a sentence (`start`: where it began)."""
    punct = match.group()
    if punct.startswith("\n"):
        # a line ending with a comma goes on below (WeChat posts: 总投资105亿元，⏎⏎选址东华镇，);
        # so does a bare line inside a sentence carried on so (昨天上午，⏎金瑞…项目⏎正式开工。)
        before = text[max(0, match.start() - _LINE_TAIL) : match.start()]  # not the whole text per line
        last = before.rstrip(" \t\u3000")[-1:]
        carried = punct == "\n" and last not in _ENDING and "\n" in text[start : match.start()]
        return last not in _CONTINUING and not carried
    if punct[0] in "。！？；…":
        return True
    before = text[max(0, match.start() - 40) : match.start()]  # enough for any abbreviation
    following = _NEXT_CHAR.match(text, match.end(), match.end() + 40)
    after = following.group(1) if following else ""
    if punct == ".":
        if before[-1:].isdigit() and text[match.end() : match.end() + 1].isdigit():
            return False  # a decimal point: 6.3
        word = _LAST_WORD.search(before)
        if word and (word.group() + ".").lower() in abbreviations:
            return False
        if _LIST_NUMBER.search(before):
            return False
    # A lower-case, punctuation or bracket continuation ("Co., Ltd. is", "Ltd., located",
    # "Ltd. (registered capital …)") is the same sentence; glued "yuan.We" is not.
    return after == "" or not (after.islower() or after in ",;:，；：、()（")


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences; offsets index `text`, whitespace trimmed."""
    abbreviations = _abbreviations()
    sentences: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        if _is_boundary(text, match, abbreviations, start):
            _append_trimmed(sentences, text, start, match.end())
            start = match.end()
    _append_trimmed(sentences, text, start, len(text))
    return sentences


LINE_POST_SHARE = 0.8  # of a body's lines short and unpunctuated: a post written a phrase per line
LINE_POST_MIN_LINES = 20
_SHORT_LINE = 30  # characters
_TABLE_ROW = regex.compile(r"[|｜\t]|\S {2,}\S")
_LINE_BREAK = regex.compile(r"\n(?:[ \t\u3000]*\n)*")
_ITEM_HEAD = regex.compile(r"[*#\s]*\d{1,2}(?:[.、｜|\s]|$)")  # 02, 01｜开工：…


def phrase_line_joins(text: str) -> dict[int, str]:
    """Where a post written one phrase per line (5月28日上午⏎美辰…项目⏎在北滘镇正式动工),
    blocks between blank lines and hardly a stop in it, is to be read as prose: each line
    break inside a block a comma (a space between Latin letters), each blank line between
    two blocks of a section a full stop, so that a section reads as one paragraph. A
    numbered heading (02⏎容桂：智能工厂已实现满产) keeps its lines. Offset -> the characters
    to write there; nothing for other text."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    short = [line for line in lines if _is_phrase_line(line)]
    if len(short) < LINE_POST_MIN_LINES or len(short) < LINE_POST_SHARE * len(lines):
        return {}
    joins: dict[int, str] = {}
    heading_next = False  # the block after an item number is its heading
    for brk in _LINE_BREAK.finditer(text):
        before = text[text.rfind("\n", 0, brk.start()) + 1 : brk.start()].strip()
        line_end = text.find("\n", brk.end())
        after = text[brk.end() : len(text) if line_end < 0 else line_end].strip()
        if not before or not after or _TABLE_ROW.search(after) or _TABLE_ROW.search(before):
            continue
        latin = before[-1].isascii() and after[0].isascii()
        stop = "" if before[-1] in _ENDING else ("." if latin else "。")
        gap = len(brk.group())
        if _ITEM_HEAD.match(after) or _ITEM_HEAD.match(before) or heading_next:
            if gap > 1 and not (_ITEM_HEAD.match(before) or heading_next):
                joins[brk.start()] = stop  # the section's last block ends its sentence
            heading_next = _ITEM_HEAD.fullmatch(before) is not None
        elif gap == 1:  # inside a block: one paragraph
            if before[-1] in _ENDING:
                joins[brk.start()] = " "
            elif _is_phrase_line(before):
                joins[brk.start()] = " " if latin else "，"
        else:  # between two blocks of a section
            joins[brk.start()] = (stop + " " * gap)[:gap]
    return joins


def apply_joins(text: str, joins: dict[int, str]) -> str:
    """`text` with `phrase_line_joins` written in (the same length: offsets hold)."""
    if not joins:
        return text
    chars = list(text)
    for at, written in joins.items():
        chars[at : at + len(written)] = written
    return "".join(chars)


def _is_phrase_line(line: str) -> bool:
    return len(line) <= _SHORT_LINE and line[-1] not in _ENDING and not _TABLE_ROW.search(line)


def opens_line(text: str, start: int) -> bool:
    """Whether only spaces stand between the line's start and `start` (a paragraph's first
    sentence, a heading, a list item)."""
    return not text[text.rfind("\n", 0, start) + 1 : start].strip()


def is_dateline(text: str, start: int) -> bool:
    """Whether a wire dateline opens its paragraph at `start`: a city in capitals and a dash
    ("CHANGCHUN -- ", "HEFEI, June 3 (Xinhua) -- "), where the report was filed."""
    return _DATELINE.match(text, start) is not None and opens_line(text, start)


_DATELINE = regex.compile(r"[A-Z][A-Z'. -]+(?:,[^\n]{0,40}?)?\s+(?:--|—|–)\s")

# a news brief's item tag opening a paragraph: 【汉滨】9月14日，…, [Hanbin] On …
LEAD_TAG = regex.compile(r"[【\[［][^】\]］\n]{1,12}[】\]］]\s*")


def opens_item(text: str, sentence: Sentence) -> bool:
    """Whether a sentence opens a tagged item of a news brief (【石泉】…): a story of its own.
    A tag alone on its line (【主会场】⏎) heads a section of one story."""
    tag = LEAD_TAG.match(text, sentence.start)
    if tag is None or not opens_line(text, sentence.start):
        return False
    line_end = text.find("\n", sentence.start)
    return bool(text[tag.end() : len(text) if line_end < 0 else line_end].strip())


def _append_trimmed(out: list[Sentence], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    out.append(Sentence(len(out), start + lead, start + lead + len(stripped)))


@cache
def _english() -> Language:
    """The blank English spaCy pipeline, loaded once per process."""
    return spacy.blank("en")


@cache
def _jieba() -> JiebaCut:
    """The Chinese word cutter. jieba's dictionary is process-wide: our domain words are
    loaded into it once per process/worker, before the cutter reads it."""
    import jieba

    from extract.jiebacut import JiebaCut

    jieba.setLogLevel(60)
    jieba.load_userdict(str(data_path("zh", "userdict.txt")))
    _add_place_names(jieba.dt)
    return JiebaCut(jieba.dt)


PLACE_FREQ = 1000  # as a domain word of userdict.txt: 沾益区 stays whole, not 沾益|区年产


def _add_place_names(tokenizer: jieba.Tokenizer) -> None:
    """The gazetteer's full names that jieba's dictionary lacks, as place words (ns)."""
    from extract.gazetteer import gazetteer

    for div in gazetteer().by_code.values():
        if len(div.name_zh) >= 3 and div.name_zh not in tokenizer.FREQ:
            tokenizer.add_word(div.name_zh, PLACE_FREQ, "ns")


def tokenize(text: str, start: int, end: int, lang: str) -> list[Token]:
    """Tokens of text[start:end] with offsets into the whole text.

    English uses spaCy's rule tokenizer; Chinese uses jieba with part-of-speech tags
    (the name finder needs them, spaCy's blank Chinese pipeline has none).
    """
    if lang == "zh":
        return _tokenize_zh(text[start:end], start)
    return _tokenize_en(text[start:end], start)


def _tokenize_en(chunk: str, offset: int) -> list[Token]:
    # offsets read in one array: iterating the Doc makes a Python object per token
    spans = _english().make_doc(chunk).to_array([IDX, LENGTH, IS_SPACE]).tolist()
    return [
        _new_tuple(Token, (chunk[idx : idx + length], offset + idx, offset + idx + length, ""))
        for idx, length, is_space in spans
        if not is_space
    ]


def _tokenize_zh(chunk: str, offset: int) -> list[Token]:
    """jieba words, each with its dictionary tag when that marks a function word
    (FUNCTION_TAGS), else "": four times faster than jieba.posseg, whose HMM guesses tags."""
    words = _jieba().cut(chunk)
    tag_of = _function_tags().get
    bounds = list(accumulate(map(len, words), initial=offset))
    return [
        _new_tuple(Token, (word, start, end, tag_of(word, "")))
        for word, (start, end) in zip(words, pairwise(bounds), strict=True)
        if not word.isspace()
    ]


# jieba tags of function words (verbs, adverbs, prepositions, conjunctions, particles,
# pronouns, locatives, idioms…): such a word cannot open a Chinese name
FUNCTION_TAGS = ("v", "d", "p", "c", "u", "r", "f", "l", "y", "e")


@cache
def _function_tags() -> dict[str, str]:
    """The words of jieba's dictionary tagged as function words, with their tags, read as
    jieba.posseg reads it (the last line of a word wins). A sixth of its 349,000 words: the
    whole table, which jieba.posseg keeps, costs a worker some 30 MB more."""
    import jieba

    _jieba()
    tags: dict[str, str] = {}
    with jieba.dt.get_dict_file() as lines:
        for raw in lines:
            line = raw.decode("utf-8").strip()
            if not line:
                continue
            word, _, tag = line.split(" ")
            if tag.startswith(FUNCTION_TAGS):
                tags[word] = tag
            else:
                tags.pop(word, None)
    return tags


def mentions_by_sentence(mentions: Iterable[Mention]) -> dict[int, list[Mention]]:
    """Sentence index -> the mentions in it, in the order given."""
    grouped: dict[int, list[Mention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.sentence_index, []).append(mention)
    return grouped


def sentence_at(sentences: Sequence[Sentence], offset: int) -> int:
    """Index of the sentence holding a character offset (-1 when none)."""
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        sent = sentences[mid]
        if offset < sent.start:
            hi = mid - 1
        elif offset >= sent.end:
            lo = mid + 1
        else:
            return mid
    return -1
