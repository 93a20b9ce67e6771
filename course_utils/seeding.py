"""The course's one seeding policy: what a ``random_state`` means, everywhere.

Introduced in Chapter 1; every sampler, model and training loop follows it.

- ``random_state`` is ``None`` or an integer, as in scikit-learn: ``None``
  draws fresh entropy (two calls differ), an integer makes a call repeat
  exactly.
- Independent streams inside one call (a model's weights, its dropout, the
  order of its batches, one run per seed) come from :func:`child_seeds`, never
  from ``seed + 1``: children of one seed do not overlap with those of another.
- What a seed *makes* (initial weights, generated rows or images, a split)
  is drawn on the CPU, from a :func:`torch_generator` or inside
  :func:`seeded`, and moved to the device afterwards, so a seed gives the
  same model and the same data on a CPU, a GPU or Apple's MPS.
- Draws inside a training loop (batch order, noise, dropout) stay on the
  device, from a :func:`device_generator` or the device's generator under
  :func:`seeded`: a copy to the device at every step would cost more than the
  step. Training then repeats exactly run after run on one kind of device,
  though not number for number between a CPU and a GPU.
- Nothing here touches the global generators for good: :func:`seeded`
  restores them when its block ends.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from numbers import Integral

import numpy as np
import torch

__all__ = ["check_seed", "child_seeds", "device_generator", "numpy_generator", "seeded", "seeded_globals",
           "torch_generator"]

_SEED_SPACE = 2**31 - 1  # where fresh and child seeds are drawn
_MAX_SEED = 2**32  # what every consumer accepts: NumPy, Python's random, torch, scikit-learn


def check_seed(random_state: int | None) -> int:
    """The integer seed that ``random_state`` stands for.

    Introduced in Chapter 1. ``None`` draws a fresh seed from the operating
    system's entropy; an integer is returned as it is.

    Raises
    ------
    TypeError
        If ``random_state`` is neither ``None`` nor an integer (a float, a NumPy
        ``RandomState``: pass an integer instead).
    ValueError
        If the integer is negative or not below 2**32.
    """
    if random_state is None:
        return int(np.random.SeedSequence().generate_state(1)[0] % _SEED_SPACE)
    if isinstance(random_state, bool) or not isinstance(random_state, Integral):
        raise TypeError(f"random_state must be None or an int, got {type(random_state).__name__} {random_state!r}.")
    if not 0 <= random_state < _MAX_SEED:
        raise ValueError(f"random_state must lie in [0, 2**32), got {random_state}.")
    return int(random_state)


def child_seeds(random_state: int | None, n: int) -> list[int]:
    """``n`` independent integer seeds derived from one ``random_state``.

    Introduced in Chapter 1. The same ``random_state`` always gives the same
    children, and children of different seeds are independent streams
    (NumPy's ``SeedSequence.spawn``), unlike ``seed, seed + 1, ...``, which
    overlap between neighbouring seeds.
    """
    if not isinstance(n, Integral) or n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n!r}.")
    children = np.random.SeedSequence(check_seed(random_state)).spawn(int(n))
    return [int(child.generate_state(1)[0] % _SEED_SPACE) for child in children]


def numpy_generator(random_state: int | None) -> np.random.Generator:
    """A NumPy generator for ``random_state`` (``None``: fresh entropy).

    Introduced in Chapter 1.
    """
    return np.random.default_rng(check_seed(random_state))


def torch_generator(random_state: int | None) -> torch.Generator:
    """A seeded CPU ``torch.Generator``: draw with it on the CPU, then move the result.

    Introduced in Chapter 1. ``torch.randn(shape, generator=g).to(device)``
    gives the same numbers on every device.
    """
    return torch.Generator().manual_seed(check_seed(random_state))


def device_generator(random_state: int | None, device: torch.device | str) -> torch.Generator:
    """A seeded ``torch.Generator`` on ``device``, for the draws of a training loop.

    Introduced in Chapter 3. Draws stay on the device (no copy per step); they
    repeat on the same kind of device but differ between a CPU and a GPU. For
    what must be the same everywhere, use :func:`torch_generator`.
    """
    return torch.Generator(device=torch.device(device)).manual_seed(check_seed(random_state))


@contextlib.contextmanager
def seeded(random_state: int | None, device: torch.device | str | None = None) -> Iterator[int]:
    """Run a block with torch's global generators seeded, and restore them afterwards.

    Introduced in Chapter 1. For what draws from a global generator and cannot
    take a ``generator=``: build modules on the CPU inside the block (their
    initial weights are then the same on every machine) and move them to the
    device after. With a CUDA ``device`` that device's generator is seeded and
    restored too, so what draws on the GPU itself (dropout) repeats run after
    run on that GPU, though not number for number with a CPU. Yields the
    integer seed used.
    """
    seed = check_seed(random_state)
    device = torch.device(device) if device is not None else None
    cuda = [device] if device is not None and device.type == "cuda" else []
    with torch.random.fork_rng(devices=cuda):
        torch.manual_seed(seed)  # seeds the CPU and, when present, every CUDA generator
        yield seed


@contextlib.contextmanager
def seeded_globals(random_state: int | None) -> Iterator[int]:
    """Run a block with Python's ``random`` and NumPy's global generator seeded, then restore them.

    Introduced in Chapter 8, for libraries that draw only from these global
    generators and take no generator argument (nlpaug). Yields the integer seed used.
    """
    seed = check_seed(random_state)
    py_state, np_state = random.getstate(), np.random.get_state()
    random.seed(seed)
    np.random.seed(seed)
    try:
        yield seed
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)
