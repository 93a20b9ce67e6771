"""course_utils.vision.longtail: the long-tailed MNIST construction."""

import numpy as np
import torch
import pytest

from course_utils.vision import long_tail_counts, long_tail_split, make_long_tail, outside_validation

# MNIST's training-set class counts (data README); the labels alone decide the long tail.
MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
PUBLISHED_LT = [5923, 3596, 2156, 1292, 774, 464, 278, 166, 100, 60]


@pytest.fixture
def mnist_labels():
    rng = np.random.default_rng(0)
    return rng.permutation(np.repeat(np.arange(10), MNIST_TRAIN_COUNTS))


def test_counts_follow_the_exponential_profile():
    counts = long_tail_counts(10, imbalance_ratio=100, head=6000)
    assert counts[0] == 6000 and counts[-1] == 60
    assert list(counts[1:]) == PUBLISHED_LT[1:]
    assert np.all(np.diff(counts) < 0)


def test_mnist_long_tail_matches_the_published_counts_capped_at_what_exists(mnist_labels):
    kept = make_long_tail(mnist_labels, imbalance_ratio=100, head=6000, random_state=1)
    assert list(np.bincount(mnist_labels[kept])) == PUBLISHED_LT
    assert len(kept) == 14_809
    assert len(np.unique(kept)) == len(kept)


def test_the_draw_depends_on_the_seed_only(mnist_labels):
    a = make_long_tail(mnist_labels, random_state=3)
    assert np.array_equal(a, make_long_tail(mnist_labels, random_state=3))
    assert not np.array_equal(a, make_long_tail(mnist_labels, random_state=4))


def test_split_is_disjoint_and_validation_is_balanced(mnist_labels):
    train, val = long_tail_split(mnist_labels, val_per_class=50, random_state=0)
    assert not set(train) & set(val)
    assert list(np.bincount(mnist_labels[val])) == [50] * 10
    counts = np.bincount(mnist_labels[train])
    assert counts[0] == 5923 - 50  # the head class has fewer than `head` images
    assert list(counts[1:]) == PUBLISHED_LT[1:]


@pytest.mark.parametrize("kwargs, message", [
    ({"imbalance_ratio": 0.5}, "imbalance_ratio"),
    ({"head": 0}, "head"),
])
def test_invalid_ratio_or_head_raises(mnist_labels, kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_long_tail(mnist_labels, **kwargs)


def test_invalid_labels_raise():
    with pytest.raises(ValueError, match="non-negative integers"):
        make_long_tail(np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="at least 2 classes"):
        long_tail_counts(1)
    with pytest.raises(ValueError, match="too few"):
        long_tail_split(np.array([0, 0, 1, 1]), val_per_class=2)


def test_outside_validation_keeps_every_image_but_the_validation_split():
    labels = torch.tensor([0, 1, 2, 0, 1, 2, 0])
    images = torch.arange(7) * 10  # stands for images: each one's value names it
    kept_images, kept_labels = outside_validation(images, labels, np.array([4, 1]))
    assert kept_images.tolist() == [0, 20, 30, 50, 60]
    assert kept_labels.tolist() == [0, 2, 0, 2, 0]
