"""course_utils.text.samplers: augment_minority, MinorityAugmenter, and imbalanced-learn's sampler checks."""


import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from imblearn.pipeline import Pipeline

from imblearn.utils import estimator_checks

from text_fixtures import SENTENCE, eda, needs_wordnet, shout  # noqa: F401 (eda is a fixture)

from course_utils.text import MajorityDeduplicator, MinorityAugmenter, augment_minority, make_char_noise, make_eda


@needs_wordnet
def test_eda_through_augment_minority_keeps_labels_and_is_repeatable(eda):
    texts = [SENTENCE, "win a free prize now by calling this number", "see you at the pub", "ok fine then"]
    labels = [0, 1, 0, 0]
    X1, y1 = augment_minority(texts, labels, eda, target_ratio=1.0, random_state=3)
    X2, _ = augment_minority(texts, labels, eda, target_ratio=1.0, random_state=3)
    assert list(X1) == list(X2)
    assert list(X1[:4]) == texts and y1.tolist() == [0, 1, 0, 0, 1, 1]
    assert X1[4] != texts[1] or X1[5] != texts[1]


def test_char_noise_changes_characters_but_not_the_number_of_texts():
    noise = make_char_noise(char_p=0.3, word_p=0.5)
    texts = ["free entry to win a weekly prize", "call me when you get home"]
    out = augment_minority(texts * 2, [1, 0, 0, 0], noise, target_ratio=1.0, random_state=0)[0]
    assert len(out) == 6 and all(o != texts[0] for o in out[4:])


def test_augment_minority_reaches_the_target_ratio_and_puts_originals_first():
    texts = [f"ham {i}" for i in range(50)] + [f"spam {i}" for i in range(5)]
    labels = [0] * 50 + [1] * 5
    for ratio in (0.1, 0.33, 1.0):
        X, y = augment_minority(texts, labels, shout, target_ratio=ratio, random_state=0)
        assert y.sum() == int(np.ceil(ratio * 50)) and (y == 0).sum() == 50
        assert list(X[:55]) == texts
        assert all(t.startswith("SPAM") for t in X[55:])


def test_augment_minority_spreads_copies_evenly_over_the_sources():
    texts = [f"ham {i}" for i in range(40)] + [f"spam {i}" for i in range(4)]
    X, _ = augment_minority(texts, [0] * 40 + [1] * 4, shout, target_ratio=1.0, random_state=1)
    counts = pd.Series(X[44:]).value_counts()
    assert counts.max() - counts.min() <= 1


def test_augment_minority_keeps_pandas_in_pandas_out():
    texts = pd.Series(["a b", "c d", "e f", "g h"], name="text")
    X, y = augment_minority(texts, pd.Series([0, 0, 0, 1], name="label"), shout, 1.0, random_state=0)
    assert isinstance(X, pd.Series) and X.name == "text" and len(X) == 6 and y.name == "label"


@pytest.mark.parametrize("ratio, match", [(0, r"\(0, 1\]"), (1.5, r"\(0, 1\]"), (0.05, "below the current ratio")])
def test_ratio_out_of_range_is_refused(ratio, match):
    texts = [f"ham {i}" for i in range(10)] + ["spam"]
    labels = [0] * 9 + [1] * 2
    with pytest.raises(ValueError, match=match):
        augment_minority(texts, labels, shout, target_ratio=ratio)


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="non-empty"):
        augment_minority([], [], shout, 1.0)
    with pytest.raises(ValueError, match="empty or blank"):
        augment_minority(["ok", ""], [0, 1], shout, 1.0)
    with pytest.raises(ValueError, match="exactly two classes"):
        augment_minority(["a", "b", "c"], [0, 1, 2], shout, 1.0)
    with pytest.raises(ValueError, match="returned 1 texts for 2"):
        augment_minority(["a", "b", "c", "d"], [0, 0, 0, 1], lambda ts: ts[:1], 0.9)
    with pytest.raises(ValueError, match="alpha"):
        make_eda(alpha=0)


def test_the_pipeline_augments_training_texts_only_never_the_test_texts():
    seen = []

    def recording(texts):
        seen.extend(texts)
        return [t + " again" for t in texts]

    train = [f"hello friend {i}" for i in range(30)] + [f"win cash prize {i}" for i in range(6)]
    y_train = [0] * 30 + [1] * 6
    test = ["win cash prize 99", "hello friend 99"]
    model = Pipeline([("augment", MinorityAugmenter(recording, 1.0, random_state=0)),
                      ("tfidf", TfidfVectorizer()), ("clf", LogisticRegression())])
    model.fit(train, y_train)
    assert len(seen) == 24 and set(seen) <= set(train[30:])
    assert model.named_steps["augment"].n_added_ == 24
    before = len(seen)
    model.predict_proba(test)
    assert len(seen) == before  # predicting never augments
    assert "again" in model.named_steps["tfidf"].vocabulary_  # the augmented texts shaped the vocabulary
    assert "99" not in model.named_steps["tfidf"].vocabulary_  # the test texts did not


def test_minority_augmenter_needs_an_augmenter():
    with pytest.raises(ValueError, match="needs an augmenter"):
        MinorityAugmenter().fit_resample(["a", "b", "c"], [0, 0, 1])


# imbalanced-learn's own sampler checks (imblearn.utils.estimator_checks._yield_sampler_checks). Every one
# of them builds its own numeric data (np.random.random((20, 2)), make_classification), so only those whose
# subject is the target, and which the sampler answers before it reads X, can run on a text sampler as they
# are: check_target_type (a continuous or multilabel y is refused with imbalanced-learn's messages) and
# check_samplers_one_label (a single class is refused with a message naming the class).
# The others cannot apply to text: they feed numeric 2-D arrays and compare the resampled numbers
# (check_samplers_fit, check_samplers_fit_resample, check_samplers_sampling_strategy_fit_resample,
# check_samplers_list, check_samplers_multiclass_ova, check_samplers_2d_target,
# check_samplers_preserve_dtype, check_samplers_sample_indices, check_samplers_string, check_samplers_nan,
# check_samplers_pandas, check_sampler_get_feature_names_out[_pandas]), or sparse matrices
# (check_samplers_sparse, check_samplers_pandas_sparse); a text sampler refuses a 2-D or numeric X.
# What those checks assert (fit sets sampling_strategy_, list in -> list out, a 2-D column target, pandas
# in -> pandas out, sample_indices_, no change to the input) is tested below on a small text data set.
SAMPLERS = {"MinorityAugmenter": MinorityAugmenter(shout, 1.0, random_state=0),
            "MajorityDeduplicator": MajorityDeduplicator(threshold=0.9)}
APPLICABLE_CHECKS = [estimator_checks.check_target_type, estimator_checks.check_samplers_one_label]
TEXTS = ([f"see you at the pub at {i}" for i in range(6)] + ["see you at the pub at 0", "ok fine then"]
         + ["win a free prize now", "call now to claim your cash", "free entry win win"])
LABELS = [0] * 8 + [1] * 3


@pytest.mark.parametrize("check", APPLICABLE_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("name", SAMPLERS)
def test_imbalanced_learns_checks_that_apply_to_text(name, check):
    check(name, SAMPLERS[name])


@pytest.mark.parametrize("name", SAMPLERS)
def test_text_versions_of_the_checks_on_numeric_data(name):
    from sklearn.base import clone

    sampler = clone(SAMPLERS[name])
    # check_samplers_fit: fit sets sampling_strategy_
    assert hasattr(sampler.fit(TEXTS, LABELS), "sampling_strategy_")
    # check_samplers_list: lists in, lists out, the same as arrays
    X_arr, y_arr = clone(sampler).fit_resample(np.array(TEXTS, dtype=object), np.array(LABELS))
    X_list, y_list = clone(sampler).fit_resample(TEXTS, LABELS)
    assert isinstance(X_list, list) and isinstance(y_list, list)
    assert X_list == list(X_arr) and y_list == list(y_arr)
    # check_samplers_2d_target: a column target is accepted
    X_col, y_col = clone(sampler).fit_resample(TEXTS, np.array(LABELS).reshape(-1, 1))
    assert list(X_col) == list(X_arr)
    # check_samplers_pandas: pandas in, pandas out
    X_pd, y_pd = clone(sampler).fit_resample(pd.Series(TEXTS, name="text"), pd.Series(LABELS, name="label"))
    assert isinstance(X_pd, pd.Series) and isinstance(y_pd, pd.Series)
    assert X_pd.name == "text" and list(X_pd) == list(X_arr)
    # check_samplers_preserve_dtype: the label dtype is kept
    assert clone(sampler).fit_resample(TEXTS, np.array(LABELS, dtype=np.int32))[1].dtype == np.int32
    # originals first; the input is not changed
    assert list(X_arr[:len(TEXTS)]) == TEXTS or name == "MajorityDeduplicator"


def test_numeric_or_sparse_input_is_refused_clearly():
    from scipy import sparse

    for sampler in SAMPLERS.values():
        with pytest.raises(TypeError, match="strings"):
            sampler.fit_resample(np.random.random(len(LABELS)), LABELS)
        with pytest.raises((TypeError, ValueError), match="1-D|strings"):
            sampler.fit_resample(sparse.random(len(LABELS), 2, format="csr"), LABELS)


def test_minority_augmenter_records_what_it_added():
    sampler = MinorityAugmenter(shout, 1.0, random_state=0)
    X, y = sampler.fit_resample(TEXTS, LABELS)
    assert sampler.sampling_strategy_ == {1: 5} and sampler.n_added_ == 5 and len(X) == 16


def test_none_draws_fresh_entropy_and_an_int_repeats():
    import random

    def pick(texts):
        return [f"{t} {random.random()}" for t in texts]

    same = [augment_minority(TEXTS, LABELS, pick, 1.0, random_state=7)[0].tolist() for _ in range(2)]
    fresh = [augment_minority(TEXTS, LABELS, pick, 1.0, random_state=None)[0].tolist() for _ in range(2)]
    assert same[0] == same[1] and fresh[0] != fresh[1]
    with pytest.raises(TypeError, match="random_state"):
        augment_minority(TEXTS, LABELS, pick, 1.0, random_state=0.5)


def test_augment_minority_leaves_the_global_generators_as_they_were():
    import random

    random.seed(1), np.random.seed(1)
    expected = (random.random(), np.random.random())
    random.seed(1), np.random.seed(1)
    augment_minority(TEXTS, LABELS, lambda ts: [f"{t} {random.random()} {np.random.random()}" for t in ts], 1.0,
                     random_state=3)
    assert (random.random(), np.random.random()) == expected
