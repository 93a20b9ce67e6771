"""course_utils.plotting: each figure draws what it promises and returns its Axes."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils import plotting, theory


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# Chapter 1 ------------------------------------------------------------------


def test_plot_posteriors_draws_one_curve_per_prior_and_the_boundaries():
    priors = [0.5, 0.2, 0.05]
    ax = plotting.plot_posteriors(0, 1, 2, 1, priors)
    assert len(ax.lines) == len(priors) + 1   # curves + the line at 1/2
    dots = ax.collections[0].get_offsets()
    assert len(dots) == len(priors)
    np.testing.assert_allclose(dots[:, 1], 0.5)
    assert ax.get_ylabel() and ax.get_xlabel()


def test_plot_bayes_error_shades_two_regions_and_marks_both_boundary_points():
    fig, ax = plt.subplots()
    returned = plotting.plot_bayes_error(0, 1, 2, 0.5, 0.1, ax=ax)
    assert returned is ax
    assert len(ax.lines) == 2 + 2             # two weighted densities + two boundary points
    assert len(ax.collections) == 2           # missed positives, false alarms
    assert f"{theory.bayes_error_1d(0, 1, 2, 0.5, 0.1):.4f}" in ax.get_title()


def test_plot_decision_boundaries_2d_draws_classes_and_one_line_per_prior():
    mean0, mean1, cov = [0, 0], [2, 1], np.eye(2)
    X, y = theory.sample_gaussians(500, mean0, mean1, cov, 0.2, random_state=0)
    ax = plotting.plot_decision_boundaries_2d(X, y, mean0, mean1, cov, [0.5, 0.1])
    assert len(ax.collections) == 2
    assert len(ax.lines) == 2
    with pytest.raises(ValueError, match="n_samples, 2"):
        plotting.plot_decision_boundaries_2d(X[:, :1], y, mean0, mean1, cov, [0.5])


def test_plot_reliability_draws_the_diagonal_and_one_curve_per_model():
    rng = np.random.default_rng(0)
    p = rng.uniform(size=2000)
    y = (rng.uniform(size=2000) < p).astype(int)
    ax = plotting.plot_reliability(y, {"calibrated": p, "inflated": np.sqrt(p)}, n_bins=5)
    assert len(ax.lines) == 3
    calibrated = ax.lines[1].get_xydata()
    assert np.abs(calibrated[:, 0] - calibrated[:, 1]).max() < 0.1


def test_plot_overlap_sweep_draws_one_curve_per_separation_in_each_panel():
    axes = plotting.plot_overlap_sweep({"overlapping": 1.0, "separated": 5.0}, np.geomspace(0.5, 0.01, 8))
    assert [len(ax.lines) for ax in axes] == [2, 3, 2]
    recall_overlapping, recall_separated = (line.get_ydata() for line in axes[2].lines)
    assert recall_separated[-1] > 0.8 > 0.01 > recall_overlapping[-1]
    with pytest.raises(ValueError, match="3 Axes"):
        plotting.plot_overlap_sweep({"a": 1.0}, [0.5], axes=[plt.gca()])


def test_plot_training_priors_has_its_minimum_error_at_the_true_prior():
    priors = np.geomspace(0.01, 0.9, 41)
    axes = plotting.plot_training_priors(0, 1, 2, 1, 0.1, priors)
    error, floor = axes[0].lines[0].get_ydata(), axes[0].lines[1].get_ydata()[0]
    assert error.min() >= floor - 1e-12
    assert priors[np.argmin(error)] == pytest.approx(0.1, rel=0.15)
    assert len(axes[1].lines) == 2 + 1 + 1      # recall, false positive rate, two prior markers
