"""The notebook conventions of the series as code (../shared/guides/notebook-conventions.md).

:func:`check_notebook` reads one notebook and returns every violation, each naming the notebook,
the cell and what to do, so that a red test says exactly what to fix. ``test_conventions.py`` runs
it over every notebook and shows, on planted violations, that each kind is caught.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import nbformat

MAX_OUTPUT_BYTES = 1_000_000
MAX_IGNORED_SHARE = 0.15
MIN_EXERCISES = 3
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
IGNORE_TAGS = {"nbval-ignore-output", "nbval-skip", "raises-exception"}
TITLE = re.compile(r"^# (\d\d|[A-Z]) · \S.*$")
# an exercise id is "NN.k" in notebook NN and "B.k" in a letter notebook such as the primer B
EXERCISE_HEADING = re.compile(r"^### Exercise (\d\d|[B-Z])\.(\d+) — \S.*$")
CHECK_CALL = re.compile(r"""^check\(\s*["']((?:\d\d|[B-Z])\.\d+)["']\s*,""")
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{4,}")
LIST_ITEM = re.compile(r"^\s*(?:\d+\.|[-*])\s+\S")


@dataclass(frozen=True)
class Violation:
    notebook: str
    cell: int | None  # index in the notebook, None for the whole notebook
    kind: str
    message: str

    def __str__(self) -> str:
        where = f"cell {self.cell}" if self.cell is not None else "notebook"
        return f"{self.notebook} {where}: {self.message}"


def source(cell: nbformat.NotebookNode) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def output_text(output: nbformat.NotebookNode) -> str:
    if output.get("output_type") == "stream":
        text = output.get("text", "")
        return text if isinstance(text, str) else "".join(text)
    data = output.get("data", {})
    return "\n".join(
        v if isinstance(v, str) else "".join(v) for k, v in data.items() if k.startswith("text/")
    )


def tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def check_header(name: str, nb: nbformat.NotebookNode) -> list[Violation]:
    found: list[Violation] = []
    number = name[:2]

    def bad(kind: str, message: str, cell: int | None = 0) -> None:
        found.append(Violation(name, cell, kind, message))

    if not nb.cells or nb.cells[0].cell_type != "markdown":
        bad("header", "must start with a markdown cell holding the title and navigation")
        return found
    head = source(nb.cells[0])
    lines = head.splitlines()
    if name == "index.ipynb":
        if not lines or lines[0] != "# Contents and Index":
            bad("header", "the index must start with '# Contents and Index'")
        return found
    if not lines or not TITLE.match(lines[0]) or not name.startswith(lines[0][2:4].strip()):
        bad("header", f"first line must be the title '# {number} · Title', got {lines[:1]}")
    if "[Contents](index.ipynb)" not in head:
        bad("header", "the navigation bar needs a '[Contents](index.ipynb)' link")
    if name[0].isdigit():
        links = re.findall(r"\]\(([^)#]+\.ipynb)", head)
        if len(links) < 2:
            bad("header", "the navigation bar must link previous · contents · next notebooks")
        for field in ("**Time:**", "**Prerequisites:**"):
            if field not in head:
                bad("header", f"the header lacks the {field} line")
        marker = "**After this notebook you will be able to:**"
        if marker not in head:
            bad("header", f"the header lacks the learning objectives ('{marker}' and a list)")
        else:
            after = head.split(marker, 1)[1].strip().splitlines()
            items = 0
            for line in after:
                if LIST_ITEM.match(line):
                    items += 1
                elif line.strip():
                    break
            if not 3 <= items <= 5:
                bad("header", f"give 3 to 5 learning objectives as a list, found {items}")
        last = len(nb.cells) - 1
        end = source(nb.cells[-1]) if nb.cells[-1].cell_type == "markdown" else ""
        if not re.search(r"^## .*Summary", end, re.M) or ".ipynb" not in end:
            bad(
                "footer",
                "must end with a markdown '## Summary' cell linking the next notebook",
                last,
            )
    return found


def check_notebook(
    path: Path, registry: Collection[str] | None = None, nb: nbformat.NotebookNode | None = None
) -> list[Violation]:
    """Every convention violation of one notebook (``registry``: the known exercise ids)."""
    name = path.name
    if nb is None:
        nb = nbformat.read(path, as_version=4)
    found = check_header(name, nb)

    def bad(cell: int | None, kind: str, message: str) -> None:
        found.append(Violation(name, cell, kind, message))

    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        bad(None, "kernel", f"uses kernel {kernel!r}; the series runs on 'python3'")

    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    expected = 1
    for i, cell in code:
        if not source(cell).strip():
            bad(i, "empty", "is an empty code cell; delete it")
            continue
        if cell.get("execution_count") != expected:
            bad(
                i,
                "order",
                f"has execution count {cell.get('execution_count')}, expected {expected}: "
                "restart the kernel, run all, save (make notebooks NB=...)",
            )
            break
        expected += 1

    for i, cell in code:
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                bad(i, "error", f"stores an error output ({output.get('ename')}); fix the cell")
            if kind == "stream" and output.get("name") == "stderr":
                bad(i, "stderr", "stores stderr output (a warning?); fix its cause")
            if len(json.dumps(output)) > MAX_OUTPUT_BYTES:
                bad(i, "size", "stores an output over 1 MB; make the figure smaller")
            if ADDRESS.search(output_text(output)):
                bad(i, "address", "prints a memory address, which changes every run")

    ignored = [i for i, c in code if tags(c) & IGNORE_TAGS or "NBVAL_" in source(c)]
    if code and len(ignored) / len(code) > MAX_IGNORED_SHARE:
        bad(None, "ignored", f"ignores or skips {len(ignored)} of {len(code)} code cells (max 15%)")

    for i, cell in enumerate(nb.cells):
        slide_type = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        if slide_type not in SLIDE_TYPES:
            bad(i, "slides", f"lacks slideshow metadata (slide_type {slide_type!r})")

    if not name.startswith(("A_", "index.")):  # numbered ones, and letters such as primer B
        found += check_exercises(name, nb, registry)
    return found


def notebook_id(name: str) -> str:
    """The part of an exercise id that names the notebook: "01" for 01_x, "B" for B_x."""
    return name[:2] if name[:2].isdigit() else name[0]


def check_exercises(
    name: str, nb: nbformat.NotebookNode, registry: Collection[str] | None
) -> list[Violation]:
    found: list[Violation] = []
    number = notebook_id(name)
    ids = []
    for i, cell in enumerate(nb.cells):
        text = source(cell)
        first = text.splitlines()[0] if text else ""
        if cell.cell_type != "markdown" or not first.startswith("### Exercise"):
            if "exercise" in tags(cell):
                found.append(Violation(name, i, "exercise", "is tagged exercise but no exercise"))
            continue
        match = EXERCISE_HEADING.match(first)
        if "exercise" not in tags(cell):
            found.append(
                Violation(name, i, "exercise", "an exercise cell must be tagged 'exercise'")
            )
        if not match or match[1] != number:
            found.append(
                Violation(name, i, "exercise", f"title must be '### Exercise {number}.k — title'")
            )
            continue
        exercise_id = f"{match[1]}.{match[2]}"
        ids.append(exercise_id)
        answer = nb.cells[i + 1] if i + 1 < len(nb.cells) else None
        lines = source(answer).strip().splitlines() if answer is not None else []
        call = CHECK_CALL.match(lines[-1]) if lines and answer.cell_type == "code" else None
        if not call or call[1] != exercise_id:
            found.append(
                Violation(
                    name,
                    i + 1,
                    "exercise",
                    f"the cell after Exercise {exercise_id} must end with "
                    f'check("{exercise_id}", answer)',
                )
            )
            continue
        if registry is not None and exercise_id not in registry:
            found.append(
                Violation(name, i + 1, "exercise", f"exercise {exercise_id} has no checker")
            )
        stored = "".join(output_text(o) for o in answer.get("outputs", []))
        if "not answered yet" not in stored:
            found.append(
                Violation(
                    name,
                    i + 1,
                    "exercise",
                    f"Exercise {exercise_id} must be stored unanswered (answer = ...)",
                )
            )
    expected = [f"{number}.{k}" for k in range(1, len(ids) + 1)]
    imports_hint = any(
        re.search(r"^from helpers import .*\bhint\b", source(c), re.M)
        for c in nb.cells
        if c.cell_type == "code"
    )
    if ids and not imports_hint:
        found.append(
            Violation(
                name,
                None,
                "exercise",
                "a wrong answer tells the student to run hint(...): import it with check "
                "(from helpers import check, hint)",
            )
        )
    if ids != expected:
        found.append(Violation(name, None, "exercise", f"exercises {ids} should be {expected}"))
    if number.isdigit() and number != "00" and len(ids) < MIN_EXERCISES:
        found.append(
            Violation(name, None, "exercise", f"has {len(ids)} exercises, needs {MIN_EXERCISES}")
        )
    return found


# ---------------------------------------------------------------------------------------------
# Define before use, across the series.

CODE_SPAN = re.compile(r"```.*?```|`[^`\n]*`", re.S)
LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def order_of(name: str) -> int:
    """Where a notebook sits in reading order: the primer (B) first, the numbered notebooks in
    order, the other appendices (A, C, ...) after the series."""
    if name[:2].isdigit():
        return int(name[:2])
    return -1 if name.startswith("B_") else 100


def prose(text: str, reader: str) -> str:
    """Markdown as a reader meets it: code removed, and links to later notebooks removed (a link
    ``[backpropagation](03_backpropagation.ipynb)`` points ahead; it does not use the term)."""
    text = CODE_SPAN.sub(" ", text)

    def keep(match: re.Match) -> str:
        target = match[2].split("#")[0]
        ahead = target.endswith(".ipynb") and order_of(target) > order_of(reader)
        return " " if ahead else match[1]

    return LINK.sub(keep, text)


def term_pattern(term: str) -> re.Pattern:
    """The term as a whole word or phrase, any case, singular or with a plural 's'."""
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"s?(?![\w-])", re.I)


def check_terms_defined_before_use(
    notebooks: dict[str, nbformat.NotebookNode],
) -> list[Violation]:
    """Every index term (a cell's ``index_terms`` metadata defines it) used in the prose of a
    notebook that comes before the first notebook defining it. A notebook's header cell, its
    closing summary and a cell tagged ``roadmap`` (a map of the series) may name terms ahead."""
    defined: dict[str, int] = {}
    for name, nb in notebooks.items():
        for cell in nb.cells:
            for term in cell.get("metadata", {}).get("index_terms", []):
                defined[term] = min(defined.get(term, order_of(name)), order_of(name))
    found = []
    for term, where in sorted(defined.items()):
        pattern = term_pattern(term)
        for name, nb in sorted(notebooks.items(), key=lambda item: order_of(item[0])):
            if order_of(name) >= where:
                continue
            cells = list(enumerate(nb.cells))[1:-1]
            for i, cell in cells:
                if cell.cell_type != "markdown" or "roadmap" in tags(cell):
                    continue
                if pattern.search(prose(source(cell), name)):
                    found.append(
                        Violation(
                            name,
                            i,
                            "terms",
                            f"uses {term!r}, which is first defined in a later notebook: define it "
                            "here (index_terms) or say it without the term",
                        )
                    )
                    break
    return found
