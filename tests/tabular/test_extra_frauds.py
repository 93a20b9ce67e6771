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
