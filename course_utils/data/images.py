"""Loaders for image data: MNIST and Fashion-MNIST, read straight from the gzipped IDX files."""

from __future__ import annotations

import gzip
import os
import shutil
import struct
import tempfile
from pathlib import Path

import numpy as np

from .fetch import cache_dir, resolve
from .registry import DATASETS

SPLITS = ("train", "test")
_IMAGE_DATASETS = ("mnist", "fashion-mnist")
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


def torchvision_root(name: str, path=None) -> Path:
    """Return a cache folder that ``torchvision.datasets.MNIST``/``FashionMNIST`` can read offline.

    Introduced in Chapter 5.

    torchvision reads only uncompressed IDX files, and the mirror may be read-only, so
    the verified ``.gz`` files are decompressed into the cache (once; later calls reuse
    them). Use it as ``torchvision.datasets.MNIST(torchvision_root("mnist"), download=False)``.

    Parameters
    ----------
    name : {"mnist", "fashion-mnist"}
        Which dataset.
    path : str, os.PathLike or None
        Where to find the ``.gz`` files, as for :func:`load_mnist`.

    Returns
    -------
    pathlib.Path
        ``<cache>/mnist`` (holding ``MNIST/raw/``) or ``<cache>/fashion-mnist``
        (holding ``FashionMNIST/raw/``).
    """
    if name not in _IMAGE_DATASETS:
        raise ValueError(
            f"name={name!r} is not an image dataset; choose one of {', '.join(_IMAGE_DATASETS)}."
        )
    spec = DATASETS[name]
    cache = cache_dir()
    for file_name, compressed in resolve(spec, path).items():
        relpath = spec.file(file_name).variants[0].relpath
        target = cache / relpath.removesuffix(".gz")
        if not _is_complete_idx(target):
            _gunzip(compressed, target)
    return cache / name


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


def _is_complete_idx(file: Path) -> bool:
    """True if an uncompressed IDX file exists and is as long as its header says."""
    if not file.is_file():
        return False
    with open(file, "rb") as stream:
        magic = stream.read(4)
        if len(magic) != 4:
            return False
        rank = magic[3]
        header = stream.read(4 * rank)
    if len(header) != 4 * rank:
        return False
    shape = struct.unpack(f">{rank}I", header)
    return file.stat().st_size == 4 + 4 * rank + int(np.prod(shape))


def _gunzip(source: Path, target: Path) -> None:
    """Decompress ``source`` to ``target`` through a temporary file and an atomic rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with gzip.open(source, "rb") as stream, os.fdopen(handle, "wb") as out:
            shutil.copyfileobj(stream, out, 1 << 20)
        os.replace(name, target)
    finally:
        Path(name).unlink(missing_ok=True)
