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
    balanced_accuracy_score,
    f1_score,
    precision_recall_curve,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedShuffleSplit
from sklearn.pipeline import Pipeline as SkPipeline

__all__ = [
    "METRICS",
    "VERDICTS",
    "best_f1_threshold",
    "DisjointStratifiedSplits",
    "compare_paired",
    "evaluate",
    "evaluate_resample_first",
    "feature_separation",
    "holm",
    "mean_std",
    "paired_difference",
    "repeated_split",
    "summarize",
    "threshold_metrics",
    "verdict_clauses",
    "verdict_sentence",
]

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


def repeated_split(n_splits=5, test_size=0.2, random_state=0):
    """The course's outer splits: stratified train/test splits whose test sets do not overlap.

    Introduced in Chapter 2. The rows are cut into ``round(1 / test_size)``
    stratified folds (5 for 20 %) and each split tests on one of them, so up to
    that many splits have disjoint test sets: no fraud is scored twice, and
    the spread over splits is not shrunk by shared test rows. More splits than
    folds start a new, reshuffled round of folds
    (:class:`~sklearn.model_selection.RepeatedStratifiedKFold`). Training sets
    still overlap, so the spread remains somewhat optimistic.

    Parameters
    ----------
    n_splits : int, default=5
        Number of train/test splits.
    test_size : float, default=0.2
        Share of the rows in each test set; ``1 / test_size`` is rounded to the number of folds.
    random_state : int, default=0
        Seed of the shuffles.

    Returns
    -------
    DisjointStratifiedSplits
        A splitter with ``split(X, y)`` and ``get_n_splits()``.
    """
    return DisjointStratifiedSplits(n_splits=n_splits, test_size=test_size, random_state=random_state)


class DisjointStratifiedSplits:
    """The first ``n_splits`` folds of repeated stratified K-fold; see :func:`repeated_split`.

    Introduced in Chapter 2.
    """

    def __init__(self, n_splits=5, test_size=0.2, random_state=0):
        if not (isinstance(n_splits, Integral) and n_splits >= 1):
            raise ValueError(f"n_splits must be a positive integer, got {n_splits!r}.")
        if not (isinstance(test_size, Real) and 0 < test_size <= 0.5):
            raise ValueError(f"test_size must be a fraction in (0, 0.5], got {test_size!r}.")
        self.n_splits, self.test_size, self.random_state = int(n_splits), float(test_size), random_state

    def get_n_splits(self, X=None, y=None, groups=None):
        return self.n_splits

    def split(self, X, y, groups=None):
        folds = max(2, round(1 / self.test_size))
        rounds = -(-self.n_splits // folds)
        splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=rounds, random_state=self.random_state)
        for _, (train, test) in zip(range(self.n_splits), splitter.split(X, y)):
            yield train, test

    def __repr__(self):
        return (f"DisjointStratifiedSplits(n_splits={self.n_splits}, test_size={self.test_size}, "
                f"random_state={self.random_state})")


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


def _rows(data, index):
    return data.iloc[index] if isinstance(data, (pd.DataFrame, pd.Series)) else data[index]


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
        X_fit, y_fit = _rows(X, fit_part), _rows(y_in, fit_part)
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

            proba = estimator.predict_proba(_rows(X, test))[:, 1]
            y_test = labels[test]
            row = {
                "average_precision": average_precision_score(y_test, proba),
                "roc_auc": roc_auc_score(y_test, proba),
            }
            row.update({f"{k}@0.5": v for k, v in threshold_metrics(y_test, proba, 0.5).items()})
            threshold = 0.5
            if val_part is not None:
                proba_val = estimator.predict_proba(_rows(X, val_part))[:, 1]
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
        fitted = clone(model).fit(_rows(X_res, train), y_res[train])
        proba = fitted.predict_proba(_rows(X_res, test))[:, 1]
        original = is_original[test]
        records += [
            (name, split, "average_precision", float(average_precision_score(y_res[test], proba))),
            (name, split, "average_precision_original_rows",
             float(average_precision_score(y_res[test][original], proba[original]))),
        ]
    return pd.DataFrame.from_records(records, columns=["pipeline", "split", "metric", "value"])


def summarize(results, metrics=None, decimals=3, as_text=True, sort_by=None, by="pipeline", over="split"):
    """Mean ± std over splits, one row per pipeline and one column per metric.

    Introduced in Chapter 2; Chapter 5 summarises its image experiments with it
    (``by="method", over="seed"``).

    Parameters
    ----------
    results : pandas.DataFrame
        Tidy results (columns ``pipeline, split, metric, value``), e.g. from :func:`evaluate`.
    metrics : sequence of str, optional
        Metrics to keep, in this order; default: all, in order of appearance.
    decimals : int, default=3
        Decimals of the text cells.
    as_text : bool, default=True
        ``"0.875 ± 0.028"`` strings; if false, numbers with column levels ``(metric, mean|std)``.
    sort_by : str, optional
        A metric whose mean orders the rows, best (largest) first; default: input order.
    by, over : str, default="pipeline", "split"
        The column naming the rows, and the column of the repetitions averaged over.

    Returns
    -------
    pandas.DataFrame
        Indexed by pipeline. The std is the sample standard deviation (ddof=1),
        0 when there is a single split. A text cell is "—" where a pipeline lacks the metric.
    """
    missing = {by, over, "metric", "value"} - set(results.columns)
    if missing:
        raise ValueError(f"results lacks the columns {sorted(missing)}; pass the output of evaluate().")
    order_metrics = list(dict.fromkeys(results["metric"])) if metrics is None else list(metrics)
    unknown = set(order_metrics) - set(results["metric"])
    if unknown:
        raise ValueError(f"metrics {sorted(unknown)} are not in the results.")
    order_pipelines = list(dict.fromkeys(results[by]))
    grouped = results[results["metric"].isin(order_metrics)].groupby([by, "metric"])["value"]
    mean = grouped.mean().unstack("metric").reindex(index=order_pipelines, columns=order_metrics)
    std = grouped.std(ddof=1).fillna(0.0).unstack("metric").reindex(index=order_pipelines, columns=order_metrics)
    if sort_by is not None:
        order = mean[sort_by].sort_values(ascending=False, kind="stable").index
        mean, std = mean.loc[order], std.loc[order]
    if not as_text:
        return pd.concat({"mean": mean, "std": std}, axis=1).swaplevel(axis=1)[order_metrics]
    text = mean.copy().astype(object)
    for metric in order_metrics:
        text[metric] = ["—" if np.isnan(m) else _format_mean_std(m, s, decimals)
                        for m, s in zip(mean[metric], std[metric])]
    text.columns.name = None
    return text


def _format_mean_std(mean, std, decimals):
    return f"{mean:.{decimals}f} ± {std:.{decimals}f}"


def mean_std(values, decimals=3):
    """Repeated results (over splits, seeds or shuffles) as the text "mean ± std".

    Introduced in Chapter 4 for single lists of scores; :func:`summarize` writes
    its table cells the same way. The standard deviation is the sample one
    (``ddof=1``), 0 for a single value.
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        raise ValueError("mean_std needs at least one value.")
    std = values.std(ddof=1) if values.size > 1 else 0.0
    return _format_mean_std(values.mean(), std, decimals)


def paired_difference(results, pipeline, baseline, metric="average_precision", by="pipeline", over="split"):
    """Split-by-split difference of a metric between two pipelines scored on the same splits.

    Introduced in Chapter 3 to compare samplers on one split family: the
    variation between splits (a few hard frauds landing in one test fold)
    moves both pipelines alike and cancels in the difference.

    Parameters
    ----------
    results : pandas.DataFrame
        Tidy results of :func:`evaluate`.
    pipeline, baseline : str
        The two pipelines; the difference is ``pipeline - baseline``.
    metric : str, default="average_precision"
    by, over : str
        As in :func:`summarize`.

    Returns
    -------
    pandas.Series
        Indexed by split.

    Raises
    ------
    ValueError
        If either pipeline lacks the metric or they were not scored on the same splits.
    """
    rows = results[results["metric"] == metric]
    values = {}
    for name in (pipeline, baseline):
        series = rows[rows[by] == name].set_index(over)["value"]
        if series.empty:
            raise ValueError(f"results hold no {metric!r} for {by} {name!r}.")
        values[name] = series.sort_index()
    if not values[pipeline].index.equals(values[baseline].index):
        raise ValueError(f"{pipeline!r} and {baseline!r} were not scored on the same splits.")
    return (values[pipeline] - values[baseline]).rename(f"{pipeline} - {baseline}")


VERDICTS = ("beats", "matches", "loses to")
"""The three verdicts of :func:`compare_paired`, as the book's prose uses them.

"matches" means the paired comparison found no difference at the chosen level
after the Holm correction; it is not proof that the two are equal.
"""


def holm(p_values):
    """Holm–Bonferroni adjusted p-values, in the order given.

    Introduced in Chapter 2. Comparing ``m`` methods with one baseline at level
    ``alpha`` each would call about ``alpha * m`` of them different by chance;
    Holm's step-down rule keeps the chance of *any* false call at ``alpha``:
    the ``k``-th smallest p-value is multiplied by ``m - k + 1`` and the result
    made non-decreasing (and capped at 1). Reject where the adjusted value is
    at most ``alpha``.

    Raises
    ------
    ValueError
        If a p-value is outside [0, 1] or not a number.
    """
    p = np.asarray(p_values, dtype=float).ravel()
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise ValueError(f"p-values must lie in [0, 1], got {p.tolist()}.")
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    adjusted = np.empty(m)
    adjusted[order] = stepped
    return adjusted


def compare_paired(results, baseline, methods=None, metric="average_precision", by="pipeline", over="split",
                   alpha=0.05, higher_is_better=True):
    """Each method against one baseline, paired over the same splits (or seeds), Holm-corrected.

    Introduced in Chapter 2; every chapter that says a method "beats",
    "matches" or "loses to" another glues the verdict from here.

    For each method the differences ``method - baseline`` are taken split by
    split (:func:`paired_difference`), so that what moves both alike (a hard
    test fold, a lucky seed) cancels. A paired t-test on those differences
    gives a two-sided p-value; the p-values of all methods compared are
    adjusted together with :func:`holm`. A method **beats** the baseline when
    its adjusted p-value is at most ``alpha`` and its mean difference is in the
    better direction (when every pair differs by exactly the same amount, the
    t-test has no variance to work with and the exact sign-test p-value
    ``2 * 0.5**n`` stands in), **loses to** it when significant in the other direction,
    and otherwise **matches** it (no difference detected).

    Parameters
    ----------
    results : pandas.DataFrame
        Tidy results (``by, over, metric, value``), e.g. from :func:`evaluate`.
    baseline : str
        The method every other is compared with.
    methods : sequence of str, optional
        The methods to compare, in this order; default: every other one in the results.
    metric : str, default="average_precision"
    by, over : str, default="pipeline", "split"
        The column naming the methods and the column of the paired repetitions.
    alpha : float, default=0.05
        Family-wise error rate across the methods compared.
    higher_is_better : bool, default=True
        False for a loss, an error rate or a time.

    Returns
    -------
    pandas.DataFrame
        One row per method, indexed by method: ``n`` (paired repetitions),
        ``difference`` (mean of method - baseline), ``std`` (sample std of the
        differences), ``ci_low``, ``ci_high`` (the unadjusted ``1 - alpha``
        t-interval of the mean difference), ``p_value``, ``p_holm``,
        ``verdict`` (one of :data:`VERDICTS`) and ``summary`` (a sentence
        fragment such as ``"beats it by 0.012 (unadjusted 95 % interval 0.004 to 0.020;
        Holm-adjusted p = 0.010, 5 pairs)"``).

    Raises
    ------
    ValueError
        If there are fewer than two pairs, a method is missing, the splits do
        not match, or ``alpha`` is not in (0, 1).
    """
    from scipy import stats

    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie in (0, 1), got {alpha}.")
    if methods is None:
        methods = [m for m in dict.fromkeys(results.loc[results["metric"] == metric, by]) if m != baseline]
    methods = list(methods)
    if not methods:
        raise ValueError("compare_paired needs at least one method besides the baseline.")
    rows = []
    for method in methods:
        difference = paired_difference(results, method, baseline, metric=metric, by=by, over=over).to_numpy()
        n = difference.size
        if n < 2:
            raise ValueError(f"{method!r} and {baseline!r} share {n} {over}(s); a paired comparison needs at least 2.")
        mean, std = difference.mean(), difference.std(ddof=1)
        half = stats.t.ppf(1 - alpha / 2, n - 1) * std / np.sqrt(n)
        if std > 0:
            p_value = 2 * stats.t.sf(abs(mean) / (std / np.sqrt(n)), n - 1)
        else:  # identical differences (recall moving in steps of 1/n): no variance for a t-test,
            # so fall back on the exact sign test: all n pairs agreeing has p = 2 * 0.5**n.
            p_value = 1.0 if mean == 0 else min(1.0, 2 * 0.5 ** n)
        rows.append((method, n, mean, std, mean - half, mean + half, float(p_value)))
    table = pd.DataFrame(rows, columns=["method", "n", "difference", "std", "ci_low", "ci_high", "p_value"])
    table = table.set_index("method")
    table["p_holm"] = holm(table["p_value"])
    better = table["difference"] > 0 if higher_is_better else table["difference"] < 0
    significant = table["p_holm"] <= alpha
    table["verdict"] = np.where(significant & better, VERDICTS[0],
                                np.where(significant, VERDICTS[2], VERDICTS[1]))
    table["summary"] = [_comparison_summary(row, alpha) for row in table.itertuples()]
    return table


def _comparison_summary(row, alpha):
    level = round(100 * (1 - alpha))
    if row.verdict == VERDICTS[1]:
        lead = f"matches it (difference {row.difference:+.3g}; "
    else:
        lead = f"{row.verdict} it by {abs(row.difference):.3g} ("
    return (f"{lead}unadjusted {level} % interval {row.ci_low:.3g} to {row.ci_high:.3g}; "
            f"Holm-adjusted p = {row.p_holm:.3f}, {row.n} pairs)")


def verdict_sentence(table, baseline, methods=None, quote=False):
    """:func:`compare_paired`'s verdicts as one clause for the prose.

    Introduced in Chapter 5; Chapters 6 and 7 glue their comparisons with it.
    Methods with the same verdict are listed together, in the order of
    :data:`VERDICTS`: ``"A and B beat the baseline; C matches it"``.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`compare_paired`.
    baseline : str
        How the prose names the baseline (``"the baseline"``, ``"random over-sampling"``).
    methods : sequence of str, optional
        The rows to mention, in this order; default: every row.
    quote : bool, default=False
        Put each method's name in quotation marks (for names that read like prose).
    """
    methods = list(table.index) if methods is None else list(methods)
    plural = {"beats": "beat", "matches": "match", "loses to": "lose to"}
    parts = []
    for verdict in VERDICTS:
        names = [f"“{m}”" if quote else str(m) for m in methods if table.loc[m, "verdict"] == verdict]
        if names:
            who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            parts.append(f"{who} {verdict if len(names) == 1 else plural[verdict]} {'it' if parts else baseline}")
    return "; ".join(parts)


def verdict_clauses(table, sep=", "):
    """One clause per row of :func:`compare_paired`'s table, in its order: ``"SMOTE matches it (+0.004)"``.

    Introduced in Chapter 2; Chapter 8 glues its comparisons with it too. Where
    :func:`verdict_sentence` groups methods by verdict, this keeps each
    method's signed mean difference beside its verdict.
    """
    return sep.join(f"{name} {row.verdict} it ({row.difference:+.3f})" for name, row in table.iterrows())
