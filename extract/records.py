"""The records passed between stages: Article -> Mention -> Project -> tables.

Only data lives here; the stages that fill these records are in their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One input article, as a reader yields it.

    `text` is the article text every offset in facts.csv points into. `error` is set
    (and `text` is empty) when the input could not be read; such articles still get
    a row in articles.csv.
    """

    article_id: str
    source: str
    text: str = ""
    title: str = ""
    published: str | None = None  # ISO date from the record itself (jsonl/csv field)
    url: str = ""
    error: str = ""


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: character offsets into the article text."""

    index: int
    start: int
    end: int


@dataclass
class Mention:
    """One extracted value with its provenance.

    `field` is one of: investment, output_value, area, signing, start, completion,
    production, place, company, project_name, count (plus amount roles such as
    planned_investment, annual_investment, completed_investment, tax,
    registered_capital, financing). `value` is normalized: yuan as an int string,
    ISO date at the text's precision, a place's adcode, a count.
    """

    field: str
    value: str
    text: str
    start: int
    end: int
    rule: str
    sentence_index: int = -1
    unit: str = ""
    qualifier: str = ""
    planned: bool | None = None
    project_key: str = ""  # set by linking: the project the mention belongs to


@dataclass
class Project:
    """One project row (kind=project) or batch statement (kind=aggregate)."""

    kind: str
    project_name: str = ""
    company: str = ""
    project_count: int | None = None
    investment_cny: int | None = None
    investment_text: str = ""
    signing_date: str = ""
    start_date: str = ""
    completion_date: str = ""
    production_date: str = ""
    province: str = ""
    city: str = ""
    county: str = ""
    place: str = ""
    adcode: str = ""
    status: str = ""
    evidence: str = ""
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class ArticleResult:
    """What the pipeline made of one article."""

    article: Article
    lang: str = ""
    published: str = ""
    projects: list[Project] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    error: str = ""
