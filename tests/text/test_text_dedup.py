"""course_utils.text.dedup: exact and near duplicates of the majority class only."""

import numpy as np
import pandas as pd
import pytest

from course_utils.text import MajorityDeduplicator, duplicate_mask

HAM = [
    "sorry i will call you later",        # 0 kept
    "sorry i will call you later",        # 1 exact duplicate of 0
    "Sorry, I will call you later!",      # 2 near duplicate of 0 (same words, case and punctuation)
    "are we meeting for lunch tomorrow",  # 3 kept
    "the cat sat on the mat all day",     # 4 kept
    "are we meeting for dinner tomorrow",  # 5 similar to 3 but not above 0.9
]


def test_exact_duplicates_only_at_threshold_one():
    assert duplicate_mask(HAM, threshold=1.0).tolist() == [False, True, False, False, False, False]


def test_near_duplicates_above_the_threshold_are_dropped_and_distinct_texts_kept():
    assert duplicate_mask(HAM, threshold=0.9).tolist() == [False, True, True, False, False, False]
    low = duplicate_mask(HAM, threshold=0.3)
    assert low[5] and not low[3] and not low[4]


def test_only_the_majority_is_thinned():
    spam = ["win a prize now", "win a prize now", "WIN a prize NOW!"]
    texts = HAM + spam
    labels = [0] * len(HAM) + [1] * len(spam)
    sampler = MajorityDeduplicator(threshold=0.9)
    X, y = sampler.fit_resample(texts, labels)
    assert list(X) == [HAM[0], HAM[3], HAM[4], HAM[5]] + spam
    assert y == [0, 0, 0, 0, 1, 1, 1]  # imbalanced-learn's protocol: lists in, lists out
    assert sampler.sample_indices_.tolist() == [0, 3, 4, 5, 6, 7, 8]


def test_pandas_in_pandas_out():
    X = pd.Series(HAM + ["win a prize"], index=range(100, 107))
    y = pd.Series([0] * 6 + [1], index=X.index)
    X_res, y_res = MajorityDeduplicator(0.9).fit_resample(X, y)
    assert isinstance(X_res, pd.Series) and list(X_res.index) == [100, 103, 104, 105, 106]
    assert isinstance(y_res, pd.Series)


def test_blocks_give_the_same_answer_as_one_block():
    rng = np.random.default_rng(0)
    words = np.array("aa bb cc dd ee ff gg hh ii jj".split())
    texts = [" ".join(rng.choice(words, 4)) for _ in range(60)]
    assert (duplicate_mask(texts, 0.77, block_size=7) == duplicate_mask(texts, 0.77, block_size=1000)).all()


@pytest.mark.parametrize("threshold", [0, -0.1, 1.2])
def test_bad_threshold_is_refused(threshold):
    with pytest.raises(ValueError, match="threshold"):
        duplicate_mask(HAM, threshold)


def test_texts_without_words_fall_back_to_exact_duplicates():
    assert duplicate_mask(["a", "b", "a", "?"], 0.5).tolist() == [False, False, True, False]
