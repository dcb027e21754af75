"""Generate Appendix A, "Answers to Exercises", from the exercises registered in helpers.exercises.

Each exercise carries its worked solution and answer code next to its checker, so the appendix can
never drift from the checks: for every exercise it holds a markdown cell tagged ``answer`` with the
reasoning and a code cell whose ``check`` prints the success line. Re-running the appendix under
nbval proves every answer right. Run ``make notebooks`` after adding an exercise.
"""

from __future__ import annotations

import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from notebook_io import NOTEBOOKS, ROOT, numbered_notebooks, read, slide, title_of, write

from helpers.exercises import REGISTRY

PATH = NOTEBOOKS / "A_answers_to_exercises.ipynb"


def header(previous: str) -> str:
    return f"""# A · Answers to Exercises

{previous} · [Contents](index.ipynb)

**Book:** Appendix A, Answers to Exercises.
**What this is:** the worked answer to every exercise of the series, each proved right by running
its check. Try an exercise yourself before reading its answer here: the checks in the notebooks
explain what is wrong with an answer, which teaches more than reading this one does.
**Time:** look things up as you need them."""


def order(exercise_id: str) -> tuple[int, str, int]:
    """Where an exercise comes in the appendix: the numbered notebooks' first ("01.2" by its
    numbers), then the letter notebooks' ("B.1", the primer's), so that "B" sorts after "07"."""
    notebook, k = exercise_id.split(".")
    if notebook.isdigit():
        return (0, f"{int(notebook):04d}", int(k))
    return (1, notebook, int(k))


def letter_notebooks() -> list:
    """The letter notebooks with exercises of their own (``B_python_and_numpy_primer.ipynb``)."""
    return sorted(p for p in NOTEBOOKS.glob("[B-Z]_*.ipynb"))


def build() -> nbformat.NotebookNode:
    titles = {}
    files = {}
    for path in numbered_notebooks():
        number, title = title_of(read(path))
        titles[number] = title
        files[number] = path.name
    last = max(titles, default=None)  # the last numbered notebook comes just before Appendix A
    for path in letter_notebooks():
        letter, title = title_of(read(path))
        titles[letter] = title
        files[letter] = path.name
    nb = new_notebook()
    previous = (
        f"[← {last} · {titles[last]}]({files[last]})" if last else "[← Contents](index.ipynb)"
    )
    nb.cells.append(slide(new_markdown_cell(header(previous)), "slide"))
    nb.cells.append(
        slide(
            new_code_cell("import helpers\nfrom helpers import check\n\nhelpers.plot.use_style()"),
            "skip",
        )
    )
    by_notebook: dict[str, list] = {}
    for exercise_id in sorted(REGISTRY, key=order):
        by_notebook.setdefault(exercise_id.split(".")[0], []).append(REGISTRY[exercise_id])
    for number, exercises in by_notebook.items():
        name = titles.get(number, "")
        link = f"[{number} · {name}]({files[number]})" if number in files else f"Notebook {number}"
        nb.cells.append(
            slide(new_markdown_cell(f"## Notebook {number}\n\nExercises of {link}."), "slide")
        )
        for ex in exercises:
            text = f"### Exercise {ex.id} — {ex.title}\n\n{ex.solution}"
            md = slide(new_markdown_cell(text), "subslide")
            md.metadata["tags"] = ["answer"]
            nb.cells.append(md)
            # PEP 8, as ruff formats it: two blank lines before a function or class, else one
            gap = "\n\n\n" if ex.answer_code.startswith(("def ", "class ")) else "\n\n"
            code = gap.join(part for part in (ex.setup_code, ex.answer_code) if part)
            nb.cells.append(slide(new_code_cell(f'{code}\ncheck("{ex.id}", answer)'), "-"))
    nb.cells.append(
        slide(
            new_markdown_cell(
                "## Summary\n\nEvery answer above passed its check when this notebook was run. "
                "Back to the [Contents](index.ipynb)."
            ),
            "slide",
        )
    )
    return nb


def main() -> int:
    nb = build()
    if PATH.exists():  # keep cell ids and outputs where the source did not change
        old = read(PATH)
        if [c.source for c in old.cells] == [c.source for c in nb.cells]:
            print(f"{PATH.name} is up to date")
            return 0
    write(nb, PATH)
    print(f"wrote {PATH.relative_to(ROOT)} with {len(REGISTRY)} answers; now execute it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
