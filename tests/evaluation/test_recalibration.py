"""Recalibrators: Platt recovers a known distortion, isotonic equals scikit-learn's, cross-fitting holds rows out."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import GaussianNB

from course_utils.evaluation import fit_recalibrator, out_of_fold_recalibration


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def distorted(n=20_000, seed=0):
    """Labels drawn with P(y=1) = sigmoid(2 z - 1), scores sigmoid(z): Platt should learn (2, -1)."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=n)
    y = (rng.random(n) < sigmoid(2 * z - 1)).astype(int)
    return y, sigmoid(z), z


def test_platt_recovers_a_logit_distortion():
    y, proba, _ = distorted()
    grid = sigmoid(np.linspace(-3, 3, 7))
    calibrated = fit_recalibrator(y, proba, "platt")(grid)
    np.testing.assert_allclose(calibrated, sigmoid(2 * np.linspace(-3, 3, 7) - 1), atol=0.03)


def test_isotonic_is_monotone_and_equals_calibratedclassifiercv():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(600, 2))
    y = (X[:, 0] + rng.normal(size=600) > 1).astype(int)
    model = GaussianNB().fit(X[:300], y[:300])     # no decision_function: scikit-learn calibrates predict_proba
    ours = fit_recalibrator(y[300:], model.predict_proba(X[300:])[:, 1], "isotonic")
    theirs = CalibratedClassifierCV(FrozenEstimator(model), method="isotonic").fit(X[300:], y[300:])
    new = model.predict_proba(X[:300])[:, 1]
    np.testing.assert_allclose(ours(new), theirs.predict_proba(X[:300])[:, 1], atol=1e-12)
    order = np.argsort(new)
    assert np.all(np.diff(ours(new)[order]) >= 0)
    assert ours(np.array([0.0, 1.0])).min() >= 0 and ours(np.array([0.0, 1.0])).max() <= 1


def test_out_of_fold_uses_only_the_other_folds():
    y, proba, _ = distorted(n=500, seed=2)
    out = out_of_fold_recalibration(y, proba, "isotonic", n_folds=5, random_state=3)
    for fit_rows, held in StratifiedKFold(5, shuffle=True, random_state=3).split(proba, y):
        np.testing.assert_allclose(out[held], fit_recalibrator(y[fit_rows], proba[fit_rows])(proba[held]))
    np.testing.assert_array_equal(out, out_of_fold_recalibration(y, proba, "isotonic", n_folds=5, random_state=3))


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "beta"}, "method must be one of"),
    ({"y": np.zeros(10, dtype=int)}, "only class 0"),
    ({"proba": np.full(10, 1.5)}, "probabilities in"),
])
def test_bad_inputs_raise_one_clear_error(kwargs, message):
    args = {"y": np.r_[np.zeros(5, dtype=int), np.ones(5, dtype=int)], "proba": np.linspace(0, 1, 10),
            "method": "platt"} | kwargs
    with pytest.raises(ValueError, match=message):
        fit_recalibrator(args["y"], args["proba"], args["method"])


def test_out_of_fold_needs_enough_positives():
    y = np.r_[np.zeros(20, dtype=int), np.ones(3, dtype=int)]
    with pytest.raises(ValueError, match="n_folds must be"):
        out_of_fold_recalibration(y, np.linspace(0, 1, 23), n_folds=5)
