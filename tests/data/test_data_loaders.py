"""The loaders against the read-only mirror: the shapes, counts and labels its README lists."""

from __future__ import annotations

import gzip
import random

import numpy as np
import pytest
import torch

from course_utils.data import (
    ensure_nltk_data,
    load_fashion_mnist,
    load_mnist,
    load_sms_spam,
)
from course_utils.data.images import _read_idx
from data_fixtures import cache, creditcard_frame, shared_data  # noqa: F401 (fixtures)

MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_creditcard(creditcard_frame):
    frame = creditcard_frame
    assert frame.shape == (284_807, 31)
    assert list(frame.columns) == ["Time", *[f"V{i}" for i in range(1, 29)], "Amount", "Class"]
    assert frame["Class"].dtype == np.int64
    assert frame["Class"].value_counts().to_dict() == {0: 284_315, 1: 492}
    assert frame["Time"].min() == 0 and frame["Time"].max() == 172_792
    assert frame["Amount"].sum() == pytest.approx(25_162_590.01, abs=0.01)
    assert not frame.isna().any().any()


@pytest.mark.parametrize(
    ("split", "first", "counts"), [("train", 5, MNIST_TRAIN_COUNTS), ("test", 7, MNIST_TEST_COUNTS)]
)
def test_mnist(shared_data, split, first, counts):
    images, labels = load_mnist(split)
    assert images.shape == (sum(counts), 28, 28) and images.dtype == torch.uint8
    assert labels.shape == (sum(counts),) and labels.dtype == torch.int64
    assert labels[0].item() == first
    assert torch.bincount(labels).tolist() == counts
    assert images.max().item() == 255


@pytest.mark.parametrize(("split", "per_class"), [("train", 6000), ("test", 1000)])
def test_fashion_mnist(shared_data, split, per_class):
    images, labels = load_fashion_mnist(split)
    assert images.shape == (10 * per_class, 28, 28) and images.dtype == torch.uint8
    assert labels.dtype == torch.int64
    assert torch.bincount(labels).tolist() == [per_class] * 10


@pytest.mark.parametrize("loader", [load_mnist, load_fashion_mnist])
def test_unknown_split_is_refused(loader):
    with pytest.raises(ValueError, match="train, test"):
        loader("validation")


def test_idx_magic_number_is_checked(tmp_path):
    labels = tmp_path / "labels.gz"
    with gzip.open(labels, "wb") as stream:
        stream.write(bytes((0, 0, 8, 1)) + (3).to_bytes(4, "big") + bytes((1, 2, 3)))
    assert _read_idx(labels, rank=1).tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match="magic number"):
        _read_idx(labels, rank=3)
    short = tmp_path / "short.gz"
    with gzip.open(short, "wb") as stream:
        stream.write(bytes((0, 0, 8, 1)) + (5).to_bytes(4, "big") + bytes((1, 2, 3)))
    with pytest.raises(ValueError, match="announces"):
        _read_idx(short, rank=1)


def test_sms_spam(shared_data):
    frame = load_sms_spam()
    assert frame.shape == (5_572, 2) and list(frame.columns) == ["label", "text"]
    assert frame["label"].value_counts().to_dict() == {"ham": 4_825, "spam": 747}
    assert frame.loc[0, "label"] == "ham" and frame.loc[0, "text"].startswith("Go until jurong point")


def test_nltk_data_works_offline_with_nlpaug(shared_data, monkeypatch):
    import nlpaug.augmenter.word as naw
    import nltk

    def no_download(*args, **kwargs):
        raise AssertionError(f"nltk tried to download {args}: the data should have been found")

    monkeypatch.setattr(nltk, "download", no_download)
    folder = ensure_nltk_data()
    assert folder == shared_data / "nltk_data"
    assert nltk.data.path[0] == str(folder)
    ensure_nltk_data()
    assert nltk.data.path.count(str(folder)) == 1  # calling again does not pile up entries

    assert [tag for _, tag in nltk.pos_tag("The quick brown fox".split())] == ["DT", "JJ", "NN", "NN"]
    assert nltk.word_tokenize("Spam is here. Ham is not.") == ["Spam", "is", "here", ".", "Ham", "is", "not", "."]
    assert "the" in nltk.corpus.stopwords.words("english")
    random.seed(0)
    sentence = "The quick brown fox jumps over the lazy dog"
    augmented = naw.SynonymAug(aug_src="wordnet").augment(sentence)
    assert len(augmented) == 1 and augmented[0] != sentence
