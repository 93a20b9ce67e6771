"""Mixing augmentations that run per batch on the device: MixUp, CutMix, Remix.

Introduced in Chapter 6. A *mixer* is a small callable
``mix(images, targets, generator) -> (images, targets)`` that
:func:`~course_utils.vision.fit` applies to every training batch (its ``mix``
argument). ``targets`` are class indices ``(n,)`` or label weights ``(n, C)``;
a mixer returns label weights whose rows sum to one, so mixers can run one
after the other. A mixer's ``loss(logits, targets)`` is the loss ``fit``
minimises; for label weights it is :func:`soft_cross_entropy`.

MixUp and CutMix follow ``torchvision.transforms.v2.MixUp`` and ``CutMix``
(one ``lambda ~ Beta(alpha, alpha)`` per batch, the batch mixed with a
permutation of itself, CutMix's ``lambda`` corrected to the pasted area), but
draw from the ``torch.Generator`` that ``fit`` seeds, so that every run is
repeatable without touching the global generator. Cutout (a plain batch
augmentation) lives in :mod:`course_utils.vision.transforms`, AugMix (augmented
views of one image, not a mix of two) in :mod:`course_utils.vision.augmix`.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F


def soft_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Cross-entropy against label weights ``(n, C)`` (or class indices ``(n,)``), averaged over the batch.

    Introduced in Chapter 6. With weights ``t``, the loss of a sample is
    ``-sum_c t_c log softmax(logits)_c``; with one-hot weights it is the usual
    cross-entropy.
    """
    if targets.ndim == 2 and targets.shape != logits.shape:
        raise ValueError(f"label weights of shape {tuple(targets.shape)} do not match logits {tuple(logits.shape)}.")
    return F.cross_entropy(logits, targets)


class Mixer:
    """Base class of the mixers: input checks, label weights and the Beta draw.

    Introduced in Chapter 6. A subclass implements :meth:`mix`, which returns
    the mixed batch, the share ``lam`` of each image that it keeps of itself,
    and the permutation that chose its partners; ``__call__`` then mixes the
    label weights with the same ``lam``.

    Parameters
    ----------
    n_classes : int
        Number of classes (width of the label weights).
    alpha : float
        Parameter of the ``Beta(alpha, alpha)`` distribution of ``lam``.
    """

    def __init__(self, n_classes: int = 10, alpha: float = 1.0):
        if n_classes < 2:
            raise ValueError(f"n_classes must be at least 2, got {n_classes}.")
        if not alpha > 0:
            raise ValueError(f"alpha must be > 0, got {alpha}.")
        self.n_classes, self.alpha = int(n_classes), float(alpha)

    loss = staticmethod(soft_cross_entropy)

    def __call__(self, images: torch.Tensor, targets: torch.Tensor, generator: torch.Generator | None = None):
        weights = self.label_weights(images, targets)
        mixed, lam, perm = self.mix(images, generator)
        return mixed, lam * weights + (1 - lam) * weights[perm]

    def label_weights(self, images: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        """Check a batch; return its targets as label weights ``(n, C)`` (one-hot for class indices)."""
        if images.ndim != 4:
            raise ValueError(f"expected a batch (n, C, H, W), got shape {tuple(images.shape)}.")
        if len(targets) != len(images):
            raise ValueError(f"{len(images)} images but {len(targets)} targets.")
        if targets.ndim == 1:
            if targets.is_floating_point():
                raise ValueError("class targets must be integers; label weights must be (n, C).")
            return F.one_hot(targets, self.n_classes).to(images.dtype)
        if targets.shape[1] != self.n_classes:
            raise ValueError(f"label weights have {targets.shape[1]} columns, expected {self.n_classes}.")
        return targets

    def sample_lambda(self, generator: torch.Generator | None) -> float:
        """One draw of ``Beta(alpha, alpha)``, seeded from ``generator``."""
        seed = int(torch.randint(2**62, (1,), generator=generator))
        return float(np.random.default_rng(seed).beta(self.alpha, self.alpha))

    @staticmethod
    def permutation(n: int, generator: torch.Generator | None, device) -> torch.Tensor:
        """The partners: a random permutation of the batch, drawn on the CPU generator, moved to ``device``."""
        return torch.randperm(n, generator=generator).to(device)

    def mix(self, images, generator):
        """Return ``(mixed images, lambda, perm)``: each image keeps a share ``lambda`` of itself."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(alpha={self.alpha}, n_classes={self.n_classes})"


class MixUp(Mixer):
    """MixUp (Zhang et al., 2018): ``x = lam x_i + (1 - lam) x_j``, labels mixed alike.

    Introduced in Chapter 6. One ``lam ~ Beta(alpha, alpha)`` per batch; the
    partner ``j`` of each image is drawn by a random permutation of the batch.

    Parameters
    ----------
    n_classes : int
        Number of classes (width of the label weights).
    alpha : float
        Parameter of the Beta distribution; ``alpha = 1`` draws ``lam`` uniformly.

    Examples
    --------
    >>> import torch
    >>> x, y = torch.rand(8, 1, 28, 28), torch.arange(8) % 10
    >>> mixed, weights = MixUp(10)(x, y, torch.Generator().manual_seed(0))
    >>> weights.shape, bool(torch.allclose(weights.sum(1), torch.ones(8)))
    (torch.Size([8, 10]), True)
    """

    def mix(self, images, generator):
        lam = self.sample_lambda(generator)
        perm = self.permutation(len(images), generator, images.device)
        mixed = images * lam + images[perm] * (1 - lam)
        return mixed.contiguous(memory_format=torch.channels_last), lam, perm


class CutMix(Mixer):
    """CutMix (Yun et al., 2019): paste a box of a partner image; labels weighted by area.

    Introduced in Chapter 6. The box has area ``(1 - lam) H W`` for
    ``lam ~ Beta(alpha, alpha)`` and a uniformly drawn centre; where it is
    clipped at the border, ``lam`` is corrected to the area actually pasted,
    as in torchvision. Parameters as for :class:`MixUp`.
    """

    def mix(self, images, generator):
        lam = self.sample_lambda(generator)
        perm = self.permutation(len(images), generator, images.device)
        box = self.box(images.shape[-2:], lam, generator)
        top, bottom, left, right = box
        mixed = images.clone()
        mixed[..., top:bottom, left:right] = images[perm][..., top:bottom, left:right]
        pasted = (bottom - top) * (right - left) / (images.shape[-2] * images.shape[-1])
        return mixed.contiguous(memory_format=torch.channels_last), 1.0 - pasted, perm

    @staticmethod
    def box(size, lam: float, generator: torch.Generator | None) -> tuple[int, int, int, int]:
        """``(top, bottom, left, right)`` of a box of area about ``(1 - lam) H W``, clipped to the image."""
        h, w = size
        cy, cx = (torch.rand(2, generator=generator) * torch.tensor([h, w])).long().tolist()
        half_h, half_w = int(h * np.sqrt(1 - lam)) // 2, int(w * np.sqrt(1 - lam)) // 2
        return max(cy - half_h, 0), min(cy + half_h, h), max(cx - half_w, 0), min(cx + half_w, w)


class Remix(Mixer):
    """Remix (Chou et al., 2020): mix the images as ``mixer`` does, but favour the rarer label.

    Introduced in Chapter 6. For a pair ``(i, j)`` with class counts
    ``n_i, n_j`` and image share ``lam`` of image ``i``, the label weight of
    ``y_i`` is

    * 0 if ``n_i / n_j >= kappa`` and ``lam < tau`` (``i`` is frequent and
      mostly hidden: the label goes to the rare ``j``),
    * 1 if ``n_i / n_j <= 1 / kappa`` and ``1 - lam < tau`` (``i`` is rare and
      dominates),
    * ``lam`` otherwise (plain mixing).

    The rule is applied to every sample of the batch, and the loss keeps each
    sample's own label weights (the published notebook averaged them over the
    batch into one weight).

    Parameters
    ----------
    class_counts : array-like of int
        Training images per class.
    mixer : MixUp or CutMix, optional
        How the images are mixed; default ``MixUp(len(class_counts), alpha=1)``.
    kappa, tau : float
        The paper's thresholds (defaults 3 and 0.5, as published).
    """

    def __init__(self, class_counts, mixer: Mixer | None = None, kappa: float = 3.0, tau: float = 0.5):
        counts = torch.as_tensor(np.asarray(class_counts), dtype=torch.float64)
        if counts.ndim != 1 or (counts <= 0).any():
            raise ValueError("class_counts must be positive counts, one per class.")
        mixer = MixUp(len(counts)) if mixer is None else mixer
        if mixer.n_classes != len(counts):
            raise ValueError(f"the mixer has {mixer.n_classes} classes, class_counts {len(counts)}.")
        if not kappa >= 1 or not 0 <= tau <= 1:
            raise ValueError(f"need kappa >= 1 and 0 <= tau <= 1, got kappa={kappa}, tau={tau}.")
        super().__init__(mixer.n_classes, mixer.alpha)
        self.counts, self.mixer, self.kappa, self.tau = counts, mixer, float(kappa), float(tau)

    def __call__(self, images, targets, generator=None):
        if targets.ndim != 1:
            raise ValueError("Remix needs class indices (n,): its rule compares the classes' counts.")
        weights = self.label_weights(images, targets)
        mixed, lam, perm = self.mixer.mix(images, generator)
        lam_y = self.label_share(targets, targets[perm], lam).to(weights)[:, None]
        return mixed, lam_y * weights + (1 - lam_y) * weights[perm]

    def label_share(self, labels_i: torch.Tensor, labels_j: torch.Tensor, lam: float) -> torch.Tensor:
        """Per-sample weight of ``labels_i`` under the kappa/tau rule, for image share ``lam``."""
        if self.counts.device != labels_i.device:  # moved once, not copied every batch
            # float64 keeps the ratios exact; Apple's MPS has only float32.
            dtype = torch.float32 if labels_i.device.type == "mps" else torch.float64
            self.counts = self.counts.to(labels_i.device, dtype)
        ratio = self.counts[labels_i] / self.counts[labels_j]
        share = torch.full(ratio.shape, float(lam), dtype=torch.float64, device=labels_i.device)
        share[(ratio >= self.kappa) & (lam < self.tau)] = 0.0
        share[(ratio <= 1 / self.kappa) & (1 - lam < self.tau)] = 1.0
        return share

    def __repr__(self) -> str:
        return f"Remix(mixer={self.mixer!r}, kappa={self.kappa}, tau={self.tau})"


class SequentialMix:
    """Several mixers one after the other on the same batch (CutMix *and* MixUp).

    Introduced in Chapter 6. Like ``torchvision.transforms.v2.Compose``: each
    mixer receives the images and label weights the previous one returned.
    """

    loss = staticmethod(soft_cross_entropy)

    def __init__(self, mixers):
        self.mixers = list(mixers)
        if not self.mixers:
            raise ValueError("give at least one mixer.")

    def __call__(self, images, targets, generator=None):
        for mixer in self.mixers:
            images, targets = mixer(images, targets, generator)
        return images, targets

    def __repr__(self) -> str:
        return f"SequentialMix({self.mixers!r})"
