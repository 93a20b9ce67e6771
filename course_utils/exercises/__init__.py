"""Checkers for the chapters' exercises: one module per chapter (``ch01``, ``ch02``, ...).

Introduced in Chapter 1. Each ``check_*`` function returns a short success
message, or raises :class:`ExerciseError` with a message that says what is off.
Called before the learner has answered (``answer = None``), a checker returns a
"not answered yet" message instead, so a book with blank exercises still runs.
"""


class ExerciseError(AssertionError):
    """Raised by a checker when a learner's answer is wrong; its message says what is off."""


__all__ = ["ExerciseError"]
