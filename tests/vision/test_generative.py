"""course_utils.vision generators: the VAE, DeepSMOTE, latent SMOTE and top-up."""

import numpy as np
import pytest
import torch

from course_utils.vision import ConvVAE, DeepSMOTE, fit_deepsmote, fit_conv_vae, smote_points, top_up


def toy_digits(n_per_class=(40, 12, 6), seed=0):
    """Three classes of 28x28 uint8 images: a bright bar at a class-specific row, plus noise."""
    g = torch.Generator().manual_seed(seed)
    images, labels = [], []
    for c, n in enumerate(n_per_class):
        x = torch.randint(0, 40, (n, 28, 28), generator=g, dtype=torch.uint8)
        x[:, 4 + 8 * c:8 + 8 * c] = 220
        images.append(x)
        labels.append(torch.full((n,), c))
    return torch.cat(images), torch.cat(labels)


def trained_vae(steps=5):
    images, labels = toy_digits()
    vae = ConvVAE(latent_dim=4, n_classes=3, width=4, random_state=0)
    fit_conv_vae(vae, images, labels, steps=steps, batch_size=16, device="cpu")
    return vae, images, labels


def test_vae_shapes_and_device():
    vae = ConvVAE(latent_dim=4, n_classes=3, width=4, random_state=0)
    x, y = torch.rand(5, 1, 28, 28), torch.tensor([0, 1, 2, 0, 1])
    logits, mu, logvar = vae(x, y)
    assert logits.shape == (5, 1, 28, 28) and mu.shape == logvar.shape == (5, 4)
    with pytest.raises(ValueError, match="class-conditional"):
        vae(x)
    unconditional = ConvVAE(latent_dim=4, n_classes=None, width=4)
    assert unconditional(x)[0].shape == (5, 1, 28, 28)


@pytest.mark.parametrize("build, train", [
    (lambda: ConvVAE(latent_dim=4, n_classes=3, width=4, random_state=0), fit_conv_vae),
    (lambda: DeepSMOTE(latent_dim=4, width=4, random_state=0), fit_deepsmote),
], ids=["vae", "deepsmote"])
def test_reconstruction_losses_decrease_on_a_tiny_subset(build, train):
    images, labels = toy_digits()
    model = build()
    losses = train(model, images, labels, steps=40, batch_size=16, lr=3e-3, device="cpu", random_state=0)
    assert len(losses) == 40 and int(model.steps_trained) == 40
    assert losses[-8:].mean() < 0.8 * losses[:8].mean()


def test_generators_refuse_to_sample_before_training():
    images, labels = toy_digits()
    for model in (ConvVAE(latent_dim=4, n_classes=3, width=4), DeepSMOTE(latent_dim=4, width=4)):
        with pytest.raises(RuntimeError, match="not been trained"):
            model.generate(1, 3)


def test_vae_generates_uint8_images_on_its_device():
    vae, images, labels = trained_vae()
    fake = vae.generate(2, 7, random_state=1)
    assert fake.shape == (7, 28, 28) and fake.dtype == torch.uint8 and fake.device.type == "cpu"
    assert torch.equal(fake, vae.generate(2, 7, random_state=1))
    with pytest.raises(ValueError, match="unconditional"):
        unconditional = ConvVAE(latent_dim=4, n_classes=None, width=4)
        fit_conv_vae(unconditional, images, steps=1, device="cpu")
        unconditional.generate(0, 2)


def test_smote_points_lie_on_segments_between_same_class_neighbours():
    points = torch.randn(20, 3, generator=torch.Generator().manual_seed(0))
    new, pairs = smote_points(points, 50, k=3, random_state=0)
    assert new.shape == (50, 3) and pairs.shape == (50, 2)
    distances = torch.cdist(points, points).fill_diagonal_(float("inf"))
    neighbours = distances.topk(3, largest=False).indices.numpy()
    for p, (i, j) in zip(new, pairs):
        assert j in neighbours[i] and i != j
        _assert_on_segment(p, points[i], points[j])
    with pytest.raises(ValueError, match="at least 2"):
        smote_points(points[:1], 3)


def test_deepsmote_generates_from_the_stored_codes_of_the_class():
    images, labels = toy_digits()
    ds = DeepSMOTE(latent_dim=4, width=4, k=2, random_state=0)
    fit_deepsmote(ds, images, labels, steps=3, batch_size=16, device="cpu", random_state=0)
    # The codes generate interpolates between are the trained encoder's codes of each class.
    assert torch.equal(ds.class_codes[ds.code_labels == 2], ds.encode(images[labels == 2]))
    assert np.bincount(ds.code_labels.numpy()).tolist() == np.bincount(labels.numpy()).tolist()
    fake = ds.generate(2, 9, random_state=0)
    assert fake.shape == (9, 28, 28) and fake.dtype == torch.uint8
    assert torch.equal(fake, ds.generate(2, 9, random_state=0))
    restored = DeepSMOTE(latent_dim=4, width=4, k=2)
    restored.load_state_dict(ds.state_dict())   # the codes travel with the weights
    assert torch.equal(restored.generate(2, 9, random_state=0), fake)
    with pytest.raises(ValueError, match="at least 2"):
        ds.generate(7, 3)


def test_top_up_reaches_the_targets_originals_first():
    vae, images, labels = trained_vae()
    grown, grown_labels = top_up(vae, images, labels, {1: 20, 2: 15}, random_state=0)
    assert np.bincount(grown_labels.numpy()).tolist() == [40, 20, 15]
    assert torch.equal(grown[:len(images)], images) and grown.dtype == torch.uint8
    assert grown_labels[len(images):].tolist() == [1] * 8 + [2] * 9


@pytest.mark.parametrize("targets, message", [({5: 30}, "class 5 has no image"),
                                              ({0: 10}, "more than its target")])
def test_top_up_rejects_bad_targets(targets, message):
    vae, images, labels = trained_vae(steps=1)
    with pytest.raises(ValueError, match=message):
        top_up(vae, images, labels, targets)


def _assert_on_segment(p, a, b, atol=1e-5):
    """``p = a + u (b - a)`` for one u in [0, 1]."""
    u = torch.dot(p - a, b - a) / torch.dot(b - a, b - a)
    assert -atol <= u <= 1 + atol
    assert torch.allclose(a + u * (b - a), p, atol=atol)
