"""The published protocol: its split, its mirror, and the six decision rules on a small synthetic set."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split

from course_utils.evaluation import TransactionGain
from course_utils.tabular import PUBLISHED_GAINS, probabl_methods, published_halves

Y = np.r_[np.zeros(180, dtype=int), np.ones(20, dtype=int)]


def test_first_split_is_the_published_one_in_its_order_then_its_mirror():
    halves = published_halves(Y, 5, random_state=0)
    train, test = train_test_split(np.arange(Y.size), stratify=Y, test_size=0.5, random_state=42)
    np.testing.assert_array_equal(halves[0][0], train)
    np.testing.assert_array_equal(halves[0][1], test)
    np.testing.assert_array_equal(halves[1][0], test)
    assert len(halves) == 5
    for first, second in [(0, 1), (2, 3)]:    # each pair: disjoint test halves covering every row
        tests = np.concatenate([halves[first][1], halves[second][1]])
        assert np.array_equal(np.sort(tests), np.arange(Y.size))
    for train_rows, test_rows in halves:
        assert Y[test_rows].sum() == 10 and np.intersect1d(train_rows, test_rows).size == 0
    assert not np.array_equal(np.sort(halves[2][1]), np.sort(halves[0][1]))


def test_halves_reject_a_bad_count():
    with pytest.raises(ValueError, match="n_splits"):
        published_halves(Y, 0)


def test_six_rules_on_synthetic_data():
    X, y = make_classification(400, n_features=5, weights=[0.9], random_state=0)
    amount = np.random.default_rng(0).exponential(50, 400)
    X = pd.DataFrame(X)
    gain = TransactionGain()
    out = probabl_methods(X[:200], y[:200], amount[:200], X[200:], amount[200:], gain=gain, n_jobs=1)
    assert set(out["decisions"]) == set(PUBLISHED_GAINS) - {"always accept", "always reject", "oracle"}
    assert all(d.shape == (200,) and d.dtype == bool for d in out["decisions"].values())
    assert out["mean_threshold"] == pytest.approx(gain.elkan_threshold(amount[:200]).mean())
    assert out["C"] in np.logspace(-6, 6, 13)
    np.testing.assert_array_equal(out["decisions"]["per-transaction Elkan threshold"],
                                  out["proba"] >= gain.elkan_threshold(amount[200:]))
    np.testing.assert_array_equal(out["decisions"]["mean Elkan threshold"], out["proba"] >= out["mean_threshold"])
