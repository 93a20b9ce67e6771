"""Input checks the decision modules share: labels, probabilities, aligned rows.

Introduced in Chapter 2b.
"""

from __future__ import annotations

import numpy as np


def check_binary_labels(values, name="y_true", meaning="1 = fraud"):
    """Labels or decisions as a 1-D int array of 0 and 1.

    Introduced in Chapter 2b.
    """
    y = np.asarray(values)
    if y.ndim != 1 or not np.isin(y, (0, 1)).all():
        raise ValueError(f"{name} must be a 1-D array of labels 0 and 1 ({meaning}).")
    return y.astype(int)


def check_probabilities(proba, name="proba"):
    """Probabilities of the positive class as a 1-D float array in [0, 1].

    Introduced in Chapter 2b.
    """
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 1 or not np.all((proba >= 0) & (proba <= 1)):
        raise ValueError(f"{name} must be a 1-D array of probabilities in [0, 1] (use predict_proba(X)[:, 1]).")
    return proba


def check_same_length(**arrays):
    """Raise unless every array has one entry per row.

    Introduced in Chapter 2b.
    """
    lengths = {name: len(values) for name, values in arrays.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"the arrays must have one entry per row, got lengths {lengths}.")
