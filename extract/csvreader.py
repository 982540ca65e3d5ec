"""CSV rows read a record at a time, so that an oversized record is refused unread.

csv.reader holds a whole record (4 bytes a character) before its size can be checked.
Here it is handed one record at a time, and a record longer than any record within the
size limit could be is skipped instead: just enough of the excel dialect (quotes, commas,
line ends) is followed to find where it ends and how large its fields are.
"""

from __future__ import annotations

import csv
import enum
import re
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from extract import errors
from extract.errors import InputError

SKIP_CHARS = 1 << 16  # how much of a skipped record is read at a time
# Quoted text: doubled quotes pair from the left, as csv.reader reads them. A repeated group
# keeps memory for each repetition: the limit bounds it.
_QUOTED_TEXT = re.compile(r'[^"]*(?:""[^"]*){0,1000}')
# The end of unquoted text: a line end, or a comma before a quoted field.
_UNQUOTED_END = re.compile(r'[\r\n]|,(?=")')

Row = dict[Any, Any]  # as csv.DictReader gives it: str keys, and None for extra fields


class RecordTooLarge(InputError):
    """A CSV record whose fields hold more than the size limit."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(errors.TOO_LARGE.format(size=size, limit=limit))


def read_rows(text: TextIO, max_bytes: int) -> Iterator[Row | RecordTooLarge]:
    """The rows of a CSV text, as csv.DictReader gives them; a record too large comes unread.

    A header too large raises RecordTooLarge.
    """
    lines = RecordLines(text, max_bytes)
    rows = csv.DictReader(lines)
    lines.columns = len(rows.fieldnames or ())
    while True:
        try:
            yield next(rows)
        except StopIteration:
            return
        except RecordTooLarge as exc:
            yield exc


class State(enum.Enum):
    """Where csv.reader is in a record."""

    FIELD_START = enum.auto()  # also the start of a record
    UNQUOTED = enum.auto()
    QUOTED = enum.auto()
    QUOTE_IN_QUOTED = enum.auto()  # the first of a doubled quote, or the end of the quoted part
    END = enum.auto()  # past the record's line end


class RecordLines:
    """The lines of a CSV text for csv.reader, read a whole record at a time.

    A record longer than `limit` characters is skipped: reading it raises RecordTooLarge.
    """

    def __init__(self, text: TextIO, max_bytes: int) -> None:
        self.columns = 0  # of the header, once it is read
        self._text = text
        self._max_bytes = max_bytes
        self._pending: deque[str] = deque()

    @property
    def limit(self) -> int:
        """The most characters a record of at most max_bytes of field text can take.

        A character of field text may take two (a doubled quote), each column adds two quotes
        and a comma, and the record ends with CRLF: a longer record is too large for sure (unless it has more
        fields than the header, whose extra fields the size leaves out).
        """
        return 2 * self._max_bytes + 3 * self.columns + 2

    def __iter__(self) -> RecordLines:
        return self

    def __next__(self) -> str:
        if not self._pending:
            self._pending.extend(self._record())
        return self._pending.popleft()

    def _record(self) -> list[str]:
        """The lines of the next record (StopIteration at the end of the text)."""
        lines: list[str] = []
        state, length = State.FIELD_START, 0
        # a line cut short by the limit is past the limit: lines that fit are whole
        while state is not State.END and (line := self._text.readline(self.limit - length + 1)):
            length += len(line)
            if length > self.limit:
                raise RecordTooLarge(self._skip([*lines, line]), self._max_bytes)
            lines.append(line)
            state = _line_end_state(line, state)
        if not lines:
            raise StopIteration
        return lines

    def _skip(self, read: list[str]) -> int:
        """Read past the rest of a record begun with `read`; the UTF-8 size of its fields.

        A CRLF that two reads split leaves a blank line, which csv.DictReader skips.
        """
        state, size = State.FIELD_START, 0
        for piece in read:
            state, markup = _scan(piece, state)
            size += _utf8_size(piece) - markup
        while state is not State.END and (piece := self._text.readline(SKIP_CHARS)):
            state, markup = _scan(piece, state)
            size += _utf8_size(piece) - markup
        return size


def _line_end_state(line: str, state: State) -> State:
    """The state after a whole line: most lines have no quote to follow."""
    if state is State.FIELD_START and '"' not in line:
        return State.END
    return _scan(line, state)[0]


def _scan(piece: str, state: State) -> tuple[State, int]:
    """The state after a piece of a record, and how many of its characters are markup.

    Markup (quotes that are not text, commas, line ends) takes one byte each in UTF-8.
    """
    pos = markup = 0
    while pos < len(piece) and state is not State.END:
        state, pos, found = _STEPS[state](piece, pos)
        markup += found
    return state, markup + len(piece) - pos  # what follows a record's end is its line end


def _utf8_size(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


# Each step takes a piece and a position in it (not at its end), and gives the next state, the
# position after what it read, and how many markup characters that held.


def _field_start(piece: str, pos: int) -> tuple[State, int, int]:
    if piece[pos] == '"':
        return State.QUOTED, pos + 1, 1
    return State.UNQUOTED, pos, 0


def _unquoted(piece: str, pos: int) -> tuple[State, int, int]:
    found = _UNQUOTED_END.search(piece, pos)
    if found is None:
        state = State.FIELD_START if piece.endswith(",") else State.UNQUOTED
        return state, len(piece), piece.count(",", pos)
    end = found.start()
    state = State.FIELD_START if piece[end] == "," else State.END
    return state, end + 1, piece.count(",", pos, end) + 1


def _quoted(piece: str, pos: int) -> tuple[State, int, int]:
    end = _QUOTED_TEXT.match(piece, pos).end()  # type: ignore[union-attr]
    markup = piece.count('"', pos, end) // 2  # one of each doubled quote
    if end == len(piece):
        return State.QUOTED, end, markup
    # the closing quote, or the first of a doubled one (after the limit, or at the piece's end)
    return State.QUOTE_IN_QUOTED, end + 1, markup + 1


def _quote_in_quoted(piece: str, pos: int) -> tuple[State, int, int]:
    if piece[pos] == '"':  # a doubled quote: the text goes on
        return State.QUOTED, pos + 1, 0
    # csv.reader keeps what follows the closing quote as unquoted text
    return State.UNQUOTED, pos, 0


_STEPS: dict[State, Callable[[str, int], tuple[State, int, int]]] = {
    State.FIELD_START: _field_start,
    State.UNQUOTED: _unquoted,
    State.QUOTED: _quoted,
    State.QUOTE_IN_QUOTED: _quote_in_quoted,
}
