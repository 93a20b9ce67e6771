"""Loaders for tabular data: the credit card fraud transactions."""

from __future__ import annotations

import pandas as pd

from .fetch import resolve

_GZIP_MAGIC = b"\x1f\x8b"


def load_creditcard(path=None) -> pd.DataFrame:
    """Load the ULB credit card fraud data: 284,807 transactions, 492 of them frauds.

    Introduced in Chapter 2.

    Parameters
    ----------
    path : str, os.PathLike or None
        ``creditcard.csv`` or ``creditcard.csv.gz`` itself, or a folder laid out like
        ``shared/data``. ``None`` looks in ``COURSE_UTILS_DATA``, then the cache, then
        downloads (see :func:`course_utils.data.resolve`).

    Returns
    -------
    pandas.DataFrame
        Columns ``Time, V1..V28, Amount, Class`` (31 columns); ``Class`` is an
        ``int64`` column, 1 for fraud.
    """
    file = resolve("creditcard", path)["creditcard"]
    # The mirror stores the CSV gzip-compressed and a download is plain; a path given
    # by hand may be either whatever its name, so look at the bytes, not the suffix.
    with open(file, "rb") as stream:
        compression = "gzip" if stream.read(2) == _GZIP_MAGIC else None
    frame = pd.read_csv(file, compression=compression)
    # Kaggle's file quotes the labels ("0", "1").
    frame["Class"] = frame["Class"].astype("int64")
    return frame
