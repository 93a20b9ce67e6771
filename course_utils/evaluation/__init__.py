"""Honest evaluation on imbalanced data: splits, thresholds, the leakage-free protocol,
summaries (mean ± std) and paired comparisons.

Introduced in Chapter 1 (summaries) and Chapter 2 (the protocol); every chapter
reports through it. One module per job: :mod:`.splits`, :mod:`.thresholds`,
:mod:`.protocol`, :mod:`.summaries`, :mod:`.paired`.
"""

from .paired import (
    VERDICTS,
    compare_paired,
    holm,
    paired_difference,
    verdict_clauses,
    verdict_sentence,
)
from .protocol import METRICS, evaluate, evaluate_resample_first, feature_separation
from .splits import DisjointStratifiedSplits, repeated_split
from .summaries import mean_std, summarize
from .thresholds import best_f1_threshold, threshold_metrics

__all__ = [
    "METRICS",
    "VERDICTS",
    "DisjointStratifiedSplits",
    "best_f1_threshold",
    "compare_paired",
    "evaluate",
    "evaluate_resample_first",
    "feature_separation",
    "holm",
    "mean_std",
    "paired_difference",
    "repeated_split",
    "summarize",
    "threshold_metrics",
    "verdict_clauses",
    "verdict_sentence",
]
