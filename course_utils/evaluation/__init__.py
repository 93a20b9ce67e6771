"""Honest evaluation on imbalanced data: splits, thresholds, the leakage-free protocol,
summaries (mean ± std), paired comparisons, and decisions from scores.

Introduced in Chapter 1 (summaries) and Chapter 2 (the protocol); every chapter
reports through it. One module per job: :mod:`.splits`, :mod:`.thresholds`,
:mod:`.protocol`, :mod:`.summaries`, :mod:`.paired`; Chapter 2b adds
:mod:`.costs`, :mod:`.calibration`, :mod:`.recalibration`, :mod:`.gain_curves`,
:mod:`.ranking`, :mod:`.intervals` and :mod:`.scoring`.
"""

from .calibration import calibration_scores, calibration_table
from .costs import TransactionGain, decide, elkan_threshold
from .gain_curves import cost_curve, gain_curve
from .intervals import bootstrap_interval, splits_needed
from .paired import (
    VERDICTS,
    compare_paired,
    holm,
    paired_difference,
    verdict_clauses,
    verdict_sentence,
)
from .protocol import METRICS, evaluate, evaluate_resample_first, feature_separation
from .ranking import alerts_per_day, precision_recall_at_k
from .recalibration import METHODS as RECALIBRATION_METHODS
from .recalibration import fit_recalibrator, out_of_fold_recalibration
from .scoring import fit_and_score
from .splits import DisjointStratifiedSplits, repeated_split
from .summaries import mean_std, summarize
from .thresholds import best_f1_threshold, threshold_metrics

__all__ = [
    "METRICS",
    "RECALIBRATION_METHODS",
    "VERDICTS",
    "DisjointStratifiedSplits",
    "TransactionGain",
    "alerts_per_day",
    "best_f1_threshold",
    "bootstrap_interval",
    "calibration_scores",
    "calibration_table",
    "compare_paired",
    "cost_curve",
    "decide",
    "elkan_threshold",
    "evaluate",
    "evaluate_resample_first",
    "feature_separation",
    "fit_and_score",
    "fit_recalibrator",
    "gain_curve",
    "holm",
    "mean_std",
    "out_of_fold_recalibration",
    "paired_difference",
    "precision_recall_at_k",
    "repeated_split",
    "splits_needed",
    "summarize",
    "threshold_metrics",
    "verdict_clauses",
    "verdict_sentence",
]
