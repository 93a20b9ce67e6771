"""Chapter 4's figures in course_utils.plotting: they draw what they say and reject what they cannot draw."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_utils import plotting


def test_generated_grid_has_one_panel_per_generator_and_step():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(50, 4))
    samples = {"gan": {0: rng.normal(size=(20, 4)), 10: rng.normal(size=(20, 4))},
               "wgan-gp": {0: rng.normal(size=(20, 4)), 10: rng.normal(size=(20, 4))}}
    axes = plotting.plot_generated_grid(real, samples, columns=(1, 3), labels=("V10", "V17"))
    assert axes.shape == (2, 2)
    assert axes[0, 1].get_title() == "step 10" and "wgan-gp" in axes[1, 0].get_ylabel()
    # Real then generated points, in the chosen columns.
    np.testing.assert_allclose(axes[1, 1].collections[1].get_offsets(), samples["wgan-gp"][10][:, [1, 3]])
    plt.close("all")


def test_generated_grid_rejects_generators_with_different_steps():
    with pytest.raises(ValueError, match="same steps"):
        plotting.plot_generated_grid(np.zeros((3, 2)), {"a": {0: np.zeros((2, 2))}, "b": {5: np.zeros((2, 2))}})


def test_curves_draw_one_line_per_hue_and_the_references():
    frame = pd.DataFrame({"step": [0, 1, 2, 0, 1, 2], "realism": [0.9, 0.7, 0.6, 1.0, 0.8, 0.8],
                          "kind": ["a"] * 3 + ["b"] * 3, "sd": 0.05})
    ax = plotting.plot_curves(frame, "realism", references={"goal": 0.6}, errorbars="sd")
    assert len(ax.lines) == 3
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.9, 0.7, 0.6])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "goal"]
    plt.close("all")
