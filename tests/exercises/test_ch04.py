"""Chapter 4's checkers: each accepts the right answer, rejects known mistakes with a hint, and waits for None."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.exercises import ExerciseError, ch04


@pytest.mark.parametrize("check", [ch04.check_linear_penalty, ch04.check_wasserstein_1d, ch04.check_extra_frauds])
def test_none_is_not_answered_yet(check):
    assert check(None).startswith("Not answered yet")


def test_linear_penalty():
    assert ch04.check_linear_penalty(4.0).startswith("Correct")
    with pytest.raises(ExerciseError, match="whole batch"):
        ch04.check_linear_penalty((3 * np.sqrt(8) - 1) ** 2)
    with pytest.raises(ExerciseError, match="subtract 1"):
        ch04.check_linear_penalty(9.0)
    with pytest.raises(ExerciseError, match="expected 4.0000"):
        ch04.check_linear_penalty(1.5)


def test_wasserstein_1d():
    assert ch04.check_wasserstein_1d(1.0).startswith("Correct")
    with pytest.raises(ExerciseError, match="difference of the means"):
        ch04.check_wasserstein_1d(0.5)
    with pytest.raises(ExerciseError, match="squared"):
        ch04.check_wasserstein_1d(1.5)


def test_extra_frauds():
    p = ch04.PRIOR_EXERCISE
    exact = p["target_share"] * p["normals"] / (1 - p["target_share"]) - p["frauds"]
    assert ch04.check_extra_frauds(round(exact)).startswith("Correct")
    with pytest.raises(ExerciseError, match="not over normals only"):
        ch04.check_extra_frauds(p["target_share"] * p["normals"] - p["frauds"])
    with pytest.raises(ExerciseError, match="subtract the 100"):
        ch04.check_extra_frauds(exact + p["frauds"])
