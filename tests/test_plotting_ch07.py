"""plotting.plot_image_grid tiles images row by row."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.plotting import plot_image_grid


def test_image_grid_tiles_rows_and_labels_them():
    images = np.zeros((6, 4, 5), dtype=np.uint8)
    images[3] = 255  # row 1, column 0
    ax = plot_image_grid(images, ncols=3, row_labels=["a", "b"], title="t")
    tiled = ax.get_images()[0].get_array()
    assert tiled.shape == (8, 15)
    assert tiled[4:, :5].min() == 255 and tiled[:4].max() == 0 and tiled[4:, 5:].max() == 0
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"] and ax.get_title() == "t"
    plt.close("all")


def test_image_grid_rejects_a_ragged_grid():
    with pytest.raises(ValueError, match="multiple of ncols"):
        plot_image_grid(np.zeros((5, 4, 4)), ncols=3)
