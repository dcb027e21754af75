"""``make html``: the whole series as a static site in build/html/ that works with no network.

    python tools/build_html.py

Every notebook becomes a page (nbconvert's lab template) with its stored outputs, MathJax 2 and
require.js served from build/html/vendor/ (tools/offline_assets.py), widgets as still pictures of
their stored state (tools/still_widgets.py), and a navigation line (contents, previous, next).
Links between notebooks (``01_chain_rule.ipynb#The-chain-rule``) point at the pages; the
contents page, ``index.ipynb``, is ``index.html``. The instructor guide (Markdown files beside
the notebooks) becomes pages ``instructor_guide_NAME.html``, so that its links work too.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from notebook_io import NOTEBOOKS, ROOT, read, title_of
from offline_assets import OFFLINE_CSS, TEMPLATES, URLS, copy_vendor
from still_widgets import freeze

OUT = ROOT / "build" / "html"
NOTEBOOK_LINK = re.compile(r"\]\((?!https?:)([^)#\s]+)\.ipynb(#[^)\s]*)?\)")
GUIDE = "instructor_guide"
GUIDE_FILE = re.compile(r"\]\((?:instructor_guide/)?([^)/#\s]+)\.md(#[^)\s]*)?\)")
OUTSIDE_LINK = re.compile(r"\[([^\]]*)\]\(\.\./\.\./[^)]*\)")  # a repository file, not a page


def exporter() -> HTMLExporter:
    return HTMLExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="offline_html",
        embed_images=True,
        **{k: v for k, v in URLS.items() if k != "reveal_url_prefix"},
    )


def page_name(path: Path) -> str:
    return f"{path.stem}.html"


def series(folder: Path = NOTEBOOKS) -> list[Path]:
    """The pages in reading order: the numbered notebooks, then the appendix (the index apart)."""
    return sorted(p for p in folder.glob("*.ipynb") if p.name != "index.ipynb")


def label(path: Path) -> str:
    try:
        return " · ".join(title_of(read(path)))
    except ValueError:
        return path.stem


def navigation(pages: list[Path], i: int) -> str:
    """The navigation line of page ``i``: the contents, the previous and the next notebook."""
    links = ["[Contents](index.html)"]
    if i > 0:
        links.append(f"[← {label(pages[i - 1])}]({page_name(pages[i - 1])})")
    if i + 1 < len(pages):
        links.append(f"[{label(pages[i + 1])} →]({page_name(pages[i + 1])})")
    return " · ".join(links)


def as_page_links(markdown: str) -> str:
    """Links to notebooks and to the instructor guide's Markdown files, pointed at their pages
    (a guide file ``instructor_guide/NAME.md`` is the page ``instructor_guide_NAME.html``)."""
    markdown = OUTSIDE_LINK.sub(r"\1", markdown)
    markdown = markdown.replace("](../", "](")  # the guide links the notebooks one folder up
    markdown = NOTEBOOK_LINK.sub(lambda m: f"]({m[1]}.html{m[2] or ''})", markdown)
    return GUIDE_FILE.sub(lambda m: f"]({GUIDE}_{m[1]}.html{m[2] or ''})", markdown)


def build_guide(folder: Path, out: Path, html: HTMLExporter) -> list[Path]:
    """A page for each Markdown file of the instructor guide (``folder/instructor_guide``), made
    like the notebooks' pages (the same style, maths and offline assets)."""
    written = []
    for path in sorted((folder / GUIDE).glob("*.md")):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(as_page_links(path.read_text(encoding="utf-8")))]
        body, _ = html.from_notebook_node(
            nb,
            resources={
                "metadata": {"name": f"Instructor guide: {path.stem}", "path": str(path.parent)},
                "offline_css": OFFLINE_CSS.read_text(),
            },
        )
        target = out / f"{GUIDE}_{path.stem}.html"
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written


def for_the_site(nb: nbformat.NotebookNode, nav: str | None) -> nbformat.NotebookNode:
    """The notebook as a page: still widgets, links to pages, the navigation line on top and at
    the bottom."""
    nb = freeze(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = as_page_links(cell.source)
    if nav:
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(nav))
        nb.cells.append(nbformat.v4.new_markdown_cell(nav))
    return nb


def build(folder: Path = NOTEBOOKS, out: Path = OUT) -> list[Path]:
    """Write a page per notebook of ``folder`` (and index.html) into ``out``; return the pages."""
    out.mkdir(parents=True, exist_ok=True)
    copy_vendor(out)
    html = exporter()
    pages = series(folder)
    written = []
    for i, path in [*enumerate(pages), (None, folder / "index.ipynb")]:
        if not path.exists():
            continue
        nav = navigation(pages, i) if i is not None else None
        body, _ = html.from_notebook_node(
            for_the_site(read(path), nav),
            resources={
                "metadata": {"name": label(path), "path": str(path.parent)},
                "offline_css": OFFLINE_CSS.read_text(),
            },
        )
        target = out / page_name(path)
        target.write_text(body, encoding="utf-8")
        written.append(target)
    written += build_guide(folder, out, html)
    print(f"wrote {len(written)} pages into {out}")
    return written


if __name__ == "__main__":
    build()
    sys.exit(0)
