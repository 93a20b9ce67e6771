"""course_utils.parallel: the same results in order, with one process or several."""

import pytest

from course_utils.parallel import side_by_side


def power(base, exponent=1):
    return base ** exponent


def test_side_by_side_keeps_the_order_of_the_calls_in_one_process_or_several():
    calls = [((b,), {"exponent": e}) for b, e in [(2, 3), (3, 2), (5, 1), (7, 0)]]
    assert list(side_by_side(power, calls, n_jobs=1)) == [8, 9, 5, 1]
    assert list(side_by_side(power, calls, n_jobs=2)) == [8, 9, 5, 1]
    assert list(side_by_side(power, [], n_jobs=2)) == []


def test_side_by_side_refuses_a_bad_n_jobs_at_once():
    with pytest.raises(ValueError, match="n_jobs"):
        side_by_side(power, [((1,), {})], n_jobs=0)


def torch_threads(_):
    import torch

    return torch.get_num_threads()


def test_every_call_runs_on_the_same_number_of_threads_whatever_n_jobs():
    import torch

    before = torch.get_num_threads()
    calls = [((i,), {}) for i in range(3)]
    for n_jobs in (1, 2):
        assert list(side_by_side(torch_threads, calls, n_jobs=n_jobs)) == [1, 1, 1]
        assert list(side_by_side(torch_threads, calls, n_jobs=n_jobs, threads=2)) == [2, 2, 2]
    assert torch.get_num_threads() == before  # this process's setting is restored
    with pytest.raises(ValueError, match="threads"):
        side_by_side(torch_threads, calls, threads=0)
