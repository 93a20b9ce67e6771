"""course_utils.vision EOS: points towards nearest enemies, and the head-only second stage."""

import numpy as np
import pytest
import torch

from course_utils.vision import (EOS, Method, Net, ShuffleSampler, embed, enemy_points, eos_resample, run_methods,
                                 run_refinements)


def toy_embeddings(seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.cat([torch.randn(30, 2, generator=g), torch.randn(6, 2, generator=g) + 3])
    return x, torch.tensor([0] * 30 + [1] * 6)


def test_enemy_points_lie_between_a_point_and_one_of_its_nearest_enemies():
    x, y = toy_embeddings()
    points, enemies = x[y == 1], x[y == 0]
    new, pairs = enemy_points(points, enemies, 40, k=4, random_state=0)
    assert new.shape == (40, 2)
    nearest = torch.cdist(points, enemies).topk(4, largest=False).indices.numpy()
    for p, (i, j) in zip(new, pairs):
        assert j in nearest[i]
        a, b = points[i], enemies[j]
        u = torch.dot(p - a, b - a) / torch.dot(b - a, b - a)
        assert 0 <= u <= 1 + 1e-6 and torch.allclose(a + u * (b - a), p, atol=1e-5)
    with pytest.raises(ValueError, match="enemies"):
        enemy_points(points, enemies[:, :1], 3)


def test_only_points_with_an_enemy_among_their_neighbours_are_bases():
    # As in the published EOS.py: neighbours are searched among both classes; a point deep in its class
    # (all k neighbours friends) is never a base, and the partner is an enemy of the base's neighbourhood.
    points = torch.tensor([[0.0, 0.0], [0.1, 0.0], [0.2, 0.0], [0.3, 0.0], [1.0, 0.0]])
    enemies = torch.tensor([[1.2, 0.0], [1.5, 0.0], [5.0, 0.0]])
    _, pairs = enemy_points(points, enemies, 200, k=1, random_state=0)
    assert set(pairs[:, 0]) == {4} and set(pairs[:, 1]) == {0}
    _, pairs = enemy_points(points, enemies, 200, k=3, random_state=0)  # 4's neighbours: 1.2, 1.5 and 0.3
    assert set(pairs[:, 0]) == {4} and set(pairs[:, 1]) == {0, 1}
    assert enemy_points(points, enemies, 0, k=2)[0].shape == (0, 2)


def test_a_class_without_enemies_nearby_grows_towards_its_nearest_enemies():
    points = torch.tensor([[0.0, 0.0], [0.1, 0.0], [0.2, 0.0]])
    enemies = torch.tensor([[9.0, 0.0], [10.0, 0.0], [30.0, 0.0]])
    _, pairs = enemy_points(points, enemies, 300, k=2, random_state=0)
    assert set(pairs[:, 0]) == {0, 1, 2} and set(pairs[:, 1]) == {0, 1}


def test_eos_resample_balances_originals_first():
    x, y = toy_embeddings()
    grown, labels = eos_resample(x, y, k=3, random_state=0)
    assert np.bincount(labels.numpy()).tolist() == [30, 30]
    assert torch.equal(grown[:36], x) and (labels[36:] == 1).all()
    grown, labels = eos_resample(x, y, {1: 10})
    assert np.bincount(labels.numpy()).tolist() == [30, 10]


@pytest.mark.parametrize("targets, message", [({2: 40}, "class 2 has no point"), ({0: 5}, "more than its target")])
def test_eos_resample_rejects_bad_targets(targets, message):
    x, y = toy_embeddings()
    with pytest.raises(ValueError, match=message):
        eos_resample(x, y, targets)


def toy_images(n=(24, 8), seed=0):
    g = torch.Generator().manual_seed(seed)
    images = torch.randint(0, 60, (sum(n), 28, 28), generator=g, dtype=torch.uint8)
    images[n[0]:, :, 14:] += 150
    return images, torch.tensor([0] * n[0] + [1] * n[1])


def test_embed_gives_features_in_eval_mode():
    images, _ = toy_images()
    net = Net(n_classes=2, random_state=0).train()
    z = embed(net, images, device="cpu")
    assert z.shape == (32, Net.embedding_dim) and z.device.type == "cpu"
    assert torch.equal(z, embed(net, images, device="cpu")) and net.training


def test_eos_retrains_only_the_head():
    images, labels = toy_images()
    net = Net(n_classes=2, random_state=0)
    features = [p.clone() for p in net.features.parameters()]
    head = net.head.weight.clone()
    history = EOS(k=3, lr=0.1)(net, (images, labels), (images, labels), random_state=0, device="cpu", steps=5)
    assert history.best_step is not None
    assert all(torch.equal(a, b) for a, b in zip(features, net.features.parameters()))
    assert not torch.equal(head, net.head.weight)


def test_eos_as_a_refine_stage_of_run_methods():
    images, labels = toy_images()
    data = (images, labels)
    method = Method("EOS", lambda y, s: ShuffleSampler(y, s), refine=EOS(k=3, lr=0.05))
    results = run_methods([method], data, data, data, seeds=[0], steps=5, model=lambda random_state: Net(2, random_state),
                          device="cpu")
    assert set(results.method) == {"EOS"} and "class_1" in set(results.metric)
    with pytest.raises(ValueError, match="not both"):
        Method("x", lambda y, s: ShuffleSampler(y, s), finetune=lambda y, s: ShuffleSampler(y, s), refine=EOS())


def test_run_refinements_refines_copies_and_scores_like_run_methods():
    images, labels = toy_images()
    data = (images, labels)
    small = lambda random_state: Net(2, random_state)  # noqa: E731
    method = Method("plain", lambda y, s: ShuffleSampler(y, s))
    first, models = run_methods([method], data, data, data, seeds=[0, 1], steps=5, model=small, device="cpu",
                                n_jobs=1, return_models=True)
    head = models["plain", 0].head.weight.clone()
    table, refined = run_refinements({"EOS": ("plain", EOS(k=3, lr=0.1))}, models, data, data, data, seeds=[0, 1],
                                     steps=4, device="cpu", n_jobs=1, return_models=True)
    assert list(table.columns) == list(first.columns) and set(table.method) == {"EOS"}
    assert set(table.metric) == set(first.metric) and sorted(refined) == [("EOS", 0), ("EOS", 1)]
    assert torch.equal(models["plain", 0].head.weight, head)  # the first stage's network is untouched
    assert not torch.equal(refined["EOS", 0].head.weight, head)
    again = run_refinements({"EOS": ("plain", EOS(k=3, lr=0.1))}, models, data, data, data, seeds=[0, 1], steps=4,
                            device="cpu", n_jobs=1)
    timeless = [t[t.metric != "seconds"].reset_index(drop=True) for t in (table, again)]
    assert timeless[0].equals(timeless[1])  # side by side (n_jobs > 1) is parallel.side_by_side's, tested there
    with pytest.raises(ValueError, match="no trained network"):
        run_refinements({"EOS": ("other", EOS())}, models, data, data, data, seeds=[0], steps=2, device="cpu")
