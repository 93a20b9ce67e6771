"""The tabular VAE, its training loop and the VAE over-sampler, on tiny synthetic data."""

import numpy as np
import pandas as pd
import pytest
import torch
from imblearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score

from course_utils.tabular import TabularVAE, VAEOverSampler, fit_vae, mix_pairs
from course_utils.tabular import vae as vae_module

FAST = {"epochs": 5, "batch_size": 16, "hidden": (8,), "latent_dim": 2, "device": "cpu"}


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 1, (80, 4)), rng.normal(3, 2, (12, 4)) + [0, 0, 0, 500]])
    y = np.array([0] * 80 + [1] * 12)
    return X, y


def test_default_architecture_is_30_100_20():
    vae = TabularVAE()
    assert vae.encoder[0].in_features == 30 and vae.encoder[0].out_features == 100
    assert vae.to_mean.out_features == 20 and vae.decoder[-1].out_features == 30


def test_training_loss_decreases():
    rng = np.random.default_rng(1)
    # Rows on a 2-D plane in 6-D: a 3-D latent space can reconstruct them well.
    X = (rng.normal(0, 1, (64, 2)) @ rng.normal(0, 2, (2, 6))).astype(np.float32)
    vae = TabularVAE(6, (16,), 3, random_state=0)
    history = fit_vae(vae, X, epochs=20, batch_size=16, lr=1e-2, device="cpu", random_state=0)
    assert list(history.columns) == ["epoch", "loss", "reconstruction", "kl"]
    assert len(history) == 20
    assert history["loss"].iloc[-5:].mean() < 0.7 * history["loss"].iloc[:3].mean()
    np.testing.assert_allclose(history["loss"], history["reconstruction"] + history["kl"], rtol=1e-5)


def test_fit_vae_rejects_rows_of_the_wrong_width():
    with pytest.raises(ValueError, match=r"shape \(n, 6\)"):
        fit_vae(TabularVAE(6, (4,), 2), np.zeros((5, 3)), epochs=1, device="cpu")


@pytest.mark.parametrize("strategy", ["prior", "interpolation"])
def test_reaches_the_counts_of_sampling_strategy(data, strategy):
    X, y = data
    X_res, y_res = VAEOverSampler(strategy=strategy, sampling_strategy=0.5, random_state=0, **FAST).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [80, 40]
    assert X_res.shape == (120, 4) and X_res.dtype == X.dtype and y_res.dtype == y.dtype
    np.testing.assert_array_equal(X_res[:92], X)
    assert np.isfinite(X_res).all()


def test_pandas_in_pandas_out_and_float32_kept(data):
    X, y = data
    frame = pd.DataFrame(X.astype(np.float32), columns=list("abcd"))
    X_res, y_res = VAEOverSampler(random_state=0, **FAST).fit_resample(frame, pd.Series(y, name="Class"))
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == list("abcd")
    assert (X_res.dtypes == np.float32).all() and y_res.name == "Class"


def test_outputs_are_in_the_units_of_the_input(data):
    X, y = data
    X_res, _ = VAEOverSampler(random_state=0, **FAST).fit_resample(X, y)
    # The fourth column of the frauds sits near 500: standardisation must be undone on output.
    assert abs(X_res[92:, 3].mean() - X[y == 1, 3].mean()) < 5 * X[y == 1, 3].std()
    assert X_res[92:, 3].mean() > 400


@pytest.mark.parametrize("strategy", ["prior", "interpolation"])
def test_same_random_state_same_rows(data, strategy):
    X, y = data
    first = VAEOverSampler(strategy=strategy, random_state=3, **FAST).fit_resample(X, y)[0]
    vae_module._RECENT_FITS.clear()  # train again rather than reuse the fit
    again = VAEOverSampler(strategy=strategy, random_state=3, **FAST).fit_resample(X, y)[0]
    other = VAEOverSampler(strategy=strategy, random_state=4, **FAST).fit_resample(X, y)[0]
    np.testing.assert_array_equal(first, again)
    assert not np.allclose(first[92:], other[92:])


def _fitted(sampler, X, y):
    sampler.fit_resample(X, y)
    return sampler.models_[1]


def test_samplers_differing_only_in_strategy_or_ratio_share_one_fit(data):
    X, y = data
    prior, interpolation = (VAEOverSampler(strategy="prior", random_state=5, **FAST),
                            VAEOverSampler(strategy="interpolation", sampling_strategy=0.5, random_state=5, **FAST))
    prior.fit_resample(X, y)
    interpolation.fit_resample(X, y)
    assert interpolation.models_[1] is prior.models_[1]
    # Anything that changes training trains anew: other rows, another seed, other settings.
    assert _fitted(VAEOverSampler(random_state=6, **FAST), X, y) is not prior.models_[1]
    assert _fitted(VAEOverSampler(random_state=5, **{**FAST, "epochs": 6}), X, y) is not prior.models_[1]
    X_other = X.copy()
    X_other[-1, 0] += 1
    assert _fitted(VAEOverSampler(random_state=5, **FAST), X_other, y) is not prior.models_[1]


def test_a_shared_fit_gives_the_rows_a_fresh_fit_gives(data):
    X, y = data
    VAEOverSampler(strategy="prior", random_state=7, **FAST).fit_resample(X, y)
    shared = VAEOverSampler(strategy="interpolation", random_state=7, **FAST).fit_resample(X, y)[0]
    vae_module._RECENT_FITS.clear()
    fresh = VAEOverSampler(strategy="interpolation", random_state=7, **FAST).fit_resample(X, y)[0]
    np.testing.assert_array_equal(shared, fresh)


def test_global_torch_generator_is_left_alone(data):
    X, y = data
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    VAEOverSampler(random_state=1, **FAST).fit_resample(X, y)
    # fit_vae uses its own generator; only the model's initialisation forks the global one.
    assert torch.equal(torch.rand(3), expected)


def test_inside_a_pipeline_with_cross_val_score(data):
    X, y = data
    pipeline = Pipeline([("vae", VAEOverSampler(strategy="interpolation", random_state=0, **FAST)),
                         ("model", LogisticRegression())])
    scores = cross_val_score(pipeline, X, y, cv=StratifiedKFold(3), scoring="average_precision")
    assert scores.shape == (3,) and np.all((scores >= 0) & (scores <= 1))


def test_trains_on_the_grown_class_only(data):
    X, y = data
    sampler = VAEOverSampler(random_state=0, **FAST)
    sampler.fit_resample(X, y)
    model = sampler.models_[1]
    np.testing.assert_allclose(model.mean, X[y == 1].mean(axis=0), rtol=1e-5)
    assert model.codes.shape == (12, 2) and list(sampler.models_) == [1]


def test_mix_pairs_mixes_distinct_rows_linearly():
    codes = np.arange(12.0).reshape(6, 2)
    mixed, first, second, weight = mix_pairs(codes, 50, random_state=0)
    assert mixed.shape == (50, 2) and np.all(first != second)
    assert np.all((weight >= 0) & (weight < 1))
    np.testing.assert_allclose(mixed, codes[first] + weight[:, None] * (codes[second] - codes[first]))
    # Weight 0 is the identity: a mixture of a row with anything at weight 0 is that row.
    np.testing.assert_allclose(codes[first] + 0.0 * (codes[second] - codes[first]), codes[first])


def test_interpolation_decodes_mixtures_of_the_class_codes(data):
    X, y = data
    sampler = VAEOverSampler(strategy="interpolation", random_state=0, **FAST)
    sampler.fit_resample(X, y)
    model = sampler.models_[1]
    drawn = sampler._sample_class(model, 7, random_state=11)
    mixed = mix_pairs(model.codes, 7, np.random.default_rng(11))[0]
    np.testing.assert_allclose(drawn, model.decode(mixed), rtol=1e-5)
    # encode() takes rows in their original units and gives the codes the sampler mixed.
    np.testing.assert_allclose(model.encode(X[y == 1]), model.codes, rtol=1e-5, atol=1e-6)


def test_prior_decodes_standard_normal_points(data):
    X, y = data
    sampler = VAEOverSampler(strategy="prior", random_state=0, **FAST)
    sampler.fit_resample(X, y)
    model = sampler.models_[1]
    z = np.random.default_rng(5).standard_normal((4, 2), dtype=np.float32)
    np.testing.assert_allclose(sampler._sample_class(model, 4, random_state=5), model.decode(z), rtol=1e-5)


def test_one_class_raises(data):
    X, _ = data
    with pytest.raises(ValueError, match="class"):
        VAEOverSampler(**FAST).fit_resample(X, np.zeros(len(X), dtype=int))


def test_nan_raises(data):
    X, y = data
    X = X.copy()
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        VAEOverSampler(**FAST).fit_resample(X, y)


def test_a_class_with_one_row_cannot_be_interpolated(data):
    X, y = data
    X, y = X[:81], y[:81]
    with pytest.raises(ValueError, match="class 1 has 1 rows; at least 2"):
        VAEOverSampler(strategy="interpolation", **FAST).fit_resample(X, y)


def test_mix_pairs_needs_two_rows():
    with pytest.raises(ValueError, match="at least 2 rows"):
        mix_pairs(np.zeros((1, 3)), 4)


@pytest.mark.parametrize("params", [{"strategy": "smote"}, {"epochs": 0}, {"beta": -1.0}, {"lr": 0.0}])
def test_bad_parameters_raise(data, params):
    X, y = data
    with pytest.raises(ValueError, match=next(iter(params))):
        VAEOverSampler(**{**FAST, **params}).fit_resample(X, y)
