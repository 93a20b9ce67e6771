"""Run several training methods over several seeds and collect per-class test scores.

Introduced in Chapter 5; Chapters 5b, 6 and 7 compare their methods the same way.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
import torch

from ..batching import forward_in_batches
from ..config import get_device
from ..parallel import side_by_side
from ..progress import progress
from ..seeding import child_seeds
from .images import prepare_images
from .losses import adjust_logits
from .models import Net
from .samplers import IndexSampler
from .scoring import evaluate_network
from .train import fit

SamplerFactory = Callable[[np.ndarray, int], IndexSampler]


@dataclass(frozen=True)
class Method:
    """A way to train a classifier: which sampler feeds it, which loss it minimises, an optional second stage.

    Introduced in Chapter 5.

    Parameters
    ----------
    name : str
        Label in tables and figures.
    sampler : callable
        ``sampler(train_labels, seed)`` returns the :class:`IndexSampler` of the main stage.
    finetune : callable, optional
        Sampler factory for a second stage that retrains only the model's
        ``head`` (two-stage learning).
    finetune_share : float
        Share of the budget (steps or epochs) that the second stage gets.
    refine : callable, optional
        A second stage of another kind, instead of ``finetune`` (Chapter 7's
        :class:`~course_utils.vision.EOS`): called as
        ``refine(model, train, val, random_state=..., device=..., steps=...)`` (or
        ``epochs=``) with the second stage's budget; returns its :class:`History`.
    augment : callable, optional
        Batch augmentation for both stages (see :func:`~course_utils.vision.fit`).
    mix : callable, optional
        A mixer for both stages (Chapter 6; see :func:`~course_utils.vision.fit`).
    fit_kwargs : dict, optional
        Settings of :func:`~course_utils.vision.fit` for this method only (both
        stages), replacing those :func:`run_methods` gives every method: Chapter 5's
        published protocol trains dynamic sampling with its own learning rate.
    loss : callable, optional
        ``loss(train_labels)`` builds the loss that :func:`~course_utils.vision.fit`
        minimises in both stages (Chapter 5b's losses), from the run's training
        labels (a NumPy array), afresh for every run: a loss with state, such as
        :class:`~course_utils.vision.DeferredReweighting`, starts again with each
        run. ``None``: the mixer's loss if it has one, else cross-entropy.
    """

    name: str
    sampler: SamplerFactory
    finetune: SamplerFactory | None = None
    finetune_share: float = 0.2
    augment: Callable | None = None
    mix: Callable | None = None
    refine: Callable | None = None
    fit_kwargs: dict | None = None
    loss: Callable[[np.ndarray], Callable] | None = None

    def __post_init__(self):
        if self.finetune is not None and self.refine is not None:
            raise ValueError("give a finetune sampler or a refine stage, not both.")
        if (self.finetune or self.refine) is not None and not 0 < self.finetune_share < 1:
            raise ValueError(f"finetune_share must lie in (0, 1), got {self.finetune_share}.")


def run_methods(methods, train, val, test, *, seeds, steps: int | None = None,
                epochs: int | None = None, model: Callable = Net, device=None, n_jobs: int | None = None,
                return_models: bool = False, verbose: bool = False, **fit_kwargs):
    """Train every method with every seed under one budget; score each on the whole test set.

    Introduced in Chapter 5. The validation split chooses each run's
    checkpoint; the test set only scores the chosen one.

    Parameters
    ----------
    methods : iterable of Method
    train, val, test : tuple of (images, labels)
    seeds : iterable of int
        One run per seed: it seeds the model's initialisation, the sampler and dropout; a
        second stage draws from a child seed (:func:`~course_utils.seeding.child_seeds`),
        independent of every run's first stage.
    steps, epochs : int
        The budget of every run (exactly one), shared by both stages of a two-stage method.
    model : callable
        ``model(random_state=seed)`` builds a fresh network (default :class:`Net`).
    device : str, torch.device or None
        Default: :func:`course_utils.config.get_device`.
    n_jobs : int or None
        Runs trained at the same time, each in its own process. ``None``: one per
        CPU core when ``device`` is the CPU, one on a GPU. On a CPU a small network
        keeps one core busier than two: two one-thread runs side by side do about
        1.4 times the work of one run on two threads.
    return_models : bool
        Also return the trained networks.
    **fit_kwargs
        Passed to :func:`~course_utils.vision.fit` (``lr``, ``momentum``, ``batch_size``, ``eval_every``, ...).

    Returns
    -------
    pandas.DataFrame
        Tidy: columns ``method``, ``seed``, ``metric``, ``value``, with the metrics
        ``accuracy``, ``balanced_accuracy``, ``class_0`` ... (per-class test
        accuracy), ``best_step`` (of the kept checkpoint), ``val_score`` (its
        validation score, which may choose between methods) and ``seconds`` (wall
        time of the run, while ``n_jobs`` runs share the machine).
    dict
        Only with ``return_models``: the trained network of each ``(method name, seed)``.
    """
    device = get_device(device)
    if n_jobs is None and device.type != "cpu":
        n_jobs = 1  # one GPU: runs side by side would only queue for it
    runs = [(method, seed) for method in methods for seed in seeds]
    one_run = dict(train=train, val=val, test=test, steps=steps, epochs=epochs, model=model, device=device,
                   fit_kwargs=fit_kwargs)
    results = side_by_side(_run_one, [((method, seed), one_run) for method, seed in runs], n_jobs)
    bar = progress(total=len(runs), desc="runs", verbose=verbose)
    rows, models = [], {}
    for (method, seed), (scores, net) in zip(runs, results):
        models[method.name, seed] = net
        rows += [{"method": method.name, "seed": seed, "metric": k, "value": float(v)} for k, v in scores.items()]
        bar.set_postfix(method=method.name, seed=seed)
        bar.update(1)
    bar.close()
    return (pd.DataFrame(rows), models) if return_models else pd.DataFrame(rows)


def validation_scores(methods, train, val, *, seeds, steps: int | None = None, epochs: int | None = None,
                      **run_kwargs) -> pd.Series:
    """Mean validation score of each method over seeds, for choosing a setting without a test image.

    Introduced in Chapter 5, which chooses its learning rate and the strength of its affine maps
    with it; Chapter 7 chooses its learning rate the same way. It calls :func:`run_methods` with
    the validation split standing where the test set would be, so no test image is ever scored.

    Parameters
    ----------
    methods : iterable of Method
    train, val : tuple of (images, labels)
    seeds : iterable of int
    steps, epochs : int
        The budget of every run (exactly one), usually smaller than the comparison's.
    **run_kwargs
        Passed to :func:`run_methods` (``device``, ``n_jobs``, ``verbose``, ``model``) and through
        it to :func:`~course_utils.vision.fit` (``lr``, ``momentum``, ``batch_size``, ...).

    Returns
    -------
    pandas.Series
        Indexed by method name in the order given: the mean over seeds of the validation score
        of each run's kept checkpoint (``val_score``, balanced accuracy by default).

    Examples
    --------
    Choose a learning rate on validation (Chapters 5 and 7)::

        scores = pd.Series({lr: validation_scores(methods, train, val, seeds=[0, 1], steps=500,
                                                  lr=lr).mean() for lr in (0.01, 0.02, 0.05)})
        lr = scores.idxmax()
    """
    runs = run_methods(methods, train, val, val, seeds=seeds, steps=steps, epochs=epochs, **run_kwargs)
    return runs[runs.metric == "val_score"].groupby("method", sort=False).value.mean().rename("val_score")


def _run_one(method, seed, *, train, val, test, steps, epochs, model, device, fit_kwargs):
    """Train one method with one seed; its test and validation scores, and the trained network."""
    (X, y), (Xv, yv) = train, val
    labels = np.asarray(y)
    fit_kwargs = {**fit_kwargs, **(method.fit_kwargs or {})}
    if method.loss is not None:
        fit_kwargs["loss"] = method.loss(labels)  # one loss for both stages of this run only
    start = time.perf_counter()
    net = model(random_state=seed)
    main, second = _split_budget(steps if steps is not None else epochs, method)
    budget = "steps" if steps is not None else "epochs"
    history = fit(net, X, y, method.sampler(labels, seed), **{budget: main}, augment=method.augment,
                  mix=method.mix, val_images=Xv, val_labels=yv, device=device, random_state=seed, **fit_kwargs)
    if method.finetune is not None:
        history = fit(net, X, y, method.finetune(labels, _second_stage_seed(seed)), **{budget: second},
                      augment=method.augment, mix=method.mix, train_only="head", val_images=Xv,
                      val_labels=yv, device=device, random_state=_second_stage_seed(seed), **fit_kwargs)
    if method.refine is not None:
        history = method.refine(net, train, val, random_state=_second_stage_seed(seed), device=device,
                                **{budget: second})
    return _test_scores(net, test, history, start, device), net


def _test_scores(net, test, history, start, device):
    """What run_methods reports of one trained network: its test scores, kept step, validation score, time."""
    scores = _report_scores(evaluate_network(net, *test, device=device))
    scores.update(best_step=history.best_step, val_score=history.best_score, seconds=time.perf_counter() - start)
    return scores


def _report_scores(report) -> dict:
    scores = {"accuracy": report.accuracy, "balanced_accuracy": report.balanced_accuracy}
    scores.update({f"class_{c}": a for c, a in enumerate(report.per_class_accuracy)})
    return scores


def score_models(models, test, *, val=None, device=None) -> pd.DataFrame:
    """Score networks that were changed after training as :func:`run_methods` scores its runs.

    Introduced in Chapter 5b, for post-hoc logit adjustment
    (:class:`~course_utils.vision.LogitAdjusted` around the networks that
    ``run_methods(..., return_models=True)`` trained). Nothing is trained here.

    Parameters
    ----------
    models : dict
        The network of each ``(method name, seed)``.
    test : tuple of (images, labels)
        Every image is scored. Pass the validation split here to choose a setting on it.
    val : tuple of (images, labels), optional
        Adds ``val_score``, the balanced accuracy on this split, which may choose between methods.
    device : str, torch.device or None
        Default: :func:`course_utils.config.get_device`.

    Returns
    -------
    pandas.DataFrame
        Tidy, with :func:`run_methods`'s columns and its test metrics ``accuracy``,
        ``balanced_accuracy`` and ``class_0`` ... (and ``val_score`` with ``val``).
    """
    device = get_device(device)
    rows = []
    for (name, seed), net in models.items():
        scores = _report_scores(evaluate_network(net, *test, device=device))
        if val is not None:
            scores["val_score"] = evaluate_network(net, *val, device=device).balanced_accuracy
        rows += [{"method": name, "seed": seed, "metric": k, "value": float(v)} for k, v in scores.items()]
    return pd.DataFrame(rows, columns=["method", "seed", "metric", "value"])


@torch.no_grad()
def logit_adjustment_scores(model, images, labels, counts, taus, *, device=None) -> pd.Series:
    """Balanced accuracy of a network's post-hoc adjusted decisions for each ``tau``, from one forward pass.

    Introduced in Chapter 5b, to choose the strength of post-hoc logit
    adjustment on the validation split. Scoring
    ``LogitAdjusted(model, counts, tau)`` with
    :func:`~course_utils.vision.evaluate_network` gives the same numbers, at
    the price of a forward pass per ``tau``.

    Parameters
    ----------
    model : torch.nn.Module
        A trained network returning logits; moved to ``device``.
    images, labels : tensors
        The split to score on (the validation split: never the test set).
    counts : array-like of float > 0, shape (C,)
        Training images per class, as for :func:`~course_utils.vision.adjust_logits`.
    taus : sequence of float
        The strengths to try.
    device : str, torch.device or None
        Default: :func:`course_utils.config.get_device`.

    Returns
    -------
    pandas.Series
        Indexed by ``tau`` in the order given: the mean recall of the classes present in ``labels``.
    """
    taus = [float(t) for t in taus]
    if not taus:
        raise ValueError("taus is empty: give the strengths to try, e.g. [0, 0.5, 1, 1.5, 2].")
    device = get_device(device)
    model.to(device=device, memory_format=torch.channels_last)
    x = prepare_images(images, device)
    y = torch.as_tensor(labels, device=device, dtype=torch.int64)
    if len(x) != len(y):
        raise ValueError(f"{len(x)} images but {len(y)} labels.")
    logits = forward_in_batches(model, model, x)
    support = torch.bincount(y, minlength=logits.shape[1])
    present = support > 0
    scores = []
    for tau in taus:
        hits = torch.bincount(y[adjust_logits(logits, counts, tau).argmax(1) == y], minlength=logits.shape[1])
        scores.append((hits[present] / support[present]).mean())
    return pd.Series(torch.stack(scores).cpu().numpy(), index=pd.Index(taus, name="tau"), name="balanced_accuracy")


def run_refinements(refinements, models, train, val, test, *, seeds, steps: int | None = None,
                    epochs: int | None = None, device=None, n_jobs: int | None = None,
                    return_models: bool = False, verbose: bool = False):
    """A second stage on copies of networks that :func:`run_methods` trained, scored as it scores.

    Introduced in Chapter 7, where EOS runs on the trained networks of two
    first stages (plain training and random over-sampling) instead of
    training them again. The networks in ``models`` are left as they are.

    Parameters
    ----------
    refinements : dict
        ``{name: (first-stage method name, refine)}``; ``refine`` is called as
        ``refine(model, train, val, random_state=..., device=..., steps=...)`` (or
        ``epochs=``), like :class:`Method`'s ``refine``, and returns its :class:`History`.
    models : dict
        The trained network of each ``(method name, seed)``, from
        ``run_methods(..., return_models=True)``.
    train, val, test : tuple of (images, labels)
    seeds : iterable of int
    steps, epochs : int
        The second stage's own budget (exactly one).
    device, n_jobs, return_models, verbose : as in :func:`run_methods`.

    Returns
    -------
    pandas.DataFrame
        Tidy, with :func:`run_methods`'s columns and metrics; ``seconds`` is
        the wall time of the second stage alone.
    dict
        Only with ``return_models``: the refined network of each ``(name, seed)``.
    """
    if (steps is None) == (epochs is None):
        raise ValueError("give exactly one budget: steps or epochs.")
    device = get_device(device)
    if n_jobs is None and device.type != "cpu":
        n_jobs = 1
    runs = [(name, seed) for name in refinements for seed in seeds]
    missing = [(refinements[name][0], seed) for name, seed in runs if (refinements[name][0], seed) not in models]
    if missing:
        raise ValueError(f"no trained network for {missing}: pass run_methods' models for these methods and seeds.")
    budget = {"steps": steps} if steps is not None else {"epochs": epochs}
    calls = [((copy.deepcopy(models[refinements[name][0], seed]), refinements[name][1], seed),
              dict(train=train, val=val, test=test, device=device, budget=budget)) for name, seed in runs]
    bar = progress(total=len(runs), desc="second stages", verbose=verbose)
    rows, refined = [], {}
    for (name, seed), (scores, net) in zip(runs, side_by_side(_refine_one, calls, n_jobs)):
        refined[name, seed] = net
        rows += [{"method": name, "seed": seed, "metric": k, "value": float(v)} for k, v in scores.items()]
        bar.update(1)
    bar.close()
    return (pd.DataFrame(rows), refined) if return_models else pd.DataFrame(rows)


def _refine_one(net, refine, seed, *, train, val, test, device, budget):
    start = time.perf_counter()
    history = refine(net, train, val, random_state=_second_stage_seed(seed), device=device, **budget)
    return _test_scores(net, test, history, start, device), net


def _second_stage_seed(seed: int) -> int:
    # A child of the run's seed, not seed + 1: that would replay the first stage of the next seed's run.
    return child_seeds(seed, 1)[0]


def _split_budget(total: int, method: Method) -> tuple[int, int]:
    if method.finetune is None and method.refine is None:
        return total, 0
    second = max(1, round(total * method.finetune_share))
    if second >= total:
        raise ValueError(f"a budget of {total} is too small for two stages.")
    return total - second, second
