"""Decisions from costs: the fraud gain rule, Elkan's threshold, refuse or accept.

Introduced in Chapter 2b. Cost and gain matrices are indexed ``[truth, decision]``,
as :func:`sklearn.metrics.confusion_matrix` is: row 0 a legitimate transaction
(negative), row 1 a fraud (positive); column 0 accept (predict negative),
column 1 refuse (predict positive). Elkan (2001) writes :math:`c_{ij}` for
*predicting* ``i`` when the truth is ``j``, the transpose: his :math:`c_{10}`
(a false positive) is our ``C[0, 1]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real

import numpy as np
import sklearn
from sklearn.metrics import make_scorer

from .checks import check_binary_labels, check_probabilities, check_same_length


def elkan_threshold(cost_matrix):
    """Probability threshold that minimises expected cost (Elkan, 2001).

    Introduced in Chapter 2b. With ``C[truth, decision]`` (module docstring),
    predicting positive costs :math:`(1-p)C_{01} + pC_{11}` in expectation and
    predicting negative :math:`(1-p)C_{00} + pC_{10}`, where
    :math:`p = P(y=1 \\mid x)`, so predict positive when :math:`p \\ge t` with

    .. math:: t = \\frac{C_{01} - C_{00}}{C_{01} - C_{00} + C_{10} - C_{11}},

    Elkan's :math:`(c_{10}-c_{00})/(c_{10}-c_{00}+c_{01}-c_{11})` in his
    ``[decision, truth]`` indices. Gains are negative costs: pass ``-G``.

    Parameters
    ----------
    cost_matrix : array-like of shape (2, 2) or (n, 2, 2)
        Costs ``C[truth, decision]``, or one such matrix per row.

    Returns
    -------
    float or ndarray of shape (n,)
        Thresholds in (0, 1).

    Raises
    ------
    ValueError
        If the shape is wrong, an entry is not finite, or Elkan's
        "reasonableness" fails: a false positive must cost more than a true
        negative and a miss more than a catch, else one decision always wins.

    Examples
    --------
    >>> elkan_threshold([[0, 1], [9, 0]])  # a false positive costs 1, a miss 9
    0.1
    """
    cost = np.asarray(cost_matrix, dtype=float)
    if cost.ndim not in (2, 3) or cost.shape[-2:] != (2, 2) or not np.isfinite(cost).all():
        raise ValueError(f"cost_matrix must hold finite costs C[truth, decision] of shape (2, 2) or "
                         f"(n, 2, 2), got shape {cost.shape}.")
    false_positive = cost[..., 0, 1] - cost[..., 0, 0]  # extra cost of refusing a negative
    false_negative = cost[..., 1, 0] - cost[..., 1, 1]  # extra cost of accepting a positive
    if not (np.all(false_positive > 0) and np.all(false_negative > 0)):
        raise ValueError("cost_matrix must make a false positive cost more than a true negative (C[0, 1] > C[0, 0]) "
                         "and a false negative more than a true positive (C[1, 0] > C[1, 1]); otherwise one "
                         "decision is always best.")
    threshold = false_positive / (false_positive + false_negative)
    return float(threshold) if threshold.ndim == 0 else threshold


def decide(proba, threshold):
    """Refuse (predict positive) the rows whose probability reaches the threshold.

    Introduced in Chapter 2b.

    Parameters
    ----------
    proba : array-like of shape (n,)
        Probabilities of fraud, in [0, 1].
    threshold : float or array-like of shape (n,)
        In [0, 1]: one for all rows, or one per row (:meth:`TransactionGain.elkan_threshold`).

    Returns
    -------
    ndarray of bool, shape (n,)
        ``proba >= threshold``: True means refuse.
    """
    proba = check_probabilities(proba)
    threshold = np.asarray(threshold, dtype=float)
    if threshold.ndim > 1 or (threshold.ndim == 1 and threshold.shape != proba.shape):
        raise ValueError(f"threshold must be a number or one per row ({proba.shape[0]}), got shape {threshold.shape}.")
    if not np.all((threshold >= 0) & (threshold <= 1)):
        raise ValueError("threshold must lie in [0, 1].")
    return proba >= threshold


@dataclass(frozen=True)
class TransactionGain:
    """The fraud gain rule of the probabl course *calibration-cost-sensitive-learning*.

    Introduced in Chapter 2b. Per transaction of amount ``a`` (euros), in ``G[truth, decision]``:
    accepting a legitimate one earns ``commission * a``, refusing it costs
    ``refusal_cost``, accepting a fraud loses ``a + fraud_cost`` and refusing a
    fraud gains nothing. Totals are sums over the transactions, not means.

    Parameters
    ----------
    commission, fraud_cost, refusal_cost : float, default=0.02, 20.0, 10.0
        Non-negative.
    """

    commission: float = 0.02
    fraud_cost: float = 20.0
    refusal_cost: float = 10.0

    def __post_init__(self):
        for name in ("commission", "fraud_cost", "refusal_cost"):
            value = getattr(self, name)
            if not isinstance(value, Real) or not np.isfinite(value) or value < 0:
                raise ValueError(f"{name} must be a finite non-negative number, got {value!r}.")

    def matrix(self, amount):
        """Gains ``G[row, truth, decision]`` (shape (n, 2, 2)) for amounts ``a >= 0``."""
        amount = np.asarray(amount, dtype=float)
        if amount.ndim != 1 or not np.all(np.isfinite(amount) & (amount >= 0)):
            raise ValueError("amount must be a 1-D array of finite non-negative amounts.")
        gain = np.zeros((amount.size, 2, 2))
        gain[:, 0, 0] = self.commission * amount
        gain[:, 0, 1] = -self.refusal_cost
        gain[:, 1, 0] = -(amount + self.fraud_cost)
        return gain

    def total(self, y_true, refused, amount):
        """Total gain of the decisions ``refused`` (True or 1 = refuse) on transactions ``y_true``."""
        gain = self.matrix(amount)
        y = check_binary_labels(y_true)
        refused = check_binary_labels(refused, "refused", "1 or True = refuse")
        check_same_length(y_true=y, refused=refused, amount=gain)
        return float(gain[np.arange(y.size), y, refused].sum())

    def oracle(self, y_true, amount):
        """Gain of perfect decisions: the sum of each transaction's best outcome (not reachable)."""
        gain = self.matrix(amount)
        y = check_binary_labels(y_true)
        check_same_length(y_true=y, amount=gain)
        return float(gain[np.arange(y.size), y].max(axis=1).sum())

    def always_accept(self, y_true, amount):
        """Gain of accepting every transaction."""
        return self.total(y_true, np.zeros(len(y_true), dtype=int), amount)

    def elkan_threshold(self, amount):
        """Per-transaction threshold :math:`(r + ca)/(r + f + (1 + c)a)`: refuse when P(fraud) >= it."""
        return elkan_threshold(-self.matrix(amount))

    def scorer(self):
        """A scorer of :meth:`total` for ``TunedThresholdClassifierCV(scoring=...)``.

        It asks for ``amount`` through metadata routing, so callers must enable
        it while fitting or scoring: ``sklearn.set_config(enable_metadata_routing=True)``
        or ``with sklearn.config_context(enable_metadata_routing=True):``, then
        ``fit(X, y, amount=amount)``. Building the scorer needs no global setting.
        """
        # The request is stored on the scorer; routing only has to be on to record it.
        with sklearn.config_context(enable_metadata_routing=True):
            return make_scorer(self.total).set_score_request(amount=True)
