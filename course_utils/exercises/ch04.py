"""Checkers for the exercises of Chapter 4 (GAN oversampling of the fraud class).

Introduced in Chapter 4. Each exercise's inputs are constants here, so the
chapter, the checker and the tests read the same values. A checker returns a
success message, returns a "not answered yet" message for ``None``, and
otherwise raises :class:`~course_utils.exercises.ExerciseError` naming the
likely mistake.
"""

from __future__ import annotations

import math

import numpy as np

from course_utils.exercises.answers import judge_number

__all__ = [
    "PENALTY_EXERCISE",
    "PRIOR_EXERCISE",
    "WASSERSTEIN_EXERCISE",
    "check_extra_frauds",
    "check_linear_penalty",
    "check_wasserstein_1d",
]

PENALTY_EXERCISE = {"weight": (2.0, 1.0, 2.0), "bias": 0.5, "batch_size": 8}
"""Exercise 1: a linear critic ``f(x) = w . x + b`` and the batch it is penalised on."""

WASSERSTEIN_EXERCISE = {"real": (0.0, 1.0, 2.0, 3.0), "fake": (2.0, 2.0, 2.0, 2.0)}
"""Exercise 2: two one-dimensional samples of equal size."""

PRIOR_EXERCISE = {"normals": 199_020, "frauds": 100, "target_share": 0.01}
"""Exercise 3: the final experiment's training set, and the fraud share to reach by adding frauds."""


def check_linear_penalty(answer) -> str:
    """Check exercise 1: the per-sample gradient penalty of the linear critic of :data:`PENALTY_EXERCISE`.

    Introduced in Chapter 4.
    """
    w = np.asarray(PENALTY_EXERCISE["weight"])
    norm = float(np.linalg.norm(w))
    n = PENALTY_EXERCISE["batch_size"]
    mistakes = [
        ((norm * math.sqrt(n) - 1) ** 2, "that is one norm over the whole batch's gradient (the published bug); "
                                          "take the norm of each row's gradient, then average."),
        (norm ** 2, "the penalty is (||grad|| - 1)^2: subtract 1 before squaring."),
        (norm - 1, "square the distance of the norm from 1."),
        ((float(np.abs(w).sum()) - 1) ** 2, "use the Euclidean norm, not the sum of absolute values."),
    ]
    return judge_number(answer, (norm - 1) ** 2, mistakes, "the gradient penalty",
                        "a linear critic's gradient is w at every point, so each row's term is (||w|| - 1)^2.")


def check_wasserstein_1d(answer) -> str:
    """Check exercise 2: the Wasserstein-1 distance between the samples of :data:`WASSERSTEIN_EXERCISE`.

    Introduced in Chapter 4.
    """
    real, fake = (np.sort(np.asarray(WASSERSTEIN_EXERCISE[k])) for k in ("real", "fake"))
    expected = float(np.mean(np.abs(real - fake)))
    mistakes = [
        (abs(real.mean() - fake.mean()), "that is the difference of the means, what a linear critic sees; "
                                        "W1 moves every point: pair the sorted samples and average |differences|."),
        (float(np.mean((real - fake) ** 2)), "W1 averages absolute differences, not squared ones."),
        (float(np.sum(np.abs(real - fake))), "average the absolute differences instead of summing them."),
    ]
    return judge_number(answer, expected, mistakes, "the Wasserstein-1 distance",
                        "in one dimension, sort both samples, pair them in order and average |differences|.")


def check_extra_frauds(answer) -> str:
    """Check exercise 3: extra frauds that bring :data:`PRIOR_EXERCISE`'s fraud share to its target.

    Introduced in Chapter 4. Any whole number within one of the exact value is accepted.
    """
    p = PRIOR_EXERCISE
    n, f, share = p["normals"], p["frauds"], p["target_share"]
    exact = share * n / (1 - share) - f
    mistakes = [
        (share * n - f, "the share is frauds over *all* rows (normals + frauds), not over normals only."),
        (share * (n + f) - f, "adding frauds grows the total too: solve (f + x) / (n + f + x) = share for x."),
        (share * n / (1 - share), "that is the total number of frauds; subtract the 100 already there."),
    ]
    return judge_number(answer, exact, mistakes, "the number of extra frauds",
                        "solve (frauds + x) / (normals + frauds + x) = target share for x.",
                        rel_tol=0, abs_tol=1.0)
