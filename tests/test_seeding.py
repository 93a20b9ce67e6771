"""course_utils.seeding: one meaning of random_state across the package."""

import numpy as np
import pytest
import torch

from course_utils.seeding import check_seed, child_seeds, numpy_generator, seeded, torch_generator


def test_an_int_repeats_and_none_draws_fresh_entropy():
    assert check_seed(7) == 7
    assert len({check_seed(None) for _ in range(5)}) > 1
    assert numpy_generator(3).random() == numpy_generator(3).random()
    assert not np.array_equal(numpy_generator(None).random(4), numpy_generator(None).random(4))
    a = torch.randn(5, generator=torch_generator(3))
    assert torch.equal(a, torch.randn(5, generator=torch_generator(3)))


def test_bad_random_states_are_refused_with_a_clear_error():
    with pytest.raises(TypeError, match="None or an int"):
        check_seed(1.5)
    with pytest.raises(TypeError, match="None or an int"):
        check_seed(np.random.RandomState(0))
    with pytest.raises(ValueError, match=r"\[0, 2\*\*32"):
        check_seed(-1)
    with pytest.raises(ValueError, match=r"\[0, 2\*\*32"):
        check_seed(2**32)
    assert check_seed(2**32 - 1) == 2**32 - 1   # NumPy's and scikit-learn's largest seed
    with pytest.raises(ValueError, match="non-negative"):
        child_seeds(0, -2)


def test_child_seeds_repeat_and_do_not_overlap_between_parents():
    assert child_seeds(0, 4) == child_seeds(0, 4)
    assert len(set(child_seeds(0, 4))) == 4
    assert not set(child_seeds(0, 4)) & set(child_seeds(1, 4))   # unlike seed, seed + 1, ...
    assert child_seeds(0, 2) == child_seeds(0, 4)[:2]


def test_seeded_repeats_initialisation_and_restores_the_global_generator():
    torch.manual_seed(123)
    expected_next = torch.rand(3)
    torch.manual_seed(123)
    with seeded(5) as seed:
        first = torch.nn.Linear(4, 2).weight.detach().clone()
    assert seed == 5
    assert torch.equal(torch.rand(3), expected_next)   # the global stream went on as if untouched
    with seeded(5):
        second = torch.nn.Linear(4, 2).weight.detach().clone()
    assert torch.equal(first, second)
    with seeded(6):
        other = torch.nn.Linear(4, 2).weight.detach().clone()
    assert not torch.equal(first, other)


def test_a_seed_means_the_same_draws_whatever_the_target_device():
    draws = torch.randn(4, generator=torch_generator(9)).to("cpu")
    if torch.cuda.is_available():
        on_gpu = torch.randn(4, generator=torch_generator(9)).to("cuda")
        assert torch.equal(on_gpu.cpu(), draws)
    with seeded(9, device="cpu"):   # the global CPU stream under a seed is the seeded generator's stream
        assert torch.equal(torch.randn(4), draws)


def test_seeded_globals_repeats_python_and_numpy_draws_and_restores_them():
    import random

    import numpy as np

    from course_utils.seeding import seeded_globals

    random.seed(5), np.random.seed(5)
    before = (random.random(), np.random.random())
    random.seed(5), np.random.seed(5)
    draws = []
    for _ in range(2):
        with seeded_globals(11) as seed:
            draws.append((random.random(), np.random.random()))
    assert seed == 11 and draws[0] == draws[1]
    assert (random.random(), np.random.random()) == before
