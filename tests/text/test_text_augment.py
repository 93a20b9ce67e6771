"""course_utils.text.augment: EDA and character noise, augment_minority and its pipeline sampler."""

import os
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from imblearn.pipeline import Pipeline

from course_utils.text import MinorityAugmenter, OneOf, augment_minority, augment_texts, make_char_noise, make_eda

MIRROR = os.environ.get("COURSE_UTILS_DATA")
needs_wordnet = pytest.mark.skipif(
    not MIRROR or not (Path(MIRROR) / "nltk_data" / "corpora" / "wordnet.zip").exists(),
    reason="the offline NLTK mirror is absent: set COURSE_UTILS_DATA to a folder holding nltk_data/ (shared/data)",
)

SENTENCE = "the quick brown fox jumps over the lazy dog near the old house today"


@pytest.fixture(scope="module")
def eda():
    if not MIRROR or not (Path(MIRROR) / "nltk_data" / "corpora" / "wordnet.zip").exists():
        pytest.skip("the offline NLTK mirror is absent: set COURSE_UTILS_DATA to shared/data")
    return make_eda(alpha=0.2)


def shout(texts):
    return [t.upper() for t in texts]


@needs_wordnet
def test_wordnet_synonyms_load_offline_from_the_mirror():
    from nltk.corpus import wordnet

    from course_utils.data import ensure_nltk_data

    ensure_nltk_data()
    lemmas = {lemma.name() for s in wordnet.synsets("prize") for lemma in s.lemmas()}
    assert "award" in lemmas


def test_eda_operations_change_what_they_should(eda):
    # nlpaug draws from the global generators; seed them so that the test sees one fixed draw
    # (unseeded, about one run in eight moved the first word and capitalised it).
    random.seed(0)
    np.random.seed(0)
    ops = eda.augmenters
    words = SENTENCE.split()
    replaced = augment_texts(ops["synonym replacement"], [SENTENCE])[0]
    assert replaced != SENTENCE and len(replaced.split()) >= len(words)
    inserted = augment_texts(ops["random insertion"], [SENTENCE])[0].split()
    assert len(inserted) > len(words)
    assert all(w in inserted for w in words)  # insertion only adds
    swapped = augment_texts(ops["random swap"], [SENTENCE])[0].split()
    assert swapped != words and sorted(swapped) == sorted(words)
    deleted = augment_texts(ops["random deletion"], [SENTENCE])[0].split()
    assert 0 < len(deleted) < len(words) and all(w in words for w in deleted)


def test_eda_through_augment_minority_keeps_labels_and_is_repeatable(eda):
    texts = [SENTENCE, "win a free prize now by calling this number", "see you at the pub", "ok fine then"]
    labels = [0, 1, 0, 0]
    X1, y1 = augment_minority(texts, labels, eda, target_ratio=1.0, seed=3)
    X2, _ = augment_minority(texts, labels, eda, target_ratio=1.0, seed=3)
    assert list(X1) == list(X2)
    assert list(X1[:4]) == texts and y1.tolist() == [0, 1, 0, 0, 1, 1]
    assert X1[4] != texts[1] or X1[5] != texts[1]


def test_char_noise_changes_characters_but_not_the_number_of_texts():
    noise = make_char_noise(char_p=0.3, word_p=0.5)
    texts = ["free entry to win a weekly prize", "call me when you get home"]
    out = augment_minority(texts * 2, [1, 0, 0, 0], noise, target_ratio=1.0, seed=0)[0]
    assert len(out) == 6 and all(o != texts[0] for o in out[4:])


def test_one_of_uses_every_augmenter_and_keeps_order():
    one = OneOf({"upper": shout, "reverse": lambda ts: [t[::-1] for t in ts]})
    import random

    random.seed(0)
    out = one.augment([f"text {i}" for i in range(40)])
    assert any(o.startswith("TEXT") for o in out) and any(o.endswith("txet") for o in out)
    assert all(o in (f"TEXT {i}", f"text {i}"[::-1]) for i, o in enumerate(out))


def test_augmenters_pickle_as_their_recipe_and_work_after_unpickling():
    import pickle

    for made in (make_eda(alpha=0.2), make_char_noise(0.3, 0.3)):
        copy = pickle.loads(pickle.dumps(made))
        assert copy is not made and list(copy.augmenters) == list(made.augmenters)
        assert copy.recipe == made.recipe
        random.seed(0)
        assert copy.augment(["win a free prize now call this number"])[0] != "win a free prize now call this number"
    plain = pickle.loads(pickle.dumps(OneOf({"upper": shout})))  # no recipe: pickled as itself
    assert plain.recipe is None and plain.augment(["a"]) == ["A"]


def test_augment_minority_reaches_the_target_ratio_and_puts_originals_first():
    texts = [f"ham {i}" for i in range(50)] + [f"spam {i}" for i in range(5)]
    labels = [0] * 50 + [1] * 5
    for ratio in (0.1, 0.33, 1.0):
        X, y = augment_minority(texts, labels, shout, target_ratio=ratio, seed=0)
        assert y.sum() == int(np.ceil(ratio * 50)) and (y == 0).sum() == 50
        assert list(X[:55]) == texts
        assert all(t.startswith("SPAM") for t in X[55:])


def test_augment_minority_spreads_copies_evenly_over_the_sources():
    texts = [f"ham {i}" for i in range(40)] + [f"spam {i}" for i in range(4)]
    X, _ = augment_minority(texts, [0] * 40 + [1] * 4, shout, target_ratio=1.0, seed=1)
    counts = pd.Series(X[44:]).value_counts()
    assert counts.max() - counts.min() <= 1


def test_augment_minority_keeps_pandas_in_pandas_out():
    texts = pd.Series(["a b", "c d", "e f", "g h"], name="text")
    X, y = augment_minority(texts, pd.Series([0, 0, 0, 1], name="label"), shout, 1.0, seed=0)
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
