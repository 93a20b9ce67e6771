"""Chapter 4 benchmark: training steps per second of each GAN kind, on the CPU and on CUDA if present.

Each kind trains on rows shaped like the fraud data's training frauds (344
rows, 30 columns, standard normal) with the published sizes (noise 32,
generator 128 -> 256 -> 512, critic 512 -> 256 -> 128, batch 128). A "step"
is one generator update, so the Wasserstein kinds, with five critic updates
and a gradient penalty per step, do about five times the work of the others.
The table tells the chapter how many steps fit its budget (the issue's goal:
the full profile within 15 minutes on 2 cores).

Run: ``python benchmarks/ch04_gan.py [--steps N] [--threads T]``. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from course_utils.tabular import KINDS, TabularGAN


def steps_per_second(kind, rows, steps, device):
    # A short run first, so that one-off costs (allocations, CUDA context, kernel choice) are not timed.
    TabularGAN(kind, steps=5, sample_every=steps, device=device, random_state=0).fit(rows)
    if device == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    TabularGAN(kind, steps=steps, sample_every=steps, device=device, random_state=0).fit(rows)
    if device == "cuda":
        torch.cuda.synchronize()
    return steps / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="generator steps timed per kind (default 200)")
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads (default 2)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = np.random.default_rng(0).normal(size=(344, 30)).astype(np.float32)
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    print(f"{args.steps} generator steps per kind, {args.threads} CPU threads.\n")
    print("| kind | " + " | ".join(f"{d} steps/s" for d in devices) + " |")
    print("| --- |" + " ---: |" * len(devices))
    for kind in KINDS:
        rates = [steps_per_second(kind, rows, args.steps, device) for device in devices]
        print(f"| {kind} | " + " | ".join(f"{r:.1f}" for r in rates) + " |", flush=True)


if __name__ == "__main__":
    main()
