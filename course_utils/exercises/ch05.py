"""Checkers for the exercises of Chapter 5 (long-tailed MNIST and its samplers).

Introduced in Chapter 5. Each exercise's inputs are constants here, so the
chapter, the checker and the tests read the same values. A checker returns a
success message, returns a "not answered yet" message for ``None``, and
otherwise raises :class:`~course_utils.exercises.ExerciseError` naming the
likely mistake.
"""

from __future__ import annotations

import math

import numpy as np

from course_utils.exercises.answers import judge_array
from course_utils.vision import dynamic_sample_sizes, long_tail_counts

__all__ = [
    "DYNAMIC_EXERCISE",
    "LONG_TAIL_EXERCISE",
    "STEPS_EXERCISE",
    "check_dynamic_sizes",
    "check_long_tail_counts",
    "check_steps_per_pass",
]

LONG_TAIL_EXERCISE = {"n_classes": 10, "imbalance_ratio": 50, "head": 5000}
"""Exercise 1: the class sizes of another long tail."""

DYNAMIC_EXERCISE = {"per_class_f1": (0.99, 0.98, 0.97, 0.95, 0.96, 0.93, 0.9, 0.85, 0.8, 0.7), "total": 10_000}
"""Exercise 2: validation F1 per class after a pass, and the size of the next pass."""

STEPS_EXERCISE = {"counts": (5923, 3596, 2156, 1292, 774, 464, 278, 166, 100, 60), "batch_size": 64}
"""Exercise 3: LT-MNIST's class sizes and the batch size of the published protocol."""


def check_long_tail_counts(answer) -> str:
    """Check exercise 1: the ten class sizes of :data:`LONG_TAIL_EXERCISE`.

    Introduced in Chapter 5.
    """
    p = LONG_TAIL_EXERCISE
    n, ratio, head = p["n_classes"], p["imbalance_ratio"], p["head"]
    expected = long_tail_counts(n, ratio, head)
    exponents = np.arange(n) / (n - 1)
    mistakes = [
        (np.round(head * (1 / ratio) ** exponents), "round() gives some sizes one too many: the construction truncates with int()."),
        (np.floor(head * (1 / ratio) ** (np.arange(n) / n)), "the exponent is c / (C - 1), so that the last class gets exactly head / ratio."),
        (np.floor(head * ratio ** -exponents[::-1]), "the sizes run the wrong way: class 0 is the head."),
    ]
    return judge_array(answer, expected, mistakes, "the class sizes",
                        "n_c = int(head * (1 / ratio) ** (c / (C - 1))) for c = 0 .. C-1.")


def check_dynamic_sizes(answer) -> str:
    """Check exercise 2: the per-class sizes of the next pass of dynamic sampling.

    Introduced in Chapter 5.
    """
    f1, total = np.array(DYNAMIC_EXERCISE["per_class_f1"]), DYNAMIC_EXERCISE["total"]
    expected = dynamic_sample_sizes(f1, total)
    mistakes = [
        (np.round(f1 / f1.sum() * total), "you gave well-learnt classes more images: the share is (1 - F1), not F1."),
        (np.round((1 - f1) * total), "normalise: divide each (1 - F1) by their sum so that the pass holds `total` images."),
    ]
    return judge_array(answer, expected, mistakes, "the next pass's class sizes",
                        "size_j = (1 - F1_j) / sum_k (1 - F1_k) * total, rounded.")


def check_steps_per_pass(answer) -> str:
    """Check exercise 3: optimizer steps in one pass of over-sampling and of under-sampling.

    Introduced in Chapter 5. ``answer`` is a pair ``(ros_steps, rus_steps)``.
    """
    counts, batch = np.array(STEPS_EXERCISE["counts"]), STEPS_EXERCISE["batch_size"]
    n = len(counts)
    expected = np.array([math.ceil(n * counts.max() / batch), math.ceil(n * counts.min() / batch)])
    mistakes = [
        (np.array([n * counts.max() // batch, n * counts.min() // batch]),
         "the last, smaller batch is a step too: round up, not down."),
        (np.array([math.ceil(counts.sum() / batch)] * 2),
         "that is one pass over the long-tailed set itself; over-sampling raises every class to the "
         "largest, under-sampling lowers every class to the smallest."),
    ]
    return judge_array(answer, expected, mistakes, "(steps per over-sampling pass, steps per under-sampling pass)",
                        "count the images in one resampled pass, then divide by the batch size, rounding up.")

