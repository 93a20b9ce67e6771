"""Loss-level methods for long-tailed images: class weights, focal loss, margins, logit adjustment.

Introduced in Chapter 5b. Every loss is a small ``torch.nn.Module`` built from
the training set's class counts and called as ``loss(logits, targets)``, where
``targets`` are class indices ``(n,)`` or, for every loss but LDAM, label
weights ``(n, C)`` as the mixers of Chapter 6 return them (one-hot weights give
exactly the value of the indices). Two families:

* re-weighting: :class:`WeightedCrossEntropy`, :class:`FocalLoss`,
  :class:`LDAMLoss`; their class weights can be switched on part-way through
  training by :class:`DeferredReweighting`, a wrapper that counts its steps;
* logit adjustment by the log prior: :class:`BalancedSoftmaxLoss`,
  :class:`LogitAdjustedLoss` while training, :func:`adjust_logits` (or the
  network wrapper :class:`LogitAdjusted`) after it.

:class:`LossFromLabels` builds any of them from a run's training labels, the
form :class:`~course_utils.vision.Method` takes.

Counts, margins and weights are buffers, so ``loss.to(device)`` or
``loss.double()`` moves or converts them. ``fit`` moves the model but not the
loss, so a loss called with logits on another device moves itself there (once,
not every step); it computes in the logits' dtype.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def _check_counts(counts) -> torch.Tensor:
    """Class counts as a float64 CPU tensor, or one error saying what is wrong with them."""
    values = counts.detach().cpu().numpy() if torch.is_tensor(counts) else counts
    try:
        values = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"counts must be numbers, one training count per class; got {counts!r}.") from None
    if values.ndim != 1 or len(values) < 2:
        raise ValueError(f"counts must be 1-D, one training count per class (at least 2 classes); "
                         f"got shape {values.shape}.")
    bad = np.flatnonzero(~(np.isfinite(values) & (values > 0)))
    if len(bad):
        raise ValueError(f"every class needs a finite count > 0, but class {bad.tolist()} has "
                         f"{values[bad].tolist()}: drop classes without training images or relabel the rest.")
    return torch.as_tensor(values)


def _default_dtype(tensor: torch.Tensor) -> torch.Tensor:
    return tensor.to(torch.get_default_dtype())


def _check_logits(logits: torch.Tensor, n_classes: int | None) -> None:
    if logits.ndim != 2 or (n_classes is not None and logits.shape[1] != n_classes):
        raise ValueError(f"logits must be (n, {n_classes or 'C'}), one column per class of the counts; "
                         f"got shape {tuple(logits.shape)}.")


def _check_batch(logits: torch.Tensor, targets: torch.Tensor, n_classes: int | None) -> torch.Tensor:
    """Check ``logits`` against the classes and ``targets`` against the logits; label weights take their dtype."""
    _check_logits(logits, n_classes)
    if targets.ndim == 2:
        if targets.shape != logits.shape:
            raise ValueError(f"label weights of shape {tuple(targets.shape)} do not match "
                             f"logits {tuple(logits.shape)}.")
        return targets.to(logits.dtype)
    if targets.ndim != 1 or targets.is_floating_point() or len(targets) != len(logits):
        raise ValueError(f"targets must be {len(logits)} class indices (n,) or label weights (n, C); "
                         f"got {targets.dtype} of shape {tuple(targets.shape)}.")
    # On an accelerator this check would wait for the device every step; there torch's own
    # index check (a device-side assert) catches a class out of range.
    on_cpu = targets.device.type == "cpu" and len(targets)
    if on_cpu and not 0 <= int(targets.min()) <= int(targets.max()) < logits.shape[1]:
        raise ValueError(f"targets must be classes 0 .. {logits.shape[1] - 1}, got {targets.tolist()}.")
    return targets


def _cross_entropy(logits: torch.Tensor, targets: torch.Tensor, weight: torch.Tensor | None) -> torch.Tensor:
    """torch's cross-entropy, weighted as ``F.cross_entropy(weight=)`` does for class indices.

    For class indices the batch mean is the weighted mean ``sum_i w_yi l_i / sum_i w_yi``.
    torch divides by ``n`` for label weights instead; here they keep the weighted mean
    (sample ``i`` weighs ``w . t_i``), so that one-hot weights give the value of the indices.
    """
    if weight is None or targets.ndim == 1:
        return F.cross_entropy(logits, targets, weight=weight)
    nll = -targets * F.log_softmax(logits, dim=1)
    return (nll @ weight).sum() / (targets @ weight).sum()


def class_weights(counts, kind: str = "inverse", beta: float = 0.999) -> torch.Tensor:
    """Per-class loss weights from the training counts, normalised to sum to the number of classes.

    Introduced in Chapter 5b.

    Parameters
    ----------
    counts : array-like of float > 0, shape (C,)
        Training images per class.
    kind : {"inverse", "effective"}
        ``"inverse"``: ``w_c ∝ 1 / n_c``. ``"effective"``: ``w_c ∝ (1 - beta) / (1 - beta^n_c)``,
        the inverse "effective number of samples" (Cui et al., 2019); ``beta = 0`` gives equal
        weights, ``beta -> 1`` the inverse counts.
    beta : float in [0, 1)
        Used by ``"effective"`` only.

    Returns
    -------
    torch.Tensor
        Float tensor (torch's default dtype) of shape ``(C,)`` summing to ``C``, as the
        LDAM-DRW code normalises them (github.com/kaidic/LDAM-DRW, ``cifar_train.py``).

    Examples
    --------
    >>> class_weights([30, 10], "inverse")
    tensor([0.5000, 1.5000])
    """
    counts = _check_counts(counts)
    if kind == "inverse":
        weight = 1.0 / counts
    elif kind == "effective":
        if not 0 <= beta < 1:
            raise ValueError(f"beta must be in [0, 1), got {beta!r}.")
        weight = (1.0 - beta) / (1.0 - beta ** counts)
    else:
        raise ValueError(f"kind must be 'inverse' or 'effective', got {kind!r}.")
    return _default_dtype(weight * len(weight) / weight.sum())


def adjust_logits(logits: torch.Tensor, counts, tau: float = 1.0) -> torch.Tensor:
    """Post-hoc logit adjustment: ``z_c - tau log pi_c`` with ``pi = counts / sum(counts)``.

    Introduced in Chapter 5b. For a model trained with plain cross-entropy,
    ``softmax(z)`` estimates the posterior under the training prior ``pi``;
    with ``tau = 1``, subtracting ``log pi`` turns it into the posterior under
    equal priors (the correction of Chapter 1's
    :func:`~course_utils.theory.correct_prior_shift` towards a uniform prior),
    and its argmax is the decision that maximises balanced accuracy
    (Menon et al., 2021). ``tau`` tunes the strength (choose it on validation).

    Returns
    -------
    torch.Tensor
        The adjusted logits, same shape, device and dtype as ``logits``.
    """
    counts = _check_counts(counts)
    _check_logits(logits, len(counts))
    if not np.isfinite(tau):
        raise ValueError(f"tau must be a finite number, got {tau!r}.")
    log_prior = (counts / counts.sum()).log().to(logits.device, logits.dtype)
    return logits - tau * log_prior


class _ClassLoss(nn.Module):
    """Base of the losses: holds the counts (a buffer), checks a batch, follows the logits' device."""

    def __init__(self, counts):
        super().__init__()
        # Buffers derived from the counts are computed in float64, then stored in torch's default dtype.
        self.register_buffer("counts", None if counts is None else _default_dtype(_check_counts(counts)))

    @property
    def n_classes(self) -> int | None:
        return None if self.counts is None else len(self.counts)

    def _check(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        targets = _check_batch(logits, targets, self.n_classes)
        if any(b.device != logits.device for b in self.buffers()):
            self.to(logits.device)  # once: fit moves the model, not the loss
        return targets

    def extra_repr(self) -> str:
        return f"n_classes={self.n_classes}"


class _WeightedLoss(_ClassLoss):
    """A loss with optional per-class weights (a buffer) that :meth:`set_weight` can replace."""

    def __init__(self, counts, weight=None):
        super().__init__(counts)
        self.register_buffer("weight", None)
        self.set_weight(weight)

    @property
    def n_classes(self) -> int | None:
        if self.counts is None and self.weight is not None:
            return len(self.weight)
        return super().n_classes

    def set_weight(self, weight) -> None:
        """Replace the class weights (``None``: no weights); :class:`DeferredReweighting` calls it."""
        if weight is not None:
            dtype = torch.get_default_dtype() if self.counts is None else self.counts.dtype
            weight, n_classes = torch.as_tensor(weight, dtype=dtype), self.n_classes
            if weight.ndim != 1 or (n_classes is not None and len(weight) != n_classes):
                raise ValueError(f"weight must hold one value per class ({n_classes}), "
                                 f"got shape {tuple(weight.shape)}.")
            if not (torch.isfinite(weight) & (weight >= 0)).all():
                raise ValueError(f"class weights must be finite and >= 0, got {weight.tolist()}.")
            if self.counts is not None:
                weight = weight.to(self.counts.device)
        self.weight = weight

    def _weight(self, logits: torch.Tensor) -> torch.Tensor | None:
        return None if self.weight is None else self.weight.to(logits.dtype)


class WeightedCrossEntropy(_WeightedLoss):
    """Cross-entropy with per-class weights from the counts (:func:`class_weights`).

    Introduced in Chapter 5b. The batch mean is torch's: for class indices,
    ``F.cross_entropy(weight=w)`` returns the weighted mean
    ``sum_i w_yi l_i / sum_i w_yi``, not ``mean_i w_yi l_i``; label weights
    ``t`` keep the same convention (sample ``i`` weighs ``w . t_i``).

    Parameters
    ----------
    counts : array-like of float > 0, shape (C,)
        Training images per class.
    kind : {"inverse", "effective", None}
        The weights of :func:`class_weights`; ``None`` starts without weights
        (plain cross-entropy), for :class:`DeferredReweighting` to switch on.
    beta : float
        For ``kind="effective"`` (Cui et al., 2019).
    """

    def __init__(self, counts, kind: str | None = "inverse", beta: float = 0.999):
        super().__init__(counts)
        if kind is not None:
            self.set_weight(class_weights(counts, kind, beta))

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        targets = self._check(logits, targets)
        return _cross_entropy(logits, targets, self._weight(logits))


class FocalLoss(_WeightedLoss):
    """Focal loss (Lin et al., 2017): ``-alpha_y (1 - p_y)^gamma log p_y``, averaged over the batch.

    Introduced in Chapter 5b. ``(1 - p_y)^gamma`` shrinks the loss of images
    the model already gets right, so the rare, hard ones weigh more. With
    ``gamma = 0`` and no ``alpha`` it is cross-entropy exactly. The batch mean
    is a plain mean, even with ``alpha``, as in Lin et al. and the LDAM-DRW
    code (github.com/kaidic/LDAM-DRW, ``losses.py``); that code, given class
    weights, takes ``p_y = exp(-alpha_y CE)`` from the weighted loss, here
    ``p_y`` is the model's probability, as in the paper. Label weights ``t``
    give ``-sum_c t_c alpha_c (1 - p_c)^gamma log p_c``.

    Parameters
    ----------
    counts : array-like of float > 0, shape (C,), optional
        Training images per class; needed for ``alpha`` given by name.
    gamma : float >= 0
        Focusing parameter (2 in the paper).
    alpha : None, "inverse", "effective" or array-like of shape (C,)
        Class weights: none, :func:`class_weights` of ``counts``, or given.
    beta : float
        For ``alpha="effective"``.
    """

    def __init__(self, counts=None, gamma: float = 2.0, alpha=None, beta: float = 0.999):
        if not (np.isfinite(gamma) and gamma >= 0):
            raise ValueError(f"gamma must be a finite number >= 0, got {gamma!r}.")
        if isinstance(alpha, str):
            if counts is None:
                raise ValueError(f"alpha={alpha!r} is computed from the class counts: pass counts.")
            alpha = class_weights(counts, alpha, beta)
        super().__init__(counts, alpha)
        self.gamma = float(gamma)

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        targets = self._check(logits, targets)
        log_p = F.log_softmax(logits, dim=1)
        loss = -(1 - log_p.exp()) ** self.gamma * log_p  # the focal term of every class, (n, C)
        weight = self._weight(logits)
        if weight is not None:
            loss = loss * weight
        per_image = loss.gather(1, targets[:, None]).squeeze(1) if targets.ndim == 1 else (targets * loss).sum(1)
        return per_image.mean()

    def extra_repr(self) -> str:
        return f"n_classes={self.n_classes}, gamma={self.gamma}"


class LDAMLoss(_WeightedLoss):
    """Label-distribution-aware margin loss (Cao et al., 2019).

    Introduced in Chapter 5b. The true class must win by a margin
    ``Delta_c ∝ n_c^(-1/4)``, scaled so that the rarest class has
    ``max_margin``: the loss is the (weighted) cross-entropy of
    ``scale * (z - Delta_y e_y)``. Follows the authors' code
    (github.com/kaidic/LDAM-DRW, ``losses.py``). Their network ends in a
    normalised linear layer (cosine logits in [-1, 1], ``NormedLinear`` in
    ``models/resnet_cifar.py``), which is what ``scale = 30`` multiplies; with
    an ordinary linear head a smaller ``scale`` is wiser. Class indices only:
    the margin belongs to one true class, so label weights raise an error.

    Parameters
    ----------
    counts : array-like of float > 0, shape (C,)
        Training images per class.
    max_margin : float >= 0
        Margin of the rarest class (0.5 in the paper).
    scale : float > 0
        The factor ``s`` applied to the logits after the margin (30 in the paper).
    weight : array-like of shape (C,), optional
        Class weights of the cross-entropy (DRW switches them on later).
    """

    def __init__(self, counts, max_margin: float = 0.5, scale: float = 30.0, weight=None):
        counts = _check_counts(counts)
        super().__init__(counts, weight)
        if not (np.isfinite(max_margin) and max_margin >= 0) or not (np.isfinite(scale) and scale > 0):
            raise ValueError(f"need max_margin >= 0 and scale > 0, got {max_margin!r} and {scale!r}.")
        margins = counts ** -0.25
        self.register_buffer("margins", _default_dtype(margins * (max_margin / margins.max())))
        self.scale = float(scale)

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        targets = self._check(logits, targets)
        if targets.ndim != 1:
            raise ValueError("LDAMLoss needs class indices (n,): its margin belongs to one true class, "
                             "so it does not take the label weights of a mixer.")
        margins = F.one_hot(targets, len(self.margins)) * self.margins.to(logits.dtype)
        return _cross_entropy(self.scale * (logits - margins), targets, self._weight(logits))

    def extra_repr(self) -> str:
        return f"n_classes={self.n_classes}, max_margin={float(self.margins.max()):g}, scale={self.scale}"


class BalancedSoftmaxLoss(_ClassLoss):
    """Balanced Softmax (Ren et al., 2020): cross-entropy of ``z_c + log n_c``.

    Introduced in Chapter 5b. The softmax of the shifted logits is the
    posterior under the training prior, so ``softmax(z)`` itself learns the
    balanced one: predict with the plain logits. Equal to
    :class:`LogitAdjustedLoss` with ``tau = 1`` (``log n_c`` and ``log pi_c``
    differ by a constant, which softmax ignores).
    """

    def __init__(self, counts):
        counts = _check_counts(counts)
        super().__init__(counts)
        self.register_buffer("log_counts", _default_dtype(counts.log()))

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        targets = self._check(logits, targets)
        return F.cross_entropy(logits + self.log_counts.to(logits.dtype), targets)


class LogitAdjustedLoss(_ClassLoss):
    """Logit-adjusted loss (Menon et al., 2021): cross-entropy of ``z_c + tau log pi_c``.

    Introduced in Chapter 5b. ``pi = counts / sum(counts)`` is the training
    prior. Training with the shift is the in-training counterpart of
    :func:`adjust_logits` after training; predict with the plain logits.

    Parameters
    ----------
    counts : array-like of float > 0, shape (C,)
        Training images per class.
    tau : float
        Strength of the adjustment (1 in the paper; 0 gives cross-entropy).
    """

    def __init__(self, counts, tau: float = 1.0):
        counts = _check_counts(counts)
        super().__init__(counts)
        if not np.isfinite(tau):
            raise ValueError(f"tau must be a finite number, got {tau!r}.")
        self.tau = float(tau)
        self.register_buffer("log_prior", _default_dtype((counts / counts.sum()).log()))

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        targets = self._check(logits, targets)
        return F.cross_entropy(logits + self.tau * self.log_prior.to(logits.dtype), targets)

    def extra_repr(self) -> str:
        return f"n_classes={self.n_classes}, tau={self.tau}"


class DeferredReweighting(nn.Module):
    """Deferred re-weighting (DRW, Cao et al., 2019): class weights switched on after ``start_step`` steps.

    Introduced in Chapter 5b. Wraps a loss and counts its own calls:
    :func:`~course_utils.vision.fit` calls its loss once per optimizer step,
    so the first ``start_step`` steps minimise ``loss`` as built (typically
    unweighted) and every later step minimises it with the class-balanced
    weights of :func:`class_weights` (``"effective"``, ``beta``). The features
    are learnt from the natural distribution first. The count is a Python
    integer, so the switch costs no wait for the device. The paper switches at
    160 of 200 epochs with ``beta = 0.9999`` (github.com/kaidic/LDAM-DRW,
    ``cifar_train.py``). The weights stay on: build a new one for every run, as
    :class:`~course_utils.vision.Method`'s ``loss`` factory does.

    Parameters
    ----------
    loss : WeightedCrossEntropy, FocalLoss or LDAMLoss
        Built with ``counts``; typically without weights (``WeightedCrossEntropy(counts, kind=None)``).
    start_step : int >= 1
        Calls (optimizer steps) with the loss as built, before the new weights.
    beta : float in [0, 1)
        Of the effective number of samples.
    """

    def __init__(self, loss: nn.Module, start_step: int, beta: float = 0.9999):
        if not isinstance(loss, _WeightedLoss) or loss.counts is None:
            raise TypeError(f"DRW needs a loss with class weights built from counts (WeightedCrossEntropy, "
                            f"FocalLoss or LDAMLoss), got {type(loss).__name__}.")
        if int(start_step) != start_step or start_step < 1:
            raise ValueError(f"start_step must be an integer >= 1 (steps before re-weighting), got {start_step!r}.")
        super().__init__()
        self.loss, self.start_step, self.calls = loss, int(start_step), 0
        self.register_buffer("deferred_weight", class_weights(loss.counts, "effective", beta))

    def forward(self, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
        if self.calls == self.start_step:
            self.loss.set_weight(self.deferred_weight)
        self.calls += 1
        return self.loss(logits, targets)

    def extra_repr(self) -> str:
        return f"start_step={self.start_step}, calls={self.calls}"


class LogitAdjusted(nn.Module):
    """A trained network whose logits are adjusted after training: ``model(x) - tau log pi``.

    Introduced in Chapter 5b. Post-hoc logit adjustment (Menon et al., 2021)
    as a module, so that :func:`~course_utils.vision.evaluate_network` (or
    anything that takes a network) scores the adjusted decisions: its
    ``forward`` is :func:`adjust_logits` of the wrapped model's logits. The
    wrapped model is shared, not copied, and not retrained.

    Parameters
    ----------
    model : torch.nn.Module
        Returns logits ``(n, C)``.
    counts : array-like of float > 0, shape (C,)
        Training images per class: ``pi = counts / sum(counts)``.
    tau : float
        Strength of the adjustment (0: the model as it is; choose it on validation).
    """

    def __init__(self, model: nn.Module, counts, tau: float = 1.0):
        counts = _check_counts(counts)
        if not np.isfinite(tau):
            raise ValueError(f"tau must be a finite number, got {tau!r}.")
        super().__init__()
        self.model, self.tau = model, float(tau)
        self.register_buffer("log_prior", _default_dtype((counts / counts.sum()).log()))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        logits = self.model(x)
        _check_logits(logits, len(self.log_prior))
        return logits - self.tau * self.log_prior.to(logits.device, logits.dtype)

    def extra_repr(self) -> str:
        return f"n_classes={len(self.log_prior)}, tau={self.tau}"


class LossFromLabels:
    """A loss factory for :class:`~course_utils.vision.Method`: ``make(counts, **params)`` from each run's labels.

    Introduced in Chapter 5b. ``Method(loss=...)`` calls its factory with the
    run's training labels; this one counts them per class (``n_classes`` long,
    so a class absent from a run still has its place) and builds the loss from
    those counts, afresh for every run. A class rather than a closure, so that
    the runs side by side in other processes can pickle it.

    Parameters
    ----------
    make : callable
        ``make(counts, **params)`` returns the loss, e.g. :class:`WeightedCrossEntropy`
        or a function that wraps :class:`LDAMLoss` in :class:`DeferredReweighting`.
    n_classes : int
        Length of the counts.
    **params
        Passed to ``make``.

    Examples
    --------
    >>> LossFromLabels(WeightedCrossEntropy, 2)(np.array([0, 0, 0, 1])).weight
    tensor([0.5000, 1.5000])
    """

    def __init__(self, make, n_classes: int, **params):
        self.make, self.n_classes, self.params = make, n_classes, params

    def __call__(self, labels):
        return self.make(np.bincount(np.asarray(labels), minlength=self.n_classes), **self.params)
