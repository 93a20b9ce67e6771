"""The training loop of the image chapters, over image tensors kept on the device.

Introduced in Chapter 5. The images are converted to normalised floats on the
device once; each step indexes a batch out of them, so no per-sample Python
transform runs in the hot path. Images and models use the channels-last memory
layout, whose convolution kernels are markedly faster on CPUs (and on recent
GPUs). Which images a pass visits is the sampler's choice
(:mod:`course_utils.vision.samplers`).
"""

from __future__ import annotations

import contextlib

import torch
import torch.nn.functional as F

from ..config import get_device
from ..progress import progress
from ..seeding import seeded, torch_generator
from .checkpoint import SELECT_ON, History, ValidationCheckpoint
from .images import MNIST_MEAN_STD, prepare_images

__all__ = ["History", "fit"]


def fit(model: torch.nn.Module, images, labels, sampler, *, steps: int | None = None,
        epochs: int | None = None, batch_size: int = 64, lr: float = 0.01, momentum: float = 0.5,
        weight_decay: float = 0.0, schedule: str | None = None, val_images=None, val_labels=None,
        eval_every: int | None = None, select_on: str = "balanced_accuracy", train_only: str | None = None,
        augment=None, mix=None, loss=None, mean_std=MNIST_MEAN_STD, callbacks=(), device=None,
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
        whose targets may be label weights ``(n, C)``.
    loss : callable, optional
        ``loss(logits, targets)`` to minimise (Chapter 5b's losses); by
        default the mixer's ``loss`` if it has one, else cross-entropy.
    callbacks : iterable of callables
        Each is called as ``callback(epoch, model, history)`` after every pass.
    device, random_state, verbose : as everywhere in the course; ``verbose`` shows a progress bar.
    """
    _check_settings(steps, epochs, schedule, select_on, train_only, val_images, val_labels, sampler)
    device = get_device(device)
    X = prepare_images(images, device, mean_std)
    y = torch.as_tensor(labels, device=device, dtype=torch.int64)
    if len(X) != len(y) or len(y) != len(sampler.labels):
        raise ValueError(f"{len(X)} images, {len(y)} labels and a sampler over {len(sampler.labels)}.")
    checkpoint = None if val_images is None else ValidationCheckpoint(
        prepare_images(val_images, device, mean_std),
        torch.as_tensor(val_labels, device=device, dtype=torch.int64), select_on, sampler)
    criterion = loss if loss is not None else getattr(mix, "loss", F.cross_entropy)
    model.to(device=device, memory_format=torch.channels_last).train()
    history = History()
    bar = progress(total=steps, desc=type(sampler).__name__, unit="step", verbose=verbose, leave=False)
    # The running loss is summed on the device and read only when scored: no sync per step.
    # float64 as a Python float would be (Apple's MPS has no float64).
    loss_dtype = torch.float32 if device.type == "mps" else torch.float64
    step, epoch = 0, 0

    def score(running: torch.Tensor, seen: int) -> None:
        record = {"epoch": epoch, "step": step, "lr": optimizer.param_groups[0]["lr"],
                  "train_loss": float(running) / max(seen, 1)}
        if checkpoint is not None:
            bar.set_postfix(val=f"{checkpoint.score(model, record, history, step):.3f}")
        history.records.append(record)

    # Dropout and augmentation are seeded; the global generator is restored after.
    with _trainable(model, train_only) as params, seeded(random_state, device) as seed:
        optimizer, scheduler = _sgd(params, lr, momentum, weight_decay, schedule, steps)
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
                batch_loss = criterion(model(inputs), targets)
                optimizer.zero_grad(set_to_none=True)
                batch_loss.backward()
                optimizer.step()
                if scheduler is not None:
                    scheduler.step()
                running += batch_loss.detach().to(loss_dtype) * len(batch)
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
    if checkpoint is not None:
        checkpoint.restore(model)
    return history


def _check_settings(steps, epochs, schedule, select_on, train_only, val_images, val_labels, sampler) -> None:
    """Every check of fit's settings, before any work is done."""
    if (steps is None) == (epochs is None):
        raise ValueError("give exactly one budget: steps or epochs.")
    if schedule not in (None, "cosine"):
        raise ValueError(f"schedule must be None or 'cosine', got {schedule!r}.")
    if schedule == "cosine" and steps is None:
        raise ValueError("the cosine schedule needs a steps budget (its length).")
    if select_on not in SELECT_ON:
        raise ValueError(f"select_on must be 'balanced_accuracy' or 'accuracy', got {select_on!r}.")
    if train_only not in (None, "head"):
        raise ValueError(f"train_only must be None or 'head', got {train_only!r}.")
    if (val_images is None) != (val_labels is None):
        raise ValueError("give both val_images and val_labels, or neither.")
    if sampler.needs_feedback and val_images is None:
        raise ValueError(f"{type(sampler).__name__} learns from validation F1: pass val_images and val_labels.")


@contextlib.contextmanager
def _trainable(model: torch.nn.Module, train_only: str | None):
    """The parameters to train; with ``train_only="head"`` the features are frozen until the block ends."""
    frozen = list(model.features.parameters()) if train_only == "head" else []
    for p in frozen:
        p.requires_grad_(False)
    try:
        yield [p for p in model.parameters() if p.requires_grad]
    finally:
        for p in frozen:
            p.requires_grad_(True)


def _sgd(params, lr, momentum, weight_decay, schedule, steps):
    """SGD with momentum, and the cosine schedule over ``steps`` when asked for."""
    optimizer = torch.optim.SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps) if schedule == "cosine" else None
    return optimizer, scheduler
