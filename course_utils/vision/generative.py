"""A convolutional VAE that tops up chosen classes with images it generates.

Introduced in Chapter 7. The encoder and decoder blocks here are shared with
DeepSMOTE (:mod:`course_utils.vision.deepsmote`). Images enter as floats in
``[0, 1]``; generated images leave as ``uint8`` like MNIST's, so a topped-up
training set goes through :func:`~course_utils.vision.fit` unchanged.

Every generator counts its training steps, and refuses to generate before it
has trained: the published VAE notebook drew its "synthetic digits" from an
untrained model, so they were noise.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ..config import get_device
from ..progress import progress
from ..seeding import seeded, torch_generator
from .longtail import _as_labels


class Encoder(nn.Module):
    """Two stride-2 4x4 convolutions (28 -> 14 -> 7), then a linear map to ``out_dim``.

    Introduced in Chapter 7. With ``n_classes``, a one-hot label joins the flattened features.
    """

    def __init__(self, out_dim: int, width: int = 32, n_classes: int = 0):
        super().__init__()
        self.n_classes = n_classes
        self.conv = nn.Sequential(
            nn.Conv2d(1, width, 4, 2, 1), nn.ReLU(),
            nn.Conv2d(width, 2 * width, 4, 2, 1), nn.ReLU(), nn.Flatten(),
        )
        self.linear = nn.Linear(2 * width * 49 + n_classes, out_dim)

    def forward(self, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        return self.linear(_with_label(self.conv(x), y, self.n_classes))


class Decoder(nn.Module):
    """The mirror of :class:`Encoder`: a code (and a label) -> logits of a 28x28 image.

    Introduced in Chapter 7.
    """

    def __init__(self, latent_dim: int, width: int = 32, n_classes: int = 0):
        super().__init__()
        self.n_classes = n_classes
        self.linear = nn.Sequential(nn.Linear(latent_dim + n_classes, 2 * width * 49), nn.ReLU())
        self.deconv = nn.Sequential(
            nn.Unflatten(1, (2 * width, 7, 7)),
            nn.ConvTranspose2d(2 * width, width, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(width, 1, 4, 2, 1),
        )

    def forward(self, z: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        return self.deconv(self.linear(_with_label(z, y, self.n_classes)))


class ConvVAE(nn.Module):
    """Convolutional variational autoencoder for 28x28 images, optionally class-conditional.

    Introduced in Chapter 7. Train it with :func:`fit_conv_vae`; then
    :meth:`generate` decodes codes drawn from the prior ``N(0, I)``, for a
    given class when the VAE is conditional.

    Parameters
    ----------
    latent_dim : int
        Size of the code.
    n_classes : int or None
        ``None``: unconditional; otherwise encoder and decoder see a one-hot label.
    width : int
        Channels of the first convolution (the second has twice as many).
    random_state : int or None
        Seed of the weight initialisation.
    """

    def __init__(self, latent_dim: int = 16, n_classes: int | None = 10, width: int = 32,
                 random_state: int | None = None):
        super().__init__()
        self.latent_dim, self.n_classes = latent_dim, n_classes
        with seeded(random_state):
            self.encoder = Encoder(2 * latent_dim, width, n_classes or 0)
            self.decoder = Decoder(latent_dim, width, n_classes or 0)
        self.register_buffer("steps_trained", torch.zeros((), dtype=torch.int64))

    def forward(self, x: torch.Tensor, y: torch.Tensor | None = None):
        """Reconstruction logits, and the mean and log-variance of the code."""
        mu, logvar = self.encoder(x, y).chunk(2, dim=1)
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp()
        return self.decoder(z, y), mu, logvar

    def loss(self, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        """Negative ELBO per image: pixel-wise binary cross-entropy plus the KL divergence to the prior."""
        logits, mu, logvar = self(x, y)
        reconstruction = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return (reconstruction + kl) / len(x)

    @torch.no_grad()
    def generate(self, images, label: int, n: int, random_state: int | None = None) -> torch.Tensor:
        """``n`` uint8 images of class ``label`` decoded from the prior (``images`` is unused).

        The signature is that of every generator :func:`top_up` accepts.
        """
        _check_trained(self)
        if self.n_classes is None:
            raise ValueError("an unconditional VAE cannot generate a chosen class; build it with n_classes.")
        device = next(self.parameters()).device
        z = torch.randn(n, self.latent_dim, generator=torch_generator(random_state)).to(device)
        return self.decode(z, torch.full((n,), label, device=device, dtype=torch.int64))

    @torch.no_grad()
    def decode(self, z: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        """uint8 images decoded from codes ``z`` (and labels ``y``), trained or not.

        Unlike :meth:`generate` it does not check that the VAE was trained: it
        shows what an untrained decoder produces.
        """
        return _decode_uint8(self, z, y)


def fit_conv_vae(model: ConvVAE, images, labels=None, *, steps: int = 2000, batch_size: int = 64,
            lr: float = 1e-3, device=None, random_state: int | None = 0, verbose: bool = False) -> np.ndarray:
    """Train a :class:`ConvVAE` with Adam on random batches; return the loss of every step.

    Introduced in Chapter 7.

    Parameters
    ----------
    model : ConvVAE
    images : uint8 tensor (n, 28, 28)
    labels : int tensor (n,), required when the VAE is conditional
    steps, batch_size, lr : the training budget and Adam's step size.
    device, random_state, verbose : as everywhere in the course.
    """
    if model.n_classes is not None and labels is None:
        raise ValueError("a conditional VAE needs the labels of the images.")
    def batch_loss(X, y, idx):
        return model.loss(X[idx], y[idx] if model.n_classes else None)

    return train_generator(model, images, labels, batch_loss, steps=steps, batch_size=batch_size, lr=lr, device=device,
                           random_state=random_state, verbose=verbose)


def train_generator(model: nn.Module, images, labels, batch_loss, *, steps: int, batch_size: int, lr: float,
                    device=None, random_state: int | None = 0, verbose: bool = False) -> np.ndarray:
    """The training loop of the course's generators: Adam on random batches, all tensors on the device.

    Introduced in Chapter 7. ``batch_loss(X, y, idx)`` returns the loss of the
    batch at positions ``idx`` of the whole training set ``X`` (floats in
    ``[0, 1]``, shape ``(n, 1, 28, 28)``, on the device) with labels ``y``;
    the model's ``steps_trained`` counter grows by ``steps``.
    """
    if steps < 1 or batch_size < 1:
        raise ValueError(f"steps and batch_size must be positive, got {steps} and {batch_size}.")
    device = get_device(device)
    X = to_unit(images, device)
    y = None if labels is None else torch.as_tensor(_as_labels(labels), device=device)
    if y is not None and len(y) != len(X):
        raise ValueError(f"{len(X)} images but {len(y)} labels.")
    model.to(device).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    losses = torch.empty(steps, device=device)
    with seeded(random_state, device):
        for step in progress(range(steps), desc=type(model).__name__, unit="step", verbose=verbose, leave=False):
            idx = torch.randint(len(X), (min(batch_size, len(X)),), device=device)
            loss = batch_loss(X, y, idx)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            losses[step] = loss.detach()   # stays on the device: no sync per step
    model.steps_trained += steps
    model.eval()
    return losses.double().cpu().numpy()


def top_up(generator, images, labels, targets: dict, random_state: int | None = 0):
    """Grow chosen classes to target counts with generated images; originals first.

    Introduced in Chapter 7.

    Parameters
    ----------
    generator : ConvVAE or DeepSMOTE (trained)
        Anything with ``generate(class_images, label, n, random_state)`` returning uint8 images.
    images : uint8 tensor (n, 28, 28)
    labels : int tensor (n,)
    targets : dict {class: count}
        Final number of images of each class named; other classes are left as they are.
    random_state : int or None

    Returns
    -------
    images, labels : tensors on the device of ``images``
        The originals, then the generated images class by class.

    Raises
    ------
    ValueError
        If a class is not among ``labels`` or its target is below its current count.
    """
    labels = torch.as_tensor(_as_labels(labels))
    images = torch.as_tensor(images)
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels.")
    counts = torch.bincount(labels)
    present = set(torch.nonzero(counts).ravel().tolist())
    for c, target in targets.items():
        if c not in present:
            raise ValueError(f"class {c!r} has no image in labels (classes present: {sorted(present)}).")
        if target < counts[c]:
            raise ValueError(f"class {c} already has {int(counts[c])} images, more than its target {target}.")
    rng = np.random.default_rng(random_state)
    new_images, new_labels = [images], [labels]
    for c, target in sorted(targets.items()):
        n = int(target - counts[c])
        if n:
            own = images[(labels == c).to(images.device)]
            fake = generator.generate(own, c, n, random_state=int(rng.integers(2**31 - 1)))
            new_images.append(fake.to(images.device))
            new_labels.append(torch.full((n,), c, dtype=labels.dtype))
    return torch.cat(new_images), torch.cat(new_labels).to(images.device)


def to_unit(images, device=None) -> torch.Tensor:
    """uint8 images ``(n, H, W)`` -> floats in ``[0, 1]``, shape ``(n, 1, H, W)``, on ``device``.

    Introduced in Chapter 7.
    """
    images = torch.as_tensor(images).to(get_device(device))
    if images.dtype != torch.uint8 or images.ndim != 3:
        raise ValueError(f"expected uint8 images of shape (n, H, W), got {images.dtype} {tuple(images.shape)}.")
    return images.unsqueeze(1).float().div_(255)


def _with_label(h, y, n_classes):
    if not n_classes:
        return h
    if y is None:
        raise ValueError("this model is class-conditional: pass the labels.")
    return torch.cat([h, F.one_hot(y, n_classes).to(h.dtype)], dim=1)


def _check_trained(model):
    if int(model.steps_trained) == 0:
        raise RuntimeError(f"this {type(model).__name__} has not been trained: its images would be noise "
                           "(the published VAE notebook sampled an untrained model). Train it first.")


def _decode_uint8(model, z, y=None, batch_size: int = 1024) -> torch.Tensor:
    was_training = model.training
    model.eval()
    parts = [model.decoder(z[i:i + batch_size], None if y is None else y[i:i + batch_size])
             for i in range(0, len(z), batch_size)]
    model.train(was_training)
    pixels = torch.sigmoid(torch.cat(parts)).squeeze(1) if parts else torch.empty(0, 28, 28, device=z.device)
    return pixels.mul(255).round().to(torch.uint8)
