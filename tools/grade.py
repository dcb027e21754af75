"""``make grade SUBMISSIONS=dir``: score every submitted notebook through the exercises' own checks.

    python tools/grade.py SUBMISSIONS [--out build/grades] [--timeout 120]

Each ``*.ipynb`` of SUBMISSIONS runs in a clean ``python3`` kernel (nbclient) with a time limit
for the whole notebook; a cell that raises does not stop the run. Before the student's first cell
a recorder is installed around ``helpers.exercises.core.evaluate``, the function every
``check(id, answer)`` asks for its verdict: each verdict (correct, wrong, open) is written to a
file as it is given, so a notebook stopped by its time limit keeps what it had earned. An exercise
the notebook never checked is "missing". A file that is not a notebook, a failing cell, a dead
kernel or an endless loop is scored and reported, never stops the run.

Writes ``grades.csv`` (one row per submission, one column per exercise id, 1 for a correct
answer, 0 otherwise, then the score and what went wrong) and ``feedback/<submission>.txt``, a
short report for the student.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from notebook_io import DETERMINISTIC_ENV, ROOT

from helpers.exercises import REGISTRY

OUT = ROOT / "build" / "grades"
TIMEOUT = 120.0  # s for a whole notebook
MARK = {"correct": "✔", "wrong": "✘", "open": "…", "missing": "–"}
CHECK_CALL = re.compile(r"""(?:check|SelfCheck)\(\s*["'](\d\d\.\d+)["']""")
RESULTS_ENV = "HELPERS_GRADE_RESULTS"

# Runs first in the student's kernel; it leaves no name behind in the student's namespace.
RECORDER = f"""\
def _install_grade_recorder():
    import json, os
    import helpers.exercises as exercises
    import helpers.exercises.core as core

    path, verdicts, evaluate = os.environ[{RESULTS_ENV!r}], {{}}, core.evaluate

    def recording(exercise_id, answer):
        feedback = evaluate(exercise_id, answer)
        verdicts[str(exercise_id)] = {{"status": feedback.status, "message": feedback.message}}
        with open(path, "w", encoding="utf-8") as file:
            json.dump(verdicts, file)
        return feedback

    core.evaluate = exercises.evaluate = recording


_install_grade_recorder()
del _install_grade_recorder
"""


@dataclass
class Result:
    """What one submission earned, and what went wrong while running it."""

    name: str
    verdicts: dict[str, dict[str, str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    exercises: list[str] = field(default_factory=list)  # the ids this submission should answer

    def status(self, exercise_id: str) -> str:
        return self.verdicts.get(exercise_id, {}).get("status", "missing")

    @property
    def score(self) -> int:
        return sum(self.status(i) == "correct" for i in self.exercises)


def exercises_of(nb: nbformat.NotebookNode, name: str) -> list[str]:
    """The exercise ids a submission answers: those its cells check, and every exercise of the
    notebooks they belong to (by the ids' ``NN`` and a file name ``NN_…``)."""
    checked = {m for c in nb.cells if c.cell_type == "code" for m in CHECK_CALL.findall(c.source)}
    numbers = {i[:2] for i in checked}
    if re.match(r"^\d\d_", name):
        numbers.add(name[:2])
    return sorted(checked | {i for i in REGISTRY if i[:2] in numbers})


def cell_errors(nb: nbformat.NotebookNode) -> list[str]:
    return [
        f"cell {i}: {o.get('ename', 'error')}: {o.get('evalue', '')}".rstrip(": ")[:200]
        for i, cell in enumerate(nb.cells[1:])  # the recorder's cell first: not the student's
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error"
    ]


def run(path: Path, timeout: float = TIMEOUT) -> Result:
    """Run one submission in a fresh kernel under ``timeout`` seconds and collect its verdicts."""
    result = Result(path.name)
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # not JSON, not a notebook: scored 0, reported
        result.exercises = exercises_of(nbformat.v4.new_notebook(), path.name)
        result.problems.append(f"could not be read as a notebook ({type(error).__name__})")
        return result
    result.exercises = exercises_of(nb, path.name)
    nb.cells.insert(0, nbformat.v4.new_code_cell(RECORDER))
    with tempfile.TemporaryDirectory() as workdir:
        results = Path(workdir) / "verdicts.json"
        deadline = time.monotonic() + timeout
        env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
        env.update({**DETERMINISTIC_ENV, RESULTS_ENV: str(results)})
        try:
            NotebookClient(
                nb,
                timeout_func=lambda cell: max(1, int(deadline - time.monotonic())),
                kernel_name="python3",
                allow_errors=True,
                record_timing=False,
                resources={"metadata": {"path": workdir}},
            ).execute(env=env, stderr=subprocess.DEVNULL)  # the kernel's own log is no news
        except Exception as error:  # time limit, dead kernel, anything: keep what was earned
            if time.monotonic() >= deadline - 1:
                result.problems.append(f"stopped after the time limit of {timeout:g} s")
            else:
                result.problems.append(f"the run stopped: {type(error).__name__}")
        result.problems += cell_errors(nb)
        if results.exists():
            result.verdicts = json.loads(results.read_text(encoding="utf-8"))
    if not result.verdicts and not result.problems:
        result.problems.append("no exercise was checked")
    return result


def feedback(result: Result) -> str:
    """The student's report: the score, each exercise with its verdict, what went wrong."""
    lines = [f"{result.name}: {result.score} of {len(result.exercises)} exercises correct", ""]
    for i in result.exercises:
        status = result.status(i)
        message = result.verdicts.get(i, {}).get("message", "")
        if status == "missing":
            message = "not checked: the cell with check() was not run or was removed"
        title = REGISTRY[i].title if i in REGISTRY else "unknown exercise"
        lines.append(f"{MARK.get(status, '?')} {i} ({title}): {status}. {message}".rstrip())
    if result.problems:
        lines += ["", "While running your notebook:", *(f"- {p}" for p in result.problems)]
    return "\n".join(lines) + "\n"


def write(results: list[Result], out: Path) -> Path:
    """grades.csv and feedback/<submission>.txt in ``out``; return the CSV's path."""
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    columns = sorted({i for r in results for i in r.exercises})
    table = out / "grades.csv"
    with table.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["submission", *columns, "score", "out of", "problems"])
        for r in results:
            marks = [
                (1 if r.status(i) == "correct" else 0) if i in r.exercises else "" for i in columns
            ]
            writer.writerow([r.name, *marks, r.score, len(r.exercises), "; ".join(r.problems)])
    for r in results:
        (out / "feedback" / f"{Path(r.name).stem}.txt").write_text(feedback(r), encoding="utf-8")
    return table


def grade(submissions: Path, out: Path = OUT, timeout: float = TIMEOUT) -> list[Result]:
    if not submissions.is_dir():
        raise SystemExit(f"SUBMISSIONS={submissions} is not a folder of notebooks")
    results = []
    for path in sorted(submissions.glob("*.ipynb")):
        start = time.perf_counter()
        results.append(run(path, timeout))
        r = results[-1]
        print(f"{path.name}: {r.score}/{len(r.exercises)} in {time.perf_counter() - start:.0f} s")
    print(f"wrote {write(results, out)}")
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per notebook")
    args = parser.parse_args(argv)
    grade(args.submissions, args.out, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
