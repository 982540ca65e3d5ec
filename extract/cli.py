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
from extract.pipeline import Options, RunSummary, run
from extract.progress import Reporter, count_articles, show_bar
from extract.resume import ResumeError

WORKERS_HELP = "Worker processes. The tables are the same for any number."
RESUME_HELP = ("Keep the articles already in the --out tables (after a crash or kill) and add the "
               "rest. Without --resume, tables already in --out are overwritten.")
DB_HELP = "Also load the tables into this database URL (not implemented yet)."
QUIET_HELP = "No progress bar and no summary line (skipped articles are still reported)."

app = typer.Typer(add_completion=False, help="Project facts from Chinese regional news.")


class Lang(str, Enum):
    """Language of the input articles."""

    auto = "auto"
    en = "en"
    zh = "zh"


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
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
) -> None:
    """Extract projects from articles into projects.csv, facts.csv and articles.csv."""
    if db:
        typer.echo("note: --db is not implemented yet; writing the CSV tables only", err=True)
    options = Options(lang=lang.value, published=published, excel=excel, workers=workers, resume=resume)
    started = time.monotonic()
    summary = _run(paths, out, options, quiet)
    if not quiet:
        typer.echo(_summary_line(summary, time.monotonic() - started, out), err=True)
    raise typer.Exit(summary.exit_code)


def _run(paths: list[str], out: Path, options: Options, quiet: bool) -> RunSummary:
    """Run the pipeline with a progress display; known failures become messages and exit codes."""
    bar = show_bar(quiet)
    try:
        with Reporter(count_articles(paths) if bar else None, bar=bar) as reporter:
            return run(paths, out, options, stdin=sys.stdin.buffer, on_error=reporter.skipped,
                       on_result=reporter.written, on_resumed=reporter.resumed)
    except ResumeError as exc:
        _fail(str(exc), 2)
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
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point."""
    app()
