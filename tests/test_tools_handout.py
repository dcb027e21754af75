"""make handout: the student edition holds no worked solution, and its checks still work."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import build_handout
import nbformat
import pytest

from helpers.exercises import REGISTRY

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_handout.build(tmp_path_factory.mktemp("handout") / "handout")


def texts(folder: Path) -> dict[str, str]:
    """Every text file of the handout, by its path inside it."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            try:
                found[str(path.relative_to(folder))] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
    return found


def solution_passages() -> dict[str, list[str]]:
    """exercise id -> the passages that only a worked solution holds: each line of its worked
    reasoning of 40 characters or more, and its answer code whole, except what the teaching
    notebooks themselves show (a template's ``def`` line is no solution)."""
    shown = "\n".join(
        cell.source
        for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
        for cell in nbformat.read(path, as_version=4).cells
    )
    return {
        e.id: [
            passage
            for passage in [line.strip() for line in e.solution.splitlines()] + [e.answer_code]
            if len(passage) >= (40 if passage in e.solution else 12) and passage not in shown
        ]
        for e in REGISTRY.values()
    }


def test_the_appendix_and_every_link_to_it_are_left_out(handout: Path) -> None:
    names = sorted(p.name for p in (handout / "notebooks").glob("*.ipynb"))
    assert build_handout.APPENDIX not in names
    assert "01_chain_rule.ipynb" in names and "index.ipynb" in names
    linking = [n for n, t in texts(handout).items() if build_handout.APPENDIX in t]
    assert linking == []


def test_every_answer_cell_is_open_with_no_stored_output(handout: Path) -> None:
    cells = [
        (path.name, cell)
        for path in sorted((handout / "notebooks").glob("*.ipynb"))
        for cell in nbformat.read(path, as_version=4).cells
        if build_handout.is_answer_cell(cell)
    ]
    assert len(cells) >= len(REGISTRY)
    assert [(n, c.source) for n, c in cells if c.outputs] == []
    checks = [(n, c.source) for n, c in cells if "check(" in c.source]
    assert [(n, s) for n, s in checks if "answer = ..." not in s] == []


def test_no_worked_solution_is_reachable_in_the_handout(handout: Path) -> None:
    files = texts(handout)
    assert not any(
        (handout / "helpers" / "exercises" / m).exists() for m in build_handout.SOLUTION_MODULES
    )
    leaked = {
        exercise_id: sorted({n for n, t in files.items() for p in passages if p in t})
        for exercise_id, passages in solution_passages().items()
    }
    assert {k: v for k, v in leaked.items() if v} == {}


def test_the_leak_check_finds_a_solution_where_there_is_one(tmp_path: Path) -> None:
    """The search above is not vacuous: the repository's own helpers hold the solutions today."""
    solutions = ROOT / "helpers" / "exercises" / "solutions" / "nb01.py"
    (tmp_path / "nb01.py").write_text(solutions.read_text())
    files = texts(tmp_path)
    found = [i for i, ps in solution_passages().items() if any(p in files["nb01.py"] for p in ps)]
    assert "01.1" in found


CHECK_IN_THE_HANDOUT = """
import json, sys
from helpers.exercises import REGISTRY, evaluate
cases = json.load(sys.stdin)
verdicts = {}
for exercise_id, code in cases.items():
    namespace = {}
    exec(code, namespace)
    verdicts[exercise_id] = evaluate(exercise_id, namespace["answer"]).status
print(json.dumps(verdicts))
"""


def test_the_checks_still_verify_answers_in_the_handout(handout: Path) -> None:
    """Right answers (computed here, on the instructor's side) are right there too."""
    cases = {e.id: f"{e.setup_code}\n{e.answer_code}" for e in REGISTRY.values()}
    result = subprocess.run(
        [sys.executable, "-c", CHECK_IN_THE_HANDOUT],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        cwd=handout,
        env={"PYTHONPATH": str(handout), "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    verdicts = json.loads(result.stdout.splitlines()[-1])
    assert sorted(verdicts) == sorted(REGISTRY)
    assert {k: v for k, v in verdicts.items() if v != "correct"} == {}
