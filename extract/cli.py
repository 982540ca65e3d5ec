"""The `projfacts` command line: a thin layer over `extract.pipeline`."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from extract import __version__
from extract.pipeline import Options, run
from extract.records import Article

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


def _report(article: Article, reason: str) -> None:
    typer.echo(f"skipped {article.source} [{article.article_id}]: {reason}", err=True)


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
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    excel: Annotated[bool, typer.Option("--excel", help="Write a BOM so Excel shows Chinese.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Skip articles already written.")] = False,
    db: Annotated[str | None, typer.Option(help="Also load the tables into this database URL.")] = None,
) -> None:
    """Extract projects from articles into projects.csv, facts.csv and articles.csv."""
    if resume or db or workers > 1:
        typer.echo("note: --workers, --resume and --db are not implemented yet; running "
                   "one worker from scratch without a database", err=True)
    options = Options(lang=lang.value, published=published, excel=excel)
    summary = run(paths, out, options, stdin=sys.stdin.buffer, on_error=_report)
    skipped = len(summary.failed or [])
    typer.echo(f"{summary.articles} articles, {summary.projects} projects, {skipped} skipped "
               f"-> {out}", err=True)
    raise typer.Exit(summary.exit_code)


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
