"""`projfacts evaluate`: precision, recall and F1 per field of a projects table against gold.

The measure is the gold format's (one JSON line per article, see corpus/README.md):
projects match one-to-one on their names (token Dice >= 0.5 in English, character-bigram
Dice >= 0.5 in Chinese); matched projects are compared field by field; aggregates match
on their investment (within 0.5 %) or, where the gold has none, on their count.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from extract.gazetteer import gazetteer, pinyin_key

FIELDS = ("investment", "location", "signing", "start", "completion", "production", "company")
DATE_FIELDS = {"signing": "signing_date", "start": "start_date",
               "completion": "completion_date", "production": "production_date"}
PLACE_COLUMNS = ("county", "city", "province", "place", "location")
NAME_STOPWORDS = frozenset({"the", "a", "an", "of", "and", "project", "projects", "s"})
_HAN = regex.compile(r"\p{Han}")
_EN_SUFFIX = regex.compile(
    r"\b(?:autonomous county|autonomous prefecture|county-level city|county|city|province|"
    r"district|prefecture|municipality|autonomous region|town|township|new area)\b", regex.I)
_ZH_SUFFIX = regex.compile(r"(?:自治县|自治州|自治区|特别行政区|新区|县|市|省|区|镇|乡)$")


@dataclass
class Tally:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def scores(self) -> dict[str, float]:
        """Precision, recall and F1 (0 where undefined)."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(f1, 3)}


@dataclass
class Report:
    """Tallies per field, in display order."""

    tallies: dict[str, Tally] = field(default_factory=dict)
    articles: int = 0

    def tally(self, name: str) -> Tally:
        """The tally of a field, created on first use."""
        return self.tallies.setdefault(name, Tally())

    def micro(self) -> Tally:
        """All fields but aggregates, summed."""
        parts = [t for k, t in self.tallies.items() if k != "aggregates"]
        return Tally(sum(t.tp for t in parts), sum(t.fp for t in parts), sum(t.fn for t in parts))

    def table(self) -> str:
        """The report as a fixed-width text table."""
        lines = [f"{'field':<12}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for name, tally in [*self.tallies.items(), ("micro", self.micro())]:
            s = tally.scores()
            lines.append(f"{name:<12}{s['p']:>7.3f}{s['r']:>7.3f}{s['f1']:>7.3f}"
                         f"{tally.tp:>6}{tally.fp:>6}{tally.fn:>6}")
        lines.append(f"articles: {self.articles}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, dict[str, float]]:
        """Scores per field (and micro) as plain data."""
        out = {k: {**t.scores(), "tp": t.tp, "fp": t.fp, "fn": t.fn} for k, t in self.tallies.items()}
        out["micro"] = self.micro().scores()
        return out


def name_units(name: str) -> list[str]:
    """Comparison units of a name: bigrams of Chinese, words of English (stopwords out)."""
    low = (name or "").lower()
    if _HAN.search(low):
        chars = regex.sub(r"[^\p{Han}a-z0-9]", "", low.replace("项目", ""))
        return [chars[i : i + 2] for i in range(max(len(chars) - 1, 1))] if chars else []
    return [w for w in regex.findall(r"[a-z0-9]+", low) if w not in NAME_STOPWORDS]


def dice(a: Sequence[str], b: Sequence[str]) -> float:
    """Dice coefficient of two multisets."""
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


def place_keys(cell: str) -> list[str]:
    """Normalized names in one place cell (pinyin for Chinese, via the gazetteer)."""
    keys = []
    for part in regex.split(r"[,;/|、，；\n]+", cell or ""):
        part = part.strip()
        part = _pinyin_of(part) if _HAN.search(part) else _EN_SUFFIX.sub(" ", part)
        key = regex.sub(r"[^a-z\p{Han}]", "", part.lower())
        if key:
            keys.append(key)
    return keys


def _pinyin_of(name: str) -> str:
    if name in gazetteer().by_zh:
        return pinyin_key(name)
    return pinyin_key(_ZH_SUFFIX.sub("", name) or name)


def _number(value: str | None) -> float | None:
    try:
        return float(str(value).replace(",", "")) if value not in (None, "") else None
    except ValueError:
        return None


def read_predictions(path: Path) -> dict[str, dict[str, list[dict]]]:
    """projects.csv rows grouped by article and kind."""
    rows: dict[str, dict[str, list[dict]]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            kind = "aggregate" if (row.get("kind") or "").startswith("agg") else "project"
            rec = {
                "name": row.get("project_name", ""),
                "company": row.get("company") or None,
                "investment": _number(row.get("investment_cny")),
                "count": _number(row.get("project_count")),
                "places": [k for col in PLACE_COLUMNS for k in place_keys(row.get(col, ""))] or None,
                **{f: (row.get(col) or "").strip() or None for f, col in DATE_FIELDS.items()},
            }
            rows.setdefault(row.get("article_id", ""), {"project": [], "aggregate": []})
            rows[row.get("article_id", "")][kind].append(rec)
    return rows


def _gold_value(rec: dict, name: str) -> object:
    return {"investment": rec.get("investment_cny"), "location": rec.get("location") or None}.get(
        name, rec.get(name))


def _pred_value(rec: dict, name: str) -> object:
    return {"location": rec.get("places")}.get(name, rec.get(name))


def _money_equal(pred: object, gold: object) -> bool:
    if pred is None or gold is None:
        return False
    return abs(float(pred) - float(gold)) <= 0.005 * max(abs(float(gold)), 1)  # type: ignore[arg-type]


def field_equal(name: str, pred: object, gold: object) -> bool:
    """Whether a predicted field value counts as the gold one."""
    if name == "investment":
        return _money_equal(pred, gold)
    if name == "location":
        return regex.sub(r"[^a-z\p{Han}]", "", str(gold[0]).lower()) in pred  # type: ignore[index,operator]
    if name == "company":
        return dice(name_units(str(pred)), name_units(str(gold))) >= 0.5
    return str(pred)[: len(str(gold))] == str(gold) and len(str(pred)) >= len(str(gold))


def match_names(gold: Sequence[dict], pred: Sequence[dict]) -> list[tuple[int, int]]:
    """One-to-one name matches, best Dice first."""
    pairs = sorted(
        ((dice(name_units(g["name"]), name_units(p["name"])), gi, pi)
         for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        reverse=True,
    )
    used_g, used_p, out = set(), set(), []
    for score, gi, pi in pairs:
        if score >= 0.5 and gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def _score_fields(report: Report, gold: Sequence[dict], pred: Sequence[dict],
                  pairs: list[tuple[int, int]]) -> None:
    matched = dict(pairs)
    for name in FIELDS:
        tally = report.tally(name)
        for gi, g in enumerate(gold):
            gv = _gold_value(g, name)
            pv = _pred_value(pred[matched[gi]], name) if gi in matched else None
            if gv is not None and pv is not None and field_equal(name, pv, gv):
                tally.tp += 1
                continue
            tally.fp += pv is not None
            tally.fn += gv is not None
        tally.fp += sum(_pred_value(p, name) is not None for pi, p in enumerate(pred)
                        if pi not in set(matched.values()))


def _aggregate_match(gold: dict, pred: dict) -> bool:
    """On investment where the gold has one, else on the project count."""
    if gold.get("investment_cny") is not None:
        return _money_equal(pred["investment"], gold["investment_cny"])
    return gold.get("count") is not None and pred["count"] == gold["count"]


def _score_aggregates(report: Report, gold: Iterable[dict], pred: list[dict]) -> None:
    tally, left = report.tally("aggregates"), list(pred)
    for g in gold:
        for j, p in enumerate(left):
            if _aggregate_match(g, p):
                tally.tp += 1
                left.pop(j)
                break
        else:
            tally.fn += 1
    tally.fp += len(left)


def evaluate(gold_path: Path, projects_path: Path) -> Report:
    """Score a projects table against a gold file."""
    golds = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = read_predictions(projects_path)
    report = Report(articles=len(golds))
    for name in ("projects", *FIELDS, "aggregates"):
        report.tally(name)
    for g in golds:
        mine = preds.get(g["id"], {"project": [], "aggregate": []})
        gold_projects, pred_projects = g.get("projects", []), mine["project"]
        pairs = match_names(gold_projects, pred_projects)
        projects = report.tally("projects")
        projects.tp += len(pairs)
        projects.fp += len(pred_projects) - len(pairs)
        projects.fn += len(gold_projects) - len(pairs)
        _score_fields(report, gold_projects, pred_projects, pairs)
        _score_aggregates(report, g.get("aggregates", []), mine["aggregate"])
    return report
