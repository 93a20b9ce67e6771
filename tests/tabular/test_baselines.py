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


def test_balanced_positive_weight_counts_the_ratio_on_the_rows_it_is_fit_on(data):
    from sklearn.base import clone
    from xgboost import XGBClassifier

    from course_utils.tabular import BalancedPositiveWeight

    X, y = data
    base = XGBClassifier(n_estimators=5, tree_method="hist", n_jobs=1, random_state=0)
    model = clone(BalancedPositiveWeight(base)).fit(X, y)
    assert model.scale_pos_weight_ == pytest.approx(300 / 30)
    assert base.get_params()["scale_pos_weight"] is None, "the wrapped estimator must not be changed in place"
    # All positives together weigh as much as all negatives together.
    assert 30 * model.scale_pos_weight_ == pytest.approx(300)
    manual = clone(base).set_params(scale_pos_weight=10.0).fit(X, y)
    np.testing.assert_allclose(model.predict_proba(X), manual.predict_proba(X))
    np.testing.assert_array_equal(model.classes_, [0, 1])
    # A subset of the rows (a training fold) gives that subset's ratio, not the full data's.
    keep = np.r_[np.arange(150), np.arange(300, 330)]
    assert BalancedPositiveWeight(base).fit(X[keep], y[keep]).scale_pos_weight_ == pytest.approx(150 / 30)


def test_balanced_positive_weight_rejects_an_estimator_without_the_parameter(data):
    from sklearn.linear_model import LogisticRegression

    from course_utils.tabular import BalancedPositiveWeight

    X, y = data
    with pytest.raises(ValueError, match="scale_pos_weight"):
        BalancedPositiveWeight(LogisticRegression()).fit(X, y)
