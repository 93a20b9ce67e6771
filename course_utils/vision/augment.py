"""Batch augmentations that run on the device, inside the training loop.

Introduced in Chapter 5 (random shifts); Chapter 6 adds the mixing methods.
Each is a small callable ``augment(images, generator) -> images`` applied to a
whole batch of normalised ``(n, C, H, W)`` images, so no per-sample Python
code runs in the hot path.
"""

from __future__ import annotations

import torch


class RandomShift:
    """Shift each image by up to ``max_shift`` pixels in each direction.

    Introduced in Chapter 5. Pixels shifted in from outside copy the border
    (MNIST's borders are background). The label does not change: a digit
    moved by two pixels is the same digit.

    Parameters
    ----------
    max_shift : int
        Largest shift, in pixels, along each axis.
    """

    def __init__(self, max_shift: int = 2):
        if max_shift < 0:
            raise ValueError(f"max_shift must be >= 0, got {max_shift}.")
        self.max_shift = int(max_shift)

    def __call__(self, images: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        if images.ndim != 4:
            raise ValueError(f"expected a batch (n, C, H, W), got shape {tuple(images.shape)}.")
        n, _, h, w = images.shape
        s = self.max_shift
        shifts = torch.randint(-s, s + 1, (2, n, 1), generator=generator, device="cpu").to(images.device)
        rows = (torch.arange(h, device=images.device) - shifts[0]).clamp_(0, h - 1)  # (n, h)
        cols = (torch.arange(w, device=images.device) - shifts[1]).clamp_(0, w - 1)  # (n, w)
        batch = torch.arange(n, device=images.device)[:, None, None]
        # Index in (n, H, W, C) order so that advanced indexing keeps the channel axis last.
        shifted = images.permute(0, 2, 3, 1)[batch, rows[:, :, None], cols[:, None, :]]
        return shifted.permute(0, 3, 1, 2).contiguous(memory_format=torch.channels_last)

    def __repr__(self) -> str:
        return f"RandomShift(max_shift={self.max_shift})"
