"""What every threshold would have earned: gain curves and Drummond–Holte cost curves.

Introduced in Chapter 2b.
Both draw a whole family of decisions at once, so a figure can show where the
thresholds a method chose fall among all the ones it could have chosen. They
describe a test set; they choose nothing.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_curve

from .checks import check_binary_labels, check_probabilities, check_same_length


def gain_curve(gain, y_true, proba, amount, thresholds):
    """Total gain of refusing every row whose probability reaches each threshold.

    Introduced in Chapter 2b. Equal to ``gain.total(y_true, proba >= t, amount)``
    for every ``t``, computed with one sort instead of one pass per threshold.

    Parameters
    ----------
    gain : TransactionGain
        The gain rule (anything with ``matrix(amount)`` giving ``G[row, truth, decision]``).
    y_true : array-like of shape (n,)
        Labels 0/1 (1 = fraud).
    proba : array-like of shape (n,)
        Probabilities of fraud, in [0, 1].
    amount : array-like of shape (n,)
        Transaction amounts.
    thresholds : array-like of shape (m,)
        Thresholds in [0, 1], in any order.

    Returns
    -------
    ndarray of shape (m,)
        The total gain at each threshold, in the order given.
    """
    y, proba = check_binary_labels(y_true), check_probabilities(proba)
    matrix = gain.matrix(amount)
    check_same_length(y_true=y, proba=proba, amount=matrix)
    thresholds = np.asarray(thresholds, dtype=float)
    if thresholds.ndim != 1 or not np.all((thresholds >= 0) & (thresholds <= 1)):
        raise ValueError("thresholds must be a 1-D array of numbers in [0, 1].")
    rows = np.arange(y.size)
    accept, refuse = matrix[rows, y, 0], matrix[rows, y, 1]
    order = np.argsort(-proba, kind="stable")
    # Refusing the k most suspicious rows changes the all-accept total by the first k deltas.
    change = np.concatenate([[0.0], np.cumsum((refuse - accept)[order])])
    refused = np.searchsorted(-proba[order], -thresholds, side="right")  # rows with proba >= t
    return accept.sum() + change[refused]


def cost_curve(y_true, proba, probability_cost):
    """Drummond–Holte cost curve: the normalised expected cost of the best threshold at each operating condition.

    Introduced in Chapter 2b. An operating condition is summed up by the
    *probability cost* :math:`PC(+) = \\pi c_{FN} / (\\pi c_{FN} + (1-\\pi) c_{FP})`,
    with :math:`\\pi` the share of positives and :math:`c_{FN}, c_{FP}` the extra
    costs of a miss and of a false alarm. Each ROC point is a line
    :math:`(1 - TPR)\\,PC + FPR\\,(1 - PC)`; the curve is their lower envelope
    (Drummond and Holte, 2006), so it assumes the threshold is the best one for
    that condition. Refusing all and accepting all are the lines ``1 - PC`` and ``PC``.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Labels 0/1, both present.
    proba : array-like of shape (n,)
        Scores; only their order matters.
    probability_cost : array-like of shape (m,)
        Values of :math:`PC(+)` in [0, 1].

    Returns
    -------
    ndarray of shape (m,)
        Normalised expected cost in [0, 0.5]: 0 is perfect, and no model does
        worse than the better of the two trivial policies.
    """
    y, proba = check_binary_labels(y_true), check_probabilities(proba)
    check_same_length(y_true=y, proba=proba)
    if y.min() == y.max():
        raise ValueError(f"y_true holds only class {y[0]}; a cost curve needs rows of both classes.")
    pc = np.asarray(probability_cost, dtype=float)
    if pc.ndim != 1 or not np.all((pc >= 0) & (pc <= 1)):
        raise ValueError("probability_cost must be a 1-D array of numbers in [0, 1].")
    fpr, tpr, _ = roc_curve(y, proba)  # starts at (0, 0), the refuse-nothing policy
    fpr, tpr = np.append(fpr, 1.0), np.append(tpr, 1.0)  # make sure refuse-all is there
    lines = (1 - tpr)[:, None] * pc[None, :] + fpr[:, None] * (1 - pc)[None, :]
    return lines.min(axis=0)
