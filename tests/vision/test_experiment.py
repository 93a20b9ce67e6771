"""course_utils.vision.experiment: many methods, many seeds, one table."""

import pytest

from course_utils import vision
from course_utils.vision import Method, Net, RandomOverSampler, ShuffleSampler, run_methods
from test_train import toy_images


def small_net(random_state):
    return Net(n_classes=2, random_state=random_state)


def test_run_methods_gives_one_row_per_method_and_seed():
    train, val, test = toy_images(), toy_images((10, 10), seed=1), toy_images((15, 15), seed=2)
    methods = [
        Method("baseline", lambda y, s: ShuffleSampler(y, s)),
        Method("two-stage", lambda y, s: RandomOverSampler(y, random_state=s),
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
               Method("over-sampling", lambda y, s: RandomOverSampler(y, random_state=s))]
    runs = {n_jobs: run_methods(methods, train, val, test, seeds=[0, 1], steps=6, model=small_net, batch_size=16,
                                device="cpu", n_jobs=n_jobs) for n_jobs in (1, 2)}
    timeless = [t[t.metric != "seconds"].reset_index(drop=True) for t in runs.values()]
    assert timeless[0][["method", "seed", "metric"]].equals(timeless[1][["method", "seed", "metric"]])
    # Workers run one thread each, which may change the last bits of a sum, not the result.
    assert (timeless[0].value - timeless[1].value).abs().max() < 0.05
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
