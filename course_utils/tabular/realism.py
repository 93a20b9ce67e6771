"""How real do generated rows look? A classifier tries to tell them from real ones.

Introduced in Chapter 4. :func:`realism_score` is the test of the published
fraud-GAN experiment: XGBoost (depth 4, 10 rounds) learns real versus generated
on half of each, and its accuracy on the other halves is the score. 0.5 means
the classifier cannot tell them apart; 1.0 means it always can. The reference
generators below give the score a scale: what simple, model-free ways of making
rows achieve on the same test.
"""

from __future__ import annotations

import numpy as np
from imblearn.over_sampling import SMOTE
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state
from xgboost import XGBClassifier

__all__ = ["REALISM_XGB_PARAMS", "gaussian_samples", "realism_score", "realism_scores", "shuffled_columns",
           "smote_samples"]

REALISM_XGB_PARAMS = {"max_depth": 4, "n_estimators": 10}
"""The published test's classifier: XGBoost with trees of depth 4 and 10 boosting rounds."""


def _as_rows(X, name):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or len(X) < 2:
        raise ValueError(f"{name} must be a 2-D array of at least 2 rows, got shape {X.shape}.")
    if not np.isfinite(X).all():
        raise ValueError(f"{name} contains NaN or infinite values.")
    return X


def realism_score(real, fake, random_state=0, n_jobs=1):
    """Accuracy of XGBoost at telling ``fake`` rows from ``real`` ones, on held-out halves.

    Introduced in Chapter 4. The larger set is first subsampled to the size of
    the smaller one, so that 0.5 is chance level. Each set is split in halves;
    ``XGBClassifier(**REALISM_XGB_PARAMS)`` (depth 4, 10 rounds) learns on one half of each
    and is scored on the other halves.

    Parameters
    ----------
    real, fake : array-like of shape (n, d)
    random_state : int, default=0
        Seeds the subsampling, the split and XGBoost.
    n_jobs : int, default=1

    Returns
    -------
    float
        The accuracy: 0.5 indistinguishable, 1.0 always told apart.
    """
    real, fake = _as_rows(real, "real"), _as_rows(fake, "fake")
    if real.shape[1] != fake.shape[1]:
        raise ValueError(f"real and fake have {real.shape[1]} and {fake.shape[1]} columns.")
    rng = check_random_state(random_state)
    n = min(len(real), len(fake))
    real = real[rng.choice(len(real), n, replace=False)]
    fake = fake[rng.choice(len(fake), n, replace=False)]
    X, y = np.vstack([real, fake]), np.r_[np.zeros(n), np.ones(n)]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, stratify=y,
                                                        random_state=rng.randint(2**31 - 1))
    model = XGBClassifier(**REALISM_XGB_PARAMS, n_jobs=n_jobs, random_state=rng.randint(2**31 - 1))
    model.fit(X_train, y_train)
    return float(np.mean(model.predict(X_test) == y_test))


def realism_scores(real, fake, n_splits=10, random_state=0, n_jobs=1):
    """:func:`realism_score` over ``n_splits`` random halvings, as an array (report mean ± std).

    Introduced in Chapter 4.
    """
    rng = check_random_state(random_state)
    return np.array([realism_score(real, fake, rng.randint(2**31 - 1), n_jobs) for _ in range(n_splits)])


def smote_samples(X, n_samples, random_state=0, k_neighbors=5):
    """``n_samples`` SMOTE interpolations between rows of ``X`` and their nearest neighbours.

    Introduced in Chapter 4, as a reference generator (imbalanced-learn's SMOTE).
    """
    X = _as_rows(X, "X")
    # SMOTE grows a class of a labelled set; a one-row dummy class lets it grow X alone.
    y = np.r_[np.ones(len(X), dtype=int), 0]
    smote = SMOTE(sampling_strategy={1: len(X) + n_samples}, k_neighbors=min(k_neighbors, len(X) - 1),
                  random_state=random_state)
    X_res, _ = smote.fit_resample(np.vstack([X, np.zeros((1, X.shape[1]))]), y)
    return X_res[len(X) + 1:]


def gaussian_samples(X, n_samples, random_state=0):
    """``n_samples`` draws from the multivariate normal with the mean and covariance of ``X``.

    Introduced in Chapter 4, as a reference generator.
    """
    X = _as_rows(X, "X")
    rng = np.random.default_rng(random_state)
    return rng.multivariate_normal(X.mean(axis=0), np.cov(X, rowvar=False), size=n_samples)


def shuffled_columns(X, n_samples, random_state=0):
    """``n_samples`` rows whose columns are drawn independently from the columns of ``X``.

    Introduced in Chapter 4, as a reference generator: every column keeps its
    real distribution, every dependence between columns is lost. With
    ``n_samples <= len(X)`` each column is a permutation of real values
    (truncated); with more, values are drawn with replacement.
    """
    X = _as_rows(X, "X")
    rng = np.random.default_rng(random_state)
    return np.column_stack([rng.choice(column, size=n_samples, replace=n_samples > len(X)) for column in X.T])
