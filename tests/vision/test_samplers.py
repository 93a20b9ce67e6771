"""course_utils.vision.samplers: class distributions of each pass."""

import numpy as np
import pytest
import torch

from course_utils.vision import (
    DeferredSampler,
    DynamicSampler,
    RandomOverIndexSampler,
    RandomUnderIndexSampler,
    ShuffleSampler,
    WeightedSampler,
    class_balanced_weights,
    dynamic_sample_sizes,
)

LABELS = np.repeat(np.arange(3), [600, 120, 30])


def counts(sampler, labels=LABELS):
    return np.bincount(labels[sampler.epoch()], minlength=3)


def test_shuffle_visits_every_image_once():
    order = ShuffleSampler(LABELS, random_state=0).epoch()
    assert sorted(order) == list(range(len(LABELS)))


def test_over_sampling_balances_to_the_largest_class():
    assert list(counts(RandomOverIndexSampler(LABELS, random_state=0))) == [600, 600, 600]


def test_under_sampling_balances_to_the_smallest_class_and_changes_each_pass():
    sampler = RandomUnderIndexSampler(LABELS, random_state=0)
    first, second = sampler.epoch(), sampler.epoch()
    assert list(np.bincount(LABELS[first])) == [30, 30, 30]
    assert set(first) != set(second)


def test_sampling_strategy_is_imbalanced_learns():
    sampler = RandomOverIndexSampler(LABELS, sampling_strategy={1: 300, 2: 300}, random_state=0)
    assert list(counts(sampler)) == [600, 300, 300]


def test_class_balanced_weights_give_each_class_equal_mass():
    w = class_balanced_weights(LABELS)
    assert w.dtype == torch.double
    mass = [w[LABELS == c].sum().item() for c in range(3)]
    np.testing.assert_allclose(mass, [1, 1, 1])


def test_weighted_sampler_draws_classes_about_equally_and_repeatably():
    c = counts(WeightedSampler(LABELS, random_state=0))
    assert c.sum() == len(LABELS)
    np.testing.assert_allclose(c / c.sum(), [1 / 3] * 3, atol=0.05)
    assert np.array_equal(WeightedSampler(LABELS, random_state=5).epoch(),
                          WeightedSampler(LABELS, random_state=5).epoch())


def test_dynamic_sizes_equal_the_formula_on_hand_made_f1():
    f1 = np.array([0.9, 0.6, 0.5])
    sizes = dynamic_sample_sizes(f1, total=1000)
    # (1 - f1) = 0.1, 0.4, 0.5 -> shares 0.1, 0.4, 0.5
    assert list(sizes) == [100, 400, 500]
    assert list(dynamic_sample_sizes([1.0, 1.0, 1.0], 90)) == [30, 30, 30]


def test_dynamic_sampler_starts_balanced_then_follows_feedback():
    sampler = DynamicSampler(LABELS, random_state=0)
    assert list(counts(sampler)) == [250, 250, 250]
    sampler.feedback([0.9, 0.6, 0.5])
    assert list(counts(sampler)) == [75, 300, 375]  # class 2 (30 images) drawn with replacement


@pytest.mark.parametrize("bad", [[0.5], [0.2, 1.5], [np.nan, 0.3]])
def test_dynamic_sizes_reject_bad_f1(bad):
    with pytest.raises(ValueError, match="F1"):
        dynamic_sample_sizes(bad, 10)


def test_deferred_sampler_switches_after_the_given_pass():
    sampler = DeferredSampler(ShuffleSampler(LABELS, 0), RandomOverIndexSampler(LABELS, random_state=0), 2)
    assert [list(counts(sampler)) for _ in range(3)] == [[600, 120, 30]] * 2 + [[600, 600, 600]]
