"""Decoding raw bytes into article text: BOMs, UTF-8, GB18030/GBK, Big5, binary checks."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from extract import errors
from extract.errors import InputError

TAIL_BYTES = 4096
CONTROL_SAMPLE = 8192
MAX_CONTROL_SHARE = 0.05
CHINESE_CODECS = ["gb18030", "big5"]  # GB18030 is a superset of GBK and GB2312

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\v\f\r") + b"\x7f"

def decode_bytes(data: bytes) -> str:
    """Decode a whole text file (UTF-8, GB18030, Big5, UTF-16/32 with BOM), "\\n" newlines."""
    codec = detect_encoding(data)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:  # a BOM followed by invalid bytes
        raise InputError(errors.UNDECODABLE.format(detail=decode_detail(exc))) from exc
    if not text.strip():
        raise InputError(errors.EMPTY_FILE)
    return normalize_newlines(text)


def detect_encoding(data: bytes, *, final: bool = True) -> str:
    """The codec of `data` (`final=False`: a file's first bytes); InputError if not text."""
    if not data.strip():
        raise InputError(errors.EMPTY_FILE)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    _check_not_binary(data)
    if _is_utf8(data, final=final):
        return "utf-8"
    return _detect_chinese(data if final else _whole_chars(data))


def _check_not_binary(data: bytes) -> None:
    """Raise InputError when `data` is a known binary format or not text at all."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            raise InputError(errors.BINARY_FILE.format(detail=name))
    if b"\x00" in data:
        raise InputError(errors.BINARY_FILE.format(detail="contains NUL bytes"))
    sample = data[:CONTROL_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise InputError(errors.BINARY_FILE.format(detail="too many control characters"))


def _is_utf8(data: bytes, *, final: bool) -> bool:
    """Whether `data` is valid UTF-8 (a cut-off last character is fine unless final)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _detect_chinese(data: bytes) -> str:
    """GB18030 or Big5, as charset-normalizer judges `data`; InputError if neither fits."""
    match = from_bytes(data, cp_isolation=CHINESE_CODECS).best()
    if match is None:
        detail = "not UTF-8, GB18030, Big5 or UTF-16"
        raise InputError(errors.UNDECODABLE.format(detail=detail))
    return match.encoding


def _whole_chars(data: bytes) -> bytes:
    """The first bytes of a file cut so that no GB18030/Big5 character is cut in two."""
    for i in range(len(data) - 1, max(len(data) - TAIL_BYTES, 0) - 1, -1):
        if data[i] < 0x30:  # never inside a GB18030 or Big5 character
            return data[: i + 1]
    return data


def decode_detail(exc: UnicodeDecodeError) -> str:
    """A short description of a decoding error."""
    return f"{exc.reason} for {exc.encoding}"


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
