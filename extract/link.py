"""Linking: mentions -> project and aggregate records.

Each amount and milestone goes to an *anchor* in its sentence: a project name, a batch
statement ("53 key projects"), or a back-reference ("the project", 该项目). The policy
is one small function, `choose_anchor`: same clause first, then the nearest anchor
before it in the sentence, then the nearest after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from extract.dates import DateMention
from extract.milestones import Milestone
from extract.money import Amount
from extract.places import PlaceHit, admin_columns, refine
from extract.records import Mention, Project, Sentence
from extract.segment import sentence_at

INVESTMENT_ROLES = {"investment", "planned_investment"}
DATE_COLUMNS = {
    "signing": "signing_date",
    "start": "start_date",
    "completion": "completion_date",
    "production": "production_date",
}
STATUS_OF = {
    "signing": "signed",
    "start": "under_construction",
    "completion": "completed",
    "production": "in_production",
}
_CLAUSE_END = regex.compile(r"[,;:，；：]")
_KEY_DROP = regex.compile(r"[^\p{L}\p{N}]+")
ADJACENT = 24  # characters between a name and an amount written as its attribute


@dataclass(frozen=True)
class Anchor:
    """Something amounts and dates attach to, at a position in a sentence."""

    key: str
    start: int
    end: int
    sentence: int


@dataclass
class Linked:
    """The records of one article and every mention, keyed to its record."""

    projects: dict[str, Project] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


def name_key(name: str) -> str:
    """Identity of a project name within an article: case, spacing and 'project' ignored."""
    key = regex.sub(r"^(?:the|a|an)\s+", "", name.lower())
    key = regex.sub(r"\s*(?:project|项目)$", "", key)
    return _KEY_DROP.sub("", key)


def build_projects(names: Sequence[Mention], lang: str) -> tuple[dict[str, Project], list[Anchor]]:
    """One project per distinct name (a name inside a longer one is the same project)."""
    projects: dict[str, Project] = {}
    anchors: list[Anchor] = []
    for mention in names:
        key = _same_project(name_key(mention.value), projects)
        project = projects.setdefault(key, Project(kind="project", project_name=mention.value))
        if len(mention.value) > len(project.project_name):
            project.project_name = mention.value
        mention.project_key = key
        project.mentions.append(mention)
        anchors.append(Anchor(key, mention.start, mention.end, mention.sentence_index))
    return projects, anchors


def _same_project(key: str, projects: dict[str, Project]) -> str:
    for known in projects:
        shorter, longer = sorted((key, known), key=len)
        if len(shorter) >= 8 and shorter in longer:
            return known
    return key


def build_aggregates(counts: Sequence[Mention]) -> tuple[dict[str, Project], list[Anchor]]:
    """One aggregate row per batch statement."""
    aggregates: dict[str, Project] = {}
    anchors = []
    for mention in counts:
        key = f"aggregate:{mention.sentence_index}:{mention.value}"
        if key in aggregates:
            continue
        aggregates[key] = Project(
            kind="aggregate", project_name=mention.text, project_count=int(mention.value),
            mentions=[mention],
        )
        mention.project_key = key
        anchors.append(Anchor(key, mention.start, mention.end, mention.sentence_index))
    return aggregates, anchors


def resolve_refs(refs: Sequence[Mention], anchors: Sequence[Anchor], window: int = 3) -> list[Anchor]:
    """"The project"/该项目 points to the last project named within a few sentences."""
    out = []
    named = sorted((a for a in anchors if not a.key.startswith("aggregate:")), key=lambda a: a.start)
    for ref in refs:
        before = [a for a in named if a.end <= ref.start and ref.sentence_index - a.sentence <= window]
        if before:
            out.append(Anchor(before[-1].key, ref.start, ref.end, ref.sentence_index))
    return out


def clause_of(text: str, sentence: Sentence, offset: int) -> int:
    """Clause number of an offset inside its sentence (clauses end at , ; : ，；：)."""
    return len(_CLAUSE_END.findall(text, sentence.start, max(sentence.start, offset)))


def choose_anchor(
    text: str, sentence: Sentence, position: int, anchors: Sequence[Anchor]
) -> Anchor | None:
    """The anchor a value at `position` belongs to (see the module docstring)."""
    here = [a for a in anchors if a.sentence == sentence.index]
    if not here:
        return None
    clause = clause_of(text, sentence, position)
    same = [a for a in here if clause_of(text, sentence, a.start) == clause]
    if same:
        return min(same, key=lambda a: _distance(a, position))
    before = [a for a in here if a.end <= position]
    if before:
        return max(before, key=lambda a: a.end)
    return min(here, key=lambda a: a.start)


def _distance(anchor: Anchor, position: int) -> int:
    return max(anchor.start - position, position - anchor.end, 0)


def attach_amounts(
    text: str, sentences: Sequence[Sentence], amounts: Sequence[Amount], anchors: Sequence[Anchor],
    records: dict[str, Project],
) -> list[Mention]:
    """Investment amounts in yuan fill investment_cny; every amount becomes a fact."""
    facts = []
    for amount in amounts:
        idx = sentence_at(sentences, amount.start)
        mention = amount_mention(text, amount, idx)
        facts.append(mention)
        if idx < 0 or amount.currency != "CNY":
            continue
        anchor = choose_anchor(text, sentences[idx], amount.start, anchors)
        if anchor is None or not _is_investment_of(amount, anchor):
            continue
        mention.project_key = anchor.key
        record = records[anchor.key]
        record.mentions.append(mention)
        if record.investment_cny is None:
            record.investment_cny = amount.value
            record.investment_text = text[amount.start : amount.end]
    return facts


def _is_investment_of(amount: Amount, anchor: Anchor) -> bool:
    if amount.role in INVESTMENT_ROLES:
        return True
    adjacent = 0 <= amount.start - anchor.end <= ADJACENT or 0 <= anchor.start - amount.end <= ADJACENT
    return amount.role == "amount" and adjacent and not anchor.key.startswith("aggregate:")


def amount_mention(text: str, amount: Amount, sentence_index: int) -> Mention:
    """The facts.csv row of an amount: its role is the field, currency the unit."""
    rule = "+".join(r for r in (amount.rule, amount.role_rule) if r)
    return Mention(
        amount.role, str(amount.value), text[amount.start : amount.end], amount.start, amount.end,
        rule, sentence_index, unit=amount.currency, qualifier=amount.qualifier,
    )


def attach_milestones(
    text: str, sentences: Sequence[Sentence], milestones: Sequence[Milestone],
    anchors: Sequence[Anchor], records: dict[str, Project],
) -> list[Mention]:
    """Milestone dates fill the date columns of the record their trigger belongs to."""
    facts = []
    for stone in milestones:
        idx = sentence_at(sentences, stone.trigger_start)
        mention = milestone_mention(text, stone, idx)
        facts.append(mention)
        if idx < 0:
            continue
        anchor = choose_anchor(text, sentences[idx], stone.trigger_start, anchors)
        if anchor is None:
            continue
        mention.project_key = anchor.key
        records[anchor.key].mentions.append(mention)
        _set_date(records[anchor.key], stone.field, stone.date)
    return facts


def _set_date(record: Project, milestone: str, date: DateMention) -> None:
    column = DATE_COLUMNS[milestone]
    current = getattr(record, column)
    if not current or (date.value.startswith(current) and len(date.value) > len(current)):
        setattr(record, column, date.value)


def milestone_mention(text: str, stone: Milestone, sentence_index: int) -> Mention:
    """The facts.csv row of a milestone: the date text, typed by its trigger."""
    date = stone.date
    return Mention(
        stone.field, date.value, text[date.start : date.end], date.start, date.end,
        f"{stone.rule}+{date.rule}", sentence_index, planned=stone.planned,
    )


def attach_companies(
    projects: dict[str, Project], companies: Sequence[Mention]
) -> None:
    """A project's company: written inside or right next to its name, else the only
    company of its sentence."""
    for project in projects.values():
        for name in project.mentions:
            company = _company_for(name, companies)
            if company is not None:
                project.company = company.value
                company.project_key = name.project_key
                break


def _company_for(name: Mention, companies: Sequence[Mention]) -> Mention | None:
    near = [
        c for c in companies
        if c.sentence_index == name.sentence_index
        and -ADJACENT <= c.start - name.end <= 6 and -ADJACENT <= name.start - c.end <= ADJACENT
    ]
    if near:
        return near[0]
    same = [c for c in companies if c.sentence_index == name.sentence_index]
    return same[0] if len(same) == 1 else None


def status_of(project: Project, published: str) -> str:
    """The latest milestone that had happened by the publication date."""
    planned = {m.field: m.planned for m in project.mentions if m.field in DATE_COLUMNS}
    status = "announced"
    for milestone, label in STATUS_OF.items():
        date = getattr(project, DATE_COLUMNS[milestone])
        if not date:
            continue
        was_planned = planned.get(milestone)
        happened = was_planned is False or (
            was_planned is None and bool(published) and date[: len(published)] <= published
        )
        if happened:
            status = label
    return status


def attach_places(
    records: dict[str, Project], hits: Sequence[PlaceHit], resolved: dict[PlaceHit, str],
    home: str, lang: str,
) -> None:
    """Fill the location cells: a place named in the record's sentence, else the article's own."""
    for record in records.values():
        first = record.mentions[0]
        code, zone = _sentence_place(first, hits, resolved)
        cells = admin_columns(refine(code, home), lang)
        for column, value in cells.items():
            setattr(record, column, value)
        record.place = zone


def _sentence_place(
    name: Mention, hits: Sequence[PlaceHit], resolved: dict[PlaceHit, str]
) -> tuple[str, str]:
    """The admin unit and the zone written nearest to a name in its sentence."""
    here = [h for h in hits if h.sentence == name.sentence_index]
    admin = [h for h in here if resolved.get(h)]
    zones = [h for h in here if h.kind == "zone" and not (name.start <= h.start < name.end)]

    def rank(hit: PlaceHit) -> tuple[bool, bool, int]:
        inside = name.start <= hit.start < name.end
        return (not inside, hit.rule.endswith(".bare"), _gap(hit, name))

    code = resolved[min(admin, key=rank)] if admin else ""
    zone = min(zones, key=lambda h: _gap(h, name)).text if zones else ""
    return code, zone


def _gap(hit: PlaceHit, name: Mention) -> int:
    return max(hit.start - name.end, name.start - hit.end, 0)


def attach_evidence(records: dict[str, Project], text: str, sentences: Sequence[Sentence]) -> None:
    """The sentences each record was built from, in article order."""
    for record in records.values():
        indexes = sorted({m.sentence_index for m in record.mentions if m.sentence_index >= 0})
        record.evidence = " … ".join(
            text[sentences[i].start : sentences[i].end] for i in indexes
        )[:2000]
