"""Shared fixtures: paths of the repository's own data (never ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled sample articles."""
    return REPO / "corpus"
