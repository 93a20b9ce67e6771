"""Chapter 8 benchmark: wall time of the whole chapter in the quick and full profiles.

Executes ``book/chapters/08_text_augmentation.py`` top to bottom (as the book
build does) once per profile and prints a markdown table with the wall time, the
machine's CPU count and its load average before and after, since the machines
that build the course are shared. Goal (issue): the full profile within 15
minutes on 2 CPU cores.

Run: ``COURSE_UTILS_DATA=/path/to/shared/data python benchmarks/ch08_timing.py
[--profiles quick full]``.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient

CHAPTER = Path(__file__).resolve().parents[1] / "book" / "chapters" / "08_text_augmentation.py"


def run(profile: str) -> float:
    """Execute the chapter under ``profile``; return its wall time in seconds."""
    os.environ["COURSE_PROFILE"] = profile  # the kernel inherits the environment
    notebook = jupytext.read(CHAPTER)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=3600, kernel_name="python3",
                   resources={"metadata": {"path": str(CHAPTER.parent)}}).execute()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", nargs="+", default=["quick", "full"], choices=["quick", "full"])
    args = parser.parse_args()
    print(f"CPUs: {os.cpu_count()}\n")
    print("| profile | wall time (s) | load average before | load average after |")
    print("| --- | ---: | ---: | ---: |")
    for profile in args.profiles:
        before = os.getloadavg()[0]
        seconds = run(profile)
        print(f"| {profile} | {seconds:.0f} | {before:.2f} | {os.getloadavg()[0]:.2f} |", flush=True)


if __name__ == "__main__":
    main()
