"""Checkers for the exercises of Chapter 1 (priors and overlap).

Introduced in Chapter 1. Each exercise's numbers are constants here, so the
chapter, the checker and the tests read the same values. A checker returns a
success message, returns a "not answered yet" message for ``None``, and
otherwise raises :class:`~course_utils.exercises.ExerciseError` that names the
likely mistake.
"""

from __future__ import annotations

import math

from scipy.stats import norm

from course_utils import theory
from course_utils.exercises.answers import judge_number

__all__ = [
    "BAYES_ERROR_EXERCISE",
    "PRIOR_CORRECTION_EXERCISE",
    "UNDERSAMPLING_EXERCISE",
    "check_bayes_error",
    "check_prior_correction",
    "check_undersampling_threshold",
]

BAYES_ERROR_EXERCISE = {"mu0": 0.0, "mu1": 2.0, "sigma": 1.0, "prior1": 0.1}
"""Exercise 1: two 1-D Gaussians with a shared standard deviation."""

PRIOR_CORRECTION_EXERCISE = {"proba": 0.7, "train_prior": 0.5, "true_prior": 0.02}
"""Exercise 2: a probability from a model trained on balanced data."""

UNDERSAMPLING_EXERCISE = {"k": 10}
"""Exercise 3: keep one majority row in ``k``."""

def check_bayes_error(answer) -> str:
    """Check exercise 1: the Bayes error of the Gaussians in :data:`BAYES_ERROR_EXERCISE`.

    Introduced in Chapter 1.

    Parameters
    ----------
    answer : float or None
        The learner's Bayes error; ``None`` while unanswered.

    Returns
    -------
    str
        A success message, or a "not answered yet" message for ``None``.

    Raises
    ------
    ExerciseError
        If the answer is wrong; the message names the likely mistake.
    """
    p = BAYES_ERROR_EXERCISE
    mu0, mu1, sigma, prior1 = p["mu0"], p["mu1"], p["sigma"], p["prior1"]
    prior0 = 1 - prior1

    def error_at(threshold):
        fpr, fnr = norm.sf(threshold, mu0, sigma), norm.cdf(threshold, mu1, sigma)
        return fpr, fnr, prior0 * fpr + prior1 * fnr

    log_ratio = sigma**2 / (mu1 - mu0) * math.log(prior0 / prior1)
    right = (mu0 + mu1) / 2 + log_ratio
    fpr, fnr, expected = error_at(right)
    mistakes = [
        (error_at((mu0 + mu1) / 2)[2],
         "this is the error of the midpoint threshold; did you leave the priors out of the boundary?"),
        (error_at((mu0 + mu1) / 2 - log_ratio)[2],
         "did you swap the priors? The boundary moves towards the minority class's mean, not away from it."),
        (fpr + fnr, "did you forget to weight each class's error rate by its prior?"),
        ((fpr + fnr) / 2, "this is the balanced error rate; the Bayes error weights each class by its prior."),
        (1 - expected, "this is the accuracy of the Bayes rule; the question asks for its error."),
    ]
    return judge_number(answer, expected, mistakes, "the Bayes error",
                  "compute the boundary with the priors, then pi0 * P(X > t | C=0) + pi1 * P(X < t | C=1).")


def check_prior_correction(answer) -> str:
    """Check exercise 2: the probability of :data:`PRIOR_CORRECTION_EXERCISE` moved to the true prior.

    Introduced in Chapter 1.

    Parameters
    ----------
    answer : float or None
        The learner's corrected probability; ``None`` while unanswered.

    Returns
    -------
    str
        A success message, or a "not answered yet" message for ``None``.

    Raises
    ------
    ExerciseError
        If the answer is wrong; the message names the likely mistake.
    """
    p = PRIOR_CORRECTION_EXERCISE
    proba, train, true = p["proba"], p["train_prior"], p["true_prior"]
    expected = float(theory.correct_prior_shift(proba, train_prior=train, true_prior=true))
    mistakes = [
        (float(theory.correct_prior_shift(proba, train_prior=true, true_prior=train)),
         "did you swap the training and true priors? The correction should pull the probability "
         "towards the rare class's true prior."),
        (proba, "this is the uncorrected probability; it is calibrated for the balanced training prior only."),
        (proba * true / train,
         "you scaled p by pi1/pi1s but did not normalise: divide by the same term plus (1-p) * pi0/pi0s."),
    ]
    return judge_number(answer, expected, mistakes, "the corrected probability",
                  "use p' = p*(pi1/pi1s) / [p*(pi1/pi1s) + (1-p)*(pi0/pi0s)].")


def check_undersampling_threshold(answer) -> str:
    """Check exercise 3: the threshold equivalent to keeping one majority row in ``k``.

    Introduced in Chapter 1. The threshold applies to a calibrated model of
    the original data and must reproduce the decisions of a calibrated model
    trained on the undersampled data and thresholded at 1/2.

    Parameters
    ----------
    answer : float or None
        The learner's threshold; ``None`` while unanswered.

    Returns
    -------
    str
        A success message, or a "not answered yet" message for ``None``.

    Raises
    ------
    ExerciseError
        If the answer is wrong; the message names the likely mistake.
    """
    k = UNDERSAMPLING_EXERCISE["k"]
    expected = 1 / (1 + k)
    mistakes = [
        (k / (1 + k), "did you invert the ratio? Undersampling the majority lowers the threshold, "
                      "as a false negative costing k times a false positive does."),
        (1 / k, "close: 1/k is the odds at the threshold; turn odds into a probability, t = odds / (1 + odds)."),
        (0.5, "0.5 is the default threshold; undersampling moves it."),
    ]
    return judge_number(answer, expected, mistakes, "the equivalent threshold",
                  "write the undersampled posterior odds as the true odds times k and solve for p at odds 1.")
