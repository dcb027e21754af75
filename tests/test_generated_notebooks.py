"""Appendix A and the index are generated, up to date, and complete; every link resolves."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import build_appendix
import build_index
import nbformat
import notebook_io
import pytest
from conventions import source
from notebook_io import NOTEBOOKS, numbered_notebooks, read

from helpers.exercises import REGISTRY

ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
EXERCISE = re.compile(r"^### Exercise ((?:\d\d|[B-Z])\.\d+)\b")


def exercise_ids(path: Path, tag: str) -> list[str]:
    ids = []
    for cell in read(path).cells:
        match = EXERCISE.match(source(cell))
        if match and tag in cell.metadata.get("tags", []):
            ids.append(match[1])
    return ids


def test_appendix_is_up_to_date_with_the_registered_exercises() -> None:
    stored = [c.source for c in read(build_appendix.PATH).cells]
    assert stored == [c.source for c in build_appendix.build().cells], "run `make notebooks`"


def test_every_exercise_is_posed_once_checked_and_answered_in_appendix_a() -> None:
    posed = [
        i
        for p in [*numbered_notebooks(), *build_appendix.letter_notebooks()]
        for i in exercise_ids(p, "exercise")
    ]
    assert len(posed) == len(set(posed)), "an exercise id is posed twice"
    assert sorted(posed) == sorted(REGISTRY), "posed exercises and registered checkers differ"
    assert exercise_ids(build_appendix.PATH, "answer") == sorted(REGISTRY, key=build_appendix.order)


def test_index_is_up_to_date() -> None:
    stored = [c.source for c in read(build_index.PATH).cells]
    assert stored == [c.source for c in build_index.build().cells], "run `make notebooks`"


def _index_section(heading: str) -> str:
    """The cells of the index notebook from the one that starts with ``heading`` to the next
    slide that is not a subslide of it, joined."""
    cells = read(build_index.PATH).cells
    start = next(i for i, c in enumerate(cells) if source(c).startswith(heading))
    part = [source(cells[start])]
    for cell in cells[start + 1 :]:
        if cell.metadata["slideshow"]["slide_type"] != "subslide":
            break
        part.append(source(cell))
    return "\n\n".join(part)


def test_the_index_lists_the_books_index_entry() -> None:
    assert "**deep learning**" in _index_section("## Index")


def test_the_index_states_the_series_notation_once() -> None:
    notation = _index_section("## Notation")
    assert "`np.tanh(h @ W + b)`" in notation and "(inputs, outputs)" in notation
    assert "`MLP([2, 16, 1])`" in notation
    assert notation == build_index.NOTATION.read_text(encoding="utf-8").strip()


def test_no_page_of_the_index_is_longer_than_a_slide() -> None:
    pages = build_index.index_pages({"A": ["- a"] * 10, "B": ["- b"] * 10, "C": ["- c"] * 2})
    assert [len(p) for p in pages] == [13, 13, 5]  # 13 + 13 > 16: each letter on its own page
    pages = build_index.index_pages({"A": ["- a"] * 3, "B": ["- b"] * 3, "C": ["- c"] * 20})
    assert [len(p) for p in pages] == [12, 16, 10]  # A and B share a page; C goes on over two
    assert pages[2][0] == "### C (continued)"
    assert all(len(p) <= build_index.PAGE_LINES for p in pages)


def test_anchor_is_how_jupyterlab_names_a_heading() -> None:
    assert build_index.anchor("The chain rule") == "The-chain-rule"
    assert build_index.anchor("Why `a + a` breaks") == "Why-a-+-a-breaks"


LINK = re.compile(r"\]\(([^)\s]+\.ipynb)(?:#([^)\s]+))?\)")


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_link_to_a_notebook_and_heading_resolves(path: Path) -> None:
    for cell in read(path).cells:
        if cell.cell_type != "markdown":
            continue
        for target, fragment in LINK.findall(source(cell)):
            linked = path.parent / target
            assert linked.exists(), f"{path.name} links to missing {target}"
            if fragment:
                anchors = {
                    build_index.anchor(h)
                    for c in read(linked).cells
                    if c.cell_type == "markdown"
                    for h in build_index.headings(source(c))
                }
                assert fragment in anchors, f"{path.name} links to {target}#{fragment}: no heading"


def test_widget_ids_are_stable_so_that_rerunning_a_notebook_stores_the_same_file() -> None:
    """Widgets get random model ids when a notebook runs; the stored ones are renamed in the
    order the widgets were made, and every reference to a widget follows its new name."""
    nb = nbformat.v4.new_notebook()
    state = {"aaa111": {"state": {"children": ["IPY_MODEL_bbb222"]}}, "bbb222": {"state": {}}}
    nb.metadata["widgets"] = {notebook_io.WIDGET_STATE: {"state": state}}
    cell = nbformat.v4.new_code_cell("w")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"application/vnd.jupyter.widget-view+json": {"model_id": "aaa111"}},
        )
    ]
    nb.cells.append(cell)
    renamed = notebook_io.stable_widget_ids(nb, "demo")
    first, second = (hashlib.md5(f"demo:{i}".encode()).hexdigest() for i in range(2))
    new_state = renamed.metadata["widgets"][notebook_io.WIDGET_STATE]["state"]
    assert list(new_state) == [first, second]
    assert new_state[first]["state"]["children"] == [f"IPY_MODEL_{second}"]
    view = renamed.cells[0].outputs[0]["data"]["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == first
    for path in ALL:  # every stored notebook has been renamed this way by `make notebooks`
        stored = read(path).metadata.get("widgets", {}).get(notebook_io.WIDGET_STATE, {})
        ids = set(stored.get("state", {}))  # nbformat stores the keys sorted
        expected = {hashlib.md5(f"{path.stem}:{i}".encode()).hexdigest() for i in range(len(ids))}
        assert ids == expected, f"{path.name}: run `make notebooks` to store stable widget ids"


def test_prints_that_arrive_in_pieces_are_stored_as_one_stream() -> None:
    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="1\n"),
        nbformat.v4.new_output("stream", name="stdout", text="2\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "figure"}),
        nbformat.v4.new_output("stream", name="stdout", text="3\n"),
    ]
    nb = nbformat.v4.new_notebook(cells=[cell])
    outputs = notebook_io.merged_streams(nb).cells[0].outputs
    assert [o.output_type for o in outputs] == ["stream", "display_data", "stream"]
    assert outputs[0].text == "1\n2\n" and outputs[2].text == "3\n"
