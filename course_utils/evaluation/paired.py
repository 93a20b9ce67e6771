"""Paired comparisons over seeds or splits, Holm-corrected, and the verdicts the prose glues.

Introduced in Chapter 2; every "beats", "matches" or "loses to" in the book comes from here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def paired_difference(results, pipeline, baseline, metric="average_precision", by="pipeline", over="split"):
    """Split-by-split difference of a metric between two pipelines scored on the same splits.

    Introduced in Chapter 3 to compare samplers on one split family: the
    variation between splits (a few hard frauds landing in one test fold)
    moves both pipelines alike and cancels in the difference.

    Parameters
    ----------
    results : pandas.DataFrame
        Tidy results of :func:`evaluate`.
    pipeline, baseline : str
        The two pipelines; the difference is ``pipeline - baseline``.
    metric : str, default="average_precision"
    by, over : str
        As in :func:`summarize`.

    Returns
    -------
    pandas.Series
        Indexed by split.

    Raises
    ------
    ValueError
        If either pipeline lacks the metric or they were not scored on the same splits.
    """
    rows = results[results["metric"] == metric]
    values = {}
    for name in (pipeline, baseline):
        series = rows[rows[by] == name].set_index(over)["value"]
        if series.empty:
            raise ValueError(f"results hold no {metric!r} for {by} {name!r}.")
        values[name] = series.sort_index()
    if not values[pipeline].index.equals(values[baseline].index):
        raise ValueError(f"{pipeline!r} and {baseline!r} were not scored on the same splits.")
    return (values[pipeline] - values[baseline]).rename(f"{pipeline} - {baseline}")


VERDICTS = ("beats", "matches", "loses to")
"""The three verdicts of :func:`compare_paired`, as the book's prose uses them.

"matches" means the paired comparison found no difference at the chosen level
after the Holm correction; it is not proof that the two are equal.
"""


def holm(p_values):
    """Holm–Bonferroni adjusted p-values, in the order given.

    Introduced in Chapter 2. Comparing ``m`` methods with one baseline at level
    ``alpha`` each would call about ``alpha * m`` of them different by chance;
    Holm's step-down rule keeps the chance of *any* false call at ``alpha``:
    the ``k``-th smallest p-value is multiplied by ``m - k + 1`` and the result
    made non-decreasing (and capped at 1). Reject where the adjusted value is
    at most ``alpha``.

    Raises
    ------
    ValueError
        If a p-value is outside [0, 1] or not a number.
    """
    p = np.asarray(p_values, dtype=float).ravel()
    if np.isnan(p).any() or (p < 0).any() or (p > 1).any():
        raise ValueError(f"p-values must lie in [0, 1], got {p.tolist()}.")
    m = p.size
    order = np.argsort(p, kind="stable")
    stepped = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    adjusted = np.empty(m)
    adjusted[order] = stepped
    return adjusted


def compare_paired(results, baseline, methods=None, metric="average_precision", by="pipeline", over="split",
                   alpha=0.05, higher_is_better=True):
    """Each method against one baseline, paired over the same splits (or seeds), Holm-corrected.

    Introduced in Chapter 2; every chapter that says a method "beats",
    "matches" or "loses to" another glues the verdict from here.

    For each method the differences ``method - baseline`` are taken split by
    split (:func:`paired_difference`), so that what moves both alike (a hard
    test fold, a lucky seed) cancels. A paired t-test on those differences
    gives a two-sided p-value; the p-values of all methods compared are
    adjusted together with :func:`holm`. A method **beats** the baseline when
    its adjusted p-value is at most ``alpha`` and its mean difference is in the
    better direction (when every pair differs by exactly the same amount, the
    t-test has no variance to work with and the exact sign-test p-value
    ``2 * 0.5**n`` stands in), **loses to** it when significant in the other direction,
    and otherwise **matches** it (no difference detected).

    Parameters
    ----------
    results : pandas.DataFrame
        Tidy results (``by, over, metric, value``), e.g. from :func:`evaluate`.
    baseline : str
        The method every other is compared with.
    methods : sequence of str, optional
        The methods to compare, in this order; default: every other one in the results.
    metric : str, default="average_precision"
    by, over : str, default="pipeline", "split"
        The column naming the methods and the column of the paired repetitions.
    alpha : float, default=0.05
        Family-wise error rate across the methods compared.
    higher_is_better : bool, default=True
        False for a loss, an error rate or a time.

    Returns
    -------
    pandas.DataFrame
        One row per method, indexed by method: ``n`` (paired repetitions),
        ``difference`` (mean of method - baseline), ``std`` (sample std of the
        differences), ``ci_low``, ``ci_high`` (the unadjusted ``1 - alpha``
        t-interval of the mean difference), ``p_value``, ``p_holm``,
        ``verdict`` (one of :data:`VERDICTS`) and ``summary`` (a sentence
        fragment such as ``"beats it by 0.012 (unadjusted 95 % interval 0.004 to 0.020;
        Holm-adjusted p = 0.010, 5 pairs)"``; a negative difference is also given
        signed, beside its interval: ``"loses to it by 0.012 (difference -0.012; ..."``).

    Raises
    ------
    ValueError
        If there are fewer than two pairs, a method is missing, the splits do
        not match, or ``alpha`` is not in (0, 1).
    """
    from scipy import stats

    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie in (0, 1), got {alpha}.")
    if methods is None:
        methods = [m for m in dict.fromkeys(results.loc[results["metric"] == metric, by]) if m != baseline]
    methods = list(methods)
    if not methods:
        raise ValueError("compare_paired needs at least one method besides the baseline.")
    rows = []
    for method in methods:
        difference = paired_difference(results, method, baseline, metric=metric, by=by, over=over).to_numpy()
        n = difference.size
        if n < 2:
            raise ValueError(f"{method!r} and {baseline!r} share {n} {over}(s); a paired comparison needs at least 2.")
        mean, std = difference.mean(), difference.std(ddof=1)
        half = stats.t.ppf(1 - alpha / 2, n - 1) * std / np.sqrt(n)
        if std > 0:
            p_value = 2 * stats.t.sf(abs(mean) / (std / np.sqrt(n)), n - 1)
        else:  # identical differences (recall moving in steps of 1/n): no variance for a t-test,
            # so fall back on the exact sign test: all n pairs agreeing has p = 2 * 0.5**n.
            p_value = 1.0 if mean == 0 else min(1.0, 2 * 0.5 ** n)
        rows.append((method, n, mean, std, mean - half, mean + half, float(p_value)))
    table = pd.DataFrame(rows, columns=["method", "n", "difference", "std", "ci_low", "ci_high", "p_value"])
    table = table.set_index("method")
    table["p_holm"] = holm(table["p_value"])
    better = table["difference"] > 0 if higher_is_better else table["difference"] < 0
    significant = table["p_holm"] <= alpha
    table["verdict"] = np.where(significant & better, VERDICTS[0],
                                np.where(significant, VERDICTS[2], VERDICTS[1]))
    table["summary"] = [_comparison_summary(row, alpha) for row in table.itertuples()]
    return table


def _comparison_summary(row, alpha):
    level = round(100 * (1 - alpha))
    signed = f"difference {row.difference:+.3g}; "
    if row.verdict == VERDICTS[1]:
        lead = f"matches it ({signed}"
    else:  # the interval is of method - baseline: a negative difference shows the sign it carries
        lead = f"{row.verdict} it by {abs(row.difference):.3g} ({signed if row.difference < 0 else ''}"
    return (f"{lead}unadjusted {level} % interval {row.ci_low:.3g} to {row.ci_high:.3g}; "
            f"Holm-adjusted p = {row.p_holm:.3f}, {row.n} pairs)")


def verdict_sentence(table, baseline, methods=None, quote=False):
    """:func:`compare_paired`'s verdicts as one clause for the prose.

    Introduced in Chapter 5; Chapters 6 and 7 glue their comparisons with it.
    Methods with the same verdict are listed together, in the order of
    :data:`VERDICTS`: ``"A and B beat the baseline; C matches it"``.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`compare_paired`.
    baseline : str
        How the prose names the baseline (``"the baseline"``, ``"random over-sampling"``).
    methods : sequence of str, optional
        The rows to mention, in this order; default: every row.
    quote : bool, default=False
        Put each method's name in quotation marks (for names that read like prose).
    """
    methods = list(table.index) if methods is None else list(methods)
    plural = {"beats": "beat", "matches": "match", "loses to": "lose to"}
    parts = []
    for verdict in VERDICTS:
        names = [f"“{m}”" if quote else str(m) for m in methods if table.loc[m, "verdict"] == verdict]
        if names:
            who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
            parts.append(f"{who} {verdict if len(names) == 1 else plural[verdict]} {'it' if parts else baseline}")
    return "; ".join(parts)


def verdict_clauses(table, sep=", "):
    """One clause per row of :func:`compare_paired`'s table, in its order: ``"SMOTE matches it (+0.004)"``.

    Introduced in Chapter 2; Chapter 8 glues its comparisons with it too. Where
    :func:`verdict_sentence` groups methods by verdict, this keeps each
    method's signed mean difference beside its verdict.
    """
    return sep.join(f"{name} {row.verdict} it ({row.difference:+.3f})" for name, row in table.iterrows())
