"""Checkers for the exercises of Chapter 3 (VAE oversampling of the fraud class).

Introduced in Chapter 3. A checker returns a success message, returns a "not
answered yet" message for ``None``, and otherwise raises
:class:`~course_utils.exercises.ExerciseError` that names the likely mistake.
"""

from __future__ import annotations

import math

import numpy as np
from sklearn.metrics import average_precision_score

from course_utils.exercises import ExerciseError
from course_utils.exercises.answers import as_number, judge_number, not_answered

__all__ = [
    "GENERATOR_CLAIMS",
    "check_generator_claims",
    "check_hard_label_ap",
    "check_kl_term",
    "check_synthetic_count",
]


def check_kl_term(answer, mean, std):
    """Check exercise 1: the KL divergence of N(mean, std²) from N(0, 1), one latent coordinate.

    Introduced in Chapter 3. The closed form is
    ``0.5 * (mean**2 + std**2 - 1 - log(std**2))``.
    """
    variance = std**2
    expected = 0.5 * (mean**2 + variance - 1 - math.log(variance))
    mistakes = [
        (2 * expected, "you forgot the factor 1/2."),
        (0.5 * (mean**2 + std - 1 - math.log(std)), "the formula uses the variance std², not the std."),
        (-expected, "the sign is flipped: a KL divergence is never negative."),
        (0.5 * (mean**2 + variance - 1 + math.log(variance)), "the log-variance enters with a minus sign."),
    ]
    return judge_number(answer, expected, mistakes, "the KL term",
                        "use 0.5 * (mean² + std² - 1 - log(std²)).", rel_tol=1e-4, abs_tol=1e-6)


def check_synthetic_count(answer, y, ratio):
    """Check exercise 2: how many rows an over-sampler adds with ``sampling_strategy=ratio`` on labels ``y``.

    Introduced in Chapter 3. imbalanced-learn grows the minority class to
    ``int(ratio * n_majority)`` rows, so it adds that minus the frauds it already has.
    """
    labels = np.asarray(y).ravel()
    classes, counts = np.unique(labels, return_counts=True)
    if len(classes) != 2:
        raise ValueError(f"the labels must hold two classes, got {classes.tolist()}.")
    n_major, n_minor = int(counts.max()), int(counts.min())
    target = int(ratio * n_major)
    expected = target - n_minor
    mistakes = [
        (target, "that is the size of the fraud class after resampling; subtract the frauds it already has."),
        (int(ratio * len(labels)) - n_minor, "the ratio is frauds over normal transactions, not over all rows."),
        (n_major - n_minor, "that is what sampling_strategy='auto' (a balanced class) would add."),
    ]
    what = "the number of synthetic frauds"
    if answer is None:
        return not_answered(what)
    value = as_number(answer, what)
    if value == expected:
        return f"Correct: {expected:,} synthetic frauds, for {target:,} frauds in all."
    for wrong, why in mistakes:
        if value == wrong:
            raise ExerciseError(f"expected {expected:,}, got {value:,.0f}: {why}")
    raise ExerciseError(f"expected {expected:,}, got {value:,.6g}: read sampling_strategy as the ratio "
                        "n_fraud / n_normal after resampling.")


def check_hard_label_ap(answer, y_true, proba, threshold=0.5):
    """Check exercise 3: average precision computed from hard labels ``proba > threshold``.

    Introduced in Chapter 3. The published experiment scored ``predict``'s
    labels, which call a row positive where its probability exceeds 0.5. With
    hard labels the precision-recall curve has a single operating point, so AP
    collapses to ``precision * recall + prevalence * (1 - recall)``.
    """
    y_true = np.asarray(y_true).ravel()
    proba = np.asarray(proba, dtype=float).ravel()
    expected = float(average_precision_score(y_true, (proba > threshold).astype(int)))
    from_proba = float(average_precision_score(y_true, proba))
    at_least = float(average_precision_score(y_true, (proba >= threshold).astype(int)))
    mistakes = [(from_proba, "that is the AP of the probabilities; the published numbers scored the 0/1 "
                             "predictions, proba > 0.5."),
                (at_least, "predict() calls a row a fraud only where its probability exceeds 0.5: use "
                           "proba > 0.5, not proba >= 0.5.")]
    return judge_number(answer, expected, mistakes, "the AP of the hard labels",
                        "pass (proba > 0.5).astype(int) to average_precision_score.", rel_tol=1e-6, abs_tol=1e-9)


GENERATOR_CLAIMS = {
    "A": "A VAE trained on the training frauds can generate frauds of a kind absent from the training set.",
    "B": "Synthetic frauds change how much weight the classifier gives the fraud class, much like a prior.",
    "C": "Training the VAE on all frauds before splitting can inflate the test score.",
    "D": "If the generator were perfect, the Bayes error of the real problem would shrink.",
    "E": "Generated rows can only reshape what the training frauds already say about where frauds lie.",
}
"""Exercise 4: claims about what a generator trained on training frauds can add."""

_TRUE = {"B": "resampling re-weights the classes, Chapter 1's change of prior",
         "C": "the VAE would have seen the test frauds and could copy them into training",
         "E": "the generator's only information about frauds is the training frauds"}
_FALSE = {"A": "a model fit to the training frauds has no information about fraud kinds it never saw",
          "D": "the Bayes error is a property of the real class distributions; new rows cannot move them"}


def check_generator_claims(answer):
    """Check exercise 4: which claims of :data:`GENERATOR_CLAIMS` are true?

    Introduced in Chapter 3.

    Parameters
    ----------
    answer : iterable of str or None
        Letters, e.g. ``{"A", "C"}`` or ``"AC"``.
    """
    what = 'the set of true claims, e.g. {"A", "C"}'
    if answer is None:
        return not_answered(what)
    if isinstance(answer, str):
        answer = answer.replace(",", " ").split() if (" " in answer or "," in answer) else list(answer)
    try:
        chosen = {str(letter).strip().upper() for letter in answer}
    except TypeError:
        raise ExerciseError(f"the answer should be a set of letters such as {{'A', 'C'}}, got {answer!r}.") from None
    unknown = chosen - set(GENERATOR_CLAIMS)
    if unknown:
        raise ExerciseError(f"there are no claims {sorted(unknown)}; choose among {sorted(GENERATOR_CLAIMS)}.")
    missed = sorted(set(_TRUE) - chosen)
    extra = sorted(chosen & set(_FALSE))
    if not missed and not extra:
        return "Correct: " + "; ".join(f"{k} holds because {v}" for k, v in _TRUE.items()) + "."
    problems = [f"{k} is true: {_TRUE[k]}" for k in missed]
    problems += [f"{k} is false: {_FALSE[k]}" for k in extra]
    raise ExerciseError("not quite. " + "; ".join(problems) + ".")
