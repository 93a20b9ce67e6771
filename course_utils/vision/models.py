"""The small CNNs of the image chapters.

Introduced in Chapter 5 (``Net``) and Chapter 6 (``ConvNet``). Both return
logits, and both split into ``features`` (the embedding) and ``head`` (the last
linear layer), which two-stage learning and embedding-space oversampling use.
"""

from __future__ import annotations

import torch
from torch import nn

from ..seeding import seeded


class Net(nn.Module):
    """The MNIST CNN of PyTorch's classic example: two 5x5 convolutions, 320 -> 50 -> 10.

    Introduced in Chapter 5. Unlike the original it returns logits (no
    ``log_softmax`` without ``dim``, which raised a deprecation warning); train
    it with ``cross_entropy``.

    Parameters
    ----------
    n_classes : int
        Number of outputs.
    random_state : int or None
        Seed of the weight initialisation; the global torch generator is left as it was.
    """

    embedding_dim = 50

    def __init__(self, n_classes: int = 10, random_state: int | None = None):
        super().__init__()
        with seeded(random_state):
            self.features = nn.Sequential(
                nn.Conv2d(1, 10, kernel_size=5), nn.MaxPool2d(2), nn.ReLU(),
                nn.Conv2d(10, 20, kernel_size=5), nn.Dropout2d(), nn.MaxPool2d(2), nn.ReLU(),
                nn.Flatten(), nn.Linear(320, self.embedding_dim), nn.ReLU(), nn.Dropout(),
            )
            self.head = nn.Linear(self.embedding_dim, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class ConvNet(nn.Module):
    """The Fashion-MNIST CNN: conv16 -> conv32 (3x3), max-pool, 4608 -> 64 -> 10.

    Introduced in Chapter 6. Parameters as for :class:`Net`.
    """

    embedding_dim = 64

    def __init__(self, n_classes: int = 10, random_state: int | None = None):
        super().__init__()
        with seeded(random_state):
            self.features = nn.Sequential(
                nn.Conv2d(1, 16, kernel_size=3), nn.ReLU(),
                nn.Conv2d(16, 32, kernel_size=3), nn.ReLU(), nn.MaxPool2d(2),
                nn.Flatten(), nn.Linear(4608, self.embedding_dim), nn.ReLU(),
            )
            self.head = nn.Linear(self.embedding_dim, n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))

