"""Loaders for image data: MNIST and Fashion-MNIST, read straight from the gzipped IDX files."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np

from .fetch import resolve

SPLITS = ("train", "test")
# IDX magic number: two zero bytes, the element type (0x08 = unsigned byte), the rank.
_UBYTE = 0x08


def load_mnist(split: str = "train", path=None):
    """Load MNIST's handwritten digits: 60,000 training and 10,000 test images.

    Introduced in Chapter 5.

    Parameters
    ----------
    split : {"train", "test"}
        Which of the two official splits.
    path : str, os.PathLike or None
        A folder laid out like ``shared/data`` (holding ``mnist/MNIST/raw/*.gz``).
        ``None`` looks in ``COURSE_UTILS_DATA``, then the cache, then downloads.

    Returns
    -------
    images : torch.Tensor
        ``uint8`` tensor of shape ``(N, 28, 28)``.
    labels : torch.Tensor
        ``int64`` tensor of shape ``(N,)`` with the digits 0 to 9.

    Raises
    ------
    ValueError
        If ``split`` is not ``"train"`` or ``"test"``, or a file is not a valid IDX file.
    """
    return _load_idx_split("mnist", split, path)


def load_fashion_mnist(split: str = "train", path=None):
    """Load Fashion-MNIST: 60,000 training and 10,000 test images of 10 kinds of clothing.

    Introduced in Chapter 6.

    Parameters
    ----------
    split : {"train", "test"}
        Which of the two official splits.
    path : str, os.PathLike or None
        A folder laid out like ``shared/data`` (holding ``fashion-mnist/FashionMNIST/raw/*.gz``).
        ``None`` looks in ``COURSE_UTILS_DATA``, then the cache, then downloads.

    Returns
    -------
    images : torch.Tensor
        ``uint8`` tensor of shape ``(N, 28, 28)``.
    labels : torch.Tensor
        ``int64`` tensor of shape ``(N,)`` with the classes 0 to 9.

    Raises
    ------
    ValueError
        If ``split`` is not ``"train"`` or ``"test"``, or a file is not a valid IDX file.
    """
    return _load_idx_split("fashion-mnist", split, path)


def _load_idx_split(name: str, split: str, path):
    if split not in SPLITS:
        raise ValueError(f"split={split!r} is not a split; choose one of {', '.join(SPLITS)}.")
    import torch

    files = resolve(name, path, files=[f"{split}-images", f"{split}-labels"])
    images = _read_idx(files[f"{split}-images"], rank=3)
    labels = _read_idx(files[f"{split}-labels"], rank=1)
    if images.shape[1:] != (28, 28) or images.shape[0] != labels.shape[0]:
        raise ValueError(
            f"{name} {split}: images of shape {images.shape} do not match "
            f"labels of shape {labels.shape}."
        )
    return torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64))


def _read_idx(file: Path, rank: int) -> np.ndarray:
    """Parse a gzipped IDX file of unsigned bytes, checking its magic number and length."""
    with gzip.open(file, "rb") as stream:
        magic = stream.read(4)
        if magic != bytes((0, 0, _UBYTE, rank)):
            raise ValueError(
                f"{file} is not an IDX file of unsigned bytes with {rank} dimension(s): "
                f"its magic number is 0x{magic.hex()}, expected 0x0000{_UBYTE:02x}{rank:02x}."
            )
        shape = struct.unpack(f">{rank}I", stream.read(4 * rank))
        data = np.empty(shape, dtype=np.uint8)
        view = memoryview(data.reshape(-1))
        filled = 0
        while filled < data.size:
            got = stream.readinto(view[filled:])
            if not got:
                break
            filled += got
        if filled != data.size or stream.read(1):
            raise ValueError(f"{file} does not hold the {data.size} values its header announces.")
    return data
