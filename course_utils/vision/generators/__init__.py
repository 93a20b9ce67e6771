"""Image generators that top up rare classes: a conditional VAE and DeepSMOTE.

Introduced in Chapter 7. :mod:`.blocks` holds the convolutional encoder and
decoder both are built from, :mod:`.training` their shared training loop and
checks, :mod:`.top_up` the function that grows classes with either.
"""

from .conv_vae import ConvVAE, fit_conv_vae
from .deepsmote import DeepSMOTE, fit_deepsmote
from .top_up import top_up
from .training import to_unit

__all__ = ["ConvVAE", "DeepSMOTE", "fit_conv_vae", "fit_deepsmote", "to_unit", "top_up"]
