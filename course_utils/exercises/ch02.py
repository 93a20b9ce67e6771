"""Checkers for the exercises of Chapter 2 (sampling baselines on the fraud data).

Introduced in Chapter 2. A checker returns a success message, returns a "not
answered yet" message for ``None``, and otherwise raises
:class:`~course_utils.exercises.ExerciseError` that names the likely mistake.
The checkers take the data the learner worked on, so they hold for any profile.
"""

from __future__ import annotations

import math

import numpy as np

from course_utils.evaluation import best_f1_threshold, threshold_metrics
from course_utils.exercises import ExerciseError
from course_utils.exercises.answers import as_number, not_answered

__all__ = [
    "LEAKAGE_PROTOCOLS",
    "check_imbalance_ratio",
    "check_leakage",
    "check_no_skill_ap",
    "check_threshold",
]

LEAKAGE_PROTOCOLS = {
    "A": "Split 80/20; fit SMOTE and the model on the 80 %; report average precision on the 20 %.",
    "B": "Run SMOTE on all rows; split the result 80/20; fit on the 80 %; report on the 20 %.",
    "C": "Put scaler, SMOTE and model in one imbalanced-learn Pipeline and cross-validate it on the training data.",
    "D": "Split 80/20; fit on the 80 %; pick the threshold that maximises F1 on the 20 %; report F1 there.",
    "E": "Split 80/20; carve a validation part from the 80 %; pick the threshold on it; report F1 on the 20 %.",
}
"""Exercise 3: five evaluation protocols; which of them leak?"""

_LEAKY = {"B": "synthetic test frauds are interpolated from training frauds (and the test prevalence is 50 %)",
          "D": "the threshold is chosen on the very rows it is scored on"}
_REL_TOL = 1e-3


def _counts(y):
    labels = np.asarray(y).ravel()
    classes, counts = np.unique(labels, return_counts=True)
    if len(classes) != 2:
        raise ValueError(f"the labels must hold two classes, got {classes.tolist()}.")
    return int(counts.max()), int(counts.min())


def check_imbalance_ratio(answer, y):
    """Check exercise 1: the imbalance ratio, majority count over minority count, of labels ``y``.

    Introduced in Chapter 2.
    """
    what = "the number of normal transactions per fraud"
    if answer is None:
        return not_answered(what)
    value = as_number(answer, what)
    n_major, n_minor = _counts(y)
    expected = n_major / n_minor
    if math.isclose(value, expected, rel_tol=_REL_TOL):
        return f"Correct: {expected:.1f} normal transactions per fraud."
    if math.isclose(value, n_minor / n_major, rel_tol=_REL_TOL):
        raise ExerciseError(f"expected {expected:.1f}, got {value:.5f}: did you divide frauds by normals?")
    if math.isclose(value, n_minor / (n_major + n_minor), rel_tol=_REL_TOL):
        raise ExerciseError(f"expected {expected:.1f}, got {value:.5f}: that is the prevalence, frauds over all rows.")
    raise ExerciseError(f"expected {expected:.1f}, got {value:.4g}: count each class with value_counts() and divide.")


def check_no_skill_ap(answer, y_test):
    """Check exercise 2: the average precision of a classifier without skill on ``y_test``.

    Introduced in Chapter 2. A score unrelated to the label has, in expectation,
    precision equal to the prevalence at every recall, so its AP is the prevalence.
    """
    what = "the average precision of a no-skill classifier on the test labels"
    if answer is None:
        return not_answered(what)
    value = as_number(answer, what)
    labels = np.asarray(y_test).ravel()
    _counts(labels)
    expected = float(np.mean(labels == labels.max()))
    if math.isclose(value, expected, rel_tol=0.05):
        return f"Correct: without skill, AP equals the prevalence, {expected:.5f}."
    if math.isclose(value, 0.5, rel_tol=_REL_TOL):
        raise ExerciseError(
            f"expected {expected:.5f}, got 0.5: 0.5 is the ROC-AUC of a no-skill classifier; "
            "AP's baseline is the share of positives."
        )
    if math.isclose(value, 1 - expected, rel_tol=_REL_TOL):
        raise ExerciseError(f"expected {expected:.5f}, got {value:.5f}: that is the share of negatives.")
    raise ExerciseError(
        f"expected {expected:.5f}, got {value:.5f}: a random score's precision equals the prevalence at every recall."
    )


def check_leakage(answer):
    """Check exercise 3: which protocols of :data:`LEAKAGE_PROTOCOLS` let test information leak?

    Introduced in Chapter 2.

    Parameters
    ----------
    answer : iterable of str or None
        Letters, e.g. ``{"A", "C"}`` or ``"AC"``.
    """
    what = 'the set of leaky protocols, e.g. {"A", "C"}'
    if answer is None:
        return not_answered(what)
    if isinstance(answer, str):
        answer = list(answer.replace(",", " ").split()) if " " in answer or "," in answer else list(answer)
    try:
        chosen = {str(letter).strip().upper() for letter in answer}
    except TypeError:
        raise ExerciseError(f"the answer should be a set of letters such as {{'A', 'C'}}, got {answer!r}.") from None
    unknown = chosen - set(LEAKAGE_PROTOCOLS)
    if unknown:
        raise ExerciseError(f"there are no protocols {sorted(unknown)}; choose among {sorted(LEAKAGE_PROTOCOLS)}.")
    missed = sorted(set(_LEAKY) - chosen)
    extra = sorted(chosen - set(_LEAKY))
    if not missed and not extra:
        return "Correct: " + "; ".join(f"{k} leaks because {v}" for k, v in _LEAKY.items()) + "."
    problems = [f"{k} leaks too: {_LEAKY[k]}" for k in missed]
    problems += [f"{k} is honest: its test rows are touched only to score" for k in extra]
    raise ExerciseError("not quite. " + "; ".join(problems) + ".")


def check_threshold(answer, y_val, proba_val):
    """Check exercise 4: a threshold that maximises F1 on the validation rows ``(y_val, proba_val)``.

    Introduced in Chapter 2. Every threshold between the same two neighbouring
    probabilities gives the same F1, so any of them is accepted.
    """
    what = "a threshold chosen on the validation probabilities"
    if answer is None:
        return not_answered(what)
    value = as_number(answer, what)
    best = threshold_metrics(y_val, proba_val, best_f1_threshold(y_val, proba_val))["f1"]
    got = threshold_metrics(y_val, proba_val, value)["f1"]
    if got >= best - 1e-12:
        return f"Correct: threshold {value:.4f} reaches the best validation F1, {best:.3f}."
    if math.isclose(value, 0.5):
        raise ExerciseError(
            f"0.5 gives validation F1 {got:.3f}, the best is {best:.3f}: 0.5 is the default, not a choice; "
            "search the thresholds of precision_recall_curve."
        )
    raise ExerciseError(
        f"threshold {value:.4f} gives validation F1 {got:.3f}, the best is {best:.3f}: "
        "compute F1 at every threshold of precision_recall_curve on the validation rows and take the largest."
    )
