"""Image chapters: long-tailed data, small CNNs, samplers and a fast training loop.

Introduced in Chapter 5.
"""

from .augment import BatchRandomAffine, Cutout, RandomShift
from .augmix import AugMix, jensen_shannon_loss
from .deepsmote import DeepSMOTE, fit_deepsmote
from .eos import EOS, embed, eos_resample
from .experiment import Method, run_methods, run_refinements, validation_scores
from .generative import ConvVAE, fit_conv_vae, top_up
from .latent import enemy_points, smote_points
from .longtail import long_tail_counts, long_tail_split, make_long_tail
from .mixing import CutMix, Mixer, MixUp, Remix, SequentialMix, soft_cross_entropy
from .models import ConvNet, Net
from .samplers import (
    DeferredSampler,
    DynamicSampler,
    IndexSampler,
    RandomOverIndexSampler,
    RandomUnderIndexSampler,
    ShuffleSampler,
    WeightedSampler,
    class_balanced_weights,
    dynamic_sample_sizes,
)
from .train import History, Report, evaluate_network, fit, prepare_images

__all__ = [
    "AugMix", "BatchRandomAffine", "ConvNet", "ConvVAE", "CutMix", "Cutout", "DeepSMOTE", "DeferredSampler",
    "DynamicSampler", "EOS", "History", "IndexSampler", "Method", "MixUp", "Mixer", "Net", "RandomOverIndexSampler",
    "RandomShift", "RandomUnderIndexSampler", "Remix", "Report", "SequentialMix", "ShuffleSampler",
    "WeightedSampler", "class_balanced_weights", "dynamic_sample_sizes", "embed", "enemy_points",
    "eos_resample", "evaluate_network", "fit", "fit_deepsmote", "fit_conv_vae", "jensen_shannon_loss", "long_tail_counts", "long_tail_split",
    "make_long_tail", "prepare_images", "run_methods", "run_refinements", "smote_points", "soft_cross_entropy",
    "top_up", "validation_scores",
]
