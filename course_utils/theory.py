"""Closed-form results for two Gaussian classes: posteriors, Bayes boundaries and errors, prior shift.

Introduced in Chapter 1. Everything here is exact for the model it states:

* 1-D: class ``c`` has density :math:`N(\\mu_c, \\sigma_c^2)`, with possibly
  unequal variances (then the Bayes rule has up to two boundary points);
* multivariate: both classes share one covariance matrix :math:`\\Sigma`
  (the LDA model), so the Bayes boundary is the hyperplane :math:`w^\\top x + b = 0`.

Class 1 is the positive (minority) class and ``prior1`` its prior
:math:`\\pi_1 = P(C=1)`; :math:`\\pi_0 = 1 - \\pi_1`. The Bayes rule for
accuracy decides class 1 where :math:`\\pi_1 f_1(x) > \\pi_0 f_0(x)`.

Inputs are validated in one place (the ``_check_*`` helpers below), and every
bad input raises a :class:`ValueError` that names the argument.
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy.special import expit
from scipy.stats import norm

__all__ = [
    "bayes_error_1d",
    "bayes_error_lda",
    "bayes_threshold_1d",
    "class_error_rates_1d",
    "cost_sensitive_threshold",
    "correct_prior_shift",
    "decision_regions_1d",
    "equivalent_threshold",
    "lda_boundary",
    "lda_posterior",
    "mahalanobis_distance",
    "posterior_1d",
    "sample_gaussians",
    "sample_gaussians_1d",
]


# ---------------------------------------------------------------------------
# Validation: the one place that decides what a valid input is.
# ---------------------------------------------------------------------------


def _check_prior(value, name: str = "prior1") -> float:
    if not isinstance(value, numbers.Real) or not np.isfinite(value) or not 0 < value < 1:
        raise ValueError(f"{name} must be a probability strictly between 0 and 1, got {value!r}.")
    return float(value)


def _check_sigma(value, name: str) -> float:
    if not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive standard deviation, got {value!r}.")
    return float(value)


def _check_mean(value, name: str) -> float:
    if not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}.")
    return float(value)


def _check_gaussians_1d(mu0, sigma0, mu1, sigma1, prior1) -> tuple[float, float, float, float, float]:
    return (
        _check_mean(mu0, "mu0"),
        _check_sigma(sigma0, "sigma0"),
        _check_mean(mu1, "mu1"),
        _check_sigma(sigma1, "sigma1"),
        _check_prior(prior1),
    )


def _check_gaussians(mean0, mean1, cov, prior1) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    mean0 = np.atleast_1d(np.asarray(mean0, dtype=float))
    mean1 = np.atleast_1d(np.asarray(mean1, dtype=float))
    if mean0.ndim != 1 or mean0.shape != mean1.shape:
        raise ValueError(
            f"mean0 and mean1 must be vectors of one length, got shapes {mean0.shape} and {mean1.shape}."
        )
    if not (np.all(np.isfinite(mean0)) and np.all(np.isfinite(mean1))):
        raise ValueError("mean0 and mean1 must hold finite numbers.")
    d = mean0.size
    cov = np.asarray(cov, dtype=float)
    if cov.shape != (d, d):
        raise ValueError(f"cov must be a {d}x{d} matrix to match the means, got shape {cov.shape}.")
    if not np.allclose(cov, cov.T) or np.any(np.linalg.eigvalsh(cov) <= 0):
        raise ValueError("cov must be a symmetric positive definite covariance matrix.")
    return mean0, mean1, cov, _check_prior(prior1)


def _check_probabilities(proba, name: str = "proba") -> np.ndarray:
    proba = np.asarray(proba, dtype=float)
    if np.any(~np.isfinite(proba)) or np.any((proba < 0) | (proba > 1)):
        raise ValueError(f"{name} must hold probabilities in [0, 1].")
    return proba


def _check_n_samples(n_samples) -> int:
    if not isinstance(n_samples, numbers.Integral) or n_samples < 1:
        raise ValueError(f"n_samples must be a positive integer, got {n_samples!r}.")
    return int(n_samples)


# ---------------------------------------------------------------------------
# One dimension, possibly unequal variances.
# ---------------------------------------------------------------------------


def _log_odds_1d(x, mu0, sigma0, mu1, sigma1, prior1):
    """log[pi1 f1(x)] - log[pi0 f0(x)]: positive where the Bayes rule picks class 1."""
    return (
        np.log(prior1) - np.log1p(-prior1)
        + norm.logpdf(x, mu1, sigma1) - norm.logpdf(x, mu0, sigma0)
    )


def posterior_1d(x, mu0, sigma0, mu1, sigma1, prior1):
    """Posterior probability of class 1 for two 1-D Gaussian classes.

    Introduced in Chapter 1.

    .. math:: P(C=1 \\mid x) = \\frac{\\pi_1 f_1(x)}{\\pi_0 f_0(x) + \\pi_1 f_1(x)}

    computed through the log-odds, so it stays accurate far in the tails.

    Parameters
    ----------
    x : float or array-like
        Points at which to evaluate the posterior.
    mu0, sigma0 : float
        Mean and standard deviation of class 0 (``sigma0 > 0``).
    mu1, sigma1 : float
        Mean and standard deviation of class 1 (``sigma1 > 0``).
    prior1 : float
        Prior probability of class 1, strictly between 0 and 1.

    Returns
    -------
    ndarray or float
        :math:`P(C=1 \\mid x)`, with the shape of ``x``.

    Examples
    --------
    >>> round(float(posterior_1d(1.0, 0, 1, 2, 1, prior1=0.5)), 3)
    0.5
    """
    mu0, sigma0, mu1, sigma1, prior1 = _check_gaussians_1d(mu0, sigma0, mu1, sigma1, prior1)
    return expit(_log_odds_1d(np.asarray(x, dtype=float), mu0, sigma0, mu1, sigma1, prior1))


def bayes_threshold_1d(mu0, sigma0, mu1, sigma1, prior1) -> np.ndarray:
    """Points where the Bayes rule for accuracy switches class, for two 1-D Gaussians.

    Introduced in Chapter 1.

    They solve :math:`\\pi_1 f_1(x) = \\pi_0 f_0(x)`, i.e. :math:`a x^2 + b x + c = 0` with

    .. math::

        a = \\frac{1}{2\\sigma_0^2} - \\frac{1}{2\\sigma_1^2},\\quad
        b = \\frac{\\mu_1}{\\sigma_1^2} - \\frac{\\mu_0}{\\sigma_0^2},\\quad
        c = \\frac{\\mu_0^2}{2\\sigma_0^2} - \\frac{\\mu_1^2}{2\\sigma_1^2}
            + \\log\\frac{\\pi_1 \\sigma_0}{\\pi_0 \\sigma_1}.

    Equal variances make it linear, with the single root
    :math:`\\frac{\\mu_0+\\mu_1}{2} + \\frac{\\sigma^2}{\\mu_1-\\mu_0}\\log\\frac{\\pi_0}{\\pi_1}`.

    Parameters
    ----------
    mu0, sigma0, mu1, sigma1, prior1 : float
        As in :func:`posterior_1d`.

    Returns
    -------
    ndarray
        The sorted boundary points: none (one class wins everywhere), one, or
        two (unequal variances: the wider class wins on both sides).
    """
    mu0, sigma0, mu1, sigma1, prior1 = _check_gaussians_1d(mu0, sigma0, mu1, sigma1, prior1)
    a = 0.5 / sigma0**2 - 0.5 / sigma1**2
    b = mu1 / sigma1**2 - mu0 / sigma0**2
    c = (
        0.5 * mu0**2 / sigma0**2 - 0.5 * mu1**2 / sigma1**2
        + np.log(prior1 * sigma0) - np.log((1 - prior1) * sigma1)
    )
    if a == 0:
        return np.array([] if b == 0 else [-c / b])
    disc = b * b - 4 * a * c
    if disc < 0:
        return np.array([])
    # The stable form of the quadratic formula: no cancellation when a is tiny.
    q = -0.5 * (b + np.copysign(np.sqrt(disc), b))
    roots = [q / a] if q == 0 else [q / a, c / q]
    return np.unique(roots)


def decision_regions_1d(mu0, sigma0, mu1, sigma1, prior1) -> list[tuple[float, float]]:
    """Intervals of the real line where the Bayes rule for accuracy decides class 1.

    Introduced in Chapter 1.

    Parameters
    ----------
    mu0, sigma0, mu1, sigma1, prior1 : float
        As in :func:`posterior_1d`.

    Returns
    -------
    list of (float, float)
        Disjoint ``(low, high)`` intervals, possibly with infinite ends; an
        empty list when class 0 wins everywhere.
    """
    mu0, sigma0, mu1, sigma1, prior1 = _check_gaussians_1d(mu0, sigma0, mu1, sigma1, prior1)
    edges = [-np.inf, *bayes_threshold_1d(mu0, sigma0, mu1, sigma1, prior1), np.inf]
    regions = []
    for low, high in zip(edges[:-1], edges[1:]):
        # One point inside each interval tells which class wins on all of it.
        inside = (low + high) / 2 if np.isfinite(low) and np.isfinite(high) else (
            high - 1 if np.isfinite(high) else low + 1 if np.isfinite(low) else 0.0
        )
        if _log_odds_1d(inside, mu0, sigma0, mu1, sigma1, prior1) > 0:
            if regions and regions[-1][1] == low:
                regions[-1] = (regions[-1][0], high)
            else:
                regions.append((float(low), float(high)))
    return regions


def _normal_mass(low, high, mu, sigma) -> float:
    """P(low < X < high) for X ~ N(mu, sigma^2), accurate in either tail."""
    if low > mu:
        return float(norm.sf(low, mu, sigma) - norm.sf(high, mu, sigma))
    return float(norm.cdf(high, mu, sigma) - norm.cdf(low, mu, sigma))


def class_error_rates_1d(mu0, sigma0, mu1, sigma1, prior1) -> tuple[float, float]:
    """Per-class error rates of the Bayes rule built for ``prior1``.

    Introduced in Chapter 1. The rates are conditional on the class, so they
    do not depend on how often each class occurs at test time; only the rule
    (through ``prior1``) moves them. The minority recall is ``1 - fnr``.

    Parameters
    ----------
    mu0, sigma0, mu1, sigma1, prior1 : float
        As in :func:`posterior_1d`; ``prior1`` is the prior the rule assumes.

    Returns
    -------
    fpr : float
        :math:`P(\\text{decide } 1 \\mid C=0)`, the false positive rate.
    fnr : float
        :math:`P(\\text{decide } 0 \\mid C=1)`, the false negative rate.
    """
    regions = decision_regions_1d(mu0, sigma0, mu1, sigma1, prior1)
    fpr = sum(_normal_mass(low, high, mu0, sigma0) for low, high in regions)
    tpr = sum(_normal_mass(low, high, mu1, sigma1) for low, high in regions)
    return min(max(fpr, 0.0), 1.0), min(max(1.0 - tpr, 0.0), 1.0)


def bayes_error_1d(mu0, sigma0, mu1, sigma1, prior1) -> float:
    """Bayes error of two 1-D Gaussian classes, exactly, from normal CDFs.

    Introduced in Chapter 1.

    .. math:: \\varepsilon^* = \\int \\min\\{\\pi_0 f_0(x), \\pi_1 f_1(x)\\}\\,dx
              = \\pi_0\\,\\mathrm{FPR} + \\pi_1\\,\\mathrm{FNR}

    where the rates are those of :func:`class_error_rates_1d`, i.e. normal
    masses over the decision regions (two boundary points when the
    variances differ). With equal priors and equal variances it is
    :math:`\\Phi(-d/2)`, :math:`d = |\\mu_1 - \\mu_0| / \\sigma`.

    Parameters
    ----------
    mu0, sigma0, mu1, sigma1, prior1 : float
        As in :func:`posterior_1d`.

    Returns
    -------
    float
        The smallest error rate any classifier can reach on these classes.

    Examples
    --------
    >>> round(bayes_error_1d(0, 1, 2, 1, prior1=0.5), 4)
    0.1587
    """
    fpr, fnr = class_error_rates_1d(mu0, sigma0, mu1, sigma1, prior1)
    return (1 - prior1) * fpr + prior1 * fnr


def sample_gaussians_1d(n_samples, mu0, sigma0, mu1, sigma1, prior1, random_state=None):
    """Draw labelled points from two 1-D Gaussian classes.

    Introduced in Chapter 1, to check the analytic results by Monte Carlo.

    Parameters
    ----------
    n_samples : int
        Number of points.
    mu0, sigma0, mu1, sigma1, prior1 : float
        As in :func:`posterior_1d`; labels are Bernoulli(``prior1``).
    random_state : int, numpy.random.Generator or None
        Seed or generator.

    Returns
    -------
    x : ndarray of shape (n_samples,)
    y : ndarray of shape (n_samples,), int, 1 for the positive class
    """
    mu0, sigma0, mu1, sigma1, prior1 = _check_gaussians_1d(mu0, sigma0, mu1, sigma1, prior1)
    n_samples = _check_n_samples(n_samples)
    rng = np.random.default_rng(random_state)
    y = (rng.random(n_samples) < prior1).astype(int)
    x = np.where(y == 1, mu1, mu0) + np.where(y == 1, sigma1, sigma0) * rng.standard_normal(n_samples)
    return x, y


# ---------------------------------------------------------------------------
# Several dimensions, shared covariance (the LDA model).
# ---------------------------------------------------------------------------


def mahalanobis_distance(mean0, mean1, cov) -> float:
    """Mahalanobis distance :math:`\\Delta = \\sqrt{(\\mu_1-\\mu_0)^\\top \\Sigma^{-1} (\\mu_1-\\mu_0)}`.

    Introduced in Chapter 1: with a shared covariance, the overlap of the two
    classes (and hence the Bayes error) depends on the means only through it.

    Parameters
    ----------
    mean0, mean1 : array-like of shape (d,)
        Class means.
    cov : array-like of shape (d, d)
        Shared covariance, symmetric positive definite.

    Returns
    -------
    float
    """
    mean0, mean1, cov, _ = _check_gaussians(mean0, mean1, cov, 0.5)
    diff = mean1 - mean0
    return float(np.sqrt(diff @ np.linalg.solve(cov, diff)))


def lda_boundary(mean0, mean1, cov, prior1) -> tuple[np.ndarray, float]:
    """Bayes decision boundary :math:`w^\\top x + b = 0` of two Gaussians with a shared covariance.

    Introduced in Chapter 1.

    .. math::

        w = \\Sigma^{-1}(\\mu_1 - \\mu_0),\\qquad
        b = -\\tfrac12 (\\mu_1 + \\mu_0)^\\top w + \\log\\frac{\\pi_1}{\\pi_0}

    :math:`w^\\top x + b` is the log-odds of class 1, so the prior only
    shifts the line parallel to itself.

    Parameters
    ----------
    mean0, mean1, cov, prior1
        As in :func:`lda_posterior`.

    Returns
    -------
    w : ndarray of shape (d,)
    b : float
    """
    mean0, mean1, cov, prior1 = _check_gaussians(mean0, mean1, cov, prior1)
    w = np.linalg.solve(cov, mean1 - mean0)
    b = -0.5 * (mean1 + mean0) @ w + np.log(prior1) - np.log1p(-prior1)
    return w, float(b)


def lda_posterior(X, mean0, mean1, cov, prior1) -> np.ndarray:
    """Posterior probability of class 1 for Gaussians with a shared covariance.

    Introduced in Chapter 1. It is a logistic function of a linear score,
    :math:`P(C=1 \\mid x) = \\sigma(w^\\top x + b)` (see :func:`lda_boundary`),
    which is why logistic regression is the right model for such data.

    Parameters
    ----------
    X : array-like of shape (n_samples, d)
        Points.
    mean0, mean1 : array-like of shape (d,)
        Class means.
    cov : array-like of shape (d, d)
        Shared covariance, symmetric positive definite.
    prior1 : float
        Prior of class 1, strictly between 0 and 1.

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    w, b = lda_boundary(mean0, mean1, cov, prior1)
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != w.size:
        raise ValueError(f"X must have shape (n_samples, {w.size}), got {X.shape}.")
    return expit(X @ w + b)


def bayes_error_lda(mean0, mean1, cov, prior1) -> float:
    """Bayes error of two Gaussians with a shared covariance, from the Mahalanobis distance.

    Introduced in Chapter 1. The log-likelihood ratio is normal with variance
    :math:`\\Delta^2` and mean :math:`\\pm\\Delta^2/2` under each class, so with
    :math:`k = \\log(\\pi_0/\\pi_1)`

    .. math::

        \\varepsilon^* = \\pi_0\\,\\Phi\\!\\left(-\\frac{\\Delta}{2} - \\frac{k}{\\Delta}\\right)
                      + \\pi_1\\,\\Phi\\!\\left(-\\frac{\\Delta}{2} + \\frac{k}{\\Delta}\\right).

    With equal priors it is :math:`\\Phi(-\\Delta/2)`.

    Parameters
    ----------
    mean0, mean1, cov, prior1
        As in :func:`lda_posterior`.

    Returns
    -------
    float
    """
    mean0, mean1, cov, prior1 = _check_gaussians(mean0, mean1, cov, prior1)
    delta = mahalanobis_distance(mean0, mean1, cov)
    if delta == 0:
        return min(prior1, 1 - prior1)
    k = np.log1p(-prior1) - np.log(prior1)
    return float((1 - prior1) * norm.cdf(-delta / 2 - k / delta) + prior1 * norm.cdf(-delta / 2 + k / delta))


def sample_gaussians(n_samples, mean0, mean1, cov, prior1, random_state=None):
    """Draw labelled points from two Gaussians with a shared covariance.

    Introduced in Chapter 1.

    Parameters
    ----------
    n_samples : int
        Number of points.
    mean0, mean1, cov, prior1
        As in :func:`lda_posterior`; labels are Bernoulli(``prior1``).
    random_state : int, numpy.random.Generator or None
        Seed or generator.

    Returns
    -------
    X : ndarray of shape (n_samples, d)
    y : ndarray of shape (n_samples,), int, 1 for the positive class
    """
    mean0, mean1, cov, prior1 = _check_gaussians(mean0, mean1, cov, prior1)
    n_samples = _check_n_samples(n_samples)
    rng = np.random.default_rng(random_state)
    y = (rng.random(n_samples) < prior1).astype(int)
    noise = rng.standard_normal((n_samples, mean0.size)) @ np.linalg.cholesky(cov).T
    return np.where(y[:, None] == 1, mean1, mean0) + noise, y


# ---------------------------------------------------------------------------
# Prior shift, thresholds and costs.
# ---------------------------------------------------------------------------


def correct_prior_shift(proba, train_prior, true_prior):
    """Move calibrated probabilities from the training prior to the true prior.

    Introduced in Chapter 1. A model trained on resampled data estimates
    :math:`p = P_s(C=1 \\mid x)` under the training prior :math:`\\pi_{1s}`.
    The class-conditional densities are unchanged by resampling, so Bayes'
    rule gives the posterior under the true prior :math:`\\pi_1`
    (Saerens et al., 2002; Elkan, 2001; Dal Pozzolo et al., 2015):

    .. math::

        p' = \\frac{p\\,\\pi_1/\\pi_{1s}}{p\\,\\pi_1/\\pi_{1s} + (1-p)\\,\\pi_0/\\pi_{0s}}.

    Parameters
    ----------
    proba : float or array-like
        Probabilities of class 1 under the training prior, in [0, 1].
    train_prior : float
        Share of class 1 in the (resampled) training data, :math:`\\pi_{1s}`.
    true_prior : float
        Share of class 1 where the model is used, :math:`\\pi_1`.

    Returns
    -------
    ndarray or float
        Probabilities of class 1 under the true prior, with the shape of ``proba``.

    Examples
    --------
    >>> round(float(correct_prior_shift(0.5, train_prior=0.5, true_prior=0.1)), 3)
    0.1
    """
    proba = _check_probabilities(proba)
    train_prior = _check_prior(train_prior, "train_prior")
    true_prior = _check_prior(true_prior, "true_prior")
    positive = proba * (true_prior / train_prior)
    negative = (1 - proba) * ((1 - true_prior) / (1 - train_prior))
    return positive / (positive + negative)


def equivalent_threshold(train_prior, true_prior) -> float:
    """Threshold on true-prior probabilities that reproduces a resampled model's 0.5 rule.

    Introduced in Chapter 1. A calibrated model trained where class 1 has
    prior ``train_prior`` and thresholded at 1/2 makes the same decisions as a
    calibrated model of the true data thresholded at

    .. math:: t = \\frac{\\pi_{0s}/\\pi_0}{\\pi_{0s}/\\pi_0 + \\pi_{1s}/\\pi_1}.

    Keeping one majority row in ``k`` (random undersampling) gives
    :math:`t = 1/(1+k)`, the cost-sensitive threshold of
    :func:`cost_sensitive_threshold` with :math:`c_{FN}/c_{FP} = k`:
    resampling, threshold moving and costs are one decision rule.

    Parameters
    ----------
    train_prior : float
        Share of class 1 in the resampled training data.
    true_prior : float
        Share of class 1 in the data the model is used on.

    Returns
    -------
    float

    Examples
    --------
    >>> round(equivalent_threshold(train_prior=0.5, true_prior=0.1), 3)
    0.1
    """
    train_prior = _check_prior(train_prior, "train_prior")
    true_prior = _check_prior(true_prior, "true_prior")
    negative = (1 - train_prior) / (1 - true_prior)
    positive = train_prior / true_prior
    return negative / (negative + positive)


def cost_sensitive_threshold(cost_fp, cost_fn) -> float:
    """Threshold on a calibrated probability that minimises expected cost (Elkan, 2001).

    Introduced in Chapter 1. Predict class 1 when
    :math:`p\\,c_{FN} > (1-p)\\,c_{FP}`, i.e. when :math:`p > t` with

    .. math:: t = \\frac{c_{FP}}{c_{FP} + c_{FN}}.

    Parameters
    ----------
    cost_fp : float
        Cost of a false positive (a negative called positive), > 0.
    cost_fn : float
        Cost of a false negative (a missed positive), > 0.

    Returns
    -------
    float

    Examples
    --------
    >>> cost_sensitive_threshold(cost_fp=1, cost_fn=9)
    0.1
    """
    for name, value in (("cost_fp", cost_fp), ("cost_fn", cost_fn)):
        if not isinstance(value, numbers.Real) or not np.isfinite(value) or value <= 0:
            raise ValueError(f"{name} must be a positive cost, got {value!r}.")
    return float(cost_fp) / (float(cost_fp) + float(cost_fn))
