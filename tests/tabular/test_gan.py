"""course_utils.tabular.gan and GANOverSampler on tiny synthetic data: penalty, history, sampler contract."""

import warnings

import numpy as np
import pandas as pd
import pytest
import torch
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.preprocessing import PowerTransformer, QuantileTransformer

from course_utils.tabular import (KINDS, GANOverSampler, TabularGAN, choose_checkpoint, gradient_penalty,
                                  realism_curve)

SMALL = {"noise_dim": 4, "generator_hidden": (16,), "critic_hidden": (16,), "batch_size": 16}


def small_gan(kind="wgan-gp", steps=6, **params):
    return TabularGAN(kind, steps=steps, sample_every=3, device="cpu", random_state=0, **{**SMALL, **params})


@pytest.fixture
def rows():
    return np.random.default_rng(0).normal(size=(40, 3)).astype(np.float32)


@pytest.fixture
def data():
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(0, 1, (60, 3)), rng.normal(2, 1, (12, 3))])
    return X, np.array([0] * 60 + [1] * 12)


def test_gradient_penalty_of_a_linear_critic_is_per_sample():
    torch.manual_seed(0)
    critic = torch.nn.Linear(3, 1)
    with torch.no_grad():
        critic.weight[:] = torch.tensor([[3.0, 0.0, 4.0]])  # gradient norm 5 at every point
    real, fake = torch.randn(8, 3), torch.randn(8, 3)
    penalty = gradient_penalty(lambda x: critic(x).squeeze(1), real, fake)
    assert penalty.item() == pytest.approx((5 - 1) ** 2)
    # One norm over the whole batch's gradient (the published bug) would give (5 * sqrt(8) - 1) ** 2.
    assert penalty.item() != pytest.approx((5 * np.sqrt(8) - 1) ** 2)


def test_gradient_penalty_of_a_quadratic_critic_matches_a_hand_computation():
    real = torch.tensor([[1.0, 0.0], [0.0, 3.0]])
    fake = torch.tensor([[3.0, 0.0], [0.0, 1.0]])
    eps = torch.tensor([0.5, 0.25])
    # critic(x) = ||x||^2 / 2 has gradient x; the mixed rows are (2, 0) and (0, 1.5).
    penalty = gradient_penalty(lambda x: 0.5 * (x ** 2).sum(1), real, fake, epsilon=eps)
    assert penalty.item() == pytest.approx(((2 - 1) ** 2 + (1.5 - 1) ** 2) / 2)


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_trains_with_finite_losses_and_a_full_history(kind, rows):
    gan = small_gan(kind).fit(rows)
    history = gan.history_.to_frame()
    assert len(history) == 6 and np.isfinite(history.drop(columns="step").to_numpy()).all()
    assert gan.saved_steps == [0, 3, 6] == sorted(gan.history_.samples)
    assert all(s.shape == (40, 3) for s in gan.history_.samples.values())
    assert (gan.history_.sample_conditions is not None) == kind.startswith(("c", "wc"))
    assert gan.sample(7).shape == (7, 3)


def test_checkpoints_reproduce_the_saved_samples(rows):
    gan = small_gan().fit(rows)
    assert not np.allclose(gan.history_.samples[0], gan.history_.samples[6])
    early, late = gan.sample(5, step=3, random_state=1), gan.sample(5, step=6, random_state=1)
    assert not np.allclose(early, late)
    with pytest.raises(ValueError, match="saved steps"):
        gan.sample(5, step=4)


def test_same_random_state_gives_identical_training_and_samples(rows):
    a, b = small_gan("wcgan-gp").fit(rows), small_gan("wcgan-gp").fit(rows)
    assert a.history_.critic_loss == b.history_.critic_loss
    np.testing.assert_array_equal(a.sample(9, random_state=3), b.sample(9, random_state=3))


def test_a_quantile_transformer_maps_samples_back_with_their_spikes(rows):
    spiky = rows.copy()
    spiky[:20, 0] = 1.0  # half the rows share one value, like an amount of exactly 1.00
    quantiles = QuantileTransformer(output_distribution="normal", n_quantiles=1000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # n_quantiles above the 40 rows is capped, not warned about
        gan = small_gan(transformer=quantiles).fit(spiky)
    assert gan.transformer_.n_quantiles == 40 and quantiles.n_quantiles == 1000
    for generated in [*gan.history_.samples.values(), gan.sample(200, random_state=1)]:
        assert generated.dtype == np.float32
        assert (generated >= spiky.min(axis=0) - 1e-5).all() and (generated <= spiky.max(axis=0) + 1e-5).all()
    # A band of the generator's Gaussian output maps back onto the repeated value itself.
    assert np.isclose(gan.sample(200, random_state=1)[:, 0], 1.0).mean() > 0.1
    assert not np.isclose(small_gan().fit(spiky).sample(200, random_state=1)[:, 0], 1.0).any()
    assert gan.sample(0).shape == (0, 3)


def test_generated_values_past_a_power_transforms_range_map_back_to_finite_rows(rows):
    skewed = np.exp(3 * np.abs(rows)).astype(np.float32)  # heavy right tails: Yeo-Johnson powers below 0
    gan = small_gan(transformer=PowerTransformer()).fit(skewed)
    lo, hi = gan.transformed_range_
    far = torch.full((5, skewed.shape[1]), 50.0)  # far beyond the training range, where the inverse is NaN
    with pytest.warns(UserWarning, match="NaN"):
        assert np.isnan(gan.transformer_.inverse_transform(far.numpy())).any()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = gan._to_data(far)
    assert np.isfinite(back).all()
    np.testing.assert_allclose(back, np.repeat(gan.transformer_.inverse_transform(hi[None]), 5, axis=0), rtol=1e-5)


@pytest.mark.parametrize("bad, match", [
    (np.array([[0.0, np.nan], [1.0, 2.0], [3.0, 4.0]]), "NaN"),
    (np.zeros((1, 3)), "at least 2 rows"),
])
def test_bad_rows_raise(bad, match):
    with pytest.raises(ValueError, match=match):
        small_gan().fit(bad)


def test_fewer_rows_than_clusters_raise(rows):
    with pytest.raises(ValueError, match="n_clusters=5"):
        small_gan("cgan", n_clusters=5).fit(rows[:4])
    with pytest.raises(ValueError, match="kind"):
        TabularGAN("vae").fit(rows)
    gan = small_gan()
    gan.kind = "vae"   # changed after construction: fit still refuses it
    with pytest.raises(ValueError, match="kind 'vae' is unknown"):
        gan.fit(rows)


def test_choose_checkpoint(rows):
    gan = small_gan().fit(rows)
    assert choose_checkpoint(gan, rows, "last") == 6
    assert choose_checkpoint(gan, rows, "realism") in (3, 6)
    with pytest.raises(ValueError, match="last, realism"):
        choose_checkpoint(gan, rows, "best")


def test_realism_curve_scores_every_saved_batch_and_chooses_the_checkpoint(rows):
    gan = small_gan().fit(rows)
    curve = realism_curve(gan, rows)
    assert list(curve.index) == gan.saved_steps and curve.between(0, 1).all()
    assert choose_checkpoint(gan, rows, "realism") == curve.drop(0).idxmin()


def sampler(**params):
    return GANOverSampler(steps=4, sample_every=2, gan_params=SMALL, device="cpu", random_state=0, **params)


@pytest.mark.parametrize("kind", ["gan", "wcgan-gp"])
def test_sampler_reaches_the_counts_of_sampling_strategy(kind, data):
    X, y = data
    X_res, y_res = sampler(kind=kind, sampling_strategy=0.5).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [60, 30]
    np.testing.assert_array_equal(X_res[:72], X)
    assert X_res.dtype == X.dtype


def test_sampler_keeps_pandas_and_is_repeatable(data):
    X, y = data
    frame, labels = pd.DataFrame(X, columns=["a", "b", "c"]), pd.Series(y, name="Class")
    X_a, y_a = sampler().fit_resample(frame, labels)
    X_b, _ = sampler().fit_resample(frame, labels)
    assert list(X_a.columns) == ["a", "b", "c"] and y_a.name == "Class"
    pd.testing.assert_frame_equal(X_a, X_b)


def test_sampler_in_a_pipeline_with_cross_val_score(data):
    X, y = data
    pipeline = Pipeline([("sampler", sampler(checkpoint="last")), ("model", LogisticRegression())])
    scores = cross_val_score(pipeline, X, y, cv=3, scoring="average_precision")
    assert scores.shape == (3,) and np.isfinite(scores).all()


def test_sampler_rejects_bad_input(data):
    X, y = data
    with pytest.raises(ValueError):
        sampler().fit_resample(X, np.zeros_like(y))
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError):
        sampler().fit_resample(X_nan, y)
    with pytest.raises(ValueError, match="at least 20 are needed"):
        sampler(kind="cgan", n_clusters=20).fit_resample(X, y)
    with pytest.raises(ValueError, match="checkpoint"):
        sampler(checkpoint="best").fit_resample(X, y)
    with pytest.raises(ValueError, match="kind 'vae' is unknown"):
        sampler().set_params(kind="vae").fit_resample(X, y)
    with pytest.raises(ValueError, match="steps"):
        sampler().set_params(steps=0).fit_resample(X, y)
