"""The fully connected stacks of the tabular generators.

Introduced in Chapter 3 (the VAE's encoder and decoder); Chapter 4's GAN uses it too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from torch import nn


def mlp(sizes: Sequence[int], activation: Callable[[], nn.Module] = nn.ReLU, final_activation: bool = False) -> nn.Sequential:
    """Linear layers of widths ``sizes[0] -> sizes[1] -> ...``, an ``activation`` between them.

    Introduced in Chapter 3. With ``final_activation`` the last layer is
    followed by the activation too (a hidden block); without it the output is
    linear (a generator's rows, a critic's score). One size gives an empty stack.
    """
    pairs = list(zip(sizes[:-1], sizes[1:]))
    layers = []
    for i, (n_in, n_out) in enumerate(pairs):
        layers.append(nn.Linear(n_in, n_out))
        if final_activation or i < len(pairs) - 1:
            layers.append(activation())
    return nn.Sequential(*layers)
