"""Image chapters: long-tailed data, small CNNs, samplers and a fast training loop.

Introduced in Chapter 5.
"""

from .transforms import BatchRandomAffine, Cutout, RandomShift
from .augmix import AugMix, jensen_shannon_loss
from .eos import EOS, embed, eos_resample
from .experiment import (
    Method,
    logit_adjustment_scores,
    run_methods,
    run_refinements,
    score_models,
    validation_scores,
)
from .checks import check_labels
from .generators import ConvVAE, DeepSMOTE, fit_conv_vae, fit_deepsmote, top_up
from .latent import enemy_points, smote_points
from .losses import (
    BalancedSoftmaxLoss,
    DeferredReweighting,
    FocalLoss,
    LDAMLoss,
    LogitAdjusted,
    LogitAdjustedLoss,
    LossFromLabels,
    WeightedCrossEntropy,
    adjust_logits,
    class_weights,
)
from .longtail import long_tail_counts, long_tail_split, make_long_tail, outside_validation
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
    balanced_sampler,
    class_balanced_weights,
    dynamic_sample_sizes,
    plain_sampler,
)
from .reporting import in_percent, percent_table
from .checkpoint import History, ValidationCheckpoint
from .images import MNIST_MEAN_STD, prepare_images
from .scoring import Report, evaluate_network
from .train import fit

__all__ = [
    "AugMix", "BalancedSoftmaxLoss", "BatchRandomAffine", "ConvNet", "ConvVAE", "CutMix", "Cutout", "DeepSMOTE",
    "DeferredReweighting", "DeferredSampler", "DynamicSampler", "EOS", "FocalLoss", "History", "IndexSampler",
    "LDAMLoss", "LogitAdjusted", "LogitAdjustedLoss", "LossFromLabels", "MNIST_MEAN_STD", "Method", "MixUp",
    "Mixer", "Net", "RandomOverIndexSampler", "RandomShift", "RandomUnderIndexSampler", "Remix", "Report",
    "SequentialMix", "ShuffleSampler", "ValidationCheckpoint", "WeightedCrossEntropy", "WeightedSampler",
    "adjust_logits", "balanced_sampler", "check_labels", "class_balanced_weights", "class_weights",
    "dynamic_sample_sizes", "embed", "enemy_points", "eos_resample", "evaluate_network", "fit", "fit_conv_vae",
    "fit_deepsmote", "in_percent", "jensen_shannon_loss", "logit_adjustment_scores", "long_tail_counts",
    "long_tail_split", "make_long_tail", "outside_validation", "percent_table", "plain_sampler", "prepare_images",
    "run_methods", "run_refinements", "score_models", "smote_points", "soft_cross_entropy", "top_up",
    "validation_scores",
]
