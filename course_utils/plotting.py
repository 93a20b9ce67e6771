"""The course's figures. Each function draws on an Axes (a new one if none is given) and returns it.

Nothing here calls ``plt.show()``: the notebook (or the test) decides what to do
with the figure.
"""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import norm
from sklearn.calibration import calibration_curve
from sklearn.metrics import average_precision_score, confusion_matrix, precision_recall_curve

from course_utils import theory

# ---------------------------------------------------------------------------
# Chapter 1: priors and overlap.
# ---------------------------------------------------------------------------

_CLASS_COLORS = ("tab:blue", "tab:orange")


def _new_axes(ax, figsize=(6, 4)):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _x_grid(mu0, sigma0, mu1, sigma1, n_points=600):
    low = min(mu0 - 4 * sigma0, mu1 - 4 * sigma1)
    high = max(mu0 + 4 * sigma0, mu1 + 4 * sigma1)
    return np.linspace(low, high, n_points)


def plot_posteriors(mu0, sigma0, mu1, sigma1, priors, ax=None):
    """Draw :math:`P(C=1 \\mid x)` of two 1-D Gaussian classes for several priors of class 1.

    Introduced in Chapter 1. One curve per prior, a dashed line at 1/2, and a
    dot where each curve crosses it: the Bayes boundary for that prior.

    Parameters
    ----------
    mu0, sigma0, mu1, sigma1 : float
        Means and standard deviations of the two classes.
    priors : sequence of float
        Priors of class 1 to draw, each strictly between 0 and 1.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        With ``len(priors) + 1`` lines and one collection of boundary dots.
    """
    ax = _new_axes(ax)
    x = _x_grid(mu0, sigma0, mu1, sigma1)
    colors = plt.cm.viridis(np.linspace(0, 0.9, len(priors)))
    boundaries = []
    for prior, color in zip(priors, colors):
        ax.plot(x, theory.posterior_1d(x, mu0, sigma0, mu1, sigma1, prior),
                color=color, label=f"$\\pi_1$ = {prior:g}")
        boundaries += [t for t in theory.bayes_threshold_1d(mu0, sigma0, mu1, sigma1, prior)
                       if x[0] <= t <= x[-1]]
    ax.axhline(0.5, color="grey", linestyle="--", linewidth=1)
    ax.scatter(boundaries, np.full(len(boundaries), 0.5), color="black", zorder=3, s=18,
               label="Bayes boundary")
    ax.set(xlabel="$x$", ylabel="$P(C=1 \\mid x)$", ylim=(-0.02, 1.02),
           title="Posterior of the positive class as its prior shrinks")
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_bayes_error(mu0, sigma0, mu1, sigma1, prior1, ax=None):
    """Shade the Bayes error of two 1-D Gaussian classes as the overlap of the weighted densities.

    Introduced in Chapter 1. Draws :math:`\\pi_0 f_0` and :math:`\\pi_1 f_1`,
    shades :math:`\\min(\\pi_0 f_0, \\pi_1 f_1)` in two colours (positives
    lost to the negative region, negatives called positive) and marks the
    Bayes boundary point(s). The title gives the exact error.

    Parameters
    ----------
    mu0, sigma0, mu1, sigma1 : float
        Means and standard deviations of the two classes.
    prior1 : float
        Prior of class 1.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        With two density lines, one line per boundary point and two shaded collections.
    """
    ax = _new_axes(ax)
    x = _x_grid(mu0, sigma0, mu1, sigma1)
    weighted0 = (1 - prior1) * norm.pdf(x, mu0, sigma0)
    weighted1 = prior1 * norm.pdf(x, mu1, sigma1)
    decide1 = theory.posterior_1d(x, mu0, sigma0, mu1, sigma1, prior1) > 0.5
    ax.plot(x, weighted0, color=_CLASS_COLORS[0], label="$\\pi_0 f_0(x)$ (negative)")
    ax.plot(x, weighted1, color=_CLASS_COLORS[1], label="$\\pi_1 f_1(x)$ (positive)")
    ax.fill_between(x, 0, weighted1, where=~decide1, color=_CLASS_COLORS[1], alpha=0.45,
                    label="missed positives")
    ax.fill_between(x, 0, weighted0, where=decide1, color=_CLASS_COLORS[0], alpha=0.45,
                    label="false alarms")
    for t in theory.bayes_threshold_1d(mu0, sigma0, mu1, sigma1, prior1):
        ax.axvline(t, color="black", linestyle="--", linewidth=1)
    error = theory.bayes_error_1d(mu0, sigma0, mu1, sigma1, prior1)
    ax.set(xlabel="$x$", ylabel="weighted density",
           title=f"$\\pi_1$ = {prior1:g}: Bayes error = {error:.4f}")
    ax.legend(loc="upper right", fontsize="small")
    return ax


def plot_decision_boundaries_2d(X, y, mean0, mean1, cov, priors, ax=None, max_points=2000):
    """Scatter 2-D points of two classes with the Bayes boundary line for several priors.

    Introduced in Chapter 1. With a shared covariance the boundary is the line
    :math:`w^\\top x + b = 0` (:func:`course_utils.theory.lda_boundary`); a
    smaller prior of class 1 moves it, parallel to itself, into the positive class.

    Parameters
    ----------
    X : array-like of shape (n_samples, 2)
        Points.
    y : array-like of shape (n_samples,)
        Labels, 1 for the positive class.
    mean0, mean1 : array-like of shape (2,)
        Class means.
    cov : array-like of shape (2, 2)
        Shared covariance.
    priors : sequence of float
        Priors of class 1 whose boundaries to draw.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    max_points : int, default=2000
        At most this many points are scattered (the first ones), to keep the figure light.

    Returns
    -------
    matplotlib.axes.Axes
        With one scatter collection per class and one line per prior.
    """
    X, y = np.asarray(X, dtype=float)[:max_points], np.asarray(y)[:max_points]
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n_samples, 2), got {X.shape}.")
    ax = _new_axes(ax, figsize=(6, 5))
    for label, color, name in ((0, _CLASS_COLORS[0], "negative"), (1, _CLASS_COLORS[1], "positive")):
        ax.scatter(*X[y == label].T, s=6, alpha=0.5, color=color, label=f"{name} ({np.sum(y == label)})")
    (x_low, x_high), (y_low, y_high) = ax.get_xlim(), ax.get_ylim()
    colors = plt.cm.viridis(np.linspace(0, 0.9, len(priors)))
    for prior, color in zip(priors, colors):
        w, b = theory.lda_boundary(mean0, mean1, cov, prior)
        if abs(w[1]) > abs(w[0]):
            xs = np.array([x_low, x_high])
            ys = -(b + w[0] * xs) / w[1]
        else:
            ys = np.array([y_low, y_high])
            xs = -(b + w[1] * ys) / w[0]
        ax.plot(xs, ys, color=color, linewidth=2, label=f"boundary, $\\pi_1$ = {prior:g}")
    ax.set(xlim=(x_low, x_high), ylim=(y_low, y_high), xlabel="$x_1$", ylabel="$x_2$",
           title="Bayes boundary of two Gaussians for several priors")
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_reliability(y_true, probas, n_bins=10, ax=None):
    """Reliability diagram: observed frequency of class 1 against mean predicted probability.

    Introduced in Chapter 1, to show a resampled model's probabilities before
    and after the prior-shift correction. Bins hold equal numbers of points
    (quantiles), so the rare high probabilities still get bins of their own.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels, 1 for the positive class.
    probas : dict of str to array-like of shape (n_samples,)
        Predicted probabilities of class 1, one entry (and one curve) per model.
    n_bins : int, default=10
        Number of bins.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        With the diagonal plus one line per entry of ``probas``.
    """
    ax = _new_axes(ax, figsize=(5, 5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfectly calibrated")
    # Different markers keep curves that coincide (a corrected model and a reference) distinguishable.
    for (name, proba), marker in zip(probas.items(), itertools.cycle("osD^v")):
        observed, predicted = calibration_curve(y_true, proba, n_bins=n_bins, strategy="quantile")
        ax.plot(predicted, observed, marker=marker, markersize=5, fillstyle="none", label=name)
    ax.set(xlabel="mean predicted probability", ylabel="observed frequency of the positive class",
           xlim=(0, 1), ylim=(0, 1), title="Reliability diagram")
    ax.legend(loc="upper left", fontsize="small")
    return ax


def _new_axes_row(axes, n, figsize):
    if axes is None:
        _, axes = plt.subplots(1, n, figsize=figsize)
    axes = np.asarray(axes).ravel()
    if axes.size != n:
        raise ValueError(f"axes must hold {n} Axes, got {axes.size}.")
    return axes


def plot_overlap_sweep(separations, priors, axes=None):
    """How the Bayes rule of two unit-variance Gaussians changes with the prior, for several separations.

    Introduced in Chapter 1. For each separation :math:`d` (means 0 and
    :math:`d`, standard deviation 1) and each prior :math:`\\pi_1`, three
    panels show the boundary's shift from the midpoint :math:`d/2`, the
    Bayes error (beside :math:`\\pi_1`, the error of never predicting
    positive) and the minority recall of the Bayes rule.

    Parameters
    ----------
    separations : dict of str to float
        Curve labels and separations :math:`d > 0`.
    priors : array-like of float
        Priors of class 1, each strictly between 0 and 1.
    axes : sequence of 3 matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    ndarray of 3 matplotlib.axes.Axes
        One line per separation in each panel, plus the "never positive" line in the middle one.
    """
    axes = _new_axes_row(axes, 3, figsize=(16, 4.2))
    priors = np.asarray(priors, dtype=float)
    for name, d in separations.items():
        shift = [theory.bayes_threshold_1d(0, 1, d, 1, p)[0] - d / 2 for p in priors]
        error = [theory.bayes_error_1d(0, 1, d, 1, p) for p in priors]
        recall = [1 - theory.class_error_rates_1d(0, 1, d, 1, p)[1] for p in priors]
        for ax, values in zip(axes, (shift, error, recall)):
            ax.plot(priors, values, label=f"{name} (d = {d:g})")
    axes[1].plot(priors, priors, color="grey", linestyle="--", label="never predict positive")
    titles = ("Boundary shift from the midpoint (standard deviations)", "Bayes error",
              "Minority recall of the Bayes rule")
    for ax, title in zip(axes, titles):
        ax.set(xscale="log", xlabel="prior of the positive class $\\pi_1$", title=title)
        ax.set_xlim(priors.max(), priors.min())   # from balanced (left) to rare (right)
    axes[1].set_yscale("log")
    axes[0].legend(fontsize="small")
    axes[1].legend(fontsize="small")
    return axes


def plot_training_priors(mu0, sigma0, mu1, sigma1, true_prior, train_priors, axes=None):
    """Error, recall and false alarms, under the true prior, of the Bayes rule of each training prior.

    Introduced in Chapter 1. A model that learns the posterior of resampled
    data with class-1 share ``train_prior`` follows the Bayes rule of that
    prior; evaluated where class 1 has prior ``true_prior``, its error is
    smallest (the Bayes error) when the two priors agree.

    Parameters
    ----------
    mu0, sigma0, mu1, sigma1 : float
        Means and standard deviations of the two 1-D classes.
    true_prior : float
        Prior of class 1 where the rule is used.
    train_priors : array-like of float
        Priors of class 1 in the (resampled) training data.
    axes : sequence of 2 matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    ndarray of 2 matplotlib.axes.Axes
        Left: the error rate and the Bayes error; right: minority recall and false positive rate.
    """
    axes = _new_axes_row(axes, 2, figsize=(13, 4.2))
    train_priors = np.asarray(train_priors, dtype=float)
    rates = np.array([theory.class_error_rates_1d(mu0, sigma0, mu1, sigma1, p) for p in train_priors])
    fpr, fnr = rates[:, 0], rates[:, 1]
    axes[0].plot(train_priors, (1 - true_prior) * fpr + true_prior * fnr, label="error rate")
    axes[0].axhline(theory.bayes_error_1d(mu0, sigma0, mu1, sigma1, true_prior), color="black",
                    linestyle="--", linewidth=1, label="Bayes error (the floor)")
    axes[1].plot(train_priors, 1 - fnr, label="minority recall")
    axes[1].plot(train_priors, fpr, label="false positive rate")
    for ax in axes:
        ax.set(xscale="log", xlabel="prior of the positive class in the training data")
        for prior, text in ((true_prior, "true prior"), (0.5, "balanced")):
            ax.axvline(prior, color="grey", linestyle=":")
            ax.text(prior, 0.5, text, transform=ax.get_xaxis_transform(), rotation=90,
                    ha="right", va="center", color="grey")
        ax.legend(loc="upper left", fontsize="small")
    axes[0].set(ylabel="error rate (log scale)", yscale="log",
                title=f"Error under the true prior $\\pi_1$ = {true_prior:g}")
    axes[1].set(ylabel="rate", title="What the error buys: recall and false alarms")
    return axes


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
    axes = _new_axes_row(axes, len(features), figsize=(3.6 * len(features), 3.2))
    labels = frame[target].to_numpy()
    for ax, feature in zip(axes, features):
        values = frame[feature].to_numpy(dtype=float)
        edges = np.histogram_bin_edges(values, bins=bins)
        for label, name in ((0, "normal"), (1, "fraud")):
            ax.hist(values[labels == label], bins=edges, density=True, alpha=0.5,
                    color=_CLASS_COLORS[label], label=f"{name} ({np.sum(labels == label):,})")
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
    ax = _new_axes(ax, figsize=(6, 5))
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
    axes = _new_axes_row(axes, len(pipelines), figsize=(3.4 * len(pipelines), 3.4))
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
    ax = _new_axes(ax, figsize=(7, 0.35 * len(groups) * len(hues) + 1.5))
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
    ax = _new_axes(ax, figsize=(5, 4.5))
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
    ax = _new_axes(ax, figsize=(7, 3.5))
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
    ax = _new_axes(ax, figsize=(1 + 0.8 * len(columns), 0.45 * len(rows) + 1.5))
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
# Chapter 8: text
# ---------------------------------------------------------------------------


def plot_method_scores(summary: pd.DataFrame, metric: str = "f1", published: Mapping[str, float] | None = None,
                       reference: float | None = None, reference_label: str = "", ax=None):
    """Horizontal bars of ``<metric>_mean`` ± std per method, published values as markers.

    Introduced in Chapter 8. Methods that were not run are listed with no bar.

    Parameters
    ----------
    summary : pandas.DataFrame
        From :func:`course_utils.text.summarize`.
    published : mapping, optional
        Method name -> published value, drawn as a black diamond.
    reference : float, optional
        A vertical dashed line (e.g. the strongest baseline).
    """
    ax = _new_axes(ax, figsize=(7, 0.45 * len(summary) + 1.5))
    means = summary[f"{metric}_mean"].to_numpy(dtype=float)
    stds = np.nan_to_num(summary[f"{metric}_std"].to_numpy(dtype=float))
    y = np.arange(len(summary))[::-1]
    ax.barh(y, np.nan_to_num(means), xerr=np.where(np.isnan(means), 0, stds), color="tab:blue",
            alpha=0.8, capsize=3, label="ours (mean ± std over seeds)")
    for yi, m in zip(y, means):
        if np.isnan(m):
            ax.text(0.01, yi, "not run", va="center", transform=ax.get_yaxis_transform(), color="0.4")
    if published:
        pts = [(yi, published[name]) for yi, name in zip(y, summary.index) if name in published]
        if pts:
            ax.scatter([p for _, p in pts], [yi for yi, _ in pts], marker="D", color="black", zorder=3,
                       label="published")
    if reference is not None:
        ax.axvline(reference, color="tab:red", linestyle="--", linewidth=1, label=reference_label or None)
    ax.set_yticks(y, summary.index)
    finite = means[~np.isnan(means)]
    low = min(finite.min() - 0.05, *(published or {}).values()) if finite.size else 0
    ax.set_xlim(max(0.0, low), 1.0)
    label = {"f1": "F1"}.get(metric, metric.replace("_", " "))
    ax.set_xlabel(f"spam {label} on the test set")
    # Below the axes, so that it never hides a bar.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize="small", frameon=False)
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
    ax = _new_axes(ax, figsize=(6.5, 4))
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
    ax = _new_axes(ax, figsize=(ncols * 0.45, nrows * 0.45))
    ax.imshow(tiled, cmap="gray_r")
    ax.set(xticks=[], title=title)
    ax.set_yticks(np.arange(nrows) * h + h / 2 if row_labels is not None else [],
                  labels=list(row_labels) if row_labels is not None else [])
    return ax
