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
# # Chapter 2 — Sampling baselines

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
# Chapter 1 worked with two Gaussian classes, where the Bayes error is the overlap of the weighted
# densities and resampling is nothing but a change of the class priors. This chapter takes those
# ideas to real data, the credit card fraud transactions of {cite}`dalpozzolo2015calibrating`, and
# measures the classic resampling methods of imbalanced-learn {cite}`lemaitre2017imbalanced`
# against two models: gradient-boosted trees (XGBoost {cite}`chen2016xgboost`) and logistic regression.
#
# **Learning objectives.** After this chapter you can
#
# - describe the fraud data: how rare frauds are, and which features separate them from normal payments;
# - show with numbers why resampling *before* the train/test split inflates scores, and evaluate
#   without that leak;
# - run the standard over-, under- and combined samplers (random, SMOTE, Borderline-SMOTE, ADASYN,
#   NearMiss, Tomek links, ENN, SMOTEENN, SMOTETomek) and class weights inside a pipeline;
# - compare them honestly: average precision, mean ± std over repeated splits, thresholds chosen on
#   a validation part, time spent;
# - tell when moving the threshold does the job of resampling, in the language of priors and overlap.

# %%
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from imblearn.over_sampling import SMOTE
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

from course_utils import plotting
from course_utils.config import chapter_settings, get_profile
from course_utils.data import load_creditcard
from course_utils.evaluation import (
    best_f1_threshold,
    compare_paired,
    evaluate,
    evaluate_resample_first,
    feature_separation,
    repeated_split,
    summarize,
    verdict_clauses,
)
from course_utils.exercises import ch02
from course_utils.glue import glue, glue_table
from course_utils.tabular import (
    BalancedPositiveWeight,
    FraudPreprocessor,
    cleaning_samplers,
    resampling_samplers,
    subsample_majority,
    xgboost_classifier,
)

SEED = 0
TEST_SIZE = 0.2
settings = chapter_settings(2)
glue("profile", get_profile())
glue("splits", settings.splits)
glue("test_share", f"{TEST_SIZE:.0%}")


def short(comparison):
    """Index a compare_paired table by sampler name ("XGBoost | SMOTE" -> "SMOTE")."""
    return comparison.rename(index=lambda name: name.split(" | ")[-1])


settings

# %% [markdown]
# ## A tour of the data
#
# Each row is one card payment made by European cardholders over two days. `Time` counts
# seconds from the first payment, `Amount` is the amount in euros, and `V1`…`V28` are principal
# components of features that stay confidential. `Class` is `1` for a fraud.

# %%
creditcard = load_creditcard()
counts = creditcard["Class"].value_counts()
n_normal, n_fraud = int(counts[0]), int(counts[1])
glue("n_rows", f"{len(creditcard):,}")
glue("n_fraud", f"{n_fraud:,}")
glue("n_normal", f"{n_normal:,}")
glue("imbalance_ratio", f"{n_normal / n_fraud:.0f}")
glue("prevalence_pct", f"{n_fraud / len(creditcard):.3%}")
counts.rename(index={0: "normal", 1: "fraud"}).to_frame("transactions")

# %% [markdown]
# There are {glue:text}`n_rows` transactions and only {glue:text}`n_fraud` frauds: one fraud for
# every {glue:text}`imbalance_ratio` normal payments, a prevalence of {glue:text}`prevalence_pct`.
# A model that calls everything normal is right almost every time, which is why this chapter never
# reports accuracy. Average precision (AP), the area under the precision-recall curve, is our main
# score:
#
# $$
# \mathrm{AP} = \sum_n (R_n - R_{n-1})\, P_n ,
# $$
#
# the precision $P_n$ at each threshold weighted by the recall $R_n$ it adds. A classifier without
# skill has precision equal to the prevalence at every recall, so its AP *is* the prevalence
# (exercise 2); ROC-AUC, by contrast, gives it one half whatever the imbalance.
#
# Which features tell frauds apart? We score each feature on its own by its ROC-AUC as a fraud
# score (folded so that one half means "no separation" and one means "perfect"), and draw the four best.

# %%
features = creditcard.drop(columns="Class")
separation = feature_separation(features, creditcard["Class"])
top = list(separation.index[:4])
glue("top_feature", top[0])
glue("top_feature_auc", f"{separation['separation'].iloc[0]:.3f}")
glue("amount_auc", f"{separation.loc['Amount', 'separation']:.3f}")
glue("time_auc", f"{separation.loc['Time', 'separation']:.3f}")
axes = plotting.plot_class_distributions(creditcard, top)
axes[0].figure.suptitle("The four features that best separate frauds, each class scaled to unit area")
axes[0].figure.tight_layout()
plt.show()
separation.head(8).round(3)

# %% [markdown]
# The best single feature, {glue:text}`top_feature`, reaches a folded ROC-AUC of
# {glue:text}`top_feature_auc` on its own; `Amount` ({glue:text}`amount_auc`) and `Time`
# ({glue:text}`time_auc`) say much less. This is Chapter 1's picture in several dimensions: the
# fraud histograms sit mostly apart from the normal ones, but they overlap at the edge, and there
# the classifier has to decide whose side a payment is on. Where they overlap, no resampling can
# separate them: resampling changes how much weight each class gets, the priors, not where the
# classes lie.
#
# Two features need care before a distance-based sampler sees them: `Amount` runs from nothing to
# thousands of euros, and `Time` mostly says *which* of the two days a payment was made. The
# course's `FraudPreprocessor` replaces `Time` by the hour of day and `Amount` by
# $\log(1 + \text{amount})$, then standardises every column, all fit on training rows only.
# Without it, SMOTE's and NearMiss's nearest neighbours would be decided by `Time` and `Amount` alone.
#
# The full profile uses every row. The quick profile, for tests, keeps all frauds and a sample of
# normal payments; the code below is the same.

# %%
data = subsample_majority(creditcard, settings.normal_rows, random_state=SEED)
X, y = data.drop(columns="Class"), data["Class"]
glue("rows_used", f"{len(data):,}")
glue("prevalence_used_pct", f"{y.mean():.3%}")
cv = repeated_split(n_splits=settings.splits, test_size=TEST_SIZE, random_state=SEED)
test_folds = [test for _, test in cv.split(X, y)]
all_test_rows = np.concatenate(test_folds)
glue("n_folds", round(1 / TEST_SIZE))
glue("frauds_per_fold", f"{np.mean([y.iloc[test].sum() for test in test_folds]):.0f}")
repeated = len(all_test_rows) - len(np.unique(all_test_rows))   # rows scored in more than one test fold
glue("test_overlap", "do not overlap: no row, and so no fraud, is scored twice, and the spread over splits is not "
     "shrunk by shared test rows" if repeated == 0 else
     f"share {repeated:,} rows, because there are more splits than folds and a new round of folds begins")
len(data), y.mean()

# %% [markdown]
# The experiments run on {glue:text}`rows_used` rows (prevalence {glue:text}`prevalence_used_pct`,
# profile *{glue:text}`profile`*). `repeated_split` cuts them into {glue:text}`n_folds` stratified
# folds, each holding {glue:text}`test_share` of the rows and about {glue:text}`frauds_per_fold`
# frauds; each of the {glue:text}`splits` splits tests on one fold and trains on the others. The test
# folds {glue:text}`test_overlap`. The training sets do overlap, so that spread is still somewhat
# optimistic, and with about {glue:text}`frauds_per_fold` frauds per test fold a few hard frauds
# landing in one fold or another move its score. Every comparison below is therefore made split by
# split, on the same folds.
#
# ## The leakage trap
#
# A common notebook resamples the whole data set with SMOTE, *then* splits it into training and test
# sets. Two things go wrong. Synthetic frauds in the test set are interpolations between real frauds,
# many of which sit in the training set: the model is tested on near-copies of what it learnt.
# And the test set now holds as many frauds as normal payments, so its prevalence (and with it the
# AP of every model) is no longer that of real traffic.
#
# We measure both against the honest protocol, where SMOTE runs inside each training fold only. Like
# such notebooks, this experiment uses XGBoost with its default settings on the raw features.

# %%
xgb_default = xgboost_classifier(random_state=SEED)
honest, honest_predictions = evaluate(
    {
        "XGBoost, no resampling": xgb_default,
        "XGBoost, SMOTE inside the training folds": Pipeline(
            [("sampler", SMOTE(random_state=SEED)), ("model", xgb_default)]
        ),
    },
    X, y, cv=cv, validation_size=None, return_predictions=True,
)
leaky = evaluate_resample_first(xgb_default, SMOTE(random_state=SEED), X, y, cv=cv,
                                name="XGBoost, SMOTE on all rows, then split")
leak_table = summarize(pd.concat([honest, leaky]), metrics=["average_precision", "average_precision_original_rows"])
glue("leak_honest_ap", leak_table.loc["XGBoost, SMOTE inside the training folds", "average_precision"])
glue("leak_leaky_ap", leak_table.loc["XGBoost, SMOTE on all rows, then split", "average_precision"])
glue("leak_leaky_original_ap",
     leak_table.loc["XGBoost, SMOTE on all rows, then split", "average_precision_original_rows"])

# The leaky model on its test folds' original rows against the honest pipeline, paired over the splits
# (the honest test folds hold only original rows, so their AP is that same score).
honest_smote = honest.query("pipeline == 'XGBoost, SMOTE inside the training folds' and metric == 'average_precision'")
leak = compare_paired(pd.concat([honest_smote.assign(metric="average_precision_original_rows"), leaky]),
                      baseline="XGBoost, SMOTE inside the training folds",
                      methods=["XGBoost, SMOTE on all rows, then split"], metric="average_precision_original_rows").iloc[0]
glue("leak_verdict", leak["summary"])
glue("leak_reading", {
    "beats": "The leak alone inflates the score: the synthetic training frauds were made from the test frauds themselves.",
    "matches": "On these splits the paired comparison cannot tell the leak from the noise between splits on the "
               "original rows; the inflated number such a notebook reports is the one on the resampled test fold.",
    "loses to": "On the original rows the leak does not help the leaky model; what such a notebook reports is the "
                "inflated number on the resampled test fold.",
}[leak["verdict"]])
leak_table

# %% [markdown]
# Resampled first, SMOTE scores AP {glue:text}`leak_leaky_ap` on the resampled test fold, against
# {glue:text}`leak_honest_ap` when SMOTE stays inside the training folds. Part of that gap is the
# prevalence: half of the leaky test fold is fraud, and AP rises with the prevalence. Scored only on
# the test fold's original rows, whose prevalence is the real one, the leaky model reaches
# {glue:text}`leak_leaky_original_ap`. Against the honest pipeline, paired split by split, the leaky
# model {glue:text}`leak_verdict`. {glue:text}`leak_reading` Every number in the rest of this book comes
# from the honest protocol: samplers sit inside an imbalanced-learn `Pipeline`, which calls
# `fit_resample` only while fitting.
#
# ## One split, one number
#
# TensorFlow's tutorial *Classification on imbalanced data* {cite}`tensorflow2019imbalanced` works on
# this same data set, and many readers meet its numbers first. Its notebook
# (`site/en/tutorials/structured_data/imbalanced_data.ipynb` in the `tensorflow/docs` repository)
# drops `Time`, replaces `Amount` by its logarithm, makes one random 80/20 train/test split (not
# stratified, without a seed), carves 20 % of the training part off as validation, standardises the
# features on the training part and clips them to ±5. It trains a network with one hidden layer of 16
# units and dropout, stopping early on a validation score, and reports the test precision and recall
# at threshold 0.5 of a baseline model, then of the same network with class weights (counted on all
# rows) and with over-sampling. Those numbers come from the one run made when the page was last
# rendered, on one test split, and they change from one rendering to the next; we do not copy them.
#
# How much does one split move such a number? The table gives, split by split, the test precision,
# recall and AP at threshold 0.5 of the XGBoost model without resampling from the leakage experiment
# above (default settings, raw features). Across our {glue:text}`splits` disjoint test folds its
# recall runs from {glue:text}`single_recall_range`, its precision from
# {glue:text}`single_precision_range` and its AP from {glue:text}`single_ap_range`. A figure from a
# single split, ours or a tutorial's, is one draw from a spread like this; that is why this book
# reports mean ± std over splits and compares methods split by split. Against no resampling, paired
# over the same splits, SMOTE inside the training folds {glue:text}`smote_verdict` in AP.

# %%
single = honest[honest["pipeline"] == "XGBoost, no resampling"].pivot(index="split", columns="metric", values="value")
single = single[["precision@0.5", "recall@0.5", "average_precision"]]
for key, column in [("recall", "recall@0.5"), ("precision", "precision@0.5"), ("ap", "average_precision")]:
    glue(f"single_{key}_range", f"{single[column].min():.3f} to {single[column].max():.3f}")
smote_gain = compare_paired(honest, baseline="XGBoost, no resampling",
                            methods=["XGBoost, SMOTE inside the training folds"]).iloc[0]
glue("smote_verdict", smote_gain["summary"])
single.round(3)

# %% [markdown]
# ## Baselines: the classic ways to meet the imbalance
#
# Each method is one step in a pipeline `FraudPreprocessor → sampler → model`:
#
# - **class weights**: no sampler; each fraud's term in the loss is multiplied by the number of
#   normal payments per fraud among the training rows, so that *all* frauds together weigh as much as
#   *all* normal payments together (each fraud weighs as much as that many normal payments, not as
#   much as all of them). For XGBoost that is `scale_pos_weight` $= n_\text{normal}/n_\text{fraud}$,
#   which the course's `BalancedPositiveWeight` counts on the rows the model is fit on, inside each
#   training fold; for logistic regression, `class_weight="balanced"` weighs each class by
#   $n/(2\,n_c)$, the same balance;
# - **over-samplers** add frauds: copies (random over-sampling), interpolations between a fraud and
#   a fraud neighbour (SMOTE {cite}`chawla2002smote`), interpolations near the class border only
#   (Borderline-SMOTE {cite}`han2005borderline`), or more of them where frauds are hard to learn
#   (ADASYN {cite}`he2008adasyn`);
# - **under-samplers** drop normal payments: at random, or keep those closest to frauds
#   (NearMiss-1, -2, -3 {cite}`mani2003knn`);
# - **cleaning** under-samplers drop only normal payments that sit among frauds: Tomek links
#   {cite}`tomek1976two`, edited nearest neighbours (ENN) {cite}`wilson1972asymptotic`, and their
#   combinations with SMOTE, SMOTETomek and SMOTEENN {cite}`batista2004study`.
#
# For each pipeline and split, `evaluate` carves a validation part from the training fold, fits on
# the rest, chooses the threshold that maximises F1 on the validation part, records the average
# precision on the validation part, and scores the test fold, which nothing else touches. Every
# choice below (thresholds, the best pipeline) is made on the validation parts. The model is not
# refit on the whole training fold, so it learns from 80 % of the training rows.

# %%
def xgboost(**params):
    return xgboost_classifier(random_state=SEED, **params)


def logistic(**params):
    return LogisticRegression(max_iter=1000, **params)


MODELS = {
    # class weights: scale_pos_weight = normals / frauds, counted on the rows each model is fit on
    "XGBoost": (xgboost(), BalancedPositiveWeight(xgboost())),
    "LogReg": (logistic(), logistic(class_weight="balanced")),
}
SAMPLERS = {"none": None, **resampling_samplers(random_state=SEED, n_jobs=2)}
CLEANING = cleaning_samplers(random_state=SEED, n_jobs=2)


def pipelines(samplers):
    """One pipeline per model and sampler, named "model | sampler"; class weights where the sampler is none."""
    built = {}
    for model_name, (plain, weighted) in MODELS.items():
        for sampler_name, sampler in samplers.items():
            steps = [("preprocess", FraudPreprocessor()), ("sampler", sampler or "passthrough")]
            built[f"{model_name} | {sampler_name}"] = Pipeline(steps + [("model", plain)])
            if sampler_name == "none":
                built[f"{model_name} | class weights"] = Pipeline(steps + [("model", weighted)])
    return built


def label(results):
    """Split "model | sampler" names into a model and a sampler column, for plots."""
    return results.assign(model=results["pipeline"].str.split(" | ", regex=False).str[0],
                          sampler=results["pipeline"].str.split(" | ", regex=False).str[1])


# NearMiss-3 first keeps only the normal neighbours of frauds, so it may return fewer normal rows than
# frauds and warns; the timing table below shows how many rows it kept.
warnings.filterwarnings("ignore", message="The number of the samples to be selected is larger", category=UserWarning)
results, predictions = evaluate(pipelines(SAMPLERS), X, y, cv=cv, random_state=SEED, return_predictions=True)
results = label(results)

# %% [markdown]
# The cleaning samplers search nearest neighbours among *all* training rows, for every normal
# payment: on the full data that takes minutes per split and sampler (see the timing benchmark in
# `benchmarks/ch02_samplers.py`). We therefore run them on all frauds plus a sample of normal
# payments, and run the no-resampling baseline again on exactly the same rows, so that the
# comparison within that table is fair.

# %%
cleaning_data = subsample_majority(data, settings.cleaning_normal_rows, random_state=SEED)
X_clean, y_clean = cleaning_data.drop(columns="Class"), cleaning_data["Class"]
glue("cleaning_rows", f"{len(cleaning_data):,}")
glue("cleaning_normals", f"{int((y_clean == 0).sum()):,}")
glue("cleaning_prevalence_pct", f"{y_clean.mean():.2%}")
cleaning_results = label(evaluate(pipelines({"none": None, **CLEANING}), X_clean, y_clean,
                                  cv=repeated_split(settings.splits, TEST_SIZE, SEED), random_state=SEED))

# %% [markdown]
# ## Results
#
# The table gives mean ± standard deviation over the {glue:text}`splits` splits, ordered by the
# first column, the average precision on the validation parts; every other column is scored on the
# test folds. `@0.5` columns call a payment fraud when its probability is at least `0.5`; `@tuned`
# columns use the threshold chosen on the validation part.

# %%
TABLE_METRICS = ["validation_average_precision", "average_precision", "roc_auc", "f1@0.5", "recall@0.5",
                 "precision@0.5", "f1@tuned", "balanced_accuracy@0.5"]
table = summarize(results, metrics=TABLE_METRICS, sort_by="validation_average_precision")
numbers = summarize(results, as_text=False)
ap = numbers["average_precision"]
# The best pipeline is chosen on the validation parts (mean validation AP over the splits), never on
# the test folds; the test folds only report the pipeline chosen.
best = numbers[("validation_average_precision", "mean")].idxmax()
glue("best_pipeline", best)
glue("best_validation_ap", table.loc[best, "validation_average_precision"])
glue("best_ap", table.loc[best, "average_precision"])
glue("n_pipelines", len(table))
glue_table(table, "average_precision", "ap", rows=[
    f"{m} | {s}" for m in MODELS
    for s in ["none", "class weights", "random over", "random under", "SMOTE", "NearMiss-1", "NearMiss-3"]])
table

# %%
fig, ax = plt.subplots(figsize=(8, 6.5))
plotting.plot_metric_bars(results, metric="average_precision", group="sampler", hue="model", ax=ax)
ax.set_title("Average precision on the test folds, mean ± std over splits")
plt.show()

# %% [markdown]
# Of the {glue:text}`n_pipelines` pipelines, the one with the highest validation AP is
# *{glue:text}`best_pipeline`* (validation AP {glue:text}`best_validation_ap`); on the test folds,
# which played no part in the choice, it scores AP {glue:text}`best_ap`.
#
# Is any sampler better than no resampling? For each model we compare every sampler and class weights
# with no resampling, split by split on the test folds, with one paired test per method and a Holm
# correction across all of them (the table below; the number in brackets is the mean difference in
# test AP). Against no resampling ({glue:text}`ap_xgboost_none`), for XGBoost:
# {glue:text}`versus_none_xgboost`. Against no resampling ({glue:text}`ap_logreg_none`), for logistic
# regression: {glue:text}`versus_none_logreg`. The lowest test AP belongs to
# {glue:text}`worst_xgboost` for XGBoost ({glue:text}`worst_xgboost_ap`) and to
# {glue:text}`worst_logreg` for logistic regression ({glue:text}`worst_logreg_ap`).

# %%
# Every sampler against no resampling, one call per model so that Holm covers all its comparisons (test AP).
versus_none = {}
for model_name in MODELS:
    others = [name for name in table.index if name.startswith(f"{model_name} |") and name != f"{model_name} | none"]
    versus_none[model_name] = compare_paired(results, baseline=f"{model_name} | none", methods=others)
    glue(f"versus_none_{model_name.lower()}", verdict_clauses(short(versus_none[model_name])))
    worst = ap["mean"][ap.index.str.startswith(f"{model_name} |")].idxmin()
    glue(f"worst_{model_name.lower()}", worst.split(" | ")[-1])
    glue(f"worst_{model_name.lower()}_ap", table.loc[worst, "average_precision"])
glue("prior_verdicts_logreg",
     verdict_clauses(short(versus_none["LogReg"]).loc[["class weights", "random over", "random under"]]))
pd.concat({model_name: short(comparison) for model_name, comparison in versus_none.items()},
          names=["model", "against none"])[
    ["difference", "ci_low", "ci_high", "p_holm", "verdict"]].round(3)

# %% [markdown]
# The precision-recall curves of the main contenders on the first test fold show where the
# differences lie, and the confusion matrices what a tuned threshold decides.

# %%
CONTENDERS = ["XGBoost | none", "XGBoost | class weights", "XGBoost | SMOTE", "XGBoost | random under",
              "LogReg | none", "LogReg | SMOTE"]
fig, ax = plt.subplots(figsize=(7, 5.5))
plotting.plot_pr_curves(predictions, CONTENDERS, split=0, ax=ax)
plt.show()

# %%
axes = plotting.plot_confusion_matrices(predictions, ["XGBoost | none", "XGBoost | SMOTE", "XGBoost | random under"])
axes[0].figure.tight_layout()
plt.show()

# %% [markdown]
# ### A prior hidden in XGBoost's defaults
#
# Across the splits, XGBoost without resampling scores between {glue:text}`xgb_none_min` and
# {glue:text}`xgb_none_max` AP. Part of that spread is the test folds themselves; part can come from
# a prior hidden in XGBoost's defaults. XGBoost grows each
# tree by Newton steps: a leaf's value is minus the sum of the gradients of its rows over the sum of
# their hessians, and a leaf may only exist if its hessian sum reaches `min_child_weight` (default
# `1`). For the log-loss the hessian of a row is $p(1-p)$, and $p$ starts at the prior of fraud,
# $\pi_1$. At the real prior every row weighs about $\pi_1$, so a leaf needs about $1/\pi_1$ rows (here
# {glue:text}`rows_per_leaf`) before it may exist, and the few leaves that isolate frauds take huge,
# unstable steps. Class weights and over-sampling multiply the frauds' hessians and lift this
# constraint; lowering `min_child_weight` lifts it without touching the data. We compare these fixes
# with class weights, the usual one:

# %%
mcw = evaluate({"XGBoost | min_child_weight=0.01": Pipeline(
    [("preprocess", FraudPreprocessor()), ("model", xgboost(min_child_weight=0.01))])},
    X, y, cv=cv, random_state=SEED)
xgb_none_ap = results.query("pipeline == 'XGBoost | none' and metric == 'average_precision'")["value"]
glue("xgb_none_min", f"{xgb_none_ap.min():.3f}")
glue("xgb_none_max", f"{xgb_none_ap.max():.3f}")
glue("rows_per_leaf", f"{1 / y.mean():,.0f}")
mcw_table = summarize(pd.concat([results[results["pipeline"].isin(["XGBoost | none", "XGBoost | class weights"])],
                                 mcw]), metrics=["average_precision", "roc_auc", "f1@tuned"])
glue("mcw_ap", mcw_table.loc["XGBoost | min_child_weight=0.01", "average_precision"])
# The fixes against class weights, one call so that Holm covers the three (test AP, paired over the splits).
fixes = short(compare_paired(pd.concat([results, mcw]), baseline="XGBoost | class weights",
                             methods=["XGBoost | min_child_weight=0.01", "XGBoost | random over", "XGBoost | SMOTE"]))
glue("fixes_verdicts", verdict_clauses(fixes))
told_apart = fixes[fixes["verdict"] != "matches"]
glue("fixes_reading",
     "none of them is told apart from class weights by these paired comparisons: resampling is not what makes a "
     "fraud model good here; a strong model, sound preprocessing and a threshold chosen on validation data are"
     if told_apart.empty else
     f"the paired comparisons tell {' and '.join(told_apart.index)} apart from class weights "
     f"({verdict_clauses(told_apart)}): for XGBoost on this data, how the imbalance is met does matter")
mcw_table

# %% [markdown]
# With `min_child_weight=0.01` and no resampling, XGBoost reaches AP {glue:text}`mcw_ap`, against
# {glue:text}`ap_xgboost_none` with the default and {glue:text}`ap_xgboost_class_weights` with class
# weights. Against class weights, paired over the splits and Holm-corrected across the three fixes:
# {glue:text}`fixes_verdicts`.
#
# The cleaning samplers, on {glue:text}`cleaning_rows` rows ({glue:text}`cleaning_normals` normal
# payments, prevalence {glue:text}`cleaning_prevalence_pct`; this raises every AP, so compare only
# within the table):

# %%
cleaning_table = summarize(cleaning_results, metrics=TABLE_METRICS, sort_by="validation_average_precision")
for key in cleaning_table.index:
    glue("clean_" + key.lower().replace(" | ", "_").replace(" ", "_"), cleaning_table.loc[key, "average_precision"])
# Every cleaning sampler against no resampling on the same rows, one call per model (test AP).
for model_name in MODELS:
    others = [name for name in cleaning_table.index
              if name.startswith(f"{model_name} |") and name != f"{model_name} | none"]
    cleaning_versus_none = compare_paired(cleaning_results, baseline=f"{model_name} | none", methods=others)
    glue(f"clean_versus_none_{model_name.lower()}", verdict_clauses(short(cleaning_versus_none)))
cleaning_table

# %% [markdown]
# On these rows XGBoost scores {glue:text}`clean_xgboost_none` without resampling,
# {glue:text}`clean_xgboost_tomek_links` after Tomek links, {glue:text}`clean_xgboost_enn` after ENN,
# {glue:text}`clean_xgboost_smotetomek` with SMOTETomek and {glue:text}`clean_xgboost_smoteenn` with
# SMOTEENN; logistic regression {glue:text}`clean_logreg_none`, {glue:text}`clean_logreg_tomek_links`,
# {glue:text}`clean_logreg_enn`, {glue:text}`clean_logreg_smotetomek` and {glue:text}`clean_logreg_smoteenn`.
# Cleaning removes only normal payments next to frauds, so it can move the boundary only a little;
# whether that changes the ranking of payments, which is all AP measures, the paired comparisons with
# no resampling on these rows tell (test AP, Holm-corrected per model). For XGBoost:
# {glue:text}`clean_versus_none_xgboost`. For logistic regression: {glue:text}`clean_versus_none_logreg`.
#
# What each method costs, for XGBoost on the full experiment (seconds per split; `train_rows` is the
# size of the training set after resampling):

# %%
timing = summarize(results[results["model"] == "XGBoost"], metrics=["train_rows", "resample_time", "fit_time"],
                   decimals=2)
timing.index = timing.index.str.replace("XGBoost | ", "", regex=False)
timing_numbers = summarize(results[results["model"] == "XGBoost"], as_text=False)
glue("time_nearmiss2", f"{timing_numbers.loc['XGBoost | NearMiss-2', ('resample_time', 'mean')]:.1f}")
glue("time_smote", f"{timing_numbers.loc['XGBoost | SMOTE', ('resample_time', 'mean')]:.2f}")
timing

# %% [markdown]
# SMOTE costs {glue:text}`time_smote` s per split, NearMiss-2 {glue:text}`time_nearmiss2` s; the
# over-samplers also double the rows the model is fit on.
#
# ## Threshold moving versus resampling
#
# Chapter 1 showed that training on a resampled set is the same, for a calibrated model, as training on
# the original one and moving the decision threshold: resampling to a fraud prior $\pi_1'$ multiplies
# the posterior odds by $\frac{\pi_1' / \pi_0'}{\pi_1 / \pi_0}$. The threshold `0.5` applied to a
# model fit on balanced data is the threshold $\pi_1$ applied to a model fit on the original data.
# So, for the same model, compare: no resampling with a threshold chosen on validation, against the
# samplers at `0.5`.

# %%
THRESHOLD_METRICS = ["threshold", "f1@0.5", "precision@0.5", "recall@0.5", "f1@tuned", "precision@tuned",
                     "recall@tuned"]
threshold_table = summarize(results, metrics=THRESHOLD_METRICS).loc[
    [f"{m} | {s}" for m in MODELS for s in ["none", "class weights", "random under", "SMOTE"]]]
for column, prefix in [("f1@0.5", "f1_half"), ("f1@tuned", "f1_tuned"), ("recall@0.5", "recall_half"),
                       ("precision@0.5", "precision_half")]:
    glue_table(threshold_table, column, prefix)

# Test F1: the samplers at 0.5 against no resampling at the threshold chosen on validation, one call per model.
winners = {}
for model_name in MODELS:
    f1 = pd.concat([results.query(f"pipeline == '{model_name} | none' and metric == 'f1@tuned'")
                    .assign(pipeline="tuned threshold")]
                   + [results.query(f"pipeline == '{model_name} | {name}' and metric == 'f1@0.5'").assign(pipeline=name)
                      for name in ["class weights", "random under", "SMOTE"]]).assign(metric="f1")
    moved = compare_paired(f1, baseline="tuned threshold", metric="f1")
    glue(f"threshold_verdicts_{model_name.lower()}", verdict_clauses(moved))
    winners[model_name] = list(moved.index[moved["verdict"] == "beats"])
glue("threshold_reading",
     "No sampler at `0.5` beats the threshold moved on validation data, for either model: moving the threshold "
     "buys at least what resampling buys, for the price of one pass over the validation rows, and it leaves the "
     "probabilities, and the AP, as they were."
     if not any(winners.values()) else
     "At `0.5`, " + "; ".join(f"{' and '.join(names)} beat{'' if len(names) > 1 else 's'} the moved threshold for {model}"
                              for model, names in winners.items() if names)
     + ": on these splits resampling decides better there than a threshold chosen on validation data for the "
       "model fit without it.")
threshold_table

# %% [markdown]
# A model trained at a prior of one half predicts as if frauds were that common, so at `0.5` it calls
# more payments fraud: random under-sampling gives XGBoost a recall of
# {glue:text}`recall_half_xgboost_random_under` and a precision of
# {glue:text}`precision_half_xgboost_random_under` at `0.5` (F1 {glue:text}`f1_half_xgboost_random_under`),
# against {glue:text}`recall_half_xgboost_none` and {glue:text}`precision_half_xgboost_none` without
# resampling. Without resampling, XGBoost's F1 is {glue:text}`f1_half_xgboost_none` at `0.5` and
# {glue:text}`f1_tuned_xgboost_none` at the threshold chosen on validation; SMOTE at `0.5` gives
# {glue:text}`f1_half_xgboost_smote`. For logistic regression, F1 without resampling is
# {glue:text}`f1_half_logreg_none` at `0.5` and {glue:text}`f1_tuned_logreg_none` tuned, against
# {glue:text}`f1_half_logreg_smote` for SMOTE and {glue:text}`f1_half_logreg_class_weights` for class
# weights at `0.5`.
#
# Paired over the splits, against no resampling with the threshold chosen on validation (test F1,
# Holm-corrected per model), the samplers at `0.5` read, for logistic regression:
# {glue:text}`threshold_verdicts_logreg`; for XGBoost: {glue:text}`threshold_verdicts_xgboost`.
# {glue:text}`threshold_reading`
#
# ## What the results mean
#
# *Priors.* Random over- and under-sampling and class weights all tell the model that frauds are
# more common than they are. For a well-fit model that changes the probabilities but barely the
# *ranking* of payments, so AP should move little while the metrics at `0.5` move a lot, and a
# threshold chosen on validation data undoes the change of prior. For logistic regression the paired
# comparisons with no resampling read (test AP): {glue:text}`prior_verdicts_logreg`. XGBoost shows another way a prior matters: at the real prior its
# default `min_child_weight` constrains the leaves that isolate frauds, and re-weighting the frauds (by
# weights, copies or synthetic rows) changes its optimisation as well as its prior, which is why a
# smaller `min_child_weight` was compared with them above.
#
# *Overlap.* Where fraud and normal payments overlap, no sampler can separate them. SMOTE and its
# variants add frauds *between* frauds, in regions the model already calls fraud; Borderline-SMOTE and
# ADASYN add them near the border, which also puts synthetic frauds in the overlap. Under-sampling
# throws away most normal payments, including the ones that tell the model where the boundary really
# is, and NearMiss keeps the normal payments *closest* to frauds, a distorted picture of the majority.
# On these data the lowest test AP belongs to {glue:text}`worst_xgboost` for XGBoost and to
# {glue:text}`worst_logreg` for logistic regression; the verdicts against no resampling are in the
# results above.
#
# *Models.* Logistic regression draws one hyperplane; its probabilities depend on the prior it was
# trained at. If the logistic model were exact, weights or copies would move only its intercept, and
# so not its ranking; under-sampling also discards information. XGBoost's trees can bend around small fraud clusters; duplicated or synthetic frauds
# can make it fit those clusters harder, which may help or hurt on new frauds. Among the reasonable
# fixes for XGBoost (class weights, random over-sampling, SMOTE or a smaller `min_child_weight`),
# {glue:text}`fixes_reading`.
#
# When is a sampler worth its cost? When the model cannot take class weights, when its training
# objective is badly conditioned by the imbalance (XGBoost's default `min_child_weight` at this prior;
# small neural networks in later chapters), or when a
# fixed threshold of `0.5` is imposed downstream. Random under-sampling is also a cheap way to train on
# a fraction of the rows, provided the probabilities are corrected afterwards (Chapter 1).

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** How many normal transactions are there per fraud in `creditcard`? Set `answer`
# to that ratio.

# %%
answer = None
ch02.check_imbalance_ratio(answer, creditcard["Class"])

# %% tags=["hide-cell"]
# Solution
counts = creditcard["Class"].value_counts()
answer = counts[0] / counts[1]
ch02.check_imbalance_ratio(answer, creditcard["Class"])

# %% [markdown]
# **Exercise 2.** What average precision does a classifier without skill (a score independent of
# the label) get on the first test fold? Answer without fitting anything, then check by scoring
# random numbers.

# %%
y_test_0 = predictions.loc[predictions["pipeline"] == "XGBoost | none"].query("split == 0")["y_true"]
answer = None
ch02.check_no_skill_ap(answer, y_test_0)

# %% tags=["hide-cell"]
# Solution: AP without skill is the prevalence.
answer = y_test_0.mean()
random_scores = np.random.default_rng(SEED).random(len(y_test_0))
print(f"prevalence {answer:.5f}, AP of random scores {average_precision_score(y_test_0, random_scores):.5f}")
ch02.check_no_skill_ap(answer, y_test_0)

# %% [markdown]
# **Exercise 3.** Which of these protocols let information from the test rows leak into the model
# or its threshold? Set `answer` to a set of letters.

# %%
for letter, protocol in ch02.LEAKAGE_PROTOCOLS.items():
    print(f"{letter}. {protocol}")
answer = None
ch02.check_leakage(answer)

# %% tags=["hide-cell"]
# Solution
answer = {"B", "D"}
ch02.check_leakage(answer)

# %% [markdown]
# **Exercise 4.** Fit logistic regression (with `FraudPreprocessor`) on `X_fit`, and choose the
# threshold that maximises F1 on the validation rows `X_val`, never on the test rows. Set `answer`
# to that threshold.

# %%
from sklearn.model_selection import train_test_split

X_fit, X_val, y_fit, y_val = train_test_split(X, y, test_size=0.25, stratify=y, random_state=SEED)
exercise_model = Pipeline([("preprocess", FraudPreprocessor()), ("model", logistic())]).fit(X_fit, y_fit)
proba_val = exercise_model.predict_proba(X_val)[:, 1]
answer = None
ch02.check_threshold(answer, y_val, proba_val)

# %% tags=["hide-cell"]
# Solution: the course's helper scans the thresholds of the precision-recall curve.
answer = best_f1_threshold(y_val, proba_val)
ch02.check_threshold(answer, y_val, proba_val)

# %% [markdown]
# ## References
#
# - The data: {cite:t}`dalpozzolo2015calibrating`.
# - The samplers: imbalanced-learn {cite}`lemaitre2017imbalanced`; SMOTE {cite}`chawla2002smote`,
#   Borderline-SMOTE {cite}`han2005borderline`, ADASYN {cite}`he2008adasyn`, NearMiss {cite}`mani2003knn`,
#   Tomek links {cite}`tomek1976two`, ENN {cite}`wilson1972asymptotic`, SMOTETomek and SMOTEENN
#   {cite}`batista2004study`.
# - The model: XGBoost {cite}`chen2016xgboost`.
#
# The full list is on the book's bibliography page.
