"""AugMix (Hendrycks et al., 2020) per batch, with its Jensen-Shannon consistency loss.

Introduced in Chapter 6. AugMix is not a mixer of two images but a mix of
augmented views of one; it takes ``fit``'s ``mix`` argument because, with the
consistency loss, it changes the batch and the loss together.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torchvision.transforms import v2

from ..seeding import seeded
from .mixing import soft_cross_entropy
from .images import MNIST_MEAN_STD


def jensen_shannon_loss(*logits: torch.Tensor) -> torch.Tensor:
    """The Jensen-Shannon divergence between the predictions on several views of the same images.

    Introduced in Chapter 6. AugMix's consistency loss (Hendrycks et al., 2020):
    with ``p_k = softmax(logits_k)`` and ``M`` their mean, it is
    ``mean_k KL(p_k || M)``, averaged over the batch. Zero when all views are
    predicted alike.
    """
    if len(logits) < 2:
        raise ValueError("the Jensen-Shannon loss compares at least two views.")
    probs = torch.stack([F.softmax(z, dim=1) for z in logits])
    # Clamping log M keeps the gradient finite when a probability underflows (as the paper's code does).
    log_mixture = probs.mean(0).clamp(1e-7, 1).log()
    return sum(F.kl_div(log_mixture, p, reduction="batchmean") for p in probs) / len(logits)


class AugMix:
    """AugMix (Hendrycks et al., 2020) through ``torchvision.transforms.v2.AugMix``, per batch.

    Introduced in Chapter 6. torchvision's AugMix works on uint8 images, so the
    normalised batch is mapped back to uint8, augmented and normalised again
    (on the device). One torchvision call draws one chain of operations for all
    images it receives (its mixing weights are per image), so the batch is cut
    into ``groups`` slices, each with its own chains: a compromise between
    per-image chains (a Python call per image) and one chain per batch.

    With ``jsd=True`` the mixer returns the clean images and two AugMix views
    (a batch three times as large) and its :meth:`loss` adds the
    Jensen-Shannon consistency term, weighted by ``jsd_weight`` (12 in the
    paper), to the cross-entropy of the clean view.

    Parameters
    ----------
    severity, mixture_width, chain_depth, alpha : torchvision's AugMix settings.
    groups : int
        Slices of the batch with chains of their own.
    jsd : bool
        Train with the Jensen-Shannon consistency loss.
    jsd_weight : float
    mean_std : (float, float)
        The normalisation of the images (:func:`~course_utils.vision.prepare_images`).
    """

    def __init__(self, severity: int = 3, mixture_width: int = 3, chain_depth: int = -1, alpha: float = 1.0,
                 groups: int = 8, jsd: bool = False, jsd_weight: float = 12.0, mean_std=MNIST_MEAN_STD):
        if groups < 1:
            raise ValueError(f"groups must be at least 1, got {groups}.")
        self.augmix = v2.AugMix(severity=severity, mixture_width=mixture_width, chain_depth=chain_depth,
                                alpha=alpha)
        self.groups, self.jsd, self.jsd_weight, self.mean_std = int(groups), bool(jsd), float(jsd_weight), mean_std

    def augment(self, images: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
        """An AugMix view of a normalised batch ``(n, C, H, W)``."""
        mean, std = self.mean_std
        pixels = (images * std + mean).mul_(255).round_().clamp_(0, 255).to(torch.uint8)
        # torchvision draws from the global generator: seed it from ours, and restore it after.
        with seeded(int(torch.randint(2**31 - 1, (1,), generator=generator))):
            views = [self.augmix(chunk) for chunk in pixels.contiguous().tensor_split(self.groups)]
        out = torch.cat(views).float().div_(255).sub_(mean).div_(std)
        return out.contiguous(memory_format=torch.channels_last)

    def __call__(self, images, targets, generator=None):
        if not self.jsd:
            return self.augment(images, generator), targets
        views = [images, self.augment(images, generator), self.augment(images, generator)]
        return torch.cat(views).contiguous(memory_format=torch.channels_last), targets

    def loss(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        """Cross-entropy of the (clean) view, plus the weighted Jensen-Shannon term with ``jsd``."""
        if not self.jsd:
            return soft_cross_entropy(logits, targets)
        clean, first, second = logits.chunk(3)
        return soft_cross_entropy(clean, targets) + self.jsd_weight * jensen_shannon_loss(clean, first, second)

    def __repr__(self) -> str:
        return f"AugMix(groups={self.groups}, jsd={self.jsd})"
