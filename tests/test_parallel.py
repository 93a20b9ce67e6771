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
