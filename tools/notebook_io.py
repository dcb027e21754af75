"""Reading, writing and executing the series' notebooks the same way everywhere.

``run_notebooks.py`` (``make notebooks``) and the generators of Appendix A and the index use these,
so a stored notebook is exactly what a fresh top-to-bottom run in this environment produces.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
TITLE = re.compile(r"^# (?P<number>\d\d|[A-Z]) · (?P<title>.+)$")


def deterministic_env() -> dict[str, str]:
    """What every kernel runs under (tools/deterministic.env, which the Makefile exports too)."""
    lines = (ROOT / "tools" / "deterministic.env").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


DETERMINISTIC_ENV = deterministic_env()


def numbered_notebooks() -> list[Path]:
    """The teaching notebooks ``NN_slug.ipynb`` in order."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.validate(nb)
    nbformat.write(nb, path)


def slide(cell: nbformat.NotebookNode, kind: str) -> nbformat.NotebookNode:
    """Give a cell its slideshow role (slide, subslide, fragment, -, skip, notes) and return it."""
    cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def title_of(nb: nbformat.NotebookNode) -> tuple[str, str]:
    """(number, title) from the first line ``# NN · Title`` of a notebook."""
    first = nb.cells[0].source.splitlines()[0] if nb.cells else ""
    match = TITLE.match(first)
    if not match:
        raise ValueError(f"first line {first!r} is not of the form '# NN · Title'")
    return match["number"], match["title"]


def execute(path: Path, timeout: int = 300) -> None:
    """Clear and re-run a notebook top to bottom in a fresh ``python3`` kernel, then save it."""
    nb = read(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    os.environ.update(DETERMINISTIC_ENV)
    os.environ.pop("MPLBACKEND", None)  # an inherited Agg backend would take the figures away
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    client.execute()
    write(stable_widget_ids(merged_streams(nb), path.stem), path)


def merged_streams(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with each run of consecutive stdout (or stderr) outputs of a cell joined into
    one: how a cell's prints arrive in pieces depends on timing, what they say does not (nbval
    compares them joined, too)."""
    for cell in nb.cells:
        merged: list = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (
                output.output_type == "stream"
                and previous is not None
                and previous.output_type == "stream"
                and previous.name == output.name
            ):
                previous.text += output.text
            else:
                merged.append(output)
        if "outputs" in cell:
            cell.outputs = merged
    return nb


def stable_widget_ids(nb: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """The notebook with its widgets' random model ids replaced by ids that depend only on the
    notebook's name and the order the widgets were made, so that running a notebook twice stores
    the same file (``make notebooks`` twice leaves git clean)."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    if not state:
        return nb
    renamed = {old: hashlib.md5(f"{name}:{i}".encode()).hexdigest() for i, old in enumerate(state)}
    text = re.sub(
        "|".join(map(re.escape, renamed)), lambda m: renamed[m.group(0)], nbformat.writes(nb)
    )
    return nbformat.reads(text, as_version=4)
