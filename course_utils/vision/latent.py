"""New points on segments between existing ones, in a latent or embedding space.

Introduced in Chapter 7. DeepSMOTE interpolates between a point and one of its
nearest neighbours *of the same class* (SMOTE, in an autoencoder's latent
space); EOS interpolates between a minority point and an *enemy*, a point of
another class, among its nearest neighbours (in a classifier's embedding space). Both
return the segments they used, so a reader (or a test) can check that every
new point lies on one.
"""

from __future__ import annotations

import numpy as np
import torch

from ..seeding import numpy_generator


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
    neighbours = nearest(points, points, min(k, len(points) - 1), exclude_self=True).cpu().numpy()
    rng = numpy_generator(random_state)
    base = rng.integers(len(points), size=n)
    partner = neighbours[base, rng.integers(neighbours.shape[1], size=n)]
    return _on_segments(points, points, base, partner, rng)


def enemy_points(points: torch.Tensor, enemies: torch.Tensor, n: int, k: int = 10,
                 random_state: int | None = None):
    """``n`` points between minority ``points`` and enemies among their ``k`` nearest neighbours.

    Introduced in Chapter 7 (EOS). As in the published ``EOS.py``, the ``k``
    nearest neighbours of each ``x_i`` are searched among all points, its own
    class and the ``enemies`` (points of other classes) alike. Only the
    ``x_i`` with at least one enemy among them serve as bases, drawn
    uniformly; the partner ``e_j`` is drawn uniformly among the enemies in the
    base's neighbourhood, and the new point is ``x_i + u (e_j - x_i)`` with
    ``u`` uniform in ``[0, 1)``: the minority region expands towards the
    classes it borders. Should no point have an enemy among its ``k``
    neighbours (a class far from every other), where the published code
    stops with an error, every point is a base with its ``k`` nearest enemies.

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
    m = len(points)
    everyone = torch.cat([points, enemies])  # position i < m is points[i], m + j is enemies[j]
    neighbours = nearest(points, everyone, min(k, m - 1 + len(enemies)), exclude_self=True).cpu().numpy()
    is_enemy = neighbours >= m
    bases = np.flatnonzero(is_enemy.any(1))
    if len(bases) == 0:  # no enemy in any neighbourhood: the k nearest enemies of every point
        neighbours = nearest(points, enemies, min(k, len(enemies))).cpu().numpy() + m
        is_enemy, bases = np.ones(neighbours.shape, dtype=bool), np.arange(m)
    rng = numpy_generator(random_state)
    base = bases[rng.integers(len(bases), size=n)]
    # The pick-th enemy of each base's neighbourhood, in order of distance.
    pick = (rng.random(n) * is_enemy[base].sum(1)).astype(np.int64)
    enemies_first = np.argsort(~is_enemy[base], axis=1, kind="stable")
    rows = np.arange(n)
    partner = neighbours[base, enemies_first[rows, pick]] - m
    return _on_segments(points, enemies, base, partner, rng)


def nearest(queries: torch.Tensor, points: torch.Tensor, k: int, exclude_self: bool = False,
            max_entries: int = 2**24) -> torch.Tensor:
    """Indices of the ``k`` nearest ``points`` of each query row, nearest first, on the queries' device.

    Introduced in Chapter 7. Distances are computed for blocks of query rows of
    at most ``max_entries`` distances each, so memory stays bounded when a
    class meets tens of thousands of points. With ``exclude_self`` the queries
    are the first rows of ``points`` and row ``i`` never counts itself.
    """
    block = max(1, max_entries // max(len(points), 1))
    found = []
    for start in range(0, len(queries), block):
        distances = torch.cdist(queries[start:start + block], points)
        if exclude_self:
            rows = torch.arange(len(distances), device=distances.device)
            distances[rows, rows + start] = float("inf")
        found.append(distances.topk(k, largest=False).indices)
    return torch.cat(found) if found else torch.empty(0, k, dtype=torch.int64, device=queries.device)


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
