"""Each notebook's **Time:** line is the series' one estimate of it (tools/times.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import times


@pytest.mark.parametrize("path", times.timed_notebooks(), ids=lambda p: p.name)
def test_the_header_states_the_estimate(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    estimate = times.minutes(nb)
    assert times.stated(nb) == estimate, (
        f"{path.name}: the header must say '**Time:** about {estimate} minutes' "
        f"(python tools/times.py explains the estimate), it says {times.stated(nb)}"
    )


def test_the_estimate_counts_prose_code_and_exercises() -> None:
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell(" ".join(["word"] * 1200)),  # 10 minutes of reading
        new_code_cell("# a comment\n\nx = 1\n" * 40),  # 40 lines: 5 minutes
        new_markdown_cell("### Exercise 01.1 — one"),  # 8 minutes, and 5 words
    ]
    assert times.minutes(nb) == 25  # 10 + 5 + 8 + 0.04 = 23.04, rounded up to 25


def test_the_stated_time_is_read_from_the_header() -> None:
    nb = new_notebook()
    nb.cells = [new_markdown_cell("# 01 · T\n\n**Time:** about 85 minutes.")]
    assert times.stated(nb) == 85
    nb.cells = [new_markdown_cell("# 01 · T\n\n**Time:** an hour.")]
    assert times.stated(nb) is None
