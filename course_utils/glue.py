"""Glue executed values into the book's prose, in Jupyter Book and in Colab alike.

Introduced in Chapter 1. The book never types a number into its text: a cell
computes it and glues it, and the prose refers to it with ``{glue:text}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd


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


def slug(name: str) -> str:
    """A glue key made of a row's name: lower case, each run of other characters one underscore.

    Introduced in Chapter 2. ``slug("XGBoost | NearMiss-1")`` is ``"xgboost_nearmiss_1"``.
    """
    return re.sub(r"\W+", "_", str(name)).strip("_").lower()


def glue_table(table: pd.DataFrame, column: str, prefix: str, rows: Iterable | None = None) -> None:
    """Glue ``table.loc[row, column]`` as ``{prefix}_{slug(row)}`` for each of ``rows`` (default: all).

    Introduced in Chapter 2: the prose then cites any cell of a results table,
    for example ``{glue:text}`ap_xgboost_smote```.
    """
    for row in table.index if rows is None else rows:
        glue(f"{prefix}_{slug(row)}", table.loc[row, column])
