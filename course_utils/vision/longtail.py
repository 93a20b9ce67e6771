"""Long-tailed versions of balanced image data sets, and their validation split.

Introduced in Chapter 5.
"""

from __future__ import annotations

import numpy as np

from ..seeding import numpy_generator
from .checks import check_labels


def long_tail_counts(n_classes: int, imbalance_ratio: float = 100, head: int = 6000) -> np.ndarray:
    """Per-class sizes of an exponential long tail.

    Introduced in Chapter 5. Class ``c`` keeps
    ``int(head * (1 / imbalance_ratio) ** (c / (n_classes - 1)))`` images, so
    class 0 has ``head`` and the last class ``head / imbalance_ratio``.

    Raises
    ------
    ValueError
        If ``n_classes < 2``, ``imbalance_ratio < 1`` or ``head < 1``.
    """
    if n_classes < 2:
        raise ValueError(f"a long tail needs at least 2 classes, got {n_classes}.")
    if not imbalance_ratio >= 1:
        raise ValueError(f"imbalance_ratio must be >= 1 (head / tail), got {imbalance_ratio}.")
    if head < 1:
        raise ValueError(f"head must be a positive number of images, got {head}.")
    exponents = np.arange(n_classes) / (n_classes - 1)
    # int() truncates, as the published construction does (6000 * 0.01**(1/9) -> 3596).
    return np.array([int(head * (1 / imbalance_ratio) ** e) for e in exponents], dtype=np.int64)


def make_long_tail(labels, imbalance_ratio: float = 100, head: int = 6000, random_state: int | None = None,
                   exclude=None) -> np.ndarray:
    """Indices of a long-tailed subset of ``labels``.

    Introduced in Chapter 5. Class ``c`` (classes are ``0 .. C-1``) keeps
    :func:`long_tail_counts` images, drawn at random, capped at what exists.
    On MNIST's training set this gives 5923, 3596, 2156, 1292, 774, 464, 278,
    166, 100 and 60 images (14,809 in all): class 0 has only 5923.

    Parameters
    ----------
    labels : array-like of int, shape (n,)
        Class of each image.
    imbalance_ratio, head : see :func:`long_tail_counts`.
    random_state : int or None
        Seed of the draw (None: fresh entropy).
    exclude : array-like of int, optional
        Indices never to pick (a validation split reserved beforehand).

    Returns
    -------
    numpy.ndarray of int64
        Sorted indices into ``labels``.
    """
    labels = check_labels(labels)
    n_classes = int(labels.max()) + 1
    counts = long_tail_counts(n_classes, imbalance_ratio, head)
    allowed = np.ones(len(labels), dtype=bool)
    if exclude is not None:
        allowed[np.asarray(exclude, dtype=np.int64)] = False
    rng = numpy_generator(random_state)
    kept = []
    for c, n in enumerate(counts):
        pool = np.flatnonzero((labels == c) & allowed)
        kept.append(rng.choice(pool, size=min(n, len(pool)), replace=False))
    return np.sort(np.concatenate(kept))


def long_tail_split(labels, imbalance_ratio: float = 100, head: int = 6000,
                    val_per_class: int = 100, random_state: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A long-tailed training set and a class-balanced validation set, disjoint.

    Introduced in Chapter 5. The validation images (``val_per_class`` of each
    class) are reserved first, then the long tail is drawn from the rest, so
    no validation image is ever trained on. On MNIST the head class then keeps
    ``5923 - val_per_class`` images: it has fewer than ``head`` to begin with.
    The test set is not touched.

    Returns
    -------
    train_idx, val_idx : numpy.ndarray of int64
        Sorted indices into ``labels``.
    """
    labels = check_labels(labels)
    if val_per_class < 1:
        raise ValueError(f"val_per_class must be at least 1, got {val_per_class}.")
    rng = numpy_generator(random_state)
    val = []
    for c in range(int(labels.max()) + 1):
        pool = np.flatnonzero(labels == c)
        if len(pool) <= val_per_class:
            raise ValueError(
                f"class {c} has {len(pool)} images: too few to reserve {val_per_class} for validation."
            )
        val.append(rng.choice(pool, size=val_per_class, replace=False))
    val_idx = np.sort(np.concatenate(val))
    train_idx = make_long_tail(labels, imbalance_ratio, head, random_state=int(rng.integers(2**31)), exclude=val_idx)
    return train_idx, val_idx


def outside_validation(images, labels, val_idx):
    """Every image outside the validation split, with its labels: the balanced training set.

    Introduced in Chapter 5, for the ceiling (the same network and budget
    trained without a long tail); Chapters 5b and 6 train their ceilings and
    Chapter 7 its judge on it. Only the validation images are held out, so the
    validation split still chooses the checkpoints and never trains.

    Returns
    -------
    images, labels
        Indexed by the sorted positions not in ``val_idx``.
    """
    keep = np.setdiff1d(np.arange(len(labels)), val_idx)
    return images[keep], labels[keep]
