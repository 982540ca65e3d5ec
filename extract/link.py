"""Linking: mentions -> project and aggregate records.

Each amount and milestone goes to an *anchor* in its sentence: a project name, a batch
statement ("53 key projects"), or a back-reference ("the project", 该项目). The policy
is one small function, `choose_anchor`: same clause first, then the nearest anchor
before it in the sentence, then the nearest after it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache, partial

import regex

from extract.dates import DateMention
from extract.gazetteer import is_pinyin_word
from extract.milestones import Milestone
from extract.money import Amount
from extract.patterns import Pattern, alternation, load_patterns
from extract.places import PlaceHit
from extract.records import Mention, Project, Sentence
from extract.segment import mentions_by_sentence, sentence_at

INVESTMENT_ROLES = {"investment", "planned_investment", "contract_investment"}
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
# not the comma of "Co., Ltd." or "Co., Limited"
_CLAUSE_END = regex.compile(r"[,;:，；：](?!\s*(?:Ltd|Limited|Inc|LLC|Corp)\b)", regex.IGNORECASE)
_KEY_ARTICLE = regex.compile(r"^(?:the|a|an)\s+")
_KEY_PROJECT = regex.compile(r"\s*(?:project|项目)$")
_KEY_DROP = regex.compile(r"[^\p{L}\p{N}]+")
_HAN = regex.compile(r"\p{Han}")
_FIRST_PHASE = regex.compile(r"\s*(?:项目)?(?:一期(?:工程)?|[(（]一期[)）]|phase (?:one|i|1)|first phase)$")
# A later phase is a project of its own (产业园二期 beside 产业园一期, which keys as 产业园).
_LATER_PHASE = regex.compile(
    r"[二三四五六七八九]期|phase (?:two|three|four|ii|iii|iv|[2-9])|(?:second|third|fourth) phase"
)
SUBJECT_RULE = "en.project.subject"
ADJACENT = 24  # characters between a name and an amount written as its attribute


@dataclass(frozen=True)
class Anchor:
    """Something amounts and dates attach to, at a position in a sentence."""

    key: str
    start: int
    end: int
    sentence: int


def name_key(name: str) -> str:
    """Identity of a project name within an article: case, punctuation and 'project' ignored.

    English keys are words joined by spaces; Chinese keys are the characters."""
    key = _KEY_ARTICLE.sub("", name.lower())
    key = _KEY_PROJECT.sub("", key)
    key = _FIRST_PHASE.sub("", key)  # the first phase is the project as announced
    return " ".join(_KEY_DROP.sub(" ", key).split()) if not _HAN.search(key) else _KEY_DROP.sub("", key)


def build_projects(
    names: Sequence[Mention], lang: str, place_words: frozenset[str] = frozenset(),
) -> tuple[dict[str, Project], list[Anchor]]:
    """One project per distinct name (a name inside a longer one is the same project;
    `place_words`: the first words of the article's places, for "Zixing computing power center")."""
    projects: dict[str, Project] = {}
    anchors: list[Anchor] = []
    matched: dict[str, str] = {}  # name key -> the earlier project it was found to denote
    for mention in names:
        key = _same_project(name_key(mention.value), projects, matched)
        key = _placed_short_form(key, projects, place_words) or key
        project = projects.setdefault(key, Project(kind="project", project_name=mention.value))
        if len(mention.value) > len(project.project_name):
            project.project_name = mention.value
        mention.project_key = key
        project.mentions.append(mention)
        anchors.append(Anchor(key, mention.start, mention.end, mention.sentence_index))
    return projects, anchors


def _same_project(key: str, projects: dict[str, Project], matched: dict[str, str]) -> str:
    """An earlier project this name denotes: one name inside the other, or (a headline's
    short form, 衡东县玻璃 for 衡东县年产…光伏玻璃) all of its parts in order; never
    across later phases (二期, phase two). `matched` remembers the answers: projects are only
    added, so the first matching one stays the first (a name told again costs no scan)."""
    if key in matched:
        return matched[key]
    for known in projects:
        shorter, longer = sorted((key, known), key=len)
        if _LATER_PHASE.findall(shorter) != _LATER_PHASE.findall(longer):
            continue
        if _specific_enough(shorter) and (shorter in longer or _in_order(shorter, longer)):
            matched[key] = known
            return known
    return _one_word_short_form(key, projects) or _headline_short_form(key, projects) or key


def _placed_short_form(key: str, projects: dict[str, Project], place_words: frozenset[str]) -> str | None:
    """A short form written as place + words + head ("Zixing computing power center", "Yangkou
    flame retardant base") is the one other name holding its words in order, either way round."""
    if key in projects:
        return None
    for short, long in [(key, known) for known in projects] + [(known, key) for known in projects]:
        core = _placed_core(short, place_words)
        if core and short.split()[0] not in long.split() and _in_order(core, long):
            others = [k for k in projects if k not in (short, long) and _in_order(core, k)]
            return None if others else (long if short == key else short)
    return None


def _placed_core(key: str, place_words: frozenset[str]) -> str:
    """The words between a leading place and the head word (empty unless two or more)."""
    words = key.split()
    if _HAN.search(key) or len(words) < 4 or words[0] not in place_words:
        return ""
    return " ".join(words[1:-1])


def _one_word_short_form(key: str, projects: dict[str, Project]) -> str | None:
    """English "the polyester project" after "the 200,000-ton high-end polyester new
    materials project": a one-word key that is a word of exactly one earlier name."""
    if not _is_one_word(key):
        return None
    holders = [known for known in projects if key in known.split() and known != key]
    return holders[0] if len(holders) == 1 else None


def _headline_short_form(key: str, projects: dict[str, Project]) -> str | None:
    """The headline's "850 million yuan recycling project" for the body's "annual 100,000 tons
    waste non-ferrous metal comprehensive recycling project": the first name after it that
    has the headline's one word."""
    words = key.split()
    for known, project in projects.items():
        if project.mentions[0].sentence_index == 0 and _is_one_word(known) and known in words:
            return known
    return None


def _is_one_word(key: str) -> bool:
    return " " not in key and len(key) >= _SHORT_FORM_LETTERS and key.isalpha() and not _HAN.search(key)


_SHORT_FORM_LETTERS = 5  # shorter words (steel, gas, new) are too common to point to one name


def _specific_enough(key: str) -> bool:
    """A short form must keep two English words or four Chinese characters to be merged."""
    return len(key.split()) >= 2 if not _HAN.search(key) else len(key) >= 4


def _in_order(short: str, long: str) -> bool:
    """Whether the words (English) or characters (Chinese) of `short` appear in `long` in order."""
    words = " " in short or " " in long
    parts = short.split() if words else list(short)
    rest = iter(long.split() if words else long)
    return len(parts) >= 2 and all(part in rest for part in parts)


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


def resolve_refs(
    text: str, refs: Sequence[Mention], anchors: Sequence[Anchor], projects: dict[str, Project],
    window: int = 3,
) -> list[Anchor]:
    """"The project"/该项目 points to the last project named within a few sentences, or
    spoken of so in the same paragraph (a chain of references: 该项目…；项目破土动工；项目建设
    全面竣工); the reference joins that project's mentions (its sentence becomes evidence)."""
    out: list[Anchor] = []
    named = sorted((a for a in anchors if not a.key.startswith("aggregate:")), key=lambda a: a.end)
    ends = [a.end for a in named]
    for ref in sorted(refs, key=lambda r: r.start):
        k = bisect_right(ends, ref.start)
        last = named[k - 1] if k else None
        chained = out[-1] if out and out[-1].end <= ref.start else None
        chained = chained if chained is not None and "\n" not in text[chained.end : ref.start] else None
        if chained is not None and (last is None or chained.end > last.end):
            last = chained  # the reference just resolved, in this paragraph, is nearer than any name
        if last is not None and ref.sentence_index - last.sentence <= window:
            ref.project_key = last.key
            projects[ref.project_key].mentions.append(ref)
            out.append(Anchor(ref.project_key, ref.start, ref.end, ref.sentence_index))
    return out


def phase_refs(
    text: str, sentences: Sequence[Sentence], projects: dict[str, Project], lang: str,
) -> list[Anchor]:
    """A bare phase outside every name ("phase I broke ground", 二期计划年内开工) refers to the
    one project of the article with that phase: a later phase by its key, the first phase as
    the project a later phase is of (`phase_pairs`)."""
    by_phase: dict[int, list[str]] = {}
    for later, first in phase_pairs(projects):
        by_phase.setdefault(1, []).append(first.mentions[0].project_key)
        number = _phase_number(name_key(later.project_name))
        if number:
            by_phase.setdefault(number, []).append(later.mentions[0].project_key)
    named = [(m.start, m.end) for p in projects.values() for m in p.mentions if m.field == "project_name"]
    out = []
    for line, rx in _phase_refs(lang) if by_phase else ():
        keys = set(by_phase.get(int(line.get("phase", 0)), []))
        for m in rx.finditer(text) if len(keys) == 1 else ():
            if not any(a <= m.start() < b for a, b in named):
                out.append(_phase_anchor(text, sentences, m, projects[next(iter(keys))], lang))
    return out


def _phase_anchor(text: str, sentences: Sequence[Sentence], m: regex.Match[str], project: Project,
                  lang: str) -> Anchor:
    key = project.mentions[0].project_key
    ref = Mention("project_ref", "", text[m.start() : m.end()], m.start(), m.end(),
                  f"{lang}.project.phase_ref", sentence_at(sentences, m.start()), project_key=key)
    project.mentions.append(ref)
    return Anchor(key, ref.start, ref.end, ref.sentence_index)


@cache
def _phase_refs(lang: str) -> tuple[tuple[Pattern, regex.Pattern[str]], ...]:
    flags = regex.IGNORECASE if lang == "en" else 0
    lines = load_patterns(lang).by_label("PHASE_REF")
    return tuple((line, regex.compile(line.pattern, flags)) for line in lines)


_PHASE_NUMBERS = {"二": 2, "三": 3, "四": 4, "two": 2, "three": 3, "four": 4, "ii": 2, "iii": 3, "iv": 4,
                  "second": 2, "third": 3, "fourth": 4}


def _phase_number(key: str) -> int:
    """The number of a key's later phase (二期, phase ii, second phase), else 0."""
    found = _LATER_PHASE.search(key)
    if found is None:
        return 0
    word = found.group().replace("期", "").replace("phase", "").strip().split()[0]
    return _PHASE_NUMBERS.get(word, int(word) if word.isdigit() else 0)


def detail_refs(
    details: Sequence[tuple[Mention, list[int]]], sentences: Sequence[Sentence],
    anchors: Sequence[Anchor], projects: dict[str, Project], lang: str,
) -> list[Anchor]:
    """A list item's detail sentences (`listnames.item_details`) that name no project, batch
    or back-reference of their own refer to the item's title ("1. X park. Undertaken by Y
    Co., Ltd., total investment RMB4.2bn."): each gets a reference at its start."""
    anchored = {a.sentence for a in anchors}
    out = []
    for title, indices in details:
        for index in (i for i in indices if i not in anchored):
            start = sentences[index].start
            ref = Mention("project_ref", "", "", start, start, f"{lang}.project.list_item_detail", index,
                          project_key=title.project_key)
            projects[title.project_key].mentions.append(ref)
            out.append(Anchor(title.project_key, start, start, index))
    return out


def clause_of(text: str, sentence: Sentence, offset: int) -> int:
    """Clause number of an offset inside its sentence (clauses end at , ; : ，；：)."""
    return bisect_left(_clause_marks(text, sentence.start, sentence.end), offset)


@lru_cache(maxsize=256)
def _clause_marks(text: str, start: int, end: int) -> tuple[int, ...]:
    """Where the clause-ending marks of text[start:end] stand, asked once per sentence."""
    return tuple(m.start() for m in _CLAUSE_END.finditer(text, start, end))


def by_sentence(anchors: Sequence[Anchor]) -> dict[int, list[Anchor]]:
    """Anchors grouped by sentence, in text order."""
    grouped: dict[int, list[Anchor]] = {}
    for anchor in sorted(anchors, key=lambda a: a.start):
        grouped.setdefault(anchor.sentence, []).append(anchor)
    return grouped


def choose_anchor(
    text: str, sentence: Sentence, span: tuple[int, int], anchors: Sequence[Anchor]
) -> Anchor | None:
    """The anchor (of those in `sentence`) a value at `span` belongs to.

    A name right after the value (5亿元的…项目, "a 10 billion yuan project") owns it;
    else the nearest name before it in its clause ("X project with a total investment of
    Y"), else the nearest after it in its clause, else the sentence's subject when the
    clause has none ("…, and is expected to be completed"), else the nearest before it in
    the sentence, else the first after it.
    """
    start, end = span
    here = anchors  # the anchors of this sentence
    attributive = [a for a in here if 0 <= a.start - end <= 3 and _ATTRIBUTIVE.fullmatch(text, end, a.start)]
    if attributive:
        return attributive[0]
    owner = _name_after_amount(text, end, here)
    if owner is not None:
        return owner
    clause = clause_of(text, sentence, start)
    same = [a for a in here if clause_of(text, sentence, a.start) == clause]
    if not same and _subjectless(text, sentence, start):
        subject = next((a for a in sorted(here, key=lambda a: a.start) if a.end <= start), None)
        if subject is not None:
            return subject
    ordered = (
        sorted((a for a in same if a.end <= start), key=lambda a: -a.end),
        sorted((a for a in same if a.start >= start), key=lambda a: a.start),
        sorted((a for a in here if a.end <= start), key=lambda a: -a.end),
        sorted((a for a in here if a.start >= start), key=lambda a: a.start),
    )
    return next((group[0] for group in ordered if group), None)


_ATTRIBUTIVE = regex.compile(r"\s*(?:的|-)?\s*")


def _name_after_amount(text: str, end: int, anchors: Sequence[Anchor]) -> Anchor | None:
    """The name an AMOUNT_BEFORE_NAME phrase leads to from the value ("invested 300 million
    yuan in the X project")."""
    link = _amount_before_name()
    found = link.match(text, end, end + _LINK_REACH) if link is not None else None  # bounded: the
    # engine's cost of a match can grow with the text after the position
    return next((a for a in anchors if found is not None and a.start == found.end()), None)


_LINK_REACH = 40  # characters: "in the", "into its" and the spaces around them


@cache
def _amount_before_name() -> regex.Pattern[str] | None:
    return load_patterns("en").any_of("AMOUNT_BEFORE_NAME", regex.IGNORECASE)


def _subjectless(text: str, sentence: Sentence, offset: int) -> bool:
    """Whether the clause holding `offset` opens with a verb and no subject of its own
    ("…, and is expected to be completed by the end of 2025"): the sentence's subject's."""
    marks = _clause_marks(text, sentence.start, sentence.end)
    before = bisect_left(marks, offset)
    opener = _subjectless_opener()
    if not before or opener is None:
        return False
    return opener.match(text, marks[before - 1] + 1, offset) is not None


@cache
def _subjectless_opener() -> regex.Pattern[str] | None:
    return load_patterns("en").any_of("SUBJECTLESS_CLAUSE", regex.IGNORECASE)


def attach_amounts(
    text: str, sentences: Sequence[Sentence], amounts: Sequence[Amount], anchors: Sequence[Anchor],
    records: dict[str, Project],
) -> list[Mention]:
    """Investment amounts in yuan fill investment_cny; every amount becomes a fact."""
    facts = []
    paired = respective_pairs(text, sentences, amounts, anchors)
    grouped = by_sentence(anchors)
    for amount in amounts:
        idx = sentence_at(sentences, amount.start)
        mention = amount_mention(text, amount, idx)
        facts.append(mention)
        if idx < 0 or amount.currency != "CNY":
            continue
        span = (amount.start, amount.end)
        anchor = paired.get(amount) or choose_anchor(text, sentences[idx], span, grouped.get(idx, []))
        if anchor is None or not _is_investment_of(text, amount, anchor, grouped.get(idx, [])):
            continue
        mention.project_key = anchor.key
        record = records[anchor.key]
        record.mentions.append(mention)
        if record.investment_cny is None:
            record.investment_cny = amount.value
            record.investment_text = text[amount.start : amount.end]
    return facts


@cache
def _respectively(lang: str) -> regex.Pattern[str]:
    return regex.compile(alternation(load_patterns(lang).phrases("RESPECTIVELY"), words=lang == "en"))


def respective_pairs(
    text: str, sentences: Sequence[Sentence], amounts: Sequence[Amount], anchors: Sequence[Anchor]
) -> dict[Amount, Anchor]:
    """"A and B … with investments of X and Y respectively" / A、B、C总投资分别为X、Y、Z: the
    n-th amount after the names belongs to the n-th project named."""
    pairs: dict[Amount, Anchor] = {}
    grouped = by_sentence(anchors)
    for sent in sentences:
        marker = next((m for lang in ("en", "zh")
                       if (m := _respectively(lang).search(text, sent.start, sent.end))), None)
        if marker is None:
            continue
        named = [a for a in grouped.get(sent.index, []) if a.end <= marker.start()
                 and not a.key.startswith("aggregate:")]
        if not named:
            continue
        after = [a for a in amounts if named[-1].end <= a.start < sent.end
                 and a.role in INVESTMENT_ROLES | {"amount"} and a.currency == "CNY"]
        if len(after) >= 2 and len(named) >= len(after):
            pairs.update(zip(after, named[-len(after):], strict=True))
    return pairs


def _is_investment_of(text: str, amount: Amount, anchor: Anchor, anchors: Sequence[Anchor]) -> bool:
    """An investment-role amount, or a role-less one written beside the name or as a
    clause of its own in a sentence about one project (`anchors`: the sentence's)."""
    if amount.role in INVESTMENT_ROLES:
        return True
    if amount.role != "amount" or anchor.key.startswith("aggregate:"):
        return False
    adjacent = 0 <= amount.start - anchor.end <= ADJACENT or 0 <= anchor.start - amount.end <= ADJACENT
    return adjacent or _sole_project_clause(text, amount, anchors)


_CLAUSE_BEFORE = regex.compile(r"[,，]\s*$")
_CLAUSE_AFTER = regex.compile(r"\s*[,，.。;；]")


def _sole_project_clause(text: str, amount: Amount, anchors: Sequence[Anchor]) -> bool:
    """Whether the amount is a clause of its own (", RMB 2.8 billion,") in a sentence that
    names one project and nothing else: "X signed the Y park with Z Co., Ltd., RMB 2.8 billion"."""
    if len({a.key for a in anchors}) != 1 or anchors[0].key.startswith("aggregate:"):
        return False
    before = _CLAUSE_BEFORE.search(text, max(0, amount.start - 4), amount.start)
    return before is not None and _CLAUSE_AFTER.match(text, amount.end) is not None


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
    grouped = by_sentence(anchors)
    trigger_ends = sorted(stone.trigger_end for stone in milestones)
    for stone in milestones:
        idx = sentence_at(sentences, stone.trigger_start)
        mention = milestone_mention(text, stone, idx)
        facts.append(mention)
        if idx < 0:
            continue
        here = grouped.get(idx, [])
        anchor = choose_anchor(text, sentences[idx], (stone.trigger_start, stone.trigger_end), here)
        if anchor is None:
            continue
        mention.project_key = anchor.key
        shared = [replace(mention, project_key=key)
                  for key in _co_subjects(text, sentences[idx], stone, anchor, here, trigger_ends)]
        for fact in (mention, *shared):
            records[fact.project_key].mentions.append(fact)
            _set_date(records[fact.project_key], stone.field, stone.date)
        facts += shared
    return facts


# between two listed names: commas, "and", "the", a bracketed figure (300 million yuan)
_LIST_GLUE = regex.compile(
    r"\s*(?:\([^()]{0,40}\)|（[^（）]{0,40}）)?[\s,，、;；]*"
    r"(?:(?:and|as well as|和|及|以及|与)\s*)?(?:the\s+)?[\s,，、]*"
)


def _co_subjects(
    text: str, sentence: Sentence, stone: Milestone, anchor: Anchor, anchors: Sequence[Anchor],
    trigger_ends: Sequence[int],
) -> list[str]:
    """Other projects sharing the trigger: named before it in its clause ("A and B started
    in March"), listed right before the chosen one ("Tenghu, Albrecht, Zhonghanhongtuo
    completed …"), or, when the chosen one follows the trigger, listed right after it."""
    clause = clause_of(text, sentence, stone.trigger_start)
    before = [a for a in anchors if a.end <= stone.trigger_start and not a.key.startswith("aggregate:")]
    shared = [a.key for a in before if clause_of(text, sentence, a.start) == clause]
    listed = anchor
    for prev in reversed([a for a in before if a.end <= anchor.start]):
        if not _LIST_GLUE.fullmatch(text, prev.end, listed.start) or _is_object(text, prev, trigger_ends):
            break
        shared.append(prev.key)
        listed = prev
    listed = anchor
    # objects listed between the trigger and its date: "signed the A project (300 million yuan)
    # and the B project on May 6" (not "On May 6 … signed A, and B started in June")
    objects = [a for a in anchors if a.start >= anchor.end and a.end <= stone.date.start]
    objects = objects if anchor.start >= stone.trigger_end else []
    for nxt in objects:
        if nxt.key.startswith("aggregate:") or not _LIST_GLUE.fullmatch(text, listed.end, nxt.start):
            break
        shared.append(nxt.key)
        listed = nxt
    return [key for key in dict.fromkeys(shared) if key != anchor.key]


_OBJECT_GAP = regex.compile(r"\s*(?:(?:the|a|an)\s+)?")


def _is_object(text: str, anchor: Anchor, trigger_ends: Sequence[int]) -> bool:
    """Whether the name is the object of a trigger right before it ("signed the A project,
    and the B project started": A is no co-subject of "started")."""
    lo = bisect_left(trigger_ends, anchor.start - _OBJECT_REACH)
    near = trigger_ends[lo : bisect_right(trigger_ends, anchor.start)]
    return any(_OBJECT_GAP.fullmatch(text, end, anchor.start) for end in near)


_OBJECT_REACH = 40  # characters: spaces and an article between a trigger and its object


def _set_date(record: Project, milestone: str, date: DateMention) -> None:
    if adds_to(getattr(record, DATE_COLUMNS[milestone]), date.value):
        setattr(record, DATE_COLUMNS[milestone], date.value)


def adds_to(current: str, value: str) -> bool:
    """Whether a date fills an empty column or makes its date more precise (2023 -> 2023-03-27)."""
    return not current or (value.startswith(current) and len(value) > len(current))


def milestone_mention(text: str, stone: Milestone, sentence_index: int) -> Mention:
    """The facts.csv row of a milestone: the date text, typed by its trigger."""
    date = stone.date
    return Mention(
        stone.field, date.value, text[date.start : date.end], date.start, date.end,
        f"{stone.rule}+{date.rule}", sentence_index, planned=stone.planned,
    )


def attach_companies(
    text: str, sentences: Sequence[Sentence], projects: dict[str, Project],
    companies: Sequence[Mention],
) -> None:
    """A project's company: written inside or right next to its name; else the one free
    company of the name's clause; else, in a sentence with one company, a company written
    after the name ("X project, invested by Y Co., Ltd.")."""
    named = mentions_by_sentence(m for p in projects.values() for m in p.mentions
                                 if m.field in ("project_name", "project_ref"))
    for pick in (_adjacent_company, partial(_clause_company, named=named)):
        free = mentions_by_sentence(c for c in companies if not c.project_key)
        for project in projects.values():
            if project.company:
                continue
            for name in (m for m in project.mentions if m.field in ("project_name", "project_ref")):
                company = pick(text, sentences, name, free)
                if company is not None:
                    project.company, company.project_key = company.value, name.project_key
                    break
    for project in projects.values():
        if not project.company and project.mentions[0].rule == SUBJECT_RULE:
            project.company = project.project_name  # "Tenghu completed …": known by its builder


def phase_pairs(projects: dict[str, Project]) -> list[tuple[Project, Project]]:
    """(later phase, its first phase): a project with 二期/phase II in its key, and the one
    other project whose key holds that key without its phase."""
    pairs = []
    for key, project in projects.items():
        if not _LATER_PHASE.search(key):
            continue
        base = _KEY_PROJECT.sub("", " ".join(_LATER_PHASE.sub(" ", key).split()))  # 隔膜项目二期 -> 隔膜
        earlier = [p for k, p in projects.items()
                   if k != key and not _LATER_PHASE.search(k) and _holds(k, base)]
        if len(earlier) == 1:
            pairs.append((project, earlier[0]))
    return pairs


def absorb(records: dict[str, Project], key: str, into: str) -> None:
    """Record `key` is record `into` told again: its mentions move there, with the investment
    and dates `into` lacks, and `key` is dropped."""
    record, target = records.pop(key), records[into]
    for mention in record.mentions:
        mention.project_key = into
    target.mentions += record.mentions
    for column in ("investment_cny", "investment_text", *DATE_COLUMNS.values()):
        if getattr(target, column) in (None, "") and getattr(record, column) not in (None, ""):
            setattr(target, column, getattr(record, column))


def merge_company_short_forms(projects: dict[str, Project]) -> list[str]:
    """A later name made only of words of one earlier project's company is that project:
    宛峰汽车部件项目 after 河南宛峰汽车部件有限公司's 汽车零部件智能制造产业园项目. Returns the
    keys merged away."""
    merged = []
    for key in list(projects):
        later = projects[key]
        short = name_key(later.project_name)
        holders = [k for k, p in projects.items() if k != key and p.company
                   and p.mentions[0].start < later.mentions[0].start and _inside_company(short, p.company)]
        if len(holders) != 1 or later.company not in ("", projects[holders[0]].company):
            continue
        absorb(projects, key, holders[0])
        merged.append(key)
    return merged


def _inside_company(short: str, company: str) -> bool:
    """Whether a name key is written inside a company's name (Chinese), or is words of it."""
    if _HAN.search(short):
        return len(short) >= _MIN_SHORT_HAN and short in company
    words = short.split()
    return bool(words) and set(words) <= set(_KEY_DROP.sub(" ", company.lower()).split())


_MIN_SHORT_HAN = 4  # characters: 宛峰汽车部件; a shorter key is too common to point to one company


def attach_phase_companies(phases: Sequence[tuple[Project, Project]]) -> None:
    """The phases of one project (`phase_pairs`) are built by one company: one phase without
    a company takes the other's."""
    for later, first in phases:
        later.company = later.company or first.company
        first.company = first.company or later.company


def _holds(key: str, part: str) -> bool:
    """Every word of an English key part in `key`; a Chinese one written inside it."""
    if _HAN.search(part):
        return part in key
    return bool(part) and set(part.split()) <= set(key.split())


def attach_short_form_companies(
    projects: dict[str, Project], companies: Sequence[Mention], place_words: frozenset[str]
) -> list[Mention]:
    """"The Hongtu project" beside Tangshan Hongtu Intelligent Equipment Co., Ltd.: an English
    name opening with a pinyin word (a brand, not an English word nor a place) of exactly one
    company's name, told in the name's sentence or the one before or after, is that company's
    project. Returns the company mentions tied to them."""
    tied = []
    for project in projects.values():
        names = [m for m in project.mentions if m.field == "project_name"] if not project.company else []
        for name in names:
            word = _LEAD_WORD.match(name.value)
            if word is None or word.group().lower() in place_words or not is_pinyin_word(word.group()):
                continue
            owners = {c.value: c for c in companies if word.group() in c.value.split()
                      and abs(c.sentence_index - name.sentence_index) <= 1}
            if len(owners) == 1:
                (company,) = owners.values()
                project.company = company.value
                tied.append(replace(company, project_key=name.project_key))
                break
    return tied


_LEAD_WORD = regex.compile(r"[A-Z][a-z]{2,}(?=\s)")


def attach_brands(projects: dict[str, Project], brands: Sequence[Mention]) -> None:
    """A brand at the start of a project's own name is its company when nothing else is."""
    for project in projects.values():
        names = [m for m in project.mentions if m.field == "project_name"]
        for brand in brands:
            if not project.company and any(n.start <= brand.start < n.end for n in names):
                project.company, brand.project_key = brand.value, names[0].project_key


ANTECEDENT_SENTENCES = 2  # how far back "the company" / 该公司 looks for the company it means


def attach_company_anaphors(
    projects: dict[str, Project], companies: Sequence[Mention], anaphors: Sequence[Mention]
) -> list[Mention]:
    """"该公司投资2.3亿元建设的…项目": a project after "the company" in its sentence is the
    company's named last before it. Returns the company mentions tied to their projects."""
    tied = []
    for project in projects.values():
        for name in (m for m in project.mentions if m.field == "project_name"):
            if project.company:
                break
            before = [a for a in anaphors if a.sentence_index == name.sentence_index and a.end <= name.start]
            company = _antecedent(companies, before[-1]) if before else None
            if company is not None:
                project.company = company.value
                tied.append(replace(company, rule=f"{company.rule}+{before[-1].rule}",
                                    project_key=name.project_key))
    return tied


def _antecedent(companies: Sequence[Mention], anaphor: Mention) -> Mention | None:
    earlier = [c for c in companies if c.end <= anaphor.start
               and anaphor.sentence_index - c.sentence_index <= ANTECEDENT_SENTENCES]
    return earlier[-1] if earlier else None


def attach_subject_company(
    projects: dict[str, Project], companies: Sequence[Mention], subject: Mention, brand: str
) -> list[Mention]:
    """An article about one company: its projects with no company of their own are that
    company's, unless another company is written in a sentence naming them. Returns the
    subject's mention tied to each such project."""
    tied = []
    for project in projects.values():
        names = [m for m in project.mentions if m.field == "project_name"]
        if project.company or not names:
            continue
        named_in = {m.sentence_index for m in names}
        if not any(c.sentence_index in named_in and brand not in c.value for c in companies):
            project.company = subject.value
            tied.append(replace(subject, rule=f"{subject.rule}+subject", project_key=names[0].project_key))
    return tied


def _adjacent_company(
    text: str, sentences: Sequence[Sentence], name: Mention, companies: dict[int, list[Mention]]
) -> Mention | None:
    here = companies.get(name.sentence_index, []) if name.sentence_index >= 0 else []
    return next((c for c in here if span_gap(c, name) <= COMPANY_NEXT_TO or _alias_between(text, c, name)),
                None)


COMPANY_NEXT_TO = 6  # characters between a company and a name written next to it


def _alias_between(text: str, company: Mention, name: Mention) -> bool:
    """Whether only the company's alias stands between it and the name after it:
    X有限公司（以下简称"X"），Y项目 (COMPANY_ALIAS)."""
    alias = _company_alias()
    return alias is not None and company.end <= name.start and \
        alias.fullmatch(text, company.end, name.start) is not None


@cache
def _company_alias() -> regex.Pattern[str] | None:
    lines = [p.pattern for lang in ("zh", "en") for p in load_patterns(lang).by_label("COMPANY_ALIAS")]
    return regex.compile("|".join(f"(?:{p})" for p in lines), regex.IGNORECASE) if lines else None


def _clause_company(
    text: str, sentences: Sequence[Sentence], name: Mention, companies: dict[int, list[Mention]],
    named: dict[int, list[Mention]] | None = None,
) -> Mention | None:
    """The one company of the name's clause; else the company before an apposition; else, in
    a sentence with one company, a company after the name with no other project named
    between ("To serve the project, the X railway line, built by Y Co., Ltd., …" is X's)."""
    here = companies.get(name.sentence_index, []) if name.sentence_index >= 0 else []
    if not here:
        return None
    sentence = sentences[name.sentence_index]
    clause = clause_of(text, sentence, name.start)
    same = [c for c in here if clause_of(text, sentence, c.start) == clause]
    if len(same) == 1:
        return same[0]
    subject = None if same else _apposed_subject(text, sentence, name, here)
    if subject is not None:
        return subject
    after = [c for c in here if c.start >= name.end]
    if len(here) != 1 or not after:
        return None
    between = any(name.end <= m.start < after[0].start and m.project_key != name.project_key
                  for m in (named or {}).get(name.sentence_index, ()))
    return None if between else after[0]


def _apposed_subject(
    text: str, sentence: Sentence, name: Mention, companies: Sequence[Mention]
) -> Mention | None:
    """The company that ends the clause before an apposition, when the name's clause follows
    the apposition ("X Co., Ltd., the local unit of Y AG, started production at its new
    plant"): the sentence's subject, not the parent named in the apposition."""
    marks = _clause_marks(text, sentence.start, sentence.end)
    clause = bisect_left(marks, name.start)
    opener = _apposition_opener()
    if clause < 2 or opener is None or not opener.match(text, marks[clause - 2] + 1, marks[clause - 1]):
        return None
    subject_end = marks[clause - 2]
    ending = (c for c in companies if c.end <= subject_end and not text[c.end : subject_end].strip())
    return next(ending, None)


@cache
def _apposition_opener() -> regex.Pattern[str] | None:
    return load_patterns("en").any_of("APPOSITION_CLAUSE", regex.IGNORECASE)


def span_gap(a: Mention | PlaceHit, b: Mention | PlaceHit) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(a.start - b.end, b.start - a.end, 0)


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


def attach_evidence(records: dict[str, Project], text: str, sentences: Sequence[Sentence]) -> None:
    """The sentences each record was built from, in article order."""
    for record in records.values():
        indexes = sorted({m.sentence_index for m in record.mentions if m.sentence_index >= 0})
        record.evidence = " … ".join(
            text[sentences[i].start : sentences[i].end] for i in indexes
        )[:2000]
