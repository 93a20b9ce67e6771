"""What several figure families share: the two class colours and new Axes on demand."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

CLASS_COLORS = ("tab:blue", "tab:orange")


def new_axes(ax, figsize=(6, 4)):
    """``ax``, or the Axes of a new figure when it is None (Introduced in Chapter 1)."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def new_axes_row(axes, n, figsize):
    """``axes`` as a flat array of ``n``, or a new row of ``n`` Axes (Introduced in Chapter 1)."""
    if axes is None:
        _, axes = plt.subplots(1, n, figsize=figsize)
    axes = np.asarray(axes).ravel()
    if axes.size != n:
        raise ValueError(f"axes must hold {n} Axes, got {axes.size}.")
    return axes
