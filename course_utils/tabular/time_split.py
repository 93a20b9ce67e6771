"""Split the credit-card fraud data by time: train on the past, test on the future.

Introduced in Chapter 2b. The data's ``Time`` column counts seconds since the
first transaction over two days; a model in production scores transactions
that come after the ones it was trained on, which a shuffled split hides.
"""

from __future__ import annotations

from numbers import Real

import numpy as np

DAY_SECONDS = 86_400
"""Seconds in a day, to turn the ``Time`` column into days. Introduced in Chapter 2b."""


def _check_time(time):
    time = np.asarray(time, dtype=float)
    if time.ndim != 1 or not np.all(np.isfinite(time) & (time >= 0)):
        raise ValueError("time must be a 1-D array of finite non-negative seconds (the data's Time column).")
    return time


def transaction_day(time):
    """The day of each transaction: 0 for the first 24 hours, 1 for the next, and so on.

    Introduced in Chapter 2b. On the credit-card fraud data (two days) the
    result is 0 or 1.

    Parameters
    ----------
    time : array-like of shape (n,)
        Seconds since the first transaction.

    Returns
    -------
    ndarray of int, shape (n,)
    """
    return (_check_time(time) // DAY_SECONDS).astype(int)


def time_ordered_split(time, y, *, train=0.6, validation=0.2):
    """Positions of the earliest rows for training, the next for validation, the latest for testing.

    Introduced in Chapter 2b. Rows are sorted by ``time`` (a stable sort: equal
    times keep their row order) and cut by count, so no training row is later
    than a validation row, and no validation row later than a test row; rows
    sharing the second of a cut may fall on either side of it.

    Parameters
    ----------
    time : array-like of shape (n,)
        Seconds since the first transaction (the ``Time`` column).
    y : array-like of shape (n,)
        Labels 0/1; every part must receive at least one 1.
    train, validation : float, default=0.6, 0.2
        Shares of the rows for training and validation; the test part gets the
        rest. Both positive, with ``train + validation < 1``.

    Returns
    -------
    train_idx, val_idx, test_idx : ndarray of int
        Row positions into ``time`` and ``y``, each in time order.

    Raises
    ------
    ValueError
        If the shares are not as above, the lengths differ, ``y`` is not 0/1,
        or a part holds no positive (too few frauds, or the shares too small).
    """
    time = _check_time(time)
    y = np.asarray(y)
    if y.shape != time.shape or not np.isin(y, (0, 1)).all():
        raise ValueError(f"y must hold one label 0 or 1 per row of time ({time.size}), got shape {y.shape}.")
    for name, share in (("train", train), ("validation", validation)):
        if not isinstance(share, Real) or not share > 0:
            raise ValueError(f"{name} must be a positive share of the rows, got {share!r}.")
    if train + validation >= 1:
        raise ValueError(f"train + validation must leave rows for the test part, got {train} + {validation}.")
    order = np.argsort(time, kind="stable")
    cuts = np.round(np.array([train, train + validation]) * time.size).astype(int)
    parts = np.split(order, cuts)
    for name, part in zip(("train", "validation", "test"), parts):
        if not y[part].any():
            raise ValueError(f"the {name} part ({part.size} rows) holds no positive; change the shares or the data.")
    return tuple(parts)
