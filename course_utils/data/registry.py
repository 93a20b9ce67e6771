"""What the course's datasets are made of: files, where to download them, their sha256.

Used by every chapter (through the loaders); the specs themselves are data, not code.

Every path is relative to a *data root* laid out like ``shared/data`` (see its
``README.md``): the folder named by ``COURSE_UTILS_DATA``, the user cache, or a
folder passed as ``path=``. One logical file may exist in several *variants*
(for instance the mirror's ``creditcard.csv.gz`` and the ``creditcard.csv`` that
the canonical source serves); each variant lists every sha256 it may have.

Where each digest comes from is said next to it:

* "README" is ``shared/data/README.md`` (and ``SHA256SUMS``), which computed it on
  the mirror's copy;
* "nltk_data index" is the ``sha256_checksum`` attribute of ``index.xml`` in
  https://github.com/nltk/nltk_data at commit ``550b6625bcef1f2abff2ff770a5a0d272c9c6b2a``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    """One form a logical file may take on disk.

    Introduced in Chapter 1; used by every chapter.

    Parameters
    ----------
    relpath : str
        Path relative to a data root, with ``/`` separators.
    sha256 : tuple of str
        Every accepted sha256 (lower-case hex) of the file's bytes.
    """

    relpath: str
    sha256: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    """A public URL that yields one variant of a logical file.

    Introduced in Chapter 1; used by every chapter.

    Parameters
    ----------
    url : str
        Where to download from.
    relpath : str
        The variant this source produces (one of the file's ``Variant.relpath``);
        the result is checked against that variant's digests.
    member : str or None
        If set, the URL serves a zip archive and the variant is this member of it;
        the extracted member is what gets verified.
    """

    url: str
    relpath: str
    member: str | None = None


@dataclass(frozen=True)
class FileSpec:
    """A logical file: its variants (looked for in this order) and its download sources.

    Introduced in Chapter 1; used by every chapter.

    Parameters
    ----------
    name : str
        Key of the file in :func:`course_utils.data.resolve`'s result.
    variants : tuple of Variant
        Accepted forms on disk, in the order they are looked for in each data root.
    sources : tuple of Source
        Download URLs, tried in order.
    """

    name: str
    variants: tuple[Variant, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class DatasetSpec:
    """A dataset: a title, its files, and the licence and citation the course shows.

    Introduced in Chapter 1; used by every chapter.
    """

    name: str
    title: str
    files: tuple[FileSpec, ...]
    licence: str
    citation: str

    def file(self, name: str) -> FileSpec:
        """Return the file called ``name``; raise ``KeyError`` listing the choices."""
        for spec in self.files:
            if spec.name == name:
                return spec
        choices = ", ".join(f.name for f in self.files)
        raise KeyError(f"dataset {self.name!r} has no file {name!r}; its files are {choices}.")


def _single(name: str, relpath: str, sha256: str, urls: tuple[str, ...]) -> FileSpec:
    """A file with one variant, served unchanged by each URL."""
    return FileSpec(
        name=name,
        variants=(Variant(relpath, (sha256,)),),
        sources=tuple(Source(url, relpath) for url in urls),
    )


# --- Credit card fraud (Chapter 2) -------------------------------------------------
# The mirror keeps the CSV gzip-compressed; TensorFlow's imbalanced-data tutorial
# downloads the uncompressed CSV. Both digests are from the README (the second is the
# digest of the decompressed mirror file, equal to Kaggle's original creditcard.csv).
CREDITCARD = DatasetSpec(
    name="creditcard",
    title="Credit Card Fraud Detection (ULB Machine Learning Group, Kaggle mlg-ulb/creditcardfraud)",
    files=(
        FileSpec(
            name="creditcard",
            variants=(
                Variant(
                    "creditcard/creditcard.csv.gz",
                    ("2eefcba05104d681a21efa64178e3c483eb28eb06d47585780b5e3141bc5192c",),
                ),
                Variant(
                    "creditcard/creditcard.csv",
                    ("76274b691b16a6c49d3f159c883398e03ccd6d1ee12d9d8ee38f4b4b98551a89",),
                ),
            ),
            sources=(
                Source(
                    "https://storage.googleapis.com/download.tensorflow.org/data/creditcard.csv",
                    "creditcard/creditcard.csv",
                ),
            ),
        ),
    ),
    licence="ODbL 1.0 / DbCL 1.0 (as reported for Kaggle mlg-ulb/creditcardfraud)",
    citation=(
        "A. Dal Pozzolo, O. Caelen, R. A. Johnson, G. Bontempi. Calibrating Probability with "
        "Undersampling for Unbalanced Classification. IEEE SSCI 2015."
    ),
)

# --- MNIST (Chapter 5) and Fashion-MNIST (Chapter 6) --------------------------------
# The same four IDX files, byte for byte, on every mirror; digests from the README.
# MNIST's URLs are torchvision's mirrors, in torchvision's order.
_MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
)
_MNIST_SHA256 = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
_FASHION_MIRRORS = ("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",)
_FASHION_SHA256 = {
    "train-images-idx3-ubyte.gz": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    "train-labels-idx1-ubyte.gz": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    "t10k-images-idx3-ubyte.gz": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
    "t10k-labels-idx1-ubyte.gz": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
}
# Logical names of the four IDX files, shared by both image datasets.
IDX_FILES = {
    "train-images": "train-images-idx3-ubyte.gz",
    "train-labels": "train-labels-idx1-ubyte.gz",
    "test-images": "t10k-images-idx3-ubyte.gz",
    "test-labels": "t10k-labels-idx1-ubyte.gz",
}


def _idx_files(folder: str, mirrors: tuple[str, ...], sha256: dict[str, str]) -> tuple[FileSpec, ...]:
    return tuple(
        _single(name, f"{folder}/{filename}", sha256[filename], tuple(m + filename for m in mirrors))
        for name, filename in IDX_FILES.items()
    )


MNIST = DatasetSpec(
    name="mnist",
    title="MNIST handwritten digits",
    files=_idx_files("mnist/MNIST/raw", _MNIST_MIRRORS, _MNIST_SHA256),
    licence="no licence stated by the sources; commonly described as CC BY-SA 3.0",
    citation="Y. LeCun, C. Cortes, C. J. C. Burges. The MNIST database of handwritten digits.",
)

FASHION_MNIST = DatasetSpec(
    name="fashion-mnist",
    title="Fashion-MNIST (Zalando Research)",
    files=_idx_files("fashion-mnist/FashionMNIST/raw", _FASHION_MIRRORS, _FASHION_SHA256),
    licence="MIT, Copyright (c) 2017 Zalando SE",
    citation=(
        "H. Xiao, K. Rasul, R. Vollgraf. Fashion-MNIST: a Novel Image Dataset for Benchmarking "
        "Machine Learning Algorithms. arXiv:1708.07747, 2017."
    ),
)

# --- SMS Spam Collection (Chapter 8) ------------------------------------------------
# UCI serves a zip; its member SMSSpamCollection is byte-identical to the mirror's
# file, so the member is verified against the README's digest.
SMS_SPAM = DatasetSpec(
    name="sms-spam",
    title="SMS Spam Collection v.1 (Almeida & Gomez Hidalgo; UCI id 228)",
    files=(
        FileSpec(
            name="messages",
            variants=(
                Variant(
                    "sms-spam-collection/SMSSpamCollection",
                    ("7d039a24a6083ed9ef0f806ebad56bbb976e3aeb8de05669173bfdc4996c239d",),
                ),
            ),
            sources=(
                Source(
                    "https://archive.ics.uci.edu/static/public/228/sms+spam+collection.zip",
                    "sms-spam-collection/SMSSpamCollection",
                    member="SMSSpamCollection",
                ),
            ),
        ),
    ),
    licence="free for use with the authors' copyright notice (readme section 4); UCI lists CC BY 4.0",
    citation=(
        "T. A. Almeida, J. M. Gomez Hidalgo, A. Yamakami. Contributions to the Study of SMS Spam "
        "Filtering: New Collection and Results. DocEng 2011."
    ),
)

# --- NLTK data (Chapter 8) ----------------------------------------------------------
# Downloads are pinned to nltk_data commits so their bytes cannot change.
_NLTK_RAW = "https://raw.githubusercontent.com/nltk/nltk_data/{commit}/packages/{package}"
_NLTK_INDEXED = "550b6625bcef1f2abff2ff770a5a0d272c9c6b2a"  # index.xml lists sha256 here
_NLTK_2023 = "5db857e6f7df11eabb5e5665836db9ec8df07e28"  # the mirror's stopwords edition


def _nltk(name: str, package: str, commit: str, sha256: tuple[str, ...]) -> FileSpec:
    relpath = f"nltk_data/{package}"
    return FileSpec(
        name=name,
        variants=(Variant(relpath, sha256),),
        sources=(Source(_NLTK_RAW.format(commit=commit, package=package), relpath),),
    )


NLTK = DatasetSpec(
    name="nltk",
    title="NLTK data: WordNet 3.0, averaged perceptron tagger (English), stopwords, punkt_tab",
    files=(
        _nltk(
            "wordnet",
            "corpora/wordnet.zip",
            _NLTK_INDEXED,
            (
                # README: the mirror's re-assembled zip (same 18 files, other container).
                "78aeec5f099822558ac96009903ef578baec0778ed92e5917ddb6a8a8c684804",
                # nltk_data index: the official download (md5 b3f38606..., as the README says).
                "cbda5ea6eef7f36a97a43d4a75f85e07fccbb4f23657d27b4ccbc93e2646ab59",
            ),
        ),
        _nltk(
            "averaged_perceptron_tagger_eng",
            "taggers/averaged_perceptron_tagger_eng.zip",
            _NLTK_INDEXED,
            # README and nltk_data index agree: the mirror holds the official file.
            ("6025f530624335c67d6547d44757b357b4e79bae030a0383e9887a92c1718f0b",),
        ),
        _nltk(
            "stopwords",
            "corpora/stopwords.zip",
            _NLTK_2023,
            # README: the mirror's file was taken from this commit unchanged (its md5 equals
            # that commit's index.xml). Later commits hold a larger edition with another digest.
            ("15c94179887425ca1bedc265608cab9f27d650211f709bb929e320990a4b01d1",),
        ),
        _nltk(
            "punkt_tab",
            "tokenizers/punkt_tab.zip",
            _NLTK_INDEXED,
            (
                # README: the mirror's English-only zip, converted from the Punkt pickle.
                "e8753f2a0543b242eafdfcfb1d27d29b512da7296740ed32da694dd1cf47c213",
                # nltk_data index: the official 18-language zip.
                "e57f64187974277726a3417ca6f181ec5403676c717672eef6a748a7b20e0106",
            ),
        ),
    ),
    licence=(
        "WordNet 3.0 licence (Princeton University); tagger MIT; stopwords and punkt_tab as "
        "distributed with nltk_data"
    ),
    citation=(
        "G. A. Miller. WordNet: A Lexical Database for English. CACM 38(11), 1995; "
        "S. Bird, E. Klein, E. Loper. Natural Language Processing with Python. O'Reilly, 2009."
    ),
)

DATASETS: dict[str, DatasetSpec] = {
    spec.name: spec for spec in (CREDITCARD, MNIST, FASHION_MNIST, SMS_SPAM, NLTK)
}
