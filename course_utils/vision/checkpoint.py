"""Score a network on the validation split during training and keep its best weights.

Introduced in Chapter 5. The test set never enters here: the checkpoint a run
keeps is chosen on validation.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import pandas as pd
import torch

from .scoring import evaluate_network

SELECT_ON = ("balanced_accuracy", "accuracy")


@dataclass
class History:
    """What a call to :func:`~course_utils.vision.fit` saw: one row per evaluation, and the step it kept.

    Introduced in Chapter 5.
    """

    records: list[dict] = field(default_factory=list)
    best_step: int | None = None
    best_score: float = float("-inf")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.records)


class ValidationCheckpoint:
    """Scores a model on a validation split and remembers the weights of its best score.

    Introduced in Chapter 5. :meth:`score` adds the validation scores to a
    history record and tells a sampler that learns from them (dynamic sampling)
    the per-class F1; :meth:`restore` loads the best weights back.

    Parameters
    ----------
    images, labels : tensors on the device, already prepared
    select_on : {"balanced_accuracy", "accuracy"}
    sampler : IndexSampler
        Receives ``feedback(per_class_f1)`` when its ``needs_feedback`` is true.
    """

    def __init__(self, images: torch.Tensor, labels: torch.Tensor, select_on: str, sampler):
        if select_on not in SELECT_ON:
            raise ValueError(f"select_on must be 'balanced_accuracy' or 'accuracy', got {select_on!r}.")
        self.images, self.labels, self.select_on, self.sampler = images, labels, select_on, sampler
        self.best_state = None

    def score(self, model: torch.nn.Module, record: dict, history: History, step: int) -> float:
        report = evaluate_network(model, self.images, self.labels, device=self.images.device)
        record.update(val_accuracy=report.accuracy, val_balanced_accuracy=report.balanced_accuracy)
        value = getattr(report, self.select_on)
        if value > history.best_score:
            history.best_score, history.best_step = value, step
            self.best_state = copy.deepcopy(model.state_dict())
        if self.sampler.needs_feedback:
            self.sampler.feedback(report.per_class_f1)
        return value

    def restore(self, model: torch.nn.Module) -> None:
        if self.best_state is not None:
            model.load_state_dict(self.best_state)
