"""course_utils.tabular.extra_frauds: the published experiment's protocol on tiny synthetic data."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from course_utils.tabular import extra_frauds_experiment


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    return rng.normal(0, 1, (300, 2)), rng.normal(2, 1, (40, 2)), rng.normal(2, 1, (20, 2))


def test_one_row_per_shuffle_source_and_extra_with_a_shared_baseline(data):
    normals, frauds, test_frauds = data
    calls = []

    def far_away(n, random_state):
        calls.append(n)
        return np.full((n, 2), 50.0)

    result = extra_frauds_experiment(normals, frauds, test_frauds, {"real": None, "far": far_away},
                                     LogisticRegression(), extra=(0, 5, 20), base_frauds=10, shuffles=2)
    assert len(result) == 2 * 2 * 3
    assert calls == [5, 20, 5, 20]  # the baseline (0 extra) is fit once per shuffle and shared
    first = result[result["shuffle"] == 0].set_index(["source", "extra"])
    assert first.loc[("real", 0)].equals(first.loc[("far", 0)])
    assert result[["recall", "precision", "average_precision"]].apply(lambda c: c.between(0, 1).all()).all()


def test_too_few_training_frauds_for_the_real_source_raise(data):
    normals, frauds, test_frauds = data
    with pytest.raises(ValueError, match="training frauds"):
        extra_frauds_experiment(normals, frauds, test_frauds, {"real": None}, LogisticRegression(),
                                extra=(0, 35), base_frauds=10, shuffles=1)


def test_all_frauds_baseline_runs_both_stopping_rules_on_the_same_shuffles(data):
    from xgboost import XGBClassifier

    from course_utils.tabular import STOPPING, all_frauds_baseline

    normals, frauds, test_frauds = data
    model = XGBClassifier(n_estimators=15, max_depth=2, base_score=0.5, n_jobs=1, random_state=0)
    result = all_frauds_baseline(normals, frauds, test_frauds, model, shuffles=2, patience=3)
    assert list(result["stopping"]) == list(STOPPING) * 2
    assert list(result["shuffle"]) == [0, 0, 1, 1]
    assert result["rounds"].between(1, 15).all()
    assert result[["recall", "precision", "average_precision"]].apply(lambda c: c.between(0, 1).all()).all()
    assert result.equals(all_frauds_baseline(normals, frauds, test_frauds, model, shuffles=2, patience=3))


def test_early_stopping_keeps_the_first_best_round():
    from course_utils.tabular.extra_frauds import _stopping_round

    class Scripted:
        """A model whose recall at 0.5 after k rounds is recalls[k - 1] (two frauds, one normal)."""

        n_estimators = 8
        recalls = [0.0, 0.5, 0.5, 1.0, 1.0, 0.5, 0.5, 0.5]

        def predict_proba(self, X, iteration_range):
            hit = self.recalls[iteration_range[1] - 1]
            p = np.array([1.0 if hit >= 0.5 else 0.0, 1.0 if hit == 1.0 else 0.0, 0.0])
            return np.column_stack([1 - p, p])

    y = np.array([1, 1, 0])
    assert _stopping_round(Scripted(), np.zeros((3, 1)), y, patience=2) == 4
    assert _stopping_round(Scripted(), np.zeros((3, 1)), y, patience=1) == 2  # stops after round 3 brings nothing
