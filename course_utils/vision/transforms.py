"""Batch augmentations that run on the device, inside the training loop.

Introduced in Chapter 5 (random shifts, small random affine maps); Chapter 6
adds Cutout, and the mixing methods in :mod:`course_utils.vision.mixing`.
Each is a small callable ``augment(images, generator) -> images`` applied to a
whole batch of normalised ``(n, C, H, W)`` images, so no per-sample Python
code runs in the hot path.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F


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


class BatchRandomAffine:
    """Rotate, rescale and shift each image by a small random amount.

    Introduced in Chapter 5. The batched, on-device counterpart of
    torchvision's ``RandomAffine``: every image gets its own angle in
    ``[-degrees, degrees]``, scale in ``[1 - scale, 1 + scale]`` and shift of up
    to ``max_shift`` pixels per axis, applied in one ``grid_sample`` call
    (bilinear; pixels from outside copy the border, which is background on
    MNIST). A slightly tilted or smaller digit is still the same digit, so
    the label does not change.

    Parameters
    ----------
    degrees : float
        Largest rotation, in degrees, either way.
    scale : float
        Largest relative change of size, in ``[0, 1)``.
    max_shift : float
        Largest shift, in pixels, along each axis.
    """

    def __init__(self, degrees: float = 10.0, scale: float = 0.1, max_shift: float = 2.0):
        if degrees < 0 or max_shift < 0:
            raise ValueError(f"degrees and max_shift must be >= 0, got {degrees} and {max_shift}.")
        if not 0 <= scale < 1:
            raise ValueError(f"scale must lie in [0, 1), got {scale}.")
        self.degrees, self.scale, self.max_shift = float(degrees), float(scale), float(max_shift)

    def __call__(self, images: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        if images.ndim != 4:
            raise ValueError(f"expected a batch (n, C, H, W), got shape {tuple(images.shape)}.")
        n, _, h, w = images.shape
        # Draw on the CPU generator (the training loop's), then move: the same seed gives the
        # same maps on every device.
        u = (2 * torch.rand(4, n, generator=generator) - 1).to(images.device, images.dtype)
        angle = u[0] * math.radians(self.degrees)
        size = 1 + u[1] * self.scale
        # affine_grid maps output to input coordinates in [-1, 1]: dividing by the size
        # enlarges the digit when size > 1; one pixel is 2 / width of that range.
        cos, sin = torch.cos(angle) / size, torch.sin(angle) / size
        dx, dy = u[2] * self.max_shift * 2 / w, u[3] * self.max_shift * 2 / h
        theta = torch.stack([torch.stack([cos, -sin, dx], 1), torch.stack([sin, cos, dy], 1)], 1)
        grid = F.affine_grid(theta, list(images.shape), align_corners=False)
        moved = F.grid_sample(images, grid, mode="bilinear", padding_mode="border", align_corners=False)
        return moved.contiguous(memory_format=torch.channels_last)

    def __repr__(self) -> str:
        return f"BatchRandomAffine(degrees={self.degrees:g}, scale={self.scale:g}, max_shift={self.max_shift:g})"


class Cutout:
    """Cutout (DeVries and Taylor, 2017): blank a square of each image at a random centre.

    Introduced in Chapter 6. A batch augmentation (``fit``'s ``augment``),
    vectorised over the batch: every image gets its own square, clipped where
    it crosses the border. The label does not change.

    Parameters
    ----------
    size : int
        Side of the square, in pixels.
    fill : float
        Value written into the square; 0 is the data set's mean on normalised images.
    """

    def __init__(self, size: int = 8, fill: float = 0.0):
        if size < 1:
            raise ValueError(f"size must be at least 1 pixel, got {size}.")
        self.size, self.fill = int(size), float(fill)

    def __call__(self, images: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        if images.ndim != 4:
            raise ValueError(f"expected a batch (n, C, H, W), got shape {tuple(images.shape)}.")
        n, _, h, w = images.shape
        centres = (torch.rand(n, 2, generator=generator) * torch.tensor([h, w])).long().to(images.device)
        rows = (torch.arange(h, device=images.device) - centres[:, :1]).abs() <= self.size // 2
        cols = (torch.arange(w, device=images.device) - centres[:, 1:]).abs() <= self.size // 2
        hole = (rows[:, :, None] & cols[:, None, :])[:, None]  # (n, 1, h, w)
        return images.masked_fill(hole, self.fill).contiguous(memory_format=torch.channels_last)

    def __repr__(self) -> str:
        return f"Cutout(size={self.size}, fill={self.fill})"
