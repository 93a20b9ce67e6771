"""Figures of Chapters 2-4 (tabular data): class distributions, PR curves, metric bars, generated rows."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
from sklearn.metrics import average_precision_score, confusion_matrix, precision_recall_curve

from course_utils.plotting._style import CLASS_COLORS, new_axes, new_axes_row


# ---------------------------------------------------------------------------
# Chapter 2: sampling baselines on the credit card fraud data.
# ---------------------------------------------------------------------------


def plot_class_distributions(frame, features, target="Class", axes=None, bins=60):
    """Histograms of each feature for the two classes, each class scaled to unit area.

    Introduced in Chapter 2 for the tour of the fraud data: where the two
    histograms overlap, no classifier can tell the classes apart (Chapter 1's
    Bayes error), and resampling only changes how much weight each side gets.

    Parameters
    ----------
    frame : pandas.DataFrame
        Features and a binary ``target`` column (1 = positive).
    features : sequence of str
        Columns to draw, one panel each.
    target : str, default="Class"
        The label column.
    axes : sequence of matplotlib.axes.Axes, optional
        One per feature; a new row of panels if omitted.
    bins : int, default=60
        Bins shared by both classes of a panel.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
    """
    axes = new_axes_row(axes, len(features), figsize=(3.6 * len(features), 3.2))
    labels = frame[target].to_numpy()
    for ax, feature in zip(axes, features):
        values = frame[feature].to_numpy(dtype=float)
        edges = np.histogram_bin_edges(values, bins=bins)
        for label, name in ((0, "normal"), (1, "fraud")):
            ax.hist(values[labels == label], bins=edges, density=True, alpha=0.5,
                    color=CLASS_COLORS[label], label=f"{name} ({np.sum(labels == label):,})")
        ax.set(xlabel=feature, ylabel="density", title=feature)
    axes[0].legend(loc="upper left", fontsize="small")
    return axes


def plot_pr_curves(predictions, pipelines=None, split=0, ax=None):
    """Precision-recall curves on one test fold, with each curve's average precision in the legend.

    Introduced in Chapter 2. The dashed line is a classifier without skill:
    its precision, and its average precision, equal the prevalence.

    Parameters
    ----------
    predictions : pandas.DataFrame
        Columns ``pipeline, split, y_true, proba``, as returned by
        :func:`course_utils.evaluation.evaluate` with ``return_predictions=True``.
    pipelines : sequence of str, optional
        Pipelines to draw, in this order; default: all.
    split : int, default=0
        Which outer split's test fold to draw.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        With one line per pipeline plus the no-skill line.
    """
    fold = predictions[predictions["split"] == split]
    names = list(dict.fromkeys(fold["pipeline"])) if pipelines is None else list(pipelines)
    missing = set(names) - set(fold["pipeline"])
    if missing:
        raise ValueError(f"no predictions for {sorted(missing)} in split {split}.")
    ax = new_axes(ax, figsize=(6, 5))
    prevalence = None
    for name in names:
        rows = fold[fold["pipeline"] == name]
        precision, recall, _ = precision_recall_curve(rows["y_true"], rows["proba"])
        ap = average_precision_score(rows["y_true"], rows["proba"])
        ax.step(recall, precision, where="post", label=f"{name} (AP = {ap:.3f})")
        prevalence = rows["y_true"].mean()
    ax.axhline(prevalence, color="grey", linestyle="--", linewidth=1,
               label=f"no skill (AP = {prevalence:.4f})")
    ax.set(xlabel="recall", ylabel="precision", xlim=(0, 1), ylim=(0, 1.02),
           title=f"Precision-recall on test fold {split}")
    ax.legend(loc="lower left", fontsize="small")
    return ax


def plot_confusion_matrices(predictions, pipelines, split=0, axes=None):
    """Confusion matrices on one test fold, each at the pipeline's threshold chosen on validation.

    Introduced in Chapter 2.

    Parameters
    ----------
    predictions : pandas.DataFrame
        Columns ``pipeline, split, y_true, proba, threshold`` (see :func:`plot_pr_curves`).
    pipelines : sequence of str
        One panel per pipeline.
    split : int, default=0
        Which outer split's test fold to use.
    axes : sequence of matplotlib.axes.Axes, optional
        One per pipeline; a new row of panels if omitted.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
    """
    axes = new_axes_row(axes, len(pipelines), figsize=(3.4 * len(pipelines), 3.4))
    fold = predictions[predictions["split"] == split]
    for ax, name in zip(axes, pipelines):
        rows = fold[fold["pipeline"] == name]
        if rows.empty:
            raise ValueError(f"no predictions for {name!r} in split {split}.")
        threshold = float(rows["threshold"].iloc[0])
        matrix = confusion_matrix(rows["y_true"], rows["proba"] >= threshold, labels=[0, 1])
        ax.imshow(np.log1p(matrix), cmap="Blues")
        for (i, j), count in np.ndenumerate(matrix):
            ax.text(j, i, f"{count:,}", ha="center", va="center",
                    color="white" if matrix[i, j] > matrix.max() / 10 else "black")
        ax.set(xticks=[0, 1], yticks=[0, 1], xticklabels=["normal", "fraud"], yticklabels=["normal", "fraud"],
               xlabel="predicted", ylabel="true", title=f"{name}\nthreshold = {threshold:.3f}")
    return axes


def plot_metric_bars(results, metric="average_precision", group="pipeline", hue=None, ax=None):
    """Horizontal bars of a metric's mean over splits, with ± one standard deviation as error bars.

    Introduced in Chapter 2.

    Parameters
    ----------
    results : pandas.DataFrame
        Tidy results with columns ``metric``, ``value``, ``group`` and (if given) ``hue``,
        e.g. :func:`course_utils.evaluation.evaluate`'s output with extra label columns.
    metric : str, default="average_precision"
        The metric to draw.
    group : str, default="pipeline"
        Column whose values label the bar positions, in order of appearance.
    hue : str, optional
        Column whose values get side-by-side bars of their own colour (e.g. the model).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes
    """
    rows = results[results["metric"] == metric]
    if rows.empty:
        raise ValueError(f"results hold no metric {metric!r}.")
    groups = list(dict.fromkeys(rows[group]))
    hues = [None] if hue is None else list(dict.fromkeys(rows[hue]))
    ax = new_axes(ax, figsize=(7, 0.35 * len(groups) * len(hues) + 1.5))
    height = 0.8 / len(hues)
    positions = np.arange(len(groups))
    for k, level in enumerate(hues):
        subset = rows if level is None else rows[rows[hue] == level]
        stats = subset.groupby(group)["value"].agg(["mean", "std"]).reindex(groups)
        ax.barh(positions + (k - (len(hues) - 1) / 2) * height, stats["mean"], height=height,
                xerr=stats["std"].fillna(0.0), capsize=2, label=level)
    ax.set(yticks=positions, yticklabels=groups, xlabel=f"{metric} (mean ± std over splits)",
           title=f"{metric} by {group}")
    ax.invert_yaxis()
    if hue is not None:
        # Bars start at zero, so any legend inside the axes would hide one; put it outside.
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", title=hue)
    return ax


# ---------------------------------------------------------------------------
# Chapter 3: generated rows
# ---------------------------------------------------------------------------


def plot_point_clouds(clouds, x=0, y=1, ax=None, max_points=2000, random_state=0, title=None):
    """Scatter several point clouds (real and generated rows, latent codes) on two coordinates.

    Introduced in Chapter 3. Clouds are drawn in the order given, so put the
    background (normal transactions) first; each cloud is thinned to
    ``max_points`` random points so that none hides the others by sheer number.

    Parameters
    ----------
    clouds : dict of str to array-like or pandas.DataFrame
        Label -> rows. A DataFrame is indexed by the column names ``x`` and
        ``y``, an array by the column positions.
    x, y : str or int, default=0, 1
        The two coordinates drawn; also the axis labels when they are names.
    ax : matplotlib.axes.Axes, optional
    max_points : int, default=2000
    random_state : int, default=0
        Seed of the thinning.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        With one collection per cloud.
    """
    if not clouds:
        raise ValueError("clouds must hold at least one label -> rows entry.")
    ax = new_axes(ax, figsize=(5, 4.5))
    rng = np.random.default_rng(random_state)
    for label, rows in clouds.items():
        if hasattr(rows, "columns"):
            points = rows[[x, y]].to_numpy(dtype=float)
        else:
            points = np.asarray(rows, dtype=float)[:, [x, y]]
        if len(points) > max_points:
            points = points[rng.choice(len(points), max_points, replace=False)]
        ax.scatter(points[:, 0], points[:, 1], s=6, alpha=0.5, label=f"{label} ({len(rows):,})")
    ax.set(xlabel=str(x), ylabel=str(y), title=title)
    ax.legend(fontsize="small", markerscale=2, loc="best")
    return ax


# ---------------------------------------------------------------------------
# Chapter 4: GANs for tabular rows
# ---------------------------------------------------------------------------


def plot_generated_grid(real, samples, columns=(0, 1), labels=("x", "y"), axes=None, max_points=1000):
    """Real rows (grey) and generated rows (colour) in two columns, one row of panels per generator.

    Introduced in Chapter 4 (V10 against V17 for each GAN at several steps).

    Parameters
    ----------
    real : array-like of shape (n, d)
    samples : dict of str to dict of int to array
        Generator name -> {step -> generated rows}; every generator must give the same steps.
    columns : tuple of int
        The two column indices drawn.
    labels : tuple of str
        Axis labels of those columns.
    axes : 2-D array of Axes, optional
        Shape ``(len(samples), number of steps)``.

    Returns
    -------
    numpy.ndarray of Axes
    """
    real = np.asarray(real)
    names = list(samples)
    steps = list(samples[names[0]])
    if any(list(samples[name]) != steps for name in names):
        raise ValueError("every generator must give samples at the same steps.")
    if axes is None:
        _, axes = plt.subplots(len(names), len(steps), figsize=(2.3 * len(steps), 2.3 * len(names)),
                               sharex=True, sharey=True, squeeze=False)
    i, j = columns
    for row, name in enumerate(names):
        for col, step in enumerate(steps):
            ax = axes[row, col]
            fake = np.asarray(samples[name][step])[:max_points]
            ax.scatter(real[:max_points, i], real[:max_points, j], s=4, color="0.6", label="real")
            ax.scatter(fake[:, i], fake[:, j], s=4, color="tab:red", alpha=0.6, label="generated")
            if row == 0:
                ax.set_title(f"step {step}")
            if col == 0:
                ax.set_ylabel(f"{name}\n{labels[1]}")
            if row == len(names) - 1:
                ax.set_xlabel(labels[0])
    axes[0, 0].legend(fontsize="small", markerscale=2)
    return axes


def plot_curves(frame, y, x="step", hue="kind", references=None, ax=None, errorbars=None):
    """One line of ``y`` against ``x`` per value of ``hue``; dashed horizontal reference lines.

    Introduced in Chapter 4 (realism and Wasserstein estimate against training
    step; recall against the number of added frauds).

    Parameters
    ----------
    frame : pandas.DataFrame
        Long format: columns ``x``, ``y``, ``hue`` (and ``errorbars`` if given).
    references : dict of str to float, optional
        Label -> value, drawn as dashed horizontal lines (published or reference numbers).
    errorbars : str, optional
        A column of standard deviations drawn as a band around each line.
    """
    ax = new_axes(ax, figsize=(6.5, 4))
    for label, group in frame.groupby(hue, sort=False):
        group = group.sort_values(x)
        line, = ax.plot(group[x], group[y], marker="o", markersize=3, label=str(label))
        if errorbars is not None:
            ax.fill_between(group[x], group[y] - group[errorbars], group[y] + group[errorbars],
                            color=line.get_color(), alpha=0.15)
    for (label, value), color in zip((references or {}).items(), itertools.cycle(["k", "0.4", "tab:gray"])):
        ax.axhline(value, linestyle="--", linewidth=1, color=color, label=label)
    ax.set_xlabel(x.replace("_", " "))
    ax.set_ylabel(y.replace("_", " "))
    ax.legend(fontsize="small")
    return ax
