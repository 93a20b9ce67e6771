"""Chapter 2 benchmark: what each sampler costs on the fraud data's full training split.

On a stratified 80/20 split of all 284,807 transactions, the training split is
preprocessed once (``FraudPreprocessor``), then each sampler's ``fit_resample``
is timed, followed by an XGBoost fit (``tree_method="hist"``, ``n_jobs=2``) on
what it returned. The table tells the chapter which samplers fit its budget on
all rows (the issue's goal: the full-profile chapter in about 5 minutes on 2
cores) and which run on a subsample of normal payments there.

Run: ``COURSE_UTILS_DATA=/path/to/shared/data python benchmarks/ch02_samplers.py
[--normal-rows N] [--only NAME ...]``. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import time

from sklearn.model_selection import train_test_split
from xgboost import XGBClassifier

from course_utils.data import load_creditcard
from course_utils.tabular import FraudPreprocessor, cleaning_samplers, resampling_samplers, subsample_majority

SEED = 0
SAMPLERS = {"none": None, **resampling_samplers(SEED, n_jobs=2), **cleaning_samplers(SEED, n_jobs=2)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--normal-rows", type=int, default=None,
                        help="keep all frauds and this many normal rows (default: all rows)")
    parser.add_argument("--only", nargs="+", choices=list(SAMPLERS), default=list(SAMPLERS),
                        help="samplers to time (default: all)")
    args = parser.parse_args()

    data = subsample_majority(load_creditcard(), args.normal_rows, random_state=SEED)
    X, y = data.drop(columns="Class"), data["Class"]
    X_train, _, y_train, _ = train_test_split(X, y, test_size=0.2, stratify=y, random_state=SEED)
    X_train = FraudPreprocessor().fit_transform(X_train)
    print(f"Training split: {len(y_train):,} rows, {int(y_train.sum())} frauds.\n")
    print("| sampler | rows after | fit_resample (s) | XGBoost fit (s) |")
    print("| --- | ---: | ---: | ---: |")
    for name in args.only:
        sampler = SAMPLERS[name]
        start = time.perf_counter()
        X_res, y_res = (X_train, y_train) if sampler is None else sampler.fit_resample(X_train, y_train)
        resample = time.perf_counter() - start
        start = time.perf_counter()
        XGBClassifier(tree_method="hist", n_jobs=2, random_state=SEED).fit(X_res, y_res)
        fit = time.perf_counter() - start
        print(f"| {name} | {len(y_res):,} | {resample:.2f} | {fit:.2f} |", flush=True)


if __name__ == "__main__":
    main()
