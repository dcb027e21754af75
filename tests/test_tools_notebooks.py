"""make notebooks is byte-reproducible: running a notebook twice stores the same file (widget
model ids that do not depend on the run, a cell's prints joined however they arrived), and an
inherited MPLBACKEND does not take its figures away."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import notebook_io
import pytest
from nbformat.v4 import new_code_cell, new_notebook

CELLS = [
    "import time\nimport ipywidgets\nimport matplotlib.pyplot as plt",
    # prints that arrive in several messages, at timing-dependent moments
    "for i in range(5):\n    print(i, flush=True)\n    time.sleep(0.05)",
    "ipywidgets.VBox([ipywidgets.IntSlider(3), ipywidgets.HTML('<b>x</b>')])",
    "plt.plot([0, 1], [1, 0]); plt.show()",
]


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    nb = new_notebook(cells=[new_code_cell(c) for c in CELLS])
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    path = tmp_path / "reproducible.ipynb"
    nbformat.write(nb, path)
    return path


def test_running_a_notebook_twice_stores_the_same_bytes(
    notebook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MPLBACKEND", "Agg")  # as a shell may have it: must not reach the kernel
    notebook_io.execute(notebook)
    first = notebook.read_bytes()
    notebook_io.execute(notebook)
    assert notebook.read_bytes() == first
    nb = json.loads(first)
    assert [o["output_type"] for o in nb["cells"][1]["outputs"]] == ["stream"]
    assert "".join(nb["cells"][1]["outputs"][0]["text"]) == "0\n1\n2\n3\n4\n"
    assert "image/png" in nb["cells"][3]["outputs"][0]["data"], "the figure was lost"


def test_widget_ids_depend_on_the_notebook_and_the_order_only() -> None:
    state = {"a1": {"state": {"children": ["IPY_MODEL_b2"]}}, "b2": {"state": {}}}
    nb = new_notebook(cells=[new_code_cell("x")])
    nb.cells[0].id = "c"
    nb.metadata["widgets"] = {notebook_io.WIDGET_STATE: {"state": state, "version_major": 2}}
    renamed = notebook_io.stable_widget_ids(nb, "name")
    ids = list(renamed.metadata["widgets"][notebook_io.WIDGET_STATE]["state"])
    assert ids != ["a1", "b2"] and len(set(ids)) == 2
    child = renamed.metadata["widgets"][notebook_io.WIDGET_STATE]["state"][ids[0]]["state"]
    assert child["children"] == [f"IPY_MODEL_{ids[1]}"]  # references follow the rename
    again = notebook_io.stable_widget_ids(nb, "name")
    assert list(again.metadata["widgets"][notebook_io.WIDGET_STATE]["state"]) == ids
