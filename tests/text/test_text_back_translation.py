"""Back-translation plumbing with a tiny, randomly initialised MarianMT model built in the test.

The real models (Helsinki-NLP/opus-mt-en-de and de-en) come from a model hub this
machine cannot reach; here the same nlpaug code path runs on a local folder.
"""

import io
import json
import time

import pytest

# MarianTokenizer suggests sacremoses for its normalisation; the tiny test model does not need it.
pytestmark = pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses:UserWarning")

transformers = pytest.importorskip("transformers")
spm = pytest.importorskip("sentencepiece")

from course_utils.text import ModelUnavailableError, augment_minority, make_back_translation  # noqa: E402

SENTENCES = ["free entry to win a prize now", "call me when you get home", "you have won a cash award",
             "see you at the pub tonight", "claim your reward by text"]


@pytest.fixture(scope="module")
def tiny_marian(tmp_path_factory):
    """A MarianMT model with 1 layer of width 16 and a 40-piece SentencePiece vocabulary."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder = tmp_path_factory.mktemp("tiny-marian")
    proto = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(SENTENCES * 4), model_writer=proto, vocab_size=40,
                                   model_type="unigram", hard_vocab_limit=False, minloglevel=2)
    for name in ("source.spm", "target.spm"):
        (folder / name).write_bytes(proto.getvalue())
    pieces = spm.SentencePieceProcessor(model_proto=proto.getvalue())
    vocab = {"</s>": 0, "<unk>": 1, "<pad>": 2}
    for i in range(pieces.get_piece_size()):
        vocab.setdefault(pieces.id_to_piece(i), len(vocab))
    (folder / "vocab.json").write_text(json.dumps(vocab))
    MarianTokenizer(source_spm=str(folder / "source.spm"), target_spm=str(folder / "target.spm"),
                    vocab=str(folder / "vocab.json")).save_pretrained(folder)
    config = MarianConfig(vocab_size=len(vocab), d_model=16, encoder_layers=1, decoder_layers=1,
                          encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                          decoder_ffn_dim=32, max_position_embeddings=64, pad_token_id=2, eos_token_id=0,
                          decoder_start_token_id=2, forced_eos_token_id=0)
    torch.manual_seed(0)
    MarianMTModel(config).save_pretrained(folder)
    return folder


def test_back_translation_batches_on_the_device_and_returns_one_text_per_input(tiny_marian):
    aug = make_back_translation(tiny_marian, tiny_marian, device="cpu", batch_size=2, max_length=8)
    assert str(aug.model.src_model.device) == "cpu" and str(aug.model.tgt_model.device) == "cpu"
    calls = []
    for model in (aug.model.src_model, aug.model.tgt_model):
        generate = model.generate

        def counting(*args, _generate=generate, **kwargs):
            calls.append(len(kwargs["input_ids"]))
            return _generate(*args, **kwargs)

        model.generate = counting
    out = aug.augment(SENTENCES)
    assert len(out) == len(SENTENCES) and all(isinstance(t, str) for t in out)
    assert calls == [2, 2, 1, 2, 2, 1]  # 5 texts in batches of 2, there and back


def test_back_translation_grows_the_minority_through_augment_minority(tiny_marian):
    aug = make_back_translation(tiny_marian, tiny_marian, device="cpu", batch_size=4, max_length=8)
    texts = SENTENCES + [f"ham {i}" for i in range(8)]
    X, y = augment_minority(texts, [1] * 5 + [0] * 8, aug, target_ratio=1.0, random_state=0)
    assert len(X) == 16 and y.sum() == 8


def test_an_unreachable_hub_fails_fast_with_a_clear_reason(monkeypatch):
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    start = time.perf_counter()
    with pytest.raises(ModelUnavailableError, match="not in the Hugging Face cache"):
        make_back_translation("course-utils-tests/no-such-model-en-de", "course-utils-tests/no-such-model-de-en")
    assert time.perf_counter() - start < 30  # a guard against hanging, not a speed goal


def test_bad_batch_size_is_refused():
    with pytest.raises(ValueError, match="batch_size"):
        make_back_translation("a", "b", batch_size=0)
