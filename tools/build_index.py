"""Generate ``notebooks/index.ipynb``: the series' contents and an alphabetical index of terms.

A term enters the index where a notebook defines it: the markdown cell that defines it lists it in
its metadata, ``"index_terms": ["chain rule", "composite function"]``, and the index links the term
to the section heading that cell stands under (``01_chain_rule.ipynb#The-chain-rule``), as the
book's Index points to pages. ``tests/test_index.py`` checks that the index is up to date and
that every link's notebook and heading exist.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict

import nbformat
from nbformat.v4 import new_markdown_cell, new_notebook
from notebook_io import NOTEBOOKS, ROOT, numbered_notebooks, read, slide, title_of, write

PATH = NOTEBOOKS / "index.ipynb"
NOTATION = ROOT / "tools" / "notation.md"  # the series' notation table, shown in the index
PAGE_LINES = 16  # lines of the index on one slide of a 1280×720 deck
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")


def anchor(heading: str) -> str:
    """The fragment JupyterLab gives a heading: its text, markdown removed, spaces as '-'."""
    text = re.sub(r"[`*_]", "", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text.strip().replace(" ", "-")


def headings(source: str) -> list[str]:
    """The heading texts of a markdown cell, in order (lines inside code fences excluded)."""
    found, fenced = [], False
    for line in source.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line)):
            found.append(match[2])
    return found


def primers() -> list:
    """The notebook to read before the series: B, the Python and NumPy primer."""
    return sorted(NOTEBOOKS.glob("B_*.ipynb"))


def appendices() -> list:
    """The lettered notebooks read after or beside the series: A (answers), C, ..."""
    return [p for p in sorted(NOTEBOOKS.glob("[A-Z]_*.ipynb")) if p not in primers()]


def collect_terms() -> dict[str, list[tuple[str, str, str]]]:
    """term -> [(notebook file, notebook number, heading)] over all numbered notebooks."""
    terms: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for path in [*primers(), *numbered_notebooks(), *appendices()]:
        nb = read(path)
        number, _ = title_of(nb)
        current = None
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            hs = headings(cell.source)
            target = hs[0] if hs else current  # the cell's own heading, else the one it is under
            for term in cell.metadata.get("index_terms", []):
                if target is None:
                    raise ValueError(f"{path.name}: index term {term!r} stands before any heading")
                terms[term].append((path.name, number, target))
            current = hs[-1] if hs else current
    return terms


def build() -> nbformat.NotebookNode:
    notebooks = [(p.name, *title_of(read(p))) for p in numbered_notebooks()]
    first = f"[{notebooks[0][1]} · {notebooks[0][2]} →]({notebooks[0][0]})" if notebooks else ""
    head = (
        "# Contents and Index\n\n"
        f"{first}\n\n"
        "The notebooks of *How neural networks learn*, in teaching order, and an index of the\n"
        "terms they define. Each entry links to the section that defines the term."
    )
    contents = ["## Contents", ""]
    if primers():
        contents += ["Before you start, if the Python or NumPy of the series is new to you:", ""]
        contents += [f"- [{' · '.join(title_of(read(p)))}]({p.name})" for p in primers()]
        contents += ["", "The series:", ""]
    contents += [f"{i + 1}. [{n} · {t}]({f})" for i, (f, n, t) in enumerate(notebooks)]
    if appendices():
        contents += ["", "Appendices:", ""]
        contents += [f"- [{' · '.join(title_of(read(p)))}]({p.name})" for p in appendices()]
    terms = collect_terms()
    by_letter: dict[str, list[str]] = defaultdict(list)
    for term in sorted(terms, key=str.lower):
        links = ", ".join(
            f"[{number} › {heading}]({file}#{anchor(heading)})"
            for file, number, heading in terms[term]
        )
        by_letter[term[0].upper()].append(f"- **{term}**: {links}")
    nb = new_notebook()
    notation, table = NOTATION.read_text(encoding="utf-8").strip().split("\n\n|", 1)
    nb.cells = [
        slide(new_markdown_cell(head), "slide"),
        slide(new_markdown_cell("\n".join(contents)), "slide"),
        slide(new_markdown_cell(notation), "slide"),
        slide(new_markdown_cell("|" + table), "subslide"),
    ]
    for i, page in enumerate(index_pages(by_letter)):
        text = "\n".join((["## Index", ""] if i == 0 else []) + page)
        nb.cells.append(slide(new_markdown_cell(text), "slide" if i == 0 else "subslide"))
    return nb


def index_pages(by_letter: dict[str, list[str]]) -> list[list[str]]:
    """The index's letters, packed into pages of at most PAGE_LINES lines: one slide each. A
    letter with more entries than a page holds goes on, headed "(continued)", on the next."""
    pages: list[list[str]] = [[]]
    room = PAGE_LINES - 3  # a letter's heading, a blank line after it and one after its entries
    for letter, lines in by_letter.items():
        for start in range(0, len(lines), room):
            heading = f"### {letter}" + (" (continued)" if start else "")
            block = [heading, "", *lines[start : start + room], ""]
            if pages[-1] and len(pages[-1]) + len(block) > PAGE_LINES:
                pages.append([])
            pages[-1] += block
    return pages


def main() -> int:
    nb = build()
    if PATH.exists() and [c.source for c in read(PATH).cells] == [c.source for c in nb.cells]:
        print(f"{PATH.name} is up to date")
        return 0
    write(nb, PATH)
    print(f"wrote {PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
