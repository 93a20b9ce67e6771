"""Text augmenters built on nlpaug, and the sampler that grows the minority class with them.

Introduced in Chapter 8.

* :func:`make_eda`: EDA's four word operations (Wei & Zou, 2019): synonym
  replacement from WordNet, random insertion of a synonym, random swap and
  random deletion, each touching a fraction ``alpha`` of the words;
* :func:`make_char_noise`: keyboard typos, OCR confusions and random characters;
* :func:`make_back_translation`: English -> pivot language -> English with two
  translation models (nlpaug's ``BackTranslationAug``), batched, on a device;
* :func:`augment_minority` and :class:`MinorityAugmenter`: add augmented copies of
  minority texts until the minority reaches a target ratio to the majority.

Leakage: augmentation must only ever see training texts. :class:`MinorityAugmenter`
is an imbalanced-learn sampler, so in an ``imblearn.pipeline.Pipeline`` placed
before the vectoriser it runs inside ``fit`` only; ``predict`` and
``predict_proba`` skip samplers, so validation and test texts are never augmented
and never shape the vocabulary.
"""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator

from ..config import get_device
from .split import _as_texts

__all__ = [
    "MinorityAugmenter",
    "ModelUnavailableError",
    "OneOf",
    "augment_minority",
    "augment_texts",
    "make_back_translation",
    "make_char_noise",
    "make_eda",
]

EDA_OPERATIONS = ("synonym replacement", "random insertion", "random swap", "random deletion")
CHAR_NOISE_OPERATIONS = ("keyboard", "ocr", "random character")
BACK_TRANSLATION_MODELS = ("Helsinki-NLP/opus-mt-en-de", "Helsinki-NLP/opus-mt-de-en")


def _split_words(text: str) -> list[str]:
    return text.split()


def _join_words(tokens) -> str:
    return " ".join(tokens)


# nlpaug's default tokenizer splits punctuation off and joins it back with spaces
# ("it's" -> "it ' s") in every copy, changed or not: a spacing pattern that only
# augmented texts have, which character n-grams would learn as a spam cue.
# Splitting on whitespace keeps the untouched parts of a message as they were.
_WHITESPACE = {"tokenizer": _split_words, "reverse_tokenizer": _join_words}


class ModelUnavailableError(RuntimeError):
    """A translation model could not be loaded (no network, not cached, or no transformers).

    Introduced in Chapter 8.
    """


@contextlib.contextmanager
def _seeded(seed):
    """Seed Python's and NumPy's global generators (nlpaug draws from both), then restore them."""
    py_state, np_state = random.getstate(), np.random.get_state()
    if seed is not None:
        random.seed(seed)
        np.random.seed(seed % 2**32)
    try:
        yield
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)


def augment_texts(augmenter, texts) -> list[str]:
    """Augment each text once with an nlpaug augmenter (``.augment``) or a callable on a list.

    Introduced in Chapter 8. Returns one string per input, in order; an
    augmentation that yields an empty string (say, every word deleted) keeps the
    original text instead.

    Raises
    ------
    ValueError
        If the augmenter returns a different number of texts than it was given.
    """
    texts = list(texts)
    if not texts:
        return []
    run = augmenter.augment if hasattr(augmenter, "augment") else augmenter
    if not callable(run):
        raise TypeError(f"augmenter should have an .augment method or be callable, got {type(augmenter).__name__}.")
    out = run(texts)
    if isinstance(out, str):
        out = [out]
    out = list(out)
    if len(out) != len(texts):
        raise ValueError(f"the augmenter returned {len(out)} texts for {len(texts)} inputs.")
    return [new if isinstance(new, str) and new.strip() else old for old, new in zip(texts, out)]


class OneOf:
    """Apply one augmenter per text, drawn uniformly at random from several.

    Introduced in Chapter 8 (EDA picks one of its four operations per copy).
    Texts that drew the same augmenter are augmented together, so batching
    augmenters (back-translation) still batch.

    Parameters
    ----------
    augmenters : mapping of str to augmenter
        Names and nlpaug augmenters (or callables on a list of texts).
    recipe : tuple of (callable, dict), optional
        ``(factory, kwargs)`` that builds this object again. nlpaug's WordNet
        objects hold locks and cannot be pickled; with a recipe, a ``OneOf``
        pickles as that call and is rebuilt where it is unpickled (in the worker
        processes of :func:`~course_utils.text.run_methods`).
    """

    def __init__(self, augmenters: Mapping[str, object], recipe=None):
        if not augmenters:
            raise ValueError("OneOf needs at least one augmenter.")
        self.augmenters = dict(augmenters)
        self.recipe = recipe

    def __reduce_ex__(self, protocol):
        if self.recipe is None:
            return super().__reduce_ex__(protocol)
        factory, kwargs = self.recipe
        return _call, (factory, kwargs)

    def augment(self, texts) -> list[str]:
        texts = list(texts)
        names = list(self.augmenters)
        drawn = [random.randrange(len(names)) for _ in texts]
        out: list[str] = list(texts)
        for k, name in enumerate(names):
            idx = [i for i, d in enumerate(drawn) if d == k]
            for i, new in zip(idx, augment_texts(self.augmenters[name], [texts[i] for i in idx])):
                out[i] = new
        return out

    def __repr__(self) -> str:
        return f"OneOf({', '.join(self.augmenters)})"


def _call(factory, kwargs):
    return factory(**kwargs)


def _synonym_insertion_class():
    """EDA's random insertion as an nlpaug word augmenter (nlpaug has substitution only)."""
    import nlpaug.augmenter.word as naw
    from nlpaug.util import Action, PartOfSpeech

    class SynonymInsertionAug(naw.SynonymAug):
        """Insert a WordNet synonym of a random word at a random position, ``aug_p`` of the words."""

        def __init__(self, **kwargs):
            super().__init__(aug_src="wordnet", name="SynonymInsertion_Aug", **kwargs)
            self.action = Action.INSERT

        def insert(self, data):
            if not data or not data.strip():
                return data
            tokens = self.tokenizer(data)
            pos = self.model.pos_tag(tokens)
            chosen = self._get_aug_idxes(pos) or []
            new_tokens = list(tokens)
            for idx in chosen:
                poses = PartOfSpeech.constituent2pos(pos[idx][1]) or [None]
                candidates = [c for p in poses for c in self.model.predict(pos[idx][0], pos=p)]
                candidates = [c for c in candidates if c.lower() != tokens[idx].lower()]
                if candidates:
                    synonym = self.sample(candidates, 1)[0].replace("_", " ").lower()
                    new_tokens.insert(random.randint(0, len(new_tokens)), synonym)
            return self.reverse_tokenizer(new_tokens)

    return SynonymInsertionAug


def make_eda(alpha: float = 0.1, nltk_data=None) -> OneOf:
    """EDA (Wei & Zou, 2019): one of four word operations per copy, each changing ``alpha`` of the words.

    Introduced in Chapter 8. Synonym replacement and random insertion use
    WordNet through nlpaug's ``SynonymAug``; :func:`course_utils.data.ensure_nltk_data`
    is called first so that WordNet and the POS tagger load offline.

    Parameters
    ----------
    alpha : float
        Fraction of words changed, in (0, 1]; at least one word always is.
        Wei & Zou recommend 0.05 to 0.1.
    nltk_data : str, os.PathLike or None
        Passed to :func:`~course_utils.data.ensure_nltk_data`.
    """
    if not 0 < alpha <= 1:
        raise ValueError(f"alpha should be a fraction in (0, 1], got {alpha}.")
    import nlpaug.augmenter.word as naw

    from ..data import ensure_nltk_data

    ensure_nltk_data(nltk_data)
    common = {"aug_p": alpha, "aug_min": 1, "aug_max": None, **_WHITESPACE}
    return OneOf({
        "synonym replacement": naw.SynonymAug(aug_src="wordnet", **common),
        "random insertion": _synonym_insertion_class()(**common),
        "random swap": naw.RandomWordAug(action="swap", **common),
        "random deletion": naw.RandomWordAug(action="delete", **common),
    }, recipe=(make_eda, {"alpha": alpha, "nltk_data": nltk_data}))


def make_char_noise(char_p: float = 0.1, word_p: float = 0.1) -> OneOf:
    """Character noise: keyboard typos, OCR confusions or random characters, one per copy.

    Introduced in Chapter 8.

    Parameters
    ----------
    char_p : float
        Fraction of characters changed in a chosen word, in (0, 1].
    word_p : float
        Fraction of words that get noise, in (0, 1].
    """
    for name, p in (("char_p", char_p), ("word_p", word_p)):
        if not 0 < p <= 1:
            raise ValueError(f"{name} should be a fraction in (0, 1], got {p}.")
    import nlpaug.augmenter.char as nac

    common = {"aug_char_p": char_p, "aug_word_p": word_p, "aug_word_max": None, **_WHITESPACE}
    return OneOf({
        "keyboard": nac.KeyboardAug(**common),
        "ocr": nac.OcrAug(**common),
        "random character": nac.RandomCharAug(action="substitute", **common),
    }, recipe=(make_char_noise, {"char_p": char_p, "word_p": word_p}))


def _check_model_available(name: str, timeout: float) -> None:
    """Fail fast, with a reason, when a translation model can be neither read locally nor fetched."""
    if Path(name).is_dir():
        return
    try:
        import transformers  # noqa: F401  (nlpaug imports it lazily; check here for a clear message)
        from huggingface_hub import constants, model_info, try_to_load_from_cache
    except ImportError as err:
        raise ModelUnavailableError(f"back-translation needs `transformers`: {err}") from err
    if isinstance(try_to_load_from_cache(name, "config.json"), str):
        return
    if constants.HF_HUB_OFFLINE:
        raise ModelUnavailableError(f"{name} is not in the Hugging Face cache and HF_HUB_OFFLINE is set.")
    try:
        model_info(name, timeout=timeout)
    except Exception as err:  # any failure (DNS, timeout, 404) means: cannot be loaded here
        raise ModelUnavailableError(
            f"{name} is not cached and the model hub cannot be reached ({type(err).__name__}: {err})."
        ) from err


def make_back_translation(from_model_name: str = BACK_TRANSLATION_MODELS[0],
                          to_model_name: str = BACK_TRANSLATION_MODELS[1], device=None,
                          batch_size: int = 32, max_length: int = 128, timeout: float = 10.0):
    """Back-translation with nlpaug's ``BackTranslationAug``: translate, then translate back.

    Introduced in Chapter 8.

    Parameters
    ----------
    from_model_name, to_model_name : str
        Hugging Face names (default: the MarianMT pair English -> German -> English)
        or local folders written by ``save_pretrained``.
    device : str, torch.device or None
        Where the models run; default :func:`course_utils.config.get_device`.
    batch_size : int
        Texts translated per forward pass.
    max_length : int
        Longest translation, in tokens.
    timeout : float
        Seconds to wait for the model hub before giving up.

    Returns
    -------
    nlpaug.augmenter.word.BackTranslationAug

    Raises
    ------
    ModelUnavailableError
        Quickly, if a model is neither local nor cached and the hub is unreachable
        (or ``HF_HUB_OFFLINE`` is set), or if ``transformers`` is missing.
    """
    if batch_size < 1 or max_length < 1:
        raise ValueError(f"batch_size and max_length should be positive, got {batch_size} and {max_length}.")
    for name in (from_model_name, to_model_name):
        _check_model_available(str(name), timeout)
    import nlpaug.augmenter.word as naw

    return naw.BackTranslationAug(from_model_name=str(from_model_name), to_model_name=str(to_model_name),
                                  device=str(get_device(device)), batch_size=batch_size,
                                  max_length=max_length)


def _minority_and_counts(y: np.ndarray):
    classes, counts = np.unique(y, return_counts=True)
    if len(classes) != 2:
        raise ValueError(f"expected exactly two classes, got {len(classes)}: {classes.tolist()[:5]}.")
    minority = classes[np.argmin(counts)]
    return minority, counts.min(), counts.max()


def augment_minority(texts, labels, augmenter, target_ratio: float = 1.0, seed=None):
    """Add augmented copies of minority texts until ``n_minority / n_majority`` reaches ``target_ratio``.

    Introduced in Chapter 8. Pass training texts only: this function has no
    notion of a test set, which is why the course calls it through
    :class:`MinorityAugmenter` inside a pipeline's ``fit``.

    Each original minority text is the source of the same number of copies
    (give or take one): sources are drawn as repeated random permutations.

    Parameters
    ----------
    texts : sequence of str or pandas.Series
        Non-empty training texts.
    labels : array-like
        Two classes; the rarer one is augmented.
    augmenter : nlpaug augmenter, :class:`OneOf` or callable
        Called once on the list of all source texts (so it can batch).
    target_ratio : float
        Minority-to-majority ratio after augmentation, in (current ratio, 1].
    seed : int or None
        Seeds the choice of sources and nlpaug's random draws; the global random
        state is restored afterwards.

    Returns
    -------
    texts, labels
        Originals first, then the new texts; a Series in gives a Series out.
    """
    X = _as_texts(texts)
    y = np.asarray(labels)
    if y.shape != X.shape:
        raise ValueError(f"{len(X)} texts but labels of shape {y.shape}.")
    minority, n_min, n_maj = _minority_and_counts(y)
    if not (isinstance(target_ratio, (int, float)) and 0 < target_ratio <= 1):
        raise ValueError(f"target_ratio should be in (0, 1], got {target_ratio!r}.")
    n_target = math.ceil(target_ratio * n_maj)
    if n_target < n_min:
        raise ValueError(f"target_ratio {target_ratio} is below the current ratio {n_min / n_maj:.3f}: "
                         "augmentation only adds minority texts.")
    n_new = n_target - n_min
    rng = np.random.default_rng(seed)
    sources = np.flatnonzero(y == minority)
    picks = np.concatenate([rng.permutation(sources) for _ in range(math.ceil(n_new / len(sources)))] or
                           [np.empty(0, dtype=int)])[:n_new]
    with _seeded(None if seed is None else int(rng.integers(2**31))):
        new = augment_texts(augmenter, X[picks].tolist())
    X_out = np.concatenate([X, np.asarray(new, dtype=object)])
    y_out = np.concatenate([y, np.full(n_new, minority, dtype=y.dtype)])
    if isinstance(texts, pd.Series):
        return pd.Series(X_out, name=texts.name), pd.Series(y_out, name=getattr(labels, "name", None))
    return X_out, y_out


class MinorityAugmenter(BaseEstimator):
    """An imbalanced-learn sampler that grows the minority class with augmented texts.

    Introduced in Chapter 8. Put it first in an ``imblearn.pipeline.Pipeline``,
    before the vectoriser::

        Pipeline([("augment", MinorityAugmenter(make_eda(), 1.0, random_state=0)),
                  ("tfidf", TfidfVectorizer()), ("clf", LogisticRegression())])

    The pipeline calls :meth:`fit_resample` during ``fit`` only, on the data
    ``fit`` received, so validation and test texts are never augmented.

    Parameters
    ----------
    augmenter : nlpaug augmenter, :class:`OneOf` or callable
    sampling_strategy : float
        Target minority-to-majority ratio, see :func:`augment_minority`.
    random_state : int or None
    """

    _estimator_type = "sampler"

    def __init__(self, augmenter=None, sampling_strategy: float = 1.0, random_state=None):
        self.augmenter = augmenter
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def fit(self, X, y):
        """Check the input; the work happens in :meth:`fit_resample`."""
        _as_texts(X)
        _minority_and_counts(np.asarray(y))
        return self

    def fit_resample(self, X, y):
        """Return the training texts and labels with augmented minority texts appended."""
        if self.augmenter is None:
            raise ValueError("MinorityAugmenter needs an augmenter, e.g. make_eda().")
        X_res, y_res = augment_minority(X, y, self.augmenter, self.sampling_strategy, self.random_state)
        self.n_added_ = len(X_res) - len(X)
        return X_res, y_res


