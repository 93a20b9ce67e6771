"""course_utils.evaluation.costs: the fraud gain rule, Elkan's threshold and decisions."""

import numpy as np
import pytest
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import TunedThresholdClassifierCV

from course_utils.evaluation.costs import TransactionGain, decide, elkan_threshold
from course_utils.theory import cost_sensitive_threshold

# Five transactions: two legitimate (100 €, 50 €), two frauds (200 €, 10 €), one legitimate of 0 €.
AMOUNT = np.array([100.0, 50.0, 200.0, 10.0, 0.0])
Y = np.array([0, 0, 1, 1, 0])


def test_matrix_holds_the_course_gains_as_truth_by_decision():
    gain = TransactionGain().matrix(np.array([100.0]))[0]
    # rows: legitimate, fraud; columns: accept, refuse
    assert gain.tolist() == [[2.0, -10.0], [-120.0, 0.0]]


def test_total_reproduces_the_gain_formula_by_hand():
    gain = TransactionGain()
    # accept 100 € legit (+2), refuse 50 € legit (-10), refuse 200 € fraud (0),
    # accept 10 € fraud (-30), accept 0 € legit (0)
    assert gain.total(Y, [0, 1, 1, 0, 0], AMOUNT) == pytest.approx(-38.0)
    assert gain.total(Y, np.ones(5, bool), AMOUNT) == pytest.approx(-30.0)  # always refuse: -10 per legitimate


def test_oracle_is_the_sum_of_best_outcomes_by_hand():
    # best outcomes: +2, +1 (accept legit), 0, 0 (refuse frauds), 0 (accept the 0 € one)
    gain = TransactionGain()
    assert gain.oracle(Y, AMOUNT) == pytest.approx(3.0)
    assert gain.oracle(Y, AMOUNT) == pytest.approx(gain.total(Y, Y, AMOUNT))  # perfect decisions


def test_always_accept_is_oracle_minus_what_the_frauds_cost():
    gain = TransactionGain()
    fraud = Y == 1
    assert gain.always_accept(Y, AMOUNT) == pytest.approx(2 + 1 - 220 - 30)
    expected = gain.oracle(Y, AMOUNT) - (AMOUNT[fraud] + gain.fraud_cost).sum()
    assert gain.always_accept(Y, AMOUNT) == pytest.approx(expected)


@pytest.mark.parametrize("rule", [TransactionGain(),
                                  TransactionGain(commission=0.05, fraud_cost=5.0, refusal_cost=3.0)])
def test_transaction_threshold_matches_its_closed_form_and_balances_expected_gains(rule):
    amount = np.array([0.0, 1.0, 88.0, 1000.0, 25_691.16])
    c, f, r = rule.commission, rule.fraud_cost, rule.refusal_cost
    threshold = rule.elkan_threshold(amount)
    np.testing.assert_allclose(threshold, (r + c * amount) / (r + f + (1 + c) * amount))
    # At p = t*, refusing and accepting have the same expected gain.
    g = rule.matrix(amount)
    accept = (1 - threshold) * g[:, 0, 0] + threshold * g[:, 1, 0]
    refuse = (1 - threshold) * g[:, 0, 1] + threshold * g[:, 1, 1]
    np.testing.assert_allclose(accept, refuse)


def test_course_threshold_runs_from_one_third_down_to_two_percent():
    threshold = TransactionGain().elkan_threshold(np.array([0.0, 1e9]))
    assert threshold[0] == pytest.approx(1 / 3)
    assert threshold[1] == pytest.approx(0.02 / 1.02, rel=1e-6)


def test_general_threshold_matches_elkan_and_the_chapter_1_threshold():
    cost = np.array([[0.0, 1.0], [9.0, 0.0]])  # C[truth, decision]: false positive 1, miss 9
    assert elkan_threshold(cost) == pytest.approx(0.1)
    assert elkan_threshold(cost) == pytest.approx(cost_sensitive_threshold(cost_fp=1, cost_fn=9))
    # (C01 - C00) / (C01 - C00 + C10 - C11) with every entry in play
    assert elkan_threshold([[-2.0, 3.0], [7.0, 1.0]]) == pytest.approx(5 / 11)
    # Adding a constant to one truth's costs changes no decision.
    assert elkan_threshold(cost + np.array([[4.0], [-3.0]])) == pytest.approx(0.1)
    stacked = elkan_threshold(np.stack([cost, 2 * cost, [[0.0, 3.0], [1.0, 0.0]]]))
    np.testing.assert_allclose(stacked, [0.1, 0.1, 0.75])


@pytest.mark.parametrize("cost, message", [
    (np.zeros((3, 3)), "shape"),
    (np.array([0.0, 1.0, 9.0, 0.0]), "shape"),
    (np.array([[0.0, np.nan], [9.0, 0.0]]), "finite"),
    (np.array([[1.0, 1.0], [9.0, 0.0]]), "false positive cost more"),  # refusing is never worse
    (np.array([[0.0, 1.0], [0.0, 0.0]]), "false negative more"),       # accepting is never worse
    (np.array([[0.0, -1.0], [-5.0, 0.0]]), "false positive cost more"),  # a gain matrix passed as costs
])
def test_general_threshold_rejects_bad_cost_matrices(cost, message):
    with pytest.raises(ValueError, match=message):
        elkan_threshold(cost)


def test_decide_refuses_at_or_above_a_scalar_or_per_row_threshold():
    proba = np.array([0.1, 0.2, 0.5, 0.9])
    assert decide(proba, 0.2).tolist() == [False, True, True, True]
    assert decide(proba, [0.05, 0.3, 0.5, 1.0]).tolist() == [True, False, True, False]


@pytest.mark.parametrize("proba, threshold, message", [
    ([0.1, 1.2], 0.5, r"probabilities in \[0, 1\]"),
    ([0.1, -0.1], 0.5, r"probabilities in \[0, 1\]"),
    ([0.1, np.nan], 0.5, r"probabilities in \[0, 1\]"),
    ([[0.1, 0.2]], 0.5, r"probabilities in \[0, 1\]"),
    ([0.1, 0.2], [0.5, 0.5, 0.5], "one per row"),
    ([0.1, 0.2], 1.5, r"threshold must lie in \[0, 1\]"),
])
def test_decide_rejects_bad_probabilities_and_thresholds(proba, threshold, message):
    with pytest.raises(ValueError, match=message):
        decide(proba, threshold)


def test_transaction_gain_rejects_bad_input():
    with pytest.raises(ValueError, match="commission must be a finite non-negative"):
        TransactionGain(commission=-0.02)
    gain = TransactionGain()
    with pytest.raises(ValueError, match="amount must be"):
        gain.total(Y, Y, -AMOUNT)
    with pytest.raises(ValueError, match="y_true must be a 1-D array of labels 0 and 1"):
        gain.total(Y + 1, Y, AMOUNT)
    with pytest.raises(ValueError, match="refused must be a 1-D array of labels 0 and 1"):
        gain.total(Y, [0, 1, 2, 0, 0], AMOUNT)
    with pytest.raises(ValueError, match="one entry per row"):
        gain.oracle(Y[:4], AMOUNT)


def test_scorer_tunes_a_threshold_that_gains_at_least_as_much_as_one_half():
    rng = np.random.default_rng(0)
    n = 600
    y = (rng.random(n) < 0.1).astype(int)
    X = rng.normal(size=(n, 2)) + 1.2 * y[:, None]
    amount = np.where(y == 1, rng.gamma(2.0, 200.0, n), rng.gamma(2.0, 40.0, n))
    gain = TransactionGain()
    scorer = gain.scorer()  # builds without the global setting ...
    assert sklearn.get_config()["enable_metadata_routing"] is False  # ... and leaves it alone
    with sklearn.config_context(enable_metadata_routing=True):
        tuned = TunedThresholdClassifierCV(LogisticRegression(), scoring=scorer, cv=3, thresholds=50)
        tuned.fit(X, y, amount=amount)
        model = tuned.estimator_
        assert scorer(model, X, y, amount=amount) == pytest.approx(gain.total(y, model.predict(X), amount))
    proba = model.predict_proba(X)[:, 1]
    assert tuned.best_threshold_ < 0.5  # missed frauds cost their amount: refuse more readily
    assert gain.total(y, tuned.predict(X), amount) >= gain.total(y, decide(proba, 0.5), amount)
