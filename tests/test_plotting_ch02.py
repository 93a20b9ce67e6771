"""Chapter 2's figures in course_utils.plotting: they draw what they say and reject what they cannot draw."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import average_precision_score

from course_utils import plotting


@pytest.fixture
def predictions():
    rng = np.random.default_rng(0)
    frames = []
    for name, skill in (("good", 2.0), ("weak", 0.5)):
        for split in (0, 1):
            y = (rng.random(200) < 0.1).astype(int)
            proba = 1 / (1 + np.exp(-(skill * (2 * y - 1) + rng.normal(size=200))))
            frames.append(pd.DataFrame({"pipeline": name, "split": split, "row": np.arange(200),
                                        "y_true": y, "proba": proba, "threshold": 0.6}))
    return pd.concat(frames, ignore_index=True)


def test_pr_curves_put_each_ap_in_the_legend(predictions):
    ax = plotting.plot_pr_curves(predictions, ["good", "weak"], split=1)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    rows = predictions.query("pipeline == 'good' and split == 1")
    assert labels[0] == f"good (AP = {average_precision_score(rows['y_true'], rows['proba']):.3f})"
    assert labels[-1].startswith("no skill (AP = ")
    assert len(ax.get_lines()) == 3
    plt.close("all")


def test_pr_curves_reject_an_unknown_pipeline(predictions):
    with pytest.raises(ValueError, match="no predictions"):
        plotting.plot_pr_curves(predictions, ["missing"])


def test_confusion_matrices_count_every_test_row(predictions):
    axes = plotting.plot_confusion_matrices(predictions, ["good", "weak"], split=0)
    assert len(axes) == 2
    counts = [int(t.get_text().replace(",", "")) for t in axes[0].texts]
    assert sum(counts) == 200
    assert "threshold = 0.600" in axes[0].get_title()
    plt.close("all")


def test_metric_bars_draw_mean_with_std_per_group_and_hue():
    results = pd.DataFrame({
        "pipeline": ["a"] * 4 + ["b"] * 4, "split": [0, 1] * 4, "metric": "average_precision",
        "value": [0.8, 0.9, 0.4, 0.6, 0.7, 0.7, 0.5, 0.5],
        "model": ["m1", "m1", "m2", "m2"] * 2, "sampler": ["s1"] * 4 + ["s2"] * 4,
    })
    ax = plotting.plot_metric_bars(results, group="sampler", hue="model")
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == [0.5, 0.5, 0.7, 0.85]
    with pytest.raises(ValueError, match="no metric"):
        plotting.plot_metric_bars(results, metric="roc_auc")
    plt.close("all")


def test_class_distributions_one_panel_per_feature():
    frame = pd.DataFrame({"a": np.arange(100.0), "b": np.arange(100.0) ** 2, "Class": np.r_[np.ones(10), np.zeros(90)]})
    axes = plotting.plot_class_distributions(frame, ["a", "b"])
    assert [ax.get_xlabel() for ax in axes] == ["a", "b"]
    plt.close("all")
