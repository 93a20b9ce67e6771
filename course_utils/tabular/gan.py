"""GANs for tabular rows: generator and critic MLPs, four training objectives, a history.

Introduced in Chapter 4. The kinds follow the published fraud experiment:

* ``gan``: the original minimax game (Goodfellow et al., 2014), with the non-saturating
  generator loss; the critic is a discriminator that outputs a logit;
* ``cgan``: the same, conditioned on a class label (Mirza & Osindero, 2014);
* ``wgan-gp``: the Wasserstein GAN (Arjovsky et al., 2017) whose critic is kept
  1-Lipschitz by a gradient penalty (Gulrajani et al., 2017);
* ``wcgan-gp``: the conditional Wasserstein GAN.

Conditional kinds condition on KMeans cluster labels of the rows they are fit
on (the frauds have no sub-labels of their own). The gradient penalty is
computed per sample, as the WGAN-GP paper defines it; the published code took
one norm over the whole batch's gradient, which penalises something else.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from sklearn.base import clone
from sklearn.cluster import KMeans
from torch import nn

from ..config import get_device
from ..progress import progress
from ..seeding import check_seed, device_generator, numpy_generator, seeded, torch_generator
from .layers import mlp

__all__ = ["KINDS", "Critic", "GANHistory", "Generator", "TabularGAN", "gradient_penalty"]

KINDS = ("gan", "cgan", "wgan-gp", "wcgan-gp")


class Generator(nn.Module):
    """Noise (and an optional one-hot condition) -> a row of ``n_features`` values.

    Introduced in Chapter 4. ReLU hidden layers, a linear output (the rows are
    standardised, not bounded).

    Parameters
    ----------
    n_features : int
    noise_dim : int, default=32
    hidden : tuple of int, default=(128, 256, 512)
    n_conditions : int, default=0
        Size of the one-hot condition appended to the noise (0: unconditional).
    """

    def __init__(self, n_features, noise_dim=32, hidden=(128, 256, 512), n_conditions=0):
        super().__init__()
        self.noise_dim, self.n_conditions = noise_dim, n_conditions
        self.net = mlp((noise_dim + n_conditions, *hidden, n_features), nn.ReLU)

    def forward(self, noise, conditions=None):
        return self.net(noise if conditions is None else torch.cat([noise, conditions], dim=1))


class Critic(nn.Module):
    """A row (and an optional one-hot condition) -> one unbounded score.

    Introduced in Chapter 4. For ``gan``/``cgan`` the score is the logit of
    "real"; for the Wasserstein kinds it is the critic's value, whose mean
    difference between real and generated rows estimates the Wasserstein-1
    distance. LeakyReLU hidden layers and no batch normalisation, which would
    break the per-sample gradient penalty.

    Parameters
    ----------
    n_features : int
    hidden : tuple of int, default=(512, 256, 128)
    n_conditions : int, default=0
    """

    def __init__(self, n_features, hidden=(512, 256, 128), n_conditions=0):
        super().__init__()
        self.n_conditions = n_conditions
        self.net = mlp((n_features + n_conditions, *hidden, 1), lambda: nn.LeakyReLU(0.2))

    def forward(self, rows, conditions=None):
        return self.net(rows if conditions is None else torch.cat([rows, conditions], dim=1)).squeeze(1)


def gradient_penalty(critic, real, fake, conditions=None, epsilon=None, generator=None):
    """The WGAN-GP penalty: mean over samples of ``(||grad critic(x_hat)|| - 1)^2``.

    Introduced in Chapter 4. ``x_hat = eps * real + (1 - eps) * fake`` with one
    ``eps ~ U(0, 1)`` per row, and the gradient norm is taken per row, as in
    (Gulrajani et al., 2017). (One norm over the whole batch's gradient, as in the
    published fraud code, grows with the square root of the batch size and
    penalises a different quantity.)

    Parameters
    ----------
    critic : callable
        ``critic(rows)`` or, with ``conditions``, ``critic(rows, conditions)``;
        returns one score per row.
    real, fake : torch.Tensor, shape (n, d)
    conditions : torch.Tensor or None
    epsilon : torch.Tensor of shape (n,) or None
        The mixing weights; drawn uniformly (with ``generator``) when ``None``.
    generator : torch.Generator or None

    Returns
    -------
    torch.Tensor
        A scalar that keeps the graph (it is differentiated in training).
    """
    if real.shape != fake.shape:
        raise ValueError(f"real and fake must have the same shape, got {tuple(real.shape)} and {tuple(fake.shape)}.")
    if epsilon is None:
        epsilon = torch.rand(len(real), device=real.device, generator=generator)
    mixed = (epsilon[:, None] * real + (1 - epsilon[:, None]) * fake.detach()).requires_grad_(True)
    scores = critic(mixed) if conditions is None else critic(mixed, conditions)
    (grads,) = torch.autograd.grad(scores.sum(), mixed, create_graph=True)
    return ((grads.norm(2, dim=1) - 1) ** 2).mean()


@dataclass
class GANHistory:
    """What a GAN did while it trained.

    Introduced in Chapter 4.

    Attributes
    ----------
    critic_loss, generator_loss : list of float
        One value per generator step (the critic's is that of its last update).
    wasserstein : list of float
        Per generator step, mean critic score of the real batch minus that of
        the generated batch. For ``wgan-gp``/``wcgan-gp`` it estimates the
        Wasserstein-1 distance; for ``gan``/``cgan`` it is only a logit gap.
    samples : dict of int to numpy.ndarray
        Rows generated from one fixed noise batch at step 0 and every
        ``sample_every`` steps (step -> array), for plots and checkpoint choice.
    sample_conditions : numpy.ndarray or None
        The cluster label of each saved sample row (conditional kinds).
    """

    critic_loss: list = field(default_factory=list)
    generator_loss: list = field(default_factory=list)
    wasserstein: list = field(default_factory=list)
    samples: dict = field(default_factory=dict)
    sample_conditions: np.ndarray | None = None

    def to_frame(self) -> pd.DataFrame:
        """One row per generator step: ``step``, ``critic_loss``, ``generator_loss``, ``wasserstein``."""
        return pd.DataFrame({"step": np.arange(1, len(self.critic_loss) + 1), "critic_loss": self.critic_loss,
                             "generator_loss": self.generator_loss, "wasserstein": self.wasserstein})


class TabularGAN:
    """Train a GAN of any kind on the rows of one class, keep checkpoints, sample.

    Introduced in Chapter 4.

    Parameters
    ----------
    kind : {"gan", "cgan", "wgan-gp", "wcgan-gp"}, default="wgan-gp"
    steps : int, default=2000
        Generator updates.
    noise_dim : int, default=32
    generator_hidden : tuple of int, default=(128, 256, 512)
    critic_hidden : tuple of int, default=(512, 256, 128)
    batch_size : int, default=128
        Rows per batch, drawn with replacement from the training rows.
    n_critic : int or None, default=None
        Critic updates per generator update; ``None``: 5 for the Wasserstein
        kinds, 1 for the others.
    learning_rate : float, default=5e-4
    betas : tuple of float, default=(0.5, 0.9)
        Adam's betas, for both networks.
    gp_weight : float, default=10.0
        Weight of the gradient penalty (Wasserstein kinds).
    n_clusters : int, default=2
        KMeans clusters whose labels condition ``cgan``/``wcgan-gp``.
    sample_every : int, default=100
        Steps between two saved sample batches and generator checkpoints.
    n_saved : int or None, default=None
        Rows in each saved sample batch; ``None``: as many as training rows.
    transformer : scikit-learn transformer or None, default=None
        If given, a clone is fit on the training rows and the networks learn
        in its output space; saved batches and :meth:`sample` are mapped back
        with its ``inverse_transform``, so rows always come out in the space of
        ``X``. With ``QuantileTransformer(output_distribution="normal")`` each
        column becomes Gaussian for the generator, and the inverse sends a band
        of outputs to a value that repeats in the data (an amount of exactly 1.00),
        so spikes come back as spikes. Its ``n_quantiles`` is capped at the
        number of rows. Generated values beyond the range of the transformed
        training rows are clipped to it before the inverse: Yeo-Johnson's inverse
        (``PowerTransformer``) is undefined past that range for some powers and
        would return NaN, and a quantile transform's inverse clips there anyway.
    device : str, torch.device or None
        Default: :func:`course_utils.config.get_device`.
    random_state : int or None
        Seeds weights, batches, noise and clustering.
    verbose : bool, default=False
        Show a progress bar.

    Attributes
    ----------
    generator_, critic_ : torch.nn.Module
    history_ : GANHistory
    checkpoints_ : dict of int to dict
        Generator weights (on the CPU) at each saved step.
    transformer_ : scikit-learn transformer or None
        The fitted clone of ``transformer``.
    transformed_range_ : tuple of two numpy.ndarray or None
        Per-column minimum and maximum of the transformed training rows.
    kmeans_ : sklearn.cluster.KMeans or None
    condition_weights_ : numpy.ndarray or None
        Share of the training rows in each cluster; sampling draws conditions with it.
    """

    def __init__(self, kind="wgan-gp", steps=2000, noise_dim=32, generator_hidden=(128, 256, 512),
                 critic_hidden=(512, 256, 128), batch_size=128, n_critic=None, learning_rate=5e-4,
                 betas=(0.5, 0.9), gp_weight=10.0, n_clusters=2, sample_every=100, n_saved=None,
                 transformer=None, device=None, random_state=None, verbose=False):
        self.kind, self.steps, self.noise_dim = kind, steps, noise_dim
        self.generator_hidden, self.critic_hidden = generator_hidden, critic_hidden
        self.batch_size, self.n_critic, self.learning_rate, self.betas = batch_size, n_critic, learning_rate, betas
        self.gp_weight, self.n_clusters, self.sample_every, self.n_saved = gp_weight, n_clusters, sample_every, n_saved
        self.transformer = transformer
        self.device, self.random_state, self.verbose = device, random_state, verbose

    @property
    def conditional(self) -> bool:
        """Whether the kind conditions on cluster labels (``cgan``, ``wcgan-gp``)."""
        return self.kind in ("cgan", "wcgan-gp")

    @property
    def wasserstein(self) -> bool:
        """Whether the kind is a Wasserstein GAN with gradient penalty."""
        return self.kind.startswith("w")

    @property
    def critic_updates(self) -> int:
        """Critic updates per generator update: ``n_critic``, or 5 (Wasserstein kinds) / 1 (others) if unset."""
        if self.n_critic is not None:
            return self.n_critic
        return 5 if self.wasserstein else 1

    def _check_rows(self, X):
        # A copy: torch cannot wrap the read-only arrays that pandas hands out.
        X = np.array(X, dtype=np.float32)
        if X.ndim != 2 or len(X) < 2:
            raise ValueError(f"TabularGAN needs a 2-D array of at least 2 rows, got shape {X.shape}.")
        if not np.isfinite(X).all():
            raise ValueError("TabularGAN: the rows contain NaN or infinite values.")
        if self.conditional and len(X) < self.n_clusters:
            raise ValueError(f"TabularGAN(kind={self.kind!r}) needs at least n_clusters={self.n_clusters} rows "
                             f"to cluster, got {len(X)}.")
        return X

    def fit(self, X):
        """Train on the rows ``X`` (shape ``(n, d)``, already scaled) and return ``self``."""
        # Checked here, not in __init__, so that set_params cannot slip an unknown kind past it.
        if self.kind not in KINDS:
            raise ValueError(f"kind {self.kind!r} is unknown; choose one of {', '.join(KINDS)}.")
        X = self._fit_transformer(self._check_rows(X))
        device = get_device(self.device)
        seed = check_seed(self.random_state)  # None: one fresh seed for weights, clusters and draws
        rng = device_generator(seed, device)
        n_cond = self.n_clusters if self.conditional else 0
        with seeded(seed):
            self.generator_ = Generator(X.shape[1], self.noise_dim, self.generator_hidden, n_cond).to(device)
            self.critic_ = Critic(X.shape[1], self.critic_hidden, n_cond).to(device)
        rows = torch.as_tensor(X, device=device)
        labels = None
        self.kmeans_ = self.condition_weights_ = None
        if self.conditional:
            self.kmeans_ = KMeans(self.n_clusters, n_init=10, random_state=seed).fit(X)
            counts = np.bincount(self.kmeans_.labels_, minlength=self.n_clusters)
            self.condition_weights_ = counts / counts.sum()
            labels = torch.as_tensor(self.kmeans_.labels_, device=device, dtype=torch.int64)
        self._train(rows, labels, rng, device)
        return self

    def _fit_transformer(self, X):
        self.transformer_ = self.transformed_range_ = None
        if self.transformer is None:
            return X
        self.transformer_ = clone(self.transformer)
        # A QuantileTransformer asked for more quantiles than rows warns and uses the rows.
        if self.transformer_.get_params().get("n_quantiles", 0) > len(X):
            self.transformer_.set_params(n_quantiles=len(X))
        rows = np.asarray(self.transformer_.fit_transform(X), dtype=np.float32)
        self.transformed_range_ = (rows.min(0), rows.max(0))
        return rows

    def _to_data(self, rows):
        """Generator output (a tensor) as rows in the space of the training data."""
        rows = rows.cpu().numpy()
        if self.transformer_ is not None and len(rows):  # scikit-learn refuses an empty array
            # Inside the training range every inverse is defined (Yeo-Johnson's is not beyond it).
            rows = self.transformer_.inverse_transform(np.clip(rows, *self.transformed_range_))
        return np.asarray(rows, dtype=np.float32)

    def _one_hot(self, labels):
        return None if labels is None else F.one_hot(labels, self.n_clusters).float()

    def _noise(self, n, rng, device):
        return torch.randn(n, self.noise_dim, device=device, generator=rng)

    def _critic_loss(self, real, fake, cond, rng):
        real_scores, fake_scores = self.critic_(real, cond), self.critic_(fake, cond)
        gap = real_scores.mean() - fake_scores.mean()
        if self.wasserstein:
            loss = -gap + self.gp_weight * gradient_penalty(self.critic_, real, fake, cond, generator=rng)
        else:
            loss = (F.binary_cross_entropy_with_logits(real_scores, torch.ones_like(real_scores))
                    + F.binary_cross_entropy_with_logits(fake_scores, torch.zeros_like(fake_scores)))
        return loss, gap

    def _generator_loss(self, fake, cond):
        scores = self.critic_(fake, cond)
        if self.wasserstein:
            return -scores.mean()
        return F.binary_cross_entropy_with_logits(scores, torch.ones_like(scores))

    def _train(self, rows, labels, rng, device):
        opt_g = torch.optim.Adam(self.generator_.parameters(), lr=self.learning_rate, betas=self.betas)
        opt_c = torch.optim.Adam(self.critic_.parameters(), lr=self.learning_rate, betas=self.betas)
        n_saved = self.n_saved or len(rows)
        saved_noise = self._noise(n_saved, rng, device)
        saved_labels = None
        if labels is not None:
            saved_labels = labels[torch.randint(len(labels), (n_saved,), device=device, generator=rng)]
        self.history_ = GANHistory(sample_conditions=None if labels is None else saved_labels.cpu().numpy())
        self.checkpoints_ = {}
        self._save(0, saved_noise, saved_labels)
        losses = []
        for step in progress(range(1, self.steps + 1), verbose=self.verbose, desc=f"{self.kind}", unit="step"):
            for _ in range(self.critic_updates):
                idx = torch.randint(len(rows), (self.batch_size,), device=device, generator=rng)
                cond = self._one_hot(None if labels is None else labels[idx])
                with torch.no_grad():
                    fake = self.generator_(self._noise(self.batch_size, rng, device), cond)
                critic_loss, gap = self._critic_loss(rows[idx], fake, cond, rng)
                opt_c.zero_grad(set_to_none=True)
                critic_loss.backward()
                opt_c.step()
            # The generator is conditioned on the labels of the last real batch: conditions keep their frequencies.
            fake = self.generator_(self._noise(self.batch_size, rng, device), cond)
            generator_loss = self._generator_loss(fake, cond)
            opt_g.zero_grad(set_to_none=True)
            generator_loss.backward()
            opt_g.step()
            # Kept on the device and read once at the end: a .item() per step would synchronise a GPU.
            losses.append(torch.stack([critic_loss.detach(), generator_loss.detach(), gap.detach()]))
            if step % self.sample_every == 0 or step == self.steps:
                self._save(step, saved_noise, saved_labels)
        if losses:
            values = torch.stack(losses).cpu().numpy().astype(float)
            self.history_.critic_loss, self.history_.generator_loss, self.history_.wasserstein = (
                values[:, 0].tolist(), values[:, 1].tolist(), values[:, 2].tolist())

    @torch.no_grad()
    def _save(self, step, noise, labels):
        self.history_.samples[step] = self._to_data(self.generator_(noise, self._one_hot(labels)))
        self.checkpoints_[step] = copy.deepcopy({k: v.cpu() for k, v in self.generator_.state_dict().items()})

    @property
    def saved_steps(self) -> list:
        """The steps at which samples and generator weights were saved."""
        return sorted(self.checkpoints_)

    @torch.no_grad()
    def sample(self, n_samples, step=None, random_state=None):
        """Draw ``n_samples`` rows from the generator as it was at ``step`` (default: the last step).

        Conditional kinds draw each row's cluster with the clusters' share of the training rows.

        Returns
        -------
        numpy.ndarray of shape (n_samples, n_features), float32
        """
        if not hasattr(self, "checkpoints_"):
            raise RuntimeError("TabularGAN is not fitted yet; call fit first.")
        step = self.saved_steps[-1] if step is None else step
        if step not in self.checkpoints_:
            raise ValueError(f"no checkpoint at step {step}; saved steps are {self.saved_steps}.")
        device = next(self.generator_.parameters()).device
        generator = copy.deepcopy(self.generator_)
        generator.load_state_dict(self.checkpoints_[step])
        seed = check_seed(random_state)
        # Drawn on the CPU, then moved: a seed gives the same rows on every device.
        noise = torch.randn(n_samples, self.noise_dim, generator=torch_generator(seed)).to(device)
        cond = None
        if self.conditional:
            labels = numpy_generator(seed).choice(self.n_clusters, size=n_samples, p=self.condition_weights_)
            cond = self._one_hot(torch.as_tensor(labels, device=device))
        return self._to_data(generator(noise, cond))
