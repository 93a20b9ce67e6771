"""The Chapter 2b figures draw what they are given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.plotting import plot_cost_curves, plot_gain_curve, plot_reliability_log  # noqa: E402


def test_reliability_log_draws_one_curve_per_model():
    rng = np.random.default_rng(0)
    y = (rng.random(2000) < 0.05).astype(int)
    ax = plot_reliability_log(y, {"a": rng.random(2000) * 0.1, "b": rng.random(2000)})
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["calibrated", "a", "b"]
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="floor"):
        plot_reliability_log(y, {"a": rng.random(2000)}, floor=0)


def test_gain_curve_marks_and_references():
    t = np.logspace(-3, 0, 20)
    ax = plot_gain_curve(t, {"m": np.linspace(0, 1, 20)}, marks={"0.5": (0.5, 0.7)}, references={"oracle": 1.0})
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["m", "oracle", "0.5"]
    plt.close(ax.figure)


def test_cost_curves_shade():
    pc = np.linspace(0, 1, 11)
    ax = plot_cost_curves(pc, {"m": 0.5 * np.minimum(pc, 1 - pc)}, shade=(0.1, 0.3))
    assert len(ax.patches) == 1 and len(ax.lines) == 2
    plt.close(ax.figure)
