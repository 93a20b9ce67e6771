"""How sure is a number: bootstrap intervals on one test set, and how many splits a comparison needs.

Introduced in Chapter 2b.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from scipy.stats import norm

from ..seeding import numpy_generator
from .checks import check_same_length


def _redraw(rng, strata):
    """One bootstrap draw: rows drawn with replacement inside each stratum, as many as it holds.

    The drawn rows are put back in their original order, so that a metric
    which breaks ties by row order sees the classes mixed as in the data.
    """
    return np.sort(np.concatenate([rows[rng.integers(0, rows.size, rows.size)] for rows in strata]))


def bootstrap_interval(metric, y_true, scores, *, n_boot=1000, confidence=0.95, stratified=True,
                       random_state=None, sample_kwargs=None, **metric_kwargs):
    """Percentile bootstrap interval of ``metric(y_true, scores)`` over the rows of a test set.

    Introduced in Chapter 2b. Each replicate redraws the rows with replacement
    and recomputes the metric; the interval holds the middle ``confidence``
    share of the replicates. With ``stratified`` each class is redrawn on its
    own and keeps its count, so every replicate has the test set's frauds
    (average precision needs both classes). The interval reflects the test
    rows only, not a refit on other training data: for that, use repeated
    splits and :func:`splits_needed`.

    Parameters
    ----------
    metric : callable
        ``metric(y_true, scores, **sample_kwargs, **metric_kwargs) -> float``,
        e.g. :func:`sklearn.metrics.average_precision_score` or
        ``TransactionGain().total`` (with ``scores`` the decisions).
    y_true, scores : array-like of shape (n,)
        Labels and the scores (or decisions) they are judged with.
    n_boot : int, default=1000
        Number of replicates.
    confidence : float, default=0.95
        Coverage aimed at, in (0, 1).
    stratified : bool, default=True
        Redraw inside each class of ``y_true``.
    random_state : int or None, default=None
        Seed of the redraws (see :mod:`course_utils.seeding`).
    sample_kwargs : dict of str to array-like, optional
        Per-row arguments of ``metric`` (e.g. ``{"amount": amount}``), redrawn
        with the same rows as ``y_true`` and ``scores``.
    **metric_kwargs
        Other arguments of ``metric``, passed unchanged.

    Returns
    -------
    estimate, low, high : float
        The metric on the whole test set and the interval's bounds.
    """
    y, scores = np.asarray(y_true), np.asarray(scores)
    sample_kwargs = {name: np.asarray(values) for name, values in (sample_kwargs or {}).items()}
    check_same_length(y_true=y, scores=scores, **sample_kwargs)
    if isinstance(n_boot, bool) or not isinstance(n_boot, Integral) or n_boot < 2:
        raise ValueError(f"n_boot must be an integer of at least 2, got {n_boot!r}.")
    if not isinstance(confidence, Real) or not 0 < confidence < 1:
        raise ValueError(f"confidence must lie in (0, 1), got {confidence!r}.")
    strata = [np.flatnonzero(y == label) for label in np.unique(y)] if stratified else [np.arange(y.size)]

    def score(rows):
        return float(metric(y[rows], scores[rows], **{name: values[rows] for name, values in sample_kwargs.items()},
                            **metric_kwargs))

    rng = numpy_generator(random_state)
    replicates = np.array([score(_redraw(rng, strata)) for _ in range(n_boot)])
    tail = (1 - confidence) / 2
    low, high = np.quantile(replicates, [tail, 1 - tail])
    return score(np.arange(y.size)), float(low), float(high)


def splits_needed(std_of_difference, difference, alpha=0.05, power=0.8):
    """Paired splits a two-sided paired t-test needs to detect a difference, by the normal approximation.

    Introduced in Chapter 2b. If two methods' scores differ by ``difference``
    on average, with a standard deviation ``std_of_difference`` of the
    per-split difference, a test at level ``alpha`` finds it with probability
    ``power`` after

    .. math::

        n = \\left\\lceil \\left(\\frac{(z_{1-\\alpha/2} + z_{\\text{power}})\\,\\sigma_d}
        {\\delta}\\right)^2 \\right\\rceil

    splits (at least 2). The t-test needs slightly more when ``n`` is small,
    and overlapping training sets make the observed spread optimistic, so
    read ``n`` as a lower bound.

    Parameters
    ----------
    std_of_difference : float
        Standard deviation over splits of the paired difference, > 0.
    difference : float
        Mean difference to detect, non-zero (its sign does not matter).
    alpha : float, default=0.05
        Significance level, in (0, 1).
    power : float, default=0.8
        Probability of detecting the difference, in (0, 1).

    Returns
    -------
    int

    Examples
    --------
    >>> splits_needed(std_of_difference=0.02, difference=0.01)
    32
    """
    for name, value in (("std_of_difference", std_of_difference), ("difference", difference)):
        if not isinstance(value, Real) or not np.isfinite(value) or value == 0:
            raise ValueError(f"{name} must be a finite non-zero number, got {value!r}.")
    if std_of_difference < 0:
        raise ValueError(f"std_of_difference must be positive, got {std_of_difference!r}.")
    for name, value in (("alpha", alpha), ("power", power)):
        if not isinstance(value, Real) or not 0 < value < 1:
            raise ValueError(f"{name} must lie in (0, 1), got {value!r}.")
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    return max(2, int(np.ceil((z * std_of_difference / abs(difference)) ** 2)))
