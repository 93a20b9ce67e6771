"""course_utils.evaluation: metrics, leakage-free resampling, summaries and input validation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import RandomOverSampler
from imblearn.pipeline import Pipeline
from sklearn.base import BaseEstimator
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score, precision_recall_curve, roc_auc_score
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from course_utils.evaluation import (
    METRICS,
    best_f1_threshold,
    evaluate,
    evaluate_resample_first,
    feature_separation,
    repeated_split,
    summarize,
    threshold_metrics,
)


@pytest.fixture(scope="module")
def data():
    X, y = make_classification(n_samples=600, n_features=5, n_informative=3, weights=[0.9],
                               class_sep=1.0, random_state=0)
    return pd.DataFrame(X, columns=[f"f{i}" for i in range(5)]), pd.Series(y, name="Class")


class RecordingSampler(BaseEstimator):
    """A sampler that remembers the index of every row it was asked to resample, then returns them unchanged."""

    seen: list = []

    def fit_resample(self, X, y):
        RecordingSampler.seen.append(np.asarray(X.index))
        return X, y


class Constant(BaseEstimator):
    """A 'model' whose probability of class 1 is a fixed function of the first feature."""

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba(self, X):
        p = 1 / (1 + np.exp(-np.asarray(X)[:, 0]))
        return np.column_stack([1 - p, p])


def test_results_are_tidy_with_every_metric(data):
    X, y = data
    results = evaluate({"lr": LogisticRegression()}, X, y, cv=2)
    assert list(results.columns) == ["pipeline", "split", "metric", "value"]
    assert len(results) == 2 * len(METRICS)
    assert set(results["metric"]) == set(METRICS)
    assert results["split"].nunique() == 2


def test_metrics_match_scikit_learn_on_known_predictions(data):
    X, y = data
    cv = StratifiedShuffleSplit(n_splits=1, test_size=0.3, random_state=1)
    results, predictions = evaluate({"fixed": Constant()}, X, y, cv=cv, return_predictions=True)
    train, test = next(cv.split(X, y))
    proba = 1 / (1 + np.exp(-X["f0"].to_numpy()[test]))
    value = results.set_index("metric")["value"]
    assert value["average_precision"] == pytest.approx(average_precision_score(y.iloc[test], proba))
    assert value["roc_auc"] == pytest.approx(roc_auc_score(y.iloc[test], proba))
    assert value["f1@0.5"] == pytest.approx(f1_score(y.iloc[test], proba >= 0.5))
    tuned = value["threshold"]
    assert value["f1@tuned"] == pytest.approx(f1_score(y.iloc[test], proba >= tuned))
    np.testing.assert_array_equal(predictions["row"], test)
    np.testing.assert_allclose(predictions["proba"], proba)


def test_validation_average_precision_is_scored_on_the_validation_part_not_the_test_fold(data):
    X, y = data
    cv = StratifiedShuffleSplit(n_splits=1, test_size=0.3, random_state=1)
    results = evaluate({"fixed": Constant()}, X, y, cv=cv, validation_size=0.25, random_state=4)
    train, test = next(cv.split(X, y))
    # evaluate's inner cut for split 0: seed random_state + 0
    inner = StratifiedShuffleSplit(n_splits=1, test_size=0.25, random_state=4)
    _, val_idx = next(inner.split(train, y.to_numpy()[train]))
    val = train[val_idx]
    value = results.set_index("metric")["value"]
    expected = average_precision_score(y.iloc[val], 1 / (1 + np.exp(-X["f0"].to_numpy()[val])))
    assert value["validation_average_precision"] == pytest.approx(expected)
    assert value["validation_average_precision"] != pytest.approx(value["average_precision"])


def test_resampling_never_sees_test_or_validation_rows(data):
    X, y = data
    RecordingSampler.seen = []
    cv = repeated_split(n_splits=3, test_size=0.25, random_state=0)
    pipeline = Pipeline([("sampler", RecordingSampler()), ("model", LogisticRegression())])
    evaluate({"recorded": pipeline}, X, y, cv=cv, validation_size=0.2)
    assert len(RecordingSampler.seen) == 3
    for seen, (train, test) in zip(RecordingSampler.seen, cv.split(X, y)):
        assert not set(seen) & set(X.index[test]), "the sampler was given test rows"
        assert set(seen) < set(X.index[train]), "the sampler must see only part of the training fold"
        assert len(seen) == pytest.approx(0.8 * len(train), abs=1)


def test_validation_none_fits_on_the_whole_training_fold_without_tuned_metrics(data):
    X, y = data
    RecordingSampler.seen = []
    cv = repeated_split(n_splits=1, random_state=0)
    pipeline = Pipeline([("sampler", RecordingSampler()), ("model", LogisticRegression())])
    results = evaluate({"p": pipeline}, X, y, cv=cv, validation_size=None)
    train, _ = next(cv.split(X, y))
    assert set(RecordingSampler.seen[0]) == set(X.index[train])
    assert not results["metric"].str.endswith("@tuned").any()
    assert "validation_average_precision" not in set(results["metric"])


def test_identical_heads_are_fit_once_per_split_and_models_differ(data):
    X, y = data
    RecordingSampler.seen = []
    pipelines = {name: Pipeline([("sampler", RecordingSampler()), ("model", LogisticRegression(C=c))])
                 for name, c in (("weak", 0.001), ("strong", 10.0))}
    results = evaluate(pipelines, X, y, cv=2)
    assert len(RecordingSampler.seen) == 2
    ap = results[results["metric"] == "average_precision"].groupby("pipeline")["value"].mean()
    assert ap["weak"] != ap["strong"]


def test_oversampling_changes_train_rows_but_not_test_fold(data):
    X, y = data
    pipeline = Pipeline([("scale", StandardScaler()), ("sampler", RandomOverSampler(random_state=0)),
                         ("model", LogisticRegression())])
    results, predictions = evaluate({"ros": pipeline}, X, y, cv=1, return_predictions=True)
    rows = results.set_index("metric")["value"]
    assert rows["train_rows"] > 0.8 * 0.8 * len(y) * 1.5
    assert len(predictions) == round(0.2 * len(y))
    assert predictions["y_true"].mean() == pytest.approx(y.mean(), abs=0.01)


def test_leaky_protocol_scores_higher_than_the_honest_one(data):
    X, y = data
    honest = evaluate({"lr": LogisticRegression()}, X, y, cv=2, validation_size=None)
    leaky = evaluate_resample_first(LogisticRegression(), RandomOverSampler(random_state=0), X, y, cv=2)
    assert set(leaky["metric"]) == {"average_precision", "average_precision_original_rows"}
    honest_ap = honest.query("metric == 'average_precision'")["value"].mean()
    assert leaky.query("metric == 'average_precision'")["value"].mean() > honest_ap


def test_leaky_protocol_rejects_an_under_sampler(data):
    from imblearn.under_sampling import RandomUnderSampler

    X, y = data
    with pytest.raises(ValueError, match="over-sampler"):
        evaluate_resample_first(LogisticRegression(), RandomUnderSampler(random_state=0), X, y, cv=1)


def test_best_f1_threshold_maximises_f1():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    proba = np.clip(0.3 * y + rng.random(300) * 0.7, 0, 1)
    threshold = best_f1_threshold(y, proba)
    precision, recall, thresholds = precision_recall_curve(y, proba)
    best = max(f1_score(y, proba >= t) for t in thresholds)
    assert f1_score(y, proba >= threshold) == pytest.approx(best)
    assert threshold_metrics(y, proba, threshold)["f1"] == pytest.approx(best)


def test_summarize_gives_mean_and_std_text_and_numbers():
    results = pd.DataFrame({
        "pipeline": ["a", "a", "b", "b"], "split": [0, 1, 0, 1],
        "metric": ["average_precision"] * 4, "value": [0.8, 0.9, 0.5, 0.7],
    })
    text = summarize(results, sort_by="average_precision")
    assert text.loc["a", "average_precision"] == "0.850 ± 0.071"
    assert list(text.index) == ["a", "b"]
    numbers = summarize(results, as_text=False)
    assert numbers.loc["b", ("average_precision", "mean")] == pytest.approx(0.6)
    assert numbers.loc["b", ("average_precision", "std")] == pytest.approx(np.std([0.5, 0.7], ddof=1))
    with pytest.raises(ValueError, match="not in the results"):
        summarize(results, metrics=["roc_auc"])


def test_feature_separation_ranks_the_informative_feature_first():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 200)
    X = pd.DataFrame({"noise": rng.normal(size=400), "signal": -3 * y + rng.normal(size=400)})
    table = feature_separation(X, y)
    assert list(table.index) == ["signal", "noise"]
    assert table.loc["signal", "separation"] > 0.9 > table.loc["signal", "auc"]


@pytest.mark.parametrize("bad, message", [
    ("single_class", "two classes"),
    ("nan", "NaN or infinite"),
    ("inf", "NaN or infinite"),
    ("lengths", "rows but y has"),
    ("no_proba", "no predict_proba"),
])
def test_bad_input_raises_one_clear_value_error(data, bad, message):
    X, y = data
    pipelines = {"lr": LogisticRegression()}
    if bad == "single_class":
        y = pd.Series(np.zeros(len(y), dtype=int))
    elif bad in ("nan", "inf"):
        X = X.copy()
        X.iloc[3, 1] = np.nan if bad == "nan" else np.inf
    elif bad == "lengths":
        y = y.iloc[:-5]
    else:
        pipelines = {"svc": SVC()}
    with pytest.raises(ValueError, match=message):
        evaluate(pipelines, X, y, cv=2)
