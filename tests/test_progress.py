"""course_utils.progress: verbose decides, and the book's TQDM_DISABLE is honoured."""

import os
import subprocess
import sys

from course_utils.progress import progress


def test_verbose_false_hides_the_bar():
    assert progress(range(3), verbose=False).disable
    with open(os.devnull, "w") as sink:
        assert not progress(range(3), verbose=True, file=sink).disable


def test_the_book_build_hides_bars_through_the_environment():
    # tqdm reads TQDM_* variables when it is imported, as a fresh kernel of the book build does.
    code = "from course_utils.progress import progress; print(progress(range(3), verbose=True).disable)"
    clean = {k: v for k, v in os.environ.items() if k != "TQDM_DISABLE"}
    for env, expected in (({**clean, "TQDM_DISABLE": "1"}, "True"), (clean, "False")):
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == expected
