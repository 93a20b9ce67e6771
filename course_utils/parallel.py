"""Independent runs of an experiment side by side, each in its own process.

Introduced in Chapter 5 (``vision.run_methods``); Chapter 8's
``text.run_methods`` uses it too. On a CPU a small model keeps one core busier
than two, so several one-thread runs at once beat one run on every thread.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator

import torch
from joblib import Parallel, delayed


def side_by_side(func: Callable, calls: Iterable[tuple[tuple, dict]], n_jobs: int | None = None) -> Iterator:
    """Yield ``func(*args, **kwargs)`` for every ``(args, kwargs)`` in ``calls``, in order.

    Introduced in Chapter 5.

    Parameters
    ----------
    func : callable
        Must be picklable (a module-level function) when ``n_jobs > 1``.
    calls : iterable of (tuple, dict)
        The arguments of each call.
    n_jobs : int or None
        Calls computed at the same time, each in its own process with an equal
        share of torch's threads; ``None``: one per CPU core. With 1, the calls
        run here, one after the other.

    Raises
    ------
    ValueError
        If ``n_jobs`` is not a positive integer (at once, not when iterated).
    """
    n_jobs = (os.cpu_count() or 1) if n_jobs is None else n_jobs
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be a positive integer or None, got {n_jobs}.")
    calls = list(calls)
    return _results(func, calls, min(n_jobs, len(calls)) or 1)


def _results(func, calls, n_jobs):
    if n_jobs == 1:
        for args, kwargs in calls:
            yield func(*args, **kwargs)
        return
    threads = max(1, torch.get_num_threads() // n_jobs)
    results = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_in_worker)(threads, func, args, kwargs) for args, kwargs in calls)
    with warnings.catch_warnings():
        # A worker whose memory grew past loky's leak limit (WordNet, large n-gram matrices) is
        # replaced, which loses nothing; loky warns about it from its manager thread.
        warnings.filterwarnings("ignore", message="A worker stopped while some jobs", category=UserWarning)
        yield from results


def _in_worker(threads, func, args, kwargs):
    torch.set_num_threads(threads)
    return func(*args, **kwargs)
