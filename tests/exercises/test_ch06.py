"""Chapter 6's checkers accept the right answers and explain the wrong ones."""

import numpy as np
import pytest
import torch

from course_utils.exercises import ExerciseError, ch06
from course_utils.vision import CutMix, Mixer, MixUp


class FMix(Mixer):
    """The exercise's solution: paste through a thresholded low-frequency noise image."""

    def __init__(self, n_classes, alpha=1.0, decay=3.0, lam_error=0.0):
        super().__init__(n_classes, alpha)
        self.decay, self.lam_error = decay, lam_error

    def mix(self, images, generator):
        lam = self.sample_lambda(generator)
        h, w = images.shape[-2:]
        freqs = torch.sqrt(torch.fft.fftfreq(h)[:, None] ** 2 + torch.fft.rfftfreq(w)[None, :] ** 2)
        scale = freqs.clamp(min=1 / max(h, w)) ** -self.decay
        spectrum = torch.view_as_complex(torch.randn(*freqs.shape, 2, generator=generator) * scale[..., None])
        noise = torch.fft.irfft2(spectrum, s=(h, w)).flatten()
        keep = round(lam * h * w)
        mask = torch.zeros(h * w, dtype=torch.bool)
        mask[noise.argsort(descending=True)[:keep]] = True
        perm = self.permutation(len(images), generator, images.device)
        mixed = torch.where(mask.reshape(h, w).to(images.device), images, images[perm])
        return mixed, keep / (h * w) + self.lam_error, perm


def test_unanswered_exercises_say_so():
    for check in (ch06.check_cutmix_weight, ch06.check_remix_shares, ch06.check_fmix):
        assert check(None).startswith("Not answered yet")


def test_cutmix_weight():
    p = ch06.CUTMIX_EXERCISE
    half = int(28 * np.sqrt(1 - p["lam"])) // 2
    assert half == 12
    top, bottom, left, right = 25 - 12, 28, 0, 4 + 12
    right_answer = 1 - (bottom - top) * (right - left) / 784
    assert ch06.check_cutmix_weight(right_answer).startswith("Correct")
    with pytest.raises(ExerciseError, match="clipped"):
        ch06.check_cutmix_weight(p["lam"])
    with pytest.raises(ExerciseError, match="pasted share"):
        ch06.check_cutmix_weight(1 - right_answer)


def test_remix_shares():
    p = ch06.REMIX_EXERCISE
    counts = np.array(p["class_counts"])
    answer = []
    for lam in p["lams"]:
        row = []
        for i, j in zip(p["labels_i"], p["labels_j"]):
            ratio = counts[i] / counts[j]
            row.append(0.0 if ratio >= 3 and lam < 0.5 else 1.0 if ratio <= 1 / 3 and 1 - lam < 0.5 else lam)
        answer.append(row)
    assert ch06.check_remix_shares(answer).startswith("Correct")
    with pytest.raises(ExerciseError, match="plain MixUp"):
        ch06.check_remix_shares([[lam] * 6 for lam in p["lams"]])
    with pytest.raises(ExerciseError, match="rare"):
        ch06.check_remix_shares(1 - np.array(answer))


def test_fmix():
    assert ch06.check_fmix(FMix(4)).startswith("Correct")
    with pytest.raises(ExerciseError, match="rectangle"):
        ch06.check_fmix(CutMix(4))
    with pytest.raises(ExerciseError, match="neither"):
        ch06.check_fmix(MixUp(4))
    with pytest.raises(ExerciseError, match="share of the mask"):
        ch06.check_fmix(FMix(4, lam_error=0.1))
    with pytest.raises(ExerciseError, match="Mixer subclass"):
        ch06.check_fmix(lambda images, labels, g: (images, labels))
