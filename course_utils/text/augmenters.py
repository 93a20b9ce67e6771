"""Text augmenters built on nlpaug: EDA's word operations and character noise.

Introduced in Chapter 8.

* :func:`make_eda`: EDA's four word operations (Wei & Zou, 2019): synonym
  replacement from WordNet, random insertion of a synonym, random swap and
  random deletion, each touching a fraction ``alpha`` of the words;
* :func:`make_char_noise`: keyboard typos, OCR confusions and random characters;
* :class:`OneOf`: one augmenter per text, drawn at random from several;
* :func:`augment_texts`: run any of them (or a callable) once over a list of texts.

nlpaug draws from Python's and NumPy's global generators: callers that want a
seed run these inside :func:`course_utils.seeding.seeded_globals` (as
:func:`~course_utils.text.augment_minority` does).
"""

from __future__ import annotations

import random
from collections.abc import Mapping

__all__ = ["OneOf", "augment_texts", "make_char_noise", "make_eda"]

EDA_OPERATIONS = ("synonym replacement", "random insertion", "random swap", "random deletion")
CHAR_NOISE_OPERATIONS = ("keyboard", "ocr", "random character")


def _split_words(text: str) -> list[str]:
    return text.split()


def _join_words(tokens) -> str:
    return " ".join(tokens)


# nlpaug's default tokenizer splits punctuation off and joins it back with spaces
# ("it's" -> "it ' s") in every copy, changed or not: a spacing pattern that only
# augmented texts have, which character n-grams would learn as a spam cue.
# Splitting on whitespace keeps the untouched parts of a message as they were.
_WHITESPACE = {"tokenizer": _split_words, "reverse_tokenizer": _join_words}


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
        processes of :func:`~course_utils.text.run_text_methods`).
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
