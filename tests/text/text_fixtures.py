"""What the text tests share: the offline WordNet mirror, an EDA fixture, a sample sentence."""

import os
from pathlib import Path

import pytest

from course_utils.text import make_eda

MIRROR = os.environ.get("COURSE_UTILS_DATA")
needs_wordnet = pytest.mark.skipif(
    not MIRROR or not (Path(MIRROR) / "nltk_data" / "corpora" / "wordnet.zip").exists(),
    reason="the offline NLTK mirror is absent: set COURSE_UTILS_DATA to a folder holding nltk_data/ (shared/data)",
)

SENTENCE = "the quick brown fox jumps over the lazy dog near the old house today"


@pytest.fixture(scope="module")
def eda():
    if not MIRROR or not (Path(MIRROR) / "nltk_data" / "corpora" / "wordnet.zip").exists():
        pytest.skip("the offline NLTK mirror is absent: set COURSE_UTILS_DATA to shared/data")
    return make_eda(alpha=0.2)


def shout(texts):
    return [t.upper() for t in texts]
