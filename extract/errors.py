"""Error types and the user-facing message templates (part of the interface)."""

from __future__ import annotations


class ExtractError(Exception):
    """Base class of projfacts errors."""


class PatternError(ExtractError):
    """The pattern data is missing or invalid; the message lists every problem."""


class InputError(ExtractError):
    """An input could not be read as an article; the message is its one-line reason."""


# Reasons written to articles.csv:error and to standard error, one line each.
EMPTY_FILE = "empty file"
BINARY_FILE = "binary file (not text): {detail}"
UNDECODABLE = "cannot decode text: {detail}"
TOO_LARGE = "article too large: {size} bytes (limit {limit})"
BROKEN_JSON = "broken JSON record: {detail}"
NO_TEXT_FIELD = "record has no text field (looked for {fields})"
NO_MAIN_TEXT = "no main text found in the HTML page"
UNREADABLE = "cannot read file: {detail}"
UNSUPPORTED = "unsupported file type {suffix!r} (expected .txt, .html, .htm, .jsonl, .csv)"
NOT_FOUND = "no such file or folder"
PROCESSING_FAILED = "processing failed: {detail}"
