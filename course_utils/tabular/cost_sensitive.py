"""The published cost-sensitive fraud experiment of the probabl course, run as its code runs it.

Introduced in Chapter 2b.
Lemaître and Grisel's course *calibration-cost-sensitive-learning*
(file ``content/python_files/cost_sensitive_learning.py``) loads OpenML data
set 1597 (the credit-card fraud data), keeps ``V1``..``V28`` and ``Amount``
(``Time`` dropped), makes one stratified 50/50 split with ``random_state=42``,
fits ``StandardScaler + LogisticRegression`` with ``C`` chosen by a 5-fold grid
search on the log loss over ``logspace(-6, 6, 13)``, and turns its probabilities
into decisions in six ways (:data:`PUBLISHED_GAINS`).
:func:`probabl_methods` repeats those six on any train/test split;
:func:`published_halves` gives the published split, its mirror image and further
stratified halvings, so that the same methods can be compared over several splits.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, TunedThresholdClassifierCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from ..evaluation import TransactionGain, decide
from ..seeding import child_seeds

__all__ = ["PUBLISHED_GAINS", "PUBLISHED_SETTINGS", "PUBLISHED_SPLIT_SEED", "probabl_methods", "published_halves"]

PUBLISHED_GAINS = {
    "always accept": 216_525.07,
    "always reject": -1_421_580.00,
    "oracle": 251_031.83,
    "threshold 0.5": 235_234.87,
    "mean Elkan threshold": 236_756.32,
    "recalibrated, mean Elkan threshold": 237_523.85,
    "tuned threshold": 238_123.39,
    "per-transaction Elkan threshold": 237_032.00,
    "recalibrated, per-transaction Elkan threshold": 238_978.13,
}
"""Test-set gains (euros) printed by the course's rendered notebook (gh-pages commit 7aea5ce).

The first three need no model; the others are the six decision rules of :func:`probabl_methods`.
"""

PUBLISHED_SETTINGS = {"C": 100.0, "mean_threshold": 0.19305440698357443, "tuned_threshold": 0.03030303030292765}
"""What the rendered notebook printed for the chosen ``C``, the mean Elkan threshold and ``best_threshold_``."""

PUBLISHED_SPLIT_SEED = 42
"""``random_state`` of the course's ``train_test_split``."""


def published_halves(y, n_splits=2, random_state=0):
    """The course's stratified 50/50 split, its mirror (train and test swapped), then more such pairs.

    Introduced in Chapter 2b. Splits come in pairs whose test halves are
    disjoint (two-fold cross-validation, repeated: Dietterich's 5x2 design);
    the first pair starts with the published split, rows in the order
    ``train_test_split`` returns them (the course's unshuffled inner folds
    depend on it). Later pairs are stratified halvings seeded from ``random_state``.

    Parameters
    ----------
    y : array-like of shape (n,)
        Labels to stratify on.
    n_splits : int, default=2
        Number of (train, test) splits, at least 1.
    random_state : int or None, default=0
        Seed of the halvings after the first pair (see :mod:`course_utils.seeding`).

    Returns
    -------
    list of (ndarray, ndarray)
        Row positions (train, test).
    """
    if isinstance(n_splits, bool) or not isinstance(n_splits, Integral) or n_splits < 1:
        raise ValueError(f"n_splits must be a positive integer, got {n_splits!r}.")
    y = np.asarray(y)
    rows = np.arange(y.size)
    train, test = train_test_split(rows, stratify=y, test_size=0.5, random_state=PUBLISHED_SPLIT_SEED)
    halves = [(train, test), (test, train)]
    for seed in child_seeds(random_state, max(0, -(-(n_splits - 2) // 2))):
        first, second = next(StratifiedKFold(2, shuffle=True, random_state=seed).split(rows, y))
        halves += [(first, second), (second, first)]
    return halves[:n_splits]


def probabl_methods(X_train, y_train, amount_train, X_test, amount_test, gain=None, n_jobs=2):
    """The course's logistic regression and its six decision rules, fit on one training half.

    Introduced in Chapter 2b. As in the published code: ``C`` by
    ``GridSearchCV(scoring="neg_log_loss")`` (5 unshuffled stratified folds);
    isotonic recalibration by ``CalibratedClassifierCV(cv=5)`` on the training
    half; the constant Elkan threshold is the mean over the *training* amounts;
    ``TunedThresholdClassifierCV`` searches 100 thresholds for the summed gain,
    by 5-fold cross-validation with the amounts routed to the scorer. ``n_jobs``
    changes the speed, never the result.

    Parameters
    ----------
    X_train, X_test : pandas.DataFrame
        Features (the course's: ``V1``..``V28``, ``Amount``).
    y_train : array-like of shape (n_train,)
        Labels 0/1.
    amount_train, amount_test : array-like
        Amounts of the rows, for the thresholds and the tuning scorer.
    gain : TransactionGain, optional
        The gain rule; default ``TransactionGain()``, the course's.
    n_jobs : int, default=2

    Returns
    -------
    dict
        ``decisions`` (rule name -> bool array over the test rows, True = refuse,
        keys as in :data:`PUBLISHED_GAINS`), ``proba`` and ``recalibrated_proba``
        (test probabilities of fraud), ``C``, ``mean_threshold`` and ``tuned_threshold``.
    """
    gain = TransactionGain() if gain is None else gain
    search = GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression()),
                          {"logisticregression__C": np.logspace(-6, 6, 13)}, scoring="neg_log_loss", n_jobs=n_jobs)
    model = search.fit(X_train, y_train).best_estimator_
    recalibrated = CalibratedClassifierCV(model, method="isotonic", cv=5).fit(X_train, y_train)
    with sklearn.config_context(enable_metadata_routing=True):
        tuned = TunedThresholdClassifierCV(model, scoring=gain.scorer(), thresholds=100, n_jobs=n_jobs)
        tuned.fit(X_train, y_train, amount=np.asarray(amount_train))
    mean_threshold = float(np.mean(gain.elkan_threshold(amount_train)))
    per_row = gain.elkan_threshold(amount_test)
    proba = model.predict_proba(X_test)[:, 1]
    proba_recalibrated = recalibrated.predict_proba(X_test)[:, 1]
    decisions = {
        "threshold 0.5": model.predict(X_test) == 1,
        "mean Elkan threshold": decide(proba, mean_threshold),
        "recalibrated, mean Elkan threshold": decide(proba_recalibrated, mean_threshold),
        "tuned threshold": tuned.predict(X_test) == 1,
        "per-transaction Elkan threshold": decide(proba, per_row),
        "recalibrated, per-transaction Elkan threshold": decide(proba_recalibrated, per_row),
    }
    return {"decisions": decisions, "proba": proba, "recalibrated_proba": proba_recalibrated,
            "C": float(search.best_params_["logisticregression__C"]), "mean_threshold": mean_threshold,
            "tuned_threshold": float(tuned.best_threshold_)}
