"""The shared machinery of generative over-samplers, checked with a Gaussian model."""

import numpy as np
import pandas as pd
import pytest
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

from course_utils.tabular.samplers import GenerativeOverSampler


class GaussianOverSampler(GenerativeOverSampler):
    """Draws from a normal distribution fitted to each class; it records what it was fit on."""

    def _fit_class(self, X_class, random_state):
        self.seen_ = getattr(self, "seen_", []) + [X_class.copy()]
        return X_class.mean(axis=0), X_class.std(axis=0)

    def _sample_class(self, model, n_samples, random_state):
        mean, std = model
        return np.random.default_rng(random_state).normal(mean, std, size=(n_samples, len(mean)))


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (90, 3)), rng.normal(3, 1, (10, 3))])
    y = np.array([0] * 90 + [1] * 10)
    return X, y


def test_reaches_the_counts_of_sampling_strategy(data):
    X, y = data
    X_res, y_res = GaussianOverSampler(sampling_strategy=0.5, random_state=0).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [90, 45]
    assert X_res.shape == (135, 3)


def test_originals_first_then_synthetic_rows_of_the_grown_class(data):
    X, y = data
    sampler = GaussianOverSampler(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[:100], X)
    assert set(y_res[100:]) == {1}
    # The model of class 1 saw exactly the class-1 rows.
    np.testing.assert_allclose(sampler.seen_[0], X[y == 1].astype(np.float32))
    assert list(sampler.models_) == [1]


def test_pandas_in_pandas_out(data):
    X, y = data
    frame = pd.DataFrame(X, columns=["a", "b", "c"])
    X_res, y_res = GaussianOverSampler(random_state=0).fit_resample(frame, pd.Series(y, name="Class"))
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == ["a", "b", "c"]
    assert isinstance(y_res, pd.Series) and y_res.name == "Class"


def test_same_random_state_same_rows(data):
    X, y = data
    first, _ = GaussianOverSampler(random_state=3).fit_resample(X, y)
    second, _ = GaussianOverSampler(random_state=3).fit_resample(X, y)
    other, _ = GaussianOverSampler(random_state=4).fit_resample(X, y)
    np.testing.assert_array_equal(first, second)
    assert not np.allclose(first, other)


def test_inside_a_pipeline_with_cross_validation(data):
    X, y = data
    pipe = Pipeline([("grow", GaussianOverSampler(random_state=0)), ("model", LogisticRegression())])
    scores = cross_val_score(pipe, X, y, cv=3, scoring="average_precision")
    assert scores.shape == (3,) and np.all(scores > 0.5)


def test_too_few_rows_of_a_class_raise(data):
    X, y = data
    y = y.copy()
    y[91:] = 0  # a single row of class 1 is left
    with pytest.raises(ValueError, match="class 1 has 1 rows"):
        GaussianOverSampler().fit_resample(X, y)


@pytest.mark.parametrize("bad", ["nan", "one_class"])
def test_bad_input_raises(data, bad):
    X, y = data
    X = X.copy()
    if bad == "nan":
        X[0, 0] = np.nan
        match = "NaN"
    else:
        y = np.zeros_like(y)
        match = "more than 1"
    with pytest.raises(ValueError, match=match):
        GaussianOverSampler().fit_resample(X, y)
