"""The classic imbalanced-learn samplers that Chapter 2 compares, built in one place.

Introduced in Chapter 2; the chapter and its benchmark both take their samplers
from here, so the two always time and evaluate the same configurations.
"""

from __future__ import annotations

from imblearn.combine import SMOTEENN, SMOTETomek
from imblearn.over_sampling import ADASYN, SMOTE, BorderlineSMOTE, RandomOverSampler
from imblearn.under_sampling import EditedNearestNeighbours, NearMiss, RandomUnderSampler, TomekLinks


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
