"""Throughput benchmark: `python -m extract.bench [--mb 5] [--lang en|zh|both] [--workers 1,2]`.

Builds a synthetic corpus of about `--mb` megabytes per language in a temporary folder
(the bundled corpus/articles repeated, each copy with its body paragraphs shuffled),
runs the `projfacts extract` command line on it once per worker count, and prints a
Markdown table. Wall time includes start-up (imports, rule tables, worker warm-up).
Peak RSS is the kernel's high-water mark (VmHWM), so it needs Linux's /proc.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "articles"
FIXED_PARAGRAPHS = 3  # headline and dateline stay first: they give the place and the date
POLL_SECONDS = 0.1
MB = 1_000_000
HEADER = ("lang", "workers", "MB", "articles", "seconds", "MB/s", "articles/s",
          "peak RSS per worker (MB)", "parent peak RSS (MB)")


@dataclass(frozen=True)
class Result:
    """One timed run."""

    lang: str
    workers: int
    megabytes: float
    articles: int
    seconds: float
    worker_rss: float | None
    parent_rss: float | None

    def cells(self) -> list[str]:
        """The table cells of this run."""
        return [self.lang, str(self.workers), f"{self.megabytes:.1f}", str(self.articles),
                f"{self.seconds:.1f}", f"{self.megabytes / self.seconds:.3f}",
                f"{self.articles / self.seconds:.1f}", _mb(self.worker_rss), _mb(self.parent_rss)]


def make_corpus(dest: Path, megabytes: float, lang: str, source: Path = CORPUS) -> int:
    """Write about `megabytes` of `lang` articles into `dest`; return how many."""
    dest.mkdir(parents=True, exist_ok=True)
    originals = sorted(source.glob(f"{lang}_*.txt"))
    if not originals:
        raise FileNotFoundError(f"no {lang}_*.txt articles in {source}")
    size, count = 0, 0
    for copy, path in _copies(originals):
        text = vary(path.read_text(encoding="utf-8"), random.Random(f"{path.stem}/{copy}"))
        data = text.encode("utf-8")
        (dest / f"{path.stem}_{copy:05d}.txt").write_bytes(data)
        size, count = size + len(data), count + 1
        if size >= megabytes * MB:
            return count
    return count  # not reached: the copies never end


def _copies(originals: Sequence[Path]) -> Iterator[tuple[int, Path]]:
    """(copy number, original) without end."""
    copy = 0
    while True:
        yield from ((copy, path) for path in originals)
        copy += 1


def vary(text: str, rng: random.Random) -> str:
    """The article with its body paragraphs in another order (headline and dateline kept)."""
    paragraphs = text.split("\n\n")
    head, body = paragraphs[:FIXED_PARAGRAPHS], paragraphs[FIXED_PARAGRAPHS:]
    rng.shuffle(body)
    return "\n\n".join(head + body)


def measure(corpus: Path, out: Path, workers: int) -> tuple[float, float | None, float | None]:
    """Run the CLI on a folder: seconds, peak RSS of the largest worker and of the parent."""
    command = [sys.executable, "-m", "extract", "extract", str(corpus), "--out", str(out),
               "--workers", str(workers), "--quiet"]
    peaks: dict[int, int] = {}
    with tempfile.TemporaryFile() as errors:  # a pipe could fill up and stall the run
        started = time.perf_counter()
        process = subprocess.Popen(command, stderr=errors)
        while process.poll() is None:
            _sample(process.pid, peaks)
            time.sleep(POLL_SECONDS)
        seconds = time.perf_counter() - started
        if process.returncode not in (0, 3):
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed: {errors.read().decode()}")
    parent = peaks.pop(process.pid, None)
    return seconds, max(peaks.values(), default=parent), parent


def _sample(root: int, peaks: dict[int, int]) -> None:
    """Record the VmHWM (kB) of `root` and all its descendants."""
    for pid in [root, *_descendants(root)]:
        hwm = _hwm(pid)
        if hwm is not None:
            peaks[pid] = max(peaks.get(pid, 0), hwm)


def _descendants(root: int) -> list[int]:
    """Processes under `root` (the forkserver's workers are its grandchildren)."""
    parents = {pid: _ppid(pid) for pid in _pids()}
    found, frontier = [], [root]
    while frontier:
        children = [pid for pid, ppid in parents.items() if ppid in frontier]
        found += children
        frontier = children
    return found


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _ppid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])  # the name in parentheses may hold spaces


def _hwm(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    line = next((x for x in status.splitlines() if x.startswith("VmHWM:")), None)
    return int(line.split()[1]) if line else None


def _mb(kilobytes: float | None) -> str:
    return "n/a" if kilobytes is None else f"{kilobytes / 1024:.0f}"


def bench(megabytes: float, langs: Sequence[str], workers: Sequence[int], work: Path,
          source: Path = CORPUS) -> list[Result]:
    """Build each language's corpus in `work` and time the CLI on it for each worker count."""
    results = []
    for lang in langs:
        corpus = work / lang
        count = make_corpus(corpus, megabytes, lang, source)
        size = sum(p.stat().st_size for p in corpus.iterdir()) / MB
        for n in workers:
            seconds, worker_rss, parent_rss = measure(corpus, work / f"out_{lang}_{n}", n)
            results.append(Result(lang, n, size, count, seconds, worker_rss, parent_rss))
    return results


def table(results: Sequence[Result]) -> str:
    """A Markdown table of the runs."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in results]
    return "\n".join(lines)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m extract.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size per language (MB)")
    parser.add_argument("--lang", choices=("en", "zh", "both"), default="both")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of en_*.txt and zh_*.txt")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print its table."""
    args = _arguments(argv)
    langs = ("en", "zh") if args.lang == "both" else (args.lang,)
    workers = [int(n) for n in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="projfacts-bench-") as work:
        print(table(bench(args.mb, langs, workers, Path(work), args.corpus)))


if __name__ == "__main__":
    main()
