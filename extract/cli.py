"""The `projfacts` command line: a thin layer over `extract.pipeline`."""

from __future__ import annotations

import json
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from extract import __version__
from extract.cluster import ClusterError, TaskFailed, run_on_dask
from extract.db import BATCH_ARTICLES, DbError, check_url, hide_password
from extract.db import load as load_tables
from extract.formats import FormatError, parse_formats, write_formats
from extract.pipeline import Options, RunSummary, run
from extract.progress import Reporter, count_articles, show_bar
from extract.resume import ResumeError
from extract.schema import TableError

WORKERS_HELP = "Worker processes. The tables are the same for any number."
RESUME_HELP = ("Keep the articles already in the --out tables (after a crash or kill) and add the "
               "rest. Without --resume, tables already in --out are overwritten.")
DB_HELP = ("Database to load the tables into: sqlite:///FILE or postgresql+psycopg://USER:PASSWORD@HOST/DB. "
           "Rows of articles already there are replaced, never doubled.")
FORMAT_HELP = ("Formats, comma-separated: csv (always written), jsonl, parquet; the last two are "
               "converted from the CSV tables at the end of the run.")
BATCH_HELP = "Articles per database transaction."
QUIET_HELP = "No progress bar and no summary line (skipped articles are still reported)."
ENGINE_HELP = "local: this machine (--workers); dask: an existing Dask cluster (--scheduler)."
SCHEDULER_HELP = "Address of the Dask scheduler for --engine dask, e.g. tcp://10.0.0.5:8786."

app = typer.Typer(add_completion=False, help="Project facts from Chinese regional news.")


class Lang(str, Enum):
    """Language of the input articles."""

    auto = "auto"
    en = "en"
    zh = "zh"


class Engine(str, Enum):
    """Where the extraction runs."""

    local = "local"
    dask = "dask"


@app.callback()
def _main() -> None:
    """Turn news articles about construction and industrial projects into tables."""


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from None


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files or folders of articles, or - for stdin.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the tables.")],
    lang: Annotated[Lang, typer.Option(help="Language of the articles.")] = Lang.auto,
    published: Annotated[
        str | None,
        typer.Option(help="Publication date (YYYY-MM-DD) overriding the articles' own.",
                     callback=_check_date),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help=WORKERS_HELP)] = 1,
    excel: Annotated[bool, typer.Option("--excel", help="Write a BOM so Excel shows Chinese.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help=RESUME_HELP)] = False,
    formats: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "csv",
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
    engine: Annotated[Engine, typer.Option(help=ENGINE_HELP)] = Engine.local,
    scheduler: Annotated[str | None, typer.Option(help=SCHEDULER_HELP)] = None,
) -> None:
    """Extract projects from articles into projects.csv, facts.csv and articles.csv."""
    wanted = _check_outputs(formats, db)
    _check_engine(engine, scheduler, workers)
    options = Options(lang=lang.value, published=published, excel=excel, workers=workers, resume=resume)
    started = time.monotonic()
    summary = _run(paths, out, options, quiet, scheduler)
    if not quiet:
        typer.echo(_summary_line(summary, time.monotonic() - started, out), err=True)
    _outputs(out, wanted, db, quiet)
    raise typer.Exit(summary.exit_code)


def _check_outputs(formats: str, db: str | None) -> list[str]:
    """The formats asked for; exit status 2 before any work for a format or URL that cannot work."""
    try:
        if db:
            check_url(db)
        return parse_formats(formats)
    except (FormatError, DbError) as exc:
        _fail(str(exc), 2)


def _outputs(out: Path, formats: list[str], db: str | None, quiet: bool,
             batch: int = BATCH_ARTICLES) -> None:
    """Convert the finished tables to the other formats and load them into `db` (exit 2 on failure)."""
    try:
        write_formats(out, formats)
        if db:
            loaded = load_tables(out, db, batch)
            if not quiet:
                typer.echo(f"loaded {loaded.articles} articles ({loaded.rows['projects']} project rows, "
                           f"{loaded.rows['facts']} fact rows) into {hide_password(db)}", err=True)
    except (FormatError, TableError, DbError) as exc:
        _fail(str(exc), 2)


def _check_engine(engine: Engine, scheduler: str | None, workers: int) -> None:
    """--scheduler goes with --engine dask, and --workers with local (exit status 2 otherwise)."""
    if engine is Engine.dask and not scheduler:
        _fail("--engine dask needs --scheduler ADDRESS", 2)
    if engine is Engine.local and scheduler:
        _fail("--scheduler is for --engine dask", 2)
    if engine is Engine.dask and workers > 1:
        _fail("--workers is for --engine local; a Dask cluster runs on its own workers", 2)


def _run(paths: list[str], out: Path, options: Options, quiet: bool,
         scheduler: str | None = None) -> RunSummary:
    """Run the pipeline (on a Dask cluster when `scheduler` is given) with a progress display;
    known failures become messages and exit codes."""
    bar = show_bar(quiet)
    try:
        with Reporter(count_articles(paths) if bar and not scheduler else None, bar=bar) as reporter:
            if scheduler:
                return run_on_dask(paths, out, options, scheduler, on_error=reporter.skipped,
                                   on_result=reporter.written, on_resumed=reporter.resumed)
            return run(paths, out, options, stdin=sys.stdin.buffer, on_error=reporter.skipped,
                       on_result=reporter.written, on_resumed=reporter.resumed)
    except (ResumeError, ClusterError) as exc:
        _fail(str(exc), 2)
    except TaskFailed as exc:
        _fail(f"{exc}; rerun with --resume to continue", 1)
    except BrokenProcessPool:
        _fail("a worker process died (out of memory?); rerun with --resume to continue", 1)
    except KeyboardInterrupt:
        _fail("interrupted; rerun with --resume to continue", 130)


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _summary_line(summary: RunSummary, seconds: float, out: Path) -> str:
    """`N articles, N projects, N skipped in S s -> DIR` (and how many were resumed)."""
    resumed = f" ({summary.resumed} already done)" if summary.resumed else ""
    return (f"{summary.articles} articles{resumed}, {summary.projects} projects, "
            f"{len(summary.failed)} skipped in {seconds:.1f} s -> {out}")


@app.command()
def load(
    out: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Folder of the tables.")],
    db: Annotated[str, typer.Option(help=DB_HELP)],
    batch: Annotated[int, typer.Option(min=1, help=BATCH_HELP)] = BATCH_ARTICLES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line.")] = False,
) -> None:
    """Load the tables of a finished extraction into a database (without extracting again)."""
    if not (out / "articles.csv").is_file():
        _fail(f"no articles.csv in {out}", 2)
    _outputs(out, _check_outputs("csv", db), db, quiet, batch)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Gold JSONL file.")],
    projects: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="projects.csv.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Print precision, recall and F1 per field of a projects.csv against a gold file."""
    from extract.evaluate import evaluate as score

    report = score(gold, projects)
    typer.echo(json.dumps(report.as_dict(), indent=1) if as_json else report.table())


@app.command()
def review(
    out: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Folder of the tables.")],
    html: Annotated[Path, typer.Option("--html", dir_okay=False, help="The HTML file to write.")],
    max_articles: Annotated[int, typer.Option(min=0, help="Articles shown with their text.")] = 500,
    root: Annotated[
        Path | None, typer.Option(file_okay=False, help="Folder relative sources are read from (default: .).")
    ] = None,
) -> None:
    """Write one self-contained HTML page to review the tables: project table and highlighted texts."""
    from extract.review import write_review

    if not (out / "projects.csv").is_file():
        _fail(f"no projects.csv in {out}", 2)
    done = write_review(out, html, max_articles=max_articles, root=root)
    typer.echo(f"{done.projects} rows, {done.articles_with_text}/{done.articles} article texts, "
               f"{done.highlights} mentions highlighted -> {html}", err=True)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    app()
