"""course_utils.evaluation.ranking: precision and recall under an alert budget."""

import numpy as np
import pytest

from course_utils.evaluation.ranking import alerts_per_day, precision_recall_at_k

Y = np.array([1, 0, 1, 0, 1])
SCORES = np.array([0.9, 0.8, 0.8, 0.1, 0.5])


def test_precision_recall_at_k_by_hand_with_ties_kept_in_row_order():
    # Ranking: row 0 (0.9), then rows 1 and 2 tie at 0.8 and keep their order, row 4, row 3.
    assert precision_recall_at_k(Y, SCORES, 1) == (1.0, pytest.approx(1 / 3))
    assert precision_recall_at_k(Y, SCORES, 2) == (0.5, pytest.approx(1 / 3))
    assert precision_recall_at_k(Y, SCORES, 3) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert precision_recall_at_k(Y, SCORES, 4) == (0.75, 1.0)
    # Swapping the tied rows puts the fraud first.
    assert precision_recall_at_k(Y[[0, 2, 1, 3, 4]], SCORES, 2) == (1.0, pytest.approx(2 / 3))


def test_precision_divides_by_k_even_past_the_last_row():
    assert precision_recall_at_k(Y, SCORES, 10) == (pytest.approx(0.3), 1.0)


def test_a_perfect_ranking_reaches_recall_one_at_k_equal_to_the_frauds():
    rng = np.random.default_rng(0)
    y = (rng.random(200) < 0.1).astype(int)
    assert precision_recall_at_k(y, y + rng.random(200) * 0.5, int(y.sum())) == (1.0, 1.0)


def test_alerts_per_day_ranks_each_day_on_its_own():
    y = np.array([1, 0, 0, 1, 1, 0, 0])
    scores = np.array([0.2, 0.9, 0.1, 0.8, 0.7, 0.3, 0.6])
    day = np.array([0, 0, 0, 1, 1, 2, 2])
    table = alerts_per_day(y, scores, day, k=2)
    assert table.index.tolist() == [0, 1, 2]
    assert table["transactions"].tolist() == [3, 2, 2]
    assert table["frauds"].tolist() == [1, 2, 0]
    # day 0: top 2 are rows 1 and 0 -> one fraud; day 1: both frauds; day 2: none
    assert table["detected"].tolist() == [1, 2, 0]
    assert table["precision@k"].tolist() == [0.5, 1.0, 0.0]
    assert table["recall@k"].iloc[:2].tolist() == [1.0, 1.0]
    assert np.isnan(table["recall@k"].iloc[2])  # no fraud that day: recall undefined


@pytest.mark.parametrize("y, scores, k, message", [
    (Y, SCORES, 0, "positive integer"),
    (Y, SCORES, 1.5, "positive integer"),
    (Y, SCORES[:4], 2, "one entry per row"),
    (np.zeros(5, int), SCORES, 2, "no positive"),
    (Y, [0.9, np.nan, 0.8, 0.1, 0.5], 2, "finite"),
    (Y * 2, SCORES, 2, "labels 0 and 1"),
])
def test_bad_input_raises_one_clear_error(y, scores, k, message):
    with pytest.raises(ValueError, match=message):
        precision_recall_at_k(y, scores, k)
    with pytest.raises(ValueError, match=message):
        alerts_per_day(y, scores, np.zeros(len(y), int), k)


def test_alerts_per_day_needs_one_day_per_row():
    with pytest.raises(ValueError, match="one entry per row"):
        alerts_per_day(Y, SCORES, [0, 1], 2)
