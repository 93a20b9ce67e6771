"""course_utils.exercises.ch08: each checker accepts the right answer and names the mistake in a wrong one."""

import math
import os

import pytest
import torch
import torch.nn.functional as F

from course_utils.exercises import ExerciseError, ch08

CHECKS = [ch08.check_augmented_count, ch08.check_duplicate_share, ch08.check_sentence_mixup]


@pytest.mark.parametrize("check", CHECKS)
def test_unanswered_exercises_do_not_raise(check):
    assert check(None).startswith("Not answered yet")


def test_augmented_count():
    p = ch08.AUGMENTATION_EXERCISE
    right = math.ceil(p["target_ratio"] * p["ham"]) - p["spam"]
    assert ch08.check_augmented_count(right).startswith("Correct")
    with pytest.raises(ExerciseError, match="originals are already there"):
        ch08.check_augmented_count(right + p["spam"])
    with pytest.raises(ExerciseError, match="balances the classes"):
        ch08.check_augmented_count(p["ham"] - p["spam"])
    with pytest.raises(ExerciseError, match="single number"):
        ch08.check_augmented_count("1250")


def test_duplicate_share():
    p = ch08.DUPLICATES_EXERCISE
    assert ch08.check_duplicate_share(p["ham_repeats"] / p["ham"]).startswith("Correct")
    with pytest.raises(ExerciseError, match="first copy"):
        ch08.check_duplicate_share(p["ham_in_repeated_groups"] / p["ham"])
    with pytest.raises(ExerciseError, match="not all messages"):
        ch08.check_duplicate_share(p["ham_repeats"] / p["messages"])


@pytest.mark.skipif(not os.environ.get("COURSE_UTILS_DATA"), reason="needs the data mirror (COURSE_UTILS_DATA)")
def test_duplicate_counts_match_the_data():
    from course_utils.data import load_sms_spam

    df = load_sms_spam()
    ham = df.text[df.label == "ham"]
    p = ch08.DUPLICATES_EXERCISE
    assert (len(ham), ham.duplicated().sum(), ham.duplicated(keep=False).sum(), len(df),
            df.text.duplicated().sum()) == (p["ham"], p["ham_repeats"], p["ham_in_repeated_groups"],
                                            p["messages"], p["repeats_all_classes"])


def right_mix(embeddings, labels, lam, perm):
    onehot = F.one_hot(labels, 2).float()
    return lam * embeddings + (1 - lam) * embeddings[perm], lam * onehot + (1 - lam) * onehot[perm]


def test_sentence_mixup():
    assert ch08.check_sentence_mixup(right_mix).startswith("Correct")

    def swapped(embeddings, labels, lam, perm):
        h, y = right_mix(embeddings, labels, lam, perm)
        onehot = F.one_hot(labels, 2).float()
        return h, (1 - lam) * onehot + lam * onehot[perm]

    with pytest.raises(ExerciseError, match="swapped"):
        ch08.check_sentence_mixup(swapped)
    with pytest.raises(ExerciseError, match="original one-hot"):
        ch08.check_sentence_mixup(lambda h, y, lam, p: (right_mix(h, y, lam, p)[0], F.one_hot(y, 2).float()))
    with pytest.raises(ExerciseError, match="raised"):
        ch08.check_sentence_mixup(lambda h, y, lam, p: h @ torch.ones(3))
    with pytest.raises(ExerciseError, match="function"):
        ch08.check_sentence_mixup(0.5)
