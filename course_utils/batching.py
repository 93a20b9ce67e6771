"""Forward passes in evaluation mode, in batches: one helper for every model of the course.

Introduced in Chapter 5 (scoring a network on the whole test set); the image
generators (Chapter 7) and the text networks (Chapter 8) use it too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

import torch
from torch import nn

__all__ = ["evaluating", "forward_in_batches"]


@contextlib.contextmanager
def evaluating(module: nn.Module) -> Iterator[nn.Module]:
    """Run a block with ``module`` in evaluation mode (no dropout) and without gradients.

    Introduced in Chapter 5. The module's training mode is restored afterwards,
    so a model scored in the middle of training goes on training.
    """
    was_training = module.training
    module.eval()
    try:
        with torch.no_grad():
            yield module
    finally:
        module.train(was_training)


def forward_in_batches(module: nn.Module, fn: Callable, *tensors: torch.Tensor | None,
                       batch_size: int = 2048) -> torch.Tensor:
    """``fn`` applied to aligned slices of ``tensors``, concatenated, with ``module`` evaluating.

    Introduced in Chapter 5. ``fn`` is ``module`` itself or one of its parts
    (``module.features``, ``module.decoder``); ``None`` tensors (an absent
    label) are passed as ``None``. Batches bound the memory a large test set
    needs; an empty input gives an empty output of the right trailing shape.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}.")
    n = len(next(t for t in tensors if t is not None))
    with evaluating(module):
        starts = range(0, n, batch_size) if n else [0]
        return torch.cat([fn(*(None if t is None else t[i:i + batch_size] for t in tensors)) for i in starts])
