"""Figures of Chapter 8 (text): method scores against published values."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from course_utils.plotting._style import new_axes

if TYPE_CHECKING:   # annotations only
    from collections.abc import Mapping

    import pandas as pd


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
        From :func:`course_utils.text.summary_table`.
    published : mapping, optional
        Method name -> published value, drawn as a black diamond.
    reference : float, optional
        A vertical dashed line (e.g. the strongest baseline).
    """
    ax = new_axes(ax, figsize=(7, 0.45 * len(summary) + 1.5))
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
