"""The imbalanced-learn side of generative over-sampling: one model per class to grow.

Introduced in Chapter 3. A generative over-sampler fits a model to the rows of
each class that ``sampling_strategy`` asks to grow, draws as many new rows as
that class needs, and returns the original rows first, then the synthetic ones.
Because the model sees only the rows passed to ``fit_resample``, inside an
imbalanced-learn ``Pipeline`` it is fit on training folds and never on a test
row. Subclasses say how to fit a model and how to draw from it; everything an
imbalanced-learn sampler must do (input checks, ``sampling_strategy``, pandas
in and out) happens here, once.
"""

from __future__ import annotations

from abc import abstractmethod

import numpy as np
from scipy import sparse
from imblearn.over_sampling.base import BaseOverSampler
from sklearn.utils import check_random_state

__all__ = ["GenerativeOverSampler"]


class GenerativeOverSampler(BaseOverSampler):
    """Base class: fit one generative model per class to grow, then sample from it.

    Introduced in Chapter 3; :class:`VAEOverSampler` and :class:`GANOverSampler`
    subclass it.

    Subclasses implement :meth:`_fit_class` and :meth:`_sample_class`, and may
    raise ``min_class_rows`` when their model needs more rows (pairs to
    interpolate, clusters to condition on).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        As in imbalanced-learn: which classes to grow and to what size.
    random_state : int, RandomState instance or None, default=None
        Seeds model initialisation, training and sampling.

    Attributes
    ----------
    sampling_strategy_ : dict
        Number of rows generated for each class.
    models_ : dict
        The fitted model of each class that was grown.
    """

    _sampling_type = "over-sampling"
    #: The fewest rows of a class the model can be fit on.
    min_class_rows = 2

    def __init__(self, *, sampling_strategy="auto", random_state=None):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state

    @abstractmethod
    def _fit_class(self, X_class: np.ndarray, random_state: int):
        """Fit and return a model of the rows ``X_class`` of one class."""

    @abstractmethod
    def _sample_class(self, model, n_samples: int, random_state: int) -> np.ndarray:
        """Draw ``n_samples`` rows, shape ``(n_samples, n_features)``, from ``model``."""

    def _check_params(self):
        """Check what ``_parameter_constraints``' types cannot (ranges, options); subclasses extend it."""

    def _fit_resample(self, X, y):
        self._check_params()
        rng = check_random_state(self.random_state)
        self.models_ = {}
        # Sparse input is accepted as imbalanced-learn's samplers accept it: the models
        # see dense rows (a class to grow is small), the output keeps the input's format.
        dense = X.toarray() if sparse.issparse(X) else X
        X_parts, y_parts = [X], [y]
        for label, n_samples in self.sampling_strategy_.items():
            if n_samples == 0:
                continue
            X_class = dense[y == label]
            if len(X_class) < self.min_class_rows:
                shown = label.item() if isinstance(label, np.generic) else label
                raise ValueError(
                    f"{type(self).__name__}: class {shown!r} has {len(X_class)} rows; "
                    f"at least {self.min_class_rows} are needed to fit its model."
                )
            model = self._fit_class(np.asarray(X_class, dtype=np.float32), int(rng.randint(2**31 - 1)))
            self.models_[label] = model
            X_new = self._sample_class(model, n_samples, int(rng.randint(2**31 - 1)))
            if X_new.shape != (n_samples, X.shape[1]):
                raise RuntimeError(
                    f"{type(self).__name__} drew an array of shape {X_new.shape}; "
                    f"expected {(n_samples, X.shape[1])}."
                )
            X_parts.append(np.asarray(X_new, dtype=X.dtype))
            y_parts.append(np.full(n_samples, label, dtype=y.dtype))
        if sparse.issparse(X):
            return sparse.vstack(X_parts, format=X.format), np.hstack(y_parts)
        return np.vstack(X_parts), np.hstack(y_parts)
