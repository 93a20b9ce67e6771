"""Checkers for the exercises of Chapter 8 (text augmentation for SMS spam).

Introduced in Chapter 8. A checker returns a success message, returns a
"not answered yet" message for ``None``, and otherwise raises
:class:`~course_utils.exercises.ExerciseError` that names the likely mistake.
"""

from __future__ import annotations

import math


from course_utils.exercises import ExerciseError
from course_utils.exercises.answers import as_number, not_answered

__all__ = [
    "AUGMENTATION_EXERCISE",
    "DUPLICATES_EXERCISE",
    "check_augmented_count",
    "check_duplicate_share",
    "check_sentence_mixup",
]

AUGMENTATION_EXERCISE = {"ham": 3619, "spam": 560, "target_ratio": 0.5}
"""Exercise 1: the published training split (75 % of the data) and a target spam-to-ham ratio."""

DUPLICATES_EXERCISE = {"ham": 4825, "ham_repeats": 309, "ham_in_repeated_groups": 503,
                       "messages": 5572, "repeats_all_classes": 403}
"""Exercise 2: counts in the SMS Spam Collection as loaded by ``load_sms_spam()``.

``ham_repeats``: ham messages identical to an earlier ham message;
``ham_in_repeated_groups``: ham messages that occur more than once, first copies included;
``repeats_all_classes``: messages identical to an earlier message of any class.
"""


def check_augmented_count(answer) -> str:
    """Exercise 1: how many augmented spam texts reach the ratio in :data:`AUGMENTATION_EXERCISE`?

    Introduced in Chapter 8. The answer is
    ``ceil(target_ratio * ham) - spam``, as :func:`course_utils.text.augment_minority` adds.
    """
    if answer is None:
        return not_answered("the number of augmented spam texts")
    p = AUGMENTATION_EXERCISE
    target = math.ceil(p["target_ratio"] * p["ham"])
    expected = target - p["spam"]
    value = as_number(answer, "the number of augmented texts")
    if value == expected:
        return f"Correct: {expected} augmented texts bring spam to {target} = {p['target_ratio']} x {p['ham']} ham."
    hints = {
        target: "that is the spam total after augmentation; the 560 originals are already there.",
        p["ham"] - p["spam"]: "that balances the classes (ratio 1); the target ratio here is "
                              f"{p['target_ratio']}.",
        p["target_ratio"] * p["spam"]: "the ratio is spam to ham after augmentation, not a share of spam.",
        math.floor(p["target_ratio"] * p["ham"]) - p["spam"]: "round the target up (ceil): 1809.5 spam "
                                                              "texts would leave the ratio just below 0.5.",
    }
    for wrong, hint in hints.items():
        if math.isclose(value, wrong):
            raise ExerciseError(f"expected {expected}, got {value:g}: {hint}")
    raise ExerciseError(f"expected {expected}, got {value:g}: spam needs ceil(ratio x ham) texts in all; "
                        "subtract the spam you already have.")


def check_duplicate_share(answer) -> str:
    """Exercise 2: the share of ham messages that repeat an earlier ham message exactly.

    Introduced in Chapter 8. Expected ``ham_repeats / ham`` of :data:`DUPLICATES_EXERCISE`.
    """
    if answer is None:
        return not_answered("the share of ham messages that are repeats,")
    p = DUPLICATES_EXERCISE
    expected = p["ham_repeats"] / p["ham"]
    value = as_number(answer, "the share of repeated ham")
    if math.isclose(value, expected, abs_tol=5e-4):
        return f"Correct: {expected:.4f} of the ham ({p['ham_repeats']} messages) repeat an earlier ham message."
    hints = [
        (p["ham_in_repeated_groups"] / p["ham"], "you counted the first copy of each repeated message too "
                                                 "(duplicated(keep=False)); de-duplication keeps it."),
        (p["ham_repeats"] / p["messages"], "divide by the number of ham messages, not all messages."),
        (p["repeats_all_classes"] / p["messages"], "count repeats within ham only, and divide by the ham count."),
        (p["ham_repeats"], "give a share (a fraction of the ham), not a count."),
        (100 * expected, "give a fraction between 0 and 1, not a percentage."),
    ]
    for wrong, hint in hints:
        if math.isclose(value, wrong, abs_tol=5e-4):
            raise ExerciseError(f"expected {expected:.4f}, got {value:.4f}: {hint}")
    raise ExerciseError(f"expected {expected:.4f}, got {value:.4f}: count ham messages equal to an earlier ham "
                        "message, divided by the number of ham messages.")


def check_sentence_mixup(mix) -> str:
    """Exercise 3: a function ``mix(embeddings, labels, lam, perm) -> (mixed, soft_targets)``.

    Introduced in Chapter 8. ``embeddings`` is a float tensor ``(n, d)`` of
    sentence embeddings, ``labels`` a long tensor ``(n,)`` of 0/1, ``lam`` a float
    and ``perm`` a permutation of ``range(n)``. Expected:
    ``mixed = lam * embeddings + (1 - lam) * embeddings[perm]`` and
    ``soft_targets = lam * onehot(labels) + (1 - lam) * onehot(labels[perm])``.
    """
    if mix is None:
        return not_answered("your mixing function")
    if not callable(mix):
        raise ExerciseError(f"the answer should be a function mix(embeddings, labels, lam, perm), "
                            f"got {type(mix).__name__}.")
    import torch
    import torch.nn.functional as F

    generator = torch.Generator().manual_seed(8)
    embeddings = torch.randn(6, 4, generator=generator)
    labels = torch.tensor([0, 1, 0, 0, 1, 0])
    perm = torch.tensor([1, 0, 3, 2, 5, 4])
    lam = 0.7
    onehot = F.one_hot(labels, 2).float()
    expected_h = lam * embeddings + (1 - lam) * embeddings[perm]
    expected_y = lam * onehot + (1 - lam) * onehot[perm]
    try:
        out = mix(embeddings.clone(), labels.clone(), lam, perm.clone())
    except Exception as err:  # the learner's code failed: say how, do not crash the notebook's checker cell
        raise ExerciseError(f"your function raised {type(err).__name__}: {err}") from err
    if not (isinstance(out, tuple) and len(out) == 2):
        raise ExerciseError("return two things: (mixed embeddings, soft targets).")
    mixed, soft = (torch.as_tensor(o, dtype=torch.float32) for o in out)
    if mixed.shape != expected_h.shape:
        raise ExerciseError(f"mixed embeddings should have shape {tuple(expected_h.shape)}, got {tuple(mixed.shape)}.")
    if torch.allclose(mixed, (1 - lam) * embeddings + lam * embeddings[perm], atol=1e-5):
        raise ExerciseError("the embeddings are mixed the wrong way round: lam weighs the original "
                            "sentence, 1 - lam its partner embeddings[perm].")
    if not torch.allclose(mixed, expected_h, atol=1e-5):
        raise ExerciseError("the mixed embeddings are off: expected lam * embeddings + (1 - lam) * embeddings[perm].")
    if soft.shape != expected_y.shape:
        raise ExerciseError(f"soft targets should be one row of 2 class weights per sentence, shape "
                            f"{tuple(expected_y.shape)}, got {tuple(soft.shape)}: mix one-hot labels.")
    if torch.allclose(soft, onehot, atol=1e-5):
        raise ExerciseError("the targets are the original one-hot labels: mix them with the same lam "
                            "as the embeddings.")
    if torch.allclose(soft, (1 - lam) * onehot + lam * onehot[perm], atol=1e-5):
        raise ExerciseError("the targets are mixed with lam and 1 - lam swapped; use the weights of the embeddings.")
    if not torch.allclose(soft, expected_y, atol=1e-5):
        raise ExerciseError("the soft targets are off: expected "
                            "lam * onehot(labels) + (1 - lam) * onehot(labels[perm]).")
    return "Correct: embeddings and one-hot labels are mixed with the same weight lam."
