"""Text chapters: splits, augmentation with nlpaug, majority de-duplication and text classifiers.

Introduced in Chapter 8.
"""

from .augmenters import OneOf, augment_texts, make_char_noise, make_eda
from .back_translation import ModelUnavailableError, make_back_translation
from .dedup import MajorityDeduplicator, duplicate_mask
from .experiment import TextMethod, compare_methods, cross_fitted_f1, run_text_methods, spam_scores, summary_table
from .models import MixupTextClassifier, SentenceClassifier, make_tfidf_logreg, tokenize
from .samplers import MinorityAugmenter, augment_minority
from .split import TextSplit, encode_labels, split_texts, stratified_subset

__all__ = [
    "MajorityDeduplicator", "TextMethod", "MinorityAugmenter", "MixupTextClassifier", "ModelUnavailableError",
    "OneOf", "SentenceClassifier", "TextSplit", "augment_minority", "augment_texts", "compare_methods",
    "cross_fitted_f1", "duplicate_mask", "encode_labels", "make_back_translation", "make_char_noise", "make_eda",
    "make_tfidf_logreg", "run_text_methods", "spam_scores", "split_texts",
    "stratified_subset", "summary_table", "tokenize",
]
