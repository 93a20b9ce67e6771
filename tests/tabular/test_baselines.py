"""course_utils.tabular.baselines: the samplers Chapter 2 compares."""

import numpy as np
import pytest
from imblearn.base import BaseSampler

from course_utils.tabular import cleaning_samplers, resampling_samplers


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (300, 4)), rng.normal(1.5, 1, (30, 4))])
    return X, np.r_[np.zeros(300, int), np.ones(30, int)]


# NearMiss-3 keeps only the majority neighbours it finds, and says so with this warning.
@pytest.mark.filterwarnings("ignore:The number of the samples to be selected is larger:UserWarning")
def test_resampling_samplers_balance_the_classes(data):
    X, y = data
    samplers = resampling_samplers(random_state=0)
    assert list(samplers)[:3] == ["random over", "random under", "SMOTE"]
    for name, sampler in samplers.items():
        assert isinstance(sampler, BaseSampler), name
        _, y_res = sampler.fit_resample(X, y)
        counts = np.bincount(y_res)
        if name != "NearMiss-3":  # NearMiss-3 keeps only the neighbours it finds
            assert abs(counts[0] - counts[1]) <= 0.05 * counts.max(), (name, counts)


def test_cleaning_samplers_only_remove_majority_rows_or_add_smote_rows(data):
    X, y = data
    for name, sampler in cleaning_samplers(random_state=0).items():
        _, y_res = sampler.fit_resample(X, y)
        counts = np.bincount(y_res)
        assert counts[0] <= 300, name
        if name in ("Tomek links", "ENN"):
            assert counts[1] == 30, name


def test_same_seed_same_samples(data):
    X, y = data
    a = resampling_samplers(random_state=3)["SMOTE"].fit_resample(X, y)[0]
    b = resampling_samplers(random_state=3)["SMOTE"].fit_resample(X, y)[0]
    assert np.array_equal(a, b)
