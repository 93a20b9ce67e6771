"""course_utils.tabular.realism: the real-versus-fake test and the reference generators."""

import numpy as np
import pytest

from course_utils.tabular import gaussian_samples, realism_score, realism_scores, shuffled_columns, smote_samples


@pytest.fixture
def real():
    rng = np.random.default_rng(0)
    return rng.normal(size=(800, 4))


def test_two_halves_of_one_distribution_are_indistinguishable(real):
    scores = realism_scores(real[:400], real[400:], n_splits=5)
    assert scores.shape == (5,)
    assert abs(scores.mean() - 0.5) < 0.06


def test_clearly_different_rows_are_told_apart(real):
    assert realism_score(real[:400], real[400:] + 3.0) > 0.95


def test_the_larger_set_is_subsampled_so_that_chance_stays_one_half(real):
    # 700 fakes against 100 reals: predicting "fake" everywhere would score 0.875 without subsampling.
    assert realism_score(real[:100], real[100:]) < 0.7


def test_same_random_state_same_score(real):
    assert realism_score(real[:400], real[400:] * 1.3, 4) == realism_score(real[:400], real[400:] * 1.3, 4)


def test_bad_input_raises(real):
    with pytest.raises(ValueError, match="columns"):
        realism_score(real, real[:, :3])
    bad = real.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        realism_score(bad, real)


def test_reference_generators_shapes_and_properties(real):
    X = real[:50] * [1, 2, 3, 4]
    smote = smote_samples(X, 30, random_state=0)
    assert smote.shape == (30, 4)
    # SMOTE rows lie between real rows: inside each column's range.
    assert (smote.min(0) >= X.min(0) - 1e-9).all() and (smote.max(0) <= X.max(0) + 1e-9).all()
    shuffled = shuffled_columns(X, 50, random_state=0)
    np.testing.assert_allclose(np.sort(shuffled, axis=0), np.sort(X, axis=0))
    gauss = gaussian_samples(X, 5000, random_state=0)
    np.testing.assert_allclose(gauss.std(0), X.std(0, ddof=1), rtol=0.1)
    assert shuffled_columns(X, 80, random_state=0).shape == (80, 4)
