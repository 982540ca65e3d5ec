"""Progress on standard error: a bar only on a terminal, the summary line, --quiet."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from extract.progress import count_articles

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

N_CORPUS = len(list((Path(__file__).resolve().parents[1] / "corpus" / "articles").glob("*.txt")))
SUMMARY = f"{N_CORPUS} articles, "


def _extract(corpus_dir: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "extract", "extract", str(corpus_dir / "articles"), "--out", str(out), *extra]


def _run_on_terminal(command: list[str]) -> str:
    """Run with standard error on a pseudo-terminal; what it showed there."""
    master, slave = pty.openpty()
    process = subprocess.Popen(command, stderr=slave, stdout=subprocess.DEVNULL)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1)
        try:
            chunk = os.read(master, 65536) if ready else b""
        except OSError:  # EIO: the terminal's last writer has gone
            break
        if not chunk and process.poll() is not None:
            break
        shown += chunk
    os.close(master)
    process.wait()
    return shown.decode("utf-8", errors="replace")


def test_a_terminal_gets_a_progress_bar_and_a_summary(corpus_dir: Path, tmp_path: Path) -> None:
    shown = _run_on_terminal(_extract(corpus_dir, tmp_path / "out"))
    assert "articles/s" in shown and f"{N_CORPUS}/{N_CORPUS}" in shown
    assert SUMMARY in shown and " s -> " in shown


def test_no_bar_when_standard_error_is_not_a_terminal(corpus_dir: Path, tmp_path: Path) -> None:
    done = subprocess.run(_extract(corpus_dir, tmp_path / "out"), capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stderr.startswith(SUMMARY) and done.stderr.count("\n") == 1
    assert "\x1b" not in done.stderr


def test_quiet_shows_nothing_but_skipped_articles(corpus_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    command = _extract(corpus_dir, tmp_path / "out", "--quiet", str(tmp_path / "empty.txt"))
    shown = _run_on_terminal(command)
    assert "skipped" in shown and "empty file" in shown
    assert "articles/s" not in shown and SUMMARY not in shown


def test_count_articles_counts_records(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    records = [json.dumps({"text": f"article {n}"}) for n in range(3)]
    (tmp_path / "b.jsonl").write_text("\n".join(records), encoding="utf-8")
    (tmp_path / "c.csv").write_text('id,text\n1,"two\nlines"\n2,one\n', encoding="utf-8")
    assert count_articles([str(tmp_path)]) == 1 + 3 + 2
    assert count_articles([str(tmp_path / "a.txt"), "-"]) is None
