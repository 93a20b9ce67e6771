"""Tabular data: preprocessing and samplers for the credit card fraud chapters.

Introduced in Chapter 2. Chapters import from here, never from the modules inside.
"""

from .baselines import cleaning_samplers, resampling_samplers
from .generative import GenerativeOverSampler
from .preprocess import FraudPreprocessor, HourOfDay, LogAmount, subsample_majority

__all__ = [
    "FraudPreprocessor",
    "GenerativeOverSampler",
    "HourOfDay",
    "LogAmount",
    "cleaning_samplers",
    "resampling_samplers",
    "subsample_majority",
]
