"""Loaders for text data: the SMS Spam Collection and the NLTK resources used to augment it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .fetch import resolve
from .registry import NLTK


def load_sms_spam(path=None) -> pd.DataFrame:
    """Load the SMS Spam Collection v.1: 5,572 messages, 747 of them spam.

    Introduced in Chapter 8.

    The file is read with pandas' default CSV quoting, as the Kaggle copies are: a few
    lines containing ``"`` merge, which gives 5,572 rows instead of UCI's documented 5,574.

    Parameters
    ----------
    path : str, os.PathLike or None
        The file ``SMSSpamCollection`` itself, or a folder laid out like ``shared/data``.
        ``None`` looks in ``COURSE_UTILS_DATA``, then the cache, then downloads.

    Returns
    -------
    pandas.DataFrame
        Columns ``label`` (``"ham"`` or ``"spam"``) and ``text``.
    """
    file = resolve("sms-spam", path)["messages"]
    return pd.read_csv(file, sep="\t", header=None, names=["label", "text"])


def ensure_nltk_data(path=None) -> Path:
    """Make NLTK find WordNet, the English POS tagger, stopwords and punkt_tab, offline.

    Introduced in Chapter 8.

    Resolves the four zip files (see :func:`course_utils.data.resolve`) and puts the
    folder that holds them at the front of ``nltk.data.path``; NLTK reads the zips
    directly. Afterwards ``nlpaug.augmenter.word.SynonymAug(aug_src="wordnet")``,
    ``nltk.pos_tag`` and ``nltk.word_tokenize`` work without a network.

    Parameters
    ----------
    path : str, os.PathLike or None
        A folder laid out like ``shared/data`` (holding ``nltk_data/``). ``None`` looks
        in ``COURSE_UTILS_DATA``, then the cache, then downloads.

    Returns
    -------
    pathlib.Path
        The ``nltk_data`` folder that holds WordNet. If the files were found in
        several places (say the mirror and the cache), each of those folders is added.
    """
    import nltk

    files = resolve(NLTK, path)
    roots = []
    for file in files.values():
        # nltk_data/<category>/<package>.zip: the nltk_data folder is two levels up.
        root = str(file.parent.parent)
        if root not in roots:
            roots.append(root)
    for root in reversed(roots):
        if root in nltk.data.path:
            nltk.data.path.remove(root)
        nltk.data.path.insert(0, root)
    return Path(roots[0])
