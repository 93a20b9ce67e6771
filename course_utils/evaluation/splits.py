"""Outer splits for repeated evaluation: disjoint stratified test folds.

Introduced in Chapter 2.
"""

from __future__ import annotations

import numpy as np

from numbers import Integral, Real

from sklearn.model_selection import RepeatedStratifiedKFold


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


def take_rows(data, index):
    """Rows ``index`` of a DataFrame or Series (by position), an array, or a list.

    Introduced in Chapter 2: the evaluation protocol and Chapter 2b's
    :func:`~course_utils.evaluation.fit_and_score` select fit and score rows with it.
    """
    if hasattr(data, "iloc"):
        return data.iloc[index]
    return data[index] if hasattr(data, "shape") else np.asarray(data)[index]
