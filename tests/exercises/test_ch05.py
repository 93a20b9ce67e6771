"""Chapter 5's checkers accept the right answers and explain the wrong ones."""

import math

import numpy as np
import pytest

from course_utils.exercises import ExerciseError, ch05


def test_unanswered_exercises_say_so():
    for check in (ch05.check_long_tail_counts, ch05.check_dynamic_sizes, ch05.check_steps_per_pass):
        assert check(None).startswith("Not answered yet")


def test_long_tail_counts():
    p = ch05.LONG_TAIL_EXERCISE
    right = [int(p["head"] * (1 / p["imbalance_ratio"]) ** (c / 9)) for c in range(10)]
    assert right[0] == 5000 and right[-1] == 100
    assert ch05.check_long_tail_counts(right).startswith("Correct")
    with pytest.raises(ExerciseError, match="wrong way"):
        ch05.check_long_tail_counts(right[::-1])
    with pytest.raises(ExerciseError, match=r"c / \(C - 1\)"):
        ch05.check_long_tail_counts([int(5000 * (1 / 50) ** (c / 10)) for c in range(10)])
    with pytest.raises(ExerciseError, match="10 numbers"):
        ch05.check_long_tail_counts(right[:5])


def test_dynamic_sizes():
    f1 = np.array(ch05.DYNAMIC_EXERCISE["per_class_f1"])
    total = ch05.DYNAMIC_EXERCISE["total"]
    right = np.round((1 - f1) / (1 - f1).sum() * total)
    assert ch05.check_dynamic_sizes(right).startswith("Correct")
    with pytest.raises(ExerciseError, match=r"\(1 - F1\), not F1"):
        ch05.check_dynamic_sizes(np.round(f1 / f1.sum() * total))


def test_steps_per_pass():
    counts, batch = ch05.STEPS_EXERCISE["counts"], ch05.STEPS_EXERCISE["batch_size"]
    right = (math.ceil(10 * max(counts) / batch), math.ceil(10 * min(counts) / batch))
    assert right == (926, 10)
    assert ch05.check_steps_per_pass(right).startswith("Correct")
    with pytest.raises(ExerciseError, match="round up"):
        ch05.check_steps_per_pass((925, 9))
    with pytest.raises(ExerciseError, match="long-tailed set itself"):
        ch05.check_steps_per_pass((232, 232))
    with pytest.raises(ExerciseError, match="expected"):
        ch05.check_steps_per_pass((1, 2))
