"""Device, seeds and profiles: the settings every chapter shares.

Introduced in Chapter 1; every later chapter reads its sizes from here.

Two profiles run the same code on different sizes:

* ``full`` (default): the settings a reader of the book sees;
* ``quick``: fewer rows, epochs and seeds, for tests and CI.

Choose one with the environment variable ``COURSE_PROFILE``. Method code never
branches on the profile; it receives sizes from :func:`chapter_settings`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


PROFILES = ("full", "quick")
DEVICES = ("cuda", "mps", "cpu")


def get_profile() -> str:
    """Return the active profile, ``"full"`` unless ``COURSE_PROFILE`` says otherwise.

    Introduced in Chapter 1.

    Raises
    ------
    ValueError
        If ``COURSE_PROFILE`` holds anything but ``full`` or ``quick``.
    """
    profile = os.environ.get("COURSE_PROFILE", "full").strip().lower() or "full"
    if profile not in PROFILES:
        raise ValueError(
            f"COURSE_PROFILE={profile!r} is not a profile; choose one of {', '.join(PROFILES)}."
        )
    return profile


def get_device(device: Any = None):
    """Return the torch device to compute on: CUDA, then MPS, then CPU.

    Introduced in Chapter 1; every torch path in the course calls it.

    Parameters
    ----------
    device : str, torch.device or None
        An explicit choice. ``None`` reads ``COURSE_DEVICE`` and, if that is
        unset, picks the best available device.

    Raises
    ------
    ValueError
        If the requested device is unknown or not available on this machine.
    """
    import torch

    if isinstance(device, torch.device):
        return device
    choice = device if device is not None else os.environ.get("COURSE_DEVICE")
    if choice is None or str(choice).strip() == "":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if _mps_available():
            return torch.device("mps")
        return torch.device("cpu")
    name = str(choice).strip().lower()
    kind = name.split(":", 1)[0]
    if kind not in DEVICES:
        raise ValueError(f"device {choice!r} is unknown; choose one of {', '.join(DEVICES)}.")
    available = {"cuda": torch.cuda.is_available(), "mps": _mps_available(), "cpu": True}
    if not available[kind]:
        usable = [d for d in DEVICES if available[d]]
        raise ValueError(
            f"device {choice!r} is not available on this machine; available: {', '.join(usable)}."
        )
    return torch.device(name)


def _mps_available() -> bool:
    import torch

    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())



# ---------------------------------------------------------------------------
# Per-chapter sizes. One frozen dataclass per chapter, one instance per profile.
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Chapter1Settings:
    """Sizes for Chapter 1 (priors and overlap)."""

    monte_carlo_samples: int
    """Draws used to check the analytic Bayes error by simulation."""
    train_samples: int
    """Rows of the simulated training set for the prior-correction demo."""
    seeds: int
    """Repetitions of each simulation, reported as mean ± std."""
    test_samples: int
    """Rows of each simulated test set on which the trained models are scored."""


@dataclass(frozen=True)
class Chapter2Settings:
    """Sizes for Chapter 2 (sampling baselines on the credit card fraud data)."""

    normal_rows: int | None
    """Normal transactions kept beside all frauds; ``None`` keeps every row."""
    splits: int
    """Stratified 80/20 splits whose test folds are disjoint (up to five), reported as mean ± std."""
    cleaning_normal_rows: int
    """Normal transactions kept for the neighbour-cleaning samplers (Tomek, ENN and their SMOTE pairs)."""


@dataclass(frozen=True)
class Chapter2bSettings:
    """Sizes for Chapter 2b (from scores to decisions on the credit card fraud data)."""

    normal_rows: int | None
    """Normal transactions kept beside all frauds; ``None`` keeps every row (needed to reproduce the published euros)."""
    splits: int
    """Stratified 50/50 splits in pairs with disjoint test halves, the first the published one; mean ± std over them."""
    ensemble_estimators: int
    """Members of the balanced random forest, balanced bagging and RUSBoost."""
    easy_ensemble_members: int
    """AdaBoost members of EasyEnsemble (each boosts 50 stumps on its own balanced draw)."""
    bootstrap: int
    """Bootstrap replicates of each interval."""


@dataclass(frozen=True)
class Chapter3Settings:
    """Sizes for Chapter 3 (VAE oversampling of the fraud class)."""

    normal_rows: int | None
    """Normal transactions kept beside all frauds; ``None`` keeps every row."""
    seeds: int
    """Stratified 80/20 splits shared by every method, test folds disjoint (up to five), reported as mean ± std."""
    vae_epochs: int
    """Passes of the VAE over the training frauds."""
    forest_trees: int
    """Trees of the random forest."""


@dataclass(frozen=True)
class Chapter4Settings:
    """Sizes for Chapter 4 (GAN oversampling of the fraud class)."""

    normal_rows: int | None
    """Normal transactions kept beside all frauds; ``None`` keeps every row."""
    steps: int
    """Generator updates of every GAN."""
    sample_every: int
    """Steps between two saved sample batches (realism curve, checkpoints)."""
    realism_splits: int
    """Random halvings of the realism test, reported as mean ± std."""
    shuffles: int
    """Shuffles of the final experiment's normal transactions, reported as mean ± std."""


@dataclass(frozen=True)
class Chapter5Settings:
    """Sizes for Chapter 5 (long-tailed MNIST and its samplers)."""

    imbalance_ratio: float
    """Head class size over tail class size."""
    head: int
    """Images asked of the head class (capped at what MNIST has)."""
    val_per_class: int
    """Validation images reserved from every class before the tail is drawn."""
    seeds: int
    """Runs of every method, reported as mean ± std."""
    steps: int
    """Optimizer steps of every method in the equal-budget comparison."""
    eval_every: int
    """Steps between two scorings on the validation split."""
    batch_size: int
    momentum: float
    published_epochs: int
    """Epochs of the published per-epoch protocol (20 as published)."""
    search_seeds: int
    """Seeds of each setting in the validation search for the learning rate and the affine strength."""
    search_steps: int
    """Optimizer steps of each run of that search."""


@dataclass(frozen=True)
class Chapter5bSettings:
    """Sizes for Chapter 5b (loss-level methods on long-tailed MNIST and Fashion-MNIST)."""

    seeds: int
    """Runs of every method on each data set, reported as mean ± std."""
    fashion_steps: int
    """Optimizer steps of every LT-Fashion-MNIST run (the shorter of Chapter 6's candidate budgets)."""
    lr: float
    """Chapter 5's learning rate in the same profile, as its validation search chooses it (the chapter
    does not repeat that search; ``tests/test_book.py`` checks the two built chapters agree)."""


@dataclass(frozen=True)
class Chapter6Settings:
    """Sizes for Chapter 6 (augmentation and mixing on long-tailed Fashion-MNIST and MNIST)."""

    imbalance_ratio: float
    """Head class size over tail class size."""
    head: int
    """Images of the head class before the 80/20 train/validation split."""
    val_share: float
    """Share of the long-tailed images held out (stratified) to choose checkpoints."""
    seeds: int
    """Runs of every method, reported as mean ± std."""
    step_candidates: tuple[int, ...]
    """Budgets (optimizer steps per run on LT-Fashion-MNIST) among which validation chooses the chapter's."""
    eval_every: int
    """Steps between two scorings on the validation split."""
    batch_size: int
    lr: float
    """SGD learning rate of the published notebook (as are ``momentum`` and ``batch_size``)."""
    momentum: float
    mnist_steps: int
    """Optimizer steps of every run of the shorter LT-MNIST replication."""
    mnist_seeds: int
    """Seeds of the LT-MNIST replication."""


@dataclass(frozen=True)
class Chapter7Settings:
    """Sizes for Chapter 7 (generative and embedding-space oversampling on LT-MNIST).

    The long tail, batch size and momentum are Chapter 5's; the learning rate is chosen on
    validation, as in Chapter 5.
    """

    seeds: int
    """Runs of every method (each with its own generators), reported as mean ± std."""
    steps: int
    """Optimizer steps of every classifier (Chapter 5's budget in the full profile)."""
    eval_every: int
    """Steps between two scorings on the validation split."""
    generator_steps: int
    """Adam steps of the VAE and of DeepSMOTE's autoencoder."""
    top_up_to: int
    """Every class with fewer training images is grown to this many generated ones."""
    realism_images: int
    """Generated images per class in the realism check."""
    search_seeds: int
    """Seeds of each learning rate in the validation search (random over-sampling only)."""
    search_steps: int
    """Optimizer steps of each run of that search (a short run, to keep the search cheap)."""


@dataclass(frozen=True)
class Chapter8Settings:
    """Sizes for Chapter 8 (text augmentation for SMS spam)."""

    messages: int | None
    """Messages used, drawn stratified (``None``: all 5,572)."""
    seeds: int
    """Train/validation/test splits of every method, reported as mean ± std."""
    target_ratios: tuple[float, ...]
    """Spam-to-ham ratios after augmentation that validation chooses from."""
    mixup_epochs: int
    """Most epochs of the torch text classifier (validation picks one)."""


_SETTINGS: dict[int | str, dict[str, Any]] = {
    1: {
        "full": Chapter1Settings(monte_carlo_samples=2_000_000, train_samples=20_000, seeds=10,
                                 test_samples=200_000),
        "quick": Chapter1Settings(monte_carlo_samples=200_000, train_samples=4_000, seeds=3,
                                  test_samples=50_000),
    },
    2: {
        "full": Chapter2Settings(normal_rows=None, splits=5, cleaning_normal_rows=30_000),
        "quick": Chapter2Settings(normal_rows=20_000, splits=3, cleaning_normal_rows=5_000),
    },
    "2b": {
        "full": Chapter2bSettings(normal_rows=None, splits=6, ensemble_estimators=100, easy_ensemble_members=10,
                                  bootstrap=1000),
        "quick": Chapter2bSettings(normal_rows=20_000, splits=2, ensemble_estimators=10, easy_ensemble_members=2,
                                   bootstrap=200),
    },
    3: {
        "full": Chapter3Settings(normal_rows=None, seeds=5, vae_epochs=300, forest_trees=100),
        "quick": Chapter3Settings(normal_rows=20_000, seeds=2, vae_epochs=40, forest_trees=30),
    },
    4: {
        "full": Chapter4Settings(normal_rows=None, steps=1500, sample_every=100, realism_splits=10, shuffles=5),
        "quick": Chapter4Settings(normal_rows=20_000, steps=150, sample_every=50, realism_splits=3, shuffles=2),
    },
    5: {
        "full": Chapter5Settings(imbalance_ratio=100, head=6000, val_per_class=100, seeds=3, steps=4000,
                                 eval_every=500, batch_size=64, momentum=0.9, published_epochs=20,
                                 search_seeds=1, search_steps=3000),
        "quick": Chapter5Settings(imbalance_ratio=100, head=6000, val_per_class=100, seeds=2, steps=120,
                                  eval_every=40, batch_size=64, momentum=0.9, published_epochs=1,
                                  search_seeds=2, search_steps=60),
    },
    "5b": {
        "full": Chapter5bSettings(seeds=3, fashion_steps=700, lr=0.02),
        "quick": Chapter5bSettings(seeds=2, fashion_steps=20, lr=0.05),
    },
    6: {
        "full": Chapter6Settings(imbalance_ratio=100, head=6000, val_share=0.2, seeds=3, step_candidates=(700, 1000),
                                 eval_every=250, batch_size=64, lr=0.1, momentum=0.9, mnist_steps=300,
                                 mnist_seeds=3),
        "quick": Chapter6Settings(imbalance_ratio=100, head=6000, val_share=0.2, seeds=2, step_candidates=(20, 40),
                                  eval_every=20, batch_size=64, lr=0.1, momentum=0.9, mnist_steps=20,
                                  mnist_seeds=2),
    },
    7: {
        "full": Chapter7Settings(seeds=3, steps=4000, eval_every=500, generator_steps=1500, top_up_to=1000,
                                 realism_images=500, search_seeds=1, search_steps=3000),
        "quick": Chapter7Settings(seeds=2, steps=120, eval_every=40, generator_steps=60, top_up_to=300,
                                  realism_images=50, search_seeds=2, search_steps=60),
    },
    8: {
        "full": Chapter8Settings(messages=None, seeds=5, target_ratios=(0.5, 1.0), mixup_epochs=20),
        "quick": Chapter8Settings(messages=1500, seeds=2, target_ratios=(1.0,), mixup_epochs=4),
    },
}


def chapter_settings(chapter: int | str, profile: str | None = None):
    """Return the sizes of ``chapter`` under ``profile`` (default: :func:`get_profile`).

    Introduced in Chapter 1. ``chapter`` is a number, or ``"2b"`` / ``"5b"`` for
    the chapters that follow Chapters 2 and 5.

    Examples
    --------
    >>> chapter_settings(1, "quick").seeds
    3
    """
    profile = get_profile() if profile is None else profile
    if profile not in PROFILES:
        raise ValueError(f"profile {profile!r} is unknown; choose one of {', '.join(PROFILES)}.")
    if chapter not in _SETTINGS:
        raise ValueError(
            f"chapter {chapter!r} has no settings; known chapters: {', '.join(map(str, _SETTINGS))}."
        )
    return _SETTINGS[chapter][profile]
