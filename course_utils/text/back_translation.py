"""Back-translation with nlpaug and MarianMT models, and the probe that says whether the models can load.

Introduced in Chapter 8. :func:`make_back_translation` translates English to a
pivot language and back (nlpaug's ``BackTranslationAug``), batched, on a device.
Before it loads anything, the model hub probe checks that both models are local,
cached, or reachable, and raises :class:`ModelUnavailableError` with the reason
otherwise, so an offline run fails in seconds rather than in a download timeout.
"""

from __future__ import annotations

from pathlib import Path

from ..config import get_device

__all__ = ["BACK_TRANSLATION_MODELS", "ModelUnavailableError", "make_back_translation"]

BACK_TRANSLATION_MODELS = ("Helsinki-NLP/opus-mt-en-de", "Helsinki-NLP/opus-mt-de-en")


class ModelUnavailableError(RuntimeError):
    """A translation model could not be loaded (no network, not cached, or no transformers).

    Introduced in Chapter 8.
    """


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
