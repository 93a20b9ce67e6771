"""Gain and cost curves: equal to the slow definitions, and to hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.evaluation import TransactionGain
from course_utils.evaluation import cost_curve, gain_curve


def test_gain_curve_equals_one_total_per_threshold_with_ties():
    rng = np.random.default_rng(0)
    y = (rng.random(400) < 0.1).astype(int)
    proba = np.round(rng.random(400), 2)      # many ties
    amount = rng.exponential(80, 400)
    gain = TransactionGain()
    thresholds = np.r_[0.0, 1.0, 0.5, proba[:20], 0.333]
    expected = [gain.total(y, proba >= t, amount) for t in thresholds]
    np.testing.assert_allclose(gain_curve(gain, y, proba, amount, thresholds), expected, rtol=1e-12)


def test_gain_curve_by_hand():
    # accept legit 100 -> +2; refuse legit -> -10; accept fraud 50 -> -70; refuse fraud -> 0
    y, proba, amount = np.array([0, 1]), np.array([0.3, 0.6]), np.array([100.0, 50.0])
    np.testing.assert_allclose(gain_curve(TransactionGain(), y, proba, amount, [0.7, 0.5, 0.2]), [-68, 2, -10])


def test_cost_curve_by_hand_and_bounds():
    y, proba = np.array([0, 0, 1, 1]), np.array([0.1, 0.6, 0.4, 0.9])
    pc = np.array([0.0, 0.2, 0.5, 0.8, 1.0])
    # ROC points (0, 0.5) and (0.5, 1): lines 0.5 * pc and 0.5 * (1 - pc), beside the trivial pc and 1 - pc.
    np.testing.assert_allclose(cost_curve(y, proba, pc), [0.0, 0.1, 0.25, 0.1, 0.0])
    np.testing.assert_allclose(cost_curve(y, np.array([0.1, 0.2, 0.8, 0.9]), pc), 0.0)
    rng = np.random.default_rng(1)
    y_random = rng.integers(0, 2, 300)
    assert np.all(cost_curve(y_random, rng.random(300), pc) <= np.minimum(pc, 1 - pc) + 1e-12)


def test_errors():
    with pytest.raises(ValueError, match="thresholds must"):
        gain_curve(TransactionGain(), [0, 1], [0.1, 0.9], [1.0, 2.0], [1.5])
    with pytest.raises(ValueError, match="both classes"):
        cost_curve([0, 0], [0.1, 0.9], [0.5])
    with pytest.raises(ValueError, match="probability_cost"):
        cost_curve([0, 1], [0.1, 0.9], [-0.1])
