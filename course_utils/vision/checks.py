"""Input checks the image modules share.

Introduced in Chapter 5.
"""

from __future__ import annotations

import numpy as np


def check_labels(labels) -> np.ndarray:
    """Class labels as a 1-D int64 NumPy array of values 0 .. C-1 (from a tensor, list or array).

    Introduced in Chapter 5.

    Raises
    ------
    ValueError
        If the labels are empty, not 1-D, not integers, or negative.
    """
    if hasattr(labels, "cpu"):
        labels = labels.cpu().numpy()
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) == 0:
        raise ValueError(f"labels must be a non-empty 1-D array, got shape {labels.shape}.")
    if not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0:
        raise ValueError("labels must be non-negative integers 0 .. C-1.")
    return labels.astype(np.int64)
