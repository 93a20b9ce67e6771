"""Checkers for the exercises of Chapter 6 (augmentation and mixing).

Introduced in Chapter 6. Each exercise's inputs are constants here, so the
chapter, the checker and the tests read the same values. A checker returns a
success message, returns a "not answered yet" message for ``None``, and
otherwise raises :class:`~course_utils.exercises.ExerciseError` naming the
likely mistake.
"""

from __future__ import annotations

import numpy as np
import torch

from course_utils.exercises import ExerciseError
from course_utils.exercises.answers import not_answered
from course_utils.vision import Mixer, Remix

__all__ = [
    "CUTMIX_EXERCISE",
    "REMIX_EXERCISE",
    "check_cutmix_weight",
    "check_fmix",
    "check_remix_shares",
]

CUTMIX_EXERCISE = {"size": (28, 28), "lam": 0.19, "centre": (25, 4)}
"""Exercise 1: CutMix's box for this ``lam`` and centre (row, column) on a 28x28 image."""

REMIX_EXERCISE = {
    "class_counts": (4800, 2877, 1725, 1034, 619, 371, 222, 133, 80, 48),
    "labels_i": (0, 9, 3, 4, 8, 1),
    "labels_j": (9, 0, 4, 3, 2, 0),
    "lams": (0.3, 0.7),
    "kappa": 3.0,
    "tau": 0.5,
}
"""Exercise 2: six pairs of LT-Fashion-MNIST classes, and two image shares ``lam``."""


def check_cutmix_weight(answer) -> str:
    """Check exercise 1: the label weight of the kept image under CutMix.

    Introduced in Chapter 6.
    """
    if answer is None:
        return not_answered("the label weight of the image that receives the box (a number)")
    p = CUTMIX_EXERCISE
    h, w = p["size"]
    half_h, half_w = int(h * np.sqrt(1 - p["lam"])) // 2, int(w * np.sqrt(1 - p["lam"])) // 2
    cy, cx = p["centre"]
    top, bottom, left, right = max(cy - half_h, 0), min(cy + half_h, h), max(cx - half_w, 0), min(cx + half_w, w)
    expected = 1 - (bottom - top) * (right - left) / (h * w)
    value = float(answer)
    if abs(value - expected) < 1e-3:
        return f"Correct: the box is clipped to {(bottom - top)}x{(right - left)} pixels, so the weight is {expected:.4f}."
    if abs(value - p["lam"]) < 1e-3:
        raise ExerciseError(f"expected {expected:.4f}, got {value:.4f}: the box crosses the border and is clipped, "
                            "so less than 1 - lam of the image is pasted; weigh by the area actually pasted.")
    if abs(value - (1 - expected)) < 1e-3:
        raise ExerciseError(f"expected {expected:.4f}, got {value:.4f}: that is the pasted share; the image that "
                            "receives the box keeps the rest.")
    raise ExerciseError(f"expected {expected:.4f}, got {value:.4f}: find the box (half sides int(H sqrt(1 - lam)) // 2 "
                        "around the centre), clip it to the image, and take 1 - its area / (H W).")


def check_remix_shares(answer) -> str:
    """Check exercise 2: Remix's label weight of ``y_i`` for every pair and both ``lam`` (a 2 x 6 array).

    Introduced in Chapter 6.
    """
    if answer is None:
        return not_answered("a 2 x 6 array: one row of label weights per lam")
    p = REMIX_EXERCISE
    remix = Remix(p["class_counts"], kappa=p["kappa"], tau=p["tau"])
    i, j = torch.tensor(p["labels_i"]), torch.tensor(p["labels_j"])
    expected = np.array([remix.label_share(i, j, lam).numpy() for lam in p["lams"]])
    try:
        value = np.asarray(answer, dtype=float).reshape(expected.shape)
    except (TypeError, ValueError):
        raise ExerciseError(f"the answer should be {expected.size} numbers in a 2 x 6 array, got {answer!r}.") from None
    if np.allclose(value, expected, atol=1e-6):
        return f"Correct: the label weights are {expected.round(2).tolist()}."
    plain = np.array([[lam] * len(i) for lam in p["lams"]])
    swapped = np.array([Remix(p["class_counts"][::-1], kappa=p["kappa"], tau=p["tau"])
                        .label_share(9 - i, 9 - j, lam).numpy() for lam in p["lams"]])
    if np.allclose(value, plain):
        raise ExerciseError(f"expected {expected.round(2).tolist()}: that is plain MixUp; Remix gives the whole "
                            "label to the rarer class when the ratio of counts reaches kappa and its image share tau.")
    if np.allclose(value, 1 - expected) or np.allclose(value, swapped):
        raise ExerciseError(f"expected {expected.round(2).tolist()}: the rule favours the *rare* class; "
                            "check which way round you compared n_i / n_j.")
    raise ExerciseError(f"expected {expected.round(2).tolist()}, got {value.round(2).tolist()}: weight 0 if "
                        "n_i / n_j >= kappa and lam < tau, 1 if n_i / n_j <= 1 / kappa and 1 - lam < tau, else lam.")


def check_fmix(answer) -> str:
    """Check exercise 3: a mixer (a :class:`~course_utils.vision.Mixer`) that mixes with FMix masks.

    Introduced in Chapter 6. The mixer is run on images that are each one
    constant, so every pixel shows which image it came from: each mixed image
    must consist of its own pixels and its partner's only, its label weight
    must equal the share of its own pixels, and the masks must not all be boxes.
    """
    if answer is None:
        return not_answered("an instance of your FMix mixer (a vision.Mixer subclass) with n_classes=4")
    if not isinstance(answer, Mixer):
        raise ExerciseError(f"expected an instance of a vision.Mixer subclass, got {type(answer).__name__}: "
                            "subclass vision.Mixer and implement mix(images, generator).")
    n, size = 12, 16
    images = (torch.arange(n, dtype=torch.float32) + 1)[:, None, None, None].expand(n, 1, size, size).contiguous()
    labels = torch.arange(n) % answer.n_classes
    boxes = 0
    for seed in range(8):
        g = torch.Generator().manual_seed(seed)
        mixed, weights = answer(images, labels, g)
        g.manual_seed(seed)
        _, lam, perm = answer.mix(images, g)
        if mixed.shape != images.shape or weights.shape != (n, answer.n_classes):
            raise ExerciseError(f"shapes changed: images {tuple(mixed.shape)}, label weights {tuple(weights.shape)}; "
                                f"expected {tuple(images.shape)} and {(n, answer.n_classes)}.")
        if not torch.allclose(weights.sum(1), torch.ones(n), atol=1e-5):
            raise ExerciseError("the label weights of a sample must sum to 1.")
        own = mixed == images
        partner = mixed == images[perm]
        if not (own | partner).all():
            raise ExerciseError("some pixels come from neither the image nor its partner: FMix pastes pixels "
                                "through a binary mask, it does not blend them.")
        moved = perm != torch.arange(n)
        kept = own.float().mean(dim=(1, 2, 3))
        if moved.any() and not torch.allclose(kept[moved], torch.full_like(kept[moved], float(lam)), atol=1e-4):
            raise ExerciseError(f"mix() returned lam={float(lam):.3f}, but the images keep {kept[moved].mean():.3f} "
                                "of their pixels: return the share of the mask, which is the label weight.")
        # A box is the outer product of the rows and the columns it touches.
        boxes += all(torch.equal(p, p.any(1)[:, None] & p.any(0)[None, :]) for p in ~own[moved][:, 0])
    if boxes == 8:
        raise ExerciseError("every mask was a rectangle, as in CutMix: FMix thresholds a low-frequency noise "
                            "image, so its masks have free-form shapes.")
    return "Correct: your mixer pastes free-form masks and weighs the labels by the pixels it keeps."
