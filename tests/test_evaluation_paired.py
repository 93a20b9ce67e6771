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
