"""A convolutional VAE that generates images of a chosen class.

Introduced in Chapter 7.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ...seeding import seeded, torch_generator
from .blocks import Decoder, Encoder
from .training import check_trained, decode_uint8, train_generator


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
    def generate(self, label: int, n: int, random_state: int | None = None) -> torch.Tensor:
        """``n`` uint8 images of class ``label`` decoded from codes drawn from the prior."""
        check_trained(self)
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
        return decode_uint8(self, z, y)


def fit_conv_vae(model: ConvVAE, images, labels=None, *, steps: int = 2000, batch_size: int = 64,
            lr: float = 1e-3, device=None, random_state: int | None = None, verbose: bool = False) -> np.ndarray:
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
