"""course_utils.text.experiment: honest choices on validation, summaries, the results figure."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from course_utils.plotting import plot_method_scores
from course_utils.evaluation import best_f1_threshold
from course_utils.text import (TextMethod, compare_methods, cross_fitted_f1, make_tfidf_logreg, run_text_methods, spam_scores,
                               summary_table)


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
    results = run_text_methods({"lr": TextMethod(build, grid=(0.001, 100.0)),
                           "plain": TextMethod(lambda s, seed: make_tfidf_logreg(random_state=seed))},
                          texts, labels, seeds=[0, 1], n_jobs=1)  # one process, so that the spy sees every build
    assert list(results["method"]) == ["lr", "plain", "lr", "plain"]
    assert seen == [0.001, 100.0, 100.0] * 2  # both candidates on validation, then the chosen one refitted
    assert set(results["setting"][results["method"] == "lr"]) == {100.0}
    assert results[["precision", "recall", "f1", "average_precision"]].le(1).all().all()


def test_a_search_scores_validation_only_and_never_the_test_set():
    seen = []

    def build(setting, seed):
        seen.append(setting)
        return make_tfidf_logreg("word", C=setting, random_state=seed)

    texts, labels = data()
    search = run_text_methods({"lr": TextMethod(build, grid=(0.001, 100.0))}, texts, labels, seeds=[0, 1], n_jobs=1,
                         score_test=False)
    assert seen == [0.001, 100.0] * 2  # no refit on train + validation
    assert search[["precision", "recall", "f1", "average_precision"]].isna().all().all()
    assert search["val_f1"].between(0, 1).all() and set(search["setting"]) == {100.0}


def test_runs_in_parallel_give_the_same_results():
    texts, labels = data()
    methods = {"lr": TextMethod(lambda C, seed: make_tfidf_logreg("word", C=C, random_state=seed), grid=(0.1, 10.0)),
               "tuned": TextMethod(lambda s, seed: make_tfidf_logreg(random_state=seed), tune_threshold=True)}
    one, two = (run_text_methods(methods, texts, labels, seeds=[0, 1, 2], n_jobs=n).drop(columns="seconds")
                for n in (1, 2))
    pd.testing.assert_frame_equal(one, two)
    with pytest.raises(ValueError, match="n_jobs"):
        run_text_methods(methods, texts, labels, seeds=[0], n_jobs=0)


def test_cross_fitted_f1_does_not_score_a_threshold_where_it_was_tuned():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], [300, 60])
    noise = rng.random(len(y))  # scores that know nothing about the labels
    in_sample = spam_scores(y, noise, best_f1_threshold(y, noise))["f1"]
    assert cross_fitted_f1(y, noise) < in_sample  # tuning on the scored messages flatters noise
    separable = np.where(y == 1, 0.6 + 0.4 * noise, 0.5 * noise)
    assert cross_fitted_f1(y, separable) > 0.9 > 0.4 > cross_fitted_f1(y, noise)
    assert cross_fitted_f1(y, noise, random_state=1) != cross_fitted_f1(y, noise, random_state=2)


def test_summary_and_figure_list_methods_that_were_not_run():
    results = pd.DataFrame({"method": ["a", "a", "b", "b"], "seed": [0, 1, 0, 1], "f1": [0.9, 0.8, 0.7, 0.7],
                            "precision": 0.9, "recall": 0.8, "average_precision": 0.95, "val_f1": 0.9})
    table = summary_table(results, order=["a", "b", "missing"])
    assert list(table.index) == ["a", "b", "missing"]
    assert table.loc["a", "f1"] == "0.850 ± 0.071" and table.loc["missing", "f1"] == "not run"
    assert np.isnan(table.loc["missing", "f1_mean"]) and table.loc["missing", "seeds"] == 0
    ax = plot_method_scores(table, published={"a": 0.88}, reference=0.85, reference_label="baseline")
    assert len(ax.patches) == 3 and ax.get_xlabel() == "spam F1 on the test set"
    assert any(t.get_text() == "not run" for t in ax.texts)




def test_compare_methods_pairs_seeds_and_leaves_out_methods_that_were_not_run():
    seeds = np.arange(6)
    rng = np.random.default_rng(0)
    base = 0.9 + 0.02 * rng.standard_normal(seeds.size)  # what moves every method alike on a split
    results = pd.concat([pd.DataFrame({"method": name, "seed": seeds, "f1": base + shift, "val_f1": 0.9})
                         for name, shift in (("base", 0.0), ("better", 0.03 + 0.001 * seeds),
                                             ("same", 0.001 * (-1) ** seeds), ("worse", -0.05 + 0.001 * seeds))])
    table = compare_methods(results, "base", ["better", "same", "worse", "not run"])
    assert list(table.index) == ["better", "same", "worse"]
    assert list(table["verdict"]) == ["beats", "matches", "loses to"]
    assert table.loc["better", "difference"] == pytest.approx(0.0325)
    assert (table["n"] == seeds.size).all()
    assert list(compare_methods(results, "base").index) == ["better", "same", "worse"]
    with pytest.raises(ValueError, match="baseline"):
        compare_methods(results, "missing")
