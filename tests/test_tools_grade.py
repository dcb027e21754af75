"""make grade: planted submissions (right, wrong, empty, broken JSON, endless loop) are each
scored through the exercises' own checks, reported, and never stop the run."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import grade
import pytest

SUBMISSIONS = Path(__file__).resolve().parent / "fixtures" / "submissions"
LIMIT = 15.0  # s per notebook: the endless one must be stopped near it
IDS = ["01.1", "01.2", "01.3", "01.4", "01.5"]


@pytest.fixture(scope="module")
def graded(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, dict[str, str]], Path, float]:
    out = tmp_path_factory.mktemp("grades")
    start = time.monotonic()
    grade.grade(SUBMISSIONS, out, timeout=LIMIT)
    elapsed = time.monotonic() - start
    with (out / "grades.csv").open(encoding="utf-8") as file:
        rows = {row["submission"]: row for row in csv.DictReader(file)}
    return rows, out, elapsed


def marks(row: dict[str, str]) -> list[str]:
    return [row[i] for i in IDS]


def test_one_row_per_submission_one_column_per_exercise(graded) -> None:
    rows, _, _ = graded
    assert sorted(rows) == sorted(p.name for p in SUBMISSIONS.glob("*.ipynb"))
    assert list(next(iter(rows.values()))) == ["submission", *IDS, "score", "out of", "problems"]


def test_a_right_submission_scores_every_exercise(graded) -> None:
    row = graded[0]["01_right.ipynb"]
    assert (marks(row), row["score"], row["out of"], row["problems"]) == (["1"] * 5, "5", "5", "")


def test_wrong_answers_score_nothing_and_a_failing_cell_is_reported(graded) -> None:
    rows, out, _ = graded
    row = rows["01_wrong.ipynb"]
    assert marks(row) == ["0", "0", "0", "0", "1"]  # the cell after the failing one still ran
    assert row["problems"] == "cell 6: ZeroDivisionError: division by zero"
    text = (out / "feedback" / "01_wrong.txt").read_text(encoding="utf-8")
    assert "1 of 5 exercises correct" in text
    assert "you forgot to multiply by the inner derivative" in text  # the check's own reason


def test_an_unanswered_notebook_scores_zero(graded) -> None:
    row = graded[0]["01_empty.ipynb"]
    assert (marks(row), row["score"]) == (["0"] * 5, "0")
    assert "01.1 (The best step for a central difference): open" in (
        graded[1] / "feedback" / "01_empty.txt"
    ).read_text(encoding="utf-8")


def test_a_file_that_is_not_a_notebook_is_scored_and_reported(graded) -> None:
    row = graded[0]["01_broken.ipynb"]
    assert (marks(row), row["score"]) == (["0"] * 5, "0")
    assert row["problems"].startswith("could not be read as a notebook")


def test_an_endless_loop_is_stopped_at_the_time_limit_and_keeps_what_it_earned(graded) -> None:
    rows, out, elapsed = graded
    row = rows["01_endless.ipynb"]
    assert marks(row) == ["1", "0", "0", "0", "0"]  # 01.1 before the loop; 01.4 after it never ran
    assert f"stopped after the time limit of {LIMIT:g} s" in row["problems"]
    assert "missing" in (out / "feedback" / "01_endless.txt").read_text(encoding="utf-8")
    assert elapsed < LIMIT + 90, "the whole run must not wait much beyond one time limit"
