"""What every image generator shares: uint8 images in and out, its training loop, the trained check.

Introduced in Chapter 7. Images enter as floats in ``[0, 1]``; generated images
leave as ``uint8`` like MNIST's, so a topped-up training set goes through
:func:`~course_utils.vision.fit` unchanged. Every generator counts its training
steps and refuses to generate before it has trained: the published VAE
notebook drew its "synthetic digits" from an untrained model, so they were noise.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from ...batching import forward_in_batches
from ...config import get_device
from ...progress import progress
from ...seeding import seeded
from ..checks import check_labels


def train_generator(model: nn.Module, images, labels, batch_loss, *, steps: int, batch_size: int, lr: float,
                    device=None, random_state: int | None = None, verbose: bool = False) -> np.ndarray:
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
    y = None if labels is None else torch.as_tensor(check_labels(labels), device=device)
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


def to_unit(images, device=None) -> torch.Tensor:
    """uint8 images ``(n, H, W)`` -> floats in ``[0, 1]``, shape ``(n, 1, H, W)``, on ``device``.

    Introduced in Chapter 7.
    """
    images = torch.as_tensor(images).to(get_device(device))
    if images.dtype != torch.uint8 or images.ndim != 3:
        raise ValueError(f"expected uint8 images of shape (n, H, W), got {images.dtype} {tuple(images.shape)}.")
    return images.unsqueeze(1).float().div_(255)


def check_trained(model: nn.Module) -> None:
    """Raise if ``model`` has not been trained: its images would be noise.

    Introduced in Chapter 7.
    """
    if int(model.steps_trained) == 0:
        raise RuntimeError(f"this {type(model).__name__} has not been trained: its images would be noise "
                           "(the published VAE notebook sampled an untrained model). Train it first.")


def decode_uint8(model: nn.Module, z: torch.Tensor, y: torch.Tensor | None = None,
                 batch_size: int = 1024) -> torch.Tensor:
    """uint8 images ``(n, 28, 28)`` that ``model.decoder`` makes of codes ``z`` (and labels ``y``).

    Introduced in Chapter 7.
    """
    logits = forward_in_batches(model, model.decoder, z, y, batch_size=batch_size)
    return torch.sigmoid(logits).squeeze(1).mul(255).round().to(torch.uint8)
