"""Chapter 6 benchmark: what each mixer costs per batch, and per training step.

Two tables on LT-Fashion-MNIST batches (batch 64, normalised, channels-last,
on the device):

* the mixer alone, per batch (median over repeats);
* a whole training step of ``ConvNet`` with it, through
  :func:`course_utils.vision.fit` (SGD lr 0.1, momentum 0.9, no validation),
  so the chapter can size its step budget.

Run: ``python benchmarks/ch06_mixing.py [--steps 300] [--device cpu]``.
Goal (issue): the chapter's full profile within 30 minutes on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from course_utils.config import get_device
from course_utils.data import load_fashion_mnist
from course_utils.vision import (
    AugMix, ConvNet, CutMix, Cutout, MixUp, Remix, SequentialMix, ShuffleSampler, fit, make_long_tail,
    prepare_images,
)


def mixers(counts):
    n = len(counts)
    return {
        "none": None,
        "Cutout (augment)": Cutout(8),
        "MixUp": MixUp(n),
        "CutMix": CutMix(n),
        "CutMix then MixUp": SequentialMix([CutMix(n), MixUp(n)]),
        "Remix": Remix(counts),
        "AugMix (4 groups)": AugMix(groups=4),
        "AugMix + JSD (4 groups)": AugMix(groups=4, jsd=True),
    }


def synchronize(device):
    """Wait for the device's queued work: CUDA runs asynchronously, so the clock would stop too early."""
    if torch.device(device).type == "cuda":
        torch.cuda.synchronize(device)


def per_batch(mix, images, labels, repeats):
    g = torch.Generator().manual_seed(0)
    times = []
    for start in range(0, repeats * 64, 64):
        batch = images[start % (len(images) - 64):][:64]
        target = labels[start % (len(images) - 64):][:64]
        synchronize(batch.device)
        t = time.perf_counter()
        if isinstance(mix, Cutout):
            mix(batch, g)
        elif mix is not None:
            mix(batch, target, g)
        synchronize(batch.device)
        times.append(time.perf_counter() - t)
    return 1000 * float(np.median(times))


def per_step(mix, images, labels, steps, device):
    augment, mix = (mix, None) if isinstance(mix, Cutout) else (None, mix)
    synchronize(device)
    start = time.perf_counter()
    fit(ConvNet(random_state=0), images, labels, ShuffleSampler(labels, 0), steps=steps, batch_size=64, lr=0.1,
        momentum=0.9, augment=augment, mix=mix, device=device, random_state=0)
    synchronize(device)
    return 1000 * (time.perf_counter() - start) / steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=100)
    parser.add_argument("--device", default=None)
    args = parser.parse_args()
    device = get_device(args.device)
    images, labels = load_fashion_mnist("train")
    idx = make_long_tail(labels.numpy(), imbalance_ratio=100, head=6000, random_state=0)
    images, labels = images[idx], labels[idx]
    counts = np.bincount(labels.numpy())
    X, y = prepare_images(images, device), labels.to(device)

    print(f"LT-Fashion-MNIST ({len(idx)} images), batch 64, device {device}, {torch.get_num_threads()} threads\n")
    print("| mixer | per batch (ms) | training step (ms) | step vs none |")
    print("| --- | ---: | ---: | ---: |")
    per_step(None, images, labels, 20, device)  # warm-up: the first run pays for the allocator and kernels
    base = None
    for name, mix in mixers(counts).items():
        batch_ms = per_batch(mix, X, y, args.repeats)
        step_ms = per_step(mix, images, labels, args.steps, device)
        base = base or step_ms
        print(f"| {name} | {batch_ms:.2f} | {step_ms:.2f} | {step_ms / base:.2f}x |")


if __name__ == "__main__":
    main()
