"""course_utils.glue: values reach myst-nb, and Colab works without it."""

import builtins
import sys

import pytest

from course_utils.glue import glue


def test_glue_hands_the_value_to_myst_nb(monkeypatch):
    calls = []
    fake = type(sys)("myst_nb")
    fake.glue = lambda name, value, display=True: calls.append((name, value, display))
    monkeypatch.setitem(sys.modules, "myst_nb", fake)
    assert glue("ap", 0.875) is None
    assert calls == [("ap", 0.875, False)]


def test_glue_without_myst_nb_returns_the_value(monkeypatch, capsys):
    real_import = builtins.__import__

    def no_myst(name, *args, **kwargs):
        if name == "myst_nb":
            raise ImportError("not on Colab")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "myst_nb", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_myst)
    glue("n", 3)
    assert capsys.readouterr().out == ""
    glue("n", 4, display=True)
    assert "4" in capsys.readouterr().out


@pytest.mark.parametrize("value", [1, 0.5, "0.875 ± 0.028"])
def test_glue_returns_nothing_so_cells_show_no_stray_output(value):
    assert glue("x", value) is None
