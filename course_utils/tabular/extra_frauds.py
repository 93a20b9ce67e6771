"""The published GAN-fraud experiment: a classifier trained with a few frauds plus extra ones.

Introduced in Chapter 4. :func:`extra_frauds_experiment`: each shuffle splits
the normal transactions 70/30, trains on the 70 % plus ``base_frauds`` real
frauds plus ``n`` extra frauds from a source (a generator, or more real
frauds), and tests on the other 30 % of normals plus a fixed set of held-out
frauds that no source and no model has seen. Recall and precision at 0.5 (what
the publication reported) and average precision (from probabilities) are
recorded for every source and ``n``.

:func:`all_frauds_baseline` is the publication's first classifier: XGBoost on
the 70 % of normals and *all* training frauds, its number of rounds set by
early stopping on recall at 0.5, measured on the test set as published or on a
validation split of the training data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import average_precision_score
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state

from ..evaluation import threshold_metrics

__all__ = ["PUBLISHED_EXTRA_FRAUDS", "STOPPING", "all_frauds_baseline", "extra_frauds_experiment"]

PUBLISHED_EXTRA_FRAUDS = (0, 36, 85, 152, 244)
"""Numbers of extra frauds of the published experiment (100 real frauds plus these)."""

STOPPING = ("test set (published)", "validation split")
"""Where :func:`all_frauds_baseline` measures the recall that stops boosting."""


def _rows(X, name):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or not np.isfinite(X).all():
        raise ValueError(f"{name} must be a finite 2-D array, got shape {X.shape}.")
    return X


def extra_frauds_experiment(normals, frauds, test_frauds, sources, model, extra=PUBLISHED_EXTRA_FRAUDS,
                            base_frauds=100, shuffles=5, test_size=0.3, random_state=0):
    """Recall, precision and AP of ``model`` as extra frauds from each source are added.

    Introduced in Chapter 4.

    Parameters
    ----------
    normals : array-like of shape (n, d)
        Normal transactions, split ``1 - test_size`` / ``test_size`` at every shuffle.
    frauds : array-like of shape (m, d)
        Training frauds: each shuffle draws ``base_frauds`` of them for the
        training set; the others are the pool that the real source draws from.
    test_frauds : array-like of shape (k, d)
        Frauds of the test set, the same at every shuffle.
    sources : dict of str to callable or None
        Name -> ``draw(n_samples, random_state)`` returning rows; ``None``
        draws real frauds from the pool (without replacement).
    model : classifier
        Cloned for every fit; needs ``predict_proba``.
    extra : sequence of int
        Extra frauds to add; 0 is the shared baseline of every source.

    Returns
    -------
    pandas.DataFrame
        Columns ``shuffle``, ``source``, ``extra``, ``recall``, ``precision``,
        ``average_precision``: one row per shuffle, source and number of extra frauds.
    """
    normals, frauds, test_frauds = _rows(normals, "normals"), _rows(frauds, "frauds"), _rows(test_frauds, "test_frauds")
    if not normals.shape[1] == frauds.shape[1] == test_frauds.shape[1]:
        raise ValueError("normals, frauds and test_frauds must have the same columns.")
    if max(extra) + base_frauds > len(frauds) and any(draw is None for draw in sources.values()):
        raise ValueError(f"the real source needs {base_frauds} + {max(extra)} training frauds, "
                         f"only {len(frauds)} are given.")
    rng = check_random_state(random_state)
    records = []
    for shuffle in range(shuffles):
        seed = rng.randint(2**31 - 1)
        train_normals, test_normals = train_test_split(normals, test_size=test_size, random_state=seed)
        order = np.random.default_rng(seed).permutation(len(frauds))
        base, pool = frauds[order[:base_frauds]], frauds[order[base_frauds:]]
        X_test = np.vstack([test_normals, test_frauds])
        y_test = np.r_[np.zeros(len(test_normals)), np.ones(len(test_frauds))]
        baseline = None
        for name, draw in sources.items():
            for n in extra:
                if n == 0 and baseline is not None:
                    scores = baseline
                else:
                    added = pool[:n] if draw is None else np.asarray(draw(n, seed), dtype=np.float64)
                    X_train = np.vstack([train_normals, base, added.reshape(n, normals.shape[1])])
                    y_train = np.r_[np.zeros(len(train_normals)), np.ones(base_frauds + n)]
                    proba = clone(model).fit(X_train, y_train).predict_proba(X_test)[:, 1]
                    at_half = threshold_metrics(y_test, proba, 0.5)
                    scores = {"recall": at_half["recall"], "precision": at_half["precision"],
                              "average_precision": average_precision_score(y_test, proba)}
                    baseline = scores if n == 0 else baseline
                records.append({"shuffle": shuffle, "source": name, "extra": n, **scores})
    return pd.DataFrame(records)


def _stopping_round(model, X_eval, y_eval, patience):
    """Rounds kept by early stopping on recall at 0.5: the first best round, unless it never stops improving.

    As XGBoost's own early stopping: a round must beat the best so far to count, and
    boosting stops after ``patience`` rounds without one.
    """
    best_rounds, best = 1, -np.inf
    for rounds in range(1, model.n_estimators + 1):
        proba = model.predict_proba(X_eval, iteration_range=(0, rounds))[:, 1]
        recall = threshold_metrics(y_eval, proba, 0.5)["recall"]
        if recall > best:
            best_rounds, best = rounds, recall
        elif rounds - best_rounds >= patience:
            break
    return best_rounds


def all_frauds_baseline(normals, frauds, test_frauds, model, shuffles=5, test_size=0.3, validation_size=0.2,
                        patience=20, random_state=0):
    """The published first XGBoost: all training frauds, boosting stopped on test or validation recall.

    Introduced in Chapter 4. The published notebook split normals and frauds
    70/30, trained XGBoost on the 70 % (every training fraud) for at most 100
    rounds and kept the round with the best recall at 0.5 *on the test set*,
    stopping after 20 rounds without improvement. For each shuffle of the
    normals (split exactly as in :func:`extra_frauds_experiment` with the same
    ``random_state``) this runs both stopping rules:

    * ``"test set (published)"``: rounds chosen on the test rows themselves;
    * ``"validation split"``: rounds chosen on a stratified ``validation_size``
      part of the training rows (the model fit on the rest), then the model is
      refit on all training rows with that many rounds. The test rows choose nothing.

    Parameters
    ----------
    normals : array-like of shape (n, d)
    frauds : array-like of shape (m, d)
        Training frauds, all of them in every training set.
    test_frauds : array-like of shape (k, d)
        Frauds of the test set, the same at every shuffle.
    model : xgboost.XGBClassifier
        Its ``n_estimators`` is the most rounds; cloned for every fit.
    shuffles : int, default=5
    test_size : float, default=0.3
        Share of the normals in the test set.
    validation_size : float, default=0.2
        Share of the training rows (stratified) that chooses the rounds in the validation rule.
    patience : int, default=20
        Rounds without a better recall after which boosting stops (published: 20).
    random_state : int, default=0

    Returns
    -------
    pandas.DataFrame
        Columns ``shuffle``, ``stopping`` (one of :data:`STOPPING`), ``rounds``,
        ``recall``, ``precision`` (at 0.5) and ``average_precision``: one row per
        shuffle and stopping rule.
    """
    normals, frauds, test_frauds = _rows(normals, "normals"), _rows(frauds, "frauds"), _rows(test_frauds, "test_frauds")
    if not normals.shape[1] == frauds.shape[1] == test_frauds.shape[1]:
        raise ValueError("normals, frauds and test_frauds must have the same columns.")
    rng = check_random_state(random_state)
    records = []
    for shuffle in range(shuffles):
        seed = rng.randint(2**31 - 1)
        train_normals, test_normals = train_test_split(normals, test_size=test_size, random_state=seed)
        X_train = np.vstack([train_normals, frauds])
        y_train = np.r_[np.zeros(len(train_normals)), np.ones(len(frauds))]
        X_test = np.vstack([test_normals, test_frauds])
        y_test = np.r_[np.zeros(len(test_normals)), np.ones(len(test_frauds))]
        full = clone(model).fit(X_train, y_train)
        X_fit, X_val, y_fit, y_val = train_test_split(X_train, y_train, test_size=validation_size, stratify=y_train,
                                                      random_state=seed)
        on_validation = _stopping_round(clone(model).fit(X_fit, y_fit), X_val, y_val, patience)
        fits = {
            # The published rule: the test rows choose the rounds of the model they then score.
            STOPPING[0]: (full, _stopping_round(full, X_test, y_test, patience)),
            # Rounds chosen on validation rows; the model of record is refit on every training row.
            STOPPING[1]: (clone(model).set_params(n_estimators=on_validation).fit(X_train, y_train), on_validation),
        }
        for stopping, (fitted, rounds) in fits.items():
            proba = fitted.predict_proba(X_test, iteration_range=(0, rounds))[:, 1]
            at_half = threshold_metrics(y_test, proba, 0.5)
            records.append({"shuffle": shuffle, "stopping": stopping, "rounds": rounds,
                            "recall": at_half["recall"], "precision": at_half["precision"],
                            "average_precision": average_precision_score(y_test, proba)})
    return pd.DataFrame(records)
