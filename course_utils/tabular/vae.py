"""A variational autoencoder for tabular rows, and an over-sampler that draws frauds from it.

Introduced in Chapter 3. :class:`TabularVAE` encodes a row into a Gaussian
over a small latent space and decodes a latent point back into a row; it is
trained by :func:`fit_vae` to minimise reconstruction error plus ``beta``
times the Kullback-Leibler divergence from the standard normal prior.
:class:`VAEOverSampler` fits one such model to the rows of each class it must
grow and makes new rows in one of two ways:

* ``strategy="prior"`` decodes latent points drawn from the prior N(0, I);
* ``strategy="interpolation"`` encodes the real rows, mixes random pairs of
  their codes and decodes the mixtures (SMOTE's idea, in latent space).

Either way a new row is the decoder's output, the mean of its Gaussian given
the code, not a draw from that Gaussian.

The trained VAE depends on the class's rows, the training settings and the
seed, not on the strategy or on how many rows are asked for; samplers that
differ only there (Chapter 3 runs four per split) share one fit, kept in a
small in-memory cache of recent fits.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from sklearn.utils import check_scalar
from torch import nn

from ..config import get_device
from ..progress import progress
from ..seeding import device_generator, seeded
from .layers import mlp
from .samplers import GenerativeOverSampler

__all__ = ["TabularVAE", "VAEClassModel", "VAEOverSampler", "fit_vae", "mix_pairs"]

STRATEGIES = ("prior", "interpolation")

_RECENT_FITS: OrderedDict = OrderedDict()
"""Recent ``VAEOverSampler`` fits by (rows, settings, seed, device); the oldest leaves first."""
_MAX_RECENT_FITS = 8


class TabularVAE(nn.Module):
    """An MLP variational autoencoder for rows of numeric features.

    Introduced in Chapter 3. The encoder maps a row through ReLU layers of
    sizes ``hidden`` to the mean and log-variance of a diagonal Gaussian over
    ``latent_dim`` coordinates; the decoder mirrors it back to ``n_features``
    linear outputs. The defaults (30 -> 100 -> 20) are those of the published
    fraud experiment.

    Parameters
    ----------
    n_features : int, default=30
        Width of a row.
    hidden : tuple of int, default=(100,)
        Sizes of the encoder's hidden layers; the decoder uses them in reverse.
    latent_dim : int, default=20
        Dimension of the latent space.
    random_state : int or None, default=None
        Seed of the weight initialisation; the global torch generator is left as it was.
    """

    def __init__(self, n_features: int = 30, hidden: tuple[int, ...] = (100,), latent_dim: int = 20,
                 random_state: int | None = None):
        super().__init__()
        self.n_features, self.hidden, self.latent_dim = n_features, tuple(hidden), latent_dim
        with seeded(random_state):
            self.encoder = mlp([n_features, *self.hidden], final_activation=True)
            self.to_mean = nn.Linear(self._last(n_features), latent_dim)
            self.to_logvar = nn.Linear(self._last(n_features), latent_dim)
            self.decoder = nn.Sequential(mlp([latent_dim, *reversed(self.hidden)], final_activation=True),
                                         nn.Linear(self.hidden[0] if self.hidden else latent_dim, n_features))

    def _last(self, default: int) -> int:
        return self.hidden[-1] if self.hidden else default

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Mean and log-variance of the latent Gaussian of each row."""
        h = self.encoder(x)
        return self.to_mean(h), self.to_logvar(h)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """Rows decoded from latent points ``z``."""
        return self.decoder(z)

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None):
        """Reconstruction, mean and log-variance; the latent point is drawn by reparameterisation."""
        mean, logvar = self.encode(x)
        noise = torch.randn(mean.shape, generator=generator, device=mean.device, dtype=mean.dtype)
        z = mean + torch.exp(0.5 * logvar) * noise
        return self.decode(z), mean, logvar


def vae_loss(model: TabularVAE, x: torch.Tensor, beta: float = 1.0, generator=None):
    """Reconstruction MSE and KL divergence of a batch, each averaged over rows.

    Introduced in Chapter 3. The squared error is summed over features: up to
    a constant, the negative log-likelihood of a Gaussian decoder whose
    variance is fixed at 1/2 per feature. The KL term is that of
    N(mean, exp(logvar)) from N(0, I), summed over latent coordinates. With
    ``beta=1`` the total is that decoder's negative ELBO (a "pseudo-ELBO" for
    any other decoder variance).

    Returns
    -------
    total, reconstruction, kl : torch.Tensor
        ``total = reconstruction + beta * kl``.
    """
    recon, mean, logvar = model(x, generator)
    reconstruction = F.mse_loss(recon, x, reduction="none").sum(dim=1).mean()
    kl = (-0.5 * (1 + logvar - mean.pow(2) - logvar.exp()).sum(dim=1)).mean()
    return reconstruction + beta * kl, reconstruction, kl


def fit_vae(model: TabularVAE, X, *, epochs: int = 300, batch_size: int = 64, lr: float = 1e-3,
            beta: float = 1.0, device=None, random_state: int | None = None, verbose: bool = False) -> pd.DataFrame:
    """Train ``model`` on the rows ``X`` with Adam, in shuffled mini-batches.

    Introduced in Chapter 3.

    Parameters
    ----------
    model : TabularVAE
        Trained in place and moved to ``device``.
    X : array-like of shape (n_samples, n_features)
        Finite rows, ideally standardised (see :class:`VAEOverSampler`).
    epochs, batch_size, lr : int, int, float
        Passes over ``X``, rows per step and Adam's learning rate.
    beta : float, default=1.0
        Weight of the KL term; 1 makes the loss the negative evidence lower
        bound of a Gaussian decoder of fixed variance 1/2 (see :func:`vae_loss`).
    device : str, torch.device or None
        Where to train; default :func:`course_utils.config.get_device`.
    random_state : int or None
        Seeds the batch order and the reparameterisation noise.
    verbose : bool, default=False
        Show a progress bar over epochs.

    Returns
    -------
    pandas.DataFrame
        One row per epoch: ``epoch``, ``loss``, ``reconstruction``, ``kl``
        (means over the epoch's rows).
    """
    device = get_device(device)
    data = torch.as_tensor(np.asarray(X, dtype=np.float32), device=device)
    if data.ndim != 2 or data.shape[1] != model.n_features:
        raise ValueError(f"X must have shape (n, {model.n_features}), got {tuple(data.shape)}.")
    if len(data) == 0 or not torch.isfinite(data).all():
        raise ValueError("X must hold at least one row and only finite values.")
    if epochs < 1 or batch_size < 1:
        raise ValueError(f"epochs and batch_size must be positive, got {epochs} and {batch_size}.")
    model.to(device).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    generator = device_generator(random_state, device)
    records = []
    for epoch in progress(range(1, epochs + 1), verbose=verbose, desc="VAE", unit="epoch", leave=False):
        order = torch.randperm(len(data), generator=generator, device=device)
        totals = torch.zeros(3, device=device)
        for start in range(0, len(order), batch_size):
            batch = data[order[start:start + batch_size]]
            loss, reconstruction, kl = vae_loss(model, batch, beta, generator)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            # Summed on the device; one transfer per epoch, not per step.
            totals += torch.stack([loss, reconstruction, kl]).detach() * len(batch)
        records.append((epoch, *(totals / len(data)).tolist()))
    model.eval()
    return pd.DataFrame.from_records(records, columns=["epoch", "loss", "reconstruction", "kl"])


def mix_pairs(codes: np.ndarray, n_samples: int, random_state=None):
    """Mix random pairs of distinct rows of ``codes``: ``codes[i] + w * (codes[j] - codes[i])``.

    Introduced in Chapter 3; :class:`VAEOverSampler` applies it to latent codes.

    Parameters
    ----------
    codes : ndarray of shape (n_rows, d), n_rows >= 2
    n_samples : int
    random_state : int, numpy Generator or None

    Returns
    -------
    mixed : ndarray of shape (n_samples, d)
    first, second : ndarray of int, shape (n_samples,)
        The rows mixed; ``first != second`` everywhere.
    weight : ndarray of shape (n_samples,)
        Uniform in [0, 1): 0 gives ``codes[first]``.
    """
    codes = np.asarray(codes)
    if len(codes) < 2:
        raise ValueError(f"mixing pairs needs at least 2 rows, got {len(codes)}.")
    rng = np.random.default_rng(random_state)
    first = rng.integers(len(codes), size=n_samples)
    # An offset in [1, n) makes the partner always a different row.
    second = (first + rng.integers(1, len(codes), size=n_samples)) % len(codes)
    weight = rng.random(n_samples)
    mixed = codes[first] + weight[:, None] * (codes[second] - codes[first])
    return mixed, first, second, weight


@dataclass
class VAEClassModel:
    """The fitted VAE of one class, with the standardisation of its rows.

    Introduced in Chapter 3; :class:`VAEOverSampler` keeps one per grown class
    in ``models_``. :meth:`encode` and :meth:`decode` work in the units of the
    original rows.
    """

    vae: TabularVAE
    mean: np.ndarray
    scale: np.ndarray
    codes: np.ndarray
    """Latent means of the class's training rows."""
    history: pd.DataFrame
    """Per-epoch losses from :func:`fit_vae`."""
    device: torch.device

    @torch.no_grad()
    def encode(self, X) -> np.ndarray:
        """Latent means of rows ``X`` (original units), shape ``(n, latent_dim)``."""
        x = (np.asarray(X, dtype=np.float32) - self.mean) / self.scale
        return self.vae.encode(torch.as_tensor(x, device=self.device))[0].cpu().numpy()

    @torch.no_grad()
    def decode(self, Z) -> np.ndarray:
        """Rows (original units) decoded from latent points ``Z``."""
        z = torch.as_tensor(np.asarray(Z, dtype=np.float32), device=self.device)
        return self.vae.decode(z).cpu().numpy() * self.scale + self.mean


class VAEOverSampler(GenerativeOverSampler):
    """Over-sample a class with a variational autoencoder trained on that class's rows only.

    Introduced in Chapter 3. For every class that ``sampling_strategy`` grows,
    a :class:`TabularVAE` is trained on that class's rows (inside a
    ``Pipeline``: on the training fold's rows, never on a test row) and new rows
    are decoded from it. Original rows come first, then the synthetic ones.

    Parameters
    ----------
    strategy : {"prior", "interpolation"}, default="prior"
        ``"prior"`` decodes z ~ N(0, I). ``"interpolation"`` encodes the
        class's rows to their latent means, mixes random pairs of them
        (:func:`mix_pairs`) and decodes the mixtures.
    hidden : tuple of int, default=(100,)
    latent_dim : int, default=20
        Architecture, as in :class:`TabularVAE`.
    beta : float, default=1.0
        Weight of the KL term.
    epochs : int, default=300
    batch_size : int, default=64
    lr : float, default=1e-3
        Training, as in :func:`fit_vae`.
    sampling_strategy : float, str, dict or callable, default="auto"
        As in imbalanced-learn.
    random_state : int, RandomState instance or None, default=None
        Seeds initialisation, training and sampling.
    device : str, torch.device or None, default=None
        Default :func:`course_utils.config.get_device`.
    verbose : bool, default=False
        Show a progress bar while training.

    Attributes
    ----------
    sampling_strategy_ : dict
        Rows generated per class.
    models_ : dict of label to VAEClassModel
        The fitted model of each grown class (its loss history in ``.history``).
    """

    # Types here (checked by imbalanced-learn before fit); ranges and options in _check_params.
    _parameter_constraints = {
        **GenerativeOverSampler._parameter_constraints,
        "strategy": [str],
        "hidden": [tuple, list],
        "latent_dim": [Integral],
        "beta": [Real],
        "epochs": [Integral],
        "batch_size": [Integral],
        "lr": [Real],
        "device": [None, str, torch.device],
        "verbose": ["boolean"],
    }

    def _check_params(self):
        if self.strategy not in STRATEGIES:
            raise ValueError(f"strategy {self.strategy!r} is unknown; choose one of {', '.join(STRATEGIES)}.")
        for name in ("latent_dim", "epochs", "batch_size"):
            check_scalar(getattr(self, name), name, Integral, min_val=1)
        check_scalar(self.beta, "beta", Real, min_val=0)
        check_scalar(self.lr, "lr", Real, min_val=0, include_boundaries="neither")

    def __init__(self, *, strategy="prior", hidden=(100,), latent_dim=20, beta=1.0, epochs=300,
                 batch_size=64, lr=1e-3, sampling_strategy="auto", random_state=None, device=None,
                 verbose=False):
        super().__init__(sampling_strategy=sampling_strategy, random_state=random_state)
        self.strategy = strategy
        self.hidden = hidden
        self.latent_dim = latent_dim
        self.beta = beta
        self.epochs = epochs
        self.batch_size = batch_size
        self.lr = lr
        self.device = device
        self.verbose = verbose

    def _fit_class(self, X_class, random_state):
        device = get_device(self.device)
        key = (hashlib.sha1(np.ascontiguousarray(X_class).tobytes()).hexdigest(), X_class.shape, random_state,
               tuple(self.hidden), self.latent_dim, self.beta, self.epochs, self.batch_size, self.lr, str(device))
        if key in _RECENT_FITS:
            _RECENT_FITS.move_to_end(key)
            return _RECENT_FITS[key]
        # Standardise the class's own rows: the VAE's MSE then weighs every
        # feature alike (a raw Amount in euros would drown the V columns), and
        # the N(0, I) prior matches data of unit scale. Decoded rows are mapped
        # back to the original units.
        mean = X_class.mean(axis=0)
        scale = X_class.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0).astype(np.float32)
        vae = TabularVAE(X_class.shape[1], tuple(self.hidden), self.latent_dim, random_state=random_state)
        standardised = (X_class - mean) / scale
        history = fit_vae(vae, standardised, epochs=self.epochs, batch_size=self.batch_size, lr=self.lr,
                          beta=self.beta, device=device, random_state=random_state, verbose=self.verbose)
        with torch.no_grad():
            codes = vae.encode(torch.as_tensor(standardised, device=device))[0].cpu().numpy()
        model = _RECENT_FITS[key] = VAEClassModel(vae, mean, scale, codes, history, device)
        if len(_RECENT_FITS) > _MAX_RECENT_FITS:
            _RECENT_FITS.popitem(last=False)
        return model

    def _sample_class(self, model, n_samples, random_state):
        rng = np.random.default_rng(random_state)
        if self.strategy == "prior":
            z = rng.standard_normal((n_samples, self.latent_dim), dtype=np.float32)
        else:
            z = mix_pairs(model.codes, n_samples, rng)[0]
        return model.decode(z)
