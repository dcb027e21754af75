"""Notebooks survive what students do: re-running any cell after the whole notebook has run.

For each notebook, a fresh kernel runs every code cell in order, then runs each code cell a second
time, from the last back to the first, so that every cell runs again after all the cells below it,
as when a student scrolls back up. The second run must raise nothing, and every line a cell prints
must be the same as the first time (so a printed comparison such as "agree: True" cannot turn false
because a later cell changed some state the earlier one reads, and a name rebound to another kind
of object further down shows up as an error). Figures and widget models are not compared: their
bytes or ids legitimately change; their text (``text/plain``) is.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted(
    p
    for p in (Path(__file__).parent.parent / "notebooks").glob("*.ipynb")
    if p.name != "index.ipynb"
)
TIMING = re.compile(r"\s*\b\d+(?:\.\d+)?\s?(?:ms|µs)\b")  # as tests/nbval_sanitize.cfg
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def printed(outputs: list) -> list[str]:
    """What a cell shows as text: streams, errors and text/plain results (widget ids removed)."""
    lines = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            lines.append(out["text"])
        elif kind == "error":
            lines.append(f"{out['ename']}: {out['evalue']}")
        elif "data" in out and "application/vnd.jupyter.widget-view+json" not in out["data"]:
            lines.append(out["data"].get("text/plain", ""))
    text = TIMING.sub(" <time>", ADDRESS.sub("", "".join(lines)))
    return text.splitlines()


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_cell_can_be_run_again(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.km = client.create_kernel_manager()
    client.start_new_kernel(env=env)
    client.start_new_kernel_client()
    problems = []
    try:
        code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        first = {}
        for i, cell in code:
            client.execute_cell(cell, i)
            first[i] = printed(cell.outputs)
        for i, cell in reversed(code):
            try:
                client.execute_cell(cell, i)
            except Exception as error:  # CellExecutionError: the re-run raised
                last = ANSI.sub("", str(error).strip().splitlines()[-1])
                problems.append(f"cell {i} raises when run again: {last}")
                continue
            again = printed(cell.outputs)
            if again != first[i]:
                changed = next(
                    (a, b) for a, b in zip([*first[i], ""], [*again, ""], strict=False) if a != b
                )
                problems.append(
                    f"cell {i} prints {changed[1]!r} the second time, not {changed[0]!r}"
                )
    finally:
        client._cleanup_kernel() if hasattr(
            client, "_cleanup_kernel"
        ) else client.km.shutdown_kernel()
    assert not problems, f"{path.name}:\n" + "\n".join(problems)
