"""Image chapters: long-tailed data, small CNNs, samplers and a fast training loop.

Introduced in Chapter 5.
"""

from .augment import RandomAffine, RandomShift
from .deepsmote import DeepSMOTE, fit_deepsmote
from .eos import EOS, embed, eos_resample
from .experiment import Method, run_methods, run_refinements, validation_scores
from .generative import ConvVAE, fit_vae, top_up
from .latent import enemy_points, smote_points
from .longtail import long_tail_counts, long_tail_split, make_long_tail
from .mixing import (
    AugMix,
    CutMix,
    Cutout,
    MixUp,
    Mixer,
    RandomMix,
    Remix,
    SequentialMix,
    jensen_shannon_loss,
    soft_cross_entropy,
)
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
    "AugMix", "CutMix", "Cutout", "MixUp", "Mixer", "RandomMix", "Remix", "SequentialMix", "jensen_shannon_loss",
    "soft_cross_entropy",
    "ConvNet", "ConvVAE", "DeepSMOTE", "DeferredSampler", "DynamicSampler", "EOS", "History", "IndexSampler",
    "Method", "Net", "RandomAffine", "RandomOverSampler", "RandomShift", "RandomUnderSampler", "Report", "ShuffleSampler",
    "WeightedSampler", "class_balanced_weights", "dynamic_sample_sizes", "embed", "enemy_points",
    "eos_resample", "evaluate", "fit", "fit_deepsmote", "fit_vae", "long_tail_counts", "long_tail_split",
    "make_long_tail", "prepare_images", "run_methods", "run_refinements", "smote_points", "top_up",
    "validation_scores",
]
