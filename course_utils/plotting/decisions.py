"""Figures of Chapter 2b: reliability on log axes, gain against the threshold, cost curves.

Introduced in Chapter 2b.
Each function draws on an Axes (a new one if none is given) and returns it.
"""

from __future__ import annotations

import itertools

import numpy as np

from course_utils.evaluation.checks import check_binary_labels, check_probabilities, check_same_length
from course_utils.plotting._style import new_axes


def plot_reliability_log(y_true, probas, floor=1e-5, n_bins=10, ax=None, title="Reliability"):
    """Reliability diagram on log-log axes, with bins of equal width in log-probability.

    Introduced in Chapter 2b. On fraud data almost every probability is tiny
    and the decisions are made between about 0.01 and 0.5: linear axes and
    quantile bins squeeze all of that into a corner. Here the bins cut
    ``[floor, 1]`` evenly on a log scale (probabilities below ``floor`` join the
    first bin), each point carries a binomial error bar, and a bin without any
    positive is drawn as a triangle on the floor.

    Parameters
    ----------
    y_true : array-like of shape (n,)
        Labels 0/1.
    probas : dict of str to array-like of shape (n,)
        Probabilities of class 1, one curve per entry.
    floor : float, default=1e-5
        Lowest probability shown, in (0, 1).
    n_bins : int, default=10
    ax : matplotlib.axes.Axes, optional
    title : str

    Returns
    -------
    matplotlib.axes.Axes
    """
    y = check_binary_labels(y_true)
    if not 0 < floor < 1:
        raise ValueError(f"floor must lie in (0, 1), got {floor!r}.")
    ax = new_axes(ax, (5, 5))
    edges = np.logspace(np.log10(floor), 0, n_bins + 1)
    ax.plot([floor, 1], [floor, 1], color="grey", linestyle="--", linewidth=1, label="calibrated")
    for (name, proba), marker in zip(probas.items(), itertools.cycle("osD^v")):
        proba = check_probabilities(proba)
        check_same_length(y_true=y, proba=proba)
        bins = np.searchsorted(edges[1:-1], proba, side="right")
        count = np.bincount(bins, minlength=n_bins)
        used = count > 0
        predicted = np.bincount(bins, weights=proba, minlength=n_bins)[used] / count[used]
        observed = np.bincount(bins, weights=y, minlength=n_bins)[used] / count[used]
        # Binomial noise of a calibrated model around each bin's mean prediction; on a log axis the
        # lower bar stops at the floor.
        error = np.sqrt(np.maximum(predicted * (1 - predicted), 0) / count[used])
        seen = observed > 0
        line = ax.errorbar(predicted[seen], observed[seen],
                           yerr=[np.minimum(error[seen], observed[seen] - floor / 2), error[seen]],
                           marker=marker, markersize=5, fillstyle="none", capsize=2, label=name)
        ax.plot(predicted[~seen], np.full((~seen).sum(), floor), "v", color=line[0].get_color(), markersize=7)
    ax.set(xscale="log", yscale="log", xlim=(floor, 1), ylim=(floor, 1.2), title=title,
           xlabel="mean predicted probability of fraud", ylabel="observed share of frauds")
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_gain_curve(thresholds, curves, marks=None, references=None, ax=None):
    """Total gain against a constant threshold (log axis), with chosen thresholds and reference gains.

    Introduced in Chapter 2b.

    Parameters
    ----------
    thresholds : array-like of shape (m,)
        Thresholds in (0, 1].
    curves : dict of str to array-like of shape (m,)
        Gain at each threshold, one line per entry (e.g. from ``gain_curve``).
    marks : dict of str to (float, float), optional
        Label -> (threshold, gain): points marked on the curves, e.g. the thresholds methods chose.
    references : dict of str to float, optional
        Label -> gain: horizontal lines (the oracle, accepting everything, a per-transaction rule).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, (8, 5))
    thresholds = np.asarray(thresholds, dtype=float)
    for name, values in curves.items():
        ax.plot(thresholds, np.asarray(values, dtype=float), label=name)
    for (label, value), style in zip((references or {}).items(), itertools.cycle([":", "--", "-."])):
        ax.axhline(value, color="grey", linestyle=style, linewidth=1, label=label)
    for (label, (threshold, value)), marker in zip((marks or {}).items(), itertools.cycle("os^Dv")):
        ax.plot([threshold], [value], marker=marker, linestyle="none", markersize=8, label=label)
    ax.set(xscale="log", xlabel="threshold: refuse when P(fraud) reaches it",
           ylabel="total gain on the test half (€)")
    ax.legend(fontsize="small", loc="lower left")
    return ax


def plot_cost_curves(probability_cost, curves, shade=None, ax=None):
    """Drummond–Holte cost curves, with the trivial policies and an optional shaded range of conditions.

    Introduced in Chapter 2b.

    Parameters
    ----------
    probability_cost : array-like of shape (m,)
        Values of PC(+) in [0, 1].
    curves : dict of str to array-like of shape (m,)
        Normalised expected cost at each value (e.g. from ``cost_curve``).
    shade : (float, float), optional
        A range of PC(+) to shade, with its label taken as "the transactions' range".
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, (7, 5))
    pc = np.asarray(probability_cost, dtype=float)
    ax.plot(pc, np.minimum(pc, 1 - pc), color="grey", linestyle="--", linewidth=1,
            label="better of accept all / refuse all")
    for name, values in curves.items():
        ax.plot(pc, np.asarray(values, dtype=float), label=name)
    if shade is not None:
        ax.axvspan(*shade, color="tab:green", alpha=0.12, label="the transactions' conditions")
    ax.set(xlim=(pc.min(), pc.max()), ylim=(0, None), xlabel="probability cost PC(+)",
           ylabel="normalised expected cost")
    ax.legend(fontsize="small")
    return ax
