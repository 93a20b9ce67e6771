"""What every checker does with a learner's answer: read it, compare it, explain a miss.

Introduced in Chapter 1; every chapter's checkers use it.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from course_utils.exercises import ExerciseError


def not_answered(what: str) -> str:
    """The message a checker returns while ``answer`` is still ``None``.

    Introduced in Chapter 1.
    """
    return f"Not answered yet: set `answer` to {what} and run the cell again."


def as_number(answer, what: str) -> float:
    """``answer`` as a finite float, or an :class:`ExerciseError` saying what it should be.

    Introduced in Chapter 1.
    """
    if isinstance(answer, (bool, np.bool_)):
        raise ExerciseError(f"{what} should be a number, got the boolean {answer!r}.")
    if isinstance(answer, numbers.Real):
        value = float(answer)
    else:
        array = np.asarray(answer)
        if array.size != 1 or not np.issubdtype(array.dtype, np.number):
            raise ExerciseError(f"{what} should be a single number, got {type(answer).__name__} {answer!r}.")
        value = float(array.item())
    if not math.isfinite(value):
        raise ExerciseError(f"{what} should be a finite number, got {value}.")
    return value


def judge_number(answer, expected: float, mistakes, what: str, hint: str,
                 rel_tol: float = 1e-3, abs_tol: float = 5e-4) -> str:
    """Compare a number with the expected value and with the values known mistakes give.

    Introduced in Chapter 1.

    Parameters
    ----------
    answer : number or None
    expected : float
    mistakes : iterable of (float, str)
        The value a typical mistake produces, and what to tell the learner who made it.
    what : str
        What the answer is, for the messages ("the Bayes error").
    hint : str
        What to say when the answer matches no known mistake.
    """
    if answer is None:
        return not_answered(what)
    value = as_number(answer, what)

    def close(a, b):
        return math.isclose(a, b, rel_tol=rel_tol, abs_tol=abs_tol)

    if close(value, expected):
        return f"Correct: {what} is {expected:.4f}."
    for wrong, why in mistakes:
        if close(value, wrong):
            raise ExerciseError(f"expected {expected:.4f}, got {value:.4f}: {why}")
    raise ExerciseError(f"expected {expected:.4f}, got {value:.4f}: {hint}")


def judge_array(answer, expected, mistakes, what: str, hint: str, rtol: float = 0.0) -> str:
    """Compare a sequence of numbers with the expected one, and with known mistakes.

    Introduced in Chapter 5. Parameters as for :func:`judge_number`; with
    ``rtol`` > 0 the numbers need only agree to that relative tolerance (they
    are then shown rounded to three decimals), otherwise exactly.
    """
    expected = np.asarray(expected, dtype=float).ravel()
    if answer is None:
        return not_answered(what)
    try:
        value = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ExerciseError(f"{what} should be numbers, got {type(answer).__name__} {answer!r}.") from None
    if value.shape != expected.shape:
        raise ExerciseError(f"{what} should hold {expected.size} numbers, got {value.size}.")

    def same(a, b):
        b = np.asarray(b, dtype=float).ravel()
        return np.allclose(a, b, rtol=rtol, atol=0) if rtol else np.array_equal(a, b)

    if rtol:
        shown, got = np.round(expected, 3).tolist(), np.round(value, 3).tolist()
    else:
        shown = expected.astype(int).tolist() if np.all(expected == np.round(expected)) else expected.tolist()
        got = value.tolist()
    if same(value, expected):
        return f"Correct: {what} are {shown}."
    for wrong, why in mistakes:
        if same(value, wrong):
            raise ExerciseError(f"expected {shown}, got {got}: {why}")
    raise ExerciseError(f"expected {shown}, got {got}: {hint}")
