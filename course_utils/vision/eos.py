"""EOS, expansive over-sampling (Dablain, Krawczyk and Chawla, 2022), in a CNN's embedding space.

Introduced in Chapter 7. A trained network's ``features`` map every training
image to an embedding; each minority class is grown there with points
between its examples and *enemies* (points of other classes) among their
nearest neighbours (:func:`~course_utils.vision.latent.enemy_points`), and
the network's ``head`` alone is retrained on the real and synthetic
embeddings. No image is ever generated. The published code (``EOS.py`` and
its neighbours in the authors' repository) trains the network in a first
stage on the imbalanced data as it is; Chapter 7 runs EOS on such a network
and on one trained with random over-sampling.
"""

from __future__ import annotations

import torch
from torch import nn

from ..batching import forward_in_batches
from ..config import get_device
from ..seeding import check_seed, child_seeds
from .latent import enemy_points
from .checks import check_labels
from .samplers import ShuffleSampler
from .checkpoint import History
from .images import MNIST_MEAN_STD, prepare_images
from .train import fit


@torch.no_grad()
def embed(model: nn.Module, images, batch_size: int = 2048, device=None,
          mean_std=MNIST_MEAN_STD) -> torch.Tensor:
    """Embeddings ``model.features(x)`` of images, in evaluation mode (no dropout), on ``device``.

    Introduced in Chapter 7.
    """
    device = get_device(device)
    model.to(device=device, memory_format=torch.channels_last)
    x = prepare_images(images, device, mean_std)
    return forward_in_batches(model, model.features, x, batch_size=batch_size)


def eos_resample(embeddings: torch.Tensor, labels, targets: dict | None = None, k: int = 10,
                 random_state: int | None = 0):
    """Grow classes in embedding space with points towards enemies among their neighbours; originals first.

    Introduced in Chapter 7.

    Parameters
    ----------
    embeddings : torch.Tensor, shape (n, d)
    labels : int array-like, shape (n,)
    targets : dict {class: count}, optional
        Final size of each class named; default: every class up to the largest.
    k : int
        Neighbours searched for enemies (the paper's ``k``).
    random_state : int or None

    Returns
    -------
    embeddings, labels : torch.Tensor
        The originals, then the synthetic points class by class, on the device of ``embeddings``.

    Raises
    ------
    ValueError
        If a class is not among ``labels`` or its target is below its current count.
    """
    y = torch.as_tensor(check_labels(labels), device=embeddings.device)
    if embeddings.ndim != 2 or len(embeddings) != len(y):
        raise ValueError(f"embeddings must be (n, d) with one row per label, got {tuple(embeddings.shape)}.")
    counts = torch.bincount(y)
    if targets is None:
        targets = {c: int(counts.max()) for c in range(len(counts)) if counts[c] > 0}
    out_x, out_y = [embeddings], [y]
    class_seeds = child_seeds(random_state, len(counts))  # one independent stream per class
    for c, target in sorted(targets.items()):
        if c not in range(len(counts)) or counts[c] == 0:
            raise ValueError(f"class {c!r} has no point in labels.")
        if target < counts[c]:
            raise ValueError(f"class {c} already has {int(counts[c])} points, more than its target {target}.")
        n = int(target - counts[c])
        if n:
            points, _ = enemy_points(embeddings[y == c], embeddings[y != c], n, k, class_seeds[c])
            out_x.append(points)
            out_y.append(torch.full((n,), c, device=y.device, dtype=y.dtype))
    return torch.cat(out_x), torch.cat(out_y)


class EOS:
    """The EOS second stage: resample the embeddings of the training set, retrain the head on them.

    Introduced in Chapter 7. Use it as ``Method(..., refine=EOS(...))`` in
    :func:`~course_utils.vision.run_methods`, or call it on a trained network.
    The head is trained with :func:`~course_utils.vision.fit` on the
    embeddings (each a ``(d, 1, 1)`` "image"), with the checkpoint chosen on
    the validation split's embeddings.

    Parameters
    ----------
    k : int
        Neighbours searched for enemies (see :func:`eos_resample`).
    targets : dict, optional
        As in :func:`eos_resample` (default: balance every class).
    **fit_kwargs
        For :func:`~course_utils.vision.fit` (``lr``, ``batch_size``, ``eval_every``, ...).
    """

    def __init__(self, k: int = 10, targets: dict | None = None, **fit_kwargs):
        self.k, self.targets, self.fit_kwargs = k, targets, fit_kwargs

    def __call__(self, model: nn.Module, train, val, *, random_state: int | None = None, device=None,
                 steps: int | None = None, epochs: int | None = None, verbose: bool = False) -> History:
        (X, y), (Xv, yv) = train, val
        device = get_device(device)
        seed = check_seed(random_state)  # None: one fresh seed for the resampling and the training alike
        points, labels = eos_resample(embed(model, X, device=device), y, self.targets, self.k, seed)
        head = _HeadOnly(model.head)
        return fit(head, points[:, :, None, None], labels, ShuffleSampler(labels, seed), steps=steps,
                   epochs=epochs, val_images=embed(model, Xv, device=device)[:, :, None, None],
                   val_labels=yv, device=device, random_state=seed, verbose=verbose, **self.fit_kwargs)


class _HeadOnly(nn.Module):
    """A network made of another's head: its ``features`` only flatten ``(n, d, 1, 1)`` embeddings."""

    def __init__(self, head: nn.Module):
        super().__init__()
        self.features, self.head = nn.Flatten(), head

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))
