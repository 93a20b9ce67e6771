"""Progress bars for long loops: shown to someone running a chapter, hidden in the built book.

Introduced in Chapter 5. Every training loop of the course reports progress
through :func:`progress`. ``verbose=False`` hides the bar; otherwise tqdm's
own defaults apply, including the environment variable ``TQDM_DISABLE=1``,
which the book build sets so that static pages carry no progress bars.
"""

from __future__ import annotations

from tqdm.auto import tqdm


def progress(iterable=None, *, verbose: bool = True, **kwargs) -> tqdm:
    """A tqdm bar (a widget in Jupyter and Colab, text elsewhere), or a silent one.

    Introduced in Chapter 5.

    Parameters
    ----------
    iterable : iterable, optional
        What to iterate over, as for ``tqdm``.
    verbose : bool, default=True
        ``False`` hides the bar whatever the environment says.
    **kwargs
        Passed to ``tqdm`` (``total``, ``desc``, ``unit``, ...).
    """
    if not verbose:
        kwargs["disable"] = True
    return tqdm(iterable, **kwargs)
