"""The one loader of `patterns/`: rule files, vocabularies and gazetteers.

Every rule file is JSONL, one object per line, spaCy's pattern schema plus our keys:
`{"id": "en.money.scale.billion", "label": "MONEY_SCALE", "pattern": "billion", ...}`.
`pattern` is a phrase (matched case-insensitively as a whole word in English, as a
substring in Chinese) or a regex source when the entry says `"regex": true`.
Python holds the logic; adding a phrase never means touching it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

import regex

from extract.errors import PatternError

LANGS = ("en", "zh")
_REQUIRED = ("id", "label", "pattern")


@dataclass(frozen=True)
class Pattern:
    """One rule line: its id travels onto every mention it finds (facts.csv:rule)."""

    id: str
    label: str
    pattern: str
    attrs: Mapping[str, object] = field(default_factory=dict)
    source: str = ""  # file:line, for error messages

    def get(self, key: str, default: object = None) -> object:
        """Return an extra key of the rule line."""
        return self.attrs.get(key, default)


@dataclass(frozen=True)
class PatternSet:
    """All rule lines of one language, grouped by label."""

    lang: str
    patterns: tuple[Pattern, ...]

    def by_label(self, label: str) -> list[Pattern]:
        """Rule lines with this label, in file order."""
        return [p for p in self.patterns if p.label == label]

    def phrases(self, label: str) -> list[str]:
        """The pattern strings of one label."""
        return [p.pattern for p in self.by_label(label)]

    def lookup(self, label: str) -> dict[str, Pattern]:
        """Map a phrase (lower-cased) to its rule line."""
        return {p.pattern.lower(): p for p in self.by_label(label)}

    def any_of(self, label: str, flags: int = 0, *, end: str = "") -> regex.Pattern[str] | None:
        """One regex matching any regex line of a label (each a group), then `end`; None without lines."""
        lines = self.by_label(label)
        if not lines:
            return None
        return regex.compile("(?:" + "|".join(f"(?:{p.pattern})" for p in lines) + ")" + end, flags)


def patterns_dir() -> Path:
    """Where the pattern data lives: inside an installed wheel, else the repository."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_patterns", here.parent / "patterns"):
        if (candidate / "en").is_dir():
            return candidate
    raise PatternError(f"pattern folder not found next to {here}")


def _parse_line(raw: str, where: str, errors: list[str]) -> Pattern | None:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        errors.append(f"[{where}] invalid JSON: {exc.msg}")
        return None
    if not isinstance(obj, dict):
        errors.append(f"[{where}] a rule line must be an object")
        return None
    missing = [k for k in _REQUIRED if not isinstance(obj.get(k), str) or not obj.get(k)]
    if missing:
        errors.append(f"[{where}] missing or empty: {', '.join(missing)}")
        return None
    if obj.get("regex"):
        try:
            regex.compile(obj["pattern"])
        except regex.error as exc:
            errors.append(f"[{where}] bad regex: {exc}")
            return None
    extra = {k: v for k, v in obj.items() if k not in _REQUIRED}
    return Pattern(obj["id"], obj["label"], obj["pattern"], MappingProxyType(extra), where)


def read_rule_files(files: Iterable[Path]) -> tuple[list[Pattern], list[str]]:
    """Parse rule files; return the rules and every problem found, as `[file:line] msg`."""
    rules: list[Pattern] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for path in files:
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip() or raw.lstrip().startswith("//"):
                continue
            where = f"{path.name}:{lineno}"
            rule = _parse_line(raw, where, errors)
            if rule is None:
                continue
            if rule.id in seen:
                errors.append(f"[{where}] duplicate id {rule.id!r} (first at {seen[rule.id]})")
                continue
            seen[rule.id] = where
            rules.append(rule)
    return rules, errors


@cache
def load_patterns(lang: str) -> PatternSet:
    """Load and validate `patterns/<lang>/*.jsonl`; raise PatternError listing all problems."""
    if lang not in LANGS:
        raise PatternError(f"no patterns for language {lang!r}; expected one of {LANGS}")
    folder = patterns_dir() / lang
    rules, errors = read_rule_files(sorted(folder.glob("*.jsonl")))
    if errors:
        raise PatternError("invalid patterns:\n" + "\n".join(errors))
    return PatternSet(lang, tuple(rules))


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Read a CSV table from `patterns/shared/` (gazetteers), rows as dicts."""
    path = patterns_dir() / "shared" / name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if not _is_comment(row)]
    return tuple(rows)


def _is_comment(row: dict[str, str]) -> bool:
    first = next(iter(row.values()), "") or ""
    return first.startswith("#")


def data_path(*parts: str) -> Path:
    """Path of any other data file under `patterns/` (e.g. the jieba user dictionary)."""
    return patterns_dir().joinpath(*parts)


def alternation(phrases: Iterable[str], *, words: bool = False) -> str:
    """A regex alternation of literal phrases, longest first (so the longest wins).

    With `words`, the alternation is wrapped in word boundaries (English).
    """
    unique = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    body = "|".join(regex.escape(p) for p in unique) or r"(?!x)x"
    return rf"(?<![\w-])(?:{body})(?![\w])" if words else f"(?:{body})"
