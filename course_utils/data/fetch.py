"""Find a dataset's files on disk, or download them into the cache, and verify each one.

Used by every chapter (through the loaders).

Each logical file is looked for in this order, and the first copy found wins:

1. ``path=``: a file (datasets made of one file) or a folder laid out like ``shared/data``;
2. the folder named by the environment variable ``COURSE_UTILS_DATA`` (same layout);
3. the user cache, ``$XDG_CACHE_HOME/course_utils`` or ``~/.cache/course_utils``;
4. a download from the registry's sources into the cache.

Every file is checked against the registry's sha256 before it is used; the digest of
a file is computed once per process (keyed by path, size and modification time).
Downloads go to a temporary file beside their target, are verified, and only then
renamed into place, so the cache never holds a partial or corrupted file. Folders
given by ``path=`` or ``COURSE_UTILS_DATA`` are only read, never written.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.error
import urllib.request
import warnings
import zipfile
from pathlib import Path

from tqdm.auto import tqdm

from .registry import DATASETS, DatasetSpec, FileSpec, Source, Variant

ENV_VAR = "COURSE_UTILS_DATA"
TIMEOUT_S = 60
_CHUNK = 1 << 20


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
        raise DataError(f"{ENV_VAR}={value!r} is not a folder; point it at a folder laid out like "
                        "shared/data (see its README.md), or unset it.")
    return root


_DIGESTS: dict[tuple[str, int, int], str] = {}


def file_sha256(path: str | os.PathLike) -> str:
    """Return the sha256 of a file, computing it once per process for a given size and mtime.

    Introduced in Chapter 1; used by every chapter.
    """
    path = Path(path).resolve()
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _DIGESTS:
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
        _DIGESTS[key] = digest.hexdigest()
    return _DIGESTS[key]


def _remember(path: Path, digest: str) -> None:
    """Record the digest of a file this process has just written and verified."""
    path = path.resolve()
    stat = path.stat()
    _DIGESTS[(str(path), stat.st_size, stat.st_mtime_ns)] = digest


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
    for label, root in roots:
        for variant in file.variants:
            candidate = root / variant.relpath
            if candidate.is_file():
                digest = file_sha256(candidate)
                if digest not in variant.sha256:
                    # Such folders may be read-only and shared: report the file, never delete it.
                    instead = f"unset {ENV_VAR}" if label == ENV_VAR else "pass no path="
                    raise ChecksumError(
                        f"{candidate} (dataset {spec.name!r}, found through {label}) is corrupted "
                        f"or another version: its sha256 is {digest}, expected "
                        f"{' or '.join(variant.sha256)}. It was not used and was left untouched. "
                        f"Replace it with an intact copy (the SHA256SUMS file beside the data lists "
                        f"the digests), or {instead} to use the cache or a download instead."
                    )
                return candidate
    cache = cache_dir()
    for variant in file.variants:
        candidate = cache / variant.relpath
        if candidate.is_file():
            digest = file_sha256(candidate)
            if digest in variant.sha256:
                return candidate
            # The cache is ours: drop the bad copy and fetch a good one.
            warnings.warn(f"{candidate} in the cache is corrupted (sha256 {digest}); "
                          "deleting it and downloading again.", stacklevel=3)
            candidate.unlink()
    return _download(spec, file, roots, cache)


def _relpaths(file: FileSpec) -> str:
    return " or ".join(variant.relpath for variant in file.variants)


def _download(spec: DatasetSpec, file: FileSpec, roots: list[tuple[str, Path]], cache: Path) -> Path:
    """Try each source in turn; raise one error naming everything tried if all fail."""
    unreachable: list[str] = []
    corrupted: list[str] = []
    for source in file.sources:
        try:
            return _fetch_source(source, _variant(file, source), cache)
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


def _variant(file: FileSpec, source: Source) -> Variant:
    for variant in file.variants:
        if variant.relpath == source.relpath:
            return variant
    raise ValueError(
        f"source {source.url} yields {source.relpath!r}, which is not a variant of {file.name!r}."
    )


def _fetch_source(source: Source, variant: Variant, cache: Path) -> Path:
    """Download one source into the cache atomically; return the verified file."""
    target = cache / variant.relpath
    target.parent.mkdir(parents=True, exist_ok=True)
    temporaries: list[Path] = []
    try:
        download = _temporary(target, temporaries)
        digest = _stream(source.url, download, variant.relpath)
        if source.member is not None:
            extracted = _temporary(target, temporaries)
            digest = _extract(source, download, extracted)
            download.unlink()
            download = extracted
        if digest not in variant.sha256:
            what = f"member {source.member!r} of {source.url}" if source.member else source.url
            raise ChecksumError(
                f"the download of {what} is corrupted: its sha256 is {digest}, expected "
                f"{' or '.join(variant.sha256)}. Nothing was kept; try again later, or set "
                f"{ENV_VAR} to a folder holding {variant.relpath}."
            )
        os.replace(download, target)
        _remember(target, digest)
        return target
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)


def _temporary(target: Path, temporaries: list[Path]) -> Path:
    """Create an empty temporary file beside ``target`` (same folder, so renaming is atomic)."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    temporaries.append(Path(name))
    return Path(name)


def _stream(url: str, destination: Path, label: str) -> str:
    """Write the body at ``url`` to ``destination`` with a progress bar; return its sha256."""
    request = urllib.request.Request(url, headers={"User-Agent": "course-utils"})
    try:
        response = urllib.request.urlopen(request, timeout=TIMEOUT_S)
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        raise _Unreachable(f"{url}: {exc}") from exc
    digest = hashlib.sha256()
    received = 0
    with response, open(destination, "wb") as out:
        length = response.headers.get("Content-Length")
        expected = int(length) if length and length.isdigit() else None
        with tqdm(total=expected, unit="B", unit_scale=True, unit_divisor=1024,
                  desc=f"downloading {label}") as bar:
            while True:
                try:
                    chunk = response.read(_CHUNK)
                except (http.client.HTTPException, OSError) as exc:
                    raise _Unreachable(
                        f"{url}: the connection broke after {received} bytes ({exc})"
                    ) from exc
                if not chunk:
                    break
                out.write(chunk)
                digest.update(chunk)
                received += len(chunk)
                bar.update(len(chunk))
    if expected is not None and received != expected:
        raise ChecksumError(
            f"the download of {url} is truncated: {received} of {expected} bytes arrived. "
            f"Nothing was kept; try again, or set {ENV_VAR} to a folder holding {label}."
        )
    return digest.hexdigest()


def _extract(source: Source, archive: Path, destination: Path) -> str:
    """Copy one member of a zip archive to ``destination``; return the member's sha256."""
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(archive) as zipped, zipped.open(source.member) as member, \
                open(destination, "wb") as out:
            while chunk := member.read(_CHUNK):
                out.write(chunk)
                digest.update(chunk)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ChecksumError(
            f"the download of {source.url} is not a zip archive holding {source.member!r} ({exc}). "
            f"Nothing was kept; try again, or set {ENV_VAR} to a folder holding {source.relpath}."
        ) from exc
    return digest.hexdigest()
