"""Length-preserving text folding, so offsets found in folded text point into the original."""

from __future__ import annotations

import sys
import unicodedata
from functools import cache

_FULLWIDTH_FIRST, _FULLWIDTH_LAST = 0xFF01, 0xFF5E  # ！ .. ～
_FULLWIDTH_OFFSET = 0xFF01 - 0x21
_IDEOGRAPHIC_SPACE = 0x3000


def fold(text: str) -> str:
    """Return `text` with full-width forms and other NFKC singletons folded; same length."""
    return text.translate(_table())


@cache
def _table() -> dict[int, str]:
    """The translation table: code point -> its one-character NFKC form (built once)."""
    table = _nfkc_singletons()
    for cp in range(_FULLWIDTH_FIRST, _FULLWIDTH_LAST + 1):
        table[cp] = chr(cp - _FULLWIDTH_OFFSET)
    table[_IDEOGRAPHIC_SPACE] = " "
    return table


def _nfkc_singletons() -> dict[int, str]:
    """Every code point whose NFKC form is a single different character."""
    table: dict[int, str] = {}
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:  # lone surrogates are not characters
            continue
        char = chr(cp)
        if unicodedata.is_normalized("NFKC", char):
            continue
        form = unicodedata.normalize("NFKC", char)
        if len(form) == 1:
            table[cp] = form
    return table
