"""Chapter 2b's checkers: each accepts the right answer, rejects typical mistakes with a hint, and waits for None."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.evaluation import TransactionGain
from course_utils.exercises import ExerciseError
from course_utils.exercises import ch02b

COST = -TransactionGain().matrix([ch02b.ELKAN_EXERCISE_AMOUNT])[0]   # [[-2, 10], [120, 0]]


def test_elkan_threshold():
    assert ch02b.check_elkan_threshold(12 / 132, COST).startswith("Correct")
    assert ch02b.check_elkan_threshold(None, COST).startswith("Not answered yet")
    with pytest.raises(ExerciseError, match="one minus"):
        ch02b.check_elkan_threshold(120 / 132, COST)
    with pytest.raises(ExerciseError, match="diagonal"):
        ch02b.check_elkan_threshold(10 / 130, COST)
    with pytest.raises(ExerciseError, match="transpose"):
        ch02b.check_elkan_threshold(122 / 132, COST)


def test_prior_correction():
    proba = np.array([0.5, 0.9, 0.1])
    right = np.array([0.1, 0.9 * 0.2 / (0.9 * 0.2 + 0.1 * 1.8), 0.1 * 0.2 / (0.1 * 0.2 + 0.9 * 1.8)])
    assert ch02b.check_prior_correction(right, proba, 0.5, 0.1).startswith("Correct")
    assert ch02b.check_prior_correction(None, proba, 0.5, 0.1).startswith("Not answered yet")
    # Priors swapped: odds multiplied by 9 instead of divided by 9.
    swapped = proba * 9 / (proba * 9 + (1 - proba))
    with pytest.raises(ExerciseError, match="swapped"):
        ch02b.check_prior_correction(swapped, proba, 0.5, 0.1)
    with pytest.raises(ExerciseError, match="unchanged"):
        ch02b.check_prior_correction(proba, proba, 0.5, 0.1)
    with pytest.raises(ExerciseError, match="normalisation"):
        ch02b.check_prior_correction(proba * 0.2, proba, 0.5, 0.1)
    with pytest.raises(ExerciseError, match="expected 3 values"):
        ch02b.check_prior_correction([0.1], proba, 0.5, 0.1)


def test_alert_precision():
    y = np.array([1, 0, 0, 1, 1, 0, 0, 0])
    scores = np.array([0.9, 0.8, 0.1, 0.2, 0.95, 0.9, 0.85, 0.1])
    day = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    # k = 1: day 0 -> fraud (1/1), day 1 -> fraud (1/1): mean 1.0
    assert ch02b.check_alert_precision(1.0, y, scores, day, k=1).startswith("Correct")
    # k = 2: day 0 -> {0.9 fraud, 0.8 legit} = 0.5; day 1 -> {0.95 fraud, 0.9 legit} = 0.5; mean 0.5
    assert ch02b.check_alert_precision(0.5, y, scores, day, k=2).startswith("Correct")
    with pytest.raises(ExerciseError, match="recall"):
        ch02b.check_alert_precision(0.75, y, scores, day, k=1)   # recall@1: day 0 1 of 2, day 1 1 of 1
    with pytest.raises(ExerciseError, match="all days together"):
        ch02b.check_alert_precision(1.0, y, scores, day, k=2)    # top 2 of both days pooled: both frauds
    assert ch02b.check_alert_precision(None, y, scores, day, k=2).startswith("Not answered yet")
