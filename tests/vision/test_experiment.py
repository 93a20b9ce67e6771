"""course_utils.vision.experiment: many methods, many seeds, one table."""

import numpy as np
import pytest

from course_utils import vision
from course_utils.vision import Method, Net, RandomOverIndexSampler, ShuffleSampler, run_methods
from course_utils.vision.experiment import logit_adjustment_scores, score_models
from course_utils.vision.losses import DeferredReweighting, LogitAdjusted, WeightedCrossEntropy
from test_train import toy_images


def small_net(random_state):
    return Net(n_classes=2, random_state=random_state)


def test_run_methods_gives_one_row_per_method_and_seed():
    train, val, test = toy_images(), toy_images((10, 10), seed=1), toy_images((15, 15), seed=2)
    methods = [
        Method("baseline", lambda y, s: ShuffleSampler(y, s)),
        Method("two-stage", lambda y, s: RandomOverIndexSampler(y, random_state=s),
               finetune=lambda y, s: ShuffleSampler(y, s), finetune_share=0.25),
    ]
    table = run_methods(methods, train, val, test, seeds=[0, 1], steps=8, model=small_net,
                        batch_size=16, device="cpu")
    assert list(table.columns) == ["method", "seed", "metric", "value"]
    runs = table.pivot_table(index=["method", "seed"], columns="metric", values="value")
    assert list(runs.index) == [("baseline", 0), ("baseline", 1), ("two-stage", 0), ("two-stage", 1)]
    assert {"accuracy", "balanced_accuracy", "class_0", "class_1", "best_step", "seconds"} <= set(runs)
    assert runs[["accuracy", "class_0", "class_1"]].apply(lambda c: c.between(0, 1)).all().all()
    assert (runs.seconds > 0).all()


def test_same_seed_same_scores():
    train, val, test = toy_images(), toy_images((10, 10), seed=1), toy_images((15, 15), seed=2)
    method = [Method("baseline", lambda y, s: ShuffleSampler(y, s))]
    a = run_methods(method, train, val, test, seeds=[3], steps=5, model=small_net, batch_size=16, device="cpu")
    b = run_methods(method, train, val, test, seeds=[3], steps=5, model=small_net, batch_size=16, device="cpu")
    timeless = lambda t: t[t.metric != "seconds"].reset_index(drop=True)
    assert timeless(a).equals(timeless(b))


def test_parallel_runs_match_runs_in_this_process():
    train, val, test = toy_images(), toy_images((10, 10), seed=1), toy_images((15, 15), seed=2)
    methods = [Method("baseline", lambda y, s: ShuffleSampler(y, s)),
               Method("over-sampling", lambda y, s: RandomOverIndexSampler(y, random_state=s))]
    runs = {n_jobs: run_methods(methods, train, val, test, seeds=[0, 1], steps=6, model=small_net, batch_size=16,
                                device="cpu", n_jobs=n_jobs) for n_jobs in (1, 2)}
    timeless = [t[t.metric != "seconds"].reset_index(drop=True) for t in runs.values()]
    # Every run uses the same torch thread count whatever n_jobs (parallel.side_by_side), so the
    # numbers agree exactly, not just closely.
    assert timeless[0].equals(timeless[1])
    table, models = run_methods(methods, train, val, test, seeds=[0, 1], steps=6, model=small_net, batch_size=16,
                                device="cpu", n_jobs=2, return_models=True)
    assert sorted(models) == [("baseline", 0), ("baseline", 1), ("over-sampling", 0), ("over-sampling", 1)]
    images, labels = test
    net = models["baseline", 1].eval()
    accuracy = (net(vision.prepare_images(images, "cpu")).argmax(1) == labels).float().mean().item()
    assert accuracy == pytest.approx(table.query("method == 'baseline' and seed == 1 and metric == 'accuracy'").value.item())
    with pytest.raises(ValueError, match="n_jobs"):
        run_methods(methods, train, val, test, seeds=[0], steps=1, model=small_net, device="cpu", n_jobs=0)


def test_two_stage_needs_a_budget_it_can_split():
    with pytest.raises(ValueError, match="finetune_share"):
        Method("x", lambda y, s: ShuffleSampler(y, s), finetune=lambda y, s: ShuffleSampler(y, s),
               finetune_share=1.5)
    train = toy_images()
    method = Method("x", lambda y, s: ShuffleSampler(y, s), finetune=lambda y, s: ShuffleSampler(y, s),
                    finetune_share=0.9)
    with pytest.raises(ValueError, match="too small"):
        run_methods([method], train, train, train, seeds=[0], steps=1, model=small_net, device="cpu")


def test_a_method_can_override_the_shared_fit_settings():
    train, val, test = toy_images(), toy_images((10, 10), seed=1), toy_images((15, 15), seed=2)
    shared = Method("shared", lambda y, s: ShuffleSampler(y, s))
    own = Method("own", lambda y, s: ShuffleSampler(y, s), fit_kwargs={"lr": 0.5})
    same = Method("same", lambda y, s: ShuffleSampler(y, s), fit_kwargs={"lr": 0.05})
    table = run_methods([shared, own, same], train, val, test, seeds=[0], steps=6, model=small_net,
                        batch_size=16, lr=0.05, device="cpu", n_jobs=1)
    runs = table[table.metric != "seconds"].pivot_table(index="metric", columns="method", values="value")
    assert runs["same"].equals(runs["shared"])  # the override that repeats the shared setting changes nothing
    assert not runs["own"].equals(runs["shared"])


def test_validation_scores_are_the_mean_validation_score_of_each_method():
    train, val = toy_images(), toy_images((10, 10), seed=1)
    methods = [Method("over-sampling", lambda y, s: RandomOverIndexSampler(y, random_state=s)),
               Method("baseline", lambda y, s: ShuffleSampler(y, s))]
    kwargs = dict(seeds=[0, 1], steps=6, model=small_net, batch_size=16, eval_every=2, lr=0.05, device="cpu", n_jobs=1)
    scores = vision.validation_scores(methods, train, val, **kwargs)
    assert list(scores.index) == ["over-sampling", "baseline"]  # the order given
    runs = run_methods(methods, train, val, val, **kwargs)
    expected = runs[runs.metric == "val_score"].groupby("method").value.mean()
    assert scores.to_dict() == pytest.approx(expected.to_dict())
    assert scores.between(0, 1).all()
    other_rate = vision.validation_scores(methods, train, val, **{**kwargs, "lr": 0.5})
    assert not other_rate.equals(scores)  # the fit settings reach every run


def test_a_method_builds_its_loss_afresh_for_every_run_from_the_training_labels():
    train, val, test = toy_images(), toy_images((10, 10), seed=1), toy_images((15, 15), seed=2)
    built = []

    def drw(labels):
        built.append((labels, DeferredReweighting(WeightedCrossEntropy(np.bincount(labels), kind=None), start_step=3)))
        return built[-1][1]

    def shuffle(y, s):
        return ShuffleSampler(y, s)

    two_stage = Method("two-stage DRW", shuffle, finetune=shuffle, finetune_share=0.25, loss=drw)
    run_methods([two_stage], train, val, test, seeds=[0, 1], steps=8, model=small_net, batch_size=16,
                device="cpu", n_jobs=1)
    assert len(built) == 2 and built[0][1] is not built[1][1]
    np.testing.assert_array_equal(built[0][0], train[1].numpy())
    # Each run's DRW counted its own steps, both stages together: none was shared between runs.
    assert [loss.calls for _, loss in built] == [8, 8]
    assert all(loss.loss.weight is not None for _, loss in built)


def test_the_loss_of_a_method_is_the_one_fit_minimises():
    train, val, test = toy_images(), toy_images((10, 10), seed=1), toy_images((15, 15), seed=2)
    plain = Method("plain", lambda y, s: ShuffleSampler(y, s))
    unweighted = Method("unweighted", lambda y, s: ShuffleSampler(y, s),
                        loss=lambda y: WeightedCrossEntropy(np.bincount(y), kind=None))
    weighted = Method("weighted", lambda y, s: ShuffleSampler(y, s),
                      loss=lambda y: WeightedCrossEntropy(np.bincount(y), kind="inverse"))
    table = run_methods([plain, unweighted, weighted], train, val, test, seeds=[0], steps=6, model=small_net,
                        batch_size=16, lr=0.05, device="cpu", n_jobs=1)
    runs = table[table.metric != "seconds"].pivot_table(index="metric", columns="method", values="value")
    assert runs["unweighted"].equals(runs["plain"])  # cross-entropy by another name changes nothing
    assert not runs["weighted"].equals(runs["plain"])


def test_score_models_scores_as_run_methods_does():
    train, val, test = toy_images(), toy_images((10, 10), seed=1), toy_images((15, 15), seed=2)
    method = [Method("baseline", lambda y, s: ShuffleSampler(y, s))]
    table, models = run_methods(method, train, val, test, seeds=[0, 1], steps=6, model=small_net, batch_size=16,
                                device="cpu", n_jobs=1, return_models=True)
    counts = np.bincount(train[1].numpy())
    same = score_models({("baseline", s): LogitAdjusted(models["baseline", s], counts, tau=0.0) for s in (0, 1)},
                        test, val=val, device="cpu")
    assert list(same.columns) == ["method", "seed", "metric", "value"]
    key = ["method", "seed", "metric"]
    ours = same[same.metric != "val_score"].set_index(key).value.sort_index()
    theirs = table[table.metric.isin(ours.index.get_level_values("metric"))].set_index(key).value.sort_index()
    assert ours.to_dict() == pytest.approx(theirs.to_dict())  # tau = 0 is the network as trained
    val_scores = same[same.metric == "val_score"].set_index("seed").value
    for s in (0, 1):
        assert val_scores[s] == pytest.approx(vision.evaluate_network(models["baseline", s], *val,
                                                                      device="cpu").balanced_accuracy)
    adjusted = score_models({("adjusted", 0): LogitAdjusted(models["baseline", 0], counts, tau=1e4)}, test,
                            device="cpu")
    assert "val_score" not in set(adjusted.metric)
    per_class = adjusted[adjusted.metric.str.startswith("class_")].value.tolist()
    assert per_class == [0.0, 1.0]  # an extreme adjustment predicts the rare class everywhere


def test_logit_adjustment_scores_are_the_adjusted_networks_balanced_accuracies():
    train, val = toy_images(), toy_images((30, 6), seed=1)
    net = small_net(0)
    vision.fit(net, *train, ShuffleSampler(train[1], 0), steps=6, batch_size=16, lr=0.05, device="cpu")
    counts = np.bincount(train[1].numpy())
    taus = [0.0, 0.5, 1.0, 3.0, 1e4]
    scores = logit_adjustment_scores(net, *val, counts, taus, device="cpu")
    assert list(scores.index) == taus and scores.index.name == "tau"
    expected = [vision.evaluate_network(LogitAdjusted(net, counts, t), *val, device="cpu").balanced_accuracy
                for t in taus]
    np.testing.assert_allclose(scores.to_numpy(), expected, rtol=1e-6)
    assert scores[1e4] == pytest.approx(0.5)  # every image to the rare class: one of two recalls is 1
    with pytest.raises(ValueError, match="taus is empty"):
        logit_adjustment_scores(net, *val, counts, [], device="cpu")
    with pytest.raises(ValueError, match="36 images but 35 labels"):
        logit_adjustment_scores(net, val[0], val[1][:35], counts, taus, device="cpu")
