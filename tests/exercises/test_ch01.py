"""course_utils.exercises.ch01: each checker accepts the right answer and names the mistake in a wrong one."""

import numpy as np
import pytest
from scipy.stats import norm

from course_utils import theory
from course_utils.exercises import ExerciseError, ch01


def bayes_error_answer():
    p = ch01.BAYES_ERROR_EXERCISE
    return theory.bayes_error_1d(p["mu0"], p["sigma"], p["mu1"], p["sigma"], p["prior1"])


def prior_correction_answer():
    p = ch01.PRIOR_CORRECTION_EXERCISE
    return float(theory.correct_prior_shift(p["proba"], p["train_prior"], p["true_prior"]))


def test_exercise_error_is_an_assertion_error():
    assert issubclass(ExerciseError, AssertionError)


@pytest.mark.parametrize("check", [ch01.check_bayes_error, ch01.check_prior_correction,
                                   ch01.check_undersampling_threshold])
def test_unanswered_exercises_do_not_raise(check):
    assert check(None).startswith("Not answered yet")


@pytest.mark.parametrize("check", [ch01.check_bayes_error, ch01.check_prior_correction,
                                   ch01.check_undersampling_threshold])
@pytest.mark.parametrize("bad", ["0.1", [0.1, 0.2], np.nan, True])
def test_answers_that_are_not_one_number_are_refused_clearly(check, bad):
    with pytest.raises(ExerciseError, match="number"):
        check(bad)


def test_bayes_error_right_answer_and_rounding_pass():
    expected = bayes_error_answer()
    assert ch01.check_bayes_error(expected).startswith("Correct")
    assert ch01.check_bayes_error(round(expected, 3)).startswith("Correct")
    assert ch01.check_bayes_error(np.float32(expected)).startswith("Correct")


def test_bayes_error_with_swapped_priors_is_named():
    p = ch01.BAYES_ERROR_EXERCISE
    prior0, prior1 = 1 - p["prior1"], p["prior1"]
    wrong_t = (p["mu0"] + p["mu1"]) / 2 - np.log(prior0 / prior1) / (p["mu1"] - p["mu0"])
    wrong = prior0 * norm.sf(wrong_t) + prior1 * norm.cdf(wrong_t - p["mu1"])
    with pytest.raises(ExerciseError, match=r"expected 0\.0701, got 0\.4\d+: did you swap the priors"):
        ch01.check_bayes_error(wrong)


def test_bayes_error_without_priors_and_accuracy_are_named():
    d = ch01.BAYES_ERROR_EXERCISE["mu1"] - ch01.BAYES_ERROR_EXERCISE["mu0"]
    with pytest.raises(ExerciseError, match="leave the priors out"):
        ch01.check_bayes_error(norm.cdf(-d / 2))
    with pytest.raises(ExerciseError, match="accuracy"):
        ch01.check_bayes_error(1 - bayes_error_answer())
    with pytest.raises(ExerciseError, match="expected 0.0701, got 0.3000: compute the boundary"):
        ch01.check_bayes_error(0.3)


def test_prior_correction_right_and_swapped():
    assert ch01.check_prior_correction(prior_correction_answer()).startswith("Correct")
    p = ch01.PRIOR_CORRECTION_EXERCISE
    swapped = float(theory.correct_prior_shift(p["proba"], p["true_prior"], p["train_prior"]))
    with pytest.raises(ExerciseError, match="swap the training and true priors"):
        ch01.check_prior_correction(swapped)
    with pytest.raises(ExerciseError, match="uncorrected"):
        ch01.check_prior_correction(p["proba"])
    with pytest.raises(ExerciseError, match="normalise"):
        ch01.check_prior_correction(p["proba"] * p["true_prior"] / p["train_prior"])


def test_undersampling_threshold_right_and_inverted():
    k = ch01.UNDERSAMPLING_EXERCISE["k"]
    assert ch01.check_undersampling_threshold(1 / (1 + k)).startswith("Correct")
    assert ch01.check_undersampling_threshold(theory.cost_sensitive_threshold(1, k)).startswith("Correct")
    with pytest.raises(ExerciseError, match="invert the ratio"):
        ch01.check_undersampling_threshold(k / (1 + k))
    with pytest.raises(ExerciseError, match="odds"):
        ch01.check_undersampling_threshold(1 / k)
