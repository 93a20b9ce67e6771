"""The course's datasets: a registry of files, a verified cache, and one loader per kind of data.

Introduced in Chapter 1; used by every chapter. ``data`` knows files, not models.

Files are looked for in ``path=``, then ``COURSE_UTILS_DATA`` (a folder laid out like
``shared/data``), then the user cache, and are otherwise downloaded into the cache;
every file is checked against its sha256 first. See :func:`resolve`.
"""

from .fetch import ChecksumError, DataError, DataNotFoundError, cache_dir, file_sha256, resolve
from .images import load_fashion_mnist, load_mnist
from .registry import DATASETS, DatasetSpec, FileSpec, Source, Variant
from .tabular import load_creditcard
from .text import ensure_nltk_data, load_sms_spam

__all__ = [
    "DATASETS",
    "ChecksumError",
    "DataError",
    "DataNotFoundError",
    "DatasetSpec",
    "FileSpec",
    "Source",
    "Variant",
    "cache_dir",
    "ensure_nltk_data",
    "file_sha256",
    "load_creditcard",
    "load_fashion_mnist",
    "load_mnist",
    "load_sms_spam",
    "resolve",
]
