"""course_utils.vision.train and models: the loop learns, evaluation counts right."""

import numpy as np
import pytest
import torch

from course_utils.vision import (
    ConvNet,
    DynamicSampler,
    Net,
    RandomUnderIndexSampler,
    ShuffleSampler,
    evaluate_network,
    fit,
    prepare_images,
)


def toy_images(n_per_class=(60, 20), seed=0):
    """Two classes told apart by which half of the image is bright."""
    g = torch.Generator().manual_seed(seed)
    images, labels = [], []
    for c, n in enumerate(n_per_class):
        x = torch.randint(0, 60, (n, 28, 28), generator=g, dtype=torch.uint8)
        if c == 0:
            x[:, :14] += 150
        else:
            x[:, 14:] += 150
        images.append(x)
        labels.append(torch.full((n,), c))
    return torch.cat(images), torch.cat(labels)


@pytest.mark.parametrize("model_cls, n_params", [(Net, 21_840), (ConvNet, 300_000)])
def test_models_give_logits_and_embeddings(model_cls, n_params):
    model = model_cls(n_classes=10, random_state=0)
    x = torch.randn(5, 1, 28, 28)
    assert model(x).shape == (5, 10)
    assert model.features(x).shape == (5, model.embedding_dim)
    total = sum(p.numel() for p in model.parameters())
    assert total == pytest.approx(n_params, rel=0.02)


def test_model_init_is_seeded_without_touching_the_global_generator():
    before = torch.random.get_rng_state()
    a, b = Net(random_state=1), Net(random_state=1)
    assert torch.equal(torch.random.get_rng_state(), before)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not torch.equal(Net(random_state=2).head.weight, a.head.weight)


def test_fit_lowers_the_loss_and_keeps_the_best_validation_checkpoint():
    X, y = toy_images()
    Xv, yv = toy_images((20, 20), seed=1)
    model = Net(n_classes=2, random_state=0)
    history = fit(model, X, y, ShuffleSampler(y, random_state=0), epochs=8, batch_size=16, lr=0.05,
                  val_images=Xv, val_labels=yv, device="cpu")
    frame = history.to_frame()
    assert len(frame) == 8
    assert frame.train_loss.iloc[-1] < frame.train_loss.iloc[0]
    assert history.best_score == frame.val_balanced_accuracy.max()
    assert evaluate_network(model, Xv, yv, device="cpu").balanced_accuracy == pytest.approx(history.best_score)


def test_step_budget_is_exact_whatever_the_pass_length():
    X, y = toy_images()
    history = fit(Net(2, random_state=0), X, y, RandomUnderIndexSampler(y, random_state=0),
                  steps=7, batch_size=16, device="cpu")
    assert history.records[-1]["step"] == 7


def test_cosine_schedule_anneals_to_zero_over_the_budget():
    X, y = toy_images()
    history = fit(Net(2, random_state=0), X, y, ShuffleSampler(y, 0), steps=6, batch_size=16, lr=0.1,
                  schedule="cosine", eval_every=1, device="cpu")
    lrs = history.to_frame().drop_duplicates("step").lr.to_numpy()
    assert len(lrs) == 6
    assert np.all(np.diff(lrs) < 0)
    assert lrs[-1] == pytest.approx(0.0, abs=1e-12)
    constant = fit(Net(2, random_state=0), X, y, ShuffleSampler(y, 0), steps=3, batch_size=16, lr=0.1,
                   eval_every=1, device="cpu")
    assert set(constant.to_frame().lr) == {0.1}


def test_fit_is_repeatable_with_a_seed():
    X, y = toy_images()

    def run():
        model = Net(2, random_state=0)
        fit(model, X, y, ShuffleSampler(y, random_state=0), steps=5, batch_size=16, device="cpu", random_state=3)
        return model.head.weight.detach().clone()

    assert torch.equal(run(), run())


def test_dynamic_sampler_gets_validation_feedback():
    X, y = toy_images()

    class Spy(DynamicSampler):
        seen = []

        def feedback(self, per_class_f1):
            self.seen.append(np.array(per_class_f1))
            super().feedback(per_class_f1)

    sampler = Spy(y, random_state=0)
    history = fit(Net(2, random_state=0), X, y, sampler, epochs=3, batch_size=16, val_images=X[::2],
                  val_labels=y[::2], device="cpu")
    assert len(sampler.seen) == 3  # once per pass, from the validation split
    assert all(f.shape == (2,) and np.all((f >= 0) & (f <= 1)) for f in sampler.seen)
    assert len(history.records) == 3
    with pytest.raises(ValueError, match="validation F1"):
        fit(Net(2), X, y, DynamicSampler(y), epochs=1, device="cpu")


def test_head_only_training_leaves_the_features_alone():
    X, y = toy_images()
    model = Net(2, random_state=0)
    before = [p.detach().clone() for p in model.features.parameters()]
    fit(model, X, y, ShuffleSampler(y, 0), steps=3, batch_size=16, train_only="head", device="cpu")
    assert all(torch.equal(a, b) for a, b in zip(before, model.features.parameters()))
    assert all(p.requires_grad for p in model.parameters())


@pytest.mark.parametrize("kwargs, message", [
    ({}, "exactly one budget"),
    ({"steps": 1, "epochs": 1}, "exactly one budget"),
    ({"steps": 1, "select_on": "f1"}, "select_on"),
    ({"steps": 1, "val_images": torch.zeros(2, 28, 28, dtype=torch.uint8)}, "both"),
    ({"steps": 1, "train_only": "tail"}, "train_only"),
    ({"steps": 1, "schedule": "step"}, "schedule"),
    ({"epochs": 1, "schedule": "cosine"}, "steps budget"),
])
def test_fit_rejects_bad_arguments(kwargs, message):
    X, y = toy_images()
    with pytest.raises(ValueError, match=message):
        fit(Net(2), X, y, ShuffleSampler(y), device="cpu", **kwargs)


class Constant(torch.nn.Module):
    """Predicts from a fixed table: image i -> class answers[i]."""

    def __init__(self, answers, n_classes):
        super().__init__()
        self.answers, self.n_classes = answers, n_classes

    def forward(self, x):
        idx = x[:, 0, 0, 0].long()
        return torch.nn.functional.one_hot(self.answers[idx], self.n_classes).float()


def test_evaluate_matches_hand_computed_per_class_scores():
    truth = torch.tensor([0, 0, 0, 0, 1, 1, 2, 2])
    answers = torch.tensor([0, 0, 0, 1, 1, 0, 2, 2])
    images = torch.arange(8, dtype=torch.float32).reshape(8, 1, 1, 1).expand(8, 1, 2, 2).contiguous()
    report = evaluate_network(Constant(answers, 3), images, truth, device="cpu", batch_size=3)
    assert report.accuracy == pytest.approx(6 / 8)
    np.testing.assert_allclose(report.per_class_accuracy, [3 / 4, 1 / 2, 1])
    assert report.balanced_accuracy == pytest.approx((3 / 4 + 1 / 2 + 1) / 3)
    # class 0: precision 3/4, recall 3/4; class 1: precision 1/2, recall 1/2
    np.testing.assert_allclose(report.per_class_f1, [3 / 4, 1 / 2, 1])
    assert report.confusion.tolist() == [[3, 1, 0], [1, 1, 0], [0, 0, 2]]


def test_prepare_images_normalises_on_the_device():
    x = prepare_images(torch.full((2, 28, 28), 255, dtype=torch.uint8), device="cpu", mean_std=(0.5, 0.5))
    assert x.shape == (2, 1, 28, 28) and x.dtype == torch.float32
    assert x.is_contiguous(memory_format=torch.channels_last)
    assert torch.allclose(x, torch.ones_like(x))
    with pytest.raises(ValueError, match="shape"):
        prepare_images(torch.zeros(3, 3), device="cpu")


def test_random_shift_moves_images_without_changing_shape_or_mass():
    from course_utils.vision import RandomShift

    x = torch.zeros(4, 1, 8, 8)
    x[:, :, 3:5, 3:5] = 1.0  # a blob away from the border
    g = torch.Generator().manual_seed(0)
    y = RandomShift(2)(x, g)
    assert y.shape == x.shape and y.dtype == x.dtype
    assert torch.allclose(y.sum((1, 2, 3)), x.sum((1, 2, 3)))  # only background enters
    assert not torch.equal(y, x)
    assert torch.equal(RandomShift(0)(x, g), x)
    assert torch.equal(RandomShift(2)(x, torch.Generator().manual_seed(1)),
                       RandomShift(2)(x, torch.Generator().manual_seed(1)))
    with pytest.raises(ValueError, match="max_shift"):
        RandomShift(-1)


def test_random_affine_is_seeded_label_preserving_and_identity_at_zero():
    from course_utils.vision import BatchRandomAffine

    x = torch.zeros(6, 1, 12, 12)
    x[:, :, 4:8, 5:7] = 1.0  # a bar away from the border
    y = BatchRandomAffine(15, 0.1, 1)(x, torch.Generator().manual_seed(0))
    assert y.shape == x.shape and y.is_contiguous(memory_format=torch.channels_last)
    assert not torch.allclose(y, x)
    # Small maps move and bend the bar a little: its ink stays, up to resampling and rescaling.
    assert torch.allclose(y.sum((1, 2, 3)), x.sum((1, 2, 3)), rtol=0.3)
    assert torch.equal(BatchRandomAffine()(x, torch.Generator().manual_seed(3)),
                       BatchRandomAffine()(x, torch.Generator().manual_seed(3)))
    assert torch.allclose(BatchRandomAffine(0, 0, 0)(x, torch.Generator().manual_seed(0)), x, atol=1e-6)
    with pytest.raises(ValueError, match="scale"):
        BatchRandomAffine(scale=1.0)
    with pytest.raises(ValueError, match="degrees"):
        BatchRandomAffine(degrees=-1)


def test_fit_applies_the_augmentation_to_every_batch():
    X, y = toy_images()
    calls = []

    def spy(batch, generator):
        calls.append(batch.shape[0])
        return batch

    fit(Net(2, random_state=0), X, y, ShuffleSampler(y, 0), steps=4, batch_size=16, augment=spy, device="cpu")
    assert calls == [16, 16, 16, 16]
