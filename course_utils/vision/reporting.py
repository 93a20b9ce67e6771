"""Tables of the image chapters' runs: test scores in percent, mean ± std, beside published numbers.

Introduced in Chapter 5; Chapters 6 and 7 report the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..evaluation import summarize


def in_percent(results: pd.DataFrame) -> pd.DataFrame:
    """The test scores (``accuracy``, ``balanced_accuracy``, ``class_*``) of tidy results, times 100.

    Introduced in Chapter 5. Takes :func:`~course_utils.vision.run_methods`'s
    results; other metrics (seconds, kept step) are dropped.
    """
    scores = results[results.metric.str.startswith("class_")
                     | results.metric.isin(["accuracy", "balanced_accuracy"])]
    return scores.assign(value=100 * scores.value)


def percent_table(results: pd.DataFrame, columns: Mapping[str, str], published=None) -> pd.DataFrame:
    """Mean ± std in percent per method for the metrics ``columns`` names, published values, seconds per run.

    Introduced in Chapter 5.

    Parameters
    ----------
    results : DataFrame
        Tidy, from :func:`~course_utils.vision.run_methods`.
    columns : mapping
        ``{metric: column title}``, in the order shown: test scores in [0, 1]
        (``accuracy``, ``class_7``, or one the chapter added, such as the mean
        of the rarest classes).
    published : dict, Series or DataFrame, optional
        Published values by method (a dict or Series becomes one ``published``
        column; a DataFrame keeps its columns), shown with two decimals.

    Returns
    -------
    DataFrame
        A row per method, "—" where a method has no value.
    """
    metrics = list(columns)
    scores = results[results.metric.isin(metrics)].assign(value=lambda r: 100 * r.value)
    table = summarize(scores, by="method", over="seed", metrics=metrics, decimals=1).rename(columns=dict(columns))
    if published is not None:
        if isinstance(published, Mapping):
            published = pd.Series(published, name="published")
        table = table.join(published.map("{:.2f}".format, na_action="ignore"))
    seconds = results[results.metric == "seconds"].groupby("method").value.mean().round()
    return table.assign(**{"s / run": seconds}).fillna("—")
