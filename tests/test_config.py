"""course_utils.config: devices, seeds and profiles."""

import pytest
import torch

from course_utils import config


def test_profile_defaults_to_full(monkeypatch):
    monkeypatch.delenv("COURSE_PROFILE", raising=False)
    assert config.get_profile() == "full"


@pytest.mark.parametrize("value", ["quick", "QUICK", " full "])
def test_profile_reads_the_variable(monkeypatch, value):
    monkeypatch.setenv("COURSE_PROFILE", value)
    assert config.get_profile() == value.strip().lower()


def test_unknown_profile_names_the_choices(monkeypatch):
    monkeypatch.setenv("COURSE_PROFILE", "fast")
    with pytest.raises(ValueError, match="full, quick"):
        config.get_profile()


def test_chapter_settings_follow_the_profile(monkeypatch):
    full = config.chapter_settings(1, "full")
    quick = config.chapter_settings(1, "quick")
    assert type(full) is type(quick)
    assert quick.monte_carlo_samples < full.monte_carlo_samples
    monkeypatch.setenv("COURSE_PROFILE", "quick")
    assert config.chapter_settings(1) == quick


def test_chapter_settings_reject_unknown_chapters_and_profiles():
    with pytest.raises(ValueError, match="known chapters"):
        config.chapter_settings(99)
    with pytest.raises(ValueError, match="full, quick"):
        config.chapter_settings(1, "slow")


def test_every_chapter_has_both_profiles():
    for chapter, by_profile in config._SETTINGS.items():
        assert set(by_profile) == set(config.PROFILES), chapter
        assert type(by_profile["full"]) is type(by_profile["quick"]), chapter


def test_device_defaults_to_the_best_available(monkeypatch):
    monkeypatch.delenv("COURSE_DEVICE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else None
    device = config.get_device()
    assert isinstance(device, torch.device)
    if expected:
        assert device.type == expected
    elif not config._mps_available():
        assert device.type == "cpu"


def test_device_from_argument_and_variable(monkeypatch):
    assert config.get_device("cpu") == torch.device("cpu")
    assert config.get_device(torch.device("cpu")) == torch.device("cpu")
    monkeypatch.setenv("COURSE_DEVICE", "cpu")
    assert config.get_device() == torch.device("cpu")


def test_unknown_device_names_the_choices():
    with pytest.raises(ValueError, match="cuda, mps, cpu"):
        config.get_device("tpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_unavailable_device_says_what_is_available(monkeypatch):
    monkeypatch.setenv("COURSE_DEVICE", "cuda")
    with pytest.raises(ValueError, match="not available.*cpu"):
        config.get_device()
