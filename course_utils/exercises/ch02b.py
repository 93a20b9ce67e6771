"""Checkers for the exercises of Chapter 2b (from scores to decisions).

Introduced in Chapter 2b. (Target: ``course_utils/exercises/ch02b.py``.) A
checker returns a success message, returns a "not answered yet" message for
``None``, and otherwise raises :class:`~course_utils.exercises.ExerciseError`
that names the likely mistake. The checkers take the data the learner worked
on, so they hold for any profile.
"""

from __future__ import annotations

import numpy as np

from course_utils.evaluation import alerts_per_day, elkan_threshold, precision_recall_at_k
from course_utils.exercises import ExerciseError
from course_utils.exercises.answers import judge_number, not_answered
from course_utils.theory import correct_prior_shift

__all__ = ["ELKAN_EXERCISE_AMOUNT", "check_alert_precision", "check_elkan_threshold", "check_prior_correction"]

ELKAN_EXERCISE_AMOUNT = 100.0
"""Exercise 1: the amount (euros) of the transaction whose threshold the learner computes."""


def check_elkan_threshold(answer, cost_matrix):
    """Check exercise 1: the cost-minimising threshold for ``cost_matrix`` (``C[truth, decision]``).

    Introduced in Chapter 2b.
    """
    cost = np.asarray(cost_matrix, dtype=float)
    expected = elkan_threshold(cost)
    false_positive, false_negative = cost[0, 1] - cost[0, 0], cost[1, 0] - cost[1, 1]
    mistakes = [
        (1 - expected, "that is one minus the threshold: the extra cost of a false positive goes on top."),
        (cost[0, 1] / (cost[0, 1] + cost[1, 0]),
         "the diagonal counts too: subtract what the right decisions cost (C[0, 0], the commission lost "
         "when a legitimate payment is refused)."),
        ((cost[1, 0] - cost[0, 0]) / (cost[1, 0] - cost[0, 0] + cost[0, 1] - cost[1, 1]),
         "Elkan writes c_ij for predicting i when the truth is j, the transpose of C[truth, decision]."),
    ]
    return judge_number(answer, expected, mistakes, what="the threshold",
                        hint=f"refuse when p * {false_negative:g} >= (1 - p) * {false_positive:g}: "
                             "solve for p with the extra costs of a miss and of a false alarm.", rel_tol=1e-3,
                        abs_tol=1e-6)


def check_prior_correction(answer, proba, train_prior, true_prior):
    """Check exercise 2: ``proba`` moved from the training prior to the true prior, row by row.

    Introduced in Chapter 2b.
    """
    what = "the corrected probabilities, one per row of proba"
    if answer is None:
        return not_answered(what)
    proba = np.asarray(proba, dtype=float)
    try:
        value = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ExerciseError(f"{what} should be numbers, got {type(answer).__name__}.") from None
    if value.shape != proba.shape:
        raise ExerciseError(f"{what}: expected {proba.size} values, got {value.size}.")
    expected = correct_prior_shift(proba, train_prior, true_prior)

    def close(candidate):
        return np.allclose(value, candidate, rtol=1e-6, atol=1e-9)

    if close(expected):
        return f"Correct: the mean probability drops from {proba.mean():.4f} to {expected.mean():.5f}."
    if close(correct_prior_shift(proba, true_prior, train_prior)):
        raise ExerciseError("the priors are swapped: the model learnt at train_prior and is used at true_prior.")
    if close(proba):
        raise ExerciseError("these are the probabilities unchanged: multiply the odds by "
                            "(true_prior / (1 - true_prior)) / (train_prior / (1 - train_prior)).")
    if close(proba * true_prior / train_prior):
        raise ExerciseError("scaling p by true_prior / train_prior forgets the normalisation: the class-0 term "
                            "(1 - p) * (1 - true_prior) / (1 - train_prior) belongs in the denominator.")
    worst = int(np.argmax(np.abs(value - expected)))
    raise ExerciseError(f"row {worst}: expected {expected[worst]:.6f}, got {value[worst]:.6f}: apply Bayes' rule "
                        "with the odds of the two priors (Chapter 1's correct_prior_shift).")


def check_alert_precision(answer, y_true, scores, day, k):
    """Check exercise 3: precision with ``k`` alerts per day, averaged over the days.

    Introduced in Chapter 2b.
    """
    table = alerts_per_day(y_true, scores, day, k)
    expected = float(table["precision@k"].mean())
    mistakes = [
        (precision_recall_at_k(y_true, scores, k)[0],
         "that is the precision of the k highest scores over all days together; rank each day on its own."),
        (float(table["recall@k"].mean()), "that is the recall: divide the frauds caught by the k alerts, not by "
                                          "the frauds of the day."),
        (precision_recall_at_k(y_true, scores, k * int(np.unique(day).size))[0],
         "that pools the alerts of all days into one ranking; the budget is k per day."),
    ]
    return judge_number(answer, expected, mistakes, what="the mean precision@k per day",
                        hint="for each day take the k highest scores, count the frauds among them, divide by k, "
                             "then average over the days.", rel_tol=1e-6, abs_tol=1e-9)
