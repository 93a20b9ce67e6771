"""Checkers for the exercises of Chapter 5b (loss-level methods for long-tailed images).

Introduced in Chapter 5b. Each exercise's inputs are constants here, so the
chapter, the checker and the tests read the same values. A checker returns a
success message, returns a "not answered yet" message for ``None``, and
otherwise raises :class:`~course_utils.exercises.ExerciseError` naming the
likely mistake.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from course_utils.exercises import ExerciseError
from course_utils.exercises.answers import as_number, judge_array, not_answered
from course_utils.vision import BalancedSoftmaxLoss, class_weights

__all__ = [
    "BALANCED_SOFTMAX_EXERCISE",
    "EFFECTIVE_WEIGHTS_EXERCISE",
    "TAU_EXERCISE",
    "check_balanced_softmax",
    "check_effective_weights",
    "check_tau",
]

BALANCED_SOFTMAX_EXERCISE = {
    "logits": ((2.0, 0.5, -1.0), (0.1, 1.2, 0.3), (-0.5, 0.0, 1.5), (1.0, 1.0, 0.0), (0.3, -0.2, 0.9)),
    "targets": (0, 1, 2, 2, 1),
    "counts": (800, 150, 20),
}
"""Exercise 1: a batch of logits, its classes, and the training counts of the three classes."""


def _tau_data():
    # Three one-dimensional Gaussian classes, and the logits of the Bayes classifier under the
    # long-tailed training prior: what plain cross-entropy would learn with unlimited data.
    # The validation split is as long-tailed as the training set (a stratified split, as in Chapter 6).
    counts = np.array([500, 100, 20])
    means = np.array([0.0, 1.5, 3.0])
    rng = np.random.default_rng(3)
    val_counts = np.array([250, 50, 10])
    labels = np.repeat(np.arange(3), val_counts)
    x = rng.normal(means[labels], 1.0)
    logits = -0.5 * (x[:, None] - means[None, :]) ** 2 + np.log(counts / counts.sum())
    return {"logits": np.round(logits, 4), "labels": labels, "counts": counts,
            "taus": (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0)}


TAU_EXERCISE = _tau_data()
"""Exercise 2: validation logits and labels, the training counts and the grid of tau."""

EFFECTIVE_WEIGHTS_EXERCISE = {"counts": (5823, 3596, 2156, 1292, 774, 464, 278, 166, 100, 60), "beta": 0.999}
"""Exercise 3: LT-MNIST-like class counts and the beta of the effective number of samples."""


def check_balanced_softmax(answer) -> str:
    """Check exercise 1: ``answer(logits, targets, counts)`` is the balanced softmax loss.

    Introduced in Chapter 5b. ``answer`` is called with float64 logits ``(n, C)``,
    class indices ``(n,)`` and the counts as a float64 tensor ``(C,)``; it must
    return the batch mean, a scalar tensor, equal to
    :class:`~course_utils.vision.BalancedSoftmaxLoss`.
    """
    what = "a function balanced_softmax(logits, targets, counts)"
    if answer is None:
        return not_answered(what)
    if not callable(answer):
        raise ExerciseError(f"expected {what}, got {type(answer).__name__} {answer!r}.")
    p = BALANCED_SOFTMAX_EXERCISE
    logits = torch.tensor(p["logits"], dtype=torch.float64)
    targets = torch.tensor(p["targets"])
    counts = torch.tensor(p["counts"], dtype=torch.float64)
    try:
        value = as_number(torch.as_tensor(answer(logits.clone(), targets.clone(), counts.clone())).detach(),
                          "the loss")
    except ExerciseError:
        raise
    except Exception as error:  # the learner's code failed: say how, not where in the checker
        raise ExerciseError(f"your function raised {type(error).__name__}: {error}") from None
    expected = float(BalancedSoftmaxLoss(p["counts"]).double()(logits, targets))
    mistakes = [
        (F.cross_entropy(logits, targets), "that is plain cross-entropy: add log n_c to the logits first."),
        (F.cross_entropy(logits - counts.log(), targets),
         "the sign is flipped: the loss adds log n_c (subtracting it is the post-hoc adjustment after training)."),
        (F.cross_entropy(logits + counts, targets), "add the logarithm of the counts, not the counts."),
        (F.cross_entropy(logits + counts.log(), targets, reduction="sum"),
         "that is the sum over the batch: take the mean, as torch's cross_entropy does by default."),
    ]
    if np.isclose(value, expected, rtol=1e-6, atol=1e-9):
        return f"Correct: the balanced softmax loss of this batch is {expected:.4f}."
    for wrong, why in mistakes:
        if np.isclose(value, float(wrong), rtol=1e-6, atol=1e-9):
            raise ExerciseError(f"expected {expected:.4f}, got {value:.4f}: {why}")
    raise ExerciseError(f"expected {expected:.4f}, got {value:.4f}: compute "
                        "cross_entropy(logits + log(counts), targets), averaged over the batch.")


def _balanced_accuracy(pred, labels):
    return float(np.mean([np.mean(pred[labels == c] == c) for c in np.unique(labels)]))


def check_tau(answer) -> str:
    """Check exercise 2: the tau of the grid with the best validation balanced accuracy.

    Introduced in Chapter 5b. The decisions are ``argmax(logits - tau * log(pi))``
    with ``pi = counts / counts.sum()``; a tie goes to the smallest tau.
    """
    p = TAU_EXERCISE
    if answer is None:
        return not_answered("one tau from TAU_EXERCISE['taus']")
    value = as_number(answer, "tau")
    taus = np.array(p["taus"])
    log_prior = np.log(p["counts"] / p["counts"].sum())
    preds = [(p["logits"] - tau * log_prior).argmax(1) for tau in taus]
    balanced = np.array([_balanced_accuracy(pred, p["labels"]) for pred in preds])
    accuracy = np.array([np.mean(pred == p["labels"]) for pred in preds])
    expected = float(taus[balanced.argmax()])
    if np.isclose(value, expected):
        return f"Correct: tau = {expected:g} gives the best validation balanced accuracy, {balanced.max():.3f}."
    if not np.isclose(taus, value).any():
        raise ExerciseError(f"{value:g} is not in the grid {list(taus)}: choose one of its values.")
    if np.isclose(value, taus[accuracy.argmax()]):
        raise ExerciseError(f"expected {expected:g}, got {value:g}: that tau maximises the accuracy, which this "
                            "long-tailed validation split dominates with the head class; score each tau by "
                            "the balanced accuracy (the mean of the per-class recalls).")
    flipped = [_balanced_accuracy((p["logits"] + tau * log_prior).argmax(1), p["labels"]) for tau in taus]
    if np.isclose(value, taus[int(np.argmax(flipped))]):
        raise ExerciseError(f"expected {expected:g}, got {value:g}: the adjustment subtracts tau * log(pi); "
                            "adding it favours the head classes even more.")
    raise ExerciseError(f"expected {expected:g}, got {value:g}: for each tau, predict argmax(logits - tau * "
                        "log(pi)) and compute the balanced accuracy; keep the tau with the highest.")


def check_effective_weights(answer) -> str:
    """Check exercise 3: the class-balanced weights of :data:`EFFECTIVE_WEIGHTS_EXERCISE`.

    Introduced in Chapter 5b. ``w_c ∝ (1 - beta) / (1 - beta ** n_c)``, scaled to sum to the
    number of classes (as :func:`~course_utils.vision.class_weights` does); compared to 1e-4.
    """
    p = EFFECTIVE_WEIGHTS_EXERCISE
    counts, beta = np.array(p["counts"], dtype=float), p["beta"]
    raw = (1 - beta) / (1 - beta ** counts)
    inverse = 1 / counts
    effective_number = (1 - beta ** counts) / (1 - beta)
    mistakes = [
        (raw, "right shape, wrong scale: divide by their sum and multiply by the number of classes."),
        (inverse * len(counts) / inverse.sum(), "those are inverse-frequency weights (beta -> 1): use the "
         "effective number (1 - beta ** n) / (1 - beta)."),
        (effective_number * len(counts) / effective_number.sum(), "the weight is the inverse of the "
         "effective number, not the effective number: rare classes must weigh more."),
    ]
    return judge_array(answer, class_weights(counts, "effective", beta).double().numpy(), mistakes,
                       "the ten class weights", "w_c = (1 - beta) / (1 - beta ** n_c), then scaled so that the "
                       "ten weights sum to 10.", rtol=1e-4)
