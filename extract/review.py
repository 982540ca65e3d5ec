"""The review page: one self-contained HTML file built from the tables of an `--out` folder.

It holds a filterable, sortable table of every projects.csv row and, for the first
articles (`max_articles`), the article text with every facts.csv mention highlighted by
field. Texts are not in the tables: they are read again from the sources listed in
articles.csv (the readers are deterministic, so the offsets still point at the same
characters). An article whose source is standard input, is gone or has changed is shown
without its text: its facts and its projects' evidence, with a note.

Everything that comes from the data is escaped: text and attribute values with
`html.escape`, the JSON the script reads with `<`, `>`, `&` written as `\\u003c` etc. A
Content-Security-Policy allows only the page's own script (by hash) and no network at all.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import html
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from extract import __version__
from extract.readers import STDIN, iter_articles

DEFAULT_MAX_ARTICLES = 500
NONE = "__none__"  # filter option for an empty value (the script uses the same string)
CSV_FIELD_LIMIT = 2**31 - 1
_PLACEHOLDER = re.compile(r"@@([A-Z_]+)@@")

# Table columns: (projects.csv column, header, cell kind). "num" sorts numerically.
COLUMNS = (
    ("n", "#", "num"),
    ("project_name", "Project", "name"),
    ("evidence", "Evidence", "evidence"),
    ("kind", "Kind", "kind"),
    ("company", "Company", "company"),
    ("project_count", "Count", "num"),
    ("investment_cny", "Investment (yuan)", "num"),
    ("signing_date", "Signed", "date"),
    ("start_date", "Start", "date"),
    ("completion_date", "Completion", "date"),
    ("production_date", "Production", "date"),
    ("province", "Province", "text"),
    ("city", "City", "text"),
    ("county", "County", "text"),
    ("status", "Status", "status"),
    ("article_id", "Article", "article"),
)
# The field chooser: projects.csv columns a row may have or miss.
FIELD_CHOICES = (
    ("investment_cny", "investment"), ("signing_date", "signing date"), ("start_date", "start date"),
    ("completion_date", "completion date"), ("production_date", "production date"),
    ("company", "company"), ("province", "province"), ("adcode", "adcode"),
)
SEARCH_EXTRA = ("project_id", "place", "adcode", "location", "investment_text")
# Highlight colours of the known fields; others get one derived from their name.
FIELD_COLOURS = {
    "project_name": "#ffd54f", "company": "#90caf9", "place": "#a5d6a7", "count": "#ce93d8",
    "investment": "#ffab91", "planned_investment": "#ffcc80", "annual_investment": "#ffe082",
    "contract_investment": "#f8bbd0", "completed_investment": "#ef9a9a", "output_value": "#ffe0b2",
    "revenue": "#d7ccc8", "tax": "#e6ee9c", "registered_capital": "#b0bec5", "financing": "#bcaaa4",
    "amount": "#e0e0e0", "signing": "#80deea", "start": "#b39ddb", "completion": "#f48fb1",
    "production": "#c5e1a5",
}


@dataclass
class Tables:
    """The rows of an --out folder's tables (missing tables are empty).

    Only the facts of the articles shown are kept (by row number in facts.csv), so memory
    does not grow with the whole table; every fact is counted by field.
    """

    projects: list[dict[str, str]]
    articles: list[dict[str, str]]
    facts: dict[int, dict[str, str]]
    field_counts: dict[str, int] = field(default_factory=dict)
    n_facts: int = 0


@dataclass
class Review:
    """A built page and what it shows."""

    html: str
    projects: int
    articles: int
    articles_with_text: int
    highlights: int
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Span:
    """One mention to highlight: its offsets and the markup of its first and later pieces."""

    start: int
    end: int
    order: int
    open_tag: str
    cont_tag: str


# --- reading -------------------------------------------------------------------------


def iter_table(path: Path) -> Iterator[dict[str, str]]:
    """The rows of one CSV table (BOM or not), None cells as ""; nothing when the file is missing."""
    if not path.is_file():
        return
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {k: v or "" for k, v in row.items() if isinstance(k, str)}


def shown_articles(articles: Sequence[dict[str, str]], max_articles: int) -> list[dict[str, str]]:
    """The articles.csv rows shown on the page: the first `max_articles`, one per article_id."""
    shown = articles[:max_articles]
    first = {a.get("article_id", ""): a for a in reversed(shown)}
    return [a for a in shown if first[a.get("article_id", "")] is a]


def read_tables(out_dir: Path, max_articles: int = DEFAULT_MAX_ARTICLES) -> Tables:
    """projects.csv and articles.csv of a folder, and the facts of the articles shown."""
    articles = list(iter_table(out_dir / "articles.csv"))
    shown = {a.get("article_id", "") for a in shown_articles(articles, max_articles)}
    tables = Tables(list(iter_table(out_dir / "projects.csv")), articles, {})
    counts: dict[str, int] = defaultdict(int)
    for i, fact in enumerate(iter_table(out_dir / "facts.csv")):
        counts[fact.get("field", "")] += 1
        if fact.get("article_id", "") in shown:
            tables.facts[i] = fact
    tables.field_counts, tables.n_facts = dict(counts), sum(counts.values())
    return tables


def load_texts(articles: Sequence[dict[str, str]], root: Path | None = None) -> dict[str, str]:
    """The texts of these articles, read again from their sources, by article_id.

    Relative sources are taken from `root` (default: the current folder). Standard input,
    missing sources and articles whose length differs from articles.csv's n_chars are left out.
    """
    wanted = {a.get("article_id", ""): a for a in articles if not a.get("error")}
    texts: dict[str, str] = {}
    for source in dict.fromkeys(a.get("source", "") for a in wanted.values()):
        path = _resolve(source, root)
        if path is None:
            continue
        for article in iter_articles([path]):
            row = wanted.get(article.article_id)
            if row and not article.error and _same_length(row, article.text):
                texts.setdefault(article.article_id, article.text)
    return texts


def _resolve(source: str, root: Path | None) -> str | None:
    """The path to read a source from, or None (stdin, gone, a folder)."""
    if not source or source == STDIN:
        return None
    path = Path(source) if root is None or os.path.isabs(source) else root / source
    return str(path) if path.is_file() else None


def _same_length(row: dict[str, str], text: str) -> bool:
    """Whether the text read now has the length recorded at extraction (when recorded)."""
    n_chars = row.get("n_chars", "")
    return not n_chars.isdigit() or int(n_chars) == len(text)


# --- small helpers ---------------------------------------------------------------------


def esc(value: object) -> str:
    """Text or attribute value, HTML-escaped (quotes included)."""
    return html.escape(str(value), quote=True)


def json_for_script(data: object) -> str:
    """JSON safe inside a <script type="application/json"> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, code in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def field_colour(name: str) -> str:
    """The highlight colour of a field."""
    if name in FIELD_COLOURS:
        return FIELD_COLOURS[name]
    hue = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:6], 16) % 360
    return f"hsl({hue}, 70%, 82%)"


def _offsets(fact: dict[str, str]) -> tuple[int, int] | None:
    """start_char, end_char of a fact as ints, or None."""
    try:
        return int(fact.get("start_char", "")), int(fact.get("end_char", ""))
    except ValueError:
        return None


def locate(fact: dict[str, str], text: str) -> tuple[int, int] | None:
    """The offsets of a fact when they are valid in `text` (and point at its `text`)."""
    span = _offsets(fact)
    if span is None:
        return None
    start, end = span
    if not 0 <= start < end <= len(text) or text[start:end] != fact.get("text", text[start:end]):
        return None
    return span


def _amount(value: str) -> str:
    """An integer with thousands separators; anything else as it is."""
    return f"{int(value):,}" if value.lstrip("-").isdigit() else value


# --- highlighting ----------------------------------------------------------------------


def highlight(text: str, spans: Iterable[Span]) -> str:
    """The escaped text with every span wrapped in its markup, well nested.

    Spans starting at the same place open longest first (then by `order`). A span that
    crosses the end of an enclosing one is closed there and continues, after it, in a
    piece opened with its `cont_tag`: each span has exactly one `open_tag` element.
    """
    starts: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        starts[span.start].append(span)
    bounds = sorted({0, len(text)} | set(starts) | {s.end for group in starts.values() for s in group})
    out: list[str] = []
    stack: list[Span] = []
    for i, pos in enumerate(bounds):
        _close(pos, stack, out)
        for span in sorted(starts.get(pos, ()), key=lambda s: (-s.end, s.order)):
            out.append(span.open_tag)
            stack.append(span)
        if i + 1 < len(bounds):
            out.append(html.escape(text[pos:bounds[i + 1]], quote=False))
    return "".join(out)


def _close(pos: int, stack: list[Span], out: list[str]) -> None:
    """Close the spans ending at `pos`, and reopen the ones closed on the way."""
    reopen: list[Span] = []
    while any(s.end == pos for s in stack):
        span = stack.pop()
        out.append("</mark>")
        if span.end != pos:
            reopen.append(span)
    for span in reversed(reopen):
        out.append(span.cont_tag)
        stack.append(span)


# --- the page model --------------------------------------------------------------------


@dataclass
class Page:
    """Ids and lookups shared by the parts of the page."""

    tables: Tables
    texts: dict[str, str]
    rendered: list[dict[str, str]]  # the articles shown (text or facts), in order
    root: Path | None = None  # relative sources are read from here (None: the current folder)
    shown: set[str] = field(default_factory=set)  # their ids
    row_ids: dict[str, str] = field(default_factory=dict)  # project_id -> p-N
    article_ids: dict[str, str] = field(default_factory=dict)  # article_id -> a-N
    field_classes: dict[str, str] = field(default_factory=dict)  # field -> fld-N
    facts_by_article: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    projects_by_article: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    first_fact: dict[str, str] = field(default_factory=dict)  # p-N -> m-N shown first
    mention_counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # p-N -> facts shown
    located: dict[int, tuple[int, int]] = field(default_factory=dict)  # fact index -> offsets

    def __post_init__(self) -> None:
        for n, row in enumerate(self.tables.projects):
            self.row_ids.setdefault(row.get("project_id", ""), f"p-{n}")
            self.projects_by_article[row.get("article_id", "")].append(n)
        for row in [*self.tables.articles, *self.tables.projects]:
            self.article_ids.setdefault(row.get("article_id", ""), f"a-{len(self.article_ids)}")
        self.shown = {a.get("article_id", "") for a in self.rendered}
        fields = {*self.tables.field_counts, *(f.get("field", "") for f in self.tables.facts.values())}
        self.field_classes = {name: f"fld-{n}" for n, name in enumerate(sorted(fields))}
        self._place_facts()

    def _place_facts(self) -> None:
        """Group the facts of the shown articles; find their offsets in the texts."""
        fallback: dict[str, str] = {}
        for i, fact in self.tables.facts.items():
            article_id = fact.get("article_id", "")
            if article_id not in self.shown:
                continue
            self.facts_by_article[article_id].append(i)
            text = self.texts.get(article_id)
            span = locate(fact, text) if text is not None else None
            pid = self.row_ids.get(fact.get("project_id", ""))
            if span is not None:
                self.located[i] = span
            if pid:
                self.mention_counts[pid] += 1
                (self.first_fact if span is not None else fallback).setdefault(pid, f"m-{i}")
        for pid, mid in fallback.items():
            self.first_fact.setdefault(pid, mid)

    def project_label(self, fact: dict[str, str]) -> str:
        """The project a fact belongs to, for its tooltip."""
        pid = self.row_ids.get(fact.get("project_id", ""))
        if pid is None:
            return "not attached to a project"
        row = self.tables.projects[int(pid[2:])]
        return f"project: {row.get('project_name', '')} ({row.get('project_id', '')})"


def build_page(
    tables: Tables, texts: dict[str, str], max_articles: int = DEFAULT_MAX_ARTICLES, root: Path | None = None
) -> Page:
    """The page model of these tables and texts (the first `max_articles` articles shown)."""
    return Page(tables, texts, shown_articles(tables.articles, max_articles), root=root)


# --- the project table -----------------------------------------------------------------


def table_html(page: Page) -> str:
    """<thead> and <tbody> of the project table."""
    head = "".join(
        f'<th data-type="{"num" if kind == "num" else "text"}" aria-sort="none">'
        f'<button type="button">{esc(label)}</button></th>'
        for _, label, kind in COLUMNS
    )
    body = "\n".join(_row_html(page, n, row) for n, row in enumerate(page.tables.projects))
    return f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>"


def _row_html(page: Page, n: int, row: dict[str, str]) -> str:
    """One <tr> of the project table, with the data attributes the filters read."""
    pid = f"p-{n}"
    has = " ".join(key for key, _ in FIELD_CHOICES if row.get(key))
    search = " ".join(row.get(key, "") for key in SEARCH_EXTRA)
    attrs = {
        "id": pid, "class": "aggregate" if row.get("kind") == "aggregate" else "project",
        "data-province": row.get("province", ""), "data-status": row.get("status", ""),
        "data-kind": row.get("kind", ""), "data-article": page.article_ids.get(row.get("article_id", ""), ""),
        "data-has": has, "data-search": search,
    }
    attr_text = " ".join(f'{k}="{esc(v)}"' for k, v in attrs.items())
    cells = "".join(_cell_html(page, n, pid, row, key, kind) for key, _, kind in COLUMNS)
    return f"<tr {attr_text}>{cells}</tr>"


def _cell_html(page: Page, n: int, pid: str, row: dict[str, str], key: str, kind: str) -> str:
    """One <td>."""
    value = row.get(key, "")
    if key == "n":
        return f'<td class="num">{n + 1}</td>'
    if kind == "num":
        sort = f' data-sort="{esc(value)}"' if value else ""
        return f'<td class="num"{sort}>{esc(_amount(value))}</td>'
    if kind in ("kind", "status"):
        return f'<td><span class="{kind}">{esc(value)}</span></td>' if value else "<td></td>"
    if kind == "article":
        target = page.article_ids.get(value, "")
        return f'<td><a href="#{target}">{esc(value)}</a></td>'
    if kind == "evidence":
        return _evidence_cell(page, pid, row)
    css = {"name": ' class="name"', "date": ' class="date"', "company": ' class="company"'}.get(kind, "")
    return f"<td{css}>{esc(value)}</td>"


def _evidence_cell(page: Page, pid: str, row: dict[str, str]) -> str:
    """The link from a row to its mentions (or its article when none is shown)."""
    first = page.first_fact.get(pid)
    if first:
        count = page.mention_counts[pid]
        label = f'{count} mention{"s" * (count != 1)}'
        return f'<td class="nowrap"><a class="ev" href="#{first}">{label}</a></td>'
    article_id = row.get("article_id", "")
    if article_id in page.shown:
        return f'<td><a class="ev" href="#{page.article_ids[article_id]}">article</a></td>'
    return '<td class="muted">not shown</td>'


def controls_html(page: Page) -> str:
    """The search box and the filter selects."""
    projects = page.tables.projects
    parts = ['<input type="search" id="q" placeholder="Search name, company, place, id…" '
             'aria-label="Search projects" autocomplete="off">']
    parts.append(_select("province", "All provinces", _distinct(projects, "province")))
    parts.append(_select("status", "All statuses", _distinct(projects, "status")))
    parts.append(_select("kind", "Projects and aggregates", _distinct(projects, "kind")))
    fields = [(f"has:{key}", f"has {label}") for key, label in FIELD_CHOICES]
    fields += [(f"no:{key}", f"missing {label}") for key, label in FIELD_CHOICES]
    parts.append(_select("field", "Any fields", fields))
    articles = [(aid, article_id) for article_id, aid in page.article_ids.items()]
    parts.append(_select("article", "All articles", articles))
    return "\n".join(parts)


def _distinct(rows: Sequence[dict[str, str]], key: str) -> list[tuple[str, str]]:
    """(value, label) options of a column's distinct values; empty ones as `(none)`."""
    values = sorted({row.get(key, "") for row in rows})
    return [(v, v) if v else (NONE, "(none)") for v in values]


def _select(key: str, label: str, options: Iterable[tuple[str, str]]) -> str:
    """A filter <select>; its data-filter names the row attribute it compares."""
    items = "".join(f'<option value="{esc(value)}">{esc(text)}</option>' for value, text in options)
    return (f'<select id="flt-{key}" data-filter="{key}" aria-label="{esc(label)}">'
            f'<option value="">{esc(label)}</option>{items}</select>')


# --- the articles ----------------------------------------------------------------------


def articles_html(page: Page) -> str:
    """One <article> per shown article: its text with highlights, or its facts."""
    return "\n".join(_article_html(page, row) for row in page.rendered)


def _article_html(page: Page, row: dict[str, str]) -> str:
    """An article section."""
    article_id = row.get("article_id", "")
    aid = page.article_ids[article_id]
    meta = " · ".join(esc(v) for v in (article_id, row.get("source", ""), row.get("lang", ""),
                                        row.get("published", "")) if v)
    title = esc(row.get("title", "") or article_id)
    header = f'<header><h3>{title}</h3><div class="meta">{meta}</div></header>'
    text = page.texts.get(article_id)
    body = _text_body(page, article_id, text) if text is not None else _facts_body(page, row)
    return f'<article class="doc" id="{aid}">{header}\n{body}</article>'


def _text_body(page: Page, article_id: str, text: str) -> str:
    """The highlighted text, and a list of the facts that could not be placed in it."""
    indexes = page.facts_by_article.get(article_id, [])
    spans = [_span(page, i) for i in indexes if i in page.located]
    body = f'<div class="text" lang="{_lang(text)}">{highlight(text, spans)}</div>'
    lost = [i for i in indexes if i not in page.located]
    if lost:
        note = f"{len(lost)} mention(s) could not be placed in the text as read now (did the source change?)"
        body += f'<p class="note">{esc(note)}</p>' + _facts_table(page, lost)
    return body


def _lang(text: str) -> str:
    """`zh` when the text has CJK characters, else `en` (for fonts and line breaking)."""
    return "zh" if re.search(r"[\u4e00-\u9fff]", text[:2000]) else "en"


def _span(page: Page, i: int) -> Span:
    """The highlight of fact `i`: its first piece has the id, every piece the class and tooltip."""
    fact = page.tables.facts[i]
    start, end = page.located[i]
    css = page.field_classes.get(fact.get("field", ""), "")
    pid = page.row_ids.get(fact.get("project_id", ""))
    rest = f' data-field="{esc(fact.get("field", ""))}"' + (f' data-p="{pid}"' if pid else "")
    rest += f' title="{_tooltip(page, fact)}"'
    first, cont = f'<mark id="m-{i}" class="ent {css}"{rest}>', f'<mark class="ent-cont {css}"{rest}>'
    return Span(start, end, i, first, cont)


def _tooltip(page: Page, fact: dict[str, str]) -> str:
    """The hover text of a mention (escaped for an attribute)."""
    value = " ".join(v for v in (fact.get("value", ""), fact.get("unit", "")) if v)
    extra = ", ".join(v for v in (fact.get("qualifier", ""), fact.get("planned", "")) if v)
    lines = [f"{fact.get('field', '')}: {value}" + (f" ({extra})" if extra else ""),
             f"rule: {fact.get('rule', '')}", page.project_label(fact)]
    return esc("\n".join(lines))


def _facts_body(page: Page, row: dict[str, str]) -> str:
    """An article without text: a note, its facts and its projects' evidence."""
    article_id = row.get("article_id", "")
    note = _missing_reason(row, page.root)
    projects = (page.tables.projects[n] for n in page.projects_by_article.get(article_id, ()))
    evidence = [p for p in projects if p.get("evidence")]
    items = "".join(f"<li><strong>{esc(p.get('project_name', ''))}</strong>: {esc(p['evidence'])}</li>"
                    for p in evidence)
    facts = _facts_table(page, page.facts_by_article.get(article_id, []))
    parts = [f'<p class="note">{esc(note)}</p>', facts]
    if items:
        parts.append(f'<ul class="evidence">{items}</ul>')
    return "\n".join(parts)


def _missing_reason(row: dict[str, str], root: Path | None) -> str:
    """Why an article is shown without its text."""
    source = row.get("source", "")
    if row.get("error"):
        return f"Skipped at extraction: {row['error']}"
    if source == STDIN:
        return "Text not available: the article was read from standard input. Its facts and evidence:"
    if _resolve(source, root) is None:
        where = "" if os.path.isabs(source) else f" in {root or 'the current folder'} (see --root)"
        return f"Text not available: the source {source!r} no longer exists{where}. Its facts and evidence:"
    return "Text not available: the source has changed since the extraction. Its facts and evidence:"


def _facts_table(page: Page, indexes: Sequence[int]) -> str:
    """A table of facts (field, text, value, rule, project)."""
    if not indexes:
        return ""
    rows = "\n".join(_fact_row(page, i) for i in indexes)
    head = "<tr><th>field</th><th>text</th><th>value</th><th>rule</th><th>project</th></tr>"
    return f'<table class="facts">{head}\n{rows}</table>'


def _fact_row(page: Page, i: int) -> str:
    """One row of a facts table."""
    fact = page.tables.facts[i]
    css = page.field_classes.get(fact.get("field", ""), "")
    pid = page.row_ids.get(fact.get("project_id", ""))
    project = (f'<a class="to-row" href="#{pid}" data-p="{pid}">{esc(fact.get("project_id", ""))}</a>'
               if pid else '<span class="muted">-</span>')
    value = " ".join(v for v in (fact.get("value", ""), fact.get("unit", "")) if v)
    return (f'<tr id="m-{i}"><td><span class="fieldtag {css}">{esc(fact.get("field", ""))}</span></td>'
            f'<td>{esc(fact.get("text", ""))}</td><td>{esc(value)}</td><td>{esc(fact.get("rule", ""))}</td>'
            f"<td>{project}</td></tr>")


def legend_html(page: Page) -> str:
    """The colour legend, with each field's count."""
    counts = page.tables.field_counts
    return "".join(f'<span><i class="{css}"></i>{esc(name or "(none)")} ({counts.get(name, 0)})</span>'
                   for name, css in page.field_classes.items())


def field_style(page: Page) -> str:
    """CSS giving each field class its colour."""
    return "\n".join(f".{css} {{ --c: {field_colour(name)}; background: var(--c); }}"
                     for name, css in page.field_classes.items())


# --- the whole page --------------------------------------------------------------------


def _template(name: str) -> str:
    """A file of extract/templates."""
    return resources.files("extract").joinpath("templates", name).read_text(encoding="utf-8")


def _csp(script: str) -> str:
    """A policy allowing the page's own script (by hash), inline styles, and nothing from the network."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def _data(page: Page) -> dict[str, object]:
    """What the script needs: per table row its project_id and article section."""
    projects = {
        f"p-{n}": {"project_id": row.get("project_id", ""),
                   "article": page.article_ids.get(row.get("article_id", ""), "")}
        for n, row in enumerate(page.tables.projects)
    }
    return {"projects": projects}


def _summary(page: Page, out_label: str) -> str:
    """The line under the title."""
    projects = page.tables.projects
    n_agg = sum(1 for p in projects if p.get("kind") == "aggregate")
    return esc(f"{out_label}: {len(projects) - n_agg} projects, {n_agg} aggregates, "
               f"{len(page.tables.articles)} articles, {page.tables.n_facts} facts "
               f"({len(page.located)} highlighted in {len(page.texts)} article texts)")


def _notes(page: Page) -> list[str]:
    """Notes shown above the table."""
    notes = []
    hidden = len(page.tables.articles) - len(page.rendered)
    if hidden > 0:
        notes.append(f"Only the first {len(page.rendered)} articles are shown below; {hidden} more are "
                     "in the table only (raise --max-articles to see them).")
    missing = sum(1 for a in page.rendered if a.get("article_id") not in page.texts)
    if missing:
        notes.append(f"{missing} article(s) are shown without their text (source not available).")
    return notes


def render(page: Page, out_label: str) -> str:
    """The HTML of the page."""
    script = _template("review.js")
    parts = {
        "CSP": esc(_csp(script)), "VERSION": esc(__version__), "TITLE": esc(out_label),
        "SUMMARY": _summary(page, out_label), "FIELD_STYLE": field_style(page),
        "NOTES": "\n".join(f'<p class="note">{esc(n)}</p>' for n in _notes(page)),
        "CONTROLS": controls_html(page), "TABLE": table_html(page), "LEGEND": legend_html(page),
        "ARTICLES": articles_html(page), "DATA": json_for_script(_data(page)), "SCRIPT": script,
    }
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _template("review.html"))


def build_review(
    out_dir: Path, *, max_articles: int = DEFAULT_MAX_ARTICLES, root: Path | None = None
) -> Review:
    """Read the tables of `out_dir` and the texts of their first articles; build the page."""
    tables = read_tables(out_dir, max_articles)
    texts = load_texts(tables.articles[:max_articles], root)
    page = build_page(tables, texts, max_articles, root)
    label = out_dir.resolve().name or str(out_dir)
    return Review(render(page, label), len(tables.projects), len(tables.articles), len(texts),
                  len(page.located), _notes(page))


def write_review(
    out_dir: Path, html_path: Path, *, max_articles: int = DEFAULT_MAX_ARTICLES, root: Path | None = None
) -> Review:
    """Build the page of `out_dir` and write it to `html_path`."""
    review = build_review(out_dir, max_articles=max_articles, root=root)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(review.html, encoding="utf-8")
    return review
