"""A training loop over image tensors kept on the device, and per-class evaluation.

Introduced in Chapter 5. The images are converted to normalised floats on the
device once; each step indexes a batch out of them, so no per-sample Python
transform runs in the hot path. Images and models use the channels-last memory
layout, whose convolution kernels are markedly faster on CPUs (and on recent
GPUs). Which images a pass visits is the sampler's choice
(:mod:`course_utils.vision.samplers`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F

from ..batching import forward_in_batches
from ..config import get_device
from ..progress import progress
from ..seeding import seeded, torch_generator

MNIST_MEAN_STD = (0.1307, 0.3081)


def prepare_images(images: torch.Tensor, device=None, mean_std=MNIST_MEAN_STD) -> torch.Tensor:
    """uint8 images ``(n, H, W)`` -> normalised float32 ``(n, 1, H, W)``, channels-last, on ``device``.

    Introduced in Chapter 5. Float images with a channel axis keep their
    values; they are only moved to ``device`` and laid out channels-last.
    """
    device = get_device(device)
    images = torch.as_tensor(images).to(device)
    if images.dtype == torch.uint8:
        mean, std = mean_std
        images = (images.float().div_(255).sub_(mean).div_(std))
    if images.ndim == 3:
        images = images.unsqueeze(1)
    if images.ndim != 4:
        raise ValueError(f"images must be (n, H, W) or (n, C, H, W), got shape {tuple(images.shape)}.")
    return images.contiguous(memory_format=torch.channels_last)


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


@dataclass
class History:
    """What a call to :func:`fit` saw: one row per evaluation, and the step it kept.

    Introduced in Chapter 5.
    """

    records: list[dict] = field(default_factory=list)
    best_step: int | None = None
    best_score: float = float("-inf")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.records)


def fit(model: torch.nn.Module, images, labels, sampler, *, steps: int | None = None,
        epochs: int | None = None, batch_size: int = 64, lr: float = 0.01, momentum: float = 0.5,
        weight_decay: float = 0.0, schedule: str | None = None, val_images=None, val_labels=None, eval_every: int | None = None,
        select_on: str = "balanced_accuracy", train_only: str | None = None,
        augment=None, mix=None, mean_std=MNIST_MEAN_STD, callbacks=(), device=None,
        random_state: int | None = 0, verbose: bool = False) -> History:
    """Train ``model`` with SGD on batches drawn by ``sampler``; keep the best validation checkpoint.

    Introduced in Chapter 5.

    Parameters
    ----------
    model : torch.nn.Module
        Returns logits; moved to ``device`` in channels-last layout.
    images, labels : tensors
        The training set (uint8 ``(n, H, W)`` or float ``(n, C, H, W)``) and its classes.
    sampler : IndexSampler
        Decides which images each pass visits; built on the same ``labels``.
    steps, epochs : int
        The budget: exactly one of them. ``steps`` counts optimizer steps, so
        samplers with short passes (under-sampling) get as much compute as others.
    batch_size, lr, momentum, weight_decay : SGD settings (defaults: the published protocol).
    schedule : {None, "cosine"}
        ``"cosine"`` anneals the learning rate from ``lr`` to zero over a
        ``steps`` budget; ``None`` keeps it constant.
    val_images, val_labels : tensors, optional
        The validation split. With it, the model is scored after every pass
        (or every ``eval_every`` steps) and the best ``select_on`` score's
        weights are restored at the end; the test set is never used here.
    select_on : {"balanced_accuracy", "accuracy"}
        Score that chooses the checkpoint.
    train_only : {None, "head"}
        ``"head"`` freezes ``model.features`` (second stage of two-stage learning).
    augment : callable, optional
        ``augment(batch, generator)`` transforms each training batch on the
        device (for example :class:`~course_utils.vision.transforms.RandomShift`).
    mix : callable, optional
        ``mix(batch, labels, generator) -> (inputs, targets)``, applied after
        ``augment``: a mixer of Chapter 6 (:mod:`course_utils.vision.mixing`),
        whose targets may be label weights ``(n, C)``. The loss is the mixer's
        ``loss(logits, targets)`` if it has one, else cross-entropy.
    callbacks : iterable of callables
        Each is called as ``callback(epoch, model, history)`` after every pass.
    device, random_state, verbose : as everywhere in the course; ``verbose`` shows a progress bar.
    """
    if (steps is None) == (epochs is None):
        raise ValueError("give exactly one budget: steps or epochs.")
    if schedule not in (None, "cosine"):
        raise ValueError(f"schedule must be None or 'cosine', got {schedule!r}.")
    if schedule == "cosine" and steps is None:
        raise ValueError("the cosine schedule needs a steps budget (its length).")
    if select_on not in ("balanced_accuracy", "accuracy"):
        raise ValueError(f"select_on must be 'balanced_accuracy' or 'accuracy', got {select_on!r}.")
    if (val_images is None) != (val_labels is None):
        raise ValueError("give both val_images and val_labels, or neither.")
    if sampler.needs_feedback and val_images is None:
        raise ValueError(f"{type(sampler).__name__} learns from validation F1: pass val_images and val_labels.")
    device = get_device(device)
    X = prepare_images(images, device, mean_std)
    y = torch.as_tensor(labels, device=device, dtype=torch.int64)
    if len(X) != len(y) or len(y) != len(sampler.labels):
        raise ValueError(f"{len(X)} images, {len(y)} labels and a sampler over {len(sampler.labels)}.")
    if val_images is not None:
        X_val = prepare_images(val_images, device, mean_std)
        y_val = torch.as_tensor(val_labels, device=device, dtype=torch.int64)

    model.to(device=device, memory_format=torch.channels_last).train()
    if train_only == "head":
        for p in model.features.parameters():
            p.requires_grad_(False)
    elif train_only is not None:
        raise ValueError(f"train_only must be None or 'head', got {train_only!r}.")
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay)
    scheduler = (torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps)
                 if schedule == "cosine" else None)

    history = History()
    best_state = None
    step, epoch = 0, 0
    total = steps if steps is not None else None
    bar = progress(total=total, desc=type(sampler).__name__, unit="step", verbose=verbose, leave=False)

    # The running loss is summed on the device and read only when scored: no sync per step.
    # float64 as a Python float would be (Apple's MPS has no float64).
    loss_dtype = torch.float32 if device.type == "mps" else torch.float64

    def score(running_loss: torch.Tensor, seen: int) -> None:
        nonlocal best_state
        record = {"epoch": epoch, "step": step, "lr": optimizer.param_groups[0]["lr"],
                  "train_loss": float(running_loss) / max(seen, 1)}
        if val_images is not None:
            report = evaluate_network(model, X_val, y_val, device=device)
            record.update(val_accuracy=report.accuracy, val_balanced_accuracy=report.balanced_accuracy)
            value = getattr(report, select_on)
            if value > history.best_score:
                history.best_score, history.best_step = value, step
                best_state = copy.deepcopy(model.state_dict())
            if sampler.needs_feedback:
                sampler.feedback(report.per_class_f1)
            bar.set_postfix(val=f"{value:.3f}")
        history.records.append(record)

    # Dropout and augmentation are seeded; the global generator is restored after.
    with seeded(random_state, device) as seed:
        generator = torch_generator(seed)
        while (steps is None and epoch < epochs) or (steps is not None and step < steps):
            order = torch.as_tensor(sampler.epoch(), device=device)
            running, seen = torch.zeros((), dtype=loss_dtype, device=device), 0
            for start in range(0, len(order), batch_size):
                batch = order[start:start + batch_size]
                inputs, targets = X[batch], y[batch]
                if augment is not None:
                    inputs = augment(inputs, generator)
                if mix is not None:
                    inputs, targets = mix(inputs, targets, generator)
                loss = getattr(mix, "loss", F.cross_entropy)(model(inputs), targets)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                if scheduler is not None:
                    scheduler.step()
                running += loss.detach().to(loss_dtype) * len(batch)
                seen += len(batch)
                step += 1
                bar.update(1)
                if eval_every and step % eval_every == 0:
                    score(running, seen)
                if steps is not None and step >= steps:
                    break
            epoch += 1
            if not eval_every or step % eval_every != 0:
                score(running, seen)
            for callback in callbacks:
                callback(epoch, model, history)
    bar.close()
    if train_only == "head":
        for p in model.features.parameters():
            p.requires_grad_(True)
    if best_state is not None:
        model.load_state_dict(best_state)
    return history


def _n_outputs(model: torch.nn.Module) -> int:
    head = getattr(model, "head", None)
    return int(head.out_features) if isinstance(head, torch.nn.Linear) else 0
