"""Find a dataset's files on disk, or download them into the cache with pooch, and verify each one.

Used by every chapter (through the loaders).

Each logical file is looked for in this order, and the first copy found wins:

1. ``path=``: a file (datasets made of one file) or a folder laid out like ``shared/data``;
2. the folder named by the environment variable ``COURSE_UTILS_DATA`` (same layout);
3. the user cache, ``$XDG_CACHE_HOME/course_utils`` or ``~/.cache/course_utils``;
4. a download from the registry's sources into the cache.

That order is ours; downloading is `pooch <https://www.fatiando.org/pooch>`_'s: it
streams to a temporary file, checks the sha256 (deleting a mismatch) and unzips.
Every file is checked against the registry's sha256 before it is used, and the digest
of a file is computed once per process (keyed by path, size and modification time).
A download is assembled in a temporary folder inside the cache and renamed into place
only once verified, so the cache never holds a partial or corrupted file. Folders
given by ``path=`` or ``COURSE_UTILS_DATA`` are only read, never written.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import warnings
import zipfile
from pathlib import Path

import pooch

from .registry import DATASETS, DatasetSpec, FileSpec, Source, Variant

ENV_VAR = "COURSE_UTILS_DATA"
TIMEOUT_S = 60


class DataError(OSError):
    """Base class of the data layer's errors.

    Introduced in Chapter 1; used by every chapter.
    """


class DataNotFoundError(DataError, FileNotFoundError):
    """No local copy of a file exists and it could not be downloaded.

    Introduced in Chapter 1; used by every chapter. The message names the dataset,
    the expected file, the places searched, ``COURSE_UTILS_DATA`` and the cache folder.
    """


class ChecksumError(DataError):
    """A file's bytes differ from the registry's sha256, or a download was truncated.

    Introduced in Chapter 1; used by every chapter. The message names the bad file
    and what to do about it. A bad download is never kept.
    """


class _Unreachable(Exception):
    """A source could not be reached (internal: collected into DataNotFoundError)."""


def cache_dir() -> Path:
    """Return the user cache folder, ``$XDG_CACHE_HOME/course_utils`` or ``~/.cache/course_utils``.

    Introduced in Chapter 1; used by every chapter. The folder is created only when
    something is written to it.
    """
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "course_utils"


def data_root() -> Path | None:
    """Return the folder named by ``COURSE_UTILS_DATA``, or ``None`` when it is unset.

    Introduced in Chapter 1; used by every chapter.

    Raises
    ------
    DataError
        If the variable is set but does not name a folder.
    """
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return None
    root = Path(value).expanduser()
    if not root.is_dir():
        where = "" if root.is_absolute() else f" (relative to the working directory {Path.cwd()})"
        raise DataError(f"{ENV_VAR}={value!r} is not a folder{where}; point it at a folder laid out like "
                        "shared/data (see its README.md), preferably by an absolute path, or unset it.")
    return root


_DIGESTS: dict[tuple[str, int, int], str] = {}


def _key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path.resolve()), stat.st_size, stat.st_mtime_ns


def file_sha256(path: str | os.PathLike) -> str:
    """Return the sha256 of a file, computing it once per process for a given size and mtime.

    Introduced in Chapter 1; used by every chapter.
    """
    key = _key(Path(path))
    if key not in _DIGESTS:
        _DIGESTS[key] = pooch.file_hash(key[0], alg="sha256")
    return _DIGESTS[key]


def resolve(dataset: str | DatasetSpec, path=None, files=None) -> dict[str, Path]:
    """Return verified local paths of a dataset's files, downloading missing ones to the cache.

    Introduced in Chapter 1; every loader of the course calls it.

    Parameters
    ----------
    dataset : str or DatasetSpec
        A name from :data:`course_utils.data.DATASETS` (``"creditcard"``, ``"mnist"``,
        ``"fashion-mnist"``, ``"sms-spam"``, ``"nltk"``) or a spec of your own.
    path : str, os.PathLike or None
        A folder laid out like ``shared/data``, searched first; for a dataset of one
        file, the file itself.
    files : iterable of str or None
        Names of the files wanted (default: all of the dataset's files).

    Returns
    -------
    dict of str to pathlib.Path
        File name to path, in the registry's order.

    Raises
    ------
    DataNotFoundError
        If a file is nowhere on disk and cannot be downloaded.
    ChecksumError
        If a copy in ``path`` or ``COURSE_UTILS_DATA`` is corrupted, or every download is.
    DataError
        If ``COURSE_UTILS_DATA`` is set but names no folder.
    ValueError
        If ``path`` is a single file but the dataset (or ``files``) has several.
    KeyError
        If the dataset or a file name is unknown.
    """
    if isinstance(dataset, str) and dataset not in DATASETS:
        raise KeyError(f"no dataset {dataset!r}; the datasets are {', '.join(DATASETS)}.")
    spec = DATASETS[dataset] if isinstance(dataset, str) else dataset
    wanted = [spec.file(name) for name in files] if files is not None else list(spec.files)
    roots: list[tuple[str, Path]] = []
    if path is not None:
        given = Path(path).expanduser()
        if given.is_file():
            return {_check_single_file(spec, wanted, given).name: given}
        if not given.is_dir():
            raise DataNotFoundError(
                f"path={str(path)!r} given for dataset {spec.name!r} does not exist."
            )
        roots.append(("path=", given))
    env = data_root()
    if env is not None:
        roots.append((ENV_VAR, env))
    return {file.name: _resolve_file(spec, file, roots) for file in wanted}


def _check_single_file(spec: DatasetSpec, wanted: list[FileSpec], given: Path) -> FileSpec:
    """Verify a file passed as ``path=`` against the one logical file it must be."""
    if len(wanted) != 1:
        raise ValueError(
            f"path={str(given)!r} is a file, but dataset {spec.name!r} has {len(wanted)} files; "
            "pass a folder laid out like shared/data instead."
        )
    file = wanted[0]
    digest = file_sha256(given)
    if not any(digest in variant.sha256 for variant in file.variants):
        raise ChecksumError(
            f"{given} is not a known copy of {spec.name!r} ({_relpaths(file)}): its sha256 is "
            f"{digest}, expected one of {', '.join(d for v in file.variants for d in v.sha256)}. "
            "Pass an intact copy, or no path to use COURSE_UTILS_DATA, the cache or a download."
        )
    return file


def _resolve_file(spec: DatasetSpec, file: FileSpec, roots: list[tuple[str, Path]]) -> Path:
    """Return the first verified copy of one file, downloading it if there is none."""
    cache = cache_dir()
    for label, root in roots + [("cache", cache)]:
        for variant in file.variants:
            candidate = root / variant.relpath
            if not candidate.is_file():
                continue
            digest = file_sha256(candidate)
            if digest in variant.sha256:
                return candidate
            if label == "cache":  # the cache is ours: drop the bad copy and fetch a good one
                warnings.warn(f"{candidate} in the cache is corrupted (sha256 {digest}); "
                              "deleting it and downloading again.", stacklevel=3)
                candidate.unlink()
                continue
            # path= and COURSE_UTILS_DATA may be read-only and shared: report, never delete.
            instead = f"unset {ENV_VAR}" if label == ENV_VAR else "pass no path="
            raise ChecksumError(
                f"{candidate} (dataset {spec.name!r}, found through {label}) is corrupted "
                f"or another version: its sha256 is {digest}, expected "
                f"{' or '.join(variant.sha256)}. It was not used and was left untouched. "
                f"Replace it with an intact copy (the SHA256SUMS file beside the data lists "
                f"the digests), or {instead} to use the cache or a download instead."
            )
    return _download(spec, file, roots, cache)


def _relpaths(file: FileSpec) -> str:
    return " or ".join(variant.relpath for variant in file.variants)


def _download(spec: DatasetSpec, file: FileSpec, roots: list[tuple[str, Path]], cache: Path) -> Path:
    """Try each source in turn; raise one error naming everything tried if all fail."""
    unreachable: list[str] = []
    corrupted: list[str] = []
    for source in file.sources:
        variant = next((v for v in file.variants if v.relpath == source.relpath), None)
        if variant is None:
            raise ValueError(f"source {source.url} yields {source.relpath!r}, "
                             f"which is not a variant of {file.name!r}.")
        try:
            return _fetch(source, variant, cache / variant.relpath)
        except _Unreachable as exc:
            unreachable.append(str(exc))
        except ChecksumError as exc:
            corrupted.append(str(exc))
    if corrupted:
        raise ChecksumError("\n".join(corrupted + unreachable))
    env = dict(roots).get(ENV_VAR)
    first = file.variants[0].relpath
    looked = "\n".join(
        [f"  {label}: {root}" for label, root in roots if label != ENV_VAR]
        + [f"  {ENV_VAR}: {env if env is not None else 'not set'}", f"  cache: {cache}"]
    )
    tried = "\n".join(f"  {line}" for line in unreachable) or "  (the registry lists no source)"
    raise DataNotFoundError(
        f"Dataset {spec.name!r} ({spec.title}): no copy of {_relpaths(file)} was found and "
        f"downloading it failed.\nLooked in:\n{looked}\nDownloads tried:\n{tried}\n"
        f"To fix: set the environment variable {ENV_VAR} to a folder laid out like shared/data "
        f"(see its README.md) that holds {first}, or put the file at {cache / first}, "
        "or connect to the internet and try again."
    )


@contextlib.contextmanager
def _pooch_quiet():
    """Hide pooch's INFO lines ("Downloading data from ...") while we call it."""
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _fetch(source: Source, variant: Variant, target: Path) -> Path:
    """Download one source with pooch, verify it, and move it to ``target`` in the cache."""
    import requests  # pooch's HTTP client; imported here, as pooch does, to keep imports light

    what = f"member {source.member!r} of {source.url}" if source.member else source.url
    advice = f"Nothing was kept; try again later, or set {ENV_VAR} to a folder holding {variant.relpath}."
    # pooch checks one sha256; a variant accepting several, or a zip member, is checked below.
    known = variant.sha256[0] if len(variant.sha256) == 1 and source.member is None else None
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.") as staging:
        unzip = pooch.Unzip(members=[source.member], extract_dir="unzipped") if source.member else None
        try:
            # pooch's bar is tqdm.auto's, opened once the server answers; the book build hides
            # it with TQDM_DISABLE=1 (see course_utils.progress).
            with _pooch_quiet():
                downloader = pooch.HTTPDownloader(progressbar=True, chunk_size=1 << 20, timeout=TIMEOUT_S)
                pooch.retrieve(source.url, known_hash=known, fname=target.name, path=staging,
                               processor=unzip, downloader=downloader)
        except requests.exceptions.ChunkedEncodingError as exc:  # the body ended early
            raise ChecksumError(f"the download of {source.url} is truncated: the connection closed "
                                f"before all the announced bytes arrived. {advice}") from exc
        except requests.exceptions.RequestException as exc:
            raise _Unreachable(f"{source.url}: {exc}") from exc
        except ValueError as exc:  # pooch's sha256 mismatch; it has deleted the file
            raise ChecksumError(f"the download of {what} is corrupted: {exc} {advice}") from exc
        except zipfile.BadZipFile as exc:
            raise ChecksumError(f"the download of {source.url} is not a zip archive ({exc}). {advice}") from exc
        got = Path(staging, "unzipped", source.member) if source.member else Path(staging, target.name)
        if not got.is_file():
            raise ChecksumError(f"the download of {source.url} holds no {source.member!r}. {advice}")
        digest = known or pooch.file_hash(str(got), alg="sha256")
        if digest not in variant.sha256:
            raise ChecksumError(f"the download of {what} is corrupted: its sha256 is {digest}, "
                                f"expected {' or '.join(variant.sha256)}. {advice}")
        os.replace(got, target)
    _DIGESTS[_key(target)] = digest
    return target
