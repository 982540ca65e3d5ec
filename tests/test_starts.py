"""Trying a rule regex only where its matches can begin (extract/starts.py) loses nothing."""

from __future__ import annotations

import re
import sys

import pytest
import regex
from casetables import LANGS, load_cases

from extract import counts, dates, milestones, money, prescan, starts
from extract.patterns import patterns_dir
from extract.starts import StartScanner, fold_case, matches, starts_of

# Texts that probe the edges: case, odd case-equivalents, other digits and spaces, a match
# at the very start or end, words that only begin like a prefix.
EDGE_TEXTS = [
    "March 3, 2022: construction STARTED; completion is due by the END OF 2023.",
    "İn JUNE the plant was completed; ſeptember 2021; \u212aick-off in Q1 2024.",
    "The\u00a0end\nof\tthe year, the\u3000first quarter, the  same day, the\u2028next month.",
    "2022-03-15 2022/3/15 2022.3.15 No. 2022 GB/T 50300-2013 Vision 2030 China 2025",
    "Marketing mayors marched; mid-2023; early 2024; H1 2025; 1st quarter of last year",
    "\u0662\u0660\u0662\u0662\u5e743\u6708\u5f00\u5de5\uff0c\uff12\uff10\uff12\uff13\u5e74\u5e95\u7ae3\u5de5",
    "2022年3月15日签约，次年6月开工建设，当年竣工投产；一次年会；十四五规划；8月底封顶",
    "今年9月竣工投产，明年上半年达产。去年第四季度开工，年初完工并投入使用。春节前开工",
    "1-5月，3月份，二〇二三年十二月三十一日，23日开工，连续第二年，当年签约、当年开工",
    "started",
    "",
]


def _texts() -> list[str]:
    """The edge texts, the date and milestone case tables of both languages, the corpus."""
    cases = [c["text"] for lang in LANGS for kind in ("dates", "milestones") for c in load_cases(lang, kind)]
    corpus = patterns_dir().parent / "corpus" / "articles"
    return EDGE_TEXTS + cases + [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]


def _scanners(lang: str) -> list[tuple[StartScanner, list[regex.Pattern]]]:
    """The scanners of the money `starts`, date, milestone and count regexes (prescan), with
    those regexes."""
    found = []
    for scanner, slices in prescan._scanners(lang):
        groups = sorted(slices, key=lambda group: slices[group].start)
        found.append((scanner, [rx for group in groups for rx in prescan.group_of(group, lang).regexes]))
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_prescan_spots_are_each_groups_own(lang: str) -> None:
    """Each group gets the positions of its own regexes, in its order, for the text asked."""
    for text in EDGE_TEXTS:
        for group, module in (("money", money), ("dates", dates), ("milestones", milestones), ("counts", counts)):
            own = module.scanned(lang)
            if not own.regexes:
                continue
            rooms = [own.prefix_chars] * len(own.regexes)
            alone = StartScanner([rx.pattern for rx in own.regexes], own.ignore_case, rooms).positions(text)
            assert prescan.spots(text, lang, group) == alone


def _seen(found: list[regex.Match]) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in found]


@pytest.mark.parametrize("lang", LANGS)
def test_trying_only_at_the_starts_finds_what_finditer_finds(lang: str) -> None:
    """Over whole texts and over a part of each (pos/endpos, as milestones scan spans)."""
    for scanner, rxs in _scanners(lang):
        assert sum(s is not None for s in scanner.starts) > len(rxs) // 2, "most regexes have starts"
        for text in _texts():
            spots = scanner.positions(text)
            part = (len(text) // 5, len(text) * 4 // 5)
            for rx, at in zip(rxs, spots, strict=True):
                if isinstance(rx, re.Pattern):  # a money `starts` scanner: zero-width, on `re`
                    assert at is None or {m.start() for m in rx.finditer(text)} <= set(at), rx.pattern
                    continue
                assert _seen(matches(rx, text, at)) == _seen(list(rx.finditer(text))), rx.pattern
                sub = list(rx.finditer(text, *part))
                assert _seen(matches(rx, text, at, *part)) == _seen(sub), rx.pattern


@pytest.mark.parametrize(
    ("source", "ignore_case", "prefixes"),
    [
        (r"\b(?:Jan|feb)\b", True, {"jan", "feb"}),
        (r"(?<![\d.])20\d\d年", False, {"0000年"}),  # every digit as 0
        (r"\d{1,2}(?=\s*月)", False, {"0月", "0 月", "00月", "00 月"}),  # a lookahead goes on
        (r"(?=[ab])(?:ab|ac|bd)", False, {"ab", "ac", "bd"}),  # ...unless what follows is longer
        (r"\b(?:the\s+)?end\s+of", True, {"end of", "the end "}),
        (r"\w+", False, set()),
        (r"a*b?", False, set()),
        (r"(?i)jan", False, set()),
        (r"x\p{Han}", False, set()),  # `regex` syntax the standard parser does not read...
        (r"(?:abc){e<=1}", False, set()),  # ...or reads otherwise
        (r"[[:digit:]]+x", False, set()),
        (r"a{1,2}b", False, {"ab", "aab"}),
    ],
)
def test_starts_of(source: str, ignore_case: bool, prefixes: set[str]) -> None:
    """Literal prefixes of a source; none (scan it whole) when a match may begin anywhere."""
    found = starts_of(source, ignore_case)
    if not prefixes:
        assert found is None
    else:
        assert found is not None and {p for p, _ in found.paths} == prefixes


def test_a_leading_boundary_or_lookbehind_bans_the_character_before() -> None:
    year = starts_of(r"(?<![\d.])20\d\d", False)
    word = starts_of(r"\bmay\b", True)
    assert year is not None and all({"1", "."} <= ban for _, ban in year.paths)
    assert word is not None and all({"a", "Z", "_", "3"} <= ban for _, ban in word.paths)
    assert matches(regex.compile(r"\bmay\b", regex.I), "dismay; May", [3, 8]) != []


def _every_character() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_case_folding_keeps_every_case_equivalent_of_an_ascii_character() -> None:
    """What `regex` matches case-blind to an ASCII character folds to that character."""
    everything = _every_character()
    for code in range(128):
        char = chr(code)
        for other in regex.findall(regex.escape(char), everything, regex.IGNORECASE):
            assert fold_case(other) in (char.lower(), None), (char, other)


def test_the_scanner_space_covers_every_regex_space() -> None:
    """Prefix spaces scan as the standard `\\s+`: it must include all that `regex` calls space."""
    everything = _every_character()
    assert set(regex.findall(r"\s", everything)) <= set(re.findall(r"\s", everything))


def test_without_the_standard_parser_every_regex_is_scanned_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.10 has no `re._parser`: no regex gets starts, and matches stay those of finditer."""
    monkeypatch.setattr(starts, "sre_parse", None)
    assert starts_of(r"\b(?:Jan|feb)\b", True) is None
    rx = regex.compile(r"\bmay\b", regex.I)
    assert _seen(matches(rx, "dismay; May", None)) == _seen(list(rx.finditer("dismay; May")))


def test_a_caseless_symbol_matches_itself_alone_ignoring_case() -> None:
    """Prefixes keep the symbols without case (¥, €) when the regex ignores case: no other
    character may match one of them case-blind (else the folded text would miss it)."""
    everything = _every_character()
    caseless = [c for c in everything if not c.isascii() and starts._caseless(c)]
    found = set(regex.findall("[" + "".join(map(regex.escape, caseless)) + "]", everything, regex.IGNORECASE))
    assert found == set(caseless)
