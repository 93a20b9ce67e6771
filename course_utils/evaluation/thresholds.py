"""Decision thresholds chosen on validation, and the metrics at a threshold.

Introduced in Chapter 2.
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import (
    balanced_accuracy_score,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
)


def best_f1_threshold(y_true, proba):
    """Return the probability threshold that maximises F1 on ``(y_true, proba)``.

    Introduced in Chapter 2. Call it on a validation set, never on the test set.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, 1 for the positive class; both classes must be present.
    proba : array-like of shape (n_samples,)
        Predicted probabilities of the positive class.

    Returns
    -------
    float
        Rows with ``proba >= threshold`` are called positive. Among equally good
        thresholds the lowest is returned.
    """
    y_true = np.asarray(y_true)
    if len(np.unique(y_true)) != 2:
        raise ValueError("best_f1_threshold needs both classes in y_true to choose a threshold.")
    precision, recall, thresholds = precision_recall_curve(y_true, proba)
    # The curve's last point (recall 0) has no threshold.
    precision, recall = precision[:-1], recall[:-1]
    denominator = precision + recall
    f1 = np.divide(2 * precision * recall, denominator, out=np.zeros_like(denominator), where=denominator > 0)
    return float(thresholds[np.argmax(f1)])


def threshold_metrics(y_true, proba, threshold=0.5):
    """Precision, recall, F1 and balanced accuracy when rows with ``proba >= threshold`` are called positive.

    Introduced in Chapter 2.

    Returns
    -------
    dict of str to float
        Keys ``precision``, ``recall``, ``f1``, ``balanced_accuracy``.
    """
    y_pred = (np.asarray(proba) >= threshold).astype(int)
    return {
        "precision": precision_score(y_true, y_pred, zero_division=0.0),
        "recall": recall_score(y_true, y_pred, zero_division=0.0),
        "f1": f1_score(y_true, y_pred, zero_division=0.0),
        "balanced_accuracy": balanced_accuracy_score(y_true, y_pred),
    }
