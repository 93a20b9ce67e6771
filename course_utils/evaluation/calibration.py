"""Are the probabilities right: reliability tables and proper scores.

Introduced in Chapter 2b. A cost threshold such as Elkan's is only optimal
when ``proba`` is a calibrated probability of fraud.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
import pandas as pd
from sklearn.metrics import brier_score_loss, log_loss

from .checks import check_binary_labels, check_probabilities, check_same_length


def _check_calibration(y_true, proba):
    y, proba = check_binary_labels(y_true), check_probabilities(proba)
    check_same_length(y_true=y, proba=proba)
    if y.min() == y.max():
        raise ValueError(f"y_true holds only class {y[0]}; calibration needs rows of both classes.")
    return y, proba


def calibration_table(y_true, proba, n_bins=10, strategy="quantile"):
    """Mean predicted probability against observed frequency of fraud, bin by bin.

    Introduced in Chapter 2b. A calibrated model has ``observed`` close to
    ``mean_predicted`` in every bin, within the binomial noise
    :math:`\\sqrt{p(1-p)/\\text{count}}`. Bins are cut as in
    :func:`sklearn.calibration.calibration_curve`, which does not report counts.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Labels 0/1, both present.
    proba : array-like of shape (n,)
        Predicted probabilities of class 1, in [0, 1].
    n_bins : int, default=10
        Number of bins, at least 1.
    strategy : {"quantile", "uniform"}, default="quantile"
        ``"quantile"``: bins holding about as many rows each (on imbalanced data
        most rows sit near 0, and uniform bins above it would be nearly empty);
        ``"uniform"``: bins of equal width on [0, 1].

    Returns
    -------
    pandas.DataFrame
        One row per non-empty bin, in increasing probability, with columns
        ``mean_predicted``, ``observed`` (share of class 1) and ``count``.
        Quantile bins whose edges coincide (many equal probabilities) merge.
    """
    y, proba = _check_calibration(y_true, proba)
    if isinstance(n_bins, bool) or not isinstance(n_bins, Integral) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}.")
    if strategy == "quantile":
        edges = np.quantile(proba, np.linspace(0, 1, n_bins + 1))
    elif strategy == "uniform":
        edges = np.linspace(0, 1, n_bins + 1)
    else:
        raise ValueError(f"strategy must be 'quantile' or 'uniform', got {strategy!r}.")
    # Inner edges only: the first and last bins reach down to 0 and up to 1.
    bins = np.searchsorted(edges[1:-1], proba)
    count = np.bincount(bins, minlength=n_bins)
    used = count > 0
    table = pd.DataFrame({
        "mean_predicted": np.bincount(bins, weights=proba, minlength=n_bins)[used] / count[used],
        "observed": np.bincount(bins, weights=y, minlength=n_bins)[used] / count[used],
        "count": count[used],
    })
    table.index.name = "bin"
    return table


def calibration_scores(y_true, proba):
    """Brier score and log loss of the probabilities, with the prevalence-only baseline.

    Introduced in Chapter 2b. Both scores are proper: they are smallest in
    expectation for the true probabilities. On imbalanced data a tiny Brier
    score says little by itself; compare it with ``brier_prevalence``, the
    score of predicting the fraud rate :math:`\\pi` for every row,
    :math:`\\pi(1-\\pi)`.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Labels 0/1, both present.
    proba : array-like of shape (n,)
        Predicted probabilities of class 1, in [0, 1].

    Returns
    -------
    dict of str to float
        Keys ``brier``, ``log_loss`` (natural log; probabilities of exactly 0
        or 1 are clipped by scikit-learn) and ``brier_prevalence``.
    """
    y, proba = _check_calibration(y_true, proba)
    prevalence = y.mean()
    return {
        "brier": float(brier_score_loss(y, proba)),
        "log_loss": float(log_loss(y, proba, labels=[0, 1])),
        "brier_prevalence": float(prevalence * (1 - prevalence)),
    }
