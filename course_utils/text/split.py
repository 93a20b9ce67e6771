"""Train / validation / test splits of labelled texts, and binary label encoding.

Introduced in Chapter 8. The published protocol for the SMS Spam Collection is a
stratified 75/25 train/test split. Every choice a method makes (a regularisation
strength, a threshold, how many augmented copies) is made on a validation split
carved, stratified, from the training part; the test part is only scored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

__all__ = ["TextSplit", "encode_labels", "split_texts", "stratified_subset"]


def check_texts(texts, what: str = "texts") -> np.ndarray:
    """Validate a 1-D collection of non-empty strings and return it as an object array.

    Introduced in Chapter 8; the text wing's samplers and models validate their input with it.
    """
    if isinstance(texts, str):
        raise TypeError(f"{what} should be a sequence of strings, not a single string.")
    array = np.asarray(list(texts), dtype=object)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{what} should be a non-empty 1-D sequence of strings, got shape {array.shape}.")
    bad = [i for i, t in enumerate(array) if not isinstance(t, str)]
    if bad:
        raise TypeError(f"{what} should hold strings only; item {bad[0]} is {type(array[bad[0]]).__name__}.")
    empty = [i for i, t in enumerate(array) if not t.strip()]
    if empty:
        raise ValueError(f"{what} holds {len(empty)} empty or blank string(s), the first at position {empty[0]}.")
    return array


def minority_and_counts(labels) -> tuple[object, int, int]:
    """The minority label of a two-class target, and the sizes of its minority and majority classes.

    Introduced in Chapter 8; the text samplers use it.

    Raises
    ------
    ValueError
        If ``labels`` does not hold exactly two classes.
    """
    classes, counts = np.unique(np.asarray(labels), return_counts=True)
    if len(classes) != 2:
        raise ValueError(f"expected exactly two classes, got {len(classes)}: {classes.tolist()[:5]}.")
    return classes[np.argmin(counts)], int(counts.min()), int(counts.max())


def encode_labels(labels, positive: str = "spam", negative: str = "ham") -> np.ndarray:
    """Map string labels to 0/1 integers, ``positive`` -> 1 and ``negative`` -> 0.

    Introduced in Chapter 8.

    Raises
    ------
    ValueError
        If a label is neither ``positive`` nor ``negative`` (the message lists them).
    """
    array = np.asarray(labels, dtype=object)
    unknown = sorted({str(v) for v in array} - {positive, negative})
    if unknown:
        raise ValueError(f"unknown label(s) {unknown}; expected only {negative!r} and {positive!r}.")
    return (array == positive).astype(np.int64)


@dataclass(frozen=True)
class TextSplit:
    """Texts and 0/1 labels split into train, validation and test parts.

    Introduced in Chapter 8. ``train`` + ``val`` together are the published
    protocol's training set (:meth:`train_val`): a method that made its choices on
    ``val`` is refitted there before it is scored on ``test``.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray

    def train_val(self) -> tuple[np.ndarray, np.ndarray]:
        """Training and validation parts together (originals in split order)."""
        return (np.concatenate([self.X_train, self.X_val]),
                np.concatenate([self.y_train, self.y_val]))

    def counts(self) -> pd.DataFrame:
        """Messages per part and class, a row per part."""
        rows = {name: np.bincount(y, minlength=2)
                for name, y in (("train", self.y_train), ("val", self.y_val), ("test", self.y_test))}
        return pd.DataFrame.from_dict(rows, orient="index", columns=["ham (0)", "spam (1)"])


def split_texts(texts, labels, test_size: float = 0.25, val_size: float = 0.2,
                random_state=None) -> TextSplit:
    """Stratified train / validation / test split of texts with 0/1 labels.

    Introduced in Chapter 8. First ``test_size`` of the data is held out
    (stratified, the published 75/25 protocol), then ``val_size`` of the rest is
    carved out, stratified, for validation.

    Parameters
    ----------
    texts : sequence of str
        Non-empty messages.
    labels : array-like of int
        0 (majority) or 1 (minority), see :func:`encode_labels`.
    test_size, val_size : float
        Fractions in (0, 1): of all data, then of the training part.
    random_state : int or None
        Seed of both splits.

    Returns
    -------
    TextSplit
    """
    X = check_texts(texts)
    y = np.asarray(labels)
    if y.shape != X.shape:
        raise ValueError(f"{len(X)} texts but labels of shape {y.shape}.")
    if not set(np.unique(y)) <= {0, 1}:
        raise ValueError(f"labels should be 0/1 integers, got {sorted(np.unique(y).tolist())[:5]}; "
                         "use encode_labels first.")
    for name, size in (("test_size", test_size), ("val_size", val_size)):
        if not 0 < size < 1:
            raise ValueError(f"{name} should be a fraction in (0, 1), got {size}.")
    y = y.astype(np.int64)
    X_rest, X_test, y_rest, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=random_state)
    X_train, X_val, y_train, y_val = train_test_split(
        X_rest, y_rest, test_size=val_size, stratify=y_rest, random_state=random_state)
    return TextSplit(X_train, y_train, X_val, y_val, X_test, y_test)


def stratified_subset(texts, labels, n: int | None, random_state=None):
    """``n`` texts and labels drawn without replacement, class shares kept; ``None`` keeps all.

    Introduced in Chapter 8 (the quick profile runs on a subset).
    """
    X = check_texts(texts)
    y = np.asarray(labels)
    if n is None or n >= len(X):
        return X, y
    if n < 2:
        raise ValueError(f"n should be at least 2, got {n}.")
    X_sub, _, y_sub, _ = train_test_split(X, y, train_size=n, stratify=y, random_state=random_state)
    return X_sub, y_sub
