"""course_utils.text.split: the published 75/25 protocol plus a validation split, and label checks."""

import numpy as np
import pytest

from course_utils.text import encode_labels, split_texts, stratified_subset


def toy(n=200, spam_every=8):
    texts = np.array([f"message number {i}" for i in range(n)], dtype=object)
    labels = (np.arange(n) % spam_every == 0).astype(int)
    return texts, labels


def test_split_is_stratified_75_25_with_a_validation_part_carved_from_training():
    texts, labels = toy()
    s = split_texts(texts, labels, test_size=0.25, val_size=0.2, random_state=0)
    assert len(s.X_test) == 50 and len(s.X_train) + len(s.X_val) == 150
    assert len(s.X_val) == 30
    for y in (s.y_train, s.y_val, s.y_test):
        assert abs(y.mean() - labels.mean()) < 0.03
    parts = [set(s.X_train), set(s.X_val), set(s.X_test)]
    assert not (parts[0] & parts[1]) and not (parts[0] & parts[2]) and not (parts[1] & parts[2])
    X_fit, y_fit = s.train_val()
    assert len(X_fit) == 150 and set(X_fit) == parts[0] | parts[1]
    assert s.counts().to_numpy().sum() == 200


def test_split_is_repeatable_and_seed_dependent():
    texts, labels = toy()
    a, b, c = (split_texts(texts, labels, random_state=r) for r in (1, 1, 2))
    assert list(a.X_test) == list(b.X_test)
    assert list(a.X_test) != list(c.X_test)


def test_encode_labels_maps_spam_to_one_and_refuses_unknown_labels():
    assert encode_labels(["ham", "spam", "ham"]).tolist() == [0, 1, 0]
    with pytest.raises(ValueError, match="unknown label.*'Spam'"):
        encode_labels(["ham", "Spam"])


@pytest.mark.parametrize("texts, match", [([], "non-empty"), (["ok", "  "], "empty or blank"),
                                          (["ok", 3], "strings only"), ("one string", "not a single string")])
def test_bad_texts_are_refused_clearly(texts, match):
    with pytest.raises((ValueError, TypeError), match=match):
        split_texts(texts, [0] * len(texts))


def test_split_refuses_string_labels_and_bad_fractions():
    texts, labels = toy()
    with pytest.raises(ValueError, match="encode_labels"):
        split_texts(texts, np.where(labels == 1, "spam", "ham"))
    with pytest.raises(ValueError, match="test_size"):
        split_texts(texts, labels, test_size=1.5)


def test_stratified_subset_keeps_class_shares_and_none_keeps_everything():
    texts, labels = toy()
    X, y = stratified_subset(texts, labels, 80, random_state=0)
    assert len(X) == 80 and y.sum() == 10
    X_all, _ = stratified_subset(texts, labels, None)
    assert len(X_all) == 200
