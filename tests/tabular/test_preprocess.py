"""course_utils.tabular.preprocess: the fraud data's transformers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression

from course_utils.tabular import FraudPreprocessor, HourOfDay, LogAmount, subsample_majority


@pytest.fixture
def frame():
    rng = np.random.default_rng(0)
    n = 300
    return pd.DataFrame({
        "Time": rng.uniform(0, 172_800, n),
        "V1": rng.normal(size=n),
        "V2": rng.normal(size=n),
        "Amount": np.r_[0.0, rng.exponential(80, n - 1)],
        "Class": np.r_[np.ones(30, dtype=int), np.zeros(n - 30, dtype=int)],
    }, index=np.arange(1000, 1000 + n))


def test_log_amount_maps_zero_to_zero_and_inverts(frame):
    X = frame.drop(columns="Class")
    transformer = LogAmount().fit(X)
    out = transformer.transform(X)
    assert out.loc[1000, "Amount"] == 0.0
    np.testing.assert_allclose(out["Amount"], np.log1p(X["Amount"]))
    pd.testing.assert_frame_equal(transformer.inverse_transform(out), X)
    pd.testing.assert_frame_equal(out.drop(columns="Amount"), X.drop(columns="Amount"))


def test_log_amount_rejects_negative_amounts(frame):
    X = frame.drop(columns="Class").assign(Amount=-1.0)
    with pytest.raises(ValueError, match="negative"):
        LogAmount().fit_transform(X)


def test_hour_of_day_wraps_at_midnight():
    X = pd.DataFrame({"Time": [0.0, 3600.0, 86_399.0, 86_400.0 + 7200.0]})
    hours = HourOfDay().fit_transform(X)["Time"].to_numpy()
    np.testing.assert_allclose(hours, [0.0, 1.0, 86_399 / 3600, 2.0])
    assert ((hours >= 0) & (hours < 24)).all()


def test_fraud_preprocessor_keeps_shape_names_and_index_and_standardises(frame):
    X = frame.drop(columns="Class")
    pre = FraudPreprocessor().fit(X)
    out = pre.transform(X)
    assert isinstance(out, pd.DataFrame)
    assert out.shape == X.shape
    assert list(out.columns) == list(X.columns)
    assert list(pre.get_feature_names_out()) == list(X.columns)
    assert (out.index == X.index).all()
    np.testing.assert_allclose(out.mean(), 0, atol=1e-8)
    np.testing.assert_allclose(out.std(ddof=0), 1, atol=1e-6)


def test_preprocessor_rejects_missing_column_and_numpy_input(frame):
    X = frame.drop(columns="Class")
    with pytest.raises(ValueError, match="'Amount' is missing"):
        FraudPreprocessor().fit(X.drop(columns="Amount"))
    with pytest.raises(TypeError, match="DataFrame"):
        LogAmount().fit(X.to_numpy())


def test_preprocessor_works_before_a_sampler_in_a_pipeline(frame):
    X, y = frame.drop(columns="Class"), frame["Class"]
    pipeline = Pipeline([("preprocess", FraudPreprocessor()), ("sampler", SMOTE(random_state=0)),
                         ("model", LogisticRegression())]).fit(X, y)
    proba = pipeline.predict_proba(X)
    assert proba.shape == (len(X), 2)


def test_subsample_majority_keeps_every_minority_row(frame):
    small = subsample_majority(frame, n_majority=50, random_state=0)
    assert (small["Class"] == 1).sum() == 30
    assert (small["Class"] == 0).sum() == 50
    assert small.index.is_monotonic_increasing
    assert subsample_majority(frame, None) is frame
    with pytest.raises(ValueError, match="two classes"):
        subsample_majority(frame[frame["Class"] == 0], 10)
