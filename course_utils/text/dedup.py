"""Thin the majority class by removing exact and near-duplicate texts.

Introduced in Chapter 8. Much of the ham in the SMS Spam Collection repeats
("Sorry, I'll call later" appears dozens of times). Removing repeats from the
majority class under-samples it without discarding anything the model has not
seen in another copy. Near-duplicates are pairs whose TF-IDF vectors have a
cosine similarity above a threshold; of each group the first text is kept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer

from .augment import _minority_and_counts
from .split import _as_texts

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
    X = _as_texts(texts)
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


class MajorityDeduplicator(BaseEstimator):
    """An imbalanced-learn sampler that removes duplicate and near-duplicate majority texts.

    Introduced in Chapter 8. Only the majority class is thinned; minority texts,
    repeats included, are all kept. Use it first in an
    ``imblearn.pipeline.Pipeline`` so that it runs on training data only.

    Parameters
    ----------
    threshold : float
        Cosine similarity above which two majority texts count as duplicates, see
        :func:`duplicate_mask`.

    Attributes
    ----------
    sample_indices_ : numpy.ndarray
        Indices of the rows kept, in their original order.
    """

    _estimator_type = "sampler"

    def __init__(self, threshold: float = 0.9):
        self.threshold = threshold

    def fit(self, X, y):
        """Check the input; the work happens in :meth:`fit_resample`."""
        self.fit_resample(X, y)
        return self

    def fit_resample(self, X, y):
        """Return the texts and labels without the majority's duplicates (pandas in, pandas out)."""
        texts = _as_texts(X)
        labels = np.asarray(y)
        if labels.shape != texts.shape:
            raise ValueError(f"{len(texts)} texts but labels of shape {labels.shape}.")
        minority, _, _ = _minority_and_counts(labels)
        majority = np.flatnonzero(labels != minority)
        drop = np.zeros(len(texts), dtype=bool)
        drop[majority] = duplicate_mask(texts[majority], self.threshold)
        self.sample_indices_ = np.flatnonzero(~drop)
        if isinstance(X, pd.Series):
            return X.iloc[self.sample_indices_], (y.iloc[self.sample_indices_] if isinstance(y, pd.Series)
                                                   else labels[self.sample_indices_])
        return texts[self.sample_indices_], labels[self.sample_indices_]
