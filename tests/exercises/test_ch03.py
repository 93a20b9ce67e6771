"""Chapter 3's checkers: each accepts the right answer, rejects a wrong one with a hint, and waits for None."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import average_precision_score

from course_utils.exercises import ExerciseError, ch03

Y = np.r_[np.ones(10, dtype=int), np.zeros(990, dtype=int)]
PROBA = np.r_[np.linspace(0.3, 0.9, 10), np.linspace(0.0, 0.6, 990)]


@pytest.mark.parametrize("check, args", [
    (ch03.check_kl_term, (0.5, 2.0)),
    (ch03.check_synthetic_count, (Y, 0.1)),
    (ch03.check_hard_label_ap, (Y, PROBA)),
    (ch03.check_generator_claims, ()),
])
def test_none_is_not_answered_yet(check, args):
    assert check(None, *args).startswith("Not answered yet")


def test_kl_term():
    expected = 0.5 * (0.25 + 4.0 - 1 - math.log(4.0))
    assert ch03.check_kl_term(expected, 0.5, 2.0).startswith("Correct")
    assert ch03.check_kl_term(0.0, 0.0, 1.0).startswith("Correct")
    with pytest.raises(ExerciseError, match="factor 1/2"):
        ch03.check_kl_term(2 * expected, 0.5, 2.0)
    with pytest.raises(ExerciseError, match="variance"):
        ch03.check_kl_term(0.5 * (0.25 + 2.0 - 1 - math.log(2.0)), 0.5, 2.0)


def test_synthetic_count():
    assert ch03.check_synthetic_count(89, Y, 0.1).startswith("Correct")
    with pytest.raises(ExerciseError, match="subtract"):
        ch03.check_synthetic_count(99, Y, 0.1)
    with pytest.raises(ExerciseError, match="balanced"):
        ch03.check_synthetic_count(980, Y, 0.1)
    with pytest.raises(ExerciseError, match="expected 89"):
        ch03.check_synthetic_count(12, Y, 0.1)


def test_hard_label_ap():
    hard = average_precision_score(Y, (PROBA > 0.5).astype(int))
    assert ch03.check_hard_label_ap(hard, Y, PROBA).startswith("Correct")
    with pytest.raises(ExerciseError, match="probabilities"):
        ch03.check_hard_label_ap(average_precision_score(Y, PROBA), Y, PROBA)


def test_hard_label_ap_follows_predict_at_exactly_one_half():
    # predict() leaves a row at probability exactly 0.5 in the negative class.
    proba = np.r_[np.full(5, 0.9), np.full(5, 0.5), np.full(40, 0.5), np.full(950, 0.1)]
    y = np.r_[np.ones(10, dtype=int), np.zeros(990, dtype=int)]
    assert ch03.check_hard_label_ap(average_precision_score(y, (proba > 0.5).astype(int)), y, proba).startswith(
        "Correct")
    with pytest.raises(ExerciseError, match="exceeds 0.5"):
        ch03.check_hard_label_ap(average_precision_score(y, (proba >= 0.5).astype(int)), y, proba)


def test_generator_claims():
    assert ch03.check_generator_claims({"B", "C", "E"}).startswith("Correct")
    assert ch03.check_generator_claims("bce").startswith("Correct")
    with pytest.raises(ExerciseError, match="A is false"):
        ch03.check_generator_claims("ABCE")
    with pytest.raises(ExerciseError, match="E is true"):
        ch03.check_generator_claims({"B", "C"})
    with pytest.raises(ExerciseError, match="no claims"):
        ch03.check_generator_claims({"Z"})
