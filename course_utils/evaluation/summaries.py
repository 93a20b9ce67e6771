"""Mean ± standard deviation over splits or seeds, as numbers and as text.

Introduced in Chapter 1; every chapter's tables go through it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def summarize(results, metrics=None, decimals=3, as_text=True, sort_by=None, by="pipeline", over="split"):
    """Mean ± std over splits, one row per pipeline and one column per metric.

    Introduced in Chapter 2; Chapter 5 summarises its image experiments with it
    (``by="method", over="seed"``).

    Parameters
    ----------
    results : pandas.DataFrame
        Tidy results (columns ``pipeline, split, metric, value``), e.g. from :func:`evaluate`.
    metrics : sequence of str, optional
        Metrics to keep, in this order; default: all, in order of appearance.
    decimals : int, default=3
        Decimals of the text cells.
    as_text : bool, default=True
        ``"0.875 ± 0.028"`` strings; if false, numbers with column levels ``(metric, mean|std)``.
    sort_by : str, optional
        A metric whose mean orders the rows, best (largest) first; default: input order.
    by, over : str, default="pipeline", "split"
        The column naming the rows, and the column of the repetitions averaged over.

    Returns
    -------
    pandas.DataFrame
        Indexed by pipeline. The std is the sample standard deviation (ddof=1),
        0 when there is a single split. A text cell is "—" where a pipeline lacks the metric.
    """
    missing = {by, over, "metric", "value"} - set(results.columns)
    if missing:
        raise ValueError(f"results lacks the columns {sorted(missing)}; pass the output of evaluate().")
    order_metrics = list(dict.fromkeys(results["metric"])) if metrics is None else list(metrics)
    unknown = set(order_metrics) - set(results["metric"])
    if unknown:
        raise ValueError(f"metrics {sorted(unknown)} are not in the results.")
    order_pipelines = list(dict.fromkeys(results[by]))
    grouped = results[results["metric"].isin(order_metrics)].groupby([by, "metric"])["value"]
    mean = grouped.mean().unstack("metric").reindex(index=order_pipelines, columns=order_metrics)
    std = grouped.std(ddof=1).fillna(0.0).unstack("metric").reindex(index=order_pipelines, columns=order_metrics)
    if sort_by is not None:
        order = mean[sort_by].sort_values(ascending=False, kind="stable").index
        mean, std = mean.loc[order], std.loc[order]
    if not as_text:
        return pd.concat({"mean": mean, "std": std}, axis=1).swaplevel(axis=1)[order_metrics]
    text = mean.copy().astype(object)
    for metric in order_metrics:
        text[metric] = ["—" if np.isnan(m) else _format_mean_std(m, s, decimals)
                        for m, s in zip(mean[metric], std[metric])]
    text.columns.name = None
    return text


def _format_mean_std(mean, std, decimals):
    return f"{mean:.{decimals}f} ± {std:.{decimals}f}"


def mean_std(values, decimals=3):
    """Repeated results (over splits, seeds or shuffles) as the text "mean ± std".

    Introduced in Chapter 4 for single lists of scores; :func:`summarize` writes
    its table cells the same way. The standard deviation is the sample one
    (``ddof=1``), 0 for a single value.
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        raise ValueError("mean_std needs at least one value.")
    std = values.std(ddof=1) if values.size > 1 else 0.0
    return _format_mean_std(values.mean(), std, decimals)
