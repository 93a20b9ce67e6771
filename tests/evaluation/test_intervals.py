"""course_utils.evaluation.intervals: bootstrap intervals and the number of splits a comparison needs."""

import numpy as np
import pytest
from scipy.stats import norm

from course_utils.evaluation.costs import TransactionGain
from course_utils.evaluation.intervals import bootstrap_interval, splits_needed


def positive_mean(y, scores):
    return scores[y == 1].mean()


@pytest.mark.parametrize("confidence", [0.95, 0.8])
def test_intervals_cover_the_true_value_at_about_the_nominal_rate(confidence):
    rng = np.random.default_rng(0)
    repetitions, true_mean = 200, 1.0
    y = np.r_[np.ones(100, int), np.zeros(300, int)]
    covered = 0
    for seed in range(repetitions):
        scores = np.where(y == 1, rng.normal(true_mean, 1.0, y.size), rng.normal(0.0, 1.0, y.size))
        _, low, high = bootstrap_interval(positive_mean, y, scores, n_boot=200, confidence=confidence,
                                          random_state=seed)
        covered += low <= true_mean <= high
    # Within three binomial standard errors of the nominal rate.
    tolerance = 3 * np.sqrt(confidence * (1 - confidence) / repetitions)
    assert abs(covered / repetitions - confidence) <= tolerance


def test_estimate_is_the_metric_on_all_rows_and_the_interval_surrounds_it():
    rng = np.random.default_rng(1)
    y = (rng.random(300) < 0.2).astype(int)
    scores = rng.normal(size=300) + y
    estimate, low, high = bootstrap_interval(positive_mean, y, scores, n_boot=300, random_state=0)
    assert estimate == pytest.approx(positive_mean(y, scores))
    assert low < estimate < high
    assert bootstrap_interval(positive_mean, y, scores, n_boot=300, random_state=0) == (estimate, low, high)


def test_stratified_redraws_keep_each_class_count():
    y = np.r_[np.ones(5, int), np.zeros(45, int)]
    scores = np.arange(50.0)

    def count_positives(labels, _):
        return labels.sum()

    assert bootstrap_interval(count_positives, y, scores, n_boot=200, random_state=0) == (5.0, 5.0, 5.0)
    _, low, high = bootstrap_interval(count_positives, y, scores, n_boot=200, stratified=False, random_state=0)
    assert low < 5 < high


def test_sample_kwargs_are_redrawn_with_the_same_rows_and_metric_kwargs_pass_unchanged():
    rng = np.random.default_rng(2)
    y = (rng.random(100) < 0.3).astype(int)
    scores = rng.random(100)

    def mismatch(labels, values, amount, scale):
        return np.abs(amount - scale * values).max()

    assert bootstrap_interval(mismatch, y, scores, n_boot=50, random_state=0,
                              sample_kwargs={"amount": 2 * scores}, scale=2.0) == (0.0, 0.0, 0.0)
    amount = rng.gamma(2.0, 50.0, 100)
    refused = scores > 0.5
    gain = TransactionGain()
    estimate, low, high = bootstrap_interval(gain.total, y, refused, n_boot=100, random_state=0,
                                             sample_kwargs={"amount": amount})
    assert estimate == pytest.approx(gain.total(y, refused, amount))
    assert low < estimate < high


@pytest.mark.parametrize("kwargs, message", [
    ({"n_boot": 1}, "n_boot"),
    ({"confidence": 1.5}, "confidence"),
    ({"sample_kwargs": {"amount": np.ones(3)}}, "one entry per row"),
])
def test_bootstrap_rejects_bad_settings(kwargs, message):
    y, scores = np.array([0, 1, 0, 1]), np.array([0.1, 0.9, 0.2, 0.8])
    with pytest.raises(ValueError, match=message):
        bootstrap_interval(positive_mean, y, scores, **kwargs)


def test_splits_needed_follows_the_normal_approximation():
    z = norm.ppf(0.975) + norm.ppf(0.8)  # 2.80
    assert splits_needed(1.0, 1.0) == int(np.ceil(z**2)) == 8
    assert splits_needed(0.02, 0.01) == 32
    assert splits_needed(0.02, -0.01) == 32  # the sign of the difference does not matter
    assert splits_needed(0.01, 0.01, alpha=0.01, power=0.9) == int(np.ceil((norm.ppf(0.995) + norm.ppf(0.9)) ** 2))
    assert splits_needed(0.001, 1.0) == 2  # a paired test needs two splits at least


@pytest.mark.parametrize("args, message", [
    ((0.0, 0.01), "std_of_difference"),
    ((-0.02, 0.01), "std_of_difference must be positive"),
    ((0.02, 0.0), "difference"),
    ((0.02, 0.01, 1.0), "alpha"),
    ((0.02, 0.01, 0.05, 0.0), "power"),
])
def test_splits_needed_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        splits_needed(*args)
