"""Imbalanced-learn samplers on raw texts, and the minority augmentation they run.

Introduced in Chapter 8.

* :class:`TextSampler`: imbalanced-learn's ``BaseSampler`` with the input check
  changed for text (a 1-D sequence of strings instead of a numeric 2-D array);
  the text samplers subclass it;
* :func:`augment_minority` and :class:`MinorityAugmenter`: add augmented copies of
  minority texts until the minority reaches a target ratio to the majority.

Leakage: augmentation must only ever see training texts. :class:`MinorityAugmenter`
is an imbalanced-learn sampler, so in an ``imblearn.pipeline.Pipeline`` placed
before the vectoriser it runs inside ``fit`` only; ``predict`` and
``predict_proba`` skip samplers, so validation and test texts are never augmented
and never shape the vocabulary.
"""

from __future__ import annotations

import math
from numbers import Integral, Real

import numpy as np
import pandas as pd
from imblearn.base import BaseSampler
from imblearn.utils import check_target_type

from ..seeding import numpy_generator, seeded_globals
from .augmenters import augment_texts
from .split import check_texts, minority_and_counts

__all__ = ["MinorityAugmenter", "TextSampler", "augment_minority"]


class TextSampler(BaseSampler):
    """Base of the text samplers: imbalanced-learn's protocol on a 1-D sequence of strings.

    Introduced in Chapter 8. ``fit_resample`` is imbalanced-learn's own
    (target checks, ``sampling_strategy_``, list in -> list out, pandas in ->
    pandas out); only the input check differs: imbalanced-learn's
    ``validate_data`` wants a numeric 2-D array, a text sampler wants texts.
    The target is checked first, so a target of the wrong kind (continuous,
    multilabel, a single class) is refused with imbalanced-learn's messages
    whatever ``X`` is.
    """

    _parameter_constraints: dict = {}  # subclasses name theirs (plain types: no private sklearn import)

    def _check_X_y(self, X, y, accept_sparse=None):
        y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
        minority_and_counts(y)  # two classes, or a ValueError that says so
        X = check_texts(X, "X")
        if len(X) != len(y):
            raise ValueError(f"{len(X)} texts but {len(y)} labels.")
        return X, y, binarize_y

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.sparse = False
        tags.input_tags.string = True
        return tags


def augment_minority(texts, labels, augmenter, target_ratio: float = 1.0, random_state=None):
    """Add augmented copies of minority texts until ``n_minority / n_majority`` reaches ``target_ratio``.

    Introduced in Chapter 8. Pass training texts only: this function has no
    notion of a test set, which is why the course calls it through
    :class:`MinorityAugmenter` inside a pipeline's ``fit``.

    Each original minority text is the source of the same number of copies
    (give or take one): sources are drawn as repeated random permutations.

    Parameters
    ----------
    texts : sequence of str or pandas.Series
        Non-empty training texts.
    labels : array-like
        Two classes; the rarer one is augmented.
    augmenter : nlpaug augmenter, :class:`~course_utils.text.OneOf` or callable
        Called once on the list of all source texts (so it can batch).
    target_ratio : float
        Minority-to-majority ratio after augmentation, in (current ratio, 1].
    random_state : int or None
        ``None``: fresh entropy; an int makes the call repeat exactly. Seeds the
        choice of sources and nlpaug's random draws
        (:func:`course_utils.seeding.seeded_globals`, which restores the global
        generators afterwards).

    Returns
    -------
    texts, labels
        Originals first, then the new texts; a Series in gives a Series out.
    """
    X = check_texts(texts)
    y = np.asarray(labels)
    if y.shape != X.shape:
        raise ValueError(f"{len(X)} texts but labels of shape {y.shape}.")
    minority, n_min, n_maj = minority_and_counts(y)
    if not (isinstance(target_ratio, (int, float)) and 0 < target_ratio <= 1):
        raise ValueError(f"target_ratio should be in (0, 1], got {target_ratio!r}.")
    n_target = math.ceil(target_ratio * n_maj)
    if n_target < n_min:
        raise ValueError(f"target_ratio {target_ratio} is below the current ratio {n_min / n_maj:.3f}: "
                         "augmentation only adds minority texts.")
    n_new = n_target - n_min
    rng = numpy_generator(random_state)
    sources = np.flatnonzero(y == minority)
    picks = np.concatenate([rng.permutation(sources) for _ in range(math.ceil(n_new / len(sources)))] or
                           [np.empty(0, dtype=int)])[:n_new]
    # nlpaug draws from Python's and NumPy's global generators; the modulo keeps the draw a valid seed
    with seeded_globals(int(rng.integers(2**31)) % (2**31 - 1)):
        new = augment_texts(augmenter, X[picks].tolist())
    X_out = np.concatenate([X, np.asarray(new, dtype=object)])
    y_out = np.concatenate([y, np.full(n_new, minority, dtype=y.dtype)])
    if isinstance(texts, pd.Series):
        return pd.Series(X_out, name=texts.name), pd.Series(y_out, name=getattr(labels, "name", None))
    return X_out, y_out


class MinorityAugmenter(TextSampler):
    """An imbalanced-learn sampler that grows the minority class with augmented texts.

    Introduced in Chapter 8. Put it first in an ``imblearn.pipeline.Pipeline``,
    before the vectoriser::

        Pipeline([("augment", MinorityAugmenter(make_eda(), 1.0, random_state=0)),
                  ("tfidf", TfidfVectorizer()), ("clf", LogisticRegression())])

    The pipeline calls :meth:`fit_resample` during ``fit`` only, on the data
    ``fit`` received, so validation and test texts are never augmented.

    Parameters
    ----------
    augmenter : nlpaug augmenter, :class:`~course_utils.text.OneOf` or callable
    sampling_strategy : float
        Target minority-to-majority ratio, see :func:`augment_minority`
        (imbalanced-learn's float ``sampling_strategy`` for binary targets).
    random_state : int or None
        ``None``: fresh entropy; an int makes the resampling repeat exactly.

    Attributes
    ----------
    sampling_strategy_ : dict
        ``{minority label: number of texts added}``.
    n_added_ : int
        Number of augmented texts appended.
    """

    _sampling_type = "over-sampling"
    _parameter_constraints: dict = {"sampling_strategy": [Real], "random_state": [None, Integral]}

    def __init__(self, augmenter=None, sampling_strategy: float = 1.0, random_state=None):
        self.augmenter = augmenter
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _fit_resample(self, X, y):
        if self.augmenter is None:
            raise ValueError("MinorityAugmenter needs an augmenter, e.g. make_eda().")
        X_res, y_res = augment_minority(X, y, self.augmenter, self.sampling_strategy, self.random_state)
        self.n_added_ = len(X_res) - len(X)
        # imbalanced-learn rounds the target down; augment_minority rounds it up (ceil): record what was added
        self.sampling_strategy_ = {minority_and_counts(y)[0]: self.n_added_}
        return X_res, y_res
