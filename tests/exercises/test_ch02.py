"""Chapter 2's checkers: each accepts the right answer, rejects a wrong one with a hint, and waits for None."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.evaluation import best_f1_threshold
from course_utils.exercises import ExerciseError, ch02

Y = np.r_[np.ones(10, dtype=int), np.zeros(990, dtype=int)]


@pytest.mark.parametrize("check, args", [
    (ch02.check_imbalance_ratio, (Y,)),
    (ch02.check_no_skill_ap, (Y,)),
    (ch02.check_leakage, ()),
    (ch02.check_threshold, (Y, np.linspace(0, 1, len(Y)))),
])
def test_none_is_not_answered_yet(check, args):
    assert check(None, *args).startswith("Not answered yet")


def test_imbalance_ratio():
    assert ch02.check_imbalance_ratio(99.0, Y).startswith("Correct")
    with pytest.raises(ExerciseError, match="divide frauds by normals"):
        ch02.check_imbalance_ratio(10 / 990, Y)
    with pytest.raises(ExerciseError, match="prevalence"):
        ch02.check_imbalance_ratio(0.01, Y)
    with pytest.raises(ExerciseError, match="number"):
        ch02.check_imbalance_ratio("99", Y)


def test_no_skill_ap():
    assert ch02.check_no_skill_ap(0.01, Y).startswith("Correct")
    with pytest.raises(ExerciseError, match="ROC-AUC"):
        ch02.check_no_skill_ap(0.5, Y)
    with pytest.raises(ExerciseError, match="expected 0.01000"):
        ch02.check_no_skill_ap(0.2, Y)


def test_leakage():
    assert ch02.check_leakage({"B", "D"}).startswith("Correct")
    assert ch02.check_leakage("bd").startswith("Correct")
    with pytest.raises(ExerciseError, match="D leaks too"):
        ch02.check_leakage({"B"})
    with pytest.raises(ExerciseError, match="E is honest"):
        ch02.check_leakage({"B", "D", "E"})
    with pytest.raises(ExerciseError, match="no protocols"):
        ch02.check_leakage({"Z"})


def test_threshold():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    proba = np.clip(0.35 * y + 0.65 * rng.random(400), 0, 1)
    best = best_f1_threshold(y, proba)
    assert ch02.check_threshold(best, y, proba).startswith("Correct")
    with pytest.raises(ExerciseError, match="validation F1"):
        ch02.check_threshold(0.01, y, proba)
