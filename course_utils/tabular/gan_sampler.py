"""An imbalanced-learn over-sampler that draws new rows from a GAN of any kind.

Introduced in Chapter 4. Everything an imbalanced-learn sampler must do is
inherited from :class:`~course_utils.tabular.samplers.GenerativeOverSampler`;
this module only says how to fit a :class:`~course_utils.tabular.gan.TabularGAN`
to one class and which of its checkpoints to draw from.
"""

from __future__ import annotations

from numbers import Integral

import pandas as pd
import torch
from sklearn.utils import check_scalar

from .gan import KINDS, TabularGAN
from .samplers import GenerativeOverSampler
from .realism import realism_score

__all__ = ["GANOverSampler", "choose_checkpoint", "realism_curve"]

CHECKPOINTS = ("last", "realism")


def realism_curve(gan, X, random_state=0):
    """The :func:`realism_score` of every saved batch of a fitted ``gan`` against the rows ``X``.

    Introduced in Chapter 4, where it draws the realism curves and chooses checkpoints.

    Returns
    -------
    pandas.Series
        Indexed by the saved step (step 0, the untrained generator, included).
    """
    return pd.Series({step: realism_score(X, gan.history_.samples[step], random_state) for step in gan.saved_steps},
                     name="realism")


def choose_checkpoint(gan, X, checkpoint="realism", random_state=0):
    """The saved step of a fitted ``gan`` to sample from.

    Introduced in Chapter 4. ``"last"`` takes the final step; ``"realism"`` the
    saved step whose samples get the lowest :func:`realism_score` against the
    rows ``X`` the GAN was trained on (step 0, the untrained generator, is
    never chosen). Only training rows are used: a test row must not choose a
    checkpoint.

    Returns
    -------
    int
    """
    if checkpoint not in CHECKPOINTS:
        raise ValueError(f"checkpoint {checkpoint!r} is unknown; choose one of {', '.join(CHECKPOINTS)}.")
    steps = [step for step in gan.saved_steps if step > 0] or gan.saved_steps
    if checkpoint == "last":
        return steps[-1]
    return int(realism_curve(gan, X, random_state)[steps].idxmin())


class GANOverSampler(GenerativeOverSampler):
    """Over-sample a class with rows drawn from a GAN trained on that class only.

    Introduced in Chapter 4. Inside an imbalanced-learn ``Pipeline`` the GAN is
    trained on the training fold's rows of each class to grow, and nothing else.
    Feed it scaled features (for instance after ``FraudPreprocessor``).

    Parameters
    ----------
    kind : {"gan", "cgan", "wgan-gp", "wcgan-gp"}, default="wgan-gp"
    steps : int, default=2000
        Generator updates.
    checkpoint : {"last", "realism"}, default="realism"
        Which saved generator draws the new rows, see :func:`choose_checkpoint`.
    n_clusters : int, default=2
        Clusters conditioning ``cgan``/``wcgan-gp``; a class needs at least this many rows.
    sample_every : int, default=100
        Steps between saved checkpoints.
    gan_params : dict or None
        Further arguments of :class:`~course_utils.tabular.gan.TabularGAN`.
    sampling_strategy : float, str, dict or callable, default="auto"
    device : str, torch.device or None
    random_state : int or None
    verbose : bool, default=False

    Attributes
    ----------
    models_ : dict
        The fitted :class:`TabularGAN` of each grown class; its ``chosen_step_``
        is the checkpoint the new rows were drawn from.
    """

    # Types here (checked by imbalanced-learn before fit); ranges and options in _check_params.
    _parameter_constraints = {
        **GenerativeOverSampler._parameter_constraints,
        "kind": [str],
        "steps": [Integral],
        "checkpoint": [str],
        "n_clusters": [Integral],
        "sample_every": [Integral],
        "gan_params": [dict, None],
        "device": [None, str, torch.device],
        "random_state": ["random_state"],
        "verbose": ["boolean"],
    }

    def __init__(self, *, kind="wgan-gp", steps=2000, checkpoint="realism", n_clusters=2, sample_every=100,
                 gan_params=None, sampling_strategy="auto", device=None, random_state=None, verbose=False):
        super().__init__(sampling_strategy=sampling_strategy, random_state=random_state)
        self.kind, self.steps, self.checkpoint, self.n_clusters = kind, steps, checkpoint, n_clusters
        self.sample_every, self.gan_params, self.device, self.verbose = sample_every, gan_params, device, verbose

    @property
    def min_class_rows(self):
        return max(2, self.n_clusters) if self.kind in ("cgan", "wcgan-gp") else 2

    def _check_params(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind {self.kind!r} is unknown; choose one of {', '.join(KINDS)}.")
        if self.checkpoint not in CHECKPOINTS:
            raise ValueError(f"checkpoint {self.checkpoint!r} is unknown; choose one of {', '.join(CHECKPOINTS)}.")
        for name in ("steps", "n_clusters", "sample_every"):
            check_scalar(getattr(self, name), name, Integral, min_val=1)

    def _fit_class(self, X_class, random_state):
        gan = TabularGAN(kind=self.kind, steps=self.steps, n_clusters=self.n_clusters,
                         sample_every=self.sample_every, device=self.device, random_state=random_state,
                         verbose=self.verbose, **(self.gan_params or {}))
        gan.fit(X_class)
        gan.chosen_step_ = choose_checkpoint(gan, X_class, self.checkpoint, random_state)
        return gan

    def _sample_class(self, model, n_samples, random_state):
        return model.sample(n_samples, step=model.chosen_step_, random_state=random_state)
