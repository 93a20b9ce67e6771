"""course_utils.tabular.time_split: training on the past, testing on the future."""

import numpy as np
import pytest

from course_utils.tabular.time_split import DAY_SECONDS, time_ordered_split, transaction_day


def test_transaction_day_counts_whole_days_since_the_first_transaction():
    time = np.array([0.0, 86_399.0, 86_400.0, 172_792.0])  # 172,792 s: the data's last transaction
    assert DAY_SECONDS == 24 * 60 * 60
    assert transaction_day(time).tolist() == [0, 0, 1, 1]


def test_split_by_hand_on_shuffled_rows():
    time = np.array([50.0, 10.0, 40.0, 0.0, 30.0, 20.0, 90.0, 70.0, 60.0, 80.0])
    y = np.array([0, 1, 0, 0, 1, 0, 1, 0, 1, 0])  # a fraud in each part
    train, val, test = time_ordered_split(time, y, train=0.6, validation=0.2)
    # time order: rows 3, 1, 5, 4, 2, 0 | 8, 7 | 9, 6
    assert train.tolist() == [3, 1, 5, 4, 2, 0]
    assert val.tolist() == [8, 7] and test.tolist() == [9, 6]


def test_parts_are_disjoint_cover_every_row_and_never_go_back_in_time():
    rng = np.random.default_rng(0)
    time = rng.integers(0, 172_800, 5_000).astype(float)  # many rows share a second
    y = (rng.random(5_000) < 0.02).astype(int)
    train, val, test = time_ordered_split(time, y, train=0.5, validation=0.25)
    assert (len(train), len(val), len(test)) == (2_500, 1_250, 1_250)
    assert np.array_equal(np.sort(np.concatenate([train, val, test])), np.arange(5_000))
    assert time[train].max() <= time[val].min() and time[val].max() <= time[test].min()
    assert all(np.all(np.diff(time[part]) >= 0) for part in (train, val, test))


def test_a_part_without_fraud_raises():
    time = np.arange(10.0)
    y = np.r_[np.ones(2, int), np.zeros(8, int)]  # both frauds come first
    with pytest.raises(ValueError, match="validation part .* holds no positive"):
        time_ordered_split(time, y)


@pytest.mark.parametrize("time, y, kwargs, message", [
    (np.arange(10.0), np.ones(9, int), {}, "one label 0 or 1 per row"),
    (np.arange(10.0), np.full(10, 2), {}, "one label 0 or 1 per row"),
    (np.r_[-1.0, np.arange(9.0)], np.ones(10, int), {}, "non-negative seconds"),
    (np.arange(10.0), np.ones(10, int), {"train": 0.0}, "train must be a positive share"),
    (np.arange(10.0), np.ones(10, int), {"train": 0.7, "validation": 0.3}, "leave rows for the test part"),
])
def test_bad_input_raises_one_clear_error(time, y, kwargs, message):
    with pytest.raises(ValueError, match=message):
        time_ordered_split(time, y, **kwargs)


def test_transaction_day_rejects_missing_times():
    with pytest.raises(ValueError, match="finite non-negative seconds"):
        transaction_day([0.0, np.nan])
