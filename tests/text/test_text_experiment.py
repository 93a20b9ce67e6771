"""course_utils.text.experiment: honest choices on validation, summaries, the results figure."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from course_utils.plotting import plot_method_scores
from course_utils.text import Method, make_tfidf_logreg, run_methods, spam_scores, summarize


def data(n=120):
    rng = np.random.default_rng(0)
    spam_words, ham_words = ["win", "prize", "free", "cash"], ["lunch", "home", "later", "pub"]
    labels = (np.arange(n) % 5 == 0).astype(int)
    texts = [" ".join(rng.choice(spam_words if y else ham_words, 4)) + f" w{i % 7}" for i, y in enumerate(labels)]
    return texts, labels


def test_spam_scores():
    s = spam_scores([0, 1, 1, 0], np.array([0.1, 0.9, 0.4, 0.6]))
    assert s["precision"] == 0.5 and s["recall"] == 0.5 and s["f1"] == 0.5
    assert 0 < s["average_precision"] <= 1
    with pytest.raises(ValueError, match="probabilities"):
        spam_scores([0, 1], [0.5])


def test_run_methods_chooses_on_validation_and_scores_the_test_set():
    seen = []

    def build(setting, seed):
        seen.append(setting)
        return make_tfidf_logreg("word", C=setting, random_state=seed)

    texts, labels = data()
    results = run_methods({"lr": Method(build, grid=(0.001, 100.0)),
                           "plain": Method(lambda s, seed: make_tfidf_logreg(random_state=seed))},
                          texts, labels, seeds=[0, 1])
    assert list(results["method"]) == ["lr", "plain", "lr", "plain"]
    assert seen == [0.001, 100.0, 100.0] * 2  # both candidates on validation, then the chosen one refitted
    assert set(results["setting"][results["method"] == "lr"]) == {100.0}
    assert results[["precision", "recall", "f1", "average_precision"]].le(1).all().all()


def test_summary_and_figure_list_methods_that_were_not_run():
    results = pd.DataFrame({"method": ["a", "a", "b", "b"], "seed": [0, 1, 0, 1], "f1": [0.9, 0.8, 0.7, 0.7],
                            "precision": 0.9, "recall": 0.8, "average_precision": 0.95, "val_f1": 0.9})
    table = summarize(results, order=["a", "b", "missing"])
    assert list(table.index) == ["a", "b", "missing"]
    assert table.loc["a", "f1"] == "0.850 ± 0.071" and table.loc["missing", "f1"] == "not run"
    assert np.isnan(table.loc["missing", "f1_mean"]) and table.loc["missing", "seeds"] == 0
    ax = plot_method_scores(table, published={"a": 0.88}, reference=0.85, reference_label="baseline")
    assert len(ax.patches) == 3 and ax.get_xlabel() == "spam F1 on the test set"
    assert any(t.get_text() == "not run" for t in ax.texts)


