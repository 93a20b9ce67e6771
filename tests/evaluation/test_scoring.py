"""fit_and_score: the same probabilities as fitting by hand, templates left untouched."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from course_utils.evaluation import fit_and_score


def test_probabilities_match_a_fit_by_hand():
    X, y = make_classification(300, random_state=0)
    fit, val, test = np.arange(0, 200), np.arange(200, 250), np.arange(250, 300)
    template = LogisticRegression()
    proba, seconds = fit_and_score({"lr": template}, X, y, fit, {"validation": val, "test": test})
    by_hand = clone(template).fit(X[fit], y[fit])
    np.testing.assert_allclose(proba["lr"]["test"], by_hand.predict_proba(X[test])[:, 1])
    np.testing.assert_allclose(proba["lr"]["validation"], by_hand.predict_proba(X[val])[:, 1])
    assert seconds["lr"] >= 0 and not hasattr(template, "coef_")


def test_errors():
    X, y = make_classification(50, random_state=0)
    with pytest.raises(ValueError, match="non-empty"):
        fit_and_score({}, X, y, np.arange(40), {"test": np.arange(40, 50)})
    with pytest.raises(ValueError, match="predict_proba"):
        fit_and_score({"svm": LinearSVC()}, X, y, np.arange(40), {"test": np.arange(40, 50)})
