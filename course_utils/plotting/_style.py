"""What several figure families share: the two class colours and new Axes on demand."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

_CLASS_COLORS = ("tab:blue", "tab:orange")


def _new_axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _new_axes_row(axes, n, figsize):
    if axes is None:
        _, axes = plt.subplots(1, n, figsize=figsize)
    axes = np.asarray(axes).ravel()
    if axes.size != n:
        raise ValueError(f"axes must hold {n} Axes, got {axes.size}.")
    return axes
