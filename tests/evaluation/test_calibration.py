"""course_utils.evaluation.calibration: reliability tables and proper scores."""

import numpy as np
import pytest
from sklearn.calibration import calibration_curve

from course_utils.evaluation.calibration import calibration_scores, calibration_table


@pytest.fixture(scope="module")
def calibrated():
    """A perfectly calibrated model: p ~ Beta(2, 5), y ~ Bernoulli(p)."""
    rng = np.random.default_rng(0)
    proba = rng.beta(2.0, 5.0, 200_000)
    return (rng.random(proba.size) < proba).astype(int), proba


def test_brier_of_a_calibrated_model_is_the_expected_p_times_one_minus_p(calibrated):
    y, proba = calibrated
    a, b = 2.0, 5.0
    expected = a * b / ((a + b) * (a + b + 1))  # E[p(1 - p)] for p ~ Beta(a, b)
    standard_error = ((y - proba) ** 2).std() / np.sqrt(y.size)
    scores = calibration_scores(y, proba)
    assert abs(scores["brier"] - expected) < 4 * standard_error
    # A distorted forecast of the same rows scores worse on both proper scores.
    worse = calibration_scores(y, proba**2)
    assert worse["brier"] > scores["brier"] and worse["log_loss"] > scores["log_loss"]


def test_scores_by_hand_with_the_prevalence_baseline():
    y, proba = np.array([1, 0, 0, 0]), np.array([0.5, 0.5, 0.0, 0.0])
    scores = calibration_scores(y, proba)
    assert scores["brier"] == pytest.approx((0.25 + 0.25) / 4)
    assert scores["brier_prevalence"] == pytest.approx(0.25 * 0.75)
    # The prevalence forecast scores exactly its baseline.
    assert calibration_scores(y, np.full(4, 0.25))["brier"] == pytest.approx(0.25 * 0.75)
    assert scores["log_loss"] == pytest.approx(2 * np.log(2) / 4, rel=1e-6)  # the zeros are right: ~0 loss


def test_table_by_hand_with_uniform_bins():
    y = np.array([0, 0, 1, 0, 1, 1])
    proba = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.9])
    table = calibration_table(y, proba, n_bins=2, strategy="uniform")
    assert table["count"].tolist() == [3, 3]
    np.testing.assert_allclose(table["mean_predicted"], [0.2, 2.2 / 3])
    np.testing.assert_allclose(table["observed"], [1 / 3, 2 / 3])


@pytest.mark.parametrize("strategy", ["quantile", "uniform"])
def test_table_agrees_with_scikit_learn_and_counts_every_row(calibrated, strategy):
    y, proba = calibrated
    table = calibration_table(y, proba, n_bins=10, strategy=strategy)
    observed, predicted = calibration_curve(y, proba, n_bins=10, strategy=strategy)
    np.testing.assert_allclose(table["observed"], observed)
    np.testing.assert_allclose(table["mean_predicted"], predicted)
    assert table["count"].sum() == y.size
    # Calibrated: observed within four binomial standard errors of predicted, in every bin.
    noise = np.sqrt(table["mean_predicted"] * (1 - table["mean_predicted"]) / table["count"])
    assert (np.abs(table["observed"] - table["mean_predicted"]) < 4 * noise).all()


def test_quantile_bins_merge_where_many_probabilities_are_equal():
    y = np.r_[np.zeros(90, int), np.ones(10, int)]
    proba = np.r_[np.zeros(80), np.linspace(0.1, 1.0, 20)]
    table = calibration_table(y, proba, n_bins=10)
    assert len(table) < 10 and table["count"].sum() == 100
    assert table["mean_predicted"].iloc[0] == 0.0 and table["count"].iloc[0] == 80


@pytest.mark.parametrize("y, proba, message", [
    ([0, 1, 0], [0.1, 1.1, 0.3], r"probabilities in \[0, 1\]"),
    ([0, 1, 0], [0.1, np.nan, 0.3], r"probabilities in \[0, 1\]"),
    ([0, 0, 0], [0.1, 0.2, 0.3], "both classes"),
    ([0, 1], [0.1, 0.2, 0.3], "one entry per row"),
    ([0, 2, 0], [0.1, 0.2, 0.3], "labels 0 and 1"),
])
def test_bad_input_raises_one_clear_error(y, proba, message):
    with pytest.raises(ValueError, match=message):
        calibration_scores(y, proba)
    with pytest.raises(ValueError, match=message):
        calibration_table(y, proba)


@pytest.mark.parametrize("kwargs, message", [({"n_bins": 0}, "n_bins"), ({"strategy": "kmeans"}, "strategy")])
def test_table_rejects_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        calibration_table([0, 1, 0], [0.1, 0.8, 0.3], **kwargs)
