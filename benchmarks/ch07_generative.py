"""Chapter 7 benchmark: how fast the generators train and how much a top-up costs.

On the long-tailed MNIST training set of Chapter 5 (seed 0), it times

* training steps per second of the class-conditional ``ConvVAE`` and of
  DeepSMOTE's autoencoder (reconstruction + permutation penalty), batch 64;
* ``top_up`` of every class below ``--target`` images with each trained generator;
* for scale, SGD steps per second of the classifier ``Net`` that the chapter trains.

Run: ``python benchmarks/ch07_generative.py [--steps 300] [--target 1000] [--device cpu]``.
Goal (issue): the chapter's full profile within 30 minutes on 2 CPU cores; these
per-step costs size its ``Chapter7Settings``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from course_utils.config import get_device
from course_utils.data import load_mnist
from course_utils.vision import (ConvVAE, DeepSMOTE, Net, RandomOverIndexSampler, fit, fit_deepsmote, fit_conv_vae,
                                 long_tail_split, top_up)


def timed(call):
    start = time.perf_counter()
    out = call()
    return out, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--target", type=int, default=1000)
    parser.add_argument("--device", default=None)
    args = parser.parse_args()
    device = get_device(args.device)
    images, labels = load_mnist("train")
    train_idx, _ = long_tail_split(labels, 100, 6000, 100, random_state=0)
    X, y = images[train_idx], labels[train_idx]
    counts = np.bincount(y.numpy())
    targets = {c: args.target for c in range(len(counts)) if counts[c] < args.target}

    rows = []
    for name, model, train in (("ConvVAE (conditional)", ConvVAE(random_state=0), fit_conv_vae),
                               ("DeepSMOTE autoencoder", DeepSMOTE(random_state=0), fit_deepsmote)):
        train(model, X, y, steps=5, device=device)  # warm-up: first-call allocations
        _, seconds = timed(lambda: train(model, X, y, steps=args.steps, device=device))
        (grown, _), top_up_seconds = timed(lambda: top_up(model, X, y, targets))
        rows.append((name, args.steps / seconds, top_up_seconds, len(grown) - len(X)))
    net = Net(random_state=0)
    fit(net, X, y, RandomOverIndexSampler(y, random_state=0), steps=5, device=device)
    _, seconds = timed(lambda: fit(net, X, y, RandomOverIndexSampler(y, random_state=0), steps=args.steps,
                                   device=device))
    rows.append(("classifier Net (SGD, for scale)", args.steps / seconds, float("nan"), 0))

    print(f"LT-MNIST ({len(X)} images), {args.steps} steps of batch 64, device {device}, "
          f"{torch.get_num_threads()} threads\n")
    print("| model | steps / s | top-up (s) | images generated |")
    print("| --- | ---: | ---: | ---: |")
    for name, speed, top_up_seconds, generated in rows:
        cost = "—" if np.isnan(top_up_seconds) else f"{top_up_seconds:.2f}"
        print(f"| {name} | {speed:.0f} | {cost} | {generated:,} |")


if __name__ == "__main__":
    main()
