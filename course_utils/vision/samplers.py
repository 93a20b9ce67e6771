"""Index samplers: which training images each pass (epoch) of the training loop visits.

Introduced in Chapter 5. A sampler never copies pixels: it returns positions
into the training tensors, which stay on the device. Every sampler has
``epoch()``, the indices of the next pass, in the order to visit them.
Samplers that learn from the model (:class:`DynamicSampler`) also take
``feedback(per_class_f1)`` after each pass, measured on the validation split.
"""

from __future__ import annotations

import numpy as np
import torch
from imblearn.over_sampling import RandomOverSampler as _ImbROS
from imblearn.under_sampling import RandomUnderSampler as _ImbRUS

from .checks import check_labels


class IndexSampler:
    """Base class: holds the labels and a random generator; ``epoch()`` shuffles all indices.

    Introduced in Chapter 5.

    Parameters
    ----------
    labels : array-like of int, shape (n,)
        Classes of the training images, in the order of the training tensors.
    random_state : int or None
        Seed of every draw this sampler makes.
    """

    needs_feedback = False

    def __init__(self, labels, random_state: int | None = None):
        self.labels = check_labels(labels)
        self.n_classes = int(self.labels.max()) + 1
        self.counts = np.bincount(self.labels, minlength=self.n_classes)
        self.rng = np.random.default_rng(random_state)

    def epoch(self) -> np.ndarray:
        return self.rng.permutation(len(self.labels))

    def _seed(self) -> int:
        return int(self.rng.integers(2**31 - 1))


class ShuffleSampler(IndexSampler):
    """Every training image once per pass, in random order (no rebalancing).

    Introduced in Chapter 5.
    """


class _ImblearnIndexSampler(IndexSampler):
    """An imbalanced-learn sampler applied to indices, drawn afresh each pass."""

    _imblearn_class = None

    def __init__(self, labels, sampling_strategy="auto", random_state: int | None = None):
        super().__init__(labels, random_state)
        self.sampling_strategy = sampling_strategy

    def epoch(self) -> np.ndarray:
        sampler = self._imblearn_class(sampling_strategy=self.sampling_strategy, random_state=self._seed())
        positions, _ = sampler.fit_resample(np.arange(len(self.labels)).reshape(-1, 1), self.labels)
        return self.rng.permutation(positions.ravel())


class RandomOverIndexSampler(_ImblearnIndexSampler):
    """imbalanced-learn's random over-sampling, drawn afresh each pass, on indices.

    Introduced in Chapter 5. ``sampling_strategy`` is imbalanced-learn's.
    """

    _imblearn_class = _ImbROS


class RandomUnderIndexSampler(_ImblearnIndexSampler):
    """imbalanced-learn's random under-sampling, drawn afresh each pass, on indices.

    Introduced in Chapter 5. ``sampling_strategy`` is imbalanced-learn's; each
    pass sees a different subset of the head classes.
    """

    _imblearn_class = _ImbRUS


def class_balanced_weights(labels) -> torch.Tensor:
    """Per-sample weights ``1 / n_c`` for torch's ``WeightedRandomSampler``.

    Introduced in Chapter 5. With these weights every class is drawn with the
    same probability.
    """
    labels = check_labels(labels)
    counts = np.bincount(labels)
    return torch.as_tensor(1.0 / counts[labels], dtype=torch.double)


class WeightedSampler(IndexSampler):
    """torch's ``WeightedRandomSampler`` with class-balanced weights (by default).

    Introduced in Chapter 5. Each pass draws ``num_samples`` indices (default:
    the training set's size) with replacement.
    """

    def __init__(self, labels, weights=None, num_samples: int | None = None,
                 random_state: int | None = None):
        super().__init__(labels, random_state)
        self.weights = class_balanced_weights(self.labels) if weights is None else torch.as_tensor(weights)
        if len(self.weights) != len(self.labels):
            raise ValueError(f"{len(self.weights)} weights for {len(self.labels)} labels.")
        self.num_samples = len(self.labels) if num_samples is None else int(num_samples)

    def epoch(self) -> np.ndarray:
        generator = torch.Generator().manual_seed(self._seed())
        sampler = torch.utils.data.WeightedRandomSampler(
            self.weights, self.num_samples, replacement=True, generator=generator
        )
        return np.fromiter(iter(sampler), dtype=np.int64, count=self.num_samples)


def dynamic_sample_sizes(per_class_f1, total: int) -> np.ndarray:
    """Class sizes of the next pass under dynamic sampling (Pouyanfar et al., 2018).

    Introduced in Chapter 5. Class ``j`` gets a share
    ``(1 - F1_j) / sum_k (1 - F1_k)`` of ``total`` images: classes the model
    gets wrong are drawn more. If every F1 is 1 the shares are equal.

    Parameters
    ----------
    per_class_f1 : array-like of float in [0, 1]
        F1 score of each class, measured on the validation split.
    total : int
        Images in the next pass.
    """
    f1 = np.asarray(per_class_f1, dtype=float)
    if f1.ndim != 1 or len(f1) < 2 or np.any((f1 < 0) | (f1 > 1)) or np.any(np.isnan(f1)):
        raise ValueError("per_class_f1 must hold one F1 score in [0, 1] per class (at least 2).")
    errors = 1.0 - f1
    shares = errors / errors.sum() if errors.sum() > 0 else np.full(len(f1), 1 / len(f1))
    return np.round(shares * total).astype(np.int64)


class DynamicSampler(IndexSampler):
    """Dynamic sampling: class sizes follow the classes' validation F1 (Pouyanfar et al., 2018).

    Introduced in Chapter 5. The first pass is class-balanced; after each pass
    the training loop calls :meth:`feedback` with per-class F1 on the
    validation split (never the test set, which the published notebook used),
    and the next pass draws :func:`dynamic_sample_sizes` images per class:
    without replacement where a class has enough, with replacement where not.

    The paper scales the shares by the mean class size; here a pass holds
    ``samples_per_epoch`` images (default: the training set's size), so a pass
    costs as much as the baseline's and only the shares change.
    """

    needs_feedback = True

    def __init__(self, labels, samples_per_epoch: int | None = None, random_state: int | None = None):
        super().__init__(labels, random_state)
        self.samples_per_epoch = len(self.labels) if samples_per_epoch is None else int(samples_per_epoch)
        self.sizes = dynamic_sample_sizes(np.zeros(self.n_classes), self.samples_per_epoch)
        self._by_class = [np.flatnonzero(self.labels == c) for c in range(self.n_classes)]

    def feedback(self, per_class_f1) -> None:
        self.sizes = dynamic_sample_sizes(per_class_f1, self.samples_per_epoch)

    def epoch(self) -> np.ndarray:
        parts = [self.rng.choice(pool, size=n, replace=n > len(pool))
                 for pool, n in zip(self._by_class, self.sizes) if n > 0]
        return self.rng.permutation(np.concatenate(parts))


class DeferredSampler(IndexSampler):
    """Deferred re-sampling: one sampler for the first passes, another after.

    Introduced in Chapter 5. Typically plain shuffling first (the features are
    learnt from the natural distribution), then a re-balancing sampler.
    """

    def __init__(self, first: IndexSampler, then: IndexSampler, switch_epoch: int):
        if len(first.labels) != len(then.labels):
            raise ValueError("both samplers must index the same training set.")
        if switch_epoch < 1:
            raise ValueError(f"switch_epoch must be at least 1, got {switch_epoch}.")
        self.first, self.then, self.switch_epoch = first, then, switch_epoch
        self.labels, self.n_classes, self.counts = first.labels, first.n_classes, first.counts
        self.passes = 0

    @property
    def needs_feedback(self) -> bool:
        return self._current().needs_feedback

    def feedback(self, per_class_f1) -> None:
        self._current().feedback(per_class_f1)

    def epoch(self) -> np.ndarray:
        indices = self._current().epoch()
        self.passes += 1
        return indices

    def _current(self) -> IndexSampler:
        return self.first if self.passes < self.switch_epoch else self.then


def plain_sampler(labels, seed: int) -> ShuffleSampler:
    """The baseline's sampler: every training image once per pass, shuffled.

    Introduced in Chapter 5, as a factory for :class:`~course_utils.vision.Method`.
    """
    return ShuffleSampler(labels, seed)


def balanced_sampler(labels, seed: int) -> RandomOverIndexSampler:
    """Random over-sampling of every class up to the largest, drawn afresh each pass.

    Introduced in Chapter 5, as a factory for :class:`~course_utils.vision.Method`;
    Chapters 6 and 7 build on it.
    """
    return RandomOverIndexSampler(labels, random_state=seed)
