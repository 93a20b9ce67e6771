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
# # Chapter 1 — Priors and overlap

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
# Before we resample, reweight or generate anything, we need to know what class imbalance does to
# the best possible classifier. This chapter answers that with two Gaussian classes, where every
# quantity has a closed form and every closed form can be checked by simulation.
#
# **Learning objectives.** After this chapter you can
#
# - write the posterior $P(C=1 \mid x)$ of two Gaussian classes and say how the prior moves it;
# - locate the Bayes decision boundary and compute the Bayes error, the smallest error any classifier
#   can reach, analytically and by Monte Carlo;
# - tell when imbalance changes the optimal classifier (overlapping classes) and when it hardly does
#   (well-separated classes);
# - see resampling, threshold moving and misclassification costs as three ways of writing one
#   decision rule, and correct the probabilities of a model trained on resampled data;
# - explain why generating more minority samples, with SMOTE or a GAN, cannot lower the Bayes error.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from imblearn.under_sampling import RandomUnderSampler
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, log_loss

from course_utils import plotting, theory
from course_utils.config import chapter_settings
from course_utils.evaluation import compare_paired, mean_std
from course_utils.exercises import ch01
from course_utils.glue import glue

settings = chapter_settings(1)
SEEDS = range(settings.seeds)

glue("n_seeds", settings.seeds)
glue("n_monte_carlo", f"{settings.monte_carlo_samples:,}")
settings

# %% [markdown]
# ## The posterior moves with the prior
#
# Take one feature $x$ and two classes: negatives ($C=0$) drawn from $N(\mu_0, \sigma^2)$ and
# positives ($C=1$), the minority, drawn from $N(\mu_1, \sigma^2)$. A fraction $\pi_1$ of all cases
# is positive, $\pi_0 = 1 - \pi_1$. Bayes' rule gives the probability that a case with feature $x$
# is positive:
#
# $$
# P(C=1 \mid x) = \frac{\pi_1 f_1(x)}{\pi_0 f_0(x) + \pi_1 f_1(x)},
# \qquad
# \log\frac{P(C=1 \mid x)}{P(C=0 \mid x)} = \log\frac{f_1(x)}{f_0(x)} + \log\frac{\pi_1}{\pi_0}.
# $$
#
# The second form says it all: the prior adds a constant to the log-odds. It does not change the
# shape of the posterior, it slides it. The rule that minimises the error rate predicts "positive"
# where the posterior exceeds one half, and for equal variances that happens to the right of
#
# $$
# x^* = \frac{\mu_0 + \mu_1}{2} + \frac{\sigma^2}{\mu_1 - \mu_0}\,\log\frac{\pi_0}{\pi_1}.
# $$
#
# As positives get rarer, $\log(\pi_0/\pi_1)$ grows and the boundary moves into the positive class.
# Our running example has $\mu_0 =$ {glue:text}`mu0`, $\mu_1 =$ {glue:text}`mu1` and
# $\sigma =$ {glue:text}`sigma`. With balanced classes the boundary sits halfway, at
# {glue:text}`boundary_balanced:.2f`; with $\pi_1 =$ {glue:text}`prior_rare` it sits at
# {glue:text}`boundary_rare:.2f`, beyond the positives' own mean.

# %%
MU0, MU1, SIGMA = 0.0, 2.0, 1.0
PRIORS = [0.5, 0.2, 0.05, 0.01]

glue("mu0", MU0)
glue("mu1", MU1)
glue("sigma", SIGMA)
glue("prior_rare", PRIORS[-1])
glue("boundary_balanced", float(theory.bayes_threshold_1d(MU0, SIGMA, MU1, SIGMA, PRIORS[0])[0]))
glue("boundary_rare", float(theory.bayes_threshold_1d(MU0, SIGMA, MU1, SIGMA, PRIORS[-1])[0]))

plotting.plot_posteriors(MU0, SIGMA, MU1, SIGMA, PRIORS)
plt.show()

# %% [markdown]
# ## The Bayes error is an area
#
# Any decision rule splits the line into a region where it says "positive" and one where it says
# "negative". It errs on the negatives that fall in the first and the positives that fall in the
# second. The Bayes rule picks, at every $x$, the class with the larger $\pi_c f_c(x)$, so its error
# is the area under the smaller of the two weighted densities:
#
# $$
# \varepsilon^* = \int \min\{\pi_0 f_0(x),\, \pi_1 f_1(x)\}\,dx
# = \pi_0\,P(\text{say } 1 \mid C=0) + \pi_1\,P(\text{say } 0 \mid C=1).
# $$
#
# Each term is a normal probability over the decision regions, so $\varepsilon^*$ is a sum of normal
# CDFs (`theory.bayes_error_1d`). With equal priors and equal variances it reduces
# to $\Phi(-d/2)$, where $d = |\mu_1 - \mu_0|/\sigma$ is the separation in standard deviations.
# When the variances differ, $\pi_1 f_1 = \pi_0 f_0$ is a quadratic equation and the narrower class
# owns a bounded interval between two boundary points: the right panel below.
#
# The figure shades the two kinds of error. Going from balanced classes (left) to
# $\pi_1 =$ {glue:text}`prior_shaded` (middle), the total error falls from
# {glue:text}`error_balanced:.4f` to {glue:text}`error_shaded:.4f`, but the rule now misses
# {glue:text}`fnr_shaded:.0%` of the positives, against {glue:text}`fnr_balanced:.0%` with balanced
# classes: the Bayes rule for accuracy buys its low error by sacrificing the minority.

# %%
SIGMA_NARROW = 0.5      # the positives' spread in the unequal-variance panel
PRIOR_SHADED = 0.1
glue("prior_shaded", PRIOR_SHADED)
glue("error_balanced", theory.bayes_error_1d(MU0, SIGMA, MU1, SIGMA, 0.5))
glue("error_shaded", theory.bayes_error_1d(MU0, SIGMA, MU1, SIGMA, PRIOR_SHADED))
glue("fnr_balanced", theory.class_error_rates_1d(MU0, SIGMA, MU1, SIGMA, 0.5)[1])
glue("fnr_shaded", theory.class_error_rates_1d(MU0, SIGMA, MU1, SIGMA, PRIOR_SHADED)[1])

fig, axes = plt.subplots(1, 3, figsize=(16, 4.2), sharey=True)
plotting.plot_bayes_error(MU0, SIGMA, MU1, SIGMA, 0.5, ax=axes[0])
plotting.plot_bayes_error(MU0, SIGMA, MU1, SIGMA, PRIOR_SHADED, ax=axes[1])
plotting.plot_bayes_error(MU0, SIGMA, MU1, SIGMA_NARROW, PRIOR_SHADED, ax=axes[2])
axes[2].set_title(axes[2].get_title() + f"\n(positives' $\\sigma_1$ = {SIGMA_NARROW:g}: two boundary points)")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Two dimensions: the boundary is a line that slides
#
# With several features and one covariance matrix $\Sigma$ shared by both classes (the model behind
# linear discriminant analysis), the log-odds is linear in $x$:
#
# $$
# \log\frac{P(C=1 \mid x)}{P(C=0 \mid x)} = w^\top x + b,\qquad
# w = \Sigma^{-1}(\mu_1 - \mu_0),\qquad
# b = -\tfrac12(\mu_0 + \mu_1)^\top w + \log\frac{\pi_1}{\pi_0}.
# $$
#
# The Bayes boundary is the line $w^\top x + b = 0$, and the prior enters only through $b$: it moves
# the line parallel to itself, towards the rarer class. How much the classes overlap depends on the
# means and the covariance only through the Mahalanobis distance
# $\Delta = \sqrt{(\mu_1-\mu_0)^\top\Sigma^{-1}(\mu_1-\mu_0)}$, here {glue:text}`delta_2d:.2f`, and
#
# $$
# \varepsilon^* = \pi_0\,\Phi\!\left(-\frac{\Delta}{2} - \frac{k}{\Delta}\right)
#               + \pi_1\,\Phi\!\left(-\frac{\Delta}{2} + \frac{k}{\Delta}\right),
# \qquad k = \log\frac{\pi_0}{\pi_1}.
# $$
#
# The same formula is the 1-D error with $d = \Delta$: projected on $w$, two Gaussians with a shared
# covariance are two 1-D Gaussians with a shared variance.

# %%
MEAN0, MEAN1 = np.array([0.0, 0.0]), np.array([1.5, 1.5])
COV = np.array([[1.0, 0.3], [0.3, 1.0]])
PRIOR_2D = 0.1
glue("delta_2d", theory.mahalanobis_distance(MEAN0, MEAN1, COV))

X_demo, y_demo = theory.sample_gaussians(2000, MEAN0, MEAN1, COV, PRIOR_2D, random_state=0)
plotting.plot_decision_boundaries_2d(X_demo, y_demo, MEAN0, MEAN1, COV, [0.5, PRIOR_2D, 0.01])
plt.show()

# %% [markdown]
# ## Checking the formulas by simulation
#
# A closed form is only as good as its derivation, so we check each one. For each case we draw
# {glue:text}`n_monte_carlo` labelled points, apply the Bayes rule (posterior above one half) and
# count its mistakes, with {glue:text}`n_seeds` seeds. For the running example with
# $\pi_1 =$ {glue:text}`prior_shaded` the analytic Bayes error is {glue:text}`mc_analytic:.5f`, the
# simulated one {glue:text}`mc_simulated` (mean ± standard deviation over the seeds), a difference of
# {glue:text}`mc_difference:.1e`. The table gives the unequal variances and the 2-D case too; in every
# row the difference is {glue:text}`mc_max_standard_errors:.1f` standard errors of the simulated mean
# or less.

# %%
cases_1d = {
    "1-D, equal variances": dict(mu0=MU0, sigma0=SIGMA, mu1=MU1, sigma1=SIGMA, prior1=PRIOR_SHADED),
    "1-D, narrow positives": dict(mu0=MU0, sigma0=SIGMA, mu1=MU1, sigma1=SIGMA_NARROW, prior1=PRIOR_SHADED),
}


def simulated_error_1d(case, seed):
    x, y = theory.sample_gaussians_1d(settings.monte_carlo_samples, **case, random_state=seed)
    return np.mean((theory.posterior_1d(x, **case) > 0.5) != y)


def simulated_error_2d(seed):
    X, y = theory.sample_gaussians(settings.monte_carlo_samples, MEAN0, MEAN1, COV, PRIOR_2D, random_state=seed)
    return np.mean((theory.lda_posterior(X, MEAN0, MEAN1, COV, PRIOR_2D) > 0.5) != y)


checks = {name: (theory.bayes_error_1d(**case), [simulated_error_1d(case, s) for s in SEEDS])
          for name, case in cases_1d.items()}
checks["2-D, shared covariance"] = (theory.bayes_error_lda(MEAN0, MEAN1, COV, PRIOR_2D),
                                    [simulated_error_2d(s) for s in SEEDS])
check_table = pd.DataFrame(
    {"analytic": exact, "Monte Carlo (mean ± std)": mean_std(sim, decimals=5), "difference": np.mean(sim) - exact,
     # the difference in standard errors of the simulated mean (sample std over the seeds / sqrt(seeds))
     "standard errors": abs(np.mean(sim) - exact) / (np.std(sim, ddof=1) / np.sqrt(len(sim)))}
    for exact, sim in checks.values()
).set_axis(list(checks), axis=0)

exact, simulated = checks["1-D, equal variances"]
glue("mc_analytic", exact)
glue("mc_simulated", mean_std(simulated, decimals=5))
glue("mc_difference", float(np.mean(simulated) - exact))
glue("mc_max_standard_errors", float(check_table["standard errors"].max()))
check_table.style.format({"analytic": "{:.5f}", "difference": "{:+.1e}", "standard errors": "{:.1f}"})

# %% [markdown]
# ## Overlap decides whether imbalance matters
#
# Measure $x$ in standard deviations from $\mu_0$. The boundary then sits at
# $d/2 + \log(\pi_0/\pi_1)/d$: the prior's pull is divided by the separation $d$. The minority recall
# of the Bayes rule, $P(\text{say } 1 \mid C=1) = \Phi\big(d/2 - \log(\pi_0/\pi_1)/d\big)$, tells the
# rest of the story. The figure sweeps $\pi_1$ for three separations.
#
# - **Well separated** ($d =$ {glue:text}`d_separated`): from balanced classes to
#   $\pi_1 =$ {glue:text}`prior_rare` the boundary moves by {glue:text}`shift_separated:.2f`
#   standard deviations, the minority recall stays at {glue:text}`recall_separated:.3f`, and the
#   Bayes error is tiny either way ({glue:text}`error_separated_balanced:.1e` balanced,
#   {glue:text}`error_separated_rare:.1e` imbalanced). Imbalance changes the optimal classifier little.
# - **Overlapping** ($d =$ {glue:text}`d_overlapping`): the same change of prior moves the boundary by
#   {glue:text}`shift_overlapping:.2f` standard deviations, and the minority recall collapses to
#   {glue:text}`recall_overlapping:.1e`. The Bayes error is within {glue:text}`gap_overlapping:.1e`
#   of the error of the rule that never says "positive" (that error is $\pi_1$ itself), because
#   that is what the Bayes rule for accuracy has become.
#
# So "imbalanced data" is not one problem. When the classes barely overlap, imbalance is a nuisance
# for a finite-sample learner but not for the decision; when they overlap, the decision itself
# changes, and the question becomes which errors we are willing to pay for. That is a question about
# costs, not about data.

# %%
SEPARATIONS = {"overlapping": 1.0, "running example": 2.0, "well separated": 5.0}

for key, name in [("separated", "well separated"), ("overlapping", "overlapping")]:
    d = SEPARATIONS[name]
    glue(f"d_{key}", d)
    glue(f"shift_{key}", float(theory.bayes_threshold_1d(0, 1, d, 1, PRIORS[-1])[0] - d / 2))
    glue(f"recall_{key}", 1 - theory.class_error_rates_1d(0, 1, d, 1, PRIORS[-1])[1])
    glue(f"error_{key}_balanced", theory.bayes_error_1d(0, 1, d, 1, 0.5))
    glue(f"error_{key}_rare", theory.bayes_error_1d(0, 1, d, 1, PRIORS[-1]))
    glue(f"gap_{key}", PRIORS[-1] - theory.bayes_error_1d(0, 1, d, 1, PRIORS[-1]))

plotting.plot_overlap_sweep(SEPARATIONS, np.geomspace(0.5, 0.002, 40))
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Resampling is a change of priors
#
# Random undersampling keeps one negative in $k$, picked at random. The kept negatives still follow
# $f_0$ and the positives still follow $f_1$; only the class proportions change, and the posterior
# odds of the resampled data are the true odds times $k$. Random oversampling (each positive
# repeated $k$ times) does the same. A model that learns the posterior of the resampled data well
# and predicts "positive" above one half therefore predicts "positive" where the *true* posterior
# exceeds
#
# $$
# t = \frac{1}{1+k}.
# $$
#
# Now take a calibrated model of the original data and misclassification costs: predicting
# "positive" is worth it when $p\,c_{FN} > (1-p)\,c_{FP}$, that is when
# $p > c_{FP}/(c_{FP}+c_{FN})$ {cite}`elkan2001foundations`. With $c_{FN} = k\,c_{FP}$ this is the
# same $t$. Resampling, threshold moving and costs are three ways of writing one decision rule
# {cite}`elkan2001foundations,saerens2002adjusting`; with
# $k =$ {glue:text}`k_example` all three predict "positive" above {glue:text}`t_example:.4f`.
#
# What resampling cannot do is lower the error under the true priors. The figure takes the running
# example with true prior $\pi_1 =$ {glue:text}`true_prior` and evaluates the Bayes rule of every
# *training* prior on the true distribution. The error has its minimum, the Bayes error
# {glue:text}`floor_error:.4f`, at the true prior; the rule learned from balanced data has error
# {glue:text}`balanced_error:.4f` and buys a minority recall of {glue:text}`balanced_recall:.3f`
# (against {glue:text}`floor_recall:.3f`) with more false alarms. Which point on these curves is
# right depends on the costs; no point is below the floor.

# %%
TRUE_PRIOR = 0.05
K_EXAMPLE = 10

glue("true_prior", TRUE_PRIOR)
glue("k_example", K_EXAMPLE)
glue("t_example", theory.cost_sensitive_threshold(cost_fp=1, cost_fn=K_EXAMPLE))
for name, train_prior in [("floor", TRUE_PRIOR), ("balanced", 0.5)]:
    fpr, fnr = theory.class_error_rates_1d(MU0, SIGMA, MU1, SIGMA, train_prior)
    glue(f"{name}_error", (1 - TRUE_PRIOR) * fpr + TRUE_PRIOR * fnr)
    glue(f"{name}_recall", 1 - fnr)

plotting.plot_training_priors(MU0, SIGMA, MU1, SIGMA, TRUE_PRIOR, np.geomspace(0.005, 0.95, 60))
plt.tight_layout()
plt.show()

# %% [markdown]
# ## Correcting a model trained on rebalanced data
#
# A learner trained on resampled data estimates the posterior under the *training* prior
# $\pi_{1s}$. Its probabilities are therefore wrong for the data it will meet, even when the model
# is perfect. Because resampling left $f_0$ and $f_1$ alone, Bayes' rule undoes it
# {cite}`saerens2002adjusting,elkan2001foundations,dalpozzolo2015calibrating`:
#
# $$
# p' = \frac{p\,\pi_1/\pi_{1s}}{p\,\pi_1/\pi_{1s} + (1-p)\,\pi_0/\pi_{0s}}.
# $$
#
# We test this on the 2-D Gaussians with true prior $\pi_1 =$ {glue:text}`true_prior`, where logistic
# regression is the right model (the log-odds is linear). For each of {glue:text}`n_seeds` seeds we
# draw {glue:text}`n_train` training rows, undersample the negatives to balance the classes, fit a
# `LogisticRegression`, and score it on {glue:text}`n_test` fresh rows, before and after the
# correction (`theory.correct_prior_shift`, with $\pi_1$ estimated from the
# training rows). Three references sit beside it: the true posterior (the floor), the same model
# trained on the original rows, and an *oracle oversampler* that tops up the positives with new
# draws from the true $f_1$: the best any generator could ever do.
#
# Undersampled and uncorrected, the model predicts a positive rate of {glue:text}`raw_mean_p` where
# the truth is {glue:text}`true_prior`; its log loss is {glue:text}`raw_log_loss`. Corrected, the
# mean probability is {glue:text}`fixed_mean_p` and the log loss {glue:text}`fixed_log_loss`, next
# to {glue:text}`bayes_log_loss` for the true posterior. Against the uncorrected model, compared seed
# by seed on the same test rows, the corrected one {glue:text}`correction_log_loss` in log loss
# (lower is better; the interval is of corrected minus uncorrected, paired over the seeds).
#
# The last two columns score the decisions at threshold one half. Because we know the true posterior
# $\eta(x) = P(C=1 \mid x)$, each decision is charged its true chance of being wrong, $1-\eta(x)$ for
# "positive" and $\eta(x)$ for "negative", instead of the one noisy label drawn for that row. Then no
# rule can score below the true posterior's row on the same test rows, whose mean,
# {glue:text}`floor_error_2d`, estimates the analytic Bayes error {glue:text}`bayes_error_2d:.4f`.
# Not even the oracle oversampler goes below it: {glue:text}`oracle_error`, on average
# {glue:text}`oracle_gap` above the floor, seed by seed.

# %%
def probabilities_for_seed(seed):
    """Fit the section's models on one simulated training set; return test labels and probabilities."""
    rng = np.random.default_rng(seed)   # one stream per seed: training, test and oracle draws never overlap
    X, y = theory.sample_gaussians(settings.train_samples, MEAN0, MEAN1, COV, TRUE_PRIOR, random_state=rng)
    X_test, y_test = theory.sample_gaussians(settings.test_samples, MEAN0, MEAN1, COV, TRUE_PRIOR, random_state=rng)
    X_under, y_under = RandomUnderSampler(random_state=seed).fit_resample(X, y)
    extra = rng.multivariate_normal(MEAN1, COV, size=int((y == 0).sum() - y.sum()))
    X_oracle, y_oracle = np.vstack([X, extra]), np.concatenate([y, np.ones(len(extra), dtype=int)])

    def fit(X_train, y_train):
        return LogisticRegression().fit(X_train, y_train).predict_proba(X_test)[:, 1]

    under, oracle = fit(X_under, y_under), fit(X_oracle, y_oracle)
    return y_test, {
        "true posterior (floor)": theory.lda_posterior(X_test, MEAN0, MEAN1, COV, TRUE_PRIOR),
        "trained on original rows": fit(X, y),
        "undersampled, uncorrected": under,
        "undersampled, corrected": theory.correct_prior_shift(under, y_under.mean(), y.mean()),
        "oracle oversampled, corrected": theory.correct_prior_shift(oracle, y_oracle.mean(), y.mean()),
    }


# %%
rows = []
for seed in SEEDS:
    y_test, probas = probabilities_for_seed(seed)
    eta = probas["true posterior (floor)"]   # P(C=1 | x), known in a simulation
    for name, p in probas.items():
        says_positive = p > 0.5
        rows.append({"probabilities": name, "seed": seed, "log loss": log_loss(y_test, p),
                     "Brier score": brier_score_loss(y_test, p), "mean probability": p.mean(),
                     # each decision scored by its true chance of being wrong, not by one noisy label
                     "error rate at 1/2": np.mean(np.where(says_positive, 1 - eta, eta)),
                     "minority recall at 1/2": np.sum(says_positive * eta) / np.sum(eta)})
    if seed == 0:
        y_reliability, probas_reliability = y_test, probas
results = pd.DataFrame(rows)

# %%
summary = results.groupby("probabilities", sort=False)[list(results.columns[2:])].agg(mean_std, decimals=4)
by_name = results.groupby("probabilities")
glue("n_train", f"{settings.train_samples:,}")
glue("n_test", f"{settings.test_samples:,}")
glue("raw_mean_p", mean_std(by_name.get_group("undersampled, uncorrected")["mean probability"]))
glue("fixed_mean_p", mean_std(by_name.get_group("undersampled, corrected")["mean probability"]))
glue("raw_log_loss", mean_std(by_name.get_group("undersampled, uncorrected")["log loss"]))
glue("fixed_log_loss", mean_std(by_name.get_group("undersampled, corrected")["log loss"]))
glue("bayes_log_loss", mean_std(by_name.get_group("true posterior (floor)")["log loss"]))
glue("oracle_error", mean_std(by_name.get_group("oracle oversampled, corrected")["error rate at 1/2"], decimals=4))
glue("floor_error_2d", mean_std(by_name.get_group("true posterior (floor)")["error rate at 1/2"], decimals=4))
# How far the oracle stays above the floor, seed by seed (never below it: the floor is the pointwise minimum).
oracle_gap = (by_name.get_group("oracle oversampled, corrected")["error rate at 1/2"].to_numpy()
              - by_name.get_group("true posterior (floor)")["error rate at 1/2"].to_numpy())
glue("oracle_gap", mean_std(oracle_gap, decimals=4))
# The correction against the uncorrected model on the same test rows, paired over seeds (lower log loss is better).
tidy = results.melt(id_vars=["probabilities", "seed"], var_name="metric")
correction = compare_paired(tidy, baseline="undersampled, uncorrected", methods=["undersampled, corrected"],
                            metric="log loss", by="probabilities", over="seed", higher_is_better=False)
glue("correction_log_loss", correction.loc["undersampled, corrected", "summary"])
glue("bayes_error_2d", theory.bayes_error_lda(MEAN0, MEAN1, COV, TRUE_PRIOR))
glue("odds_factor", (1 - TRUE_PRIOR) / TRUE_PRIOR)   # balanced training odds over the true odds
summary

# %% [markdown]
# The reliability diagram of the first seed shows the correction at work. Each point is a bin of
# test rows with similar predicted probabilities; a calibrated model lies on the diagonal. Trained on
# balanced data, the uncorrected model targets odds of a positive {glue:text}`odds_factor:.0f` times
# the true odds, so it predicts positives more often than they occur (mean probability
# {glue:text}`raw_mean_p` against a true rate of {glue:text}`true_prior`) and its points fall below
# the diagonal. The correction divides that factor out again, without refitting anything.

# %%
plotting.plot_reliability(
    y_reliability,
    {name: probas_reliability[name] for name in
     ["trained on original rows", "undersampled, uncorrected", "undersampled, corrected"]},
)
plt.show()

# %% [markdown]
# ## Why more minority samples cannot lower the Bayes error
#
# A popular reading of class imbalance is that the minority class is "under-represented", so the cure
# is to create more of it: duplicate it, interpolate it with SMOTE {cite}`chawla2002smote`, or learn
# its distribution with a generative adversarial network {cite}`goodfellow2014gan` and sample from
# it, as conditional GANs do {cite}`mirza2014conditional,douzas2018effective`. This section argues,
# from what we have computed, that for low-dimensional tabular data none of these can do what the
# reading promises.
#
# **The floor belongs to the test distribution.** The Bayes error
# $\int \min\{\pi_0 f_0, \pi_1 f_1\}$ is a property of the distribution the classifier is *used*
# on. Training data of any kind, real, duplicated or synthetic, enters only through the classifier
# it produces, and every classifier has error at least $\varepsilon^*$ on that distribution. The same
# holds at every other threshold: the true posterior ranks cases best, so no training set yields a
# better ROC or precision-recall curve than the one of $P(C=1 \mid x)$.
#
# **Generating minority rows changes the priors, not the overlap.** If a generator were perfect and
# sampled exactly from $f_1$, adding its rows would change only $\pi_{1s}$: the learner would target
# the Bayes rule of another prior, one of the points on the operating-point curve above, all of them
# at or above the floor, and moving the threshold reaches the same points without generating
# anything. The oracle oversampler in our table is exactly this perfect generator, and it even adds
# *new* information, draws from $f_1$ that are not in the training set; corrected, it stays
# {glue:text}`oracle_gap` above the floor, never below it. A real generator is fitted on the same few minority rows as the classifier,
# so it cannot know more about $f_1$ than they do; it returns an estimate $\tilde f_1$, and the
# classifier then learns the posterior of $\tilde f_1$, adding the generator's estimation error to
# its own. For a handful of numeric features, a GAN with thousands of weights trained on a few
# hundred rows is a high-variance estimate of a density that the classifier could have used
# directly.
#
# **Adversarial reweighting is reweighting.** Some methods do not generate rows but learn, with an
# adversary, which minority (or majority) rows to weight up. A weighted empirical density is still
# an estimate of $f_1$ built from the same rows, combined with a data-dependent change of prior;
# both are bounded by the same floor, and the global part of the effect is a cost.
#
# **What oversampling legitimately does.** With finite data, a flexible learner can fit the few
# positives badly: a tree may stop splitting before isolating them, a network may settle on
# "always negative". Duplicating rows is then the same as weighting them in the loss, and
# interpolating (SMOTE) adds a smoothness assumption that acts as regularisation; both can help a
# *learner* approach the Bayes rule of the chosen operating point
# {cite}`japkowicz2002class,he2009learning`. Threshold moving and class weights do this too, at no
# risk of inventing data. So the fair test of any generator is whether it beats a calibrated model
# with a tuned threshold or class weights on a proper score (log loss, average precision) under equal
# tuning effort; the later chapters run exactly that test on real data.

# %% [markdown]
# ## What this means for the rest of the course
#
# - Imbalance alone is not a defect of the data. The prior enters the optimal decision as one
#   additive term in the log-odds; how much it matters depends on how much the classes overlap.
# - Resampling, class weights, costs and thresholds move the same operating point. Prefer the one
#   that is cheapest and keeps probabilities interpretable, and if you resample, correct the
#   probabilities back to the true prior.
# - No amount of generated minority data can push the error under the true prior below the Bayes
#   error. Methods are judged by how close they bring a finite-sample learner to the best rule for the
#   costs at hand, measured on untouched test data, as mean ± std over seeds.

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell for your answer and a checker from `course_utils.exercises.ch01`. The
# solution is hidden in the cell after it: expand it once you have tried.
#
# **Exercise 1 (Bayes error).** Negatives follow $N(\mu_0, \sigma^2)$ and positives
# $N(\mu_1, \sigma^2)$ with $\mu_0 =$ {glue:text}`ex1_mu0`, $\mu_1 =$ {glue:text}`ex1_mu1`,
# $\sigma =$ {glue:text}`ex1_sigma` and $\pi_1 =$ {glue:text}`ex1_prior`. Compute the boundary $x^*$
# with the formula of this chapter, then the Bayes error with `scipy.stats.norm`. Check it against
# `theory.bayes_error_1d` if you like, but derive it first.

# %%
ex1 = ch01.BAYES_ERROR_EXERCISE
glue("ex1_mu0", ex1["mu0"])
glue("ex1_mu1", ex1["mu1"])
glue("ex1_sigma", ex1["sigma"])
glue("ex1_prior", ex1["prior1"])

answer = None  # your code here: the Bayes error, a float
print(ch01.check_bayes_error(answer))

# %% tags=["hide-cell"]
from scipy.stats import norm

prior0, prior1 = 1 - ex1["prior1"], ex1["prior1"]
boundary = (ex1["mu0"] + ex1["mu1"]) / 2 + ex1["sigma"] ** 2 / (ex1["mu1"] - ex1["mu0"]) * np.log(prior0 / prior1)
answer = prior0 * norm.sf(boundary, ex1["mu0"], ex1["sigma"]) + prior1 * norm.cdf(boundary, ex1["mu1"], ex1["sigma"])
print(ch01.check_bayes_error(answer))

# %% [markdown]
# **Exercise 2 (prior correction).** A fraud model was trained on data undersampled to a positive
# share of {glue:text}`ex2_train`. For a new transaction it outputs {glue:text}`ex2_proba`. Fraud
# makes up a share {glue:text}`ex2_true` of real transactions. What is the probability of fraud
# under the real prior?

# %%
ex2 = ch01.PRIOR_CORRECTION_EXERCISE
glue("ex2_train", ex2["train_prior"])
glue("ex2_proba", ex2["proba"])
glue("ex2_true", ex2["true_prior"])

answer = None  # your code here: the corrected probability, a float
print(ch01.check_prior_correction(answer))

# %% tags=["hide-cell"]
up = ex2["proba"] * ex2["true_prior"] / ex2["train_prior"]
down = (1 - ex2["proba"]) * (1 - ex2["true_prior"]) / (1 - ex2["train_prior"])
answer = up / (up + down)
print(ch01.check_prior_correction(answer))

# %% [markdown]
# **Exercise 3 (threshold or undersampling).** You undersample the negatives, keeping one in
# $k =$ {glue:text}`ex3_k`, train a calibrated model and predict "positive" above one half. Which
# threshold on a calibrated model of the *original* data makes the same decisions? (Hint: write the
# posterior odds of the undersampled data in terms of the true odds.)

# %%
ex3 = ch01.UNDERSAMPLING_EXERCISE
glue("ex3_k", ex3["k"])

answer = None  # your code here: the threshold, a float
print(ch01.check_undersampling_threshold(answer))

# %% tags=["hide-cell"]
# Undersampled odds = k * true odds; they equal 1 where the true odds are 1/k.
odds = 1 / ex3["k"]
answer = odds / (1 + odds)
print(ch01.check_undersampling_threshold(answer))

# %% [markdown]
# ## References
#
# - Bayes decision theory and the Bayes error: {cite:t}`duda2001pattern`.
# - Correcting probabilities for a new prior: {cite:t}`saerens2002adjusting`; for undersampling in
#   particular, {cite:t}`dalpozzolo2015calibrating`.
# - Costs, thresholds and resampling as one decision rule: {cite:t}`elkan2001foundations`.
# - Surveys and experiments on class imbalance: {cite:t}`japkowicz2002class`, {cite:t}`he2009learning`.
# - Oversampling and generation: SMOTE {cite}`chawla2002smote`, generative adversarial networks
#   {cite}`goodfellow2014gan`, conditional GANs {cite}`mirza2014conditional` and their use for
#   imbalanced tabular data {cite}`douzas2018effective`.
#
# The full list is on the book's bibliography page.
