"""The built book's benchmark: each chapter's execution time, read from jupyter-book's execution cache.

``bash .ci/book`` (the README's main command) executes every chapter once and
records, in ``_build/.jupyter_cache``, how long each took. This script prints
those times as a markdown table with their total, the profile the cache holds
(``.ci/book`` writes it there) and the commit, so that a build's timing can be
pasted into ``benchmarks/full_profile.md`` without typing a number. The house
budget: the whole full-profile book within 85 minutes on 2 idle CPU cores; in the
quick profile (CI), Chapters 2b and 5b within 60 seconds each.

Run after a build: ``python benchmarks/book_timing.py [path/to/_build/.jupyter_cache]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path

from jupyter_cache import get_cache

ROOT = Path(__file__).resolve().parents[1]
BUDGET_MINUTES = 85  # the whole full-profile book on 2 idle CPU cores
# The quick profile's budget of the chapters whose issues set one (issues 17 and 18): 60 s in CI.
QUICK_BUDGET_SECONDS = {"02b_scores_to_decisions": 60, "05b_loss_level_methods": 60}


def chapter_seconds(cache_path: Path) -> dict[str, float]:
    """Execution seconds of each cached chapter, by notebook name, in chapter order."""
    if not (cache_path / "global.db").exists():
        raise SystemExit(f"no execution cache at {cache_path}: build the book first (bash .ci/book).")
    records = get_cache(str(cache_path)).list_cache_records()
    seconds = {Path(record.uri).stem: float(record.data["execution_seconds"]) for record in records}
    return dict(sorted(seconds.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cache", nargs="?", type=Path, default=ROOT / "_build" / ".jupyter_cache")
    cache = parser.parse_args().cache
    seconds = chapter_seconds(cache)
    profile = (cache / "course-profile").read_text().strip() if (cache / "course-profile").exists() else "unknown"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=cache.parent.parent, capture_output=True,
                            text=True).stdout.strip() or "unknown"
    print(f"Profile `{profile}`, commit {commit}, {os.cpu_count()} CPU cores, load average now "
          f"{os.getloadavg()[0]:.1f}.\n")
    print("| chapter | execution (s) | execution (min) |")
    print("| --- | ---: | ---: |")
    for name, s in seconds.items():
        print(f"| {name} | {s:,.0f} | {s / 60:.1f} |")
    total = sum(seconds.values())
    print(f"| **total** | **{total:,.0f}** | **{total / 60:.1f}** |")
    if profile == "quick":
        print()
        for name, budget in QUICK_BUDGET_SECONDS.items():
            if name in seconds:
                within = "within" if seconds[name] <= budget else "over"
                print(f"{name}: {seconds[name]:,.0f} s, {within} its quick-profile budget of {budget} s.")
    else:
        within = "within" if total <= BUDGET_MINUTES * 60 else "over"
        print(f"\nExecution {within} the {BUDGET_MINUTES}-minute budget ({profile} profile).")


if __name__ == "__main__":
    main()
