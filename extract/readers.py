"""Readers: turn input paths (files, folders, `-` for stdin) into Article records.

Nothing is dropped silently: an input that cannot be read becomes an Article with
`error` set to a one-line reason from `extract.errors`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import regex
import trafilatura

from extract import errors
from extract.csvreader import RecordTooLarge, Row, read_rows
from extract.decode import decode_bytes, decode_detail, detect_encoding, normalize_newlines
from extract.errors import InputError
from extract.metadata import parse_date
from extract.records import Article

DEFAULT_MAX_BYTES = 20_000_000
TEXT_FIELDS = ("text", "content", "body", "article")
DATE_FIELDS = ("published", "date", "publish_time", "pub_date")
STDIN = "-"
SNIFF_BYTES = 1 << 16  # how much of a JSONL/CSV file decides its encoding
CSV_FIELD_LIMIT = 2**31 - 1  # the csv module's limit is a C long (32 bits on Windows)
WIDE_CODECS = ("utf-16", "utf-32")  # their lines cannot be split on b"\n"
COMPACT_DATE_DIGITS = 8  # 20230412
EPOCH_DIGITS = (10, 13)  # epoch seconds or milliseconds (2001-09-09 to 2286)
# Chinese news sites give epoch timestamps in Beijing time.
CHINA_TZ = dt.timezone(dt.timedelta(hours=8))
# Fast search keeps htmldate to markup and labelled dates instead of guessing from
# body text (which is full of project dates); original_date asks for the
# publication rather than the last update, and also stops "filedate" = today.
HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True}

_JSON_TYPES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}
_FIRST_LINE = regex.compile(r"\S[^\n]*")

Reader = Callable[[str, int], Iterator[Article]]


def iter_articles(
    paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Iterator[Article]:
    """Yield the articles of every path in order; folders recursively, `-` is stdin."""
    for given in paths:
        if given == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
        elif os.path.isdir(given):
            yield from _read_folder(given, max_bytes)
        elif os.path.exists(given):
            yield from _read_file(given, max_bytes)
        else:
            yield _error(given, errors.NOT_FOUND)


# --- sources ----------------------------------------------------------------------


def _read_folder(root: str, max_bytes: int) -> Iterator[Article]:
    """The articles of every visible file under `root`, sorted by path."""
    failures: list[OSError] = []
    found: list[str] = []
    for folder, dirs, files in os.walk(root, onerror=failures.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(os.path.join(folder, f) for f in files if not f.startswith("."))
    for path in sorted(found, key=lambda p: Path(p).parts):
        yield from _read_file(path, max_bytes)
    for failure in failures:
        yield _error(str(failure.filename), _unreadable(failure))


def _read_file(source: str, max_bytes: int) -> Iterator[Article]:
    """The articles of one file, by its suffix; read failures become error articles."""
    suffix = Path(source).suffix
    reader = _READERS.get(suffix.lower())
    if reader is None:
        yield _error(source, errors.UNSUPPORTED.format(suffix=suffix))
        return
    try:
        yield from reader(source, max_bytes)
    except InputError as exc:
        yield _error(source, str(exc))
    except OSError as exc:
        yield _error(source, _unreadable(exc))


def _read_stdin(stream: BinaryIO, max_bytes: int) -> Iterator[Article]:
    """Standard input: JSONL when every non-empty line is a JSON object, else one text."""
    try:
        text = decode_bytes(_read_limited(stream, max_bytes))
    except InputError as exc:
        yield _error(STDIN, str(exc), "stdin")
        return
    lines = text.split("\n")
    if not _looks_like_jsonl(lines):
        yield _text_article("stdin", STDIN, text)
        return
    for number, line in enumerate(lines, 1):
        if line.strip():
            yield _json_article(line, f"stdin:{number}", STDIN)


def _looks_like_jsonl(lines: Iterable[str]) -> bool:
    """Whether every non-empty line looks like a JSON object."""
    stripped = [line.strip() for line in lines if line.strip()]
    return all(line.startswith("{") and line.endswith("}") for line in stripped)


def _read_file_bytes(source: str, max_bytes: int) -> bytes:
    """The whole content of a file, after checking its size against the limit."""
    size = os.stat(source).st_size
    if size > max_bytes:
        raise InputError(errors.TOO_LARGE.format(size=size, limit=max_bytes))
    with open(source, "rb") as stream:
        return _read_limited(stream, max_bytes)


def _read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read a stream to its end; InputError (after counting the rest) past the limit."""
    data = stream.read(max_bytes + 1)
    if len(data) <= max_bytes:
        return data
    size = len(data)
    while chunk := stream.read(SNIFF_BYTES):
        size += len(chunk)
    raise InputError(errors.TOO_LARGE.format(size=size, limit=max_bytes))


# --- readers per file type ---------------------------------------------------------


def _read_txt(source: str, max_bytes: int) -> Iterator[Article]:
    """A plain-text file: one article, titled by its first non-empty line."""
    text = decode_bytes(_read_file_bytes(source, max_bytes))
    yield _text_article(_stem(source), source, text)


def _read_html(source: str, max_bytes: int) -> Iterator[Article]:
    """A scraped page: its main text, title and date as trafilatura extracts them."""
    page = decode_bytes(_read_file_bytes(source, max_bytes))
    doc = trafilatura.bare_extraction(
        page, with_metadata=True, date_extraction_params=HTML_DATE_PARAMS
    )
    body = normalize_newlines(getattr(doc, "text", None) or "").strip()
    if not body:
        raise InputError(errors.NO_MAIN_TEXT)
    title = (getattr(doc, "title", None) or "").strip()
    published = parse_date(getattr(doc, "date", None) or "")
    yield Article(
        article_id=_stem(source),
        source=source,
        text=_with_title(title, body),
        title=title or _first_line(body),
        published=published,
        url=getattr(doc, "url", None) or "",
    )


def _read_jsonl(source: str, max_bytes: int) -> Iterator[Article]:
    """One article per JSON line; a broken line becomes an error article."""
    stem = _stem(source)
    found = False
    with open(source, "rb") as stream:
        codec = _sniff_encoding(stream, max_bytes)
        for number, line in enumerate(_lines(stream, codec, max_bytes), 1):
            if isinstance(line, InputError):
                found = True
                yield _error(source, str(line), f"{stem}:{number}")
            elif line.strip():
                found = True
                yield _json_article(line, f"{stem}:{number}", source)
    if not found:  # blank lines only (Unicode spaces, or UTF-16 newlines)
        yield _error(source, errors.EMPTY_FILE)


def _read_csv(source: str, max_bytes: int) -> Iterator[Article]:
    """One article per CSV data row, fields found by column name."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with open(source, "rb") as stream:
        codec = _sniff_encoding(stream, max_bytes)
        text = io.TextIOWrapper(stream, encoding=codec, newline="")
        yield from _csv_articles(read_rows(text, max_bytes), _stem(source), source, max_bytes)


_READERS: dict[str, Reader] = {
    ".txt": _read_txt,
    ".html": _read_html,
    ".htm": _read_html,
    ".jsonl": _read_jsonl,
    ".csv": _read_csv,
}


# --- JSONL and CSV helpers ----------------------------------------------------------


def _sniff_encoding(stream: BinaryIO, max_bytes: int) -> str:
    """The codec of a file, judged from its first lines (the stream is rewound)."""
    sample = stream.read(SNIFF_BYTES)
    # finish the line: detection is misled by a character cut in two
    sample += stream.readline(max_bytes)
    complete = sample.endswith(b"\n") or not stream.read(1)
    stream.seek(0)
    return detect_encoding(sample, final=complete)


def _lines(stream: BinaryIO, codec: str, max_bytes: int) -> Iterator[str | InputError]:
    """The decoded lines of a file, or the reason a line cannot be used."""
    if codec in WIDE_CODECS:
        yield from _wide_lines(stream, codec, max_bytes)
        return
    while raw := stream.readline(max_bytes + 1):
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            size = len(raw) + _skip_line(stream)
            yield InputError(errors.TOO_LARGE.format(size=size, limit=max_bytes))
            continue
        try:
            yield _decode_line(raw, codec)
        except InputError as exc:
            yield exc


def _wide_lines(stream: BinaryIO, codec: str, max_bytes: int) -> Iterator[str | InputError]:
    """The lines of a UTF-16/32 file; a decoding error ends the file."""
    try:
        for line in io.TextIOWrapper(stream, encoding=codec, newline=None):
            size = len(line.encode(codec))
            too_large = InputError(errors.TOO_LARGE.format(size=size, limit=max_bytes))
            yield too_large if size > max_bytes else line.rstrip("\n")
    except UnicodeDecodeError as exc:
        yield InputError(errors.UNDECODABLE.format(detail=decode_detail(exc)))


def _skip_line(stream: BinaryIO) -> int:
    """Read past the rest of an overlong line; return how many bytes were skipped."""
    skipped = 0
    while chunk := stream.readline(SNIFF_BYTES):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _decode_line(raw: bytes, codec: str) -> str:
    """Decode one line: UTF-8, else the file's codec, else on its own (mixed files)."""
    for candidate in ("utf-8-sig", codec):
        try:
            return normalize_newlines(raw.decode(candidate)).rstrip("\n")
        except UnicodeDecodeError:
            pass
    return decode_bytes(raw).rstrip("\n")


def _csv_articles(
    rows: Iterator[Row | RecordTooLarge], stem: str, source: str, max_bytes: int
) -> Iterator[Article]:
    """An article per CSV row; a file that breaks off ends with an error article."""
    number = 0
    try:
        for number, row in enumerate(rows, 1):
            if isinstance(row, RecordTooLarge):
                yield _error(source, str(row), f"{stem}:{number}")
                continue
            fields = {k.strip().lower(): v for k, v in row.items() if isinstance(k, str)}
            yield _csv_article(fields, f"{stem}:{number}", source, max_bytes)
    except UnicodeDecodeError as exc:
        reason = errors.UNDECODABLE.format(detail=decode_detail(exc))
        yield _error(source, reason, f"{stem}:{number + 1}")
    except csv.Error as exc:
        yield _error(source, errors.UNREADABLE.format(detail=exc), f"{stem}:{number + 1}")
    else:
        if number == 0:
            yield _error(source, errors.EMPTY_FILE)


def _csv_article(
    fields: Mapping[str, object], article_id: str, source: str, max_bytes: int
) -> Article:
    """The article of one CSV row, or an error article."""
    size = sum(len(v.encode("utf-8")) for v in fields.values() if isinstance(v, str))
    if size > max_bytes:
        return _error(source, errors.TOO_LARGE.format(size=size, limit=max_bytes), article_id)
    try:
        return _record_article(fields, article_id, source)
    except InputError as exc:
        return _error(source, str(exc), article_id)


def _json_article(line: str, article_id: str, source: str) -> Article:
    """The article of one JSON line, or an error article."""
    try:
        return _record_article(_parse_json(line), article_id, source)
    except InputError as exc:
        return _error(source, str(exc), article_id)


def _parse_json(line: str) -> Mapping[str, object]:
    """Parse one JSON line that must hold an object."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        detail = f"{exc.msg} (column {exc.colno})"
        raise InputError(errors.BROKEN_JSON.format(detail=detail)) from exc
    if not isinstance(record, dict):
        kind = _JSON_TYPES.get(type(record), type(record).__name__)
        raise InputError(errors.BROKEN_JSON.format(detail=f"expected an object, got {kind}"))
    return record


def _record_article(record: Mapping[str, object], default_id: str, source: str) -> Article:
    """The article of a JSON object or CSV row."""
    text = next((v for k in TEXT_FIELDS if isinstance(v := record.get(k), str) and v.strip()), None)
    if text is None:
        raise InputError(errors.NO_TEXT_FIELD.format(fields=", ".join(TEXT_FIELDS)))
    date = next((v for k in DATE_FIELDS if (v := record.get(k)) not in (None, "")), None)
    return Article(
        article_id=_field(record, "id") or default_id,
        source=source,
        text=normalize_newlines(text),
        title=_field(record, "title"),
        published=_iso_date(date),
        url=_field(record, "url"),
    )


def _field(record: Mapping[str, object], key: str) -> str:
    """A scalar field of a record as a stripped string ("" when absent)."""
    value = record.get(key)
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def _iso_date(value: object) -> str | None:
    """A record's date field as an ISO date: date strings, yyyymmdd and epoch timestamps."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
    if not isinstance(value, str):
        return None
    value = value.strip()
    if value.isdigit() and len(value) == COMPACT_DATE_DIGITS:
        return parse_date(f"{value[:4]}-{value[4:6]}-{value[6:]}")
    if value.isdigit() and len(value) in EPOCH_DIGITS:
        return _epoch_date(int(value[:10]))
    return parse_date(value)


def _epoch_date(seconds: int) -> str:
    """The Beijing-time date of an epoch timestamp in seconds."""
    return dt.datetime.fromtimestamp(seconds, tz=CHINA_TZ).date().isoformat()


# --- articles -----------------------------------------------------------------------


def _text_article(article_id: str, source: str, text: str) -> Article:
    """A whole-text article, titled by its first non-empty line."""
    return Article(article_id=article_id, source=source, text=text, title=_first_line(text))


def _with_title(title: str, body: str) -> str:
    """The body with the title as its first line (unless it already starts with it)."""
    if not title or _first_line(body) == title:
        return body
    return f"{title}\n\n{body}"


def _first_line(text: str) -> str:
    """The first non-empty line of `text`, stripped."""
    match = _FIRST_LINE.search(text)
    return match.group().strip() if match else ""


def _error(source: str, reason: str, article_id: str | None = None) -> Article:
    """An article that could not be read."""
    return Article(article_id=article_id or _stem(source), source=source, error=reason)


def _stem(source: str) -> str:
    """The id of a whole-file article: its file name without extension."""
    return "stdin" if source == STDIN else Path(source).stem


def _unreadable(exc: OSError) -> str:
    """The reason for an OS error while reading."""
    return errors.UNREADABLE.format(detail=exc.strerror or exc)
