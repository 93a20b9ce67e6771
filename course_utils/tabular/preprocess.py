"""Preprocessing for the credit card fraud data, as scikit-learn transformers.

Introduced in Chapter 2. Each transformer takes a pandas DataFrame and returns
one with the same columns (a column is replaced in place, never moved), so it
sits inside an imbalanced-learn ``Pipeline`` before a sampler: the sampler then
measures distances on comparable scales, and everything is fit on the training
fold only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

__all__ = ["FraudPreprocessor", "HourOfDay", "LogAmount", "subsample_majority"]

_SECONDS_PER_HOUR = 3600.0


class _ColumnTransformerBase(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Replace one named column of a DataFrame by a function of itself."""

    def fit(self, X, y=None):
        X = self._check_frame(X, fitting=True)
        self.feature_names_in_ = np.asarray(X.columns, dtype=object)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X):
        check_is_fitted(self, "feature_names_in_")
        X = self._check_frame(X, fitting=False)
        out = X.copy()
        out[self.column] = self._forward(X[self.column].to_numpy(dtype=float))
        return out

    def _check_frame(self, X, fitting):
        if not isinstance(X, pd.DataFrame):
            raise TypeError(
                f"{type(self).__name__} needs a pandas DataFrame with a {self.column!r} column, "
                f"got {type(X).__name__}."
            )
        if self.column not in X.columns:
            raise ValueError(f"{type(self).__name__}: column {self.column!r} is missing; columns are {list(X.columns)}.")
        if not fitting and list(X.columns) != list(self.feature_names_in_):
            raise ValueError(
                f"{type(self).__name__}: columns differ from those seen in fit "
                f"({list(self.feature_names_in_)})."
            )
        return X


class LogAmount(_ColumnTransformerBase):
    """Replace the transaction amount by ``log(1 + amount)``.

    Introduced in Chapter 2. Amounts are heavily right-skewed (most are small,
    a few are thousands); the log spreads the small ones and tames the tail, so
    that distance-based samplers and linear models are not ruled by a few large
    payments. An amount of 0 stays 0.

    Parameters
    ----------
    column : str, default="Amount"
        The column to transform; it must be non-negative.
    """

    def __init__(self, column="Amount"):
        self.column = column

    def _forward(self, values):
        if np.any(values < 0):
            raise ValueError(f"LogAmount: column {self.column!r} has negative values; amounts must be >= 0.")
        return np.log1p(values)

    def inverse_transform(self, X):
        """Map log-amounts back to amounts (``exp(x) - 1``)."""
        check_is_fitted(self, "feature_names_in_")
        X = self._check_frame(X, fitting=False)
        out = X.copy()
        out[self.column] = np.expm1(X[self.column].to_numpy(dtype=float))
        return out


class HourOfDay(_ColumnTransformerBase):
    """Replace seconds since the first transaction by the hour of the day, in [0, 24).

    Introduced in Chapter 2. ``Time`` in the fraud data counts seconds over two
    days, so its raw value mostly says *which* day; the hour of the day is what
    carries signal (frauds are relatively more frequent at night).

    Parameters
    ----------
    column : str, default="Time"
        The column of elapsed seconds.
    """

    def __init__(self, column="Time"):
        self.column = column

    def _forward(self, values):
        return (values / _SECONDS_PER_HOUR) % 24.0


class FraudPreprocessor(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """The course's preprocessing for the fraud data: hour of day, log-amount, then scaling.

    Introduced in Chapter 2. One transformer (imbalanced-learn's ``Pipeline``
    does not accept a nested pipeline before a sampler) that applies
    :class:`HourOfDay`, :class:`LogAmount` and a ``StandardScaler`` fit on the training
    data. DataFrame in, DataFrame with the same columns and index out.

    Attributes
    ----------
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted steps ``hour``, ``log_amount`` and ``scale``.
    """

    def fit(self, X, y=None):
        steps = [("hour", HourOfDay()), ("log_amount", LogAmount()), ("scale", StandardScaler())]
        self.pipeline_ = Pipeline(steps).set_output(transform="pandas").fit(X)
        self.feature_names_in_ = self.pipeline_.feature_names_in_
        self.n_features_in_ = self.pipeline_.n_features_in_
        return self

    def transform(self, X):
        check_is_fitted(self, "pipeline_")
        return self.pipeline_.transform(X)


def subsample_majority(frame, n_majority=None, target="Class", random_state=0):
    """Keep every minority row and ``n_majority`` majority rows drawn at random.

    Introduced in Chapter 2, where the quick profile runs on all frauds plus a
    sample of normal transactions. Rows keep their original order and index.

    Parameters
    ----------
    frame : pandas.DataFrame
        The data, with a binary ``target`` column.
    n_majority : int or None, default=None
        Majority rows to keep; ``None`` (or a number at least the majority's
        size) keeps the frame as it is.
    target : str, default="Class"
        The label column.
    random_state : int, default=0
        Seed of the draw.

    Returns
    -------
    pandas.DataFrame
    """
    counts = frame[target].value_counts()
    if len(counts) != 2:
        raise ValueError(f"subsample_majority needs two classes in {target!r}, got {counts.to_dict()}.")
    majority = counts.idxmax()
    is_majority = frame[target] == majority
    if n_majority is None or n_majority >= is_majority.sum():
        return frame
    if n_majority < 1:
        raise ValueError(f"n_majority must be a positive integer or None, got {n_majority}.")
    kept = frame[is_majority].sample(n=n_majority, random_state=random_state).index
    return frame[~is_majority | frame.index.isin(kept)]
