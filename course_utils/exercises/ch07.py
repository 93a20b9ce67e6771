"""Checkers for the exercises of Chapter 7 (generative and embedding-space oversampling).

Introduced in Chapter 7. Each exercise's inputs are constants here, so the
chapter, the checker and the tests read the same values. A checker returns a
success message, returns a "not answered yet" message for ``None``, and
otherwise raises :class:`~course_utils.exercises.ExerciseError` naming the
likely mistake.
"""

from __future__ import annotations

import numpy as np

from course_utils.exercises.answers import judge_array, judge_number

__all__ = [
    "ENEMY_EXERCISE",
    "KL_EXERCISE",
    "SMOTE_EXERCISE",
    "TOP_UP_EXERCISE",
    "check_enemy_point",
    "check_kl",
    "check_smote_point",
    "check_top_up_count",
]

SMOTE_EXERCISE = {"z_i": (0.5, -1.0, 2.0), "z_j": (1.5, 1.0, 0.0), "u": 0.25}
"""Exercise 1: two latent codes of one class and the uniform draw u."""

ENEMY_EXERCISE = {"minority": (0.0, 0.0), "enemies": ((3.0, 4.0), (-1.0, 2.0), (2.0, -2.0), (6.0, 0.0)),
                  "u": 0.5}
"""Exercise 2: a minority embedding, the embeddings of other classes, and u (EOS with k = 1)."""

KL_EXERCISE = {"mu": (0.5, -1.0), "logvar": (0.0, -2.0)}
"""Exercise 3: the encoder's mean and log-variance for one image."""

TOP_UP_EXERCISE = {"counts": (5823, 3496, 2056, 1192, 674, 364, 178, 66, 0, 0), "target": 1000}
"""Exercise 4 (optional): class sizes (two classes absent) and the top-up target."""


def check_smote_point(answer) -> str:
    """Check exercise 1: the SMOTE point ``z_i + u (z_j - z_i)``.

    Introduced in Chapter 7.
    """
    p = SMOTE_EXERCISE
    zi, zj, u = np.array(p["z_i"]), np.array(p["z_j"]), p["u"]
    mistakes = [
        (zj + u * (zi - zj), "you started from z_j: the new point is z_i + u (z_j - z_i), a quarter of the way to z_j."),
        (u * (zj - zi), "that is only the step: add it to z_i."),
        (zi + u * (zi - zj), "you stepped away from z_j; step towards it: z_j - z_i."),
    ]
    return judge_array(answer, zi + u * (zj - zi), mistakes, "the coordinates of the new latent point",
                       "z_new = z_i + u * (z_j - z_i).")


def check_enemy_point(answer) -> str:
    """Check exercise 2: the EOS point towards the nearest enemy (k = 1).

    Introduced in Chapter 7.
    """
    p = ENEMY_EXERCISE
    x, enemies, u = np.array(p["minority"]), np.array(p["enemies"]), p["u"]
    distances = np.linalg.norm(enemies - x, axis=1)
    expected = x + u * (enemies[distances.argmin()] - x)
    mistakes = [(x + u * (enemies[distances.argmax()] - x), "that enemy is the farthest: take the nearest."),
                (x + u * (enemies[0] - x), "the first enemy in the list is not the nearest: compare distances.")]
    return judge_array(answer, expected, mistakes, "the coordinates of the EOS point",
                       "find the enemy closest to the minority point, then x + u * (enemy - x).")


def check_kl(answer) -> str:
    """Check exercise 3: the KL divergence from ``N(mu, exp(logvar))`` to ``N(0, I)``.

    Introduced in Chapter 7.
    """
    mu, logvar = np.array(KL_EXERCISE["mu"]), np.array(KL_EXERCISE["logvar"])
    terms = 1 + logvar - mu ** 2 - np.exp(logvar)
    mistakes = [(-terms.sum(), "you dropped the factor 1/2: KL = -1/2 * sum(1 + logvar - mu^2 - exp(logvar))."),
                (-0.5 * (1 + np.exp(logvar) - mu ** 2 - np.exp(np.exp(logvar))).sum(),
                 "logvar is already the log of the variance: use it directly, and exp(logvar) for the variance."),
                (0.5 * terms.sum(), "mind the sign: a KL divergence is never negative.")]
    return judge_number(answer, -0.5 * terms.sum(), mistakes, "the KL divergence",
                        "KL = -1/2 * sum over dimensions of (1 + logvar - mu^2 - exp(logvar)).")


def check_top_up_count(answer) -> str:
    """Check exercise 4: how many images topping every present class up to ``target`` generates.

    Introduced in Chapter 7.
    """
    counts, target = np.array(TOP_UP_EXERCISE["counts"]), TOP_UP_EXERCISE["target"]
    present = counts[counts > 0]
    expected = float(np.clip(target - present, 0, None).sum())
    mistakes = [(float(np.clip(target - counts, 0, None).sum()),
                 "absent classes cannot be topped up (top_up raises): a generator needs real images of a class."),
                (float((target - present).sum()), "classes above the target are left alone, not shrunk."),
                (float(target * (present < target).sum()), "the real images stay: generate only the difference.")]
    return judge_number(answer, expected, mistakes, "the number of generated images",
                        "sum over present classes below the target of (target - count).", rel_tol=0, abs_tol=0.5)
