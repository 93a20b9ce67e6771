"""Image chapters: long-tailed data, small CNNs, samplers and a fast training loop.

Introduced in Chapter 5.
"""

from .augment import RandomShift
from .experiment import Method, run_methods
from .longtail import long_tail_counts, long_tail_split, make_long_tail
from .models import ConvNet, Net
from .samplers import (
    DeferredSampler,
    DynamicSampler,
    IndexSampler,
    RandomOverSampler,
    RandomUnderSampler,
    ShuffleSampler,
    WeightedSampler,
    class_balanced_weights,
    dynamic_sample_sizes,
)
from .train import History, Report, evaluate, fit, prepare_images

__all__ = [
    "ConvNet", "DeferredSampler", "DynamicSampler", "History", "IndexSampler", "Method", "Net",
    "RandomOverSampler", "RandomShift", "RandomUnderSampler", "Report", "ShuffleSampler", "WeightedSampler",
    "class_balanced_weights", "dynamic_sample_sizes", "evaluate", "fit", "long_tail_counts",
    "long_tail_split", "make_long_tail", "prepare_images", "run_methods",
]
