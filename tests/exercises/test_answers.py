"""course_utils.exercises.answers: the shared reading and judging of answers."""

import numpy as np
import pytest

from course_utils.exercises import ExerciseError
from course_utils.exercises.answers import as_number, judge_array, judge_number, not_answered


def test_numbers_are_read_or_refused_clearly():
    assert as_number(np.float32(0.25), "p") == 0.25
    assert as_number(np.array([3]), "n") == 3.0
    for bad, message in [(True, "boolean"), ("0.3", "single number"), (float("nan"), "finite"), ([1, 2], "single")]:
        with pytest.raises(ExerciseError, match=message):
            as_number(bad, "p")


def test_judge_number_names_the_mistake_it_recognises():
    assert judge_number(None, 0.1, [], "x", "hint") == not_answered("x")
    assert judge_number(0.10004, 0.1, [], "x", "hint").startswith("Correct")
    with pytest.raises(ExerciseError, match="swapped"):
        judge_number(0.9, 0.1, [(0.9, "swapped")], "x", "hint")
    with pytest.raises(ExerciseError, match="expected 0.1000, got 0.5000: hint"):
        judge_number(0.5, 0.1, [(0.9, "swapped")], "x", "hint")


def test_judge_array_checks_shape_values_and_mistakes():
    assert judge_array([1, 2], [1, 2], [], "sizes", "hint") == "Correct: sizes are [1, 2]."
    with pytest.raises(ExerciseError, match="2 numbers, got 3"):
        judge_array([1, 2, 3], [1, 2], [], "sizes", "hint")
    with pytest.raises(ExerciseError, match="reversed"):
        judge_array([2, 1], [1, 2], [([2, 1], "reversed")], "sizes", "hint")
    with pytest.raises(ExerciseError, match="should be numbers"):
        judge_array(["a", "b"], [1, 2], [], "sizes", "hint")
