"""Figures of Chapters 5-7 (images): class counts, per-class accuracy, image rows and grids."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from course_utils.plotting._style import new_axes


# ---------------------------------------------------------------------------
# Chapter 5: long-tailed images
# ---------------------------------------------------------------------------


def plot_class_counts(counts, ax=None, title="Training images per class", class_names=None, log=True):
    """Bars of the number of images per class, each labelled with its count.

    Introduced in Chapter 5.

    Parameters
    ----------
    counts : array-like of int
        Images of each class, in class order.
    ax : matplotlib.axes.Axes, optional
    title : str
    class_names : sequence of str, optional
        Tick labels; default: the class numbers.
    log : bool, default=True
        A logarithmic y axis, on which an exponential tail is a straight line.

    Returns
    -------
    matplotlib.axes.Axes
    """
    counts = np.asarray(counts)
    ax = new_axes(ax, figsize=(7, 3.5))
    names = [str(c) for c in range(len(counts))] if class_names is None else list(class_names)
    bars = ax.bar(names, counts, color="tab:blue")
    ax.bar_label(bars, labels=[f"{c:,}" for c in counts], fontsize="small", padding=2)
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="class", ylabel="images" + (" (log scale)" if log else ""), title=title)
    ax.margins(y=0.15)
    return ax


def plot_per_class_accuracy(results, ax=None, group="method", class_names=None):
    """Heat map of the mean per-class test accuracy of each method, annotated in percent.

    Introduced in Chapter 5.

    Parameters
    ----------
    results : pandas.DataFrame
        Tidy results with columns ``group``, ``metric`` and ``value``, whose metrics
        ``class_0``, ``class_1``, ... hold per-class accuracies (e.g. from
        :func:`course_utils.vision.run_methods`).
    ax : matplotlib.axes.Axes, optional
    group : str, default="method"
        Column naming the rows of the map, in order of appearance.
    class_names : sequence of str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    per_class = results[results["metric"].str.fullmatch(r"class_\d+")]
    if per_class.empty:
        raise ValueError("results hold no per-class metrics class_0, class_1, ...")
    rows = list(dict.fromkeys(per_class[group]))
    columns = sorted(per_class["metric"].unique(), key=lambda m: int(m.split("_")[1]))
    table = per_class.groupby([group, "metric"])["value"].mean().unstack("metric").reindex(index=rows, columns=columns)
    ax = new_axes(ax, figsize=(1 + 0.8 * len(columns), 0.45 * len(rows) + 1.5))
    image = ax.imshow(table.to_numpy(), cmap="viridis", vmin=np.nanmin(table.to_numpy()), vmax=1.0, aspect="auto")
    threshold = np.nanmean(table.to_numpy())
    for (i, j), value in np.ndenumerate(table.to_numpy()):
        ax.text(j, i, f"{100 * value:.1f}", ha="center", va="center", fontsize="small",
                color="white" if value < threshold else "black")
    names = [c.split("_")[1] for c in columns] if class_names is None else list(class_names)
    ax.set(xticks=range(len(columns)), xticklabels=names, yticks=range(len(rows)), yticklabels=rows,
           xlabel="class", title="Test accuracy per class (%), mean over seeds")
    ax.figure.colorbar(image, ax=ax, fraction=0.03, pad=0.02)
    return ax


# ---------------------------------------------------------------------------
# Chapter 6: augmentation and mixing
# ---------------------------------------------------------------------------


def plot_image_rows(rows, axes=None, cmap="gray", size=1.1):
    """A grid of small images: one row per named set, its name on the left.

    Introduced in Chapter 6 (the augmentation gallery).

    Parameters
    ----------
    rows : mapping of str -> sequence of images
        Each image is ``(H, W)`` or ``(1, H, W)`` (a tensor or an array, any
        range: each image is scaled to its own minimum and maximum). Rows may
        hold different numbers of images; the grid is as wide as the longest.
    axes : 2-D array of matplotlib.axes.Axes, optional
        ``len(rows)`` by the longest row; a new figure if omitted.
    cmap : str
    size : float
        Inches per image in a new figure.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
    """
    rows = {name: [np.asarray(getattr(im, "cpu", lambda: im)(), dtype=float).squeeze() for im in images]
            for name, images in rows.items()}
    if not rows or not all(rows.values()):
        raise ValueError("give at least one row, and at least one image in every row.")
    width = max(len(images) for images in rows.values())
    if axes is None:
        _, axes = plt.subplots(len(rows), width, figsize=(size * width + 1.2, size * len(rows)), squeeze=False)
    axes = np.asarray(axes).reshape(len(rows), width)
    for ax_row, (name, images) in zip(axes, rows.items()):
        for k, ax in enumerate(ax_row):
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_frame_on(k < len(images))
            if k < len(images):
                ax.imshow(images[k], cmap=cmap)
        ax_row[0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize="small")
    return axes


# ---------------------------------------------------------------------------
# Chapter 7: generated images
# ---------------------------------------------------------------------------


def plot_image_grid(images, ncols: int, ax=None, title=None, row_labels=None):
    """Tile images row by row into one picture (one row per class, say) and show it in grey.

    Introduced in Chapter 7 (real and generated digits side by side).

    Parameters
    ----------
    images : array-like or tensor of shape (n, H, W)
        ``n`` must be a multiple of ``ncols``; image ``i`` goes to row ``i // ncols``.
    ncols : int
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    row_labels : sequence of str, optional
        One label per row, written on the left.

    Returns
    -------
    matplotlib.axes.Axes
    """
    images = np.asarray(images.cpu() if hasattr(images, "cpu") else images)
    if images.ndim != 3 or len(images) == 0 or len(images) % ncols:
        raise ValueError(f"need (n, H, W) images with n a multiple of ncols={ncols}, got shape {images.shape}.")
    nrows, (h, w) = len(images) // ncols, images.shape[1:]
    tiled = images.reshape(nrows, ncols, h, w).transpose(0, 2, 1, 3).reshape(nrows * h, ncols * w)
    ax = new_axes(ax, figsize=(ncols * 0.45, nrows * 0.45))
    ax.imshow(tiled, cmap="gray_r")
    ax.set(xticks=[], title=title)
    ax.set_yticks(np.arange(nrows) * h + h / 2 if row_labels is not None else [],
                  labels=list(row_labels) if row_labels is not None else [])
    return ax
