"""Figures of Chapter 1 (priors and overlap): the closed forms of :mod:`course_utils.theory` drawn."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import norm
from sklearn.calibration import calibration_curve

from course_utils import theory
from course_utils.plotting._style import CLASS_COLORS, new_axes, new_axes_row


# ---------------------------------------------------------------------------
# Chapter 1: priors and overlap.
# ---------------------------------------------------------------------------


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
    ax = new_axes(ax)
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
    ax = new_axes(ax)
    x = _x_grid(mu0, sigma0, mu1, sigma1)
    weighted0 = (1 - prior1) * norm.pdf(x, mu0, sigma0)
    weighted1 = prior1 * norm.pdf(x, mu1, sigma1)
    decide1 = theory.posterior_1d(x, mu0, sigma0, mu1, sigma1, prior1) > 0.5
    ax.plot(x, weighted0, color=CLASS_COLORS[0], label="$\\pi_0 f_0(x)$ (negative)")
    ax.plot(x, weighted1, color=CLASS_COLORS[1], label="$\\pi_1 f_1(x)$ (positive)")
    ax.fill_between(x, 0, weighted1, where=~decide1, color=CLASS_COLORS[1], alpha=0.45,
                    label="missed positives")
    ax.fill_between(x, 0, weighted0, where=decide1, color=CLASS_COLORS[0], alpha=0.45,
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
    ax = new_axes(ax, figsize=(6, 5))
    for label, color, name in ((0, CLASS_COLORS[0], "negative"), (1, CLASS_COLORS[1], "positive")):
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
    ax = new_axes(ax, figsize=(5, 5))
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="perfectly calibrated")
    # Different markers keep curves that coincide (a corrected model and a reference) distinguishable.
    for (name, proba), marker in zip(probas.items(), itertools.cycle("osD^v")):
        observed, predicted = calibration_curve(y_true, proba, n_bins=n_bins, strategy="quantile")
        ax.plot(predicted, observed, marker=marker, markersize=5, fillstyle="none", label=name)
    ax.set(xlabel="mean predicted probability", ylabel="observed frequency of the positive class",
           xlim=(0, 1), ylim=(0, 1), title="Reliability diagram")
    ax.legend(loc="upper left", fontsize="small")
    return ax


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
    axes = new_axes_row(axes, 3, figsize=(16, 4.2))
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
    axes = new_axes_row(axes, 2, figsize=(13, 4.2))
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
