"""Every chapter's benchmark of wall time: the whole chapter in the quick and full profiles.

Executes chapters (``book/chapters/NN_*.py``) top to bottom, as the book build
does, once per profile, and prints a markdown table with the wall time and the
machine's load average before and after, since the machines that build the
course are shared. The chapter issues set their goals on 2 CPU cores: Chapter 2
within 5 minutes, Chapters 3, 4 and 8 within 15, Chapters 5, 6 and 7 within 30.

Run: ``COURSE_UTILS_DATA=/path/to/shared/data python benchmarks/chapter_timing.py
[--chapters 03 04] [--profiles quick full]`` (default: every chapter, both profiles).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import jupytext
from nbclient import NotebookClient

CHAPTERS = Path(__file__).resolve().parents[1] / "book" / "chapters"


def run(chapter: Path, profile: str) -> float:
    """Execute ``chapter`` under ``profile``; return its wall time in seconds."""
    os.environ["COURSE_PROFILE"] = profile  # the kernel inherits the environment
    os.environ.setdefault("TQDM_DISABLE", "1")
    notebook = jupytext.read(chapter)
    start = time.perf_counter()
    NotebookClient(notebook, timeout=3600, kernel_name="python3",
                   resources={"metadata": {"path": str(chapter.parent)}}).execute()
    return time.perf_counter() - start


def main() -> None:
    available = {path.name[:2]: path for path in sorted(CHAPTERS.glob("[0-9][0-9]_*.py"))}
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapters", nargs="+", default=list(available), choices=list(available))
    parser.add_argument("--profiles", nargs="+", default=["quick", "full"], choices=["quick", "full"])
    args = parser.parse_args()
    print(f"CPUs: {os.cpu_count()}\n")
    print("| chapter | profile | wall time (s) | load average before | load average after |")
    print("| --- | --- | ---: | ---: | ---: |")
    for number in args.chapters:
        for profile in args.profiles:
            before = os.getloadavg()[0]
            seconds = run(available[number], profile)
            print(f"| {available[number].stem} | {profile} | {seconds:.0f} | {before:.2f} | {os.getloadavg()[0]:.2f} |",
                  flush=True)


if __name__ == "__main__":
    main()
