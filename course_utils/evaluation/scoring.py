"""Fit pipelines once, keep their probabilities on validation and test rows, and the time each fit took.

Introduced in Chapter 2b.
Choosing a calibrator, a threshold rule or a model on validation rows, and then
reporting the choice on test rows, needs both sets of probabilities from the
same fitted model; everything downstream (calibration, decisions, alert
budgets) then works on the stored scores without refitting.
"""

from __future__ import annotations

import time

from sklearn.base import clone

from .splits import take_rows


def fit_and_score(pipelines, X, y, fit_rows, score_rows):
    """Fit each pipeline on ``fit_rows`` and return its probabilities of class 1 on each part of ``score_rows``.

    Introduced in Chapter 2b. Samplers inside an imbalanced-learn ``Pipeline``
    run during the fit only, so the scored rows keep their real class balance.

    Parameters
    ----------
    pipelines : dict of str to estimator
        Classifiers with ``predict_proba`` (or Pipelines ending in one); each is cloned.
    X : pandas.DataFrame or array-like of shape (n, d)
    y : array-like of shape (n,)
        Labels 0/1.
    fit_rows : array-like of int
        Positions of the training rows.
    score_rows : dict of str to array-like of int
        Named parts to score, e.g. ``{"validation": val, "test": test}``.

    Returns
    -------
    proba : dict of str to dict of str to ndarray
        ``proba[pipeline][part]``: probabilities of class 1 on that part's rows, in their order.
    fit_seconds : dict of str to float
        Wall-clock seconds of each fit (resampling included).

    Raises
    ------
    ValueError
        If ``pipelines`` is empty or an estimator has no ``predict_proba``.
    """
    if not isinstance(pipelines, dict) or not pipelines:
        raise ValueError("pipelines must be a non-empty dict of name -> estimator.")
    missing = [name for name, model in pipelines.items() if not hasattr(model, "predict_proba")]
    if missing:
        raise ValueError(f"pipelines {missing} have no predict_proba; probabilities are needed to recalibrate.")
    X_fit, y_fit = take_rows(X, fit_rows), take_rows(y, fit_rows)
    proba, fit_seconds = {}, {}
    for name, pipeline in pipelines.items():
        start = time.perf_counter()
        model = clone(pipeline).fit(X_fit, y_fit)
        fit_seconds[name] = time.perf_counter() - start
        proba[name] = {part: model.predict_proba(take_rows(X, rows))[:, 1] for part, rows in score_rows.items()}
    return proba, fit_seconds
