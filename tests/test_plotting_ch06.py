"""Chapter 6's figure: the augmentation gallery grid."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from course_utils import plotting


def test_plot_image_rows_draws_one_image_per_cell_and_names_rows():
    rows = {"original": torch.zeros(3, 1, 8, 8, dtype=torch.uint8), "rotated": [np.ones((8, 8))]}
    axes = plotting.plot_image_rows(rows)
    assert axes.shape == (2, 3)
    assert [len(ax.images) for ax in axes.ravel()] == [1, 1, 1, 1, 0, 0]
    assert axes[1, 0].get_ylabel() == "rotated"
    plt.close("all")


def test_plot_image_rows_rejects_an_empty_row():
    with pytest.raises(ValueError, match="at least one image"):
        plotting.plot_image_rows({"empty": []})
