"""Image batches as the networks see them: normalised floats, channels-last, on the device.

Introduced in Chapter 5.
"""

from __future__ import annotations

import torch

from ..config import get_device

MNIST_MEAN_STD = (0.1307, 0.3081)
"""Mean and standard deviation of MNIST's pixels in [0, 1], the published normalisation."""


def prepare_images(images: torch.Tensor, device=None, mean_std=MNIST_MEAN_STD) -> torch.Tensor:
    """uint8 images ``(n, H, W)`` -> normalised float32 ``(n, 1, H, W)``, channels-last, on ``device``.

    Introduced in Chapter 5. Float images with a channel axis keep their
    values; they are only moved to ``device`` and laid out channels-last.
    """
    device = get_device(device)
    images = torch.as_tensor(images).to(device)
    if images.dtype == torch.uint8:
        mean, std = mean_std
        images = (images.float().div_(255).sub_(mean).div_(std))
    if images.ndim == 3:
        images = images.unsqueeze(1)
    if images.ndim != 4:
        raise ValueError(f"images must be (n, H, W) or (n, C, H, W), got shape {tuple(images.shape)}.")
    return images.contiguous(memory_format=torch.channels_last)
