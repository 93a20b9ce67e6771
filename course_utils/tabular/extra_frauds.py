"""The published GAN-fraud experiment: a classifier trained with a few frauds plus extra ones.

Introduced in Chapter 4. Each shuffle splits the normal transactions 70/30,
trains on the 70 % plus ``base_frauds`` real frauds plus ``n`` extra frauds
from a source (a generator, or more real frauds), and tests on the other 30 %
of normals plus a fixed set of held-out frauds that no source and no model has
seen. Recall and precision at 0.5 (what the publication reported) and average
precision (from probabilities) are recorded for every source and ``n``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import average_precision_score
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state

from ..evaluation import threshold_metrics

__all__ = ["PUBLISHED_EXTRA_FRAUDS", "extra_frauds_experiment"]

PUBLISHED_EXTRA_FRAUDS = (0, 36, 85, 152, 244)
"""Numbers of extra frauds of the published experiment (100 real frauds plus these)."""


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
