"""Per-class scores of a network on a whole labelled set.

Introduced in Chapter 5. Every image counts (the whole test set, not a last batch).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from ..batching import forward_in_batches
from ..config import get_device
from .images import MNIST_MEAN_STD, prepare_images


@dataclass
class Report:
    """Scores of a classifier on a labelled set, overall and per class.

    Introduced in Chapter 5.
    """

    accuracy: float
    balanced_accuracy: float
    per_class_accuracy: np.ndarray
    per_class_f1: np.ndarray
    confusion: np.ndarray
    """``confusion[i, j]``: images of class ``i`` predicted as ``j``."""


@torch.no_grad()
def evaluate_network(model: torch.nn.Module, images, labels, batch_size: int = 2048, device=None,
                     mean_std=MNIST_MEAN_STD) -> Report:
    """Accuracy, balanced accuracy, per-class accuracy and F1, confusion matrix.

    Introduced in Chapter 5. Every image counts (the whole test set, not a
    last batch). Per-class accuracy is the recall of each class. The model is
    moved to ``device`` (channels-last).
    """
    device = get_device(device)
    model.to(device=device, memory_format=torch.channels_last)
    images = prepare_images(images, device, mean_std)
    labels = torch.as_tensor(labels, device=device, dtype=torch.int64)
    if len(images) != len(labels):
        raise ValueError(f"{len(images)} images but {len(labels)} labels.")
    preds = forward_in_batches(model, lambda x: model(x).argmax(1), images, batch_size=batch_size)
    n_classes = max(int(labels.max()) + 1, _n_outputs(model))
    confusion = torch.bincount(labels * n_classes + preds, minlength=n_classes ** 2)
    confusion = confusion.reshape(n_classes, n_classes).cpu().numpy()
    support, predicted, correct = confusion.sum(1), confusion.sum(0), np.diag(confusion)
    with np.errstate(divide="ignore", invalid="ignore"):
        recall = np.where(support > 0, correct / support, np.nan)
        f1 = np.where(support + predicted > 0, 2 * correct / (support + predicted), 0.0)
    return Report(
        accuracy=float(correct.sum() / support.sum()),
        balanced_accuracy=float(np.nanmean(recall)),
        per_class_accuracy=recall,
        per_class_f1=f1,
        confusion=confusion,
    )


def _n_outputs(model: torch.nn.Module) -> int:
    # A network's classes, when it names them: a class absent from the labels still gets a row.
    head = getattr(model, "head", None)
    return int(head.out_features) if isinstance(head, torch.nn.Linear) else 0
