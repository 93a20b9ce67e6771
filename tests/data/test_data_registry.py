"""course_utils.data.registry: well-formed specs that agree with the mirror's SHA256SUMS."""

from __future__ import annotations

import re

import pytest

from course_utils.data import DATASETS
from data_fixtures import cache, shared_data  # noqa: F401 (fixtures)

HEX64 = re.compile(r"[0-9a-f]{64}")
ALL_FILES = [(dataset, file) for dataset in DATASETS.values() for file in dataset.files]


def test_the_course_datasets_are_registered():
    assert set(DATASETS) == {"creditcard", "mnist", "fashion-mnist", "sms-spam", "nltk"}
    assert {f.name for f in DATASETS["nltk"].files} == {
        "wordnet", "averaged_perceptron_tagger_eng", "stopwords", "punkt_tab"}


@pytest.mark.parametrize(("dataset", "file"), ALL_FILES, ids=[f"{d.name}:{f.name}" for d, f in ALL_FILES])
def test_file_specs_are_well_formed(dataset, file):
    assert file.variants and file.sources
    for variant in file.variants:
        assert not variant.relpath.startswith("/") and ".." not in variant.relpath.split("/")
        assert variant.sha256 and all(HEX64.fullmatch(d) for d in variant.sha256)
    relpaths = {v.relpath for v in file.variants}
    for source in file.sources:
        assert source.relpath in relpaths
        assert source.url.startswith(("https://", "http://"))


def test_nltk_downloads_are_pinned_to_a_commit():
    for file in DATASETS["nltk"].files:
        for source in file.sources:
            assert re.search(r"/nltk_data/[0-9a-f]{40}/packages/", source.url), source.url


def test_mirror_digests_match_sha256sums(shared_data):
    listed = dict(
        reversed(line.split(maxsplit=1)) for line in (shared_data / "SHA256SUMS").read_text().splitlines() if line
    )
    for dataset, file in ALL_FILES:
        in_mirror = [v for v in file.variants if v.relpath in listed]
        assert in_mirror, f"{dataset.name}:{file.name} has no variant in the mirror"
        for variant in in_mirror:
            assert listed[variant.relpath] in variant.sha256
