"""Glue executed values into the book's prose, in Jupyter Book and in Colab alike.

Introduced in Chapter 1. The book never types a number into its text: a cell
computes it and glues it, and the prose refers to it with ``{glue:text}``.
"""

from __future__ import annotations

from typing import Any


def glue(name: str, value: Any, display: bool = False) -> None:
    """Store ``value`` under ``name`` for myst-nb's ``{glue}`` roles.

    Introduced in Chapter 1. Outside a myst-nb build (Colab, a plain Jupyter
    session) myst-nb may be missing; then nothing is stored and, if
    ``display`` is true, the value is shown as an ordinary output. Like
    myst-nb's own ``glue`` it returns nothing, so a cell ending in a call
    shows no stray output.
    """
    try:
        from myst_nb import glue as _myst_glue
    except ImportError:
        if display:
            from IPython.display import display as _show

            _show(value)
        return
    _myst_glue(name, value, display=display)
