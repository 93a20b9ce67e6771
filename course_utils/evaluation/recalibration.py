"""Recalibrate a fitted model's probabilities on held-out rows: Platt scaling and isotonic regression.

Introduced in Chapter 2b.
A calibrator is a map from the model's probability to a new one, fit on
validation rows the model did not learn from. It works on the scores alone,
so one set of stored scores serves every calibrator:

* ``"platt"``: a logistic regression of the label on the log-odds of the score
  (Platt, 1999), two numbers learnt;
* ``"isotonic"``: the best non-decreasing step function (Zadrozny and Elkan,
  2002), what ``CalibratedClassifierCV(FrozenEstimator(model), method="isotonic")``
  fits on the same rows.

:func:`out_of_fold_recalibration` gives each validation row a probability from a
calibrator fit without it, so that a choice made on validation rows (which
calibrator, which model) is not flattered by the calibrator's own fit.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from .checks import check_binary_labels, check_probabilities, check_same_length
from ..seeding import check_seed

METHODS = ("platt", "isotonic")
"""The calibrators of :func:`fit_recalibrator`. Introduced in Chapter 2b."""

# Scores of exactly 0 or 1 have infinite log-odds; clip just inside.
_EPS = 1e-12


def _log_odds(proba):
    proba = np.clip(proba, _EPS, 1 - _EPS)
    return (np.log(proba) - np.log1p(-proba)).reshape(-1, 1)


def _check(y, proba, method):
    y, proba = check_binary_labels(y), check_probabilities(proba)
    check_same_length(y_true=y, proba=proba)
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}.")
    if y.min() == y.max():
        raise ValueError(f"y holds only class {y[0]}; a calibrator needs rows of both classes.")
    return y, proba


def fit_recalibrator(y, proba, method="isotonic"):
    """Fit a calibrator on held-out rows and return it as a function of new probabilities.

    Introduced in Chapter 2b.

    Parameters
    ----------
    y : array-like of shape (n,)
        Labels 0/1 of the held-out (validation) rows, both present.
    proba : array-like of shape (n,)
        The model's probabilities of class 1 on those rows, in [0, 1].
    method : {"platt", "isotonic"}, default="isotonic"

    Returns
    -------
    callable
        ``calibrate(proba) -> ndarray``: recalibrated probabilities in [0, 1].

    Raises
    ------
    ValueError
        If the labels are not 0/1 of both classes, the probabilities are not in
        [0, 1], the lengths differ or ``method`` is unknown.
    """
    y, proba = _check(y, proba, method)
    if method == "platt":
        # C=inf: no penalty, Platt's two parameters are fit by maximum likelihood.
        model = LogisticRegression(C=np.inf).fit(_log_odds(proba), y)
        return lambda new: model.predict_proba(_log_odds(check_probabilities(new)))[:, 1]
    model = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(proba, y)
    return lambda new: model.predict(check_probabilities(new))


def out_of_fold_recalibration(y, proba, method="isotonic", n_folds=5, random_state=0):
    """Recalibrated probabilities of held-out rows, each from a calibrator fit on the other folds.

    Introduced in Chapter 2b. Scoring a calibrator on the rows it was fit on
    flatters it (isotonic regression can follow every fraud); cross-fitting
    over ``n_folds`` stratified folds does not.

    Parameters
    ----------
    y, proba, method
        As in :func:`fit_recalibrator`.
    n_folds : int, default=5
        Stratified folds; each needs both classes in its other folds, so at
        least 2 and at most the number of positives.
    random_state : int or None, default=0
        Seed of the fold shuffle (see :mod:`course_utils.seeding`).

    Returns
    -------
    ndarray of shape (n,)
    """
    y, proba = _check(y, proba, method)
    rarer = int(min(y.sum(), (1 - y).sum()))
    if isinstance(n_folds, bool) or not isinstance(n_folds, Integral) or not 2 <= n_folds <= rarer:
        raise ValueError(f"n_folds must be an integer from 2 to the count of the rarer class ({rarer}), "
                         f"got {n_folds!r}.")
    out = np.empty(y.size)
    folds = StratifiedKFold(n_folds, shuffle=True, random_state=check_seed(random_state))
    for fit_rows, held_rows in folds.split(proba, y):
        out[held_rows] = fit_recalibrator(y[fit_rows], proba[fit_rows], method)(proba[held_rows])
    return out
