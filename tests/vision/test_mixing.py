"""course_utils.vision.mixing: label mass, Beta draws, pasted areas, the Remix rule, devices."""

import numpy as np
import pandas as pd
import pytest
import torch
from scipy import stats

from course_utils.vision import (
    AugMix, CutMix, Cutout, Method, MixUp, Net, RandomOverIndexSampler, Remix, SequentialMix, ShuffleSampler,
    fit, jensen_shannon_loss, run_methods, soft_cross_entropy,
)
from test_train import toy_images

COUNTS = [600, 300, 100, 20]


def batch(n=32, n_classes=4, seed=0):
    g = torch.Generator().manual_seed(seed)
    images = torch.randn(n, 1, 12, 12, generator=g).contiguous(memory_format=torch.channels_last)
    return images, torch.randint(n_classes, (n,), generator=g)


def mixers():
    return [MixUp(4), CutMix(4), Remix(COUNTS), Remix(COUNTS, CutMix(4, alpha=0.5)),
            SequentialMix([CutMix(4), MixUp(4)])]


@pytest.mark.parametrize("mixer", mixers(), ids=repr)
def test_label_mass_sums_to_one_and_shapes_are_kept(mixer):
    images, labels = batch()
    g = torch.Generator().manual_seed(1)
    for _ in range(5):
        mixed, weights = mixer(images, labels, g)
        assert mixed.shape == images.shape and mixed.dtype == images.dtype
        assert mixed.is_contiguous(memory_format=torch.channels_last)
        assert weights.shape == (len(images), 4) and weights.dtype == images.dtype
        assert (weights >= 0).all()
        torch.testing.assert_close(weights.sum(1), torch.ones(len(images)))


@pytest.mark.parametrize("alpha", [0.4, 2.0])
def test_mixup_lambda_follows_the_beta_distribution(alpha):
    mixer, g = MixUp(4, alpha=alpha), torch.Generator().manual_seed(0)
    draws = [mixer.sample_lambda(g) for _ in range(400)]
    assert stats.kstest(draws, stats.beta(alpha, alpha).cdf).pvalue > 0.01
    # The test can fail: the draws are not uniform unless alpha is 1.
    assert stats.kstest(draws, stats.uniform().cdf).pvalue < 0.01


def test_mixup_mixes_images_and_labels_with_the_same_lambda():
    images, labels = batch()
    mixed, lam, perm = MixUp(4).mix(images, torch.Generator().manual_seed(3))
    torch.testing.assert_close(mixed, lam * images + (1 - lam) * images[perm])
    _, weights = MixUp(4)(images, labels, torch.Generator().manual_seed(3))
    own = weights[torch.arange(len(labels)), labels]
    assert torch.all(own >= lam - 1e-6)  # at least lam; more where the partner has the same class


def test_cutmix_label_weight_is_the_pasted_area():
    images = torch.zeros(16, 1, 10, 10)
    partner = torch.arange(16) + 100.0
    images += partner[:, None, None, None]  # every image a constant, different from all others
    labels = torch.arange(16) % 4
    g = torch.Generator().manual_seed(0)
    for seed in range(20):
        g.manual_seed(seed)
        mixed, lam, perm = CutMix(4).mix(images, g)
        pasted = (mixed != images).float().mean(dim=(1, 2, 3))
        moved = perm != torch.arange(16)
        torch.testing.assert_close(pasted[moved], torch.full((int(moved.sum()),), 1 - lam))
        g.manual_seed(seed)
        _, weights = CutMix(4)(images, labels, g)
        different = labels != labels[perm]
        own = weights[torch.arange(16), labels]
        torch.testing.assert_close(own[different], torch.full((int(different.sum()),), lam))


def test_cutmix_box_is_clipped_to_the_image():
    g = torch.Generator().manual_seed(0)
    for _ in range(50):
        top, bottom, left, right = CutMix.box((10, 12), 0.1, g)
        assert 0 <= top <= bottom <= 10 and 0 <= left <= right <= 12


def test_remix_rule_on_hand_made_counts():
    remix = Remix([900, 300, 100], kappa=3, tau=0.5)
    i, j = torch.tensor([0, 0, 2, 1, 2]), torch.tensor([2, 1, 0, 2, 1])
    # ratios n_i / n_j: 9, 3, 1/9, 3, 1/3: all at or past kappa = 3 one way or the other.
    low = remix.label_share(i, j, 0.3)  # frequent i mostly hidden -> 0; rare i: 1 - lam = 0.7 >= tau -> lam
    torch.testing.assert_close(low, torch.tensor([0.0, 0.0, 0.3, 0.0, 0.3], dtype=torch.float64))
    high = remix.label_share(i, j, 0.8)  # frequent i dominates -> lam; rare i dominates -> 1
    torch.testing.assert_close(high, torch.tensor([0.8, 0.8, 1.0, 0.8, 1.0], dtype=torch.float64))
    close = Remix([100, 90, 80]).label_share(torch.tensor([0, 1]), torch.tensor([2, 0]), 0.2)
    torch.testing.assert_close(close, torch.tensor([0.2, 0.2], dtype=torch.float64))


def test_remix_keeps_per_sample_label_weights():
    images, labels = batch(64)
    mixed, weights = Remix([1000, 100, 10, 1], kappa=3, tau=0.5)(images, labels, torch.Generator().manual_seed(0))
    shares = weights.max(1).values
    assert len(torch.unique(shares.round(decimals=5))) > 1  # not one weight for the whole batch


def test_remix_and_mixers_reject_bad_input():
    with pytest.raises(ValueError, match="positive counts"):
        Remix([10, 0, 5])
    with pytest.raises(ValueError, match="4 classes, class_counts 3"):
        Remix([10, 5, 1], MixUp(4))
    with pytest.raises(ValueError, match="alpha"):
        MixUp(4, alpha=0)
    images, labels = batch()
    with pytest.raises(ValueError, match="columns"):
        MixUp(5)(images, torch.nn.functional.one_hot(labels, 4).float())


def test_sequential_mix_applies_both():
    images, labels = batch()
    seen = []

    class Spy(MixUp):
        def __call__(self, images, targets, generator=None):
            seen.append(targets.ndim)
            return super().__call__(images, targets, generator)

    SequentialMix([Spy(4), Spy(4)])(images, labels, torch.Generator())
    assert seen == [1, 2]  # the second mixer receives the first one's label weights


def test_cutout_blanks_one_square_per_image():
    images = torch.ones(8, 1, 20, 20)
    out = Cutout(size=5, fill=0.0)(images, torch.Generator().manual_seed(0))
    holes = (out == 0).sum(dim=(1, 2, 3))
    assert out.shape == images.shape and (holes > 0).all() and (holes <= 25).all()
    assert len(torch.unique(out.reshape(8, -1).argmin(1))) > 1  # squares at different places


def test_augmix_keeps_shape_range_and_seeding():
    images = torch.rand(16, 1, 28, 28)
    mean_std = (0.5, 0.25)
    normalised = (images - 0.5) / 0.25
    aug = AugMix(groups=4, mean_std=mean_std)
    a, targets = aug(normalised, torch.arange(16), torch.Generator().manual_seed(0))
    b, _ = aug(normalised, torch.arange(16), torch.Generator().manual_seed(0))
    assert a.shape == images.shape and a.dtype == torch.float32 and torch.equal(a, b)
    assert not torch.allclose(a, normalised, atol=0.01)
    assert a.min() >= -2 - 1e-5 and a.max() <= 2 + 1e-5  # still inside the uint8 range
    assert torch.equal(targets, torch.arange(16))
    views, _ = AugMix(groups=4, jsd=True, mean_std=mean_std)(normalised, torch.arange(16), torch.Generator())
    assert views.shape == (48, 1, 28, 28) and torch.equal(views[:16], normalised)


def test_jensen_shannon_is_zero_for_identical_predictions_only():
    logits = torch.randn(8, 5)
    assert float(jensen_shannon_loss(logits, logits.clone(), logits.clone())) == pytest.approx(0, abs=1e-6)
    assert float(jensen_shannon_loss(logits, torch.randn(8, 5) * 3)) > 0.01
    with pytest.raises(ValueError, match="two views"):
        jensen_shannon_loss(logits)


def test_soft_cross_entropy_matches_hard_labels_on_one_hot():
    logits, labels = torch.randn(6, 4), torch.tensor([0, 1, 2, 3, 0, 1])
    one_hot = torch.nn.functional.one_hot(labels, 4).float()
    torch.testing.assert_close(soft_cross_entropy(logits, one_hot), torch.nn.functional.cross_entropy(logits, labels))
    with pytest.raises(ValueError, match="do not match"):
        soft_cross_entropy(logits, one_hot[:, :3])


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU")
def test_tensors_stay_on_the_gpu():
    images, labels = batch()
    images, labels = images.cuda(), labels.cuda()
    for mixer in mixers():
        mixed, weights = mixer(images, labels, torch.Generator())
        assert mixed.is_cuda and weights.is_cuda
    assert AugMix(groups=2)(images, labels, torch.Generator())[0].is_cuda


@pytest.mark.parametrize("mix", [CutMix(2), AugMix(groups=2, jsd=True)], ids=repr)
def test_fit_trains_with_a_mixer(mix):
    X, y = toy_images()
    seen = []

    def spy(images, targets, generator):
        out = mix(images, targets, generator)
        seen.append(out[0].shape[0])
        return out

    spy.loss = mix.loss
    history = fit(Net(2, random_state=0), X, y, ShuffleSampler(y, 0), steps=3, batch_size=16, mix=spy,
                  device="cpu")
    assert len(seen) == 3 and np.isfinite(history.to_frame().train_loss).all()


def test_run_methods_passes_the_mixer_and_reports_the_validation_score():
    train, val = toy_images(), toy_images((10, 10), seed=1)
    calls = []

    def spy(images, targets, generator):
        calls.append(len(images))
        return CutMix(2)(images, targets, generator)

    method = Method("CutMix", lambda y, s: ShuffleSampler(y, s), mix=spy)
    table = run_methods([method], train, val, val, seeds=[0], steps=3, model=lambda random_state: Net(2, random_state),
                        batch_size=16, device="cpu")
    assert len(calls) == 3
    score = table.loc[table.metric == "val_score", "value"].item()
    assert 0 <= score <= 1


def test_mixing_experiment_gives_the_same_numbers_whatever_n_jobs_and_order():
    """Chapter 6's runs give identical scores on one process or two, and with the methods in either order.

    Every run draws from its own seed only: no state is shared between runs through a mixer, a
    global generator or the thread count (``side_by_side`` gives every run one torch thread).
    """
    train, val, test = toy_images(), toy_images((10, 10), seed=1), toy_images((15, 15), seed=2)
    counts = np.bincount(train[1].numpy())

    def plain(y, seed):
        return ShuffleSampler(y, seed)

    def balanced(y, seed):
        return RandomOverIndexSampler(y, random_state=seed)

    methods = [Method("baseline", plain), Method("CutMix", plain, mix=CutMix(2)), Method("MixUp", plain, mix=MixUp(2)),
               Method("CutMix + MixUp", plain, mix=SequentialMix([CutMix(2), MixUp(2)])),
               Method("Remix", plain, mix=Remix(counts)), Method("AugMix", plain, mix=AugMix(groups=2)),
               Method("over-sampling + Remix", balanced, mix=Remix(counts))]

    def scores(methods, n_jobs):
        table = run_methods(methods, train, val, test, seeds=[0, 1], steps=6, eval_every=3, batch_size=16,
                            model=lambda random_state: Net(2, random_state), device="cpu", n_jobs=n_jobs)
        key = ["method", "seed", "metric"]
        return table[table.metric != "seconds"].sort_values(key).reset_index(drop=True)

    one = scores(methods, n_jobs=1)
    pd.testing.assert_frame_equal(one, scores(methods, n_jobs=2), check_exact=True)
    pd.testing.assert_frame_equal(one, scores(methods[::-1], n_jobs=1), check_exact=True)
