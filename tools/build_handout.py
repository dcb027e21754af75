"""``make handout``: the student edition of the series, without worked answers, in build/handout/.

    python tools/build_handout.py [output folder]

It holds:

- the notebooks without Appendix A, and without the links to it (a contents line that names it is
  dropped, a navigation link to it is dropped, any other link becomes "your instructor's answer
  key"), without the line pointing instructors to their guide (which is not in the handout); every
  answer cell open, its stored output cleared;
- a copy of ``helpers`` without the module of stored worked solutions
  (``helpers/exercises/solutions.py`` or a ``solutions`` package): the checkers verify an answer
  by computation, so ``check`` works without it;
- pyproject.toml, environment.yml, LICENSE and a short README that says how to start.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import nbformat
from notebook_io import NOTEBOOKS, ROOT, read

OUT = ROOT / "build" / "handout"
APPENDIX = "A_answers_to_exercises.ipynb"
SOLUTION_MODULES = ("solutions.py", "solutions")  # inside helpers/exercises/
LINK = rf"\*{{0,2}}\[[^\]]*\]\({re.escape(APPENDIX)}[^)]*\)\*{{0,2}}"
LIST_ITEM_LINKING_IT = re.compile(rf"^\s*(?:\d+\.|[-*])\s.*{re.escape(APPENDIX)}.*\n?", re.M)
NAVIGATION_LINK = re.compile(rf"\s*·\s*{LINK}|{LINK}\s*·\s*")
ANY_LINK = re.compile(LINK)
ANSWER_KEY = "your instructor's answer key"
GUIDE_POINTER = re.compile(r"^.*\]\(instructor_guide/[^)]*\).*\n?", re.M)
README = """# How neural networks learn: student edition

Notebooks and the `helpers` package they use. To start (Python 3.11 or newer):

    python3 -m venv .venv
    .venv/bin/pip install -e '.[lab]'
    .venv/bin/jupyter lab notebooks/00_welcome.ipynb

Every exercise ends with `check("NN.k", answer)`: replace the `...` with your answer and run the
cell; `check` tells you whether it is right and, if not, what went wrong.
"""


def without_appendix_links(source: str) -> str:
    """Markdown with every link to Appendix A (and to the instructor guide) taken out, as the
    module docstring says."""
    source = GUIDE_POINTER.sub("", source)
    source = LIST_ITEM_LINKING_IT.sub("", source)
    source = NAVIGATION_LINK.sub("", source)
    return ANY_LINK.sub(ANSWER_KEY, source)


def is_answer_cell(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and ("check(" in cell.source or "SelfCheck(" in cell.source)


def student_copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = without_appendix_links(cell.source)
        elif is_answer_cell(cell):
            cell.outputs = []
            cell.execution_count = None
    return nb


def copy_helpers(out: Path) -> Path:
    """``helpers`` copied into ``out`` with its solutions module deleted; return the copy."""
    target = out / "helpers"
    shutil.copytree(ROOT / "helpers", target, ignore=shutil.ignore_patterns("__pycache__"))
    for name in SOLUTION_MODULES:
        solutions = target / "exercises" / name
        if solutions.is_dir():
            shutil.rmtree(solutions)
        elif solutions.exists():
            solutions.unlink()
    return target


def build(out: Path = OUT, notebooks: Path = NOTEBOOKS) -> Path:
    """Write the student edition into ``out`` (emptied first) and return it."""
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    for path in sorted(notebooks.glob("*.ipynb")):
        if path.name != APPENDIX:
            nbformat.write(student_copy(read(path)), out / "notebooks" / path.name)
    copy_helpers(out)
    for name in ("pyproject.toml", "environment.yml", "LICENSE"):
        shutil.copy2(ROOT / name, out / name)
    (out / "README.md").write_text(README)
    print(f"wrote the student edition into {out}")
    return out


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
