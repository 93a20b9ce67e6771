"""Chapter 3 benchmark: training steps per second of the tabular VAE, on CPU and on CUDA if present.

The VAE of the chapter (30 -> 100 -> latent 20, Adam, batch 64) is trained on
the frauds of a stratified 80/20 training split of the fraud data, as
``VAEOverSampler`` does inside the chapter's pipelines (preprocessed with
``FraudPreprocessor``, then standardised). One warm-up epoch is not timed.
The table also gives the time of one whole fit of the chapter's size, which
with the classifiers' fits sets the chapter's full-profile time (the issue's
goal: 15 minutes on 2 CPU cores; the book's: about 8).

Run: ``COURSE_UTILS_DATA=/path/to/shared/data python benchmarks/ch03_vae.py
[--epochs 300] [--batch-size 64] [--devices cpu cuda]``. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
from sklearn.model_selection import train_test_split

from course_utils.config import get_device
from course_utils.data import load_creditcard
from course_utils.tabular import FraudPreprocessor, TabularVAE, fit_vae

SEED = 0


def training_frauds():
    """Standardised frauds of the training split, as the sampler sees them."""
    data = load_creditcard()
    X, y = data.drop(columns="Class"), data["Class"]
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.2, stratify=y, random_state=SEED)
    frauds = FraudPreprocessor().fit(X_train).transform(X_train)[y_train == 1].to_numpy(np.float32)
    return (frauds - frauds.mean(axis=0)) / frauds.std(axis=0)


def time_fit(frauds, device, epochs, batch_size):
    """Seconds of ``epochs`` epochs (after one untimed warm-up epoch) and the steps they took."""
    fit_vae(TabularVAE(frauds.shape[1], random_state=SEED), frauds, epochs=1, batch_size=batch_size,
            device=device, random_state=SEED)
    model = TabularVAE(frauds.shape[1], random_state=SEED)
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    fit_vae(model, frauds, epochs=epochs, batch_size=batch_size, device=device, random_state=SEED)
    if device.type == "cuda":
        torch.cuda.synchronize()
    steps = epochs * -(-len(frauds) // batch_size)
    return time.perf_counter() - start, steps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--devices", nargs="+", default=None,
                        help="devices to time (default: cpu, and cuda when available)")
    args = parser.parse_args()
    devices = args.devices or (["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"])
    frauds = training_frauds()
    print(f"Training frauds: {len(frauds)}; batch {args.batch_size}; {args.epochs} epochs; "
          f"torch threads {torch.get_num_threads()}.\n")
    print("| device | steps | seconds | steps / s | rows / s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in devices:
        device = get_device(name)
        seconds, steps = time_fit(frauds, device, args.epochs, args.batch_size)
        print(f"| {device} | {steps:,} | {seconds:.2f} | {steps / seconds:,.0f} | "
              f"{args.epochs * len(frauds) / seconds:,.0f} |")


if __name__ == "__main__":
    main()
