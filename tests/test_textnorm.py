"""Tests of extract.textnorm.fold: folding keeps every offset valid."""

from __future__ import annotations

import random
import sys
import unicodedata

import pytest

from extract.textnorm import fold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１２３４５", "12345"),
        ("总投资１２．５亿元", "总投资12.5亿元"),
        ("增长１５％", "增长15%"),
        ("ＡＢＣ公司（ｃｏ．）", "ABC公司(co.)"),
        ("发布时间：２０２３－０４－１２", "发布时间:2023-04-12"),
        ("合肥\u3000开工", "合肥 开工"),
        ("！～", "!~"),
        ("a\u00a0b", "a b"),  # no-break space
        ("Ⅻ", "Ⅻ"),  # NFKC "XII" has another length: kept
        ("㎡", "㎡"),  # NFKC "m2": kept
        ("ﬁnance", "ﬁnance"),  # NFKC "fi": kept
        ("①", "1"),
        ("²", "2"),
        ("Ａ\u0301", "A\u0301"),  # combining marks stay where they are
        ("plain ascii 123", "plain ascii 123"),
        ("中文不变。，", "中文不变。,"),
        ("", ""),
    ],
)
def test_fold_examples(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_full_width_ascii_block() -> None:
    full = "".join(chr(cp) for cp in range(0xFF01, 0xFF5F))
    ascii_ = "".join(chr(cp) for cp in range(0x21, 0x7F))
    assert fold(full) == ascii_


def test_ascii_and_han_are_unchanged() -> None:
    text = "".join(chr(cp) for cp in range(0x20, 0x7F)) + "合肥市重大项目集中开工"
    assert fold(text) == text


def test_folded_characters_agree_with_nfkc() -> None:
    text = "".join(chr(cp) for cp in range(0xFF00, 0xFFEF)) + "\u3000①²ｶ"
    for original, folded in zip(text, fold(text), strict=True):
        form = unicodedata.normalize("NFKC", original)
        assert folded == (form if len(form) == 1 else original)


def _random_text(rng: random.Random, length: int) -> str:
    """A random string mixing ASCII, CJK, full-width forms and any code point."""
    pools = [
        (0x20, 0x7E),
        (0x4E00, 0x9FFF),
        (0xFF00, 0xFFEF),
        (0x2000, 0x33FF),
        (0, sys.maxunicode),
    ]
    chars = []
    for _ in range(length):
        low, high = rng.choice(pools)
        cp = rng.randint(low, high)
        chars.append(chr(cp if not 0xD800 <= cp <= 0xDFFF else 0x20))
    return "".join(chars)


def test_length_preserved_on_random_strings() -> None:
    rng = random.Random(20230412)
    for _ in range(2000):
        text = _random_text(rng, rng.randint(0, 80))
        folded = fold(text)
        assert len(folded) == len(text)
        assert fold(folded) == folded  # idempotent
        for original, char in zip(text, folded, strict=True):
            assert char in (original, unicodedata.normalize("NFKC", original))


def test_length_preserved_on_every_code_point() -> None:
    text = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if not 0xD800 <= cp <= 0xDFFF)
    assert len(fold(text)) == len(text)
