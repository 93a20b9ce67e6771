"""Leakage-free evaluation of classifiers and resampling pipelines on imbalanced data.

Introduced in Chapter 2; every later tabular chapter evaluates with it.

The protocol of :func:`evaluate`, for each pipeline and each outer split:

1. the outer split cuts a **test fold** that nothing but the final scoring sees;
2. a stratified **validation part** (``validation_size`` of the training fold) is
   carved from the training fold; the rest is the **fit part**;
3. the pipeline is fit on the fit part only. Samplers run during fit and never
   at prediction time (imbalanced-learn ``Pipeline`` semantics), so the
   validation part and the test fold keep their real class balance;
4. the threshold that maximises F1 on the validation part is chosen, and the
   validation part's average precision is kept to choose pipelines on;
5. the same fitted model scores the test fold: average precision and ROC-AUC
   from probabilities; precision, recall, F1 and balanced accuracy at 0.5 and at
   the chosen threshold.

We keep the model fit on the fit part instead of refitting on the whole training
fold: refitting would double the cost, and a threshold tuned for one model is
not guaranteed to suit another fit. With ``validation_size=None`` the model is
fit on the whole training fold and no threshold is tuned.

Results are *tidy*: one row per pipeline, split and metric (see :data:`METRICS`).
"""

from __future__ import annotations

import time
from numbers import Integral, Real

import joblib
import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import (
    average_precision_score,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.pipeline import Pipeline as SkPipeline

from .splits import repeated_split, take_rows
from .thresholds import best_f1_threshold, threshold_metrics


METRICS = (
    "average_precision",
    "roc_auc",
    "precision@0.5",
    "recall@0.5",
    "f1@0.5",
    "balanced_accuracy@0.5",
    "precision@tuned",
    "recall@tuned",
    "f1@tuned",
    "balanced_accuracy@tuned",
    "threshold",
    "validation_average_precision",
    "train_rows",
    "resample_time",
    "fit_time",
)
"""Metric names in :func:`evaluate`'s results, in order.

``@0.5`` metrics call a row positive when its probability is at least 0.5;
``@tuned`` ones use ``threshold``, chosen on the validation part.
``validation_average_precision`` is the average precision on the validation
part (not the test fold): the score to choose a pipeline on, so that the test
folds are read only to report the choice.
``train_rows`` counts the rows the model was fit on (after resampling);
``resample_time`` is the seconds spent in samplers' ``fit_resample`` and
``fit_time`` the seconds spent fitting everything else (transformers and model).
"""


def _check_inputs(pipelines, X, y):
    """Validate everything :func:`evaluate` receives; return ``y`` as labels 0/1."""
    _check_pipelines(pipelines)
    return _check_data(X, y)


def _check_pipelines(pipelines):
    if not isinstance(pipelines, dict) or not pipelines:
        raise ValueError("pipelines must be a non-empty dict of name -> estimator or Pipeline.")
    for name, pipeline in pipelines.items():
        if not hasattr(pipeline, "fit") or not hasattr(pipeline, "predict_proba"):
            raise ValueError(
                f"pipeline {name!r} ({type(pipeline).__name__}) has no predict_proba: average precision "
                "and thresholds need probabilities (for an SVC, pass probability=True)."
            )


def _check_data(X, y):
    """Check that X is finite and 2-D, y has two classes and both have the same length."""
    n_rows = len(X)
    if n_rows != len(y):
        raise ValueError(f"X has {n_rows} rows but y has {len(y)} labels; they must match.")
    values = np.asarray(X, dtype=float)
    if values.ndim != 2:
        raise ValueError(f"X must be 2-D (rows x features), got shape {values.shape}.")
    bad = ~np.isfinite(values)
    if bad.any():
        columns = list(X.columns) if isinstance(X, pd.DataFrame) else list(range(values.shape[1]))
        named = [str(columns[j]) for j in np.flatnonzero(bad.any(axis=0))]
        raise ValueError(
            f"X holds {int(bad.sum())} NaN or infinite values (in columns {', '.join(named[:10])}); "
            "impute or drop them before evaluating."
        )
    labels = np.asarray(y).ravel()
    classes = np.unique(labels)
    if len(classes) != 2:
        raise ValueError(
            f"y must hold exactly two classes, found {len(classes)} ({classes[:5].tolist()}); "
            "a single class leaves nothing to rank or split."
        )
    return (labels == classes[1]).astype(int)


def _split_steps(pipeline):
    """Return (head steps, final estimator) of a Pipeline, or ([], estimator)."""
    if isinstance(pipeline, SkPipeline):
        return list(pipeline.steps[:-1]), pipeline.steps[-1][1]
    return [], pipeline


def _fit_head(head, X, y):
    """Fit the steps before the model: samplers resample, transformers transform."""
    resample_time = fit_time = 0.0
    for _, step in head:
        if step is None or step == "passthrough":
            continue
        start = time.perf_counter()
        if hasattr(step, "fit_resample"):
            X, y = step.fit_resample(X, y)
            resample_time += time.perf_counter() - start
        else:
            X = step.fit_transform(X, y)
            fit_time += time.perf_counter() - start
    return X, y, resample_time, fit_time


def feature_separation(X, y):
    """Rank features by how well each one alone separates the classes (univariate ROC-AUC).

    Introduced in Chapter 2 to pick the fraud features worth looking at. A value
    of 0.5 means the two classes' distributions of that feature overlap fully
    (for ranking purposes); 1 means they do not overlap at all.

    Parameters
    ----------
    X : pandas.DataFrame
        Finite numeric features.
    y : array-like of shape (n_samples,)
        Two classes; the larger label is the positive one.

    Returns
    -------
    pandas.DataFrame
        Indexed by feature, best first, with columns ``auc`` (ROC-AUC of the raw
        feature as a score) and ``separation`` (``max(auc, 1 - auc)``).
    """
    labels = _check_data(X, y)
    auc = pd.Series({column: roc_auc_score(labels, X[column]) for column in X.columns}, name="auc")
    table = pd.DataFrame({"auc": auc, "separation": np.maximum(auc, 1 - auc)})
    return table.sort_values("separation", ascending=False, kind="stable")


def evaluate(pipelines, X, y, cv=None, validation_size=0.2, random_state=0, return_predictions=False):
    """Evaluate each pipeline over repeated stratified splits, resampling only inside training data.

    Introduced in Chapter 2. The protocol is in this module's docstring.
    Pipelines whose steps before the model are identical (same classes and
    parameters) share one fitted head per split, so a costly sampler runs once
    for all the models that follow it; each of them reports its time.

    Parameters
    ----------
    pipelines : dict of str to estimator
        Classifiers with ``predict_proba``, or (imbalanced-learn) Pipelines ending in one.
        They are cloned, never fitted in place.
    X : array-like or pandas.DataFrame of shape (n_samples, n_features)
        Finite features. A DataFrame stays a DataFrame through the pipelines.
    y : array-like of shape (n_samples,)
        Two classes; the larger label (1 for fraud) is the positive class.
    cv : int, cross-validation splitter or None, default=None
        Outer splits: a splitter with ``split(X, y)``, or a number of
        :func:`repeated_split` splits; ``None`` means 3.
    validation_size : float or None, default=0.2
        Share of each training fold held out to choose the threshold (and to
        report ``validation_average_precision``, on which a pipeline can be
        chosen); ``None`` fits on the whole training fold and skips the
        ``@tuned`` and validation metrics.
    random_state : int, default=0
        Seed of the outer splits (when ``cv`` is an int or None) and of the validation cuts.
    return_predictions : bool, default=False
        Also return the test-fold probabilities.

    Returns
    -------
    results : pandas.DataFrame
        Columns ``pipeline, split, metric, value``; metrics as in :data:`METRICS`.
    predictions : pandas.DataFrame, only if ``return_predictions``
        Columns ``pipeline, split, row`` (position in ``X``), ``y_true``, ``proba``
        and ``threshold`` (the tuned one, or 0.5 without validation).

    Raises
    ------
    ValueError
        If ``y`` has a single class, ``X`` holds NaN or infinite values, their
        lengths differ, or a pipeline cannot predict probabilities.
    """
    labels = _check_inputs(pipelines, X, y)
    y_in = pd.Series(labels, index=X.index, name=getattr(y, "name", None)) if isinstance(X, pd.DataFrame) else labels
    if cv is None or isinstance(cv, Integral):
        cv = repeated_split(n_splits=3 if cv is None else int(cv), random_state=random_state)
    if validation_size is not None and not (isinstance(validation_size, Real) and 0 < validation_size < 1):
        raise ValueError(f"validation_size must be a fraction in (0, 1) or None, got {validation_size!r}.")

    records, predictions = [], []
    for split, (train, test) in enumerate(cv.split(X, labels)):
        if validation_size is None:
            fit_part, val_part = train, None
        else:
            inner = StratifiedShuffleSplit(n_splits=1, test_size=validation_size, random_state=random_state + split)
            fit_idx, val_idx = next(inner.split(train, labels[train]))
            fit_part, val_part = train[fit_idx], train[val_idx]
        X_fit, y_fit = take_rows(X, fit_part), take_rows(y_in, fit_part)
        heads = {}
        for name, pipeline in pipelines.items():
            estimator = clone(pipeline)
            head, model = _split_steps(estimator)
            key = joblib.hash(head)
            if key not in heads:
                heads[key] = (head, *_fit_head(head, X_fit, y_fit))
            fitted_head, X_t, y_t, resample_time, head_time = heads[key]
            if head:
                estimator.steps[: len(head)] = fitted_head
            start = time.perf_counter()
            model.fit(X_t, y_t)
            fit_time = head_time + time.perf_counter() - start

            proba = estimator.predict_proba(take_rows(X, test))[:, 1]
            y_test = labels[test]
            row = {
                "average_precision": average_precision_score(y_test, proba),
                "roc_auc": roc_auc_score(y_test, proba),
            }
            row.update({f"{k}@0.5": v for k, v in threshold_metrics(y_test, proba, 0.5).items()})
            threshold = 0.5
            if val_part is not None:
                proba_val = estimator.predict_proba(take_rows(X, val_part))[:, 1]
                threshold = best_f1_threshold(labels[val_part], proba_val)
                row.update({f"{k}@tuned": v for k, v in threshold_metrics(y_test, proba, threshold).items()})
                row["threshold"] = threshold
                row["validation_average_precision"] = average_precision_score(labels[val_part], proba_val)
            row.update({"train_rows": len(y_t), "resample_time": resample_time, "fit_time": fit_time})
            records += [(name, split, metric, float(row[metric])) for metric in METRICS if metric in row]
            if return_predictions:
                predictions.append(pd.DataFrame({
                    "pipeline": name, "split": split, "row": test, "y_true": y_test,
                    "proba": proba, "threshold": threshold,
                }))
    results = pd.DataFrame.from_records(records, columns=["pipeline", "split", "metric", "value"])
    if return_predictions:
        return results, pd.concat(predictions, ignore_index=True)
    return results


def evaluate_resample_first(model, sampler, X, y, cv=None, name="resample, then split", random_state=0):
    """Score the leaky protocol: resample the whole data set, *then* split it. For teaching only.

    Introduced in Chapter 2 to measure the leakage trap. The test fold then
    holds synthetic or duplicated frauds made from training frauds (and vice
    versa), and its prevalence is no longer the real one. Two numbers are
    reported per split: average precision on the whole (resampled) test fold,
    as the mistaken notebook would report it, and on the test fold's original
    rows only, which isolates the leakage from the change of prevalence.

    Parameters
    ----------
    model : estimator or Pipeline with ``predict_proba``
        Fit on the resampled training fold; it must not contain a sampler.
    sampler : imbalanced-learn over-sampler
        Must return the original rows first (as imbalanced-learn's over-samplers do).
    X, y, cv, random_state
        As in :func:`evaluate`.
    name : str
        Value of the ``pipeline`` column.

    Returns
    -------
    pandas.DataFrame
        Columns ``pipeline, split, metric, value``; metrics
        ``average_precision`` and ``average_precision_original_rows``.
    """
    labels = _check_inputs({name: model}, X, y)
    if cv is None or isinstance(cv, Integral):
        cv = repeated_split(n_splits=3 if cv is None else int(cv), random_state=random_state)
    X_res, y_res = clone(sampler).fit_resample(X, labels)
    n_rows = len(labels)
    if len(y_res) < n_rows or not np.array_equal(np.asarray(y_res)[:n_rows], labels):
        raise ValueError("evaluate_resample_first needs an over-sampler that returns the original rows first.")
    y_res = np.asarray(y_res)
    is_original = np.arange(len(y_res)) < n_rows
    records = []
    for split, (train, test) in enumerate(cv.split(X_res, y_res)):
        fitted = clone(model).fit(take_rows(X_res, train), y_res[train])
        proba = fitted.predict_proba(take_rows(X_res, test))[:, 1]
        original = is_original[test]
        records += [
            (name, split, "average_precision", float(average_precision_score(y_res[test], proba))),
            (name, split, "average_precision_original_rows",
             float(average_precision_score(y_res[test][original], proba[original]))),
        ]
    return pd.DataFrame.from_records(records, columns=["pipeline", "split", "metric", "value"])
