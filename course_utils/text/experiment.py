"""Run text-classification methods over several seeds with honest choices, and summarise them.

Introduced in Chapter 8. For every seed the data are split into train /
validation / test (:func:`~course_utils.text.split_texts`). A method with several
candidate settings is fitted on train once per setting and the setting with the
best spam F1 on validation is kept; the kept setting is refitted on train +
validation (the published protocol's training set) and scored once on the
whole test set. :func:`compare_methods` compares the methods with a baseline,
paired over the seeds, through :func:`course_utils.evaluation.compare_paired`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score
from sklearn.model_selection import StratifiedKFold

from ..evaluation import best_f1_threshold, compare_paired, threshold_metrics
from ..evaluation import summarize as summarize_tidy
from ..parallel import side_by_side
from ..progress import progress
from ..seeding import check_seed
from .split import split_texts

__all__ = ["TextMethod", "compare_methods", "cross_fitted_f1", "run_text_methods", "spam_scores", "summary_table"]

METRICS = ("precision", "recall", "f1", "average_precision")


@dataclass(frozen=True)
class TextMethod:
    """How to build one method's model, and the settings validation chooses from.

    Introduced in Chapter 8.

    Parameters
    ----------
    build : callable
        ``build(setting, seed)`` -> an unfitted model with ``fit(texts, labels)``
        and ``predict_proba(texts)``.
    grid : sequence
        Candidate settings; with one candidate nothing is chosen.
    tune_threshold : bool
        Also choose the decision threshold that maximises spam F1 on validation.
    """

    build: Callable
    grid: Sequence = (None,)
    tune_threshold: bool = False
    """Also choose the decision threshold that maximises spam F1 on validation (else 0.5)."""


def spam_scores(y_true, proba, threshold: float = 0.5) -> dict[str, float]:
    """Precision, recall and F1 of class 1 at ``threshold``, and its average precision.

    Introduced in Chapter 8.
    """
    y_true = np.asarray(y_true)
    proba = np.asarray(proba, dtype=float)
    if proba.ndim == 2:
        proba = proba[:, 1]
    if proba.shape != y_true.shape:
        raise ValueError(f"{len(y_true)} labels but probabilities of shape {proba.shape}.")
    at_threshold = threshold_metrics(y_true, proba, threshold)
    scores = {k: float(at_threshold[k]) for k in ("precision", "recall", "f1")}
    scores["average_precision"] = float(average_precision_score(y_true, proba))
    return scores


def _fit_proba(method: TextMethod, setting, seed, X_fit, y_fit, X_eval) -> np.ndarray:
    model = method.build(setting, seed)
    model.fit(X_fit, y_fit)
    return np.asarray(model.predict_proba(X_eval))[:, 1]


def cross_fitted_f1(y_true, proba, random_state: int | None = 0) -> float:
    """Spam F1 at a threshold tuned on validation, estimated without scoring where it was tuned.

    Introduced in Chapter 8. The validation split is halved (stratified); the
    threshold tuned on each half is scored on the other, and the two F1 are
    averaged. Scoring the tuned threshold on the messages that chose it would
    flatter every tuned method whenever validation F1 chooses between methods.
    ``random_state`` (``None``: fresh entropy) draws the halves.
    """
    y_true, proba = np.asarray(y_true), np.asarray(proba, dtype=float)
    halves = StratifiedKFold(n_splits=2, shuffle=True, random_state=check_seed(random_state)).split(proba, y_true)
    return float(np.mean([
        spam_scores(y_true[score], proba[score], best_f1_threshold(y_true[tune], proba[tune]))["f1"]
        for tune, score in halves]))


def run_text_methods(methods: Mapping[str, TextMethod], texts, labels, seeds: Sequence[int],
                test_size: float = 0.25, val_size: float = 0.2, n_jobs: int | None = None,
                verbose: bool = False, score_test: bool = True) -> pd.DataFrame:
    """Score every method on every seed's split; one row per (method, seed).

    Introduced in Chapter 8.

    Parameters
    ----------
    n_jobs : int or None
        Runs (a method on a seed) computed at the same time, each in its own
        process; ``None``: one per CPU core. Results do not depend on it.
    score_test : bool, default=True
        False for a search among configurations: each method is fitted on train
        and scored on validation only; nothing is refitted and the test set is
        never scored (its columns hold NaN).

    Returns
    -------
    pandas.DataFrame
        ``method``, ``seed``, ``setting`` (the one validation chose), ``threshold``
        (0.5 unless the method tunes it), ``val_f1`` (its validation spam F1,
        fitted on train; for a tuned threshold, cross-fitted on the two halves of
        the validation split, see :func:`cross_fitted_f1`), the test scores
        ``precision``, ``recall``, ``f1``, ``average_precision`` (fitted on
        train + validation) and ``seconds`` (wall time of the method on that seed).
    """
    if not methods:
        raise ValueError("no methods to run.")
    jobs = [(seed, name) for seed in seeds for name in methods]
    one_run = dict(texts=texts, labels=labels, test_size=test_size, val_size=val_size, score_test=score_test)
    rows = side_by_side(_run_one, [((methods[name], name, seed), one_run) for seed, name in jobs], n_jobs)
    return pd.DataFrame(list(progress(rows, total=len(jobs), desc="methods x seeds", verbose=verbose)))


def _run_one(method: TextMethod, name: str, seed: int, *, texts, labels, test_size, val_size, score_test) -> dict:
    split = split_texts(texts, labels, test_size=test_size, val_size=val_size, random_state=seed)
    start = time.perf_counter()
    val_probas = [_fit_proba(method, g, seed, split.X_train, split.y_train, split.X_val) for g in method.grid]
    best = int(np.argmax([spam_scores(split.y_val, p)["f1"] for p in val_probas]))
    if method.tune_threshold:
        threshold = best_f1_threshold(split.y_val, val_probas[best])
        val_f1 = cross_fitted_f1(split.y_val, val_probas[best], seed)
    else:
        threshold, val_f1 = 0.5, spam_scores(split.y_val, val_probas[best])["f1"]
    if score_test:
        X_fit, y_fit = split.train_val()
        test_proba = _fit_proba(method, method.grid[best], seed, X_fit, y_fit, split.X_test)
        test_scores = spam_scores(split.y_test, test_proba, threshold)
    else:
        test_scores = dict.fromkeys(METRICS, float("nan"))
    return {"method": name, "seed": seed, "setting": method.grid[best], "threshold": threshold,
            "val_f1": val_f1, **test_scores, "seconds": time.perf_counter() - start}


def compare_methods(results: pd.DataFrame, baseline: str, methods: Sequence[str] | None = None,
                    metric: str = "f1", alpha: float = 0.05) -> pd.DataFrame:
    """Each method against one baseline, paired over the seeds of :func:`run_text_methods`, Holm-corrected.

    Introduced in Chapter 8, where every "beats / matches / loses to" comes from
    here. The results are put in the tidy form that
    :func:`course_utils.evaluation.compare_paired` reads (``by="method"``,
    ``over="seed"``): each method's seed-by-seed difference from the baseline
    on the same split, a paired t-test, Holm's correction across ``methods``.

    Parameters
    ----------
    results : pandas.DataFrame
        From :func:`run_text_methods`.
    baseline : str
        The method every other is compared with.
    methods : sequence of str, optional
        Compared together (one Holm family); default: every other method in
        ``results``. Methods with no rows (not run, e.g. back-translation
        without its models) are left out.
    metric : str, default="f1"
        A column of ``results`` (``val_f1`` compares validation scores).
    alpha : float, default=0.05

    Returns
    -------
    pandas.DataFrame
        :func:`~course_utils.evaluation.compare_paired`'s table, indexed by method.
    """
    ran = list(dict.fromkeys(results["method"]))
    if baseline not in ran:
        raise ValueError(f"the results hold no runs of the baseline {baseline!r}.")
    methods = [m for m in (ran if methods is None else methods) if m in ran and m != baseline]
    tidy = results.melt(id_vars=["method", "seed"], value_vars=[metric], var_name="metric")
    return compare_paired(tidy, baseline, methods, metric=metric, by="method", over="seed", alpha=alpha)


def summary_table(results: pd.DataFrame, order: Sequence[str] | None = None,
              metrics: Sequence[str] = METRICS) -> pd.DataFrame:
    """Mean and standard deviation over seeds, a row per method (in ``order``, if given).

    Introduced in Chapter 8. The results of :func:`run_text_methods` are put in
    tidy form and summarised by :func:`course_utils.evaluation.summarize`
    (``by="method"``, ``over="seed"``), the course's one mean ± std. Columns
    ``<metric>_mean``, ``<metric>_std`` (also for ``val_f1``), a text column
    ``<metric>`` ("0.944 ± 0.011") and ``seeds``; methods in ``order`` that have
    no results get NaN and "not run".
    """
    columns = [m for m in [*metrics, "val_f1"] if m in results]
    index = pd.Index(order if order is not None else list(dict.fromkeys(results["method"])), name="method")
    tidy = results.melt(id_vars=["method", "seed"], value_vars=columns, var_name="metric").dropna(subset="value")
    scored = [m for m in columns if m in set(tidy["metric"])]  # a metric never scored (NaN) is "not run"
    shown = [m for m in metrics if m in scored]
    numbers = summarize_tidy(tidy, scored, as_text=False, by="method", over="seed").reindex(index) if scored else None
    text = summarize_tidy(tidy, shown, by="method", over="seed").reindex(index) if shown else None
    table = pd.DataFrame(index=index)
    for metric in columns:
        table[f"{metric}_mean"] = numbers[(metric, "mean")] if metric in scored else np.nan
        table[f"{metric}_std"] = numbers[(metric, "std")] if metric in scored else np.nan
    for metric in (m for m in metrics if m in columns):
        cells = text[metric] if metric in shown else pd.Series("not run", index=index)
        table[metric] = cells.where(table[f"{metric}_mean"].notna(), "not run")
    table["seeds"] = results.groupby("method", sort=False).size().reindex(index).fillna(0).astype(int)
    return table
