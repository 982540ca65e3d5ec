"""Project names and back-references ("the project", 该项目), from head words.

A name is found from its head word (project, industrial park, 项目, 产业园 … as data)
by walking left over the sentence's tokens until a stop word, punctuation or a place
with an administrative suffix; the words allowed and the stops are data too.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import accumulate

import regex

from extract.gazetteer import gazetteer
from extract.lexicon import LiteralFinder
from extract.patterns import Pattern, alternation, load_patterns
from extract.places import zh_place_spans
from extract.records import Mention, Sentence
from extract.segment import Token, sentence_at, tokenize
from extract.spans import Barriers

MAX_TOKENS = {"en": 20, "zh": 16}
MAX_SPAN = 400  # characters: no barrier (company, amount, place) is longer
_PUNCT_INSIDE = {"-", "(", ")", "·", "&", "（", "）", "—", "/"}  # "/" in English names only
_CLAUSE_PUNCT = regex.compile(r"^[\p{P}\p{S}]+$")
# an article, or the "'s" of "The company's X wind farm"
_LEADING_ARTICLE = regex.compile(r"^(?:(?:the|a|an)\s+|['’]s\s+)", regex.IGNORECASE)
_SPACES = regex.compile(r"\s+")
# Past a head word: the next word and the space after it (English), or the next clause
# mark or space (Chinese).
_TOKEN_CUT = {"en": regex.compile(r"\s*\S+\s"), "zh": regex.compile(r"[，。；：！？、,;:\s]")}
# jieba's word runs (jieba.re_han_default): any other character but a space is a token of
# its own, and punctuation or a symbol among those (but `_PUNCT_INSIDE`) ends a name.
_JIEBA_RUN = r"\u4E00-\u9FD5a-zA-Z0-9+#&._%\-"
_JIEBA_ALONE = re.compile(rf"[^{_JIEBA_RUN}\s]")
_ZH_WALL = regex.compile(
    rf"[[\p{{P}}\p{{S}}]--[{_JIEBA_RUN}{''.join(map(regex.escape, sorted(_PUNCT_INSIDE)))}]]",
    regex.V1 | regex.REVERSE,
)
# Words before a name that make it a location ("in Liyun Industrial Park"), not a project.
_LOCATIVE = {"in", "at", "within", "inside", "located", "在", "从", "位于", "落户", "入驻", "落地"}
_PROPER_JOINERS = {"and", "&", "of"}  # inside one proper name: Convention and Exhibition Center


@dataclass(frozen=True)
class NameRules:
    """The compiled name vocabulary of one language."""

    heads: regex.Pattern[str]
    head_finder: LiteralFinder
    head_ids: dict[str, str]
    tails: regex.Pattern[str]
    stops: frozenset[str]
    of_stops: frozenset[str]
    generic: frozenset[str]
    anaphor_finder: LiteralFinder
    anaphor_ids: dict[str, str]
    pronouns: tuple[tuple[str, regex.Pattern[str]], ...]  # id, regex: "It is expected to…"
    clause_refs: tuple[tuple[str, regex.Pattern[str]], ...]  # id, regex: a bare 项目 opening a clause
    block_next: frozenset[str]
    signal_finder: LiteralFinder | None
    keep_leading: frozenset[str]
    descriptive: frozenset[str]  # a name opening with one describes a project: the largest … project
    described: regex.Pattern[str] | None  # ends right before a name that describes: 是全国重要的…基地
    leads: regex.Pattern[str] | None  # words before a name that belong to it (Phase II of the)
    list_marker: regex.Pattern[str] | None  # a list item's number opening a line (1. （三） ①): no name part
    owner_heads: frozenset[str]  # heads whose "of X" always belongs to the name (extension of X Road)
    object_heads: frozenset[str]  # heads never a place: "invest in the X project" names a project
    count_measures: frozenset[str]  # Chinese measure words: 12条粉体生产线 counts parts, names no project
    kind_words: tuple[str, ...]  # a Chinese modifier ending in one names a kind: 城建类项目
    titled: regex.Pattern[str] | None  # after a name: a title awarded (“…基地”揭牌), no project
    to_products: frozenset[str]  # "coke oven gas to LNG project": a "to" before one is in the name
    site_verbs: frozenset[str]  # 在园区建设X项目: after a place, the verb that opens the name
    company_cue: regex.Pattern[str] | None  # ends right before a subject that is a company: maker …
    joined: regex.Pattern[str] | None  # NAME_JOINED: a joiner after which a name goes on (及配套…)


@cache
def name_rules(lang: str) -> NameRules:
    """Compile the project-name patterns of a language once."""
    pats = load_patterns(lang)
    words = lang == "en"
    flags = regex.IGNORECASE if words else 0
    heads = pats.by_label("PROJECT_HEAD")
    anaphors = pats.by_label("ANAPHOR")
    head_finder = _finder([p.pattern for p in heads], words, flags)
    return NameRules(
        heads=head_finder.pattern,
        head_finder=head_finder,
        head_ids=_ids(heads),
        tails=regex.compile(r"\s*" + alternation(pats.phrases("PROJECT_TAIL"), words=words), flags),
        stops=frozenset(p.lower() for p in pats.phrases("NAME_STOP")),
        of_stops=frozenset(p.lower() for p in pats.phrases("OF_STOP")),
        generic=frozenset(p.lower() for p in pats.phrases("GENERIC_WORD")),
        anaphor_finder=_finder([p.pattern for p in anaphors], words, flags),
        anaphor_ids=_ids(anaphors),
        pronouns=tuple((p.id, regex.compile(p.pattern)) for p in pats.by_label("ANAPHOR_PRONOUN")),
        clause_refs=tuple((p.id, regex.compile(p.pattern)) for p in pats.by_label("ANAPHOR_CLAUSE")),
        block_next=frozenset(p.lower() for p in pats.phrases("HEAD_BLOCK_NEXT")),
        signal_finder=_optional(pats.phrases("PROJECT_SIGNAL"), words, flags),
        keep_leading=frozenset(pats.phrases("KEEP_LEADING")),
        descriptive=frozenset(p.lower() for p in pats.phrases("DESCRIPTIVE_LEAD")),
        described=pats.any_of("DESCRIPTIVE_BEFORE", flags, end=r"\Z"),
        leads=pats.any_of("NAME_LEAD", flags, end=r"\Z"),
        list_marker=pats.any_of("LIST_MARKER", end=r"\s*"),
        owner_heads=frozenset(p.pattern.lower() for p in heads if p.get("owner")),
        object_heads=frozenset(p.pattern.lower() for p in heads if p.get("object")),
        count_measures=frozenset(pats.phrases("COUNT_MEASURE")),
        kind_words=tuple(pats.phrases("NAME_KIND_WORD")),
        titled=pats.any_of("TITLE_AFTER", flags),
        to_products=frozenset(p.lower() for p in pats.phrases("NAME_TO_PRODUCT")),
        site_verbs=frozenset(pats.phrases("SITE_VERB")),
        company_cue=pats.any_of("SUBJECT_COMPANY_CUE", regex.IGNORECASE),
        joined=pats.any_of("NAME_JOINED", flags),
    )


def _finder(phrases: list[str], words: bool, flags: int) -> LiteralFinder:
    pattern = regex.compile(alternation(phrases, words=words), flags)
    return LiteralFinder(pattern, phrases, whole_words=words)


def _optional(phrases: list[str], words: bool, flags: int) -> LiteralFinder | None:
    return _finder(phrases, words, flags) if phrases else None


def _ids(patterns: Sequence[Pattern]) -> dict[str, str]:
    return {p.pattern.lower(): p.id for p in patterns}


def find_project_names(
    text: str, sentences: Sequence[Sentence], lang: str, blocked: Sequence[tuple[int, int]]
) -> list[Mention]:
    """Project-name mentions (field project_name) and anaphors (field project_ref)."""
    rules = name_rules(lang)
    found: list[Mention] = []
    barriers = sorted(blocked)
    starts = [s for s, _ in barriers]
    phrases = PhraseStarts.of(text, rules)
    for sent in sentences:
        heads = rules.head_finder.finditer(text, sent.start, sent.end, phrases.heads)
        spans = _token_spans(text, sent, heads, lang) if heads else []
        if spans:
            tokens = [tok for start, end in spans for tok in tokenize(text, start, end, lang)]
            nearby = barriers[bisect_left(starts, sent.start - MAX_SPAN) : bisect_left(starts, sent.end)]
            walls = Barriers([(s, e) for s, e in nearby if e > sent.start])
            signal = _has_signal(text, sent, rules, phrases.signals) or _is_item_title(text, sent, rules)
            found += _joined(text, _names_in_sentence(text, sent, tokens, lang, walls, heads, signal), rules)
        found += _anaphors_in_sentence(text, sent, rules, phrases.anaphors)
    return found


def _joined(text: str, names: list[Mention], rules: NameRules) -> list[Mention]:
    """Two names joined by a NAME_JOINED phrase are one (天长市第三水厂及配套管网工程)."""
    if rules.joined is None or len(names) < 2:
        return names
    out: list[Mention] = []
    for name in sorted(names, key=lambda m: m.start):
        prev = out[-1] if out else None
        joiner = rules.joined.match(text, prev.end) if prev is not None and prev.field == name.field else None
        if prev is not None and joiner is not None and joiner.end() == name.start:
            surface = text[prev.start : name.end]
            out[-1] = replace(prev, value=clean_name(surface), text=surface, end=name.end,
                              rule=f"{prev.rule}+{name.rule.rsplit('.', 1)[-1]}+joined")
        else:
            out.append(name)
    return out


@dataclass(frozen=True)
class PhraseStarts:
    """Where the head, signal and anaphor phrases may begin in a text (LiteralFinder.starts)."""

    heads: list[int] | None
    signals: list[int] | None
    anaphors: list[int] | None

    @classmethod
    def of(cls, text: str, rules: NameRules) -> PhraseStarts:
        signals = rules.signal_finder.starts(text) if rules.signal_finder else None
        return cls(rules.head_finder.starts(text), signals, rules.anaphor_finder.starts(text))


def _has_signal(text: str, sent: Sentence, rules: NameRules, starts: list[int] | None) -> bool:
    """Whether the sentence holds a project signal (once per sentence, not per head word:
    a run-on sentence holds thousands of them)."""
    finder = rules.signal_finder
    return finder is not None and finder.search(text, sent.start, sent.end, starts) is not None


def _is_item_title(text: str, sent: Sentence, rules: NameRules) -> bool:
    """A numbered list item's title alone on its sentence ("(4) Shangdu County … logistics
    center."): a name by its place in the list, whatever its words."""
    marker = rules.list_marker.match(text, sent.start, sent.end) if rules.list_marker else None
    body = text[marker.end() : sent.end] if marker else ""
    return bool(body) and len(body) <= _TITLE_MAX and not _TITLE_BREAK.search(body)


_TITLE_MAX = 120  # characters: a list item's title, not a paragraph opening with a number
_TITLE_BREAK = regex.compile(r"[,，;；:：]")


def _token_spans(
    text: str, sent: Sentence, heads: Sequence[regex.Match[str]], lang: str
) -> list[tuple[int, int]]:
    """The stretches of a sentence to tokenize for its head words, in order.

    Names end at a head word and look one token past it. An English sentence is read
    from its start; a Chinese one only around the head words that may head a name, each
    from the mark before it that ends any name (`_ZH_WALL`) to the first token after it.
    jieba cuts before and after such characters, so the tokens are those of the whole
    sentence, and those before and after a head word are the same in turn."""
    end = _tokens_needed_until(text, heads[-1].end(), sent.end, lang)
    if lang != "zh":
        return [(sent.start, end)]
    spans: list[tuple[int, int]] = []
    for head in heads:
        wall = _ZH_WALL.search(text, sent.start, head.start())
        start = wall.start() if wall else sent.start
        if not _zh_may_be_named(text[wall.end() if wall else start : head.start()]):
            continue
        after = _JIEBA_ALONE.search(text, head.end(), end)
        stop = after.end() if after else end
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], stop))
        else:
            spans.append((start, stop))
    return spans


def _zh_may_be_named(before: str) -> bool:
    """Whether the text between a head word and the wall before it can hold a specific
    name's words (`_zh_specific`): a figure or Latin letter, or enough characters."""
    return len("".join(before.split())) >= ZH_MIN_MODIFIER or bool(_LATIN_OR_DIGIT.search(before))


def _tokens_needed_until(text: str, last_head: int, end: int, lang: str) -> int:
    """Where tokenizing a sentence can stop: names end at a head word and look one token
    past it. Both tokenizers work piece by piece (spaCy between spaces, jieba between
    punctuation marks), so the tokens before such a cut are those of the whole sentence."""
    cut = _TOKEN_CUT[lang].search(text, last_head, end)
    return cut.end() if cut else end


def _names_in_sentence(
    text: str, sent: Sentence, tokens: list[Token], lang: str, blocked: Barriers,
    heads: Sequence[regex.Match[str]], signal: bool,
) -> list[Mention]:
    rules = name_rules(lang)
    candidates: list[Mention] = []
    ends = {tok.end: i for i, tok in enumerate(tokens)}
    for head in heads:
        last = ends.get(head.end())
        if last is None or _is_modifier_use(tokens, last, rules):
            continue
        head_first = _head_start(tokens, last, rules, lang)
        first = _walk_back(tokens, head_first, lang, blocked, rules)
        if _is_locative(tokens, first) and not (lang == "en" and head.group().lower() in rules.object_heads):
            first = _after_site_verb(tokens, first, head_first, rules)
        if first is None or _is_description(text, sent, tokens[first], rules):
            continue
        if _is_counted(tokens, first, rules):
            continue
        end = _extend_tail(text, tokens[last].end, sent.end, rules)
        if rules.titled is not None and rules.titled.match(text, end, sent.end):
            continue
        modifiers = tokens[first:head_first] + _inside_head_token(tokens[head_first], head)
        content = _content_tokens(modifiers, rules) if lang == "en" else []
        owned = lang == "en" and (not content or head.group().lower() in rules.owner_heads)
        owner = (_OWNER if not content else _OWNER_PROPER).match(text, end, sent.end) if owned else None
        if owner and blocked.covers(owner.start("name")) and blocked.covers(owner.end("name") - 1):
            owner = None  # "a key project of Hubei Province", "project of X Co., Ltd.": no name
        end = owner.end() if owner else end
        if owner and not content:
            modifiers = [Token(owner.group("name"), owner.start("name"), owner.end())]
            content = _content_tokens(modifiers, rules)
        if not _is_specific(sent, modifiers, lang, signal, content):
            continue
        mention = _make_name(text, tokens, first, end, head, sent, lang)
        if mention is not None:
            candidates.append(mention)
    return longest_spans(candidates)


def _is_description(text: str, sent: Sentence, first: Token, rules: NameRules) -> bool:
    """Whether the would-be name describes what the sentence is about (the largest … project,
    徐州是全国重要的工程机械产业基地) rather than naming a project."""
    if first.text.lower() in rules.descriptive:
        return True
    if rules.described is None:
        return False
    # the description ends right before the name: only the last stretch of the sentence can
    # hold it (searching the whole of a long sentence for every name would be quadratic)
    lo = max(sent.start, first.start - _DESCRIPTION_REACH)
    return rules.described.search(text, lo, first.start) is not None


_DESCRIPTION_REACH = 80  # characters: DESCRIPTIVE_BEFORE phrases are short


def _is_counted(tokens: list[Token], first: int, rules: NameRules) -> bool:
    """Whether a number and a measure word open the name or stand right before it
    (12条粉体生产线, 3座厂房): things counted, parts of a project, not one project's name."""
    if not rules.count_measures:
        return False
    return any(_counts_at(tokens, i, rules) for i in (first - 1, first, first + 1) if 0 <= i < len(tokens))


def _counts_at(tokens: list[Token], i: int, rules: NameRules) -> bool:
    """Whether token i is a measure word after a number (条 of 12|条, or 3座 in one token)."""
    text = tokens[i].text
    measure = next((m for m in rules.count_measures if text.endswith(m)), None)
    if measure is None:
        return False
    number = text[: -len(measure)] or (tokens[i - 1].text if i >= 1 else "")
    return _COUNT_NUMBER.fullmatch(number) is not None


_COUNT_NUMBER = regex.compile(r"[〇零一二三四五六七八九十两百千\d]+")


def _inside_head_token(token: Token, head: regex.Match[str]) -> list[Token]:
    """The part of a token before the head word: jieba keeps 重点项目 whole."""
    if token.start >= head.start():
        return []
    return [Token(token.text[: head.start() - token.start], token.start, head.start(), token.pos)]


def _walk_back(
    tokens: list[Token], head_start: int, lang: str, blocked: Barriers, rules: NameRules
) -> int:
    """Index of the name's first token: walk left from the head's first token until a stop."""
    first = head_start
    while first > 0 and head_start - first < MAX_TOKENS[lang]:
        prev = first - 1
        if _stops_before(tokens, prev, first, lang, blocked, rules):
            break
        first = prev
    while first < head_start and (
        tokens[first].text in _PUNCT_INSIDE or _is_leading_function(tokens[first], rules)
    ):
        first += 1
    return first


def _is_route_end(tok: Token) -> bool:
    """A capitalized word standing for a place at one end of a route (Yingpan to Xialiang)."""
    return tok.text[:1].isupper() and tok.text.replace("'", "").replace("’", "").isalpha()


def _is_leading_function(tok: Token, rules: NameRules) -> bool:
    """A function word cannot open a Chinese name (its tag is one of segment.FUNCTION_TAGS):
    "建设年产…生产线" is named "年产…生产线"."""
    return bool(tok.pos) and tok.text not in rules.keep_leading


def _head_start(tokens: list[Token], last: int, rules: NameRules, lang: str) -> int:
    """The head phrase may span several tokens (industrial park): find its first token."""
    i = last
    while i > 0:
        joined = _join(tokens[i - 1 : last + 1], lang).lower()
        if not rules.heads.fullmatch(joined):
            break
        i -= 1
    return i


def _join(tokens: Sequence[Token], lang: str) -> str:
    sep = " " if lang == "en" else ""
    return sep.join(t.text for t in tokens)


def _stops_before(
    tokens: list[Token],
    i: int,
    right: int,
    lang: str,
    blocked: Barriers,
    rules: NameRules,
) -> bool:
    """Whether token i (left of the name so far, which starts at `right`) ends the walk."""
    tok = tokens[i]
    low = tok.text.lower()
    if blocked.covers(tok.start):
        return True
    if _is_punct(tok.text) and (tok.text not in _PUNCT_INSIDE or _doubled(tokens, i)
                                or (tok.text == "/" and lang == "zh")):  # tons/year, not 千瓦/千瓦时储能
        return True
    if lang == "zh" and _is_date_token(tokens, i):
        return True
    if lang == "zh" and (not tok.text.strip() or tok.end < tokens[i + 1].start):
        # a space parts Chinese phrases (headlines: 抢抓黄金施工期 我县重点项目), but a county
        # and its project in a row's cells are one name (西华县　冷链物流园)
        before = tok.text.strip() or (tokens[i - 1].text if i else "")
        return not _ZH_UNIT_END.search(before)
    if lang == "zh" and _ZH_MEASURE.match(tok.text):
        return True  # 十五个项目 is a count, as 15个项目 (个 is a NAME_STOP when cut alone)
    if low == "of":
        return _of_stops(tokens, i, right, rules)
    if low == "and":
        return tokens[right].text[:1].isupper() or i == 0 or tokens[i - 1].text.lower() in rules.stops
    if low == "to" and _is_product(tokens, right, rules):
        return _ends_name(tokens, i - 1, blocked, rules)
    if low == "to" and i > 0 and _is_route_end(tokens[i - 1]) and _is_route_end(tokens[i + 1]):
        return False  # a route named by its ends: the Zhen'an to Zhashui expressway
    if lang == "zh" and low in _ZH_AND:
        # 精品钢及深加工项目 is one name; 甲项目及乙项目 are two
        return i == 0 or bool(rules.heads.search(tokens[i - 1].text)) or tokens[i - 1].text in rules.stops
    return low in rules.stops


def _is_product(tokens: list[Token], i: int, rules: NameRules) -> bool:
    """Whether token i is a conversion's product right before the head (to LNG project)."""
    if tokens[i].text.lower() not in rules.to_products:
        return False
    return any(rules.heads.fullmatch(_join(tokens[i + 1 : i + 1 + n], "en").lower()) for n in (1, 2, 3))


def _ends_name(tokens: list[Token], i: int, blocked: Barriers, rules: NameRules) -> bool:
    """Whether the name cannot go on to token i (none, a stop word, a barrier, punctuation)."""
    if i < 0:
        return True
    tok, low = tokens[i], tokens[i].text.lower()
    verb = len(low) >= 4 and low.endswith("ed")  # used to, expected to: a verb's "to"
    return verb or low in rules.stops or blocked.covers(tok.start) or _is_punct(tok.text)


def _doubled(tokens: list[Token], i: int) -> bool:
    """A dash written twice (——) parts a headline's phrases; once (中国—东盟) it joins a name."""
    text = tokens[i].text
    return (i > 0 and tokens[i - 1].text == text) or (i + 1 < len(tokens) and tokens[i + 1].text == text)


def _is_punct(text: str) -> bool:
    """Only punctuation and symbols (`_CLAUSE_PUNCT`). No letter or figure is either, so
    a word of them (most tokens) is ruled out without the regex."""
    return not text.isalnum() and _CLAUSE_PUNCT.match(text) is not None


def _of_stops(tokens: list[Token], i: int, right: int, rules: NameRules) -> bool:
    # "annual output of 12 million tons" continues; "construction of X" and
    # "corridor of China Unicom" (an owner follows) end the name.
    if i == 0 or tokens[right].text[:1].isupper():
        return True
    before = tokens[i - 1].text.lower()
    return before in rules.of_stops or before in rules.stops or _is_punct(before)


_ZH_AND = {"及", "和", "与", "以及"}
_DATE_TOKEN = regex.compile(
    r"^(?:(?:\d+|[〇零一二三四五六七八九十两]+)(?:年|月|日|月份|年度)|(?:第|前)?[一二三四1-4]季度|[上下]半年)$"
)
_DATE_UNIT = {"年", "月", "日", "月份", "年度"}


def _is_date_token(tokens: list[Token], i: int) -> bool:
    """`2023年`, or `年` right after a number (jieba splits `2023|年`)."""
    text = tokens[i].text
    if _DATE_TOKEN.match(text):
        return True
    return text in _DATE_UNIT and i > 0 and tokens[i - 1].text.isdigit()


def _is_locative(tokens: list[Token], first: int) -> bool:
    """"in Liyun Industrial Park"; a capitalized name also when "and" cut it from the rest of
    its proper name ("held in Yulin International Convention and | Exhibition Center")."""
    i = first - 1
    if tokens[first].text[:1].isupper():
        i = _proper_name_start(tokens, first)
    if i >= 0 and tokens[i].text.lower() == "the":
        i -= 1
    return i >= 0 and tokens[i].text.lower() in _LOCATIVE


def _after_site_verb(tokens: list[Token], first: int, head_first: int, rules: NameRules) -> int | None:
    """A name after a place (在园区) starts after the verb that follows it (在园区建设锂电池项目
    is 锂电池项目); without one the words name the place (在X产业园), no project."""
    verbs = [i for i in range(first, head_first) if tokens[i].text in rules.site_verbs]
    return verbs[-1] + 1 if verbs else None


def _proper_name_start(tokens: list[Token], first: int) -> int:
    """The token before the proper name `first` ends, when a joiner (and, of) lies inside it."""
    i, joined = first - 1, False
    while i >= 0 and tokens[i].text.lower() not in _LOCATIVE and (
        tokens[i].text[:1].isupper() or tokens[i].text in _PROPER_JOINERS
    ):
        joined = joined or tokens[i].text in _PROPER_JOINERS
        i -= 1
    return i if joined else first - 1


# A bare head named by what follows: "of" + a capitalized name and up to three more words.
_OWNER = regex.compile(r" of (?:the )?(?P<name>[A-Z][\w'’-]*(?: [A-Za-z][\w'’-]*){0,3})(?=[\s,.;:]|$)")
# after an owner head (PROJECT_HEAD `owner`): "of" + capitalized words only (the east
# extension of Yuhe North Road)
_OWNER_PROPER = regex.compile(r" of (?:the )?(?P<name>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3})(?=[\s,.;:]|$)")


def _extend_tail(text: str, end: int, limit: int, rules: NameRules) -> int:
    tail = rules.tails.match(text, end, limit)
    return tail.end() if tail else end


def _make_name(
    text: str, tokens: list[Token], first: int, end: int, head: regex.Match[str], sent: Sentence,
    lang: str,
) -> Mention:
    rules = name_rules(lang)
    start = tokens[first].start
    lead = rules.leads.search(text, sent.start, start) if rules.leads else None
    start = lead.start() if lead else start  # Phase II of the … project: that phase's own name
    marker = rules.list_marker.match(text, sent.start, end) if rules.list_marker else None
    start = max(start, marker.end()) if marker else start  # （三）年产…项目: the name after the number
    surface = text[start:end]
    rule = rules.head_ids.get(head.group().lower(), f"{lang}.project.head")
    return Mention("project_name", clean_name(surface), surface, start, end, rule, sent.index)


def _is_modifier_use(tokens: list[Token], last: int, rules: NameRules) -> bool:
    """`project construction`, `of project`, "the 'leader contact project' mechanism": the
    head word is not heading a name here."""
    following = last + 1
    while following < len(tokens) and tokens[following].text in _CLOSING_QUOTES:
        following += 1
    after = tokens[following].text.lower() if following < len(tokens) else ""
    before = tokens[last - 1].text.lower() if last > 0 else ""
    return after in rules.block_next or before == "of"


_CLOSING_QUOTES = frozenset("\"'”’」』")


def _content_tokens(tokens: Sequence[Token], rules: NameRules) -> list[Token]:
    """Modifier tokens that are neither generic words, head words nor punctuation."""
    return [
        t for t in tokens
        if not _is_punct(t.text)
        and t.text.lower() not in rules.generic
        and not rules.heads.fullmatch(t.text)
    ]


def _is_specific(
    sent: Sentence, modifiers: Sequence[Token], lang: str, signal: bool, content: Sequence[Token]
) -> bool:
    """A real name, not "key projects": a proper noun or digit, or content plus a signal.

    Machine translation yields many "X project" phrases that are no project
    ("joint project construction"), so an all-lowercase English name needs a project
    signal (a milestone verb, an amount, a company) in its sentence (`signal`).
    `content` holds the English modifiers' content tokens (`_content_tokens`).
    """
    if lang == "zh":
        return _zh_specific(modifiers, name_rules(lang))
    if not content:
        return False
    if any(_is_proper(t, sent) or any(c.isdigit() for c in t.text) for t in content):
        return True
    return signal


_ZH_UNIT_END = regex.compile(r"[省市县区旗镇乡]$")
_ZH_MEASURE = regex.compile(r"^[〇零一二三四五六七八九十两百千万\d]+[个批]$")
_ZH_BATCH = regex.compile(r"^(?:\d+|[〇零一二三四五六七八九十两]+)(?:年|年度|月|次)?$|^第.+[批个]$|季度$")
ZH_MIN_SPECIFIC = 2  # characters of specific words (not generic, place or date): 化工项目 is no name
ZH_MIN_MODIFIER = 3  # characters before the head word in all: 主场项目 is no name, 纸制品项目 is
_ZH_BATCH_WORD = regex.compile(r"批")  # 第二批重大项目, 首批…基地: a batch, not one project
_LATIN_OR_DIGIT = regex.compile(r"[A-Za-z0-9]")


def _zh_specific(modifiers: Sequence[Token], rules: NameRules) -> bool:
    """A Chinese name needs Latin letters or figures, or enough characters of which a few
    are specific: not generic (重点, 产业链), not places (北京市通州区), not dates (2023年)."""
    if any(_ZH_BATCH_WORD.search(t.text) for t in modifiers):
        return False  # 第二批重大项目, 首批…基地
    if rules.kind_words and modifiers and modifiers[-1].text.endswith(rules.kind_words):
        return False  # 城建类项目: a kind of project (not 类胡萝卜素项目)
    words = [t.text for t in modifiers if not _is_punct(t.text) and not _ZH_BATCH.search(t.text)]
    plain = [(i, w) for i, w in enumerate(words) if w not in rules.generic and not rules.heads.fullmatch(w)]
    if not _zh_enough([w for _, w in plain], words):
        return False  # the places' words (the costly check) could only take more away
    places = _place_words(words)
    if any(w in _ZH_ROUTE and 0 < i < len(words) - 1 and {i - 1, i + 1} & places
           for i, w in enumerate(words)):
        return True  # 阆中至南部快速通道: a route from or to a place is named by its ends
    specific = [w for i, w in plain if i not in places]
    if (places and len(specific) == 1 and len(specific[0]) == 1 and specific[0] not in _ZH_NOT_PRODUCT
            and sum(map(len, words)) >= ZH_MIN_MODIFIER):
        return True  # 墨脱茶产业园: a place and one product character (not 通州区新项目)
    return _zh_enough(specific, words)


_ZH_ROUTE = {"至", "到"}
# one character that says which (or where), not what: 通州区新项目
_ZH_NOT_PRODUCT = frozenset("新老大小总全本该此各多某其另原首县市区省镇乡村州旗")


def _zh_enough(specific: Sequence[str], words: Sequence[str]) -> bool:
    if any(_LATIN_OR_DIGIT.search(w) for w in specific):
        return True
    return sum(map(len, specific)) >= ZH_MIN_SPECIFIC and sum(map(len, words)) >= ZH_MIN_MODIFIER


def _place_words(words: Sequence[str]) -> set[int]:
    """Indexes of the words that spell a place, alone or together (jieba cuts 项城市 项|城市)."""
    out = {i for i, w in enumerate(words) if w in gazetteer().by_zh and not _glued(words, i)}
    starts = list(accumulate(map(len, words), initial=0))
    for start, end in zh_place_spans("".join(words)):
        out |= {i for i, w in enumerate(words) if start <= starts[i] and starts[i] + len(w) <= end}
    return out


def _glued(words: Sequence[str], i: int) -> bool:
    """Whether a place-like word follows a lone Han character: jieba's cut of a word it
    does not know (钱|江源 of 钱江源), not the place 江源."""
    before = words[i - 1] if i > 0 else ""
    return _LONE_HAN.fullmatch(before) is not None


_LONE_HAN = regex.compile(r"[^\P{Han}省市县区镇乡村旗州]")  # not an administrative suffix


def _is_proper(tok: Token, sent: Sentence) -> bool:
    return tok.text[:1].isupper() and tok.start != sent.start


def clean_name(surface: str) -> str:
    """The project name as written, without a leading article and outer spaces."""
    name = _LEADING_ARTICLE.sub("", surface.strip())
    return _SPACES.sub(" ", name).strip(" ,;:-")


def _anaphors_in_sentence(
    text: str, sent: Sentence, rules: NameRules, starts: list[int] | None
) -> list[Mention]:
    out = []
    for m in rules.anaphor_finder.finditer(text, sent.start, sent.end, starts):
        rule = rules.anaphor_ids.get(m.group().lower(), "anaphor")
        out.append(Mention("project_ref", "", m.group(), m.start(), m.end(), rule, sent.index))
    pronouns = _pronoun_subject(text, sent, rules) + [
        Mention("project_ref", "", m.group(), m.start(), m.end(), rule, sent.index)
        for rule, rx in rules.clause_refs for m in rx.finditer(text, sent.start, sent.end)]
    return out + [p for p in pronouns if not any(o.start <= p.start < o.end for o in out)]


_SENTENCE_OPENING = regex.compile(r"[\s\"'“‘(]*")


def _pronoun_subject(text: str, sent: Sentence, rules: NameRules) -> list[Mention]:
    """A pronoun opening the sentence as the subject of a project predicate (It is expected to…)."""
    first = _SENTENCE_OPENING.match(text, sent.start, sent.end).end()
    for rule, pronoun in rules.pronouns:
        m = pronoun.match(text, first, sent.end)
        if m is not None:
            return [Mention("project_ref", "", m.group(), m.start(), m.end(), rule, sent.index)]
    return []


def longest_spans(mentions: Sequence[Mention]) -> list[Mention]:
    """Drop mentions overlapping a longer one (spaCy's filter_spans policy)."""
    kept: list[Mention] = []
    taken: set[int] = set()
    for m in sorted(mentions, key=lambda m: (m.end - m.start, -m.start), reverse=True):
        if not taken.intersection(range(m.start, m.end)):
            kept.append(m)
            taken.update(range(m.start, m.end))
    return sorted(kept, key=lambda m: m.start)


# "Tenghu, Albrecht, Zhonghanhongtuo completed the main plant": capitalized names (and
# lists of them) directly before a milestone verb are projects known by their builder.
_SUBJECT_ITEM = r"[A-Z][\w'’-]*(?:\s+(?!and\b)[A-Za-z][\w'’-]*){0,3}"
_ITEM = regex.compile(_SUBJECT_ITEM)
_SUBJECTS = regex.compile(
    rf"(?P<list>{_SUBJECT_ITEM}(?:(?:\s*,\s*|\s+and\s+){_SUBJECT_ITEM})*)"
    r"\s+(?:(?:has|have|had|was|were|also|all)\s+)*$"
)
SUBJECT_WINDOW = 120  # characters before a trigger searched for its subjects


def find_subject_names(
    text: str, sentences: Sequence[Sentence], triggers: Sequence[tuple[int, int]],
    taken: Sequence[tuple[int, int]],
) -> list[Mention]:
    """English project names that are the capitalized subject of a milestone verb."""
    rules = name_rules("en")
    found = []
    occupied = Barriers(taken)
    for trigger_start, _ in triggers:
        idx = sentence_at(sentences, trigger_start)
        if idx < 0:
            continue
        floor = max(sentences[idx].start, trigger_start - SUBJECT_WINDOW)
        match = _SUBJECTS.search(text, floor, trigger_start)
        if match is None:
            continue
        items = list(_ITEM.finditer(text, match.start("list"), match.end("list")))
        for item in items:
            if _is_subject_name(item, rules, occupied, sentences[idx], listed=len(items) > 1):
                found.append(Mention("project_name", item.group(), item.group(), item.start(),
                                     item.end(), "en.project.subject", idx))
    return longest_spans(found)


def _is_subject_name(
    item: regex.Match[str], rules: NameRules, occupied: Barriers, sent: Sentence, listed: bool,
) -> bool:
    words = [w.lower() for w in item.group().split()]
    if item.start() == sent.start and len(words) == 1 and not listed:
        return False  # a lone sentence-initial capital says nothing
    if any(w in rules.stops or w in rules.generic for w in words):
        return False
    cue = rules.company_cue
    if cue is not None and cue.search(item.string, max(0, item.start() - _CUE_REACH), item.start()):
        return False
    return not occupied.overlaps(item.start(), item.end())


_CUE_REACH = 20  # characters: SUBJECT_COMPANY_CUE is one word and a space


@cache
def _credit_fields(lang: str) -> regex.Pattern[str] | None:
    return load_patterns(lang).any_of("CREDIT_FIELD", regex.IGNORECASE | regex.MULTILINE)


def drop_credit_names(text: str, names: list[Mention], lang: str) -> list[Mention]:
    """The names not written in a credit field (Source: … Financial Media Center, 来源：…)."""
    fields = _credit_fields(lang)
    if fields is None or not names:
        return names
    spans = Barriers([(m.start(), m.end()) for m in fields.finditer(text)])
    return [n for n in names if not spans.covers(n.start)]

