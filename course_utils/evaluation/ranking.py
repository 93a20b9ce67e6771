"""Alert budgets: precision and recall among the ``k`` most suspicious transactions.

Introduced in Chapter 2b. Investigators can check only so many alerts a day;
the Fraud Detection Handbook (Le Borgne et al., chapter 4, "Precision top-k")
scores a detector by the share of frauds among its ``k`` top alerts.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
import pandas as pd

from .checks import check_binary_labels, check_same_length


def _check_ranking(y_true, scores, k):
    y = check_binary_labels(y_true)
    scores = np.asarray(scores, dtype=float)
    if scores.ndim != 1 or not np.isfinite(scores).all():
        raise ValueError("scores must be a 1-D array of finite numbers (higher = more suspicious).")
    check_same_length(y_true=y, scores=scores)
    if isinstance(k, bool) or not isinstance(k, Integral) or k < 1:
        raise ValueError(f"k (the number of alerts) must be a positive integer, got {k!r}.")
    if not y.any():
        raise ValueError("y_true holds no positive: recall@k is undefined; evaluate on rows that include frauds.")
    return y, scores, int(k)


def _top_k_hits(y, scores, k):
    """Positives among the ``k`` highest scores; equal scores keep their row order."""
    order = np.argsort(-scores, kind="stable")
    return int(y[order[:k]].sum())


def precision_recall_at_k(y_true, scores, k):
    """Precision and recall when the ``k`` highest-scored rows raise an alert.

    Introduced in Chapter 2b. Rows are ranked by decreasing score; among equal
    scores the earlier row comes first (a stable sort), so the result does not
    depend on chance. As in the Handbook, precision divides by ``k`` even when
    there are fewer than ``k`` rows: unused alerts count as wasted.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Labels 0/1, at least one 1.
    scores : array-like of shape (n,)
        Finite scores, higher meaning more suspicious (e.g. probabilities).
    k : int
        Number of alerts, at least 1.

    Returns
    -------
    precision, recall : float
        Positives among the alerts divided by ``k``, and by the number of positives.

    Raises
    ------
    ValueError
        If ``k < 1``, the lengths differ, the scores are not finite or ``y_true``
        holds no positive (recall would be undefined).
    """
    y, scores, k = _check_ranking(y_true, scores, k)
    hits = _top_k_hits(y, scores, k)
    return hits / k, hits / int(y.sum())


def alerts_per_day(y_true, scores, day, k):
    """Precision@k and recall@k with ``k`` alerts per day, one row per day.

    Introduced in Chapter 2b. This is the Handbook's *precision top-k* at the
    transaction level. Its *card precision top-k* merges a card's transactions
    into one alert and drops cards already caught; the credit-card fraud data
    have no card or customer id, so it cannot be computed on them.

    Parameters
    ----------
    y_true, scores : array-like of shape (n,)
        As in :func:`precision_recall_at_k`; over all days at least one positive.
    day : array-like of shape (n,)
        Day of each row, e.g. from ``course_utils.tabular.transaction_day``.
    k : int
        Alerts per day.

    Returns
    -------
    pandas.DataFrame
        Indexed by day (sorted), with columns ``transactions``, ``frauds``,
        ``detected`` (frauds among the day's ``k`` alerts), ``precision@k``
        (``detected / k``) and ``recall@k`` (``detected / frauds``; NaN on a day
        without fraud, where no recall can be measured).
    """
    y, scores, k = _check_ranking(y_true, scores, k)
    day = np.asarray(day)
    check_same_length(y_true=y, day=day)
    rows = {}
    for value in np.unique(day):
        mask = day == value
        frauds, detected = int(y[mask].sum()), _top_k_hits(y[mask], scores[mask], k)
        rows[value] = {"transactions": int(mask.sum()), "frauds": frauds, "detected": detected,
                       "precision@k": detected / k, "recall@k": detected / frauds if frauds else np.nan}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "day"
    return table
