"""New points on segments between existing ones, in a latent or embedding space.

Introduced in Chapter 7. DeepSMOTE interpolates between a point and one of its
nearest neighbours *of the same class* (SMOTE, in an autoencoder's latent
space); EOS interpolates between a minority point and one of its nearest
*enemies*, points of other classes (in a classifier's embedding space). Both
return the segments they used, so a reader (or a test) can check that every
new point lies on one.
"""

from __future__ import annotations

import numpy as np
import torch


def smote_points(points: torch.Tensor, n: int, k: int = 5, random_state: int | None = None):
    """``n`` SMOTE points between random ``points`` and one of their ``k`` nearest neighbours.

    Introduced in Chapter 7. Each new point is ``x_i + u (x_j - x_i)`` with
    ``x_j`` drawn among the ``k`` nearest neighbours of ``x_i`` (all from
    ``points``, one class) and ``u`` uniform in ``[0, 1)``.

    Parameters
    ----------
    points : torch.Tensor, shape (m, d)
        Points of one class, ``m >= 2``; the new points stay on their device.
    n : int
        Number of new points.
    k : int
        Neighbours to choose from (capped at ``m - 1``).
    random_state : int or None
        Seed of the draws.

    Returns
    -------
    new : torch.Tensor, shape (n, d)
    pairs : numpy.ndarray of int64, shape (n, 2)
        ``(i, j)``: the segment from ``points[i]`` to ``points[j]`` each new point lies on.
    """
    _check(points, n, k)
    if len(points) < 2:
        raise ValueError("SMOTE needs at least 2 points of the class to interpolate between.")
    distances = torch.cdist(points, points)
    distances.fill_diagonal_(float("inf"))
    neighbours = distances.topk(min(k, len(points) - 1), largest=False).indices.cpu().numpy()
    rng = np.random.default_rng(random_state)
    base = rng.integers(len(points), size=n)
    partner = neighbours[base, rng.integers(neighbours.shape[1], size=n)]
    return _on_segments(points, points, base, partner, rng)


def enemy_points(points: torch.Tensor, enemies: torch.Tensor, n: int, k: int = 10,
                 random_state: int | None = None):
    """``n`` points between random minority ``points`` and one of their ``k`` nearest ``enemies``.

    Introduced in Chapter 7 (EOS). Each new point is ``x_i + u (e_j - x_i)``
    with ``e_j`` among the ``k`` points of other classes nearest to ``x_i`` and
    ``u`` uniform in ``[0, 1)``: the minority region expands towards the
    classes it is confused with.

    Parameters
    ----------
    points : torch.Tensor, shape (m, d)
        Points of the class to grow.
    enemies : torch.Tensor, shape (e, d)
        Points of all other classes.
    n, k, random_state : as in :func:`smote_points`.

    Returns
    -------
    new : torch.Tensor, shape (n, d)
    pairs : numpy.ndarray of int64, shape (n, 2)
        ``(i, j)``: each new point lies between ``points[i]`` and ``enemies[j]``.
    """
    _check(points, n, k)
    if enemies.ndim != 2 or len(enemies) == 0 or enemies.shape[1] != points.shape[1]:
        raise ValueError(f"enemies must be a non-empty (e, {points.shape[1]}) tensor, got {tuple(enemies.shape)}.")
    nearest = torch.cdist(points, enemies).topk(min(k, len(enemies)), largest=False).indices.cpu().numpy()
    rng = np.random.default_rng(random_state)
    base = rng.integers(len(points), size=n)
    partner = nearest[base, rng.integers(nearest.shape[1], size=n)]
    return _on_segments(points, enemies, base, partner, rng)


def _check(points, n, k):
    if not isinstance(points, torch.Tensor) or points.ndim != 2 or len(points) == 0:
        raise ValueError(f"points must be a non-empty 2-D tensor, got {getattr(points, 'shape', type(points))}.")
    if n < 0 or k < 1:
        raise ValueError(f"n must be >= 0 and k >= 1, got n={n}, k={k}.")


def _on_segments(starts, ends, i, j, rng):
    u = torch.as_tensor(rng.random((len(i), 1)), dtype=starts.dtype, device=starts.device)
    i_t, j_t = torch.as_tensor(i, device=starts.device), torch.as_tensor(j, device=ends.device)
    new = starts[i_t] + u * (ends[j_t] - starts[i_t])
    return new, np.stack([i, j], axis=1).astype(np.int64)
