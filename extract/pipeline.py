"""The one place that knows the order of the stages.

article -> folded text + sentences -> mentions (places, names, companies, counts,
amounts, milestones) -> linked project records -> tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO, TypeVar

from extract import errors
from extract.batches import merge_aggregates, propagate_events
from extract.companies import (
    drop_place_before,
    find_companies,
    find_company_anaphors,
    find_name_brands,
    other_party,
    subject_company,
)
from extract.counts import find_counts
from extract.dates import DateMention, find_dates
from extract.gazetteer import pinyin_key
from extract.link import (
    attach_amounts,
    attach_brands,
    attach_companies,
    attach_company_anaphors,
    attach_evidence,
    attach_milestones,
    attach_phase_companies,
    attach_short_form_companies,
    attach_subject_company,
    build_aggregates,
    build_projects,
    detail_refs,
    merge_company_short_forms,
    phase_pairs,
    phase_refs,
    resolve_refs,
    status_of,
)
from extract.listnames import field_names, find_list_items, item_details, with_field_names
from extract.locate import attach_places, place_context
from extract.metadata import detect_lang, find_published
from extract.milestones import Milestone, find_milestones
from extract.money import Amount, find_amounts
from extract.names import drop_credit_names, find_project_names, find_subject_names
from extract.parallel import imap_ordered
from extract.parts import drop_parts, possessed_parts
from extract.places import PlaceHit, find_places, home_place, place_mentions, resolve
from extract.readers import iter_articles
from extract.records import Article, ArticleResult, Mention, Project, Sentence
from extract.resume import Done, prepare, skip_done
from extract.segment import apply_joins, is_dateline, phrase_line_joins, split_sentences
from extract.spans import Barriers
from extract.tables import read_tables
from extract.textnorm import fold
from extract.write import Rendered, TableWriter, render

R = TypeVar("R")

LEAD_SENTENCES = 3  # headline and dateline: where an article names its own place
# Run once by each worker so that patterns, gazetteer, spaCy and jieba load before work.
WARM_UP = {
    "en": Article("warm-en", "", "Julu County signs project\n2023-04-12\nThe new energy project of "
                  "Hebei Xinda Co., Ltd. in Julu County, with an investment of 510 million yuan, started "
                  "in March."),
    "zh": Article("warm-zh", "", "巨鹿县项目签约\n发布时间：2023-04-12\n"
                  "河北新时代纺织科技有限公司高端纺织品项目总投资6.3亿元，计划今年9月竣工投产。"),
}


@dataclass(frozen=True)
class Options:
    """Settings of one extraction run (built by the CLI, or by a caller)."""

    lang: str = "auto"  # auto | en | zh
    published: str | None = None  # overrides the date found in each article
    excel: bool = False
    max_bytes: int = 20_000_000
    workers: int = 1  # processes; results are written in input order whatever the number
    resume: bool = False  # append after the articles already in the tables (else overwrite)
    chunk: int = 8  # articles sent to a worker at a time


@dataclass
class RunSummary:
    """What a run did: counts, and the articles that could not be processed."""

    articles: int = 0
    projects: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    resumed: int = 0  # of `articles`, those already in the tables when the run began

    @property
    def exit_code(self) -> int:
        """0 when every article was processed, 3 when some were skipped."""
        return 3 if self.failed else 0


def extract_article(article: Article, options: Options | None = None) -> ArticleResult:
    """Run every stage on one article; errors become `result.error`, never exceptions."""
    options = options or Options()
    if article.error:
        return ArticleResult(article, error=article.error)
    try:
        return _extract(article, options)
    except Exception as exc:  # one bad article must not stop the batch
        reason = errors.PROCESSING_FAILED.format(detail=f"{type(exc).__name__}: {exc}")
        return ArticleResult(article, error=reason)


def _extract(article: Article, options: Options) -> ArticleResult:
    text = fold(article.text)
    lang = options.lang if options.lang != "auto" else detect_lang(text)
    published = _published(article, text, options)
    joins = phrase_line_joins(text)  # a post of one phrase per line is read as prose
    text = apply_joins(text, joins)
    sentences = split_sentences(text)
    found = _find(text, sentences, lang, published)
    mentions, records = _link(found, apply_joins(article.text, joins), sentences, lang, published)
    for mention in mentions:  # provenance points into the text as given, not the folded one
        mention.text = article.text[mention.start : mention.end]
    projects = sorted(records, key=lambda p: p.mentions[0].start)
    return ArticleResult(article, lang, published, projects, mentions)


def _published(article: Article, text: str, options: Options) -> str:
    if options.published:
        return options.published
    if article.published:
        return article.published
    found = find_published(text)
    return found.value if found else ""


@dataclass
class Found:
    """Every mention of one article, before linking (offsets into the folded text)."""

    hits: list[PlaceHit]
    resolved: dict[PlaceHit, str]
    home: str
    companies: list[Mention]
    company_refs: list[Mention]  # "the company", 该公司
    amounts: list[Amount]
    names: list[Mention]
    refs: list[Mention]
    counts: list[Mention]
    milestones: list[Milestone]
    dates: list[DateMention]
    details: list[tuple[Mention, list[int]]]  # list item titles and their detail sentences
    other_companies: list[Mention]  # in another part than investor (环境影响评价机构：…): never linked


def _find(text: str, sentences: Sequence[Sentence], lang: str, published: str) -> Found:
    """Run the recognizers on the folded text."""
    hits = find_places(text, lang, sentences)
    resolved = resolve(hits)
    lead_end = _lead_end(sentences)
    places = [(h.start, h.end, resolved[h]) for h in hits if resolved.get(h)]
    every_company = drop_place_before(find_companies(text, sentences, lang), places)
    companies: list[Mention] = []
    others: list[Mention] = []  # an assessor, a contractor: bounds names and places, never linked
    for company in every_company:
        (others if other_party(text, company) else companies).append(company)
    company_refs = find_company_anaphors(text, sentences, lang, every_company)
    dates = find_dates(text, lang, published or None)
    table = read_tables(text, sentences, lang, dates)
    amounts = sorted(find_amounts(text, lang) + table.amounts, key=lambda a: a.start)
    barriers = _name_barriers(lang, hits, every_company + company_refs, amounts)
    found = find_project_names(text, sentences, lang, barriers)
    names = [m for m in found if m.field == "project_name"]
    stones = table.without_dated_rows(find_milestones(text, lang, published or None))
    if lang == "en":
        taken = barriers + [(m.start, m.end) for m in found] + [(h.start, h.end) for h in hits]
        taken += [(d.start, d.end) for d in dates]
        triggers = [(s.trigger_start, s.trigger_end) for s in stones]
        names = sorted(names + find_subject_names(text, sentences, triggers, taken), key=lambda m: m.start)
    refs = [m for m in found if m.field == "project_ref"]
    names = drop_credit_names(text, drop_parts(text, sentences, names, refs, lang), lang)
    names, owned = possessed_parts(text, sentences, names, lang)
    refs += owned
    items = find_list_items(text, names, lang, barriers + [(d.start, d.end) for d in dates],
                            [(h.start, h.end) for h in hits])
    names = sorted(names + items, key=lambda m: m.start) if items else names
    names = table.without_parts(with_field_names(names, field_names(text, sentences, lang) + table.names))
    counts = find_counts(text, sentences, lang)
    if lang == "zh":  # English counts take in too much ("2 GW … project")
        names = _without_counted(names, counts)
    home = home_place(hits, resolved, lead_end, sentences[0].end if sentences else 0,
                      frozenset(m.sentence_index for m in names))
    return Found(hits, resolved, home, companies, company_refs, amounts, names, refs, counts, stones, dates,
                 item_details(text, sentences, names, lang), others)


def _without_counted(names: Sequence[Mention], counts: Sequence[Mention]) -> list[Mention]:
    """The names no count takes in (先进陶瓷产业项目12个, 5个新能源项目: a kind of project
    counted, the count's, not one project)."""
    spans = Barriers([(c.start, c.end) for c in counts])
    return [n for n in names if not spans.overlaps(n.start, n.end)]


def _lead_end(sentences: Sequence[Sentence]) -> int:
    """Where the lead ends: the headline and dateline, and at least the body's first sentence
    (header lines of source, author and font size come before it)."""
    if not sentences:
        return 0
    end = sentences[min(LEAD_SENTENCES, len(sentences)) - 1].end
    body = next((s for s in sentences[1:] if s.end - s.start >= BODY_SENTENCE), None)
    return max(end, body.end) if body is not None else end


BODY_SENTENCE = 60  # characters: a header line (source, date, author, font size) is shorter


def _link(
    found: Found, original: str, sentences: Sequence[Sentence], lang: str, published: str
) -> tuple[list[Mention], list[Project]]:
    """Link the mentions into records; surfaces and evidence come from `original`."""
    place_words = frozenset(h.text.split()[0].lower() for h in found.hits)
    projects, anchors = build_projects(found.names, lang, place_words)
    aggregates, agg_anchors = build_aggregates(found.counts)
    by_phase = phase_refs(original, sentences, projects, lang)  # "the phase I": by phase, not by nearness
    refs = [r for r in found.refs if not any(a.start < r.end and r.start < a.end for a in by_phase)]
    anchors += agg_anchors + resolve_refs(original, refs, anchors, projects) + by_phase
    anchors += detail_refs(found.details, sentences, anchors, projects, lang)
    records = {**projects, **aggregates}
    amounts = attach_amounts(original, sentences, found.amounts, anchors, records)
    milestones = attach_milestones(original, sentences, found.milestones, anchors, records)
    milestones += propagate_events(original, sentences, milestones, found.dates, records, lang)
    merge_aggregates(records)
    attach_companies(original, sentences, projects, found.companies)
    for key in merge_company_short_forms(projects):  # before the companies tied from afar reach every name
        del records[key]
    brands = find_name_brands(original, found.names if lang == "en" else [],
                              [(h.start, h.end) for h in found.hits if h.kind == "admin"])
    attach_brands(projects, brands)
    tied = attach_short_form_companies(projects, found.companies, place_words) if lang == "en" else []
    tied += _tie_companies(original, sentences, projects, found.companies, found.company_refs)
    phases = phase_pairs(projects)
    attach_phase_companies(phases)
    places = _project_places(original, found.hits, found.companies + found.other_companies)
    context = place_context(original, sentences, places, lang, {m.sentence_index for m in found.names})
    attach_places(records, places, found.resolved, found.home, lang, phases, context)
    attach_evidence(records, original, sentences)
    for record in records.values():
        record.status = status_of(record, published)
    facts = [*found.names, *found.companies, *brands, *tied, *found.counts, *amounts, *milestones,
             *place_mentions(found.hits, found.resolved)]
    return _distinct(facts), list(records.values())


def _tie_companies(
    text: str, sentences: Sequence[Sentence], projects: dict[str, Project],
    companies: Sequence[Mention], anaphors: Sequence[Mention],
) -> list[Mention]:
    """Companies named away from their projects: "该公司…项目", and an article about one company."""
    tied = attach_company_anaphors(projects, companies, anaphors)
    subject = subject_company(text, sentences[0].end if sentences else 0, companies)
    return tied + (attach_subject_company(projects, companies, *subject) if subject else [])


def _distinct(facts: Sequence[Mention]) -> list[Mention]:
    """The facts without repeats: a trigger written twice before one date gives one row."""
    seen: dict[tuple, Mention] = {}
    for m in facts:
        key = (m.field, m.value, m.start, m.end, m.rule, m.unit, m.qualifier, m.planned, m.project_key)
        seen.setdefault(key, m)
    return list(seen.values())


def _name_barriers(
    lang: str, hits: Sequence[PlaceHit], companies: Sequence[Mention], amounts: Sequence[Amount]
) -> list[tuple[int, int]]:
    """Spans a project name cannot extend over: companies, amounts and, in English,
    places written with their suffix (Chinese names often begin with their county)."""
    spans = [(m.start, m.end) for m in companies] + [(a.start, a.end) for a in amounts]
    if lang == "en":
        spans += [(h.start, h.end) for h in hits if h.kind == "admin" and not h.rule.endswith(".bare")]
    return spans


def _project_places(text: str, hits: Sequence[PlaceHit], companies: Sequence[Mention]) -> list[PlaceHit]:
    """Places that can locate a project: not those inside a company's name, nor a wire
    dateline's city (CHANGCHUN -- …, where the report was filed)."""
    inside = {i for c in companies for i in range(c.start, c.end)}
    return [h for h in hits if h.start not in inside and not is_dateline(text, h.start)]


def run(
    paths: Sequence[str], out_dir: Path, options: Options, stdin: BinaryIO | None = None,
    on_error: Callable[[Article, str], None] | None = None, *,
    on_result: Callable[[ArticleResult], None] | None = None,
    on_resumed: Callable[[int], None] | None = None,
) -> RunSummary:
    """Extract every article under `paths` and write the tables into `out_dir`.

    Callbacks: `on_error` for each article skipped, `on_result` for each article written
    (its result without text, projects and mentions: those are in the tables; `process`
    gives whole results), `on_resumed` with the number of articles found done (only with
    `options.resume`).
    """
    summary = RunSummary()
    articles = iter_articles(paths, max_bytes=options.max_bytes, stdin=stdin)
    if options.resume:
        done = prepare(out_dir)
        _count_done(summary, done)
        articles = skip_done(articles, done)
        if on_resumed:
            on_resumed(len(done))
    with TableWriter(out_dir, excel=options.excel, append=options.resume) as writer:
        for item in process_rendered(articles, options):
            writer.write_rows(item.rows)
            count_written(summary, item, on_error, on_result)
    return summary


def count_written(summary: RunSummary, item: Rendered,
                  on_error: Callable[[Article, str], None] | None,
                  on_result: Callable[[ArticleResult], None] | None) -> None:
    """Add one written article to the summary and tell the callbacks."""
    result = item.result
    summary.articles += 1
    summary.projects += item.n_projects
    if result.error:
        summary.failed.append((result.article.source, result.error))
        if on_error:
            on_error(result.article, result.error)
    if on_result:
        on_result(result)


def _count_done(summary: RunSummary, done: Sequence[Done]) -> None:
    """Start the summary with the articles a resumed run finds in the tables."""
    summary.articles = summary.resumed = len(done)
    summary.projects = sum(d.n_projects for d in done)
    summary.failed.extend((d.source, d.error) for d in done if d.error)


def process(articles: Iterable[Article], options: Options) -> Iterator[ArticleResult]:
    """Results of a stream of articles, in order (in `options.workers` processes)."""
    return _map(extract_article, articles, options)


def process_rendered(articles: Iterable[Article], options: Options) -> Iterator[Rendered]:
    """The rows of a stream of articles as CSV text, in order (in `options.workers` processes).

    The workers write the rows: the parent, which reads the inputs and writes the tables
    for all of them, would otherwise take a core's share from the workers.
    """
    return _map(render_article, articles, options)


def render_article(article: Article, options: Options | None = None) -> Rendered:
    """`extract_article`, its result rendered as table rows."""
    return render(extract_article(article, options))


def _map(work: Callable[[Article, Options], R], articles: Iterable[Article], options: Options) -> Iterator[R]:
    """`work(article, options)` for each article, in order, in `options.workers` processes."""
    if options.workers <= 1:
        return (work(article, options) for article in articles)
    # jieba's dictionary is most of a worker's memory: with `auto`, it loads in a worker only
    # when that worker meets Chinese text, so an English corpus keeps its workers small.
    langs = ("en",) if options.lang == "auto" else (options.lang,)
    return imap_ordered(partial(work, options=options), articles, workers=options.workers,
                        chunk=options.chunk, initializer=partial(warm, langs))


def warm(langs: Sequence[str] = ("en", "zh")) -> None:
    """Load the rule tables and tokenizers of `langs` now rather than on the first article."""
    for lang in langs:
        extract_article(WARM_UP[lang])
    if "zh" in langs:
        pinyin_key("宋庄")  # pypinyin's tables: needed by the first zone named in Chinese
