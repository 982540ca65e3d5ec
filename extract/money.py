"""Find money amounts in raw text and normalize them: `find_amounts(text, lang)`.

The grammar is data (`patterns/<lang>/money.jsonl`): vocabularies (labels MONEY_SCALE,
MONEY_CURRENCY, MONEY_QUALIFIER, MONEY_ROLE, ...), reusable tokens (MONEY_TOKEN) and the
amount forms (MONEY_FORM), whose `{name}` placeholders are filled with the vocabularies.
This module compiles them once per language and holds only the logic: pick the longest
non-overlapping matches, turn them into numbers, and find each amount's qualifier and role.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from itertools import takewhile

import regex

from extract.errors import PatternError
from extract.patterns import LANGS, Pattern, PatternSet, load_patterns
from extract.prescan import Group
from extract.prescan import prepare as prepare_scan
from extract.prescan import spots as prescan_spots
from extract.scan import (
    Scanner,
    Spans,
    WordStarts,
    matches_at,
    matches_at_starts,
    scanner,
    start_positions,
    start_scanner,
    word_starts,
)
from extract.starts import matches

_FLAGS = regex.IGNORECASE | regex.VERSION0
_NEVER = r"(?!x)x"
_PLACEHOLDER = regex.compile(r"\{([a-z_]+)\}")
_SENTENCE_END = regex.compile(r"[;。!?\n]|\.(?!\d)")
_SPAN_GROUPS = ("pre", "num", "sep", "num2", "scale", "cur", "cur2")
_LOOKBACK = 60  # characters searched for a role trigger before an amount
_LOOKAHEAD = 24  # ... and right after it
_QUALIFIER_REACH = 24
_BUDGET = 1.2  # seconds of matching per call: a safety net, the patterns are linear anyway
_MAX_PER_FORM = 2000  # an article has dozens of amounts; this bounds the work on junk input
_DIGIT = regex.compile(r"\d")

Token = tuple[str, Decimal]
_Spots = list[list[int] | None]  # per grammar, the offsets where a phrase can begin
_Lookup = dict[tuple[str, str], Pattern]


@dataclass(frozen=True)
class Amount:
    """One money amount found in a text, normalized, with its provenance."""

    value: int  # the stated figure in units of `currency`; a range's low end
    high: int | None  # a range's high end, else None
    currency: str  # ISO 4217
    qualifier: str  # "" | "about" | "nearly" | "over" | "up_to" | "range"
    role: str  # investment, planned_investment, ..., or "amount" when no trigger
    start: int
    end: int
    rule: str  # the MONEY_FORM id that matched
    role_rule: str = ""  # the MONEY_ROLE id that decided the role


@dataclass(frozen=True)
class _Form:
    """One MONEY_FORM line compiled; `starts` finds where its matches can begin."""

    rule: Pattern
    regex: regex.Pattern[str]
    starts: Scanner | None  # from the `starts` key; None: try everywhere
    requires: Scanner | None  # from the `requires` key: a part of every match


@dataclass(frozen=True)
class _Grammar:
    """One language's money rules, compiled."""

    lang: str
    forms: tuple[_Form, ...]
    tokens: regex.Pattern[str]
    vocab: _Lookup
    qualifier_before: regex.Pattern[str]
    qualifier_after: regex.Pattern[str]
    role: regex.Pattern[str]
    role_after: regex.Pattern[str]
    purpose: regex.Pattern[str]  # right after an amount: what it is spent on (to build)
    hint: Scanner  # a currency or scale word: no amount is far from one
    hint_starts: WordStarts | None  # where the hint can match (None: try everywhere)
    role_starts: WordStarts | None  # where a role trigger can match (None: try everywhere)

    def find(self, kind: str, phrase: str) -> Pattern | None:
        """The vocabulary line of this kind (e.g. `currency_suffix`) for a matched phrase."""
        return self.vocab.get((kind, _norm(phrase)))


@dataclass(frozen=True)
class _Candidate:
    """An amount before overlap resolution, qualifier and role."""

    start: int
    end: int
    value: int
    high: int | None
    currency: str
    rule: str
    inner: bool  # 多/余 inside the figure (3000多万元): "over" unless a qualifier says more
    order: int


# ---------------------------------------------------------------- compiling the data


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _is_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _phrase_regex(rule: Pattern) -> str:
    """A literal phrase as regex; spaces stretch; `not_after` (data) vetoes a left context,
    `followed_by` (a regex) is required right after it."""
    phrase = rule.pattern
    body = r"\s{1,2}".join(regex.escape(word) for word in phrase.split()) or r"\s"
    body = (r"\s{1,2}" if phrase[:1].isspace() else "") + body
    body += r"\s{1,2}" if phrase[-1:].isspace() and phrase.strip() else ""
    vetoes = rule.get("not_after") or []
    if vetoes:
        body = "(?<!" + "|".join(regex.escape(str(v)) for v in vetoes) + ")" + body
    if rule.get("followed_by"):
        body += f"(?={rule.get('followed_by')})"
    return body


def _buckets(rules: Iterable[Pattern]) -> list[tuple[tuple[bool, bool], list[Pattern]]]:
    """The phrases by (letter first, letter last), longest first, longest bucket first."""
    unique = {rule.pattern: rule for rule in reversed(list(rules))}
    buckets: dict[tuple[bool, bool], list[Pattern]] = {}
    for phrase in sorted(unique, key=lambda p: (-len(p), p)):
        edges = (_is_letter(phrase[:1]), _is_letter(phrase[-1:]))
        buckets.setdefault(edges, []).append(unique[phrase])
    return sorted(buckets.items(), key=lambda kv: -len(kv[1][0].pattern))


def _bounded(body: str, left: bool, right: bool) -> str:
    """English words get letter boundaries."""
    return ("(?<![A-Za-z])" if left else "") + body + ("(?![A-Za-z])" if right else "")


def _alternation(rules: Iterable[Pattern]) -> str:
    """Longest phrase first; English words get letter boundaries (grouped, so it stays fast)."""
    buckets = _buckets(rules)
    parts = [_bounded("(?:" + "|".join(map(_phrase_regex, items)) + ")", *edges) for edges, items in buckets]
    if not parts:
        return _NEVER
    # a first-character check makes a failing alternation cost one step, not one per phrase
    phrases = [rule.pattern for _, items in buckets for rule in items]
    first = "".join(sorted({r"\s" if p[:1].isspace() else regex.escape(p[:1]) for p in phrases}))
    return f"(?=[{first}])(?:" + "|".join(parts) + ")"


def _flat_alternation(rules: Iterable[Pattern]) -> str:
    """The phrases of `_alternation` in its order, one alternative each: the standard `re`
    skips to a first character of a flat alternation of literals (a lookahead defeats that)."""
    parts = [_bounded(_phrase_regex(rule), *edges) for edges, items in _buckets(rules) for rule in items]
    return "|".join(parts) or _NEVER


def _kinds(rule: Pattern) -> list[str]:
    """`MONEY_CURRENCY` with position prefix -> ["currency", "currency_prefix"]."""
    base = rule.label.removeprefix("MONEY_").lower()
    positions = rule.get("position") or []
    if isinstance(positions, str):
        positions = [positions]
    return [base, *(f"{base}_{pos}" for pos in positions)]


def _vocabulary(patterns: PatternSet) -> tuple[dict[str, list[Pattern]], _Lookup]:
    """Rules per kind (for placeholders) and kind+phrase -> rule (for lookups)."""
    phrases: dict[str, list[Pattern]] = {}
    lookup: _Lookup = {}
    for rule in patterns.patterns:
        if not rule.label.startswith("MONEY_") or rule.label in ("MONEY_FORM", "MONEY_TOKEN"):
            continue
        for kind in _kinds(rule):
            phrases.setdefault(kind, []).append(rule)
            lookup.setdefault((kind, _norm(rule.pattern)), rule)
    return phrases, lookup


def _fill(rule: Pattern, table: dict[str, str]) -> str:
    """Replace the `{name}` placeholders of a template line."""

    def one(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name not in table:
            raise PatternError(f"[{rule.source}] {rule.id}: unknown placeholder {{{name}}}")
        return table[name]

    return _PLACEHOLDER.sub(one, rule.pattern) if rule.get("template") else rule.pattern


def _compile(rule: Pattern, source: str) -> regex.Pattern[str]:
    try:
        return regex.compile(source, _FLAGS)
    except regex.error as exc:
        raise PatternError(f"[{rule.source}] {rule.id}: bad pattern after filling: {exc}") from exc


def _placeholders(patterns: PatternSet, phrases: dict[str, list[Pattern]]) -> dict[str, str]:
    """Vocabulary alternations, then the MONEY_TOKEN lines in file order."""
    table = {kind: _alternation(items) for kind, items in phrases.items()}
    for rule in patterns.by_label("MONEY_TOKEN"):
        name = str(rule.get("name") or "")
        if not name:
            raise PatternError(f"[{rule.source}] {rule.id}: a MONEY_TOKEN needs a 'name'")
        source = _fill(rule, table)
        _compile(rule, source)
        table[name] = f"(?:{source})"
    return table


def _token_regex(table: dict[str, str]) -> regex.Pattern[str]:
    """Splits a matched figure into numbers, scales, number words, numerals, 多/余 and 个."""
    parts = [
        ("num", "number"),
        ("scale", "scale"),
        ("word", "number_word"),
        ("pair", "numeral_pair"),
        ("numeral", "numeral"),
        ("inner", "qualifier_inner"),
        ("filler", "filler"),
        ("point", "point"),
    ]
    body = "|".join(f"(?P<{group}>{table.get(name, _NEVER)})" for group, name in parts)
    return regex.compile(body, _FLAGS)


@cache
def _grammar(lang: str) -> _Grammar:
    """Compile one language's money rules (once per process)."""
    patterns = load_patterns(lang)
    phrases, vocab = _vocabulary(patterns)
    table = _placeholders(patterns, phrases)
    forms = tuple(_form(rule, table) for rule in patterns.by_label("MONEY_FORM"))
    if not forms:
        raise PatternError(f"no MONEY_FORM lines in patterns/{lang}/")
    roles = _word_phrases(phrases.get("role", []))
    return _Grammar(lang, forms, _token_regex(table), vocab, *_context_regexes(table), *_hint(phrases), roles)


def _hint(phrases: dict[str, list[Pattern]]) -> tuple[Scanner, WordStarts | None]:
    """The currency and scale words as one scanner, and where they can begin when some
    are words: case-blind letters keep `re` from skipping ahead, the text's words do not.
    Without words the scanner is flat, and `re` skips to the phrases' first characters."""
    kinds = [phrases[kind] for kind in ("currency", "scale") if kind in phrases]
    starts = word_starts(rule.pattern for rules in kinds for rule in rules)
    if starts is not None and not starts.words:
        return scanner("|".join(map(_flat_alternation, kinds)), ignore_case=True), None
    return scanner("|".join(map(_alternation, kinds)), ignore_case=True), starts


def _word_phrases(rules: list[Pattern]) -> WordStarts | None:
    """Where these phrases can begin when some are words (else None: the engine's scan of
    a few characters costs less than trying each of the many places a Chinese one may begin)."""
    starts = word_starts(rule.pattern for rule in rules)
    return starts if starts is not None and starts.words else None


def _form(rule: Pattern, table: dict[str, str]) -> _Form:
    starts = rule.get("starts")
    if starts is not None and not isinstance(starts, str):
        raise PatternError(f"[{rule.source}] {rule.id}: 'starts' must be a template string")
    start_source = _fill(replace(rule, pattern=starts), table) if starts else ""
    if start_source:
        _compile(rule, start_source)  # a clear error for a bad `starts`
    start_regex = start_scanner(start_source, ignore_case=True) if start_source else None
    return _Form(rule, _compile(rule, _fill(rule, table)), start_regex, _required(rule, table))


def _required(rule: Pattern, table: dict[str, str]) -> Scanner | None:
    """The `requires` template of a form: a part that every match of the form holds (a
    window without it cannot hold a match, and the form is not tried there). On the
    standard `re` when it compiles: it looks for the part faster, and finds it wherever
    `regex` does (its `\\s` and its case-blind letters include those of `regex`)."""
    requires = rule.get("requires")
    if requires is None:
        return None
    if not isinstance(requires, str) or not requires:
        raise PatternError(f"[{rule.source}] {rule.id}: 'requires' must be a template string")
    source = _fill(replace(rule, pattern=requires), table)
    _compile(rule, source)  # a clear error for a bad `requires`
    return scanner(source, ignore_case=True)


def _context_regexes(table: dict[str, str]) -> tuple[regex.Pattern[str], ...]:
    """Qualifier before/after, role trigger, role trigger right after an amount, purpose."""
    before, after = table.get("qualifier_before", _NEVER), table.get("qualifier_after", _NEVER)
    role, link = table.get("role", _NEVER), table.get("role_link", _NEVER)
    sources = (
        rf"(?P<q>{before})\s{{0,3}}$",
        rf"\s{{0,2}}(?P<q>{after})",
        role,
        rf"[\s-]{{0,2}}(?:{link}\s{{0,2}})?(?P<t>{role})",
        rf"\s{{0,2}}(?:{table.get('purpose', _NEVER)})",
    )
    return tuple(regex.compile(source, _FLAGS) for source in sources)


def _grammars(lang: str) -> tuple[_Grammar, ...]:
    """The article's language first, then the other (articles quote each other's amounts)."""
    primary = (lang or "").lower()[:2]
    primary = primary if primary in LANGS else LANGS[0]
    return tuple(_grammar(code) for code in (primary, *(c for c in LANGS if c != primary)))


# ---------------------------------------------------------------- numbers


def _tokens(grammar: _Grammar, figure: str) -> list[Token]:
    """The tokens of a figure: ("num", 5), ("unit", 1000), ("scale", 10**8), ("inner", 0),
    and ("low", 3), ("high", 5) for an approximate pair of numerals (三五亿)."""
    out: list[Token] = []
    for match in grammar.tokens.finditer(figure):
        kind, text = match.lastgroup, match.group()
        if kind == "num":
            out.append(("num", Decimal(text.replace(",", ""))))
        elif kind == "inner":
            out.append(("inner", Decimal(0)))
        elif kind == "pair":
            out += _pair_tokens(grammar, text)
        elif kind == "point":
            out.append(("point", Decimal(0)))
        elif kind != "filler":
            out.append(_vocab_token(grammar, kind or "", text))
    return _hundred_millions(_spoken_decimal(out))


def _spoken_decimal(tokens: list[Token]) -> list[Token]:
    """十二点六亿: the numerals before a spoken decimal point make the whole part, the digits
    after it the fraction (12.6), then the scales follow as usual."""
    if ("point", Decimal(0)) not in tokens:
        return tokens
    at = tokens.index(("point", Decimal(0)))
    digits = list(takewhile(lambda t: t[0] == "num", tokens[at + 1 :]))
    whole = tokens[:at]
    if not digits or not whole or any(kind not in ("num", "unit") for kind, _ in whole):
        return [t for t in tokens if t[0] != "point"]
    fraction = Decimal("0." + "".join(str(int(val)) for _, val in digits))
    return [("num", _fold(whole) + fraction), *tokens[at + 1 + len(digits) :]]


_HUNDRED, _MILLION = Decimal(100), Decimal(1_000_000)


def _hundred_millions(tokens: list[Token]) -> list[Token]:
    """MT of N亿: a figure right before "100 million" counts hundreds of millions (6.8 100
    million -> 6.8 × 10**8); no well-formed figure has two numbers in a row."""
    out: list[Token] = []
    for token in tokens:
        if (token == ("scale", _MILLION) and len(out) >= 2 and out[-1] == ("num", _HUNDRED)
                and out[-2][0] == "num"):
            out[-1] = ("scale", _HUNDRED * _MILLION)
            continue
        out.append(token)
    return out


def _pair_tokens(grammar: _Grammar, text: str) -> list[Token]:
    """三五 -> ("low", 3), ("high", 5): the two ends of an approximate figure."""
    rule = grammar.find("numeral_pair", text)
    if rule is None:
        return [("filler", Decimal(0))]
    return [("low", Decimal(str(rule.get("low")))), ("high", Decimal(str(rule.get("high"))))]


def _vocab_token(grammar: _Grammar, kind: str, text: str) -> Token:
    kinds = {"scale": "scale", "word": "number_word", "numeral": "numeral"}
    rule = grammar.find(kinds.get(kind, kind), text)
    if rule is None:
        return ("filler", Decimal(0))
    if rule.get("multiplier") is not None:
        return ("scale" if kind == "scale" else "unit", Decimal(str(rule.get("multiplier"))))
    return ("num", Decimal(str(rule.get("value", 0))))


def _fold(tokens: list[Token]) -> Decimal:
    """Evaluate Chinese-style figures: 四亿五千万, 1.2万亿, 3千万, 1 thousand million, and split
    ones (1 billion 200 million); _PartsDoNotFall for 200 million 3 billion."""
    total = section = Decimal(0)
    num: Decimal | None = None
    biggest: Decimal | None = None
    step = Decimal(1)  # one unit of the last run of scales: 10**12 after 万亿, 10**8 after 亿
    for kind, val in tokens:
        if kind == "num":
            num = val
        elif kind == "unit":
            section += (Decimal(1) if num is None else num) * val
            num = None
        elif kind == "scale":
            base = section + (num or 0)
            if base and total:
                _check_part(base * val, val > (biggest or 0), bool(section), step)
            if base == 0 and total == 0:
                base = Decimal(1)  # a lone scale: 亿元 after 近
            step = step * val if base == 0 else val
            if biggest is None or val > biggest:
                total, biggest = (total + base) * val, val
            else:
                total += base * val
            section, num = Decimal(0), None
    return total + section + (num or 0)


class _PartsDoNotFall(ValueError):
    """A split figure whose later part is not smaller (MT garble: 300 million 2 billion)."""


def _check_part(worth: Decimal, rises: bool, has_unit: bool, step: Decimal) -> None:
    """A part after a scaled part is worth less than one unit of that scale (1 billion 200 million,
    四亿五千万), or it has a 千/百 unit and its larger scale multiplies all before it (1万5千亿)."""
    if (rises and not has_unit) or (not rises and worth >= step):
        raise _PartsDoNotFall("the parts of a split figure do not fall")


def _to_int(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _trailing_scales(tokens: list[Token]) -> list[Token]:
    tail: list[Token] = []
    for token in reversed(tokens):
        if token[0] != "scale":
            break
        tail.insert(0, token)
    return tail


def _has_scale(tokens: list[Token]) -> bool:
    return any(kind == "scale" for kind, _ in tokens)


def _pair_end(tokens: list[Token], end: str) -> list[Token]:
    """One end of an approximate pair: 三五亿 -> 三亿 ("low") or 五亿 ("high")."""
    drop = "high" if end == "low" else "low"
    return [("num", val) if kind == end else (kind, val) for kind, val in tokens if kind != drop]


def _has_pair(tokens: list[Token]) -> bool:
    """Whether the figure holds an approximate pair of numerals."""
    return any(kind == "low" for kind, _ in tokens)


# ---------------------------------------------------------------- candidates


def _currency(grammar: _Grammar, match: regex.Match[str]) -> str | None:
    """ISO code from the prefix or suffix; None when two currencies in the match disagree."""
    pre = _group(match, "pre")
    found = [grammar.find("currency_prefix", pre) or grammar.find("currency_word_prefix", pre)] if pre else []
    found += [grammar.find("currency_suffix", _group(match, g)) for g in ("cur", "cur2") if _group(match, g)]
    codes = [str(rule.get("currency")) for rule in found if rule is not None]
    if not codes or (_group(match, "cur2") and len(set(codes[-2:])) > 1):
        return None
    return codes[0]


def _group(match: regex.Match[str], name: str) -> str:
    return (match.group(name) or "") if name in match.re.groupindex else ""


def _figures(grammar: _Grammar, match: regex.Match[str]) -> tuple[list[Token], list[Token]]:
    """Low and high tokens; a range's low end borrows the high end's scale (1-2亿元)."""
    extra = _tokens(grammar, _group(match, "scale"))
    low = _tokens(grammar, _group(match, "num")) + extra
    high = _tokens(grammar, _group(match, "num2")) + extra if _group(match, "num2") else []
    if high and not _has_scale(low):
        low += _trailing_scales(high)
    if _has_pair(low + high):
        return _pair_end(low, "low"), _pair_end(high or low, "high")
    return low, high


def _last_part(grammar: _Grammar, match: regex.Match[str]) -> tuple[int, int] | None:
    """Start and value of the last scaled part of a garbled split figure: in "300 million
    2 billion yuan" the part next to the currency is the amount, as if the rest were absent."""
    figure, begin = _group(match, "num"), None
    after_scale = False
    for token in grammar.tokens.finditer(figure):
        if token.lastgroup in ("num", "word") and after_scale:
            begin = token.start()
        after_scale = token.lastgroup == "scale"
    if begin is None:
        return None
    return match.start("num") + begin, _to_int(_fold(_tokens(grammar, figure[begin:])))


def _plausible(tokens: list[Token], figure: str) -> bool:
    """Numerals alone need a scale: 三元材料 and 一元化 are not money."""
    return _has_scale(tokens) or bool(_DIGIT.search(figure))


def _span(match: regex.Match[str], groups: Iterable[str]) -> tuple[int, int]:
    present = [g for g in groups if g in match.re.groupindex and match.group(g) is not None]
    return min(match.start(g) for g in present), max(match.end(g) for g in present)


def _candidate(
    grammar: _Grammar, rule: Pattern, match: regex.Match[str], order: int
) -> _Candidate | None:
    """Turn one form match into a candidate, or None when it is not money after all."""
    currency = _currency(grammar, match) if _group(match, "pre") or _group(match, "cur") else "CNY"
    low, high = _figures(grammar, match)
    if currency is None or not low or not _plausible(low + high, match.group()):
        return None
    start, end = _span(match, _SPAN_GROUPS)
    try:
        value = _to_int(_fold(low))
    except _PartsDoNotFall:
        last = None if high or _group(match, "scale") else _last_part(grammar, match)
        if last is None:
            return None
        start, value = last
    top = _to_int(_fold(high)) if high else None
    if top is not None and top <= value:  # "from 2021 to 300 million yuan": keep the high end
        if not _group(match, "num2"):
            return None  # a numeral pair in a garbled figure that does not rise
        start, value, top = match.start("num2"), top, None
    if value <= 0:
        return None
    inner = any(kind == "inner" for kind, _ in low + high)
    return _Candidate(start, end, value, top, currency, rule.id, inner, order)


# Every form spans at most this far around its currency or scale word (RMB 3.6 billion,
# 1.1484 trillion yuan, 1-2 billion yuan): forms run only in these windows.
_HINT_BEFORE, _HINT_AFTER = 80, 48


def _windows(grammar: _Grammar, text: str) -> list[tuple[int, int]]:
    """Merged spans of text around the grammar's currency and scale words."""
    spans = [(max(0, a - _HINT_BEFORE), min(len(text), b + _HINT_AFTER)) for a, b in _hints(grammar, text)]
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _hints(grammar: _Grammar, text: str) -> list[tuple[int, int]]:
    """The spans of the hint's matches, tried only where a currency or scale word may begin."""
    positions = grammar.hint_starts.positions(text) if grammar.hint_starts else None
    if positions is None:
        return [m.span() for m in grammar.hint.finditer(text)]
    return matches_at_starts(grammar.hint, text, positions)


def scanned(lang: str) -> Group:
    """The distinct `starts` regexes of the forms, for one scan of the article (prescan)."""
    starts = {form.starts.pattern: form.starts for form in _grammar(lang).forms if form.starts is not None}
    return Group(list(starts.values()), ignore_case=True)


def _start_spots(grammar: _Grammar, text: str) -> dict[str, Sequence[int] | None]:
    """Where each `starts` regex of the article's own grammar may match, from the scan of
    the article that dates, milestones and counts share (prescan)."""
    group = scanned(grammar.lang)
    if not group.regexes:
        return {}
    found = prescan_spots(text, grammar.lang, "money")
    return {rx.pattern: at for rx, at in zip(group.regexes, found, strict=True)}


def _starts_in(starts: Scanner, text: str, spans: Spans, spots: Sequence[int] | None) -> list[list[int]]:
    """Per span, the positions where `starts` matches (what start_positions finds), tried
    only at `spots` (None: scan the spans)."""
    if spots is None:
        return start_positions(starts, text, spans)
    found = []
    for a, b in spans:
        inside = spots[bisect_left(spots, a) : bisect_left(spots, b)]
        found.append([p for p in inside if starts.match(text, p, b)])
    return found


def _matches(grammars: tuple[_Grammar, ...], text: str) -> Iterator[_Candidate]:
    """Every candidate of every form (at most _MAX_PER_FORM each), within the time budget."""
    prepare_scan(grammars[0].lang)  # once per process, and no part of the matching budget
    deadline = time.monotonic() + _BUDGET
    windows = {grammar.lang: _windows(grammar, text) for grammar in grammars}
    forms = [(grammar, form) for grammar in grammars for form in grammar.forms if windows[grammar.lang]]
    own = _start_spots(grammars[0], text) if windows[grammars[0].lang] else {}
    starts: dict[str, list[list[int]]] = {}  # a `starts` regex -> its hits, per window
    for order, (grammar, form) in enumerate(forms):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        try:
            spans = windows[grammar.lang]
            if form.starts is None:
                spans = _holding(form, text, spans, [[a] for a, _ in spans])[0]
                matches = (m for a, b in spans for m in form.regex.finditer(text, a, b, timeout=remaining))
            else:
                key = form.starts.pattern
                if key not in starts:
                    spots = own.get(key) if grammar is grammars[0] else None
                    starts[key] = _starts_in(form.starts, text, spans, spots)
                matches = matches_at(form.regex, text, *_holding(form, text, spans, starts[key]), remaining)
            yield from _form_candidates(grammar, form.rule, matches, order)
        except TimeoutError:
            return


def _holding(
    form: _Form, text: str, spans: Spans, positions: list[list[int]]
) -> tuple[Spans, list[list[int]]]:
    """The windows (with their start positions) that hold the form's `requires` part after
    their first start position: a match holds it, and no match begins before that."""
    if form.requires is None:
        return spans, positions
    kept = [
        (span, at) for span, at in zip(spans, positions, strict=True)
        if at and form.requires.search(text, at[0], span[1]) is not None
    ]
    return [span for span, _ in kept], [at for _, at in kept]


def _form_candidates(
    grammar: _Grammar, rule: Pattern, matches: Iterator[regex.Match[str]], order: int
) -> Iterator[_Candidate]:
    found = 0
    for match in matches:
        cand = _safe_candidate(grammar, rule, match, order)
        if cand is not None:
            yield cand
            found += 1
            if found >= _MAX_PER_FORM:
                return


def _safe_candidate(
    grammar: _Grammar, rule: Pattern, match: regex.Match[str], order: int
) -> _Candidate | None:
    try:
        return _candidate(grammar, rule, match, order)
    except (InvalidOperation, ValueError, OverflowError):
        return None  # an absurd figure (1e30 yuan) is not worth an exception


def _select(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Keep the longest non-overlapping candidates; ties go to the earlier rule."""
    taken: set[int] = set()
    kept: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.order, c.start)):
        span = range(cand.start, cand.end)
        if not any(i in taken for i in span):
            taken.update(span)
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


# ---------------------------------------------------------------- qualifier and role


def _qualifier(text: str, cand: _Candidate, grammars: tuple[_Grammar, ...]) -> str:
    """range > a qualifier right before > 多/余 inside > a qualifier right after."""
    if cand.high is not None:
        return "range"
    lo = max(0, cand.start - _QUALIFIER_REACH)
    for grammar in grammars:
        match = grammar.qualifier_before.search(text, lo, cand.start)
        rule = match and grammar.find("qualifier_before", match.group("q"))
        if rule:
            return str(rule.get("qualifier", ""))
    if cand.inner:
        return "over"
    for grammar in grammars:
        match = grammar.qualifier_after.match(text, cand.end, cand.end + _QUALIFIER_REACH)
        rule = match and grammar.find("qualifier_after", match.group("q"))
        if rule:
            return str(rule.get("qualifier", ""))
    return ""


def _clause_start(text: str, start: int) -> int:
    """Where the look-back for a role trigger begins: the sentence start, at most 60 back."""
    lo = max(0, start - _LOOKBACK)
    for match in _SENTENCE_END.finditer(text, lo, start):
        lo = match.end()
    return lo


def _role(text: str, cand: _Candidate, grammars: tuple[_Grammar, ...], spots: _Spots) -> tuple[str, str]:
    """The nearest trigger before the amount in its clause, else one right after it
    (`spots`: per grammar, where its triggers can begin in the text)."""
    lo = _clause_start(text, cand.start)
    best: tuple[tuple[int, int], Pattern] | None = None
    for grammar, at in zip(grammars, spots, strict=True):
        for match in matches(grammar.role, text, at, lo, cand.start):
            rule = grammar.find("role", match.group())
            key = (match.end(), match.end() - match.start())
            if rule is not None and not rule.get("after_only") and (best is None or key > best[0]):
                best = (key, rule)
    if best is None:
        best = _role_after(text, cand, grammars)
    if best is None:
        return "amount", ""
    rule = best[1]
    if rule.get("purpose_role") and any(g.purpose.match(text, cand.end) for g in grammars):
        return str(rule.get("purpose_role")), rule.id  # "has invested 1.2 billion yuan to build"
    return str(rule.get("role", "amount")), rule.id


def _role_after(
    text: str, cand: _Candidate, grammars: tuple[_Grammar, ...]
) -> tuple[tuple[int, int], Pattern] | None:
    """`…亿元的总投资`, `1.5 billion yuan of investment`."""
    for grammar in grammars:
        match = grammar.role_after.match(text, cand.end, cand.end + _LOOKAHEAD)
        rule = match and grammar.find("role", match.group("t"))
        if rule:
            return (0, 0), rule
    return None


# ---------------------------------------------------------------- entry point


def find_amounts(text: str, lang: str) -> list[Amount]:
    """Every money amount in `text` (width-folded), in text order, with offsets into it."""
    if not isinstance(text, str) or not text:
        return []
    grammars = _grammars(lang if isinstance(lang, str) else "")
    cands = _select(_matches(grammars, text))
    if not cands:
        return []
    spots = [g.role_starts.positions(text) if g.role_starts else None for g in grammars]
    return [_finish(text, cand, grammars, spots) for cand in cands]


def _finish(text: str, cand: _Candidate, grammars: tuple[_Grammar, ...], spots: _Spots) -> Amount:
    role, role_rule = _role(text, cand, grammars, spots)
    return Amount(
        value=cand.value,
        high=cand.high,
        currency=cand.currency,
        qualifier=_qualifier(text, cand, grammars),
        role=role,
        start=cand.start,
        end=cand.end,
        rule=cand.rule,
        role_rule=role_rule,
    )
