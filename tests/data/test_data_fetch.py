"""course_utils.data.fetch: resolution order, verification, atomic downloads, clear errors."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from course_utils.data import (
    DATASETS,
    ChecksumError,
    DataError,
    DataNotFoundError,
    DatasetSpec,
    FileSpec,
    Source,
    Variant,
    resolve,
)
from data_fixtures import cache, server  # noqa: F401 (fixtures)

GOOD = b"course data, line after line\n" * 4000
UNREACHABLE = "http://127.0.0.1:9/"  # the discard port: nothing listens there


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def one_file_spec(*urls: str, digest: str = sha(GOOD), member: str | None = None) -> DatasetSpec:
    relpath = "toy/toy.bin"
    return DatasetSpec(
        name="toy",
        title="Toy data",
        files=(FileSpec("toy", (Variant(relpath, (digest,)),), tuple(Source(u, relpath, member) for u in urls)),),
        licence="none",
        citation="none",
    )


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- downloads --------------------------------------------------------------------


def test_good_download_lands_in_the_cache_verified(server, cache):
    spec = one_file_spec(server.serve("toy.bin", GOOD))
    path = resolve(spec)["toy"]
    assert path == cache / "toy" / "toy.bin"
    assert path.read_bytes() == GOOD
    assert files_under(cache) == [path]  # no temporary file left beside it


def test_cached_file_is_not_downloaded_again(server):
    spec = one_file_spec(server.serve("toy.bin", GOOD))
    first = resolve(spec)["toy"]
    second = resolve(spec)["toy"]
    assert first == second
    assert server.hits == ["/toy.bin"]


def test_corrupted_download_raises_and_keeps_nothing(server, cache):
    spec = one_file_spec(server.serve("toy.bin", GOOD[:-1] + b"?"))
    with pytest.raises(ChecksumError, match="corrupted") as error:
        resolve(spec)
    assert "toy.bin" in str(error.value)
    assert files_under(cache) == []


def test_truncated_download_raises_and_keeps_nothing(server, cache):
    spec = one_file_spec(server.serve("toy.bin", GOOD[:1000], declared_length=len(GOOD)))
    with pytest.raises(ChecksumError, match="truncated"):
        resolve(spec)
    assert files_under(cache) == []


def test_next_source_is_tried_when_one_is_unreachable(server):
    spec = one_file_spec(UNREACHABLE + "toy.bin", server.serve("toy.bin", GOOD))
    assert resolve(spec)["toy"].read_bytes() == GOOD


def test_zip_member_is_extracted_and_verified(server, cache):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme", "not this one")
        zipped.writestr("toy", GOOD)
    spec = one_file_spec(server.serve("toy.zip", archive.getvalue()), member="toy")
    path = resolve(spec)["toy"]
    assert path.read_bytes() == GOOD
    assert files_under(cache) == [path]  # the archive itself is not kept


def test_zip_without_the_member_raises_and_keeps_nothing(server, cache):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("other", GOOD)
    spec = one_file_spec(server.serve("toy.zip", archive.getvalue()), member="toy")
    with pytest.raises(ChecksumError, match="'toy'"):
        resolve(spec)
    assert files_under(cache) == []


def test_variant_with_several_digests_is_downloaded_and_verified(server, cache):
    # pooch checks one sha256; a variant accepting several is verified by course_utils itself.
    def spec(url):
        variant = Variant("toy/toy.bin", (sha(b"another edition"), sha(GOOD)))
        return DatasetSpec(name="toy", title="Toy data", licence="none", citation="none",
                           files=(FileSpec("toy", (variant,), (Source(url, "toy/toy.bin"),)),))

    assert resolve(spec(server.serve("toy.bin", GOOD)))["toy"].read_bytes() == GOOD
    (cache / "toy" / "toy.bin").unlink()
    with pytest.raises(ChecksumError, match="corrupted"):
        resolve(spec(server.serve("bad.bin", b"damaged")))
    assert files_under(cache) == []


def test_offline_without_a_copy_raises_one_clear_error(cache):
    # The real registry entry, with its sources swapped for an address where nothing listens.
    real = DATASETS["sms-spam"]
    file = real.files[0]
    offline = dataclasses.replace(
        real,
        files=(dataclasses.replace(file, sources=(Source(UNREACHABLE + "spam.zip", file.variants[0].relpath,
                                                         "SMSSpamCollection"),)),),
    )
    with pytest.raises(DataNotFoundError) as error:
        resolve(offline)
    message = str(error.value)
    assert isinstance(error.value, FileNotFoundError)
    for expected in ("'sms-spam'", "sms-spam-collection/SMSSpamCollection", "COURSE_UTILS_DATA",
                     str(cache), UNREACHABLE):
        assert expected in message
    assert files_under(cache) == []


# --- copies on disk ---------------------------------------------------------------


def write(root: Path, relpath: str, data: bytes) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_corrupted_file_in_the_mirror_is_reported_and_left_alone(tmp_path, monkeypatch, server):
    mirror = tmp_path / "mirror"
    bad = write(mirror, "toy/toy.bin", b"damaged")
    monkeypatch.setenv("COURSE_UTILS_DATA", str(mirror))
    spec = one_file_spec(server.serve("toy.bin", GOOD))
    with pytest.raises(ChecksumError) as error:
        resolve(spec)
    assert str(bad) in str(error.value) and "COURSE_UTILS_DATA" in str(error.value)
    assert bad.read_bytes() == b"damaged"
    assert server.hits == []  # a damaged mirror is not silently replaced by a download


def test_missing_file_in_the_mirror_falls_through_to_the_cache(tmp_path, monkeypatch, cache):
    (tmp_path / "mirror").mkdir()
    monkeypatch.setenv("COURSE_UTILS_DATA", str(tmp_path / "mirror"))
    cached = write(cache, "toy/toy.bin", GOOD)
    assert resolve(one_file_spec(UNREACHABLE + "toy.bin"))["toy"] == cached


def test_missing_file_in_the_mirror_falls_through_to_a_download(tmp_path, monkeypatch, server, cache):
    (tmp_path / "mirror").mkdir()
    monkeypatch.setenv("COURSE_UTILS_DATA", str(tmp_path / "mirror"))
    path = resolve(one_file_spec(server.serve("toy.bin", GOOD)))["toy"]
    assert path == cache / "toy" / "toy.bin"
    assert list((tmp_path / "mirror").iterdir()) == []  # nothing is written into the mirror


def test_corrupted_cache_copy_is_replaced_by_a_download(server, cache):
    write(cache, "toy/toy.bin", b"damaged")
    spec = one_file_spec(server.serve("toy.bin", GOOD))
    with pytest.warns(UserWarning, match="corrupted"):
        path = resolve(spec)["toy"]
    assert path.read_bytes() == GOOD


def test_any_variant_of_a_file_is_accepted(tmp_path, monkeypatch, cache):
    packed, plain = b"packed form", b"plain form"
    spec = DatasetSpec(
        name="toy", title="Toy data", licence="none", citation="none",
        files=(FileSpec("toy", (Variant("toy/toy.csv.gz", (sha(packed),)), Variant("toy/toy.csv", (sha(plain),))),
                        (Source(UNREACHABLE + "toy.csv", "toy/toy.csv"),)),),
    )
    mirror = tmp_path / "mirror"
    monkeypatch.setenv("COURSE_UTILS_DATA", str(mirror))
    write(mirror, "toy/toy.csv.gz", packed)
    write(cache, "toy/toy.csv", plain)
    assert resolve(spec)["toy"] == mirror / "toy" / "toy.csv.gz"
    (mirror / "toy" / "toy.csv.gz").unlink()
    assert resolve(spec)["toy"] == cache / "toy" / "toy.csv"


def test_a_file_that_changes_on_disk_is_verified_again(tmp_path, monkeypatch):
    mirror = tmp_path / "mirror"
    path = write(mirror, "toy/toy.bin", GOOD)
    monkeypatch.setenv("COURSE_UTILS_DATA", str(mirror))
    spec = one_file_spec(UNREACHABLE + "toy.bin")
    assert resolve(spec)["toy"] == path
    path.write_bytes(GOOD[:-1] + b"?")  # same size; the mtime moves on
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    with pytest.raises(ChecksumError):
        resolve(spec)


# --- path= and COURSE_UTILS_DATA --------------------------------------------------


def test_explicit_folder_comes_before_the_variable(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    write(first, "toy/toy.bin", GOOD)
    write(second, "toy/toy.bin", GOOD)
    monkeypatch.setenv("COURSE_UTILS_DATA", str(second))
    assert resolve(one_file_spec(UNREACHABLE), path=first)["toy"] == first / "toy" / "toy.bin"


def test_explicit_file_is_verified(tmp_path):
    good = tmp_path / "any-name.bin"
    good.write_bytes(GOOD)
    assert resolve(one_file_spec(UNREACHABLE), path=good)["toy"] == good
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"damaged")
    with pytest.raises(ChecksumError, match="bad.bin"):
        resolve(one_file_spec(UNREACHABLE), path=bad)


def test_explicit_file_for_a_dataset_of_several_files_is_refused(tmp_path):
    single = tmp_path / "train-images-idx3-ubyte.gz"
    single.write_bytes(GOOD)
    with pytest.raises(ValueError, match="folder"):
        resolve("mnist", path=single)


def test_missing_explicit_path_raises(tmp_path):
    with pytest.raises(DataNotFoundError, match="does not exist"):
        resolve("creditcard", path=tmp_path / "nowhere")


def test_variable_naming_no_folder_raises(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_UTILS_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(DataError, match="COURSE_UTILS_DATA"):
        resolve("creditcard")


def test_unknown_names_list_the_choices():
    with pytest.raises(KeyError, match="train-images"):
        resolve("mnist", files=["training"])
    with pytest.raises(KeyError, match="creditcard, mnist"):
        resolve("cifar10")


def test_importing_the_data_layer_does_not_import_torch():
    code = "import sys, course_utils.data; assert 'torch' not in sys.modules, 'torch imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_relative_data_folder_that_does_not_exist_names_the_working_directory(tmp_path, monkeypatch):
    from course_utils.data.fetch import data_root

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSE_UTILS_DATA", "../no-such-folder")
    with pytest.raises(DataError, match=f"relative to the working directory {tmp_path}"):
        data_root()
    (tmp_path / "mirror").mkdir()
    monkeypatch.setenv("COURSE_UTILS_DATA", "mirror")
    assert data_root().resolve() == tmp_path / "mirror"
