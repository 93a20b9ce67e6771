"""Grow chosen classes of an image set with a trained generator.

Introduced in Chapter 7.
"""

from __future__ import annotations

import torch

from ...seeding import numpy_generator
from ..checks import check_labels


def top_up(generator, images, labels, targets: dict, random_state: int | None = None):
    """Grow chosen classes to target counts with generated images; originals first.

    Introduced in Chapter 7.

    Parameters
    ----------
    generator : ConvVAE or DeepSMOTE (trained)
        Anything with ``generate(label, n, random_state)`` returning uint8 images.
    images : uint8 tensor (n, 28, 28)
    labels : int tensor (n,)
    targets : dict {class: count}
        Final number of images of each class named; other classes are left as they are.
    random_state : int or None

    Returns
    -------
    images, labels : tensors on the device of ``images``
        The originals, then the generated images class by class.

    Raises
    ------
    ValueError
        If a class is not among ``labels`` or its target is below its current count.
    """
    labels = torch.as_tensor(check_labels(labels))
    images = torch.as_tensor(images)
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels.")
    counts = torch.bincount(labels)
    present = set(torch.nonzero(counts).ravel().tolist())
    for c, target in targets.items():
        if c not in present:
            raise ValueError(f"class {c!r} has no image in labels (classes present: {sorted(present)}).")
        if target < counts[c]:
            raise ValueError(f"class {c} already has {int(counts[c])} images, more than its target {target}.")
    rng = numpy_generator(random_state)
    new_images, new_labels = [images], [labels]
    for c, target in sorted(targets.items()):
        n = int(target - counts[c])
        if n:
            fake = generator.generate(c, n, random_state=int(rng.integers(2**31 - 1)))
            new_images.append(fake.to(images.device))
            new_labels.append(torch.full((n,), c, dtype=labels.dtype))
    return torch.cat(new_images), torch.cat(new_labels).to(images.device)
