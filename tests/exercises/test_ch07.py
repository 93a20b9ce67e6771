"""Chapter 7's checkers accept the right answers and explain the wrong ones."""

import numpy as np
import pytest

from course_utils.exercises import ExerciseError, ch07


def test_unanswered_exercises_say_so():
    for check in (ch07.check_smote_point, ch07.check_enemy_point, ch07.check_kl, ch07.check_top_up_count):
        assert check(None).startswith("Not answered yet")


def test_smote_point():
    assert ch07.check_smote_point([0.75, -0.5, 1.5]).startswith("Correct")
    with pytest.raises(ExerciseError, match="started from z_j"):
        ch07.check_smote_point([1.25, 0.5, 0.5])
    with pytest.raises(ExerciseError, match="only the step"):
        ch07.check_smote_point([0.25, 0.5, -0.5])


def test_enemy_point():
    # Enemy distances from the origin: 5, sqrt(5), sqrt(8), 6 -> the nearest is (-1, 2).
    assert ch07.check_enemy_point([-0.5, 1.0]).startswith("Correct")
    with pytest.raises(ExerciseError, match="farthest"):
        ch07.check_enemy_point([3.0, 0.0])
    with pytest.raises(ExerciseError, match="first enemy"):
        ch07.check_enemy_point([1.5, 2.0])


def test_kl():
    right = -0.5 * ((1 + 0 - 0.25 - 1) + (1 - 2 - 1 - np.exp(-2)))
    assert ch07.check_kl(right).startswith("Correct")
    with pytest.raises(ExerciseError, match="factor 1/2"):
        ch07.check_kl(2 * right)
    with pytest.raises(ExerciseError, match="sign"):
        ch07.check_kl(-right)


def test_top_up_count():
    assert ch07.check_top_up_count(326 + 636 + 822 + 934).startswith("Correct")
    with pytest.raises(ExerciseError, match="absent classes"):
        ch07.check_top_up_count(326 + 636 + 822 + 934 + 2000)
    with pytest.raises(ExerciseError, match="real images stay"):
        ch07.check_top_up_count(4000)
