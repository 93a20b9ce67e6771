"""course_utils.text.models: the TF-IDF pipelines and the torch classifier with sentence MixUp."""

import numpy as np
import pytest
import torch
from imblearn.over_sampling import RandomOverSampler

from course_utils.text import MajorityDeduplicator, MixupTextClassifier, make_tfidf_logreg, tokenize

SPAM = ["win a free prize now", "free cash prize call now", "claim your free award now",
        "urgent prize waiting call", "you won free cash"]
HAM = ["see you at lunch", "are you home yet", "call me later please", "lunch at the pub",
       "i am home now", "see you later", "are we still on for lunch", "home soon"]


def tiny():
    texts = np.array((SPAM + HAM) * 3, dtype=object)
    labels = np.array(([1] * len(SPAM) + [0] * len(HAM)) * 3)
    return texts, labels


@pytest.mark.parametrize("features", ["word", "word+char"])
def test_pipelines_fit_and_rank_spam_first(features):
    texts, labels = tiny()
    model = make_tfidf_logreg(features, C=10, text_sampler=MajorityDeduplicator(0.9),
                              vector_sampler=RandomOverSampler(random_state=0), random_state=0)
    model.fit(texts, labels)
    proba = model.predict_proba(["free prize now", "see you at home"])[:, 1]
    assert proba[0] > 0.5 > proba[1]


def test_unknown_features_are_refused():
    with pytest.raises(ValueError, match="features"):
        make_tfidf_logreg("bert")


def test_ngram_ranges_set_the_vocabulary_and_bad_ranges_are_refused():
    texts, labels = tiny()
    vocabulary = {}
    for ngrams in [((1, 1), (2, 2)), ((1, 3), (1, 6))]:
        model = make_tfidf_logreg("word+char", ngrams=ngrams).fit(texts, labels)
        word, char = (t.get_feature_names_out() for _, t in model.named_steps["tfidf"].transformer_list)
        vocabulary[ngrams] = word, char
    narrow, wide = vocabulary.values()
    assert max(len(w.split()) for w in narrow[0]) == 1 and max(len(w.split()) for w in wide[0]) == 3
    # char_wb pads words with a space: "f" alone is a 1-gram, " f" a 2-gram.
    assert {len(c) for c in narrow[1]} == {2} and {len(c) for c in wide[1]} == set(range(1, 7))
    for bad in [((1, 2),), ((2, 1), (2, 5)), ((0, 1), (2, 5)), "word"]:
        with pytest.raises(ValueError, match="ngrams"):
            make_tfidf_logreg("word+char", ngrams=bad)


def test_tokenize_gives_words_and_bigrams():
    assert tokenize("Win £100 NOW!", ngrams=2) == ["win", "£100", "now", "!", "win £100", "£100 now", "now !"]


def test_mixup_classifier_loss_decreases_on_a_tiny_set():
    texts, labels = tiny()
    model = MixupTextClassifier(mixup_alpha=0.4, epochs=15, validation_fraction=None, batch_size=8,
                                embedding_dim=16, hidden_dim=16, device="cpu", random_state=0).fit(texts, labels)
    loss = model.history_["train_loss"].to_numpy()
    assert len(loss) == 15 and loss[-3:].mean() < 0.7 * loss[:3].mean()
    proba = model.predict_proba(["free prize now", "see you at lunch"])
    assert proba.shape == (2, 2) and np.allclose(proba.sum(1), 1)
    assert proba[0, 1] > proba[1, 1]


def test_validation_chooses_the_epoch_and_refit_keeps_it():
    texts, labels = tiny()
    model = MixupTextClassifier(epochs=6, validation_fraction=0.3, batch_size=8, embedding_dim=8,
                                hidden_dim=8, device="cpu", random_state=1).fit(texts, labels)
    history = model.history_
    assert "val_average_precision" in history and len(history) == 6
    assert model.best_epoch_ == int(history.loc[history["val_average_precision"].idxmax(), "epoch"])


def test_same_seed_same_model_and_global_state_untouched():
    texts, labels = tiny()
    threads = torch.get_num_threads()
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    kwargs = dict(epochs=3, validation_fraction=None, batch_size=8, device="cpu", random_state=5)
    a = MixupTextClassifier(**kwargs).fit(texts, labels).predict_proba(texts)
    after = torch.rand(1)
    b = MixupTextClassifier(**kwargs).fit(texts, labels).predict_proba(texts)
    assert np.allclose(a, b) and torch.equal(before, after)
    assert torch.get_num_threads() == threads


def test_random_state_none_draws_fresh_entropy_and_the_loss_is_read_per_epoch():
    texts, labels = tiny()
    kwargs = dict(epochs=2, validation_fraction=None, batch_size=8, device="cpu", random_state=None)
    a = MixupTextClassifier(**kwargs).fit(texts, labels)
    b = MixupTextClassifier(**kwargs).fit(texts, labels)
    assert not np.allclose(a.predict_proba(texts), b.predict_proba(texts))  # None no longer means seed 0
    assert len(a.history_) == 2 and np.isfinite(a.history_["train_loss"]).all()


@pytest.mark.parametrize("kwargs, match", [({"mixup_alpha": -1}, "mixup_alpha"), ({"epochs": 0}, "epochs"),
                                           ({"validation_fraction": 1.0}, "validation_fraction")])
def test_bad_parameters_are_refused(kwargs, match):
    texts, labels = tiny()
    with pytest.raises(ValueError, match=match):
        MixupTextClassifier(device="cpu", **kwargs).fit(texts, labels)


def test_labels_must_be_both_zero_and_one():
    with pytest.raises(ValueError, match="both classes"):
        MixupTextClassifier(device="cpu").fit(["a b", "c d"], [0, 0])
