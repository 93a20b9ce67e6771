"""Independent runs of an experiment side by side, each in its own process.

Introduced in Chapter 5 (``vision.run_methods``); Chapter 8's
``text.run_text_methods`` uses it too. On a CPU a small model keeps one core busier
than two, so several one-thread runs at once beat one run on every thread.

Every call runs with the same number of torch threads whatever ``n_jobs`` is,
in this process or in a worker: a sum split over two threads adds in another
order than on one, so a thread count that followed ``n_jobs`` (or the
machine's load) would change the last digits of a loss and, a few thousand
steps later, which checkpoint or method wins.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator

import torch
from joblib import Parallel, delayed


def side_by_side(func: Callable, calls: Iterable[tuple[tuple, dict]], n_jobs: int | None = None,
                 threads: int = 1) -> Iterator:
    """Yield ``func(*args, **kwargs)`` for every ``(args, kwargs)`` in ``calls``, in order.

    Introduced in Chapter 5.

    Parameters
    ----------
    func : callable
        Must be picklable (a module-level function) when ``n_jobs > 1``.
    calls : iterable of (tuple, dict)
        The arguments of each call.
    n_jobs : int or None
        Calls computed at the same time, each in its own process; ``None``: one
        per CPU core. With 1, the calls run here, one after the other.
    threads : int, default=1
        Torch threads of every call, the same for any ``n_jobs`` so that a
        seeded call gives the same numbers however many run beside it. This
        process's own setting is restored after each call.

    Raises
    ------
    ValueError
        If ``n_jobs`` or ``threads`` is not a positive integer (at once, not when iterated).
    """
    n_jobs = (os.cpu_count() or 1) if n_jobs is None else n_jobs
    if n_jobs < 1:
        raise ValueError(f"n_jobs must be a positive integer or None, got {n_jobs}.")
    if threads < 1:
        raise ValueError(f"threads must be a positive integer, got {threads}.")
    calls = list(calls)
    return _results(func, calls, min(n_jobs, len(calls)) or 1, threads)


def _results(func, calls, n_jobs, threads):
    if n_jobs == 1:
        for args, kwargs in calls:
            yield _in_worker(threads, func, args, kwargs)
        return
    results = Parallel(n_jobs=n_jobs, return_as="generator")(
        delayed(_in_worker)(threads, func, args, kwargs) for args, kwargs in calls)
    with warnings.catch_warnings():
        # A worker whose memory grew past loky's leak limit (WordNet, large n-gram matrices) is
        # replaced, which loses nothing; loky warns about it from its manager thread.
        warnings.filterwarnings("ignore", message="A worker stopped while some jobs", category=UserWarning)
        yield from results


def _in_worker(threads, func, args, kwargs):
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        return func(*args, **kwargs)
    finally:
        torch.set_num_threads(before)
