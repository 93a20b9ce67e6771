"""Text classifiers: TF-IDF + logistic regression pipelines, and a small torch model with sentence MixUp.

Introduced in Chapter 8.

* :func:`make_tfidf_logreg`: the published baseline (word TF-IDF fitted on the
  training texts, logistic regression), and the stronger word + character
  n-gram variant; optional samplers on the texts (augmentation,
  de-duplication) before the vectoriser and on the vectors (random over- or
  under-sampling) after it, in one ``imblearn`` pipeline;
* :class:`MixupTextClassifier`: mean of word and bigram embeddings -> a hidden
  layer (the sentence embedding) -> a linear layer, trained with MixUp of sentence
  embeddings (Guo, Mao & Zhang, 2019) on class-balanced batches.
"""

from __future__ import annotations

import copy
import re
from collections import Counter

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from imblearn.pipeline import Pipeline
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import FeatureUnion
from torch import nn

from ..batching import evaluating, forward_in_batches
from ..config import get_device
from ..progress import progress
from ..seeding import check_seed, seeded, torch_generator
from .split import check_texts

__all__ = ["FEATURES", "MixupTextClassifier", "SentenceClassifier", "make_tfidf_logreg", "tokenize"]

FEATURES = ("word", "word+char")


def _vectorizer(features: str, ngrams):
    if features == "word":
        return TfidfVectorizer()
    if features == "word+char":
        (word, char) = _check_ngrams(ngrams)
        return FeatureUnion([
            ("word", TfidfVectorizer(ngram_range=word, sublinear_tf=True)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=char, sublinear_tf=True)),
        ])
    raise ValueError(f"features {features!r} is unknown; choose one of {', '.join(FEATURES)}.")


def _check_ngrams(ngrams):
    try:
        pairs = tuple((int(low), int(high)) for low, high in ngrams)
    except (TypeError, ValueError):
        pairs = ()
    if len(pairs) != 2 or any(not 1 <= low <= high for low, high in pairs):
        raise ValueError(f"ngrams must be two ranges (low, high) with 1 <= low <= high, for words and "
                         f"characters; got {ngrams!r}.")
    return pairs


def make_tfidf_logreg(features: str = "word", C: float = 1.0, text_sampler=None, vector_sampler=None,
                      random_state=None, ngrams=((1, 2), (2, 5))) -> Pipeline:
    """TF-IDF + logistic regression as an ``imblearn`` pipeline, with optional samplers.

    Introduced in Chapter 8. Everything is fitted inside ``fit``: the vocabulary
    and IDF weights come from the training texts only, and samplers run on the
    training data only.

    Parameters
    ----------
    features : {"word", "word+char"}
        ``"word"``: scikit-learn's default word TF-IDF (the published baseline).
        ``"word+char"``: word and character n-grams (characters within word
        boundaries), both with sublinear term frequency, side by side.
    C : float
        Inverse regularisation strength of the logistic regression.
    text_sampler : sampler or None
        Runs on the raw texts, before the vectoriser (e.g.
        :class:`~course_utils.text.MinorityAugmenter`,
        :class:`~course_utils.text.MajorityDeduplicator`).
    vector_sampler : sampler or None
        Runs on the TF-IDF vectors (e.g. ``imblearn``'s ``RandomOverSampler``).
    random_state : int or None
        Seed of the logistic regression.
    ngrams : pair of (low, high)
        The word and the character n-gram ranges of ``"word+char"`` (default: word
        1-2-grams, character 2-5-grams); ignored by ``"word"``.
    """
    steps = []
    if text_sampler is not None:
        steps.append(("text_sampler", text_sampler))
    steps.append(("tfidf", _vectorizer(features, ngrams)))
    if vector_sampler is not None:
        steps.append(("vector_sampler", vector_sampler))
    steps.append(("clf", LogisticRegression(C=C, max_iter=2000, random_state=random_state)))
    return Pipeline(steps)


_TOKEN = re.compile(r"[a-z0-9£$€&']+|[!?]")


def tokenize(text: str, ngrams: int = 2) -> list[str]:
    """Lower-cased words, ``!`` and ``?``, plus their n-grams up to ``ngrams`` (joined by a space).

    Introduced in Chapter 8.
    """
    words = _TOKEN.findall(text.lower())
    tokens = list(words)
    for n in range(2, ngrams + 1):
        tokens += [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
    return tokens


class SentenceClassifier(nn.Module):
    """Mean of token embeddings -> hidden layer (the sentence embedding) -> class scores.

    Introduced in Chapter 8. :meth:`encode` returns the sentence embedding that
    sentence MixUp mixes; :meth:`classify` maps embeddings to logits.
    """

    def __init__(self, vocab_size: int, embedding_dim: int = 64, hidden_dim: int = 64,
                 n_classes: int = 2, dropout: float = 0.2):
        super().__init__()
        # Sparse gradients: a step updates only the rows of the tokens in the batch.
        self.embed = nn.EmbeddingBag(vocab_size, embedding_dim, mode="mean", padding_idx=0, sparse=True)
        self.encoder = nn.Sequential(nn.Dropout(dropout), nn.Linear(embedding_dim, hidden_dim), nn.Tanh())
        self.head = nn.Linear(hidden_dim, n_classes)

    def encode(self, tokens: torch.Tensor) -> torch.Tensor:
        """``(batch, length)`` token ids (0 = padding) -> ``(batch, hidden_dim)`` sentence embeddings."""
        return self.encoder(self.embed(tokens))

    def classify(self, embeddings: torch.Tensor) -> torch.Tensor:
        return self.head(embeddings)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.classify(self.encode(tokens))


class MixupTextClassifier(BaseEstimator, ClassifierMixin):
    """A small torch text classifier trained with sentence MixUp on class-balanced batches.

    Introduced in Chapter 8. For each batch, ``lam ~ Beta(alpha, alpha)`` and a
    shuffled copy of the batch give mixed sentence embeddings
    ``lam * h_i + (1 - lam) * h_j`` and the loss
    ``lam * CE(y_i) + (1 - lam) * CE(y_j)`` (senMixup of Guo, Mao & Zhang, 2019).
    ``mixup_alpha=0`` trains the same network without MixUp.

    The epoch is chosen on a validation split carved, stratified, from the data
    given to :meth:`fit` (average precision of class 1 after each epoch); with
    ``refit=True`` the network is then retrained on all of it for that many epochs.

    Parameters
    ----------
    mixup_alpha : float
        Beta parameter of the mixing weight; 0 disables MixUp.
    epochs : int
        Most epochs to train (one epoch = as many texts as the training set).
    balanced : bool
        Draw batches with equal class probabilities (random over-sampling in batches).
    validation_fraction : float or None
        Share of the training data used to choose the epoch; ``None`` trains for
        ``epochs`` epochs without choosing.
    refit : bool
        Retrain on all the data for the chosen number of epochs.
    embedding_dim, hidden_dim, batch_size, lr, weight_decay, dropout : model and optimiser sizes.
    ngrams : int
        Word n-grams used as tokens (2: words and bigrams).
    min_count : int
        Tokens seen fewer times in the training texts are dropped.
    max_tokens : int
        Tokens kept per text.
    device : str, torch.device or None
        Default :func:`course_utils.config.get_device`.
    random_state : int or None
        Seeds the initial weights, the batches, MixUp's draws and the validation split
        (:mod:`course_utils.seeding`); ``None`` draws fresh entropy.
    verbose : bool
        Show a progress bar over epochs.

    Attributes
    ----------
    history_ : pandas.DataFrame
        ``epoch``, ``train_loss`` and (with validation) ``val_average_precision``.
    best_epoch_ : int
        The epoch kept (the last one without validation).
    """

    def __init__(self, mixup_alpha: float = 0.4, epochs: int = 20, balanced: bool = True,
                 validation_fraction: float | None = 0.2, refit: bool = True, embedding_dim: int = 64,
                 hidden_dim: int = 64, batch_size: int = 64, lr: float = 1e-2, weight_decay: float = 0.0,
                 dropout: float = 0.2, ngrams: int = 2, min_count: int = 1, max_tokens: int = 128,
                 device=None, random_state=None, verbose: bool = False):
        self.mixup_alpha = mixup_alpha
        self.epochs = epochs
        self.balanced = balanced
        self.validation_fraction = validation_fraction
        self.refit = refit
        self.embedding_dim = embedding_dim
        self.hidden_dim = hidden_dim
        self.batch_size = batch_size
        self.lr = lr
        self.weight_decay = weight_decay
        self.dropout = dropout
        self.ngrams = ngrams
        self.min_count = min_count
        self.max_tokens = max_tokens
        self.device = device
        self.random_state = random_state
        self.verbose = verbose

    # -- tokens -------------------------------------------------------------------------------
    def _build_vocabulary(self, texts) -> dict[str, int]:
        counts = Counter(t for text in texts for t in tokenize(text, self.ngrams))
        kept = sorted(t for t, c in counts.items() if c >= self.min_count)
        return {t: i + 1 for i, t in enumerate(kept)}  # 0 is padding

    def _encode(self, texts, device) -> torch.Tensor:
        rows = [[self.vocabulary_[t] for t in tokenize(text, self.ngrams) if t in self.vocabulary_]
                [: self.max_tokens] for text in texts]
        ids = np.zeros((len(rows), max(1, max(map(len, rows), default=1))), dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, :len(row)] = row
        return torch.from_numpy(ids).to(device)

    # -- training -----------------------------------------------------------------------------
    def _check_params(self):
        if self.mixup_alpha < 0:
            raise ValueError(f"mixup_alpha should be >= 0, got {self.mixup_alpha}.")
        if self.epochs < 1 or self.batch_size < 1:
            raise ValueError(f"epochs and batch_size should be positive, got {self.epochs}, {self.batch_size}.")
        if self.validation_fraction is not None and not 0 < self.validation_fraction < 1:
            raise ValueError(f"validation_fraction should be in (0, 1) or None, got {self.validation_fraction}.")

    def _train(self, texts, y, epochs, seed, val=None, position=""):
        """Train a fresh network on ``texts``; return (network state, history, best epoch)."""
        device = get_device(self.device)
        # Dropout and the initial weights draw from torch's global generator: seeded() forks it, so
        # that a seed gives the same model and the caller's random stream is left as it was.
        threads = torch.get_num_threads()
        if device.type == "cpu":
            # The network's matrices are tiny: a second CPU thread only adds synchronisation, which
            # on a busy machine made training ten times slower. One thread, restored afterwards.
            torch.set_num_threads(1)
        try:
            with seeded(seed, device):
                return self._train_seeded(texts, y, epochs, val, position, device, seed)
        finally:
            torch.set_num_threads(threads)

    def _train_seeded(self, texts, y, epochs, val, position, device, seed):
        self.vocabulary_ = self._build_vocabulary(texts)
        tokens = self._encode(texts, device)
        labels = torch.as_tensor(y, dtype=torch.int64, device=device)
        net = SentenceClassifier(len(self.vocabulary_) + 1, self.embedding_dim, self.hidden_dim,
                                 dropout=self.dropout).to(device)
        optimisers = [torch.optim.SparseAdam(list(net.embed.parameters()), lr=self.lr),
                      torch.optim.AdamW([p for name, p in net.named_parameters() if not name.startswith("embed.")],
                                        lr=self.lr, weight_decay=self.weight_decay)]
        # Batches and MixUp's pairings are drawn on the CPU and moved: a seed means the same on every device.
        generator = torch_generator(seed)
        rng = np.random.default_rng(seed)
        cpu_labels = torch.as_tensor(y, dtype=torch.int64)
        counts = torch.bincount(cpu_labels, minlength=2).float()
        weights = (1.0 / counts)[cpu_labels] if self.balanced else torch.ones_like(cpu_labels, dtype=torch.float)
        val_tokens = None if val is None else self._encode(val[0], device)
        history, best_state, best_score, best_epoch = [], None, -np.inf, epochs
        bar = progress(range(1, epochs + 1), desc=f"MixUp text classifier{position}", verbose=self.verbose,
                       leave=False)
        n = len(labels)
        for epoch in bar:
            net.train()
            order = torch.multinomial(weights, n, replacement=True, generator=generator).to(device)
            losses = []  # kept on the device, read back once per epoch (no host sync per step)
            for start in range(0, n, self.batch_size):
                batch = order[start:start + self.batch_size]
                embeddings = net.encode(tokens[batch])
                target = labels[batch]
                if self.mixup_alpha > 0:
                    lam = float(rng.beta(self.mixup_alpha, self.mixup_alpha))
                    perm = torch.randperm(len(batch), generator=generator).to(device)
                    logits = net.classify(lam * embeddings + (1 - lam) * embeddings[perm])
                    loss = lam * F.cross_entropy(logits, target) + (1 - lam) * F.cross_entropy(logits, target[perm])
                else:
                    loss = F.cross_entropy(net.classify(embeddings), target)
                for optimiser in optimisers:
                    optimiser.zero_grad(set_to_none=True)
                loss.backward()
                for optimiser in optimisers:
                    optimiser.step()
                losses.append(loss.detach())
            sizes = torch.diff(torch.tensor([*range(0, n, self.batch_size), n], dtype=torch.float64))
            row = {"epoch": epoch, "train_loss": float(torch.stack(losses).double().cpu() @ sizes) / n}
            if val is not None:
                score = average_precision_score(val[1], self._proba(net, val_tokens)[:, 1])
                row["val_average_precision"] = score
                if score > best_score:
                    best_score, best_epoch, best_state = score, epoch, copy.deepcopy(net.state_dict())
            history.append(row)
            bar.set_postfix(loss=f"{row['train_loss']:.4f}")
        if best_state is None:
            best_state = net.state_dict()
        return net, best_state, pd.DataFrame(history), best_epoch

    def _proba(self, net, tokens) -> np.ndarray:
        return forward_in_batches(net, lambda t: F.softmax(net(t), dim=1), tokens, batch_size=1024).cpu().numpy()

    def fit(self, X, y):
        """Train on texts ``X`` with 0/1 labels ``y`` (choosing the epoch on a validation split)."""
        self._check_params()
        texts = check_texts(X, "X")
        y = np.asarray(y)
        if y.shape != texts.shape:
            raise ValueError(f"{len(texts)} texts but labels of shape {y.shape}.")
        if not set(np.unique(y)) <= {0, 1} or len(np.unique(y)) != 2:
            raise ValueError(f"y should hold both classes 0 and 1, got {np.unique(y).tolist()}.")
        self.classes_ = np.array([0, 1])
        seed = check_seed(self.random_state)  # None: fresh entropy, drawn once for the split and both trainings
        if self.validation_fraction is None:
            net, state, self.history_, self.best_epoch_ = self._train(texts, y, self.epochs, seed)
        else:
            X_tr, X_val, y_tr, y_val = train_test_split(texts, y, test_size=self.validation_fraction,
                                                        stratify=y, random_state=seed)
            net, state, self.history_, self.best_epoch_ = self._train(X_tr, y_tr, self.epochs, seed,
                                                                      (X_val, y_val))
            if self.refit:
                net, state, _, _ = self._train(texts, y, self.best_epoch_, seed, position=" (refit)")
        net.load_state_dict(state)
        self.network_ = net
        return self

    @torch.no_grad()
    def embed(self, X) -> torch.Tensor:
        """Sentence embeddings of texts ``X``, shape ``(n, hidden_dim)``, on the model's device.

        The vectors MixUp mixes; ``self.network_.classify`` maps them to logits.
        """
        texts = check_texts(X, "X")
        device = next(self.network_.parameters()).device
        with evaluating(self.network_):
            return self.network_.encode(self._encode(texts, device))

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, shape ``(n, 2)``."""
        texts = check_texts(X, "X")
        device = next(self.network_.parameters()).device
        return self._proba(self.network_, self._encode(texts, device))

    def predict(self, X) -> np.ndarray:
        return self.predict_proba(X).argmax(axis=1)
