"""Chapter 5b's checkers accept the right answers and explain the wrong ones."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_utils.exercises import ExerciseError, ch05b


def balanced_softmax(logits, targets, counts):
    return F.cross_entropy(logits + counts.log(), targets)


def test_unanswered_exercises_say_so():
    for check in (ch05b.check_balanced_softmax, ch05b.check_tau, ch05b.check_effective_weights):
        assert check(None).startswith("Not answered yet")


def test_balanced_softmax():
    assert ch05b.check_balanced_softmax(balanced_softmax).startswith("Correct")
    # The log prior differs from the log counts by a constant, which softmax ignores: also right.
    assert ch05b.check_balanced_softmax(
        lambda z, y, n: F.cross_entropy(z + (n / n.sum()).log(), y)).startswith("Correct")
    with pytest.raises(ExerciseError, match="plain cross-entropy"):
        ch05b.check_balanced_softmax(lambda z, y, n: F.cross_entropy(z, y))
    with pytest.raises(ExerciseError, match="sign is flipped"):
        ch05b.check_balanced_softmax(lambda z, y, n: F.cross_entropy(z - n.log(), y))
    with pytest.raises(ExerciseError, match="logarithm"):
        ch05b.check_balanced_softmax(lambda z, y, n: F.cross_entropy(z + n, y))
    with pytest.raises(ExerciseError, match="sum over the batch"):
        ch05b.check_balanced_softmax(lambda z, y, n: F.cross_entropy(z + n.log(), y, reduction="sum"))
    with pytest.raises(ExerciseError, match="raised ZeroDivisionError"):
        ch05b.check_balanced_softmax(lambda z, y, n: 1 / 0)
    with pytest.raises(ExerciseError, match="single number"):
        ch05b.check_balanced_softmax(lambda z, y, n: F.cross_entropy(z, y, reduction="none"))
    with pytest.raises(ExerciseError, match="expected a function"):
        ch05b.check_balanced_softmax(0.5)


def test_tau():
    p = ch05b.TAU_EXERCISE
    log_prior = np.log(p["counts"] / p["counts"].sum())

    def balanced_accuracy(tau):
        pred = (p["logits"] - tau * log_prior).argmax(1)
        return np.mean([np.mean(pred[p["labels"] == c] == c) for c in range(3)])

    best = max(p["taus"], key=balanced_accuracy)
    assert best == 1.0  # the Bayes logits under the training prior: tau = 1 undoes the prior
    assert ch05b.check_tau(best).startswith("Correct")
    with pytest.raises(ExerciseError, match="maximises the accuracy"):
        ch05b.check_tau(0.0)
    with pytest.raises(ExerciseError, match="not in the grid"):
        ch05b.check_tau(0.9)
    with pytest.raises(ExerciseError, match="expected 1"):
        ch05b.check_tau(2.0)


def test_effective_weights():
    p = ch05b.EFFECTIVE_WEIGHTS_EXERCISE
    n, beta = np.array(p["counts"], dtype=float), p["beta"]
    raw = (1 - beta) / (1 - beta ** n)
    right = raw * 10 / raw.sum()
    assert right[-1] / right[0] == pytest.approx((1 - beta ** n[0]) / (1 - beta ** n[-1]))  # by hand
    assert ch05b.check_effective_weights(right).startswith("Correct")
    assert ch05b.check_effective_weights(torch.tensor(right)).startswith("Correct")
    with pytest.raises(ExerciseError, match="wrong scale"):
        ch05b.check_effective_weights(raw)
    with pytest.raises(ExerciseError, match="inverse-frequency"):
        ch05b.check_effective_weights((1 / n) * 10 / (1 / n).sum())
    with pytest.raises(ExerciseError, match="inverse of the effective number"):
        effective = (1 - beta ** n) / (1 - beta)
        ch05b.check_effective_weights(effective * 10 / effective.sum())
    with pytest.raises(ExerciseError, match="10 numbers"):
        ch05b.check_effective_weights(right[:5])
