"""The convolutional encoder and decoder the image generators share.

Introduced in Chapter 7: the VAE (:mod:`.conv_vae`) and DeepSMOTE
(:mod:`.deepsmote`) are built from them.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


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
        return self.linear(with_label(self.conv(x), y, self.n_classes))


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
        return self.deconv(self.linear(with_label(z, y, self.n_classes)))


def with_label(h: torch.Tensor, y: torch.Tensor | None, n_classes: int) -> torch.Tensor:
    """``h`` with a one-hot label appended when the block is class-conditional.

    Introduced in Chapter 7.
    """
    if not n_classes:
        return h
    if y is None:
        raise ValueError("this model is class-conditional: pass the labels.")
    return torch.cat([h, F.one_hot(y, n_classes).to(h.dtype)], dim=1)
