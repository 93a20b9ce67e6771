"""DeepSMOTE (Dablain, Krawczyk and Chawla, 2022): SMOTE in an autoencoder's latent space.

Introduced in Chapter 7. An encoder/decoder is trained on the imbalanced
images with a reconstruction loss plus the paper's *permutation penalty*; new
images of a class are decoded from SMOTE points between the codes of its real
images (:func:`~course_utils.vision.latent.smote_points`).
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ...batching import forward_in_batches
from ...config import get_device
from ...seeding import numpy_generator, seeded
from ..checks import check_labels
from ..latent import smote_points
from .blocks import Decoder, Encoder
from .training import check_trained, decode_uint8, to_unit, train_generator


class DeepSMOTE(nn.Module):
    """A deterministic convolutional autoencoder whose latent space SMOTE interpolates in.

    Introduced in Chapter 7. The paper's encoder has four convolutions and a
    300-dimensional code; this one has the two convolutions of
    :class:`~course_utils.vision.ConvVAE`, sized for a CPU.

    Parameters
    ----------
    latent_dim : int
        Size of the code.
    width : int
        Channels of the first convolution.
    k : int
        Neighbours SMOTE chooses from.
    random_state : int or None
        Seed of the weight initialisation.
    """

    def __init__(self, latent_dim: int = 32, width: int = 32, k: int = 5, random_state: int | None = None):
        super().__init__()
        self.latent_dim, self.k = latent_dim, k
        with seeded(random_state):
            self.encoder = Encoder(latent_dim, width)
            self.decoder = Decoder(latent_dim, width)
        self.register_buffer("steps_trained", torch.zeros((), dtype=torch.int64))
        # The codes of the training images, class by class: what generate interpolates between.
        self.register_buffer("class_codes", torch.zeros(0, latent_dim))
        self.register_buffer("code_labels", torch.zeros(0, dtype=torch.int64))

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        # The stored codes have as many rows as the training set had images: resize before loading.
        for name in ("class_codes", "code_labels"):
            if prefix + name in state_dict:
                old = getattr(self, name)
                setattr(self, name, old.new_empty(state_dict[prefix + name].shape))
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Reconstruction logits of images ``x`` in ``[0, 1]``."""
        return self.decoder(self.encoder(x))

    @torch.no_grad()
    def generate(self, label: int, n: int, random_state: int | None = None) -> torch.Tensor:
        """``n`` uint8 images of class ``label``, decoded from SMOTE points between its training codes.

        The codes are those :func:`fit_deepsmote` stored at the end of training
        (:meth:`remember_classes`).
        """
        check_trained(self)
        codes = self.class_codes[self.code_labels == label]
        if len(codes) < 2:
            raise ValueError(f"class {label} has {len(codes)} image(s): SMOTE needs at least 2.")
        points, _ = smote_points(codes, n, self.k, random_state)
        return decode_uint8(self, points)

    @torch.no_grad()
    def encode(self, images, batch_size: int = 1024) -> torch.Tensor:
        """Codes of uint8 images ``(n, 28, 28)``, on the model's device."""
        x = to_unit(images, next(self.parameters()).device)
        return forward_in_batches(self, self.encoder, x, batch_size=batch_size)

    @torch.no_grad()
    def remember_classes(self, images, labels) -> None:
        """Store the codes of ``images``, class by class, for :meth:`generate`."""
        labels = torch.as_tensor(check_labels(labels))
        classes = torch.unique(labels).tolist()
        self.class_codes = torch.cat([self.encode(images[(labels == c).to(images.device)]) for c in classes])
        self.code_labels = torch.cat([torch.full((int((labels == c).sum()),), c) for c in classes]).to(
            self.class_codes.device)


def fit_deepsmote(model: DeepSMOTE, images, labels, *, steps: int = 2000, batch_size: int = 64,
                  penalty_size: int = 100, lr: float = 2e-4, device=None, random_state: int | None = None,
                  verbose: bool = False) -> np.ndarray:
    """Train DeepSMOTE's autoencoder: reconstruction MSE plus the permutation penalty.

    Introduced in Chapter 7. At each step, as in the paper's code
    (``DeepSMOTE_MNIST.py``), one class is drawn at random and up to
    ``penalty_size`` of its images are encoded *without* gradient; the codes
    are shifted by one position (the "permutation"), decoded, and compared
    with the images shifted the same way, so decoded code ``i`` meets image
    ``i`` and the shift cancels. The penalty is thus a second reconstruction
    loss, on one class's images, that trains the decoder alone, in the region
    SMOTE will interpolate in. At the end the codes of the training images
    are stored, class by class, for :meth:`DeepSMOTE.generate`. Returns the
    loss of every step.

    Parameters
    ----------
    model : DeepSMOTE
    images : uint8 tensor (n, 28, 28)
    labels : int tensor (n,)
    steps, batch_size, lr : budget, batch and Adam step size (the paper's lr is 2e-4).
    penalty_size : int
        Images of the drawn class in the penalty term (100 in the paper).
    device, random_state, verbose : as everywhere in the course.
    """
    if labels is None:
        raise ValueError("DeepSMOTE's permutation penalty needs the labels of the images.")
    # Every step's penalty images are drawn here, before training, and sent to the device in
    # one copy: the loop then slices them with offsets known on the host (no transfer per step).
    positions, offsets = _penalty_draws(check_labels(labels), steps, penalty_size, numpy_generator(random_state))
    positions = torch.as_tensor(positions, device=get_device(device))
    step = iter(range(steps))

    def batch_loss(X, y, idx):
        reconstruction = F.mse_loss(torch.sigmoid(model(X[idx])), X[idx])
        s = next(step)
        chosen = positions[offsets[s]:offsets[s + 1]]
        with torch.no_grad():
            codes = model.encoder(X[chosen])
        shifted = torch.roll(torch.arange(len(chosen), device=codes.device), -1)
        penalty = F.mse_loss(torch.sigmoid(model.decoder(codes[shifted])), X[chosen][shifted])
        return reconstruction + penalty

    losses = train_generator(model, images, labels, batch_loss, steps=steps, batch_size=batch_size, lr=lr,
                             device=device, random_state=random_state, verbose=verbose)
    model.remember_classes(torch.as_tensor(images), labels)
    return losses


def _penalty_draws(labels: np.ndarray, steps: int, size: int, rng: np.random.Generator):
    """For every step, up to ``size`` positions of one class drawn at random, without replacement.

    Returns the positions of all steps end to end and the offsets where each step's begin.
    """
    pools = [np.flatnonzero(labels == c) for c in np.unique(labels)]
    chosen = []
    for _ in range(steps):
        pool = pools[rng.choice(len(pools))]
        chosen.append(pool[rng.permutation(len(pool))[:size]])
    offsets = np.concatenate([[0], np.cumsum([len(c) for c in chosen])])
    return np.concatenate(chosen) if chosen else np.empty(0, dtype=np.int64), offsets
