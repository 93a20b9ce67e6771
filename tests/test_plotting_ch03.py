"""The Chapter 3 figure helper: point clouds of real and generated rows."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from course_utils import plotting


def test_one_collection_per_cloud_thinned_to_max_points():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(500, 3)), columns=["V10", "V14", "V17"])
    ax = plotting.plot_point_clouds({"normal": frame, "fraud": frame.iloc[:20]}, x="V10", y="V17", max_points=100)
    assert len(ax.collections) == 2
    assert len(ax.collections[0].get_offsets()) == 100 and len(ax.collections[1].get_offsets()) == 20
    np.testing.assert_allclose(ax.collections[1].get_offsets(), frame.iloc[:20][["V10", "V17"]].to_numpy())
    assert ax.get_xlabel() == "V10" and ax.get_ylabel() == "V17"
    assert "normal (500)" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(ax.figure)


def test_arrays_are_indexed_by_position():
    points = np.arange(12.0).reshape(4, 3)
    ax = plotting.plot_point_clouds({"codes": points}, x=2, y=0)
    np.testing.assert_allclose(ax.collections[0].get_offsets(), points[:, [2, 0]])
    plt.close(ax.figure)


def test_no_cloud_raises():
    with pytest.raises(ValueError, match="at least one"):
        plotting.plot_point_clouds({})
