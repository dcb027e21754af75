"""How long a notebook takes the student it is written for, estimated the same way for every one.

    python tools/times.py            # the estimate of every notebook beside what its header says

A notebook's **Time:** line must say what :func:`minutes` gives (``tests/test_times.py`` checks it),
so the promise stays honest as the notebook changes. The estimate is

    words of prose / 120 a minute   (careful reading of text with formulas, not skimming)
  + lines of code  / 8 a minute     (reading a line, predicting what it does, running it)
  + 8 minutes per exercise          (trying, reading the feedback, trying again)

rounded up to 5 minutes. The rates were calibrated on a timed walk-through of notebooks 00-05 by a
student with high-school calculus and a little Python (``../shared/reviews/student.md``): with
them, notebooks 01-04 as they were then come out within 10 minutes of the times measured. Two were
outside: 00 (then half instructor material, which the student skimmed) and 05 for a student new to
NumPy (100-120 minutes against 75; the primer notebook now carries that NumPy, and its own time).
"""

from __future__ import annotations

import math
import re
import sys

import nbformat
from notebook_io import NOTEBOOKS

WORDS_PER_MINUTE = 120
CODE_LINES_PER_MINUTE = 8
MINUTES_PER_EXERCISE = 8
TIME_LINE = re.compile(r"\*\*Time:\*\* about (\d+) minutes")


def code_lines(text: str) -> int:
    """Lines a student reads in a code cell: not blank, not comments."""
    return sum(1 for line in text.splitlines() if line.strip() and not line.strip().startswith("#"))


def minutes(nb: nbformat.NotebookNode) -> int:
    """The estimated minutes for a notebook, exercises included, rounded up to a multiple of 5."""
    words = sum(len(c.source.split()) for c in nb.cells if c.cell_type == "markdown")
    lines = sum(code_lines(c.source) for c in nb.cells if c.cell_type == "code")
    exercises = sum(
        1 for c in nb.cells if c.cell_type == "markdown" and c.source.startswith("### Exercise")
    )
    total = (
        words / WORDS_PER_MINUTE + lines / CODE_LINES_PER_MINUTE + exercises * MINUTES_PER_EXERCISE
    )
    return 5 * math.ceil(total / 5)


def stated(nb: nbformat.NotebookNode) -> int | None:
    """The minutes a notebook's header promises (``**Time:** about N minutes``), or None."""
    match = TIME_LINE.search(nb.cells[0].source) if nb.cells else None
    return int(match[1]) if match else None


def timed_notebooks() -> list:
    """The notebooks a student works through: the numbered ones and the primer."""
    return sorted(
        p
        for p in NOTEBOOKS.glob("*.ipynb")
        if p.name != "index.ipynb" and not p.name.startswith("A_")
    )


def main() -> int:
    total = 0
    for path in timed_notebooks():
        nb = nbformat.read(path, as_version=4)
        estimate = minutes(nb)
        total += estimate
        print(f"{path.name:45} estimate {estimate:4} min   header says {stated(nb)}")
    print(f"{'the whole series':45} estimate {total:4} min = {total / 60:.1f} h")
    return 0


if __name__ == "__main__":
    sys.exit(main())
