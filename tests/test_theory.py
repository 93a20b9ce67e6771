"""course_utils.theory: closed forms checked against scipy, Monte Carlo and known cases."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.stats import multivariate_normal, norm

from course_utils import theory

# (mu0, sigma0, mu1, sigma1, prior1): equal and unequal variances, balanced and rare positives.
CASES_1D = [
    (0.0, 1.0, 2.0, 1.0, 0.5),
    (0.0, 1.0, 2.0, 1.0, 0.1),
    (0.0, 1.0, 1.0, 1.0, 0.01),
    (0.0, 1.0, 2.0, 0.5, 0.1),    # narrow positive class: two boundary points
    (1.0, 2.0, 0.0, 0.7, 0.3),    # positive mean below the negative one
    (0.0, 1.0, 0.0, 3.0, 0.5),    # same means, different spreads
]


def quad_bayes_error(mu0, sigma0, mu1, sigma1, prior1):
    breaks = list(theory.bayes_threshold_1d(mu0, sigma0, mu1, sigma1, prior1)) or None
    integrand = lambda x: min((1 - prior1) * norm.pdf(x, mu0, sigma0), prior1 * norm.pdf(x, mu1, sigma1))
    return quad(integrand, -40, 40, points=breaks, limit=200)[0]


@pytest.mark.parametrize("d", [0.5, 1.0, 2.0, 4.0])
def test_equal_priors_and_variances_give_phi_of_minus_half_d(d):
    assert theory.bayes_error_1d(0, 1, d, 1, 0.5) == pytest.approx(norm.cdf(-d / 2), rel=1e-12)
    assert theory.bayes_error_lda([0, 0], [d, 0], np.eye(2), 0.5) == pytest.approx(norm.cdf(-d / 2), rel=1e-12)


@pytest.mark.parametrize("case", CASES_1D)
def test_bayes_error_1d_matches_numerical_integration(case):
    assert theory.bayes_error_1d(*case) == pytest.approx(quad_bayes_error(*case), rel=1e-7, abs=1e-12)


@pytest.mark.parametrize("case", CASES_1D)
def test_bayes_error_1d_matches_monte_carlo(case):
    n = 200_000
    x, y = theory.sample_gaussians_1d(n, *case, random_state=0)
    mc = np.mean((theory.posterior_1d(x, *case) > 0.5) != y)
    exact = theory.bayes_error_1d(*case)
    assert abs(mc - exact) < 5 * np.sqrt(exact * (1 - exact) / n)


@pytest.mark.parametrize("case", CASES_1D)
def test_bayes_error_is_below_the_minority_prior_and_combines_the_class_rates(case):
    prior1 = case[-1]
    fpr, fnr = theory.class_error_rates_1d(*case)
    error = theory.bayes_error_1d(*case)
    assert error == pytest.approx((1 - prior1) * fpr + prior1 * fnr)
    assert 0 < error <= min(prior1, 1 - prior1)


def test_a_smaller_prior_lowers_the_error_but_raises_the_missed_positives():
    errors = [theory.bayes_error_1d(0, 1, 1, 1, p) for p in (0.5, 0.2, 0.05)]
    fnrs = [theory.class_error_rates_1d(0, 1, 1, 1, p)[1] for p in (0.5, 0.2, 0.05)]
    assert errors == sorted(errors, reverse=True)
    assert fnrs == sorted(fnrs)


def test_equal_variance_threshold_has_the_closed_form():
    mu0, mu1, sigma, prior1 = 0.0, 2.0, 1.5, 0.1
    expected = (mu0 + mu1) / 2 + sigma**2 / (mu1 - mu0) * np.log((1 - prior1) / prior1)
    np.testing.assert_allclose(theory.bayes_threshold_1d(mu0, sigma, mu1, sigma, prior1), [expected])


@pytest.mark.parametrize("case", CASES_1D)
def test_posterior_is_one_half_at_every_boundary_point(case):
    roots = theory.bayes_threshold_1d(*case)
    assert len(roots) >= 1
    np.testing.assert_allclose(theory.posterior_1d(roots, *case), 0.5, atol=1e-9)


def test_unequal_variances_give_two_boundary_points_and_one_bounded_region():
    roots = theory.bayes_threshold_1d(0, 1, 2, 0.5, 0.1)
    assert len(roots) == 2
    assert theory.decision_regions_1d(0, 1, 2, 0.5, 0.1) == [(roots[0], roots[1])]


def test_identical_classes_have_no_boundary_and_the_error_is_the_minority_prior():
    assert theory.bayes_threshold_1d(0, 1, 0, 1, 0.3).size == 0
    assert theory.decision_regions_1d(0, 1, 0, 1, 0.3) == []
    assert theory.bayes_error_1d(0, 1, 0, 1, 0.3) == pytest.approx(0.3)


def test_posterior_1d_is_bayes_rule():
    x = np.linspace(-3, 5, 17)
    num = 0.2 * norm.pdf(x, 2, 0.5)
    expected = num / (num + 0.8 * norm.pdf(x, 0, 1))
    np.testing.assert_allclose(theory.posterior_1d(x, 0, 1, 2, 0.5, 0.2), expected, rtol=1e-10)


MEAN0, MEAN1 = np.array([0.0, 0.0]), np.array([1.5, 1.0])
COV = np.array([[1.0, 0.4], [0.4, 0.8]])


def test_lda_posterior_is_bayes_rule_with_multivariate_densities():
    X = np.random.default_rng(0).normal(size=(50, 2))
    num = 0.1 * multivariate_normal(MEAN1, COV).pdf(X)
    expected = num / (num + 0.9 * multivariate_normal(MEAN0, COV).pdf(X))
    np.testing.assert_allclose(theory.lda_posterior(X, MEAN0, MEAN1, COV, 0.1), expected, rtol=1e-10)


def test_lda_boundary_points_have_posterior_one_half_and_the_prior_only_shifts_it():
    w, b = theory.lda_boundary(MEAN0, MEAN1, COV, 0.1)
    w_half, b_half = theory.lda_boundary(MEAN0, MEAN1, COV, 0.5)
    np.testing.assert_allclose(w, w_half)
    assert b < b_half
    point = -b * w / (w @ w)   # the point of the line w.x + b = 0 closest to the origin
    assert theory.lda_posterior(point[None, :], MEAN0, MEAN1, COV, 0.1)[0] == pytest.approx(0.5)


@pytest.mark.parametrize("prior1", [0.5, 0.1, 0.02])
def test_bayes_error_lda_matches_monte_carlo(prior1):
    n = 200_000
    X, y = theory.sample_gaussians(n, MEAN0, MEAN1, COV, prior1, random_state=1)
    mc = np.mean((theory.lda_posterior(X, MEAN0, MEAN1, COV, prior1) > 0.5) != y)
    exact = theory.bayes_error_lda(MEAN0, MEAN1, COV, prior1)
    assert abs(mc - exact) < 5 * np.sqrt(exact * (1 - exact) / n)


def test_bayes_error_lda_reduces_to_one_dimension_through_the_mahalanobis_distance():
    delta = theory.mahalanobis_distance(MEAN0, MEAN1, COV)
    diff = MEAN1 - MEAN0
    assert delta == pytest.approx(np.sqrt(diff @ np.linalg.inv(COV) @ diff))
    assert theory.bayes_error_lda(MEAN0, MEAN1, COV, 0.1) == pytest.approx(theory.bayes_error_1d(0, 1, delta, 1, 0.1))


def test_samplers_are_reproducible_and_follow_the_prior():
    x1, y1 = theory.sample_gaussians_1d(50_000, 0, 1, 2, 1, 0.2, random_state=3)
    x2, y2 = theory.sample_gaussians_1d(50_000, 0, 1, 2, 1, 0.2, random_state=3)
    np.testing.assert_array_equal(x1, x2)
    assert x1.shape == y1.shape == (50_000,)
    assert y1.mean() == pytest.approx(0.2, abs=0.01)
    assert x1[y1 == 1].mean() == pytest.approx(2, abs=0.05)
    X, y = theory.sample_gaussians(50_000, MEAN0, MEAN1, COV, 0.3, random_state=3)
    assert X.shape == (50_000, 2) and set(np.unique(y)) == {0, 1}
    np.testing.assert_allclose(np.cov(X[y == 0].T), COV, atol=0.03)


def test_prior_correction_recovers_the_true_posterior():
    x = np.linspace(-2, 4, 13)
    balanced = theory.posterior_1d(x, 0, 1, 2, 1, 0.5)
    corrected = theory.correct_prior_shift(balanced, train_prior=0.5, true_prior=0.05)
    np.testing.assert_allclose(corrected, theory.posterior_1d(x, 0, 1, 2, 1, 0.05), rtol=1e-10)
    back = theory.correct_prior_shift(corrected, train_prior=0.05, true_prior=0.5)
    np.testing.assert_allclose(back, balanced, rtol=1e-10)
    np.testing.assert_allclose(theory.correct_prior_shift(balanced, 0.3, 0.3), balanced)
    np.testing.assert_array_equal(theory.correct_prior_shift([0.0, 1.0], 0.5, 0.1), [0.0, 1.0])


@pytest.mark.parametrize("k", [2, 10, 100])
def test_undersampling_threshold_and_costs_are_one_decision_rule(k):
    true_prior = 0.02
    train_prior = true_prior / (true_prior + (1 - true_prior) / k)   # keep one negative in k
    t = theory.equivalent_threshold(train_prior=train_prior, true_prior=true_prior)
    assert t == pytest.approx(1 / (1 + k))
    assert t == pytest.approx(theory.cost_sensitive_threshold(cost_fp=1, cost_fn=k))
    p = np.linspace(0.001, 0.999, 999)
    resampled = theory.correct_prior_shift(p, train_prior=true_prior, true_prior=train_prior)
    np.testing.assert_array_equal(resampled > 0.5, p > t)


@pytest.mark.parametrize("bad", [0, 1, -0.1, 1.5, np.nan, "0.5", None])
def test_priors_outside_the_open_unit_interval_are_rejected(bad):
    with pytest.raises(ValueError, match="prior1 must be a probability strictly between 0 and 1"):
        theory.bayes_error_1d(0, 1, 2, 1, bad)
    with pytest.raises(ValueError, match="true_prior"):
        theory.correct_prior_shift(0.5, train_prior=0.5, true_prior=bad)


@pytest.mark.parametrize("bad", [0, -1, np.inf])
def test_non_positive_sigmas_are_rejected(bad):
    with pytest.raises(ValueError, match="sigma1 must be a positive standard deviation"):
        theory.posterior_1d(0.0, 0, 1, 2, bad, 0.5)


@pytest.mark.parametrize("bad", [-0.01, 1.01, np.nan])
def test_probabilities_outside_zero_one_are_rejected(bad):
    with pytest.raises(ValueError, match=r"proba must hold probabilities in \[0, 1\]"):
        theory.correct_prior_shift([0.2, bad], train_prior=0.5, true_prior=0.1)


def test_bad_covariances_shapes_and_costs_are_rejected():
    with pytest.raises(ValueError, match="positive definite"):
        theory.bayes_error_lda(MEAN0, MEAN1, [[1, 2], [2, 1]], 0.5)
    with pytest.raises(ValueError, match="2x2"):
        theory.lda_boundary(MEAN0, MEAN1, np.eye(3), 0.5)
    with pytest.raises(ValueError, match="one length"):
        theory.mahalanobis_distance([0, 0], [1, 1, 1], np.eye(2))
    with pytest.raises(ValueError, match="shape"):
        theory.lda_posterior(np.zeros((4, 3)), MEAN0, MEAN1, COV, 0.5)
    with pytest.raises(ValueError, match="n_samples"):
        theory.sample_gaussians_1d(0, 0, 1, 2, 1, 0.5)
    with pytest.raises(ValueError, match="cost_fn"):
        theory.cost_sensitive_threshold(1, 0)
