"""Every notebook follows the conventions, and the checker catches each kind of violation."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest
from conventions import check_notebook, check_terms_defined_before_use
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from helpers.exercises import REGISTRY

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert any(p.name.startswith("00_") for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_follows_conventions(path: Path) -> None:
    violations = check_notebook(path, REGISTRY)
    assert not violations, "\n".join(map(str, violations))


# ---------------------------------------------------------------------------------------------
# A small notebook that follows every convention, and planted violations of each kind.

HEADER = """# 01 · Demo

[← 00 · Welcome](00_welcome.ipynb) · [Contents](index.ipynb) · [02 · Next →](02_next.ipynb)

**Book:** §1.2.
**Time:** 5 minutes.
**Prerequisites:** none.

**After this notebook you will be able to:**
1. one
2. two
3. three
"""


def slide(cell, kind="-"):
    cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def code(src: str, count: int, text: str = "", name: str = "stdout"):
    cell = slide(new_code_cell(src, execution_count=count))
    if text:
        cell.outputs = [new_output("stream", name=name, text=text)]
    return cell


def good_notebook() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cells = [
        slide(new_markdown_cell(HEADER), "slide"),
        code("from helpers import check, hint\n\nx = 1\nprint(x)", 1, "1\n"),
    ]
    count = 2
    for k in (1, 2, 3):
        md = slide(new_markdown_cell(f"### Exercise 01.{k} — part {k}\n\nDo it."), "subslide")
        md.metadata["tags"] = ["exercise"]
        cells.append(md)
        cells.append(
            code(f'answer = ...\ncheck("01.{k}", answer)', count, "… Exercise: not answered yet\n")
        )
        count += 1
    cells.append(slide(new_markdown_cell("## Summary\n\nNext: [02](02_next.ipynb)"), "slide"))
    nb.cells = cells
    return nb


def violations_of(nb, name="01_demo.ipynb"):
    return check_notebook(Path(name), {"01.1", "01.2", "01.3"}, nb=nb)


def test_the_good_notebook_passes() -> None:
    assert violations_of(good_notebook()) == []


def plant_out_of_order(nb):
    nb.cells[3].execution_count = 7


def plant_never_run(nb):
    nb.cells[1].execution_count = None


def plant_error(nb):
    nb.cells[1].outputs = [new_output("error", ename="ValueError", evalue="x", traceback=[])]


def plant_stderr(nb):
    nb.cells[1].outputs = [new_output("stream", name="stderr", text="Warning: careful\n")]


def plant_no_title(nb):
    nb.cells[0].source = nb.cells[0].source.replace("# 01 · Demo", "# Demo")


def plant_no_navigation(nb):
    nb.cells[0].source = nb.cells[0].source.replace("[Contents](index.ipynb)", "Contents")


def plant_no_objectives(nb):
    nb.cells[0].source = nb.cells[0].source.split("**After")[0]


def plant_two_objectives(nb):
    nb.cells[0].source = nb.cells[0].source.replace("3. three\n", "")


def plant_no_time(nb):
    nb.cells[0].source = nb.cells[0].source.replace("**Time:** 5 minutes.\n", "")


def plant_no_summary(nb):
    nb.cells.pop()


def plant_other_kernel(nb):
    nb.metadata["kernelspec"]["name"] = "julia-1.10"


def plant_too_many_ignored(nb):
    nb.cells[1].metadata["tags"] = ["nbval-ignore-output"]


def plant_exercise_without_title(nb):
    nb.cells[2].source = "### Exercise two — no id\n\nDo it."


def plant_exercise_without_check(nb):
    nb.cells[3].source = "answer = ..."


def plant_exercise_wrong_check_id(nb):
    nb.cells[3].source = 'answer = ...\ncheck("01.3", answer)'


def plant_exercise_untagged(nb):
    nb.cells[2].metadata["tags"] = []


def plant_exercise_answered(nb):
    nb.cells[3].outputs = [new_output("stream", name="stdout", text="✔ correct!\n")]


def plant_exercise_unregistered(nb):
    nb.cells[6].source = nb.cells[6].source.replace("01.3", "01.4")
    nb.cells[7].source = nb.cells[7].source.replace("01.3", "01.4")


def plant_too_few_exercises(nb):
    del nb.cells[6:8]


def plant_huge_output(nb):
    nb.cells[1].outputs = [new_output("stream", name="stdout", text="x" * 1_100_000)]


def plant_memory_address(nb):
    nb.cells[1].outputs = [
        new_output(
            "execute_result",
            data={"text/plain": "[<matplotlib.lines.Line2D at 0x7f3a2c1b9d50>]"},
            execution_count=1,
        )
    ]


def plant_hint_not_imported(nb):
    nb.cells[1].source = nb.cells[1].source.replace(", hint", "")


def plant_no_slide_metadata(nb):
    del nb.cells[1].metadata["slideshow"]


PLANTED = {
    plant_out_of_order: ("order", 3),
    plant_never_run: ("order", 1),
    plant_error: ("error", 1),
    plant_stderr: ("stderr", 1),
    plant_no_title: ("header", 0),
    plant_no_navigation: ("header", 0),
    plant_no_objectives: ("header", 0),
    plant_two_objectives: ("header", 0),
    plant_no_time: ("header", 0),
    plant_no_summary: ("footer", 7),
    plant_other_kernel: ("kernel", None),
    plant_too_many_ignored: ("ignored", None),
    plant_exercise_without_title: ("exercise", 2),
    plant_exercise_without_check: ("exercise", 3),
    plant_exercise_wrong_check_id: ("exercise", 3),
    plant_exercise_untagged: ("exercise", 2),
    plant_exercise_answered: ("exercise", 3),
    plant_exercise_unregistered: ("exercise", 7),
    plant_too_few_exercises: ("exercise", None),
    plant_huge_output: ("size", 1),
    plant_memory_address: ("address", 1),
    plant_no_slide_metadata: ("slides", 1),
    plant_hint_not_imported: ("exercise", None),
}


@pytest.mark.parametrize("plant", PLANTED, ids=lambda f: f.__name__.removeprefix("plant_"))
def test_a_planted_violation_is_caught_and_located(plant) -> None:
    nb = copy.deepcopy(good_notebook())
    plant(nb)
    found = violations_of(nb)
    kind, cell = PLANTED[plant]
    assert any(v.kind == kind and v.cell == cell for v in found), [str(v) for v in found]
    assert all(str(v).startswith("01_demo.ipynb ") for v in found)


# ---------------------------------------------------------------------------------------------
# Define before use.

SERIES = {
    p.name: nbformat.read(p, as_version=4)
    for p in NOTEBOOKS
    if p.name != "index.ipynb" and not p.name.startswith("A_")
}


def test_every_term_is_defined_before_it_is_used() -> None:
    violations = check_terms_defined_before_use(SERIES)
    assert not violations, "\n".join(map(str, violations))


def _series(*cells_per_notebook: list) -> dict:
    names = ["00_a.ipynb", "01_b.ipynb", "02_c.ipynb"]
    series = {}
    for name, cells in zip(names, cells_per_notebook, strict=False):
        nb = new_notebook()
        nb.cells = [new_markdown_cell("# header"), *cells, new_markdown_cell("## Summary")]
        series[name] = nb
    return series


def _defines(text: str, *terms: str):
    cell = new_markdown_cell(text)
    cell.metadata["index_terms"] = list(terms)
    return cell


def test_a_term_used_before_its_definition_is_caught() -> None:
    series = _series(
        [new_markdown_cell("Here we meet Gradients early.")],
        [_defines("A **gradient** is ...", "gradient")],
    )
    (violation,) = check_terms_defined_before_use(series)
    assert (violation.notebook, violation.cell, violation.kind) == ("00_a.ipynb", 1, "terms")
    assert "'gradient'" in violation.message


def test_code_links_ahead_roadmaps_headers_and_later_uses_are_not_uses() -> None:
    roadmap = new_markdown_cell("03 teaches the gradient.")
    roadmap.metadata["tags"] = ["roadmap"]
    series = _series(
        [
            new_markdown_cell("Call `gradient(f)`; see [gradient](01_b.ipynb#Gradient)."),
            new_markdown_cell("A gradiently word and a sub-gradient are other words."),
            roadmap,
        ],
        [_defines("A **gradient** is ...", "gradient")],
        [new_markdown_cell("The gradient again.")],
    )
    series["00_a.ipynb"].cells[0].source = "# header: the gradient"
    assert check_terms_defined_before_use(series) == []


def test_a_link_back_does_not_excuse_a_use_ahead_of_the_definition() -> None:
    series = _series(
        [],
        [new_markdown_cell("the [gradient](00_a.ipynb) here")],
        [_defines("A **gradient** is ...", "gradient")],
    )
    assert [v.notebook for v in check_terms_defined_before_use(series)] == ["01_b.ipynb"]


# ---------------------------------------------------------------------------------------------
# A letter notebook (the primer B) poses exercises B.1, B.2, ... and is checked the same way.


def letter_notebook() -> nbformat.NotebookNode:
    nb = good_notebook()
    nb.cells[0].source = nb.cells[0].source.replace("# 01 · Demo", "# B · Demo")
    for cell in nb.cells[2:8]:
        cell.source = cell.source.replace("01.", "B.")
        for output in cell.get("outputs", []):
            output.text = output.text.replace("01.", "B.")
    return nb


def letter_violations(nb) -> list:
    return check_notebook(Path("B_demo.ipynb"), {"B.1", "B.2", "B.3"}, nb=nb)


def test_a_letter_notebook_with_exercises_passes() -> None:
    assert letter_violations(letter_notebook()) == []


def _numbered_id_in_a_letter_notebook(nb):
    nb.cells[4].source = nb.cells[4].source.replace("B.2", "01.2")


def _unregistered_letter_id(nb):
    nb.cells[6].source = nb.cells[6].source.replace("B.3", "B.4")
    nb.cells[7].source = nb.cells[7].source.replace("B.3", "B.4")


def _letter_check_of_another_exercise(nb):
    nb.cells[3].source = 'answer = ...\ncheck("B.2", answer)'


def _letter_exercise_answered(nb):
    nb.cells[5].outputs = [new_output("stream", name="stdout", text="✔ correct!\n")]


@pytest.mark.parametrize(
    ("plant", "cell"),
    [
        (_numbered_id_in_a_letter_notebook, 4),
        (_unregistered_letter_id, 7),
        (_letter_check_of_another_exercise, 3),
        (_letter_exercise_answered, 5),
    ],
    ids=lambda x: x.__name__.strip("_") if callable(x) else str(x),
)
def test_a_planted_violation_in_a_letter_notebook_is_caught(plant, cell: int) -> None:
    nb = letter_notebook()
    plant(nb)
    found = letter_violations(nb)
    assert any(v.kind == "exercise" and v.cell == cell for v in found), [str(v) for v in found]


def test_a_letter_notebook_needs_no_minimum_of_exercises() -> None:
    nb = letter_notebook()
    del nb.cells[2:8]
    assert letter_violations(nb) == []


def test_the_primer_is_read_before_00() -> None:
    # a term the primer B defines may be used from 00 on; a term 00 defines may not be used in B
    primer = new_notebook()
    primer.cells = [
        new_markdown_cell("# B · Primer"),
        _defines("**Broadcasting** stretches shapes.", "broadcasting"),
        new_markdown_cell("It is a kind of gradient."),
        new_markdown_cell("## Summary"),
    ]
    series = _series(
        [new_markdown_cell("broadcasting again")], [_defines("**gradient**", "gradient")]
    )
    series["B_primer.ipynb"] = primer
    (violation,) = check_terms_defined_before_use(series)
    assert (violation.notebook, violation.cell) == ("B_primer.ipynb", 2)
    assert "'gradient'" in violation.message
