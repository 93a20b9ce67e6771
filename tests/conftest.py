"""Fixtures shared by the whole test suite."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

# Figures are drawn off-screen in tests.
matplotlib.use("Agg")

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder."""
    return REPO_ROOT


@pytest.fixture(autouse=True)
def _quick_profile(monkeypatch):
    """Tests run the quick profile unless a test sets another one."""
    monkeypatch.setenv("COURSE_PROFILE", os.environ.get("COURSE_PROFILE", "quick"))
