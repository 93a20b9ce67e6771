"""Tabular data: preprocessing and samplers for the credit card fraud chapters.

Introduced in Chapter 2. Chapters import from here, never from the modules inside.
"""

from .baselines import BalancedPositiveWeight, cleaning_samplers, resampling_samplers, xgboost_classifier
from .cost_sensitive import PUBLISHED_GAINS, PUBLISHED_SETTINGS, PUBLISHED_SPLIT_SEED, probabl_methods, published_halves
from .extra_frauds import PUBLISHED_EXTRA_FRAUDS, STOPPING, all_frauds_baseline, extra_frauds_experiment
from .gan import KINDS, Critic, GANHistory, Generator, TabularGAN, gradient_penalty
from .gan_sampler import GANOverSampler, choose_checkpoint, realism_curve
from .preprocess import FraudPreprocessor, HourOfDay, LogAmount, subsample_majority
from .realism import REALISM_XGB_PARAMS, gaussian_samples, realism_score, realism_scores, shuffled_columns, smote_samples
from .samplers import GenerativeOverSampler
from .time_split import DAY_SECONDS, time_ordered_split, transaction_day
from .vae import TabularVAE, VAEClassModel, VAEOverSampler, fit_vae, mix_pairs

__all__ = [
    "BalancedPositiveWeight",
    "DAY_SECONDS",
    "KINDS",
    "PUBLISHED_EXTRA_FRAUDS",
    "PUBLISHED_GAINS",
    "PUBLISHED_SETTINGS",
    "PUBLISHED_SPLIT_SEED",
    "REALISM_XGB_PARAMS",
    "STOPPING",
    "Critic",
    "FraudPreprocessor",
    "GANHistory",
    "GANOverSampler",
    "Generator",
    "GenerativeOverSampler",
    "HourOfDay",
    "LogAmount",
    "TabularGAN",
    "all_frauds_baseline",
    "choose_checkpoint",
    "realism_curve",
    "TabularVAE",
    "VAEClassModel",
    "VAEOverSampler",
    "cleaning_samplers",
    "extra_frauds_experiment",
    "gaussian_samples",
    "gradient_penalty",
    "realism_score",
    "realism_scores",
    "fit_vae",
    "mix_pairs",
    "probabl_methods",
    "published_halves",
    "resampling_samplers",
    "shuffled_columns",
    "smote_samples",
    "subsample_majority",
    "time_ordered_split",
    "transaction_day",
    "xgboost_classifier",
]
