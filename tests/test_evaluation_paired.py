"""paired_difference: split-by-split differences between two pipelines."""

import pandas as pd
import pytest

from course_utils.evaluation import paired_difference


@pytest.fixture
def results():
    return pd.DataFrame({
        "pipeline": ["a", "a", "b", "b", "c"],
        "split": [0, 1, 1, 0, 0],
        "metric": "average_precision",
        "value": [0.8, 0.6, 0.5, 0.9, 0.7],
    })


def test_differences_are_matched_by_split(results):
    difference = paired_difference(results, "a", "b")
    assert difference.to_dict() == pytest.approx({0: -0.1, 1: 0.1})


def test_missing_pipeline_or_unmatched_splits_raise(results):
    with pytest.raises(ValueError, match="no 'average_precision' for pipeline 'z'"):
        paired_difference(results, "z", "a")
    with pytest.raises(ValueError, match="same splits"):
        paired_difference(results, "a", "c")


def test_mean_std_formats_the_sample_standard_deviation():
    from course_utils.evaluation import mean_std

    assert mean_std([0.8, 0.9, 1.0]) == "0.900 ± 0.100"
    assert mean_std([0.5], decimals=1) == "0.5 ± 0.0"
    with pytest.raises(ValueError, match="at least one value"):
        mean_std([])


def _tidy(values_by_method):
    """Tidy results from {method: [value per split]}."""
    rows = [(method, split, "average_precision", value)
            for method, values in values_by_method.items() for split, value in enumerate(values)]
    return pd.DataFrame(rows, columns=["pipeline", "split", "metric", "value"])


def test_holm_matches_hand_computation():
    from course_utils.evaluation import holm

    # sorted 0.01, 0.02, 0.04 times 3, 2, 1 -> 0.03, 0.04, 0.04; back in input order
    assert holm([0.04, 0.01, 0.02]) == pytest.approx([0.04, 0.03, 0.04])
    # the step-down keeps adjusted values non-decreasing and caps them at 1
    assert holm([0.01, 0.6, 0.3]) == pytest.approx([0.03, 0.6, 0.6])
    assert holm([0.5, 0.9]) == pytest.approx([1.0, 1.0])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        holm([0.2, 1.5])


def test_known_differences_give_the_expected_verdicts():
    from course_utils.evaluation import compare_paired

    base = [0.70, 0.75, 0.72, 0.78, 0.74]
    results = _tidy({
        "base": base,
        "better": [b + 0.05 + e for b, e in zip(base, [0.001, -0.002, 0.002, 0.0, -0.001])],
        "worse": [b - 0.05 + e for b, e in zip(base, [0.001, -0.002, 0.002, 0.0, -0.001])],
        "noise": [b + e for b, e in zip(base, [0.02, -0.03, 0.01, -0.01, 0.015])],
    })
    table = compare_paired(results, "base")
    assert list(table.index) == ["better", "worse", "noise"]
    assert table["verdict"].to_dict() == {"better": "beats", "worse": "loses to", "noise": "matches"}
    assert table.loc["better", "difference"] == pytest.approx(0.05)
    assert table.loc["better", "ci_low"] < 0.05 < table.loc["better", "ci_high"]
    assert table.loc["better", "summary"].startswith("beats it by 0.05 (unadjusted 95 % interval")
    assert table.loc["noise", "summary"].startswith("matches it (difference")
    # for an error rate lower is better: the same numbers flip verdicts
    flipped = compare_paired(results, "base", higher_is_better=False)
    assert flipped["verdict"].to_dict() == {"better": "loses to", "worse": "beats", "noise": "matches"}
    # the interval is of method - baseline: a negative difference shows its sign beside it
    assert flipped.loc["worse", "summary"].startswith("beats it by 0.05 (difference -0.05; unadjusted 95 % interval -0.")
    assert table.loc["worse", "summary"].startswith("loses to it by 0.05 (difference -0.05;")


def test_holm_correction_can_turn_a_win_into_a_match():
    from course_utils.evaluation import compare_paired

    base = [0.0, 0.0, 0.0, 0.0]
    small = [0.020, 0.030, 0.010, 0.025]   # p about 0.016 alone, 0.062 after Holm over 4
    results = _tidy({"base": base, "small": small, **{f"null{i}": [0.01, -0.01, 0.02, -0.02] for i in range(3)}})
    alone = compare_paired(results, "base", methods=["small"])
    together = compare_paired(results, "base")
    assert alone.loc["small", "verdict"] == "beats"
    assert together.loc["small", "p_holm"] == pytest.approx(4 * alone.loc["small", "p_value"])
    assert together.loc["small", "verdict"] == "matches"


def test_compare_paired_rejects_bad_input():
    from course_utils.evaluation import compare_paired

    results = _tidy({"base": [0.5, 0.6], "other": [0.6, 0.7]})
    with pytest.raises(ValueError, match="at least 2"):
        compare_paired(results[results["split"] == 0], "base")
    with pytest.raises(ValueError, match="alpha"):
        compare_paired(results, "base", alpha=1.5)
    with pytest.raises(ValueError, match="no 'average_precision'"):
        compare_paired(results, "base", methods=["missing"])


def test_repeated_split_tests_every_row_at_most_once_per_round():
    import numpy as np

    from course_utils.evaluation import repeated_split

    y = np.array([0] * 90 + [1] * 10)
    X = np.zeros((100, 1))
    splits = list(repeated_split(n_splits=5, test_size=0.2, random_state=0).split(X, y))
    tested = np.concatenate([test for _, test in splits])
    assert len(splits) == 5 and sorted(tested) == list(range(100))   # disjoint and complete
    assert all(y[test].sum() == 2 for _, test in splits)              # stratified
    two = list(repeated_split(n_splits=2, test_size=0.2, random_state=0).split(X, y))
    assert [list(t) for _, t in two] == [list(t) for _, t in splits[:2]]  # fewer splits: the first folds
    seven = list(repeated_split(n_splits=7, test_size=0.2, random_state=0).split(X, y))
    assert len(seven) == 7 and repeated_split(7).get_n_splits() == 7    # a second, reshuffled round
    with pytest.raises(ValueError, match="n_splits"):
        repeated_split(n_splits=0)


def test_verdict_sentence_groups_methods_by_verdict():
    from course_utils.evaluation import verdict_sentence

    table = pd.DataFrame({"verdict": ["matches", "beats", "matches", "loses to"]}, index=["a", "b", "c", "d"])
    assert verdict_sentence(table, "the baseline") == "b beats the baseline; a and c match it; d loses to it"
    assert verdict_sentence(table, "X", methods=["c", "a"], quote=True) == "“c” and “a” match X"


def test_identical_differences_fall_back_on_the_sign_test():
    from course_utils.evaluation import compare_paired

    two = _tidy({"base": [0.5, 0.6], "same_step": [0.51, 0.61]})
    assert compare_paired(two, "base").loc["same_step", "p_value"] == pytest.approx(0.5)
    assert compare_paired(two, "base").loc["same_step", "verdict"] == "matches"
    six = _tidy({"base": [0.5] * 6, "same_step": [0.51] * 6, "equal": [0.5] * 6})
    table = compare_paired(six, "base")
    assert table.loc["same_step", "p_value"] == pytest.approx(2 * 0.5 ** 6)
    assert table.loc["equal", "p_value"] == 1.0
    assert compare_paired(six, "base", methods=["same_step"]).loc["same_step", "verdict"] == "beats"


def test_verdict_clauses_keep_each_method_with_its_signed_difference():
    from course_utils.evaluation import verdict_clauses

    table = pd.DataFrame({"verdict": ["matches", "beats"], "difference": [0.0042, -0.1]}, index=["a", "b"])
    assert verdict_clauses(table) == "a matches it (+0.004), b beats it (-0.100)"
    assert verdict_clauses(table, sep="; ") == "a matches it (+0.004); b beats it (-0.100)"
