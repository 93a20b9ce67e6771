"""Thin the majority class by removing exact and near-duplicate texts.

Introduced in Chapter 8. Much of the ham in the SMS Spam Collection repeats
("Sorry, I'll call later" appears dozens of times). Removing repeats from the
majority class under-samples it without discarding anything the model has not
seen in another copy. Near-duplicates are pairs whose TF-IDF vectors have a
cosine similarity above a threshold; of each group the first text is kept.
"""

from __future__ import annotations

from numbers import Real

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from .samplers import TextSampler
from .split import check_texts

__all__ = ["MajorityDeduplicator", "duplicate_mask"]


def duplicate_mask(texts, threshold: float = 0.9, block_size: int = 512) -> np.ndarray:
    """Boolean mask of texts that repeat an earlier one, exactly or nearly.

    Introduced in Chapter 8. Exact duplicates are identical strings. A text is a
    near-duplicate when the cosine similarity of its TF-IDF vector (fitted on
    ``texts``) with an earlier *kept* text exceeds ``threshold``. The first of
    each group is kept, so the result does not depend on anything but order.

    Parameters
    ----------
    texts : sequence of str
    threshold : float
        In (0, 1]; 1 removes exact duplicates only.
    block_size : int
        Rows of the similarity matrix computed at a time (memory ~ block_size x n).

    Returns
    -------
    numpy.ndarray of bool
        True where the text is a duplicate to drop.
    """
    X = check_texts(texts)
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold should be a cosine similarity in (0, 1], got {threshold}.")
    drop = pd.Series(X).duplicated(keep="first").to_numpy().copy()
    if threshold >= 1:
        return drop
    unique = np.flatnonzero(~drop)
    try:
        vectors = TfidfVectorizer().fit_transform(X[unique])  # rows are L2-normalised: dot = cosine
    except ValueError:  # no word of two or more characters anywhere: only exact repeats can be found
        return drop
    near = np.zeros(len(unique), dtype=bool)
    for start in range(0, len(unique), block_size):
        sims = (vectors[start:start + block_size] @ vectors.T).toarray()
        for row, i in enumerate(range(start, min(start + block_size, len(unique)))):
            if near[i]:
                continue  # a dropped text does not drop others: groups are anchored on kept texts
            later = sims[row, i + 1:] > threshold
            near[i + 1:] |= later
    drop[unique[near]] = True
    return drop


class MajorityDeduplicator(TextSampler):
    """An imbalanced-learn sampler that removes duplicate and near-duplicate majority texts.

    Introduced in Chapter 8. Only the majority class is thinned; minority texts,
    repeats included, are all kept. Use it first in an
    ``imblearn.pipeline.Pipeline`` so that it runs on training data only.
    Pandas in gives pandas out, with the kept rows' index.

    Parameters
    ----------
    threshold : float
        Cosine similarity above which two majority texts count as duplicates, see
        :func:`duplicate_mask`.
    sampling_strategy : "auto"
        imbalanced-learn's cleaning strategy: ``"auto"`` thins every class but
        the minority, that is, the majority.

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes thinned (imbalanced-learn's cleaning strategy).
    sample_indices_ : numpy.ndarray
        Indices of the rows kept, in their original order.
    """

    _sampling_type = "clean-sampling"
    _parameter_constraints: dict = {"threshold": [Real], "sampling_strategy": [str, dict, list]}

    def __init__(self, threshold: float = 0.9, sampling_strategy="auto"):
        self.threshold = threshold
        self.sampling_strategy = sampling_strategy

    def _fit_resample(self, X, y):
        drop = np.zeros(len(X), dtype=bool)
        for label in self.sampling_strategy_:
            rows = np.flatnonzero(y == label)
            drop[rows] = duplicate_mask(X[rows], self.threshold)
        self.sample_indices_ = np.flatnonzero(~drop)
        return X[self.sample_indices_], y[self.sample_indices_]

    def fit_resample(self, X, y, **params):
        """Return the texts and labels without the majority's duplicates (pandas in, pandas out)."""
        X_res, y_res = super().fit_resample(X, y, **params)
        for given, out in ((X, X_res), (y, y_res)):
            if isinstance(given, (pd.Series, pd.DataFrame)):
                out.index = given.index[self.sample_indices_]
        return X_res, y_res
