"""The classic imbalanced-learn samplers that Chapter 2 compares, built in one place, and class weights.

Introduced in Chapter 2; the chapter and its benchmark both take their samplers
from here, so the two always time and evaluate the same configurations.
:class:`BalancedPositiveWeight` gives XGBoost class weights counted on the
training rows it is fit on.
"""

from __future__ import annotations

import numpy as np
from imblearn.combine import SMOTEENN, SMOTETomek
from imblearn.over_sampling import ADASYN, SMOTE, BorderlineSMOTE, RandomOverSampler
from imblearn.under_sampling import EditedNearestNeighbours, NearMiss, RandomUnderSampler, TomekLinks
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted
from xgboost import XGBClassifier


def xgboost_classifier(random_state: int | None = 0, n_jobs: int = 2, **params) -> XGBClassifier:
    """The tabular chapters' XGBoost: histogram trees on ``n_jobs`` threads, seeded.

    Introduced in Chapter 2; Chapter 3 uses the same model. Other ``params``
    go to ``XGBClassifier`` (its defaults otherwise, as in the published code).
    """
    return XGBClassifier(tree_method="hist", n_jobs=n_jobs, random_state=random_state, **params)


def resampling_samplers(random_state: int = 0, n_jobs: int | None = None) -> dict:
    """Over- and under-samplers that change the class counts, by display name.

    Introduced in Chapter 2: random over- and under-sampling, SMOTE,
    Borderline-SMOTE, ADASYN and NearMiss 1, 2 and 3, with imbalanced-learn's
    defaults (they balance the classes).
    """
    return {
        "random over": RandomOverSampler(random_state=random_state),
        "random under": RandomUnderSampler(random_state=random_state),
        "SMOTE": SMOTE(random_state=random_state),
        "Borderline-SMOTE": BorderlineSMOTE(random_state=random_state),
        "ADASYN": ADASYN(random_state=random_state),
        "NearMiss-1": NearMiss(version=1, n_jobs=n_jobs),
        "NearMiss-2": NearMiss(version=2, n_jobs=n_jobs),
        "NearMiss-3": NearMiss(version=3, n_jobs=n_jobs),
    }


def cleaning_samplers(random_state: int = 0, n_jobs: int | None = None) -> dict:
    """Samplers that remove majority rows lying among the minority, alone or after SMOTE.

    Introduced in Chapter 2: Tomek links, edited nearest neighbours (ENN),
    SMOTETomek and SMOTEENN. Each needs the nearest neighbours of every row,
    which is what makes them slow on large data.
    """
    return {
        "Tomek links": TomekLinks(n_jobs=n_jobs),
        "ENN": EditedNearestNeighbours(n_jobs=n_jobs),
        "SMOTETomek": SMOTETomek(random_state=random_state, n_jobs=n_jobs),
        "SMOTEENN": SMOTEENN(random_state=random_state, n_jobs=n_jobs),
    }


class BalancedPositiveWeight(ClassifierMixin, BaseEstimator):
    """Fit a classifier with ``scale_pos_weight`` computed from the rows it is fit on.

    Introduced in Chapter 2 for XGBoost's class weights. Setting
    ``scale_pos_weight = n_negative / n_positive`` multiplies each positive
    row's loss by that ratio, so that *all* positives together weigh as much as
    all negatives together (each positive then weighs as much as
    ``n_negative / n_positive`` negatives, not as much as all of them). The
    ratio is counted in ``fit``, on the training rows only: inside
    :func:`course_utils.evaluation.evaluate` that is the fit part of each
    training fold, never the full data set or a test fold.

    Parameters
    ----------
    estimator : classifier
        Any classifier with a ``scale_pos_weight`` parameter (e.g.
        ``xgboost.XGBClassifier``); it is cloned, never fitted in place.

    Attributes
    ----------
    scale_pos_weight_ : float
        The ratio used in the last ``fit``.
    estimator_ : classifier
        The fitted clone.
    classes_ : ndarray
        The classes seen in ``fit``; the larger label is the positive one.
    """

    def __init__(self, estimator=None):
        self.estimator = estimator

    def fit(self, X, y, **fit_params):
        if self.estimator is None or "scale_pos_weight" not in self.estimator.get_params():
            raise ValueError("BalancedPositiveWeight needs an estimator with a scale_pos_weight parameter, "
                             f"got {type(self.estimator).__name__}.")
        labels = np.asarray(y).ravel()
        classes, counts = np.unique(labels, return_counts=True)
        if len(classes) != 2:
            raise ValueError(f"y must hold two classes to weigh one against the other, found {classes.tolist()}.")
        self.classes_ = classes
        self.scale_pos_weight_ = float(counts[0] / counts[1])
        self.estimator_ = clone(self.estimator).set_params(scale_pos_weight=self.scale_pos_weight_)
        self.estimator_.fit(X, y, **fit_params)
        return self

    def predict_proba(self, X):
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    def predict(self, X):
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict(X)
