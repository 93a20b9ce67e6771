"""The generative over-samplers pass every one of imbalanced-learn's own sampler checks.

Small models and few steps: the checks test the sampler protocol (input types,
sparse and pandas input, sampling_strategy, dtypes, feature names), not the
quality of the synthetic rows.
"""

from imblearn.utils.estimator_checks import parametrize_with_checks

from course_utils.tabular import GANOverSampler, VAEOverSampler

SAMPLERS = [
    VAEOverSampler(epochs=2, hidden=(8,), latent_dim=2, random_state=0, device="cpu"),
    GANOverSampler(kind="gan", steps=4, sample_every=2, checkpoint="last", random_state=0, device="cpu"),
    GANOverSampler(kind="wcgan-gp", steps=4, sample_every=2, checkpoint="last", n_clusters=2,
                   random_state=0, device="cpu"),
]


@parametrize_with_checks(SAMPLERS)
def test_imbalanced_learn_sampler_checks(estimator, check):
    check(estimator)
