# ---
# jupyter:
#   jupytext:
#     cell_metadata_filter: tags,-all
#     formats: ipynb,py:percent
#     notebook_metadata_filter: kernelspec,jupytext
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Chapter 5b — Loss-level methods for long-tailed images
#
# ```{admonition} Compute
# :class: note
# The full profile of this chapter trains {glue:text}`n_runs` small CNNs. It runs on a laptop CPU in
# under a quarter of an hour, and in a few minutes on a GPU: in Colab, choose *Runtime → Change
# runtime type → GPU*. Set `COURSE_PROFILE=quick` to try the code in a minute on fewer steps and seeds.
# ```
#
# **Learning objectives.** After this chapter you can
#
# - say in plain words how a sampler, a loss and a decision rule each correct for a long tail, and
#   why the three are one correction of the prior (Chapter 1) in expectation;
# - train a CNN with class-weighted, class-balanced and focal losses, a label-distribution-aware
#   margin loss with deferred re-weighting (LDAM-DRW), the balanced softmax and the logit-adjusted
#   loss, write the balanced softmax yourself, and adjust a trained network's logits after training
#   with a strength chosen on validation;
# - compare them with Chapter 5's random over-sampling under the same budget, seed by seed, with
#   per-class accuracy on the whole test set;
# - read a published comparison of these losses for what its protocol measured.

# %% tags=["remove-cell"]
# On Colab, install the course package; everywhere else it is already installed.
import sys

if "google.colab" in sys.modules:
    import subprocess

    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q",
         "course-utils @ git+https://github.com/imbalanced-learning-course/learning-from-imbalanced-data"],
        check=True,
    )

# %% [markdown]
# ## Three views of one correction
#
# Chapter 5 fought the long tail with samplers. A sampler changes **the priors the network sees**:
# random over-sampling shows the {glue:text}`n_tail` nines of long-tailed MNIST again and again
# until every digit fills as much of a pass as the zeros. There are two other places to make the
# same correction.
#
# - **A loss changes what a mistake costs.** Weighting the loss of an image of class $c$ by
#   $w_c \propto 1/n_c$ makes a mistake on a nine cost as much in total as all the mistakes on the
#   zeros. In expectation this is the loss random over-sampling minimises: over-sampling repeats a
#   nine $n_0/n_9$ times, weighting multiplies its loss by the same factor.
# - **Logit adjustment changes the decision.** A network trained with plain cross-entropy on the
#   long tail estimates $p_{\text{train}}(y \mid x) \propto p(x \mid y)\,\pi_y$, with the training
#   prior $\pi_y = n_y / n$. The decision that is best for balanced accuracy (every class equally
#   important) drops the prior: predict $\arg\max_y \, [\, z_y(x) - \log \pi_y \,]$, where $z$ are
#   the logits {cite}`menon2021long`. This is Chapter 1's prior correction
#   {cite}`saerens2002adjusting` (`theory.correct_prior_shift`) towards equal priors, for any number
#   of classes.
#
# The logit adjustment can also move into the loss: train with the cross-entropy of the shifted logits
# $z_y + \tau \log \pi_y$ and predict with $z$ (the logit-adjusted loss {cite}`menon2021long`; with
# $\tau = 1$ it is the balanced softmax {cite}`ren2020balanced`). The check below takes a calibrated
# two-class model trained where the rare class had a prior of {glue:text}`demo_prior`, and compares
# the post-hoc adjustment (`vision.adjust_logits`) with Chapter 1's correction towards a prior of
# one half.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import torch
from sklearn.model_selection import train_test_split

from course_utils import evaluation, plotting, theory, vision
from course_utils.config import chapter_settings, get_device, get_profile
from course_utils.data import load_fashion_mnist, load_mnist
from course_utils.glue import glue

DEMO_PRIOR = 0.1
p = np.linspace(0.01, 0.99, 99)  # P_train(rare class | x) of a calibrated model
logits = torch.tensor(np.log(np.column_stack([1 - p, p])))
adjusted = vision.adjust_logits(logits, [1 - DEMO_PRIOR, DEMO_PRIOR], tau=1.0).softmax(1)[:, 1].numpy()
corrected = theory.correct_prior_shift(p, train_prior=DEMO_PRIOR, true_prior=0.5)
flipped = p[(adjusted > 0.5) & (p < 0.5)]  # images the adjustment moves to the rare class
print(f"largest difference: {np.abs(adjusted - corrected).max():.1e}; "
      f"decisions change for p in [{flipped.min():.2f}, {flipped.max():.2f}]")

# %% tags=["remove-cell"]
glue("demo_prior", DEMO_PRIOR)
glue("demo_gap", f"{np.abs(adjusted - corrected).max():.0e}")
glue("demo_low", f"{flipped.min():.2f}")
glue("demo_high", f"{flipped.max():.2f}")

# %% [markdown]
# The two agree to {glue:text}`demo_gap`: the same correction. It moves to the rare class every
# image whose training posterior lies between {glue:text}`demo_low` and {glue:text}`demo_high`, that
# is, the threshold drops from one half to the training prior.
#
# **Why they differ in practice.** The three views agree in expectation, for a model that estimates
# the training posterior well. A CNN on long-tailed MNIST is not such a model: it can memorise its
# {glue:text}`n_tail` nines. Once every training image is classified right, the gradients that the
# weights multiply have faded, and re-weighting changes less and less as training goes on
# {cite}`byrd2019effect`. Over-sampling and weighting also follow different paths to a fit of the
# same images: within the budget below, random over-sampling shows each nine about
# {glue:text}`ros_views` times, while plain passes show it {glue:text}`plain_views` times, each with
# a weight {glue:text}`inverse_ratio` times a zero's under inverse-frequency weighting.
# The post-hoc adjustment leaves training alone, but it trusts the network's probabilities to follow
# the training prior; for a class the network has memorised, they need not on new images, so the
# strength $\tau$ is best chosen on validation. Two loss-level methods aim at memorisation
# itself. LDAM {cite}`cao2019ldam` asks the true class to win by a margin
# $\Delta_c \propto n_c^{-1/4}$, larger for rare classes, a regulariser where the tail is thinnest;
# deferred re-weighting (DRW) trains without weights first, so the features are learnt from the
# natural distribution, and switches the class weights on late. The class-balanced loss
# {cite}`cui2019class` replaces $1/n_c$ with the inverse *effective number* of images,
# $(1-\beta)/(1-\beta^{n_c})$, which grows more slowly for the head classes. Focal loss
# {cite}`lin2017focal` down-weights the images the network already gets right, whatever their
# class; it is not a prior correction.
#
# ## The data: Chapter 5's long tail
#
# We use Chapter 5's long-tailed MNIST, with the same validation split of
# {glue:text}`val_per_class` images per digit, and the test set only to score the chosen models.
# The table shows how each view treats each digit: the copies random over-sampling makes of an image,
# the loss weights (normalised to sum to the number of classes, as the LDAM-DRW code does), the
# log prior that logit adjustment subtracts, and LDAM's margin.

# %%
settings = chapter_settings("5b")
m = chapter_settings(5)  # the long tail, budget, batch size, momentum and checkpoints of Chapter 5
device = get_device()
images, labels = load_mnist("train")
test = load_mnist("test")
train_idx, val_idx = vision.long_tail_split(
    labels, imbalance_ratio=m.imbalance_ratio, head=m.head, val_per_class=m.val_per_class, random_state=0,
)
train = (images[train_idx], labels[train_idx])
val = (images[val_idx], labels[val_idx])
counts = np.bincount(train[1].numpy())
print(f"profile {get_profile()!r} on {device}; long-tailed training set: {counts.sum()} images")

BETA = 0.9999  # of the effective number: Cui et al., the LDAM-DRW code and the published notebook
FOCAL_GAMMA = 2.0  # Lin et al. (2017): their best gamma on COCO
MAX_MARGIN, LDAM_SCALE = 0.5, 1.0  # LDAM's largest margin (the paper's) and the logits' scale (see below)
views = pd.DataFrame({
    "training images": counts,
    "over-sampling: copies": counts.max() / counts,
    "weight 1/n": vision.class_weights(counts, "inverse").numpy(),
    f"class-balanced weight (β = {BETA})": vision.class_weights(counts, "effective", BETA).numpy(),
    "log prior": np.log(counts / counts.sum()),
    "LDAM margin": vision.LDAMLoss(counts, MAX_MARGIN, LDAM_SCALE).margins.numpy(),
}).rename_axis("digit")
views.round(3)

# %% tags=["remove-cell"]
inverse, effective = views["weight 1/n"], views[f"class-balanced weight (β = {BETA})"]
glue("n_train", f"{counts.sum():,}")
glue("n_head", f"{counts[0]:,}")
glue("n_tail", f"{counts[-1]:,}")
glue("n_val", f"{len(val_idx):,}")
glue("val_per_class", m.val_per_class)
glue("beta", BETA)
glue("copies_9", f"{counts.max() / counts[-1]:.0f}")
glue("inverse_ratio", f"{inverse[9] / inverse[0]:.0f}")
glue("effective_ratio", f"{effective[9] / effective[0]:.0f}")
glue("effective_cap", f"{1 / (1 - BETA):,.0f}")
images_seen = m.steps * m.batch_size  # within Chapter 5's budget
glue("ros_views", f"{images_seen / (len(counts) * counts.max()) * counts.max() / counts[-1]:,.0f}")
glue("plain_views", f"{images_seen / counts.sum():,.0f}")

# %% [markdown]
# The long-tailed training set holds {glue:text}`n_train` images, from {glue:text}`n_head` zeros to
# {glue:text}`n_tail` nines; the validation split holds {glue:text}`n_val`. A pass of random
# over-sampling holds each nine {glue:text}`copies_9` times; the inverse-frequency
# weight of a nine is {glue:text}`inverse_ratio` times that of a zero, the class-balanced weight with
# $\beta =$ {glue:text}`beta` {glue:text}`effective_ratio` times: the effective number grows more
# slowly than the count for the large classes (it can never exceed $1/(1-\beta)$ =
# {glue:text}`effective_cap` images), so the zeros keep a little more weight.
#
# ## The methods and a fair budget
#
# Every method trains Chapter 5's network (`vision.Net`) for the same {glue:text}`steps` optimizer
# steps of batch {glue:text}`batch_size`, with SGD (momentum {glue:text}`momentum`), a cosine
# learning-rate schedule from Chapter 5's learning rate, {glue:text}`lr`, chosen there on
# validation, and keeps the checkpoint with the best validation balanced accuracy, scored every
# {glue:text}`eval_every` steps. `vision.Method` takes a `loss`: a function of the run's training
# labels that builds the loss afresh for every run, so that a loss with a state, such as DRW's
# switch, starts again with each seed.
#
# | method | sampler | loss | decision |
# | --- | --- | --- | --- |
# | baseline | plain passes | cross-entropy | $\arg\max z$ |
# | random over-sampling (Chapter 5) | every class as large as the head | cross-entropy | $\arg\max z$ |
# | weighted cross-entropy | plain passes | cross-entropy weighted by $1/n_c$ (normalised) | $\arg\max z$ |
# | class-balanced loss {cite}`cui2019class` | plain passes | cross-entropy weighted by $(1-\beta)/(1-\beta^{n_c})$ | $\arg\max z$ |
# | focal loss {cite}`lin2017focal` | plain passes | $-(1-p_y)^\gamma \log p_y$, $\gamma =$ {glue:text}`focal_gamma` | $\arg\max z$ |
# | LDAM-DRW {cite}`cao2019ldam` | plain passes | LDAM; class-balanced weights after {glue:text}`drw_share` of the steps | $\arg\max z$ |
# | balanced softmax {cite}`ren2020balanced` = logit-adjusted loss {cite}`menon2021long` with $\tau = 1$ | plain passes | cross-entropy on $z + \log n$ | $\arg\max z$ |
# | focal loss + over-sampling | every class as large as the head | focal | $\arg\max z$ |
# | class-balanced loss + over-sampling | every class as large as the head | class-balanced | $\arg\max z$ |
# | post-hoc logit adjustment {cite}`menon2021long` | the baseline's networks, not retrained | — | $\arg\max\,[z - \tau \log \pi]$ |
#
# LDAM's authors end their network in a normalised layer, whose logits are cosines in $[-1, 1]$,
# and multiply them by $s =$ {glue:text}`cao_scale` after the margin. `vision.Net` ends in an
# ordinary linear layer, whose logits are not bounded, so we keep them as they are,
# $s =$ {glue:text}`ldam_scale`, with the paper's largest margin, {glue:text}`max_margin` (the
# margins of the table above, in logit units). DRW switches at {glue:text}`drw_share` of the steps,
# as the authors' code does at epoch {glue:text}`cao_drw_epoch` of {glue:text}`cao_epochs`
# (`cifar_train.py` in `kaidic/LDAM-DRW`), with their $\beta$. The post-hoc adjustment needs no
# training: it takes the baseline's trained networks and chooses $\tau$ among {glue:text}`taus` on
# the validation split.
#
# The logit-adjusted loss with $\tau = 1$, the strength its authors' code uses by default, shifts
# the logits by $\log \pi_c = \log n_c - \log n$, and the shared $\log n$ cancels in the softmax:
# it is the balanced softmax, so one row stands for both. Every loss runs alone on plain passes.
# Two run with random over-sampling as well, as examples of the two kinds of combination: focal
# loss, which does not correct the prior, and the class-balanced loss, which does, so that with
# over-sampling it corrects twice: each nine then weighs {glue:text}`copies_9` times more in a pass
# where it already appears {glue:text}`copies_9` times more often. The other combinations are left
# out to keep the chapter's compute within a quarter of an hour.

# %%
LR = settings.lr  # Chapter 5's validation choice in this profile (a book test checks they agree)
CAO_EPOCHS, CAO_DRW_EPOCH, CAO_SCALE = 200, 160, 30  # kaidic/LDAM-DRW, cifar_train.py: epochs, DRW's switch, s
DRW_SHARE = CAO_DRW_EPOCH / CAO_EPOCHS  # the share of the steps trained before DRW's weights
TAUS = np.round(np.arange(0.0, 2.01, 0.25), 2)  # post-hoc strengths tried on validation
plain, balanced = vision.plain_sampler, vision.balanced_sampler
seeds = range(settings.seeds)


def ldam_drw(counts, start_step):
    """LDAM whose class-balanced weights (DRW) switch on at `start_step` (Cao et al., 2019)."""
    return vision.DeferredReweighting(vision.LDAMLoss(counts, MAX_MARGIN, LDAM_SCALE), start_step=start_step, beta=BETA)


# Each loss is built afresh for every run, from that run's class counts (vision.LossFromLabels).
CLASS_BALANCED = vision.LossFromLabels(vision.WeightedCrossEntropy, 10, kind="effective", beta=BETA)
FOCAL = vision.LossFromLabels(vision.FocalLoss, 10, gamma=FOCAL_GAMMA)


def loss_methods(steps):
    """Every loss alone, on plain passes; DRW switches after the same share of any budget of `steps`."""
    return [vision.Method("weighted cross-entropy", plain, loss=vision.LossFromLabels(vision.WeightedCrossEntropy, 10)),
            vision.Method("class-balanced loss", plain, loss=CLASS_BALANCED),
            vision.Method("focal loss", plain, loss=FOCAL),
            vision.Method("LDAM-DRW", plain,
                          loss=vision.LossFromLabels(ldam_drw, 10, start_step=round(DRW_SHARE * steps))),
            vision.Method("balanced softmax", plain, loss=vision.LossFromLabels(vision.BalancedSoftmaxLoss, 10))]


LOSSES = [method.name for method in loss_methods(m.steps)]
COMBINED = [vision.Method("focal loss + over-sampling", balanced, loss=FOCAL),
            vision.Method("class-balanced loss + over-sampling", balanced, loss=CLASS_BALANCED)]
methods = [vision.Method("baseline", plain), vision.Method("random over-sampling", balanced), *loss_methods(m.steps),
           *COMBINED]
fit_args = dict(batch_size=m.batch_size, momentum=m.momentum, schedule="cosine", eval_every=m.eval_every, lr=LR)
mnist, mnist_nets = vision.run_methods(methods, train, val, test, seeds=seeds, steps=m.steps, device=device,
                                       return_models=True, verbose=True, **fit_args)
# The ceiling, as in Chapter 5: the same network and budget on every training image outside the validation split.
CEILING = "ceiling: balanced MNIST"
ceiling = vision.run_methods([vision.Method(CEILING, plain)], vision.outside_validation(images, labels, val_idx),
                             val, test, seeds=seeds, steps=m.steps, device=device, verbose=True, **fit_args)
with_ceiling = pd.concat([mnist, ceiling], ignore_index=True)  # for the table and the figure

# %% tags=["remove-cell"]
glue("steps", f"{m.steps:,}")
glue("batch_size", m.batch_size)
glue("momentum", m.momentum)
glue("lr", f"{LR:g}")
glue("eval_every", m.eval_every)
glue("n_seeds", settings.seeds)
glue("drw_share", f"{DRW_SHARE:.0%}")
glue("cao_epochs", CAO_EPOCHS)
glue("cao_drw_epoch", CAO_DRW_EPOCH)
glue("cao_scale", CAO_SCALE)
glue("ldam_scale", f"{LDAM_SCALE:g}")
glue("max_margin", MAX_MARGIN)
glue("taus", ", ".join(f"{t:g}" for t in TAUS))
glue("focal_gamma", f"{FOCAL_GAMMA:g}")

# %% [markdown]
# ### Post-hoc logit adjustment, with $\tau$ chosen on validation
#
# `vision.logit_adjustment_scores` scores a trained network's adjusted decisions on the validation
# split for every $\tau$ of the grid, from one forward pass; the mean over the baseline's networks of
# all seeds chooses one $\tau$ for all seeds. Then, and only then, the test set scores the adjusted
# networks: `vision.LogitAdjusted` wraps a network so that its logits come out adjusted, and
# `vision.score_models` scores such networks as `run_methods` scores its runs. The same function
# serves LT-Fashion-MNIST below.

# %%
POSTHOC = "post-hoc logit adjustment"


def post_hoc(nets, counts, val, test):
    """Choose tau on validation for the baseline's networks, then score them adjusted on the test set."""
    by_tau = pd.concat([vision.logit_adjustment_scores(nets["baseline", s], *val, counts, TAUS, device=device)
                        for s in seeds], axis=1).mean(axis=1)
    tau = float(by_tau.idxmax())  # chosen on validation only; ties go to the weaker adjustment
    chosen = {(POSTHOC, s): vision.LogitAdjusted(nets["baseline", s], counts, tau) for s in seeds}
    return tau, by_tau, vision.score_models(chosen, test, val=val, device=device)


tau, mnist_by_tau, mnist_posthoc = post_hoc(mnist_nets, counts, val, test)
mnist = pd.concat([mnist, mnist_posthoc], ignore_index=True)
print(f"tau chosen on validation: {tau:g}")

# %% tags=["remove-cell"]
glue("tau", f"{tau:g}")
glue("tau_val", f"{100 * mnist_by_tau[tau]:.1f} %")
glue("tau0_val", f"{100 * mnist_by_tau[0.0]:.1f} %")
glue("tau1_val", f"{100 * mnist_by_tau[1.0]:.1f} %")

# %% [markdown]
# The validation balanced accuracy of the adjusted baseline was {glue:text}`tau0_val` without
# adjustment ($\tau = 0$), {glue:text}`tau1_val` with the full prior correction ($\tau = 1$), and
# highest, {glue:text}`tau_val`, at $\tau =$ {glue:text}`tau`.
#
# ## Results on LT-MNIST
#
# Test accuracy over all {glue:text}`n_test` test images, balanced accuracy and the accuracy on the
# three rarest digits, in percent, mean ± std over {glue:text}`n_seeds` seeds. Beside them, the
# published test accuracies of the notebook `chapter08/Class_balanced_loss.ipynb`
# {cite}`abhishek2023imbalanced` for its two methods, on a long tail built the same way
# ({glue:text}`packt_images` training images; ours keeps {glue:text}`val_per_class` of each digit
# for validation), one run each and the best of {glue:text}`packt_epochs` epochs on the test set
# (the published comparisons are discussed below), and the wall time of one of our runs. The last
# row is the ceiling of Chapter 5: the same network and budget on the balanced training set (every
# MNIST training image outside the validation split).

# %%
# chapter08/Class_balanced_loss.ipynb: best test accuracy of 20 epochs, cross-entropy and the class-balanced loss.
PUBLISHED = {"baseline": 87.37, "class-balanced loss": 96.27}
COLUMNS = {"accuracy": "accuracy", "balanced_accuracy": "balanced",
           "class_7": "digit 7", "class_8": "digit 8", "class_9": "digit 9"}
vision.percent_table(with_ceiling, COLUMNS, PUBLISHED)

# %%
fig, ax = plt.subplots(figsize=(10, 4.5))
plotting.plot_per_class_accuracy(with_ceiling, ax=ax)
plt.show()

# %% [markdown]
# Each method against random over-sampling, the sampler that the re-weighting losses match in
# expectation, paired seed by seed (a seed gives every method the same initial weights; the
# post-hoc rows share the baseline's networks) and Holm-corrected across the {glue:text}`n_vs_ros` methods, on the test balanced accuracy and on
# the nines: differences in percentage points, the 95 % interval of the mean difference, the
# adjusted $p$-value and the verdict. With {glue:text}`n_seeds` seeds such a test detects only large and steady
# differences: "matches" means that none was detected.

# %%
points = vision.in_percent(mnist)
paired = dict(by="method", over="seed")
names = list(dict.fromkeys(mnist["method"]))  # every method in table order, the post-hoc rows last
others = [name for name in names if name != "random over-sampling"]
vs_ros = evaluation.compare_paired(points, "random over-sampling", others, metric="balanced_accuracy", **paired)
vs_ros_9 = evaluation.compare_paired(points, "random over-sampling", others, metric="class_9", **paired)
shown = ["difference", "ci_low", "ci_high", "p_holm", "verdict"]
pd.concat({"balanced accuracy": vs_ros[shown], "digit 9": vs_ros_9[shown]}, axis=1).round(2)

# %% tags=["remove-cell"]
corrections = [name for name in names if name != "baseline"]
vs_baseline = evaluation.compare_paired(points, "baseline", corrections, metric="balanced_accuracy", **paired)
vs_baseline_0 = evaluation.compare_paired(points, "baseline", corrections, metric="class_0", **paired)
text = evaluation.summarize(points, by="method", over="seed", decimals=1)
numbers = evaluation.summarize(mnist, by="method", over="seed", as_text=False)
best = numbers[("val_score", "mean")].idxmax()  # chosen on validation, never on the test set
ceiling_points = vision.in_percent(ceiling)
best_vs_ceiling = evaluation.compare_paired(pd.concat([points, ceiling_points]), CEILING, [best],
                                            metric="balanced_accuracy", **paired)
ceiling_text = evaluation.summarize(ceiling_points, by="method", over="seed", decimals=1)
glue("ceiling_balanced", f"{ceiling_text.loc[CEILING, 'balanced_accuracy']} %")
glue("ceiling_9", f"{ceiling_text.loc[CEILING, 'class_9']} %")
glue("best_vs_ceiling", best_vs_ceiling.loc[best, "summary"])
glue("n_test", f"{len(test[1]):,}")
glue("n_vs_ros", len(others))
glue("best_method", best)
glue("best_balanced", f"{text.loc[best, 'balanced_accuracy']} %")
glue("method_scores", "; ".join(f"{name} {text.loc[name, 'balanced_accuracy']} % and {text.loc[name, 'class_9']} %"
                                for name in names))
for key, method in [("baseline", "baseline"), ("ros", "random over-sampling"), ("posthoc", POSTHOC)]:
    glue(f"{key}_class0", f"{text.loc[method, 'class_0']} %")
glue("vs_ros", evaluation.verdict_sentence(vs_ros, "random over-sampling", quote=True))
glue("vs_ros_9", evaluation.verdict_sentence(vs_ros_9, "random over-sampling", quote=True))
glue("vs_baseline", evaluation.verdict_sentence(vs_baseline, "the baseline", quote=True))
glue("posthoc_vs_baseline", vs_baseline.loc[POSTHOC, "summary"])
glue("posthoc_vs_baseline_0", vs_baseline_0.loc[POSTHOC, "summary"])
glue("ros_vs_baseline_0", vs_baseline_0.loc["random over-sampling", "summary"])
glue("posthoc_vs_ros", vs_ros.loc[POSTHOC, "summary"])
glue("cb_vs_ros", vs_ros.loc["class-balanced loss", "summary"])
steps_kept = mnist[(mnist.method == "LDAM-DRW") & (mnist.metric == "best_step")].value
glue("drw_start", f"{round(DRW_SHARE * m.steps):,}")
glue("drw_after", f"{int((steps_kept > round(DRW_SHARE * m.steps)).sum())} of {len(steps_kept)}")
POSTHOC_TAKEAWAY = {
    "beats": "Here it beats the baseline it adjusts, without a single extra training step.",
    "matches": "Here no difference from the baseline it adjusts was detected with these seeds.",
    "loses to": "Here it loses to the baseline it adjusts: the tau chosen on validation did not carry over.",
}
glue("posthoc_takeaway", POSTHOC_TAKEAWAY[vs_baseline.loc[POSTHOC, "verdict"]])
cb_verdict = vs_ros.loc["class-balanced loss", "verdict"]
glue("loss_takeaway", "The class-balanced loss matches random over-sampling here, as their shared expectation "
     "suggests." if cb_verdict == "matches" else
     f"The class-balanced loss {cb_verdict} random over-sampling here, although the two agree in expectation.")
glue("ldam_takeaway", f"it {vs_ros.loc['LDAM-DRW', 'verdict']} random over-sampling here.")
# The two combinations: a second prior correction on top of the first, and focal loss on re-balanced batches.
twice = {metric: evaluation.compare_paired(points, "class-balanced loss", ["class-balanced loss + over-sampling"],
                                           metric=metric, **paired).iloc[0]
         for metric in ["balanced_accuracy", "class_0"]}
glue("twice_balanced", twice["balanced_accuracy"]["summary"])
glue("twice_class0", twice["class_0"]["summary"])
glue("focal_vs_baseline", vs_baseline.loc["focal loss", "summary"])
glue("focal_ros_vs_ros", vs_ros.loc["focal loss + over-sampling", "summary"])
# In-training against post-hoc adjustment (Menon et al. find them close), paired over the seeds.
glue("softmax_vs_posthoc", evaluation.compare_paired(points, POSTHOC, ["balanced softmax"], metric="balanced_accuracy",
                                                     **paired).iloc[0]["summary"])

# %% [markdown]
# Against random over-sampling, on the balanced accuracy: {glue:text}`vs_ros`. On the nines:
# {glue:text}`vs_ros_9`. Against the baseline, on the balanced accuracy: {glue:text}`vs_baseline`.
# Balanced accuracy and accuracy on the nines: {glue:text}`method_scores`. The best method by its mean
# validation score is **{glue:text}`best_method`**, with {glue:text}`best_balanced` test balanced
# accuracy. The ceiling, trained on balanced MNIST, reaches {glue:text}`ceiling_balanced` balanced
# accuracy and {glue:text}`ceiling_9` on the nines; against it, paired over the seeds, the method
# chosen on validation {glue:text}`best_vs_ceiling`.
#
# The class-balanced loss is over-sampling's twin in expectation; against it, it
# {glue:text}`cb_vs_ros`. The post-hoc adjustment uses the baseline's networks as they are: against
# the baseline it {glue:text}`posthoc_vs_baseline`, at no training cost, and against random
# over-sampling it {glue:text}`posthoc_vs_ros`. Does the head pay for what the tail gains? On the
# zeros, compared with the baseline ({glue:text}`baseline_class0`), the post-hoc adjustment
# ({glue:text}`posthoc_class0`) {glue:text}`posthoc_vs_baseline_0`, and random over-sampling
# ({glue:text}`ros_class0`) {glue:text}`ros_vs_baseline_0`. In {glue:text}`drw_after` LDAM-DRW runs,
# the validation split kept a checkpoint from after DRW's switch at step {glue:text}`drw_start`.
#
# The balanced softmax makes the prior correction during training, the post-hoc adjustment after
# it. Compared with the post-hoc adjustment, paired over the seeds, the balanced softmax
# {glue:text}`softmax_vs_posthoc`. Two corrections of the prior stacked: compared with the
# class-balanced loss alone, the class-balanced loss on over-sampled batches
# {glue:text}`twice_balanced` in balanced accuracy, and on the zeros {glue:text}`twice_class0`.
# Focal loss corrects no prior: compared with the baseline, it {glue:text}`focal_vs_baseline`; and
# compared with over-sampling alone, focal loss on over-sampled batches {glue:text}`focal_ros_vs_ros`.
#
# ## Does it carry over? LT-Fashion-MNIST
#
# Chapter 6's long-tailed Fashion-MNIST is harder: clothes overlap more than digits. We build it as
# Chapter 6 does (head {glue:text}`f_head`, imbalance ratio {glue:text}`f_ratio`, a stratified
# {glue:text}`f_split` split into training and validation, so the validation split is long-tailed
# too, with {glue:text}`f_val_tail` ankle boots), and train Chapter 6's `vision.ConvNet` with its SGD
# settings (learning rate {glue:text}`f_lr`, momentum {glue:text}`f_momentum`, cosine schedule,
# checkpoints every {glue:text}`f_eval_every` steps) for {glue:text}`f_steps` steps, the shorter of
# Chapter 6's two budgets. To stay within the chapter's compute we train two methods: the baseline,
# and the loss (alone) with the best mean validation score on LT-MNIST, **{glue:text}`f_loss`**. The
# post-hoc adjustment of the baseline comes free, with its own $\tau$ chosen on this validation split.

# %%
f = chapter_settings(6)
CLOTHES = ["T-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "boot"]
fashion, fashion_labels = load_fashion_mnist("train")
f_test = load_fashion_mnist("test")
long_tail = vision.make_long_tail(fashion_labels.numpy(), imbalance_ratio=f.imbalance_ratio, head=f.head,
                                  random_state=0)
f_train_idx, f_val_idx = train_test_split(long_tail, test_size=f.val_share,
                                          stratify=fashion_labels[long_tail].numpy(), random_state=0)
f_train = (fashion[f_train_idx], fashion_labels[f_train_idx])
f_val = (fashion[f_val_idx], fashion_labels[f_val_idx])
f_counts = np.bincount(f_train[1].numpy())

val_means = numbers[("val_score", "mean")]
f_loss = val_means[LOSSES].idxmax()  # the loss alone chosen on LT-MNIST's validation split
f_methods = [vision.Method("baseline", plain),
             *[mt for mt in loss_methods(settings.fashion_steps) if mt.name == f_loss]]
fashion_runs, fashion_nets = vision.run_methods(
    f_methods, f_train, f_val, f_test, seeds=seeds, steps=settings.fashion_steps, model=vision.ConvNet,
    batch_size=f.batch_size, lr=f.lr, momentum=f.momentum, schedule="cosine", eval_every=f.eval_every,
    device=device, return_models=True, verbose=True)
f_tau, f_by_tau, f_posthoc = post_hoc(fashion_nets, f_counts, f_val, f_test)
fashion_runs = pd.concat([fashion_runs, f_posthoc], ignore_index=True)
vision.percent_table(fashion_runs, {"accuracy": "accuracy", "balanced_accuracy": "balanced",
                                    "class_7": "sneaker", "class_8": "bag", "class_9": "boot"})

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.5), sharey=True)
curves = [("LT-MNIST", mnist_by_tau, tau), ("LT-Fashion-MNIST", f_by_tau, f_tau)]
for ax, (name, by_tau, chosen) in zip(axes, curves, strict=True):
    ax.plot(by_tau.index, 100 * by_tau.values, marker="o")
    ax.axvline(chosen, color="grey", linestyle="--")
    ax.set(title=name, xlabel="τ", ylabel="validation balanced accuracy (%)")
fig.tight_layout()
plt.show()

# %% tags=["remove-cell"]
f_points = vision.in_percent(fashion_runs)
f_others = [f_loss, POSTHOC]
f_vs_baseline = evaluation.compare_paired(f_points, "baseline", f_others, metric="balanced_accuracy", **paired)
f_vs_baseline_9 = evaluation.compare_paired(f_points, "baseline", f_others, metric="class_9", **paired)
f_text = evaluation.summarize(f_points, by="method", over="seed", decimals=1)
glue("f_head", f"{f.head:,}")
glue("f_ratio", f.imbalance_ratio)
glue("f_split", f"{1 - f.val_share:.0%} / {f.val_share:.0%}")
glue("f_val_tail", f"{int((f_val[1] == 9).sum())}")
glue("f_lr", f.lr)
glue("f_momentum", f.momentum)
glue("f_eval_every", f.eval_every)
glue("f_steps", f"{settings.fashion_steps:,}")
glue("f_loss", f_loss)
glue("f_tau", f"{f_tau:g}")
for key, method in [("f_baseline", "baseline"), ("f_chosen", f_loss), ("f_posthoc", POSTHOC)]:
    glue(f"{key}_balanced", f"{f_text.loc[method, 'balanced_accuracy']} %")
    glue(f"{key}_boot", f"{f_text.loc[method, 'class_9']} %")
glue("f_vs_baseline", evaluation.verdict_sentence(f_vs_baseline, "the baseline", quote=True))
glue("f_vs_baseline_9", evaluation.verdict_sentence(f_vs_baseline_9, "the baseline", quote=True))
# A run whose best validation score stays near chance (1 / 10) never learned: say so, since its mean hides it.
f_val_scores = fashion_runs[fashion_runs.metric == "val_score"]
stuck = f_val_scores[f_val_scores.value < 1.5 / len(CLOTHES)].method.value_counts()
glue("f_stuck", "Every run learned." if stuck.empty else " ".join(
    f"{n} of the {settings.seeds} {method} runs never learned (best validation balanced accuracy near "
    f"chance, {1 / len(CLOTHES):.0%}) at Chapter 6's learning rate; the mean ± std above carries that failure."
    for method, n in stuck.items()))
glue("n_runs", (len(methods) + 1 + len(f_methods)) * settings.seeds)  # + 1: the ceiling

# %% [markdown]
# On LT-Fashion-MNIST the baseline reaches {glue:text}`f_baseline_balanced` balanced accuracy and
# {glue:text}`f_baseline_boot` on ankle boots, {glue:text}`f_loss` {glue:text}`f_chosen_balanced` and
# {glue:text}`f_chosen_boot`, and the post-hoc adjustment ($\tau =$ {glue:text}`f_tau`, chosen on this
# data set's validation split) {glue:text}`f_posthoc_balanced` and {glue:text}`f_posthoc_boot`.
# Paired over seeds and Holm-corrected, on the balanced accuracy: {glue:text}`f_vs_baseline`; on ankle
# boots: {glue:text}`f_vs_baseline_9`. {glue:text}`f_stuck` The figure shows how validation chose
# $\tau$ on both data sets; the long-tailed validation split of Fashion-MNIST holds only
# {glue:text}`f_val_tail` ankle boots, so its curve is the noisier guide.
#
# ## What was published, and how
#
# The numbers that made these losses popular come from protocols unlike ours and unlike each other.

# %%
# Cao et al. (2019), Table 2: top-1 error (%) on CIFAR-10-LT (imbalance 100), ResNet-32. The authors'
# cifar_train.py (kaidic/LDAM-DRW) trains 200 epochs, uses the CIFAR-10 test set as its validation set and
# logs the best accuracy so far after every epoch ("Best Prec@1").
# google-research/logit_adjustment, README.md: "Example (balanced) test accuracies"; main.py and utils.py:
# ResNet-32, 1241 epochs of CIFAR-10-LT (12,406 images), tau = 1 (the default flag), one run.
# PacktPublishing/Machine-Learning-for-Imbalanced-Data, chapter08: long-tailed MNIST (14,809 images),
# the PyTorch example's CNN, SGD (lr 0.01, momentum 0.5), batches of 64; the best test accuracy over the
# epochs of one run each.
MENON_EPOCHS = 1241  # logit_adjustment/utils.py: num_epochs of cifar10-lt
PACKT = {"images": 14_809, "epochs": 20, "drw_epochs": 30, "drw_phase": 15, "drw_train_share": 0.8}
published = pd.DataFrame([
    ("Cao et al. 2019, Table 2", "CIFAR-10-LT, ResNet-32, 200 epochs", "top-1 error (%)",
     "class-balanced re-weighting", 29.64, 27.63),
    ("Cao et al. 2019, Table 2", "CIFAR-10-LT, ResNet-32, 200 epochs", "top-1 error (%)", "LDAM-DRW", 29.64, 22.97),
    ("logit_adjustment README", "CIFAR-10-LT, ResNet-32, 1241 epochs", "balanced accuracy",
     "post-hoc logit adjustment (τ = 1)", 0.7136, 0.7732),
    ("logit_adjustment README", "CIFAR-10-LT, ResNet-32, 1241 epochs", "balanced accuracy",
     "logit-adjusted loss (τ = 1)", 0.7136, 0.7789),
    ("class_weighting_pytorch_imbalanced_dataset.ipynb", "LT-MNIST, 20 epochs", "best test accuracy (%)",
     "inverse-frequency weights", 84.55, 93.63),
    ("Class_balanced_loss.ipynb", "LT-MNIST, 20 epochs", "best test accuracy (%)",
     "class-balanced loss (β = 0.9999)", 87.37, 96.27),
    ("Deferred_reweighting_DRW.ipynb", "LT-MNIST (80 %), affine maps, 30 epochs", "best test accuracy (%)",
     "DRW (15 + 15 epochs)", 93.16, 96.67),
], columns=["source", "data, network, training", "metric", "method", "cross-entropy", "with the method"])
published.assign(**{c: published[c].map("{:g}".format) for c in ["cross-entropy", "with the method"]})

# %% tags=["remove-cell"]
row = published.set_index("method")
for key, method in [("cao_cb", "class-balanced re-weighting"), ("cao_ldam", "LDAM-DRW"),
                    ("menon_posthoc", "post-hoc logit adjustment (τ = 1)"),
                    ("menon_loss", "logit-adjusted loss (τ = 1)"), ("packt_weights", "inverse-frequency weights"),
                    ("packt_cb", "class-balanced loss (β = 0.9999)"), ("packt_drw", "DRW (15 + 15 epochs)")]:
    glue(f"{key}_after", f"{row.loc[method, 'with the method']:g}")
for key, method in [("cao_cb", "class-balanced re-weighting"), ("menon_posthoc", "post-hoc logit adjustment (τ = 1)"),
                    ("packt_weights", "inverse-frequency weights"), ("packt_cb", "class-balanced loss (β = 0.9999)"),
                    ("packt_drw", "DRW (15 + 15 epochs)")]:
    glue(f"{key}_before", f"{row.loc[method, 'cross-entropy']:g}")
packt_baselines = published.loc[published.source.str.endswith(".ipynb"), "cross-entropy"]
glue("packt_gap", f"{packt_baselines.max() - packt_baselines.min():.2f}")
glue("menon_epochs", f"{MENON_EPOCHS:,}")
glue("packt_images", f"{PACKT['images']:,}")
glue("packt_epochs", PACKT["epochs"])
glue("packt_drw_epochs", PACKT["drw_epochs"])
glue("packt_drw_phase", PACKT["drw_phase"])
glue("packt_train_share", f"{PACKT['drw_train_share']:.0%}")
glue("packt_held_out", f"{1 - PACKT['drw_train_share']:.0%}")

# %% [markdown]
# - **Cao et al.** {cite}`cao2019ldam` report top-1 errors on CIFAR-10-LT with a ResNet-32: from
#   {glue:text}`cao_cb_before` % with cross-entropy to {glue:text}`cao_cb_after` % with class-balanced
#   re-weighting and {glue:text}`cao_ldam_after` % with LDAM-DRW. Their code scores the CIFAR-10 test
#   set after every one of {glue:text}`cao_epochs` epochs and logs the best accuracy so far; its LDAM
#   network ends in the normalised layer described above, which our `Net` does not have.
# - **Menon et al.** {cite}`menon2021long`: the README of their code gives example balanced
#   accuracies on CIFAR-10-LT, without seeds or spread: {glue:text}`menon_posthoc_before` for plain
#   training, {glue:text}`menon_posthoc_after` after the post-hoc adjustment and
#   {glue:text}`menon_loss_after` with the logit-adjusted loss, both with $\tau = 1$ fixed, not chosen
#   on validation. The code trains {glue:text}`menon_epochs` epochs and prints the test accuracy after
#   each; the README does not say which epoch it shows. Post-hoc and in-training adjustment land
#   close together there.
# - **The notebooks of {cite:t}`abhishek2023imbalanced`, Chapter 8**, train the CNN we use on
#   long-tailed MNIST, one run per method, and report the best test accuracy over the epochs: each
#   method's epoch was chosen on the test set. Their three cross-entropy baselines differ by up to
#   {glue:text}`packt_gap` points, and so do their protocols.
#   `class_weighting_pytorch_imbalanced_dataset.ipynb` ({glue:text}`packt_weights_before` →
#   {glue:text}`packt_weights_after` with inverse-frequency weights) trains {glue:text}`packt_epochs`
#   epochs, and its network calls `F.dropout(x)` without `training=`, so dropout stays on when it is
#   tested; `Class_balanced_loss.ipynb` ({glue:text}`packt_cb_before` → {glue:text}`packt_cb_after`)
#   trains {glue:text}`packt_epochs` epochs; `Deferred_reweighting_DRW.ipynb`
#   ({glue:text}`packt_drw_before` → {glue:text}`packt_drw_after`) trains on
#   {glue:text}`packt_train_share` of the long tail with random affine maps,
#   {glue:text}`packt_drw_epochs` epochs for the baseline and {glue:text}`packt_drw_phase` +
#   {glue:text}`packt_drw_phase` for DRW, whose second phase uses inverse-frequency weights (computed
#   on the whole long tail, its held-out {glue:text}`packt_held_out` included) and a new optimizer,
#   not the paper's class-balanced weights late in one run.
#
# Our protocol differs from all of them: the same number of optimizer steps for every method,
# checkpoints and $\tau$ chosen on a validation split, every image of the test set, and
# {glue:text}`n_seeds` seeds per method compared in pairs.
#
# ## When is each worth it?
#
# - **Try the post-hoc adjustment first.** It costs no training, only a validation split to choose
#   $\tau$. {glue:text}`posthoc_takeaway`
# - **A loss or a sampler?** {glue:text}`loss_takeaway` They fix the same prior; a loss needs no
#   change to the data pipeline, a sampler works with any loss. Stacked, they correct twice: compared
#   with the class-balanced loss alone, the same loss on over-sampled batches
#   {glue:text}`twice_balanced` here.
# - **Focal loss answers another question.** It weights hard images, not rare classes; compared with
#   the baseline, it {glue:text}`focal_vs_baseline`. It combines with a sampler without correcting
#   twice.
# - **Margins and deferral are for memorisation.** LDAM-DRW targets a network that fits its rare
#   images perfectly; with a small network and {glue:text}`steps` steps, {glue:text}`ldam_takeaway`
# - **Read the protocol before the number.** A gain measured at the best test epoch of one run is
#   not a gain you can expect; a published baseline trained differently from the method it is
#   compared with says little about the method.

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** Write `balanced_softmax(logits, targets, counts)`: the cross-entropy of the
# logits shifted by $\log n_c$, averaged over the batch, in PyTorch. The checker calls it on the
# batch of `ch05b.BALANCED_SOFTMAX_EXERCISE` and compares it with `vision.BalancedSoftmaxLoss`.

# %%
from course_utils.exercises import ch05b

answer = None  # your function balanced_softmax(logits, targets, counts)
print(ch05b.check_balanced_softmax(answer))

# %% tags=["hide-cell"]
import torch.nn.functional as F


def balanced_softmax(logits, targets, counts):
    return F.cross_entropy(logits + counts.log(), targets)


answer = balanced_softmax
print(ch05b.check_balanced_softmax(answer))

# %% [markdown]
# **Exercise 2.** `ch05b.TAU_EXERCISE` holds the logits of a model trained on three classes with the
# counts `counts`, scored on a validation split that is as long-tailed as the training set, its
# labels, and a grid of $\tau$. Which $\tau$ of the grid would you choose for the post-hoc
# adjustment? Use NumPy only.

# %%
answer = None  # one value of ch05b.TAU_EXERCISE["taus"]
print(ch05b.check_tau(answer))

# %% tags=["hide-cell"]
ex = ch05b.TAU_EXERCISE
log_prior = np.log(ex["counts"] / ex["counts"].sum())


def balanced_accuracy(pred, y):
    return np.mean([np.mean(pred[y == c] == c) for c in np.unique(y)])


scores = [balanced_accuracy((ex["logits"] - t * log_prior).argmax(1), ex["labels"]) for t in ex["taus"]]
answer = ex["taus"][int(np.argmax(scores))]
print(ch05b.check_tau(answer))

# %% [markdown]
# **Exercise 3.** Compute the class-balanced weights of the counts `ch05b.EFFECTIVE_WEIGHTS_EXERCISE["counts"]`
# with its `beta`, scaled to sum to the number of classes, with NumPy only; `vision.class_weights` lets
# you check yourself afterwards. How much more than a zero does a nine weigh, and how much with
# $1/n_c$?

# %%
answer = None  # ten weights
print(ch05b.check_effective_weights(answer))

# %% tags=["hide-cell"]
n, beta = np.array(ch05b.EFFECTIVE_WEIGHTS_EXERCISE["counts"]), ch05b.EFFECTIVE_WEIGHTS_EXERCISE["beta"]
raw = (1 - beta) / (1 - beta ** n)
answer = raw * len(n) / raw.sum()
print(ch05b.check_effective_weights(answer))
print(f"a nine weighs {answer[-1] / answer[0]:.1f} zeros; with 1/n it would weigh {n[0] / n[-1]:.1f}")

# %% [markdown]
# ## References
#
# - Class-balanced loss: {cite:t}`cui2019class`; focal loss: {cite:t}`lin2017focal`; LDAM and
#   deferred re-weighting: {cite:t}`cao2019ldam`; balanced softmax: {cite:t}`ren2020balanced`; logit
#   adjustment: {cite:t}`menon2021long`.
# - Re-weighting in networks that fit their training data: {cite:t}`byrd2019effect`.
# - Prior correction: {cite:t}`saerens2002adjusting` (Chapter 1).
# - The published notebooks we compare with: {cite:t}`abhishek2023imbalanced`, Chapter 8.
# - The data: {cite:t}`lecun1998mnist`, {cite:t}`xiao2017fashion`.
#
# The full list is on the book's bibliography page.
