"""Chapter 5 benchmark: the published training protocol, the published way versus course_utils.

Both runs train the same ``Net`` on the same long-tailed MNIST images for the
same number of epochs (SGD lr 0.01, momentum 0.5, batch 64) and score the whole
test set after every epoch, as the published notebook did:

* published way: a map-style dataset that, like ``torchvision.datasets.MNIST``,
  makes a PIL image of each sample and applies ``ToTensor`` + ``Normalize`` to
  it, then ``Subset`` and ``DataLoader``;
* course_utils: tensors preloaded on the device, batches indexed out of them
  (:func:`course_utils.vision.fit`, :func:`course_utils.vision.evaluate_network`).

Run: ``python benchmarks/ch05_training_loop.py [--epochs 20] [--device cpu]``.
Goal (issue): the course loop at least 2x faster for the whole run on 2 CPU cores.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch.utils.data import DataLoader, Dataset, Subset
from torchvision import transforms

from course_utils.config import get_device
from course_utils.data import load_mnist
from course_utils.vision import Net, ShuffleSampler, evaluate_network, fit, make_long_tail


class PerSampleMNIST(Dataset):
    """What ``torchvision.datasets.MNIST.__getitem__`` does: a PIL image per sample, then the transform."""

    def __init__(self, split, transform):
        self.images, self.labels = load_mnist(split)
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.transform(Image.fromarray(self.images[i].numpy(), mode="L")), int(self.labels[i])


def published_way(train_idx, epochs, device, seed):
    tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train = Subset(PerSampleMNIST("train", tf), train_idx)
    test = PerSampleMNIST("test", tf)
    g = torch.Generator().manual_seed(seed)
    train_loader = DataLoader(train, batch_size=64, shuffle=True, generator=g)
    test_loader = DataLoader(test, batch_size=1000)
    model = Net(random_state=seed).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    accuracy = 0.0
    for _ in range(epochs):
        model.train()
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            F.cross_entropy(model(x), y).backward()
            optimizer.step()
        model.eval()
        correct = 0
        with torch.no_grad():
            for x, y in test_loader:
                correct += (model(x.to(device)).argmax(1) == y.to(device)).sum().item()
        accuracy = correct / len(test)
    return accuracy


def course_way(train_idx, epochs, device, seed):
    images, labels = load_mnist("train")
    test_images, test_labels = load_mnist("test")
    test_x = test_images.to(device)
    scores = []

    def score_test(epoch, model, history):
        scores.append(evaluate_network(model, test_x, test_labels, device=device).accuracy)

    fit(Net(random_state=seed), images[train_idx], labels[train_idx], ShuffleSampler(labels[train_idx], seed),
        epochs=epochs, batch_size=64, lr=0.01, momentum=0.5, callbacks=[score_test], device=device,
        random_state=seed)
    return scores[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--device", default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    device = get_device(args.device)
    _, labels = load_mnist("train")
    train_idx = make_long_tail(labels.numpy(), imbalance_ratio=100, head=6000, random_state=args.seed)

    rows = []
    for name, run in (("published way (DataLoader + ToTensor)", published_way),
                      ("course_utils (tensors on device)", course_way)):
        start = time.perf_counter()
        accuracy = run(train_idx, args.epochs, device, args.seed)
        rows.append((name, time.perf_counter() - start, accuracy))

    print(f"LT-MNIST ({len(train_idx)} images), {args.epochs} epochs, device {device}, "
          f"{torch.get_num_threads()} threads\n")
    print("| loop | wall time (s) | per epoch (s) | final test accuracy |")
    print("| --- | ---: | ---: | ---: |")
    for name, seconds, accuracy in rows:
        print(f"| {name} | {seconds:.1f} | {seconds / args.epochs:.2f} | {accuracy:.4f} |")
    print(f"\nspeed-up: {rows[0][1] / rows[1][1]:.2f}x (goal: at least 2x)")


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
