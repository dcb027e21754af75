"""``make html``: the whole series as a static site in build/html/ that works with no network.

    python tools/build_html.py

Every notebook becomes a page (nbconvert's lab template) with its stored outputs, MathJax 2 and
require.js served from build/html/vendor/ (tools/offline_assets.py), widgets as still pictures of
their stored state (tools/still_widgets.py), and a navigation line (contents, previous, next).
Links between notebooks (``01_chain_rule.ipynb#The-chain-rule``) point at the pages; the
contents page, ``index.ipynb``, is ``index.html``. The instructor guide (Markdown files beside
the notebooks) becomes pages under ``instructor_guide/``, so that its links work too.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown import markdown2html
from notebook_io import NOTEBOOKS, ROOT, read, title_of
from offline_assets import OFFLINE_CSS, TEMPLATES, URLS, copy_vendor
from still_widgets import freeze

OUT = ROOT / "build" / "html"
NOTEBOOK_LINK = re.compile(r"\]\((?!https?:)([^)#\s]+)\.ipynb(#[^)\s]*)?\)")
GUIDE_LINK = re.compile(r"\]\((?!https?:)([^)#\s]+)\.md(#[^)\s]*)?\)")
GUIDE = "instructor_guide"
GUIDE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ max-width: 50em; margin: 2em auto; font-family: sans-serif; line-height: 1.5 }}
table {{ border-collapse: collapse }} td, th {{ border: 1px solid #ccc; padding: 0.2em 0.5em }}
</style></head><body>
{body}
</body></html>
"""


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
    """Links to notebooks and to Markdown files, pointed at their pages of the site."""
    markdown = NOTEBOOK_LINK.sub(lambda m: f"]({m[1]}.html{m[2] or ''})", markdown)
    return GUIDE_LINK.sub(lambda m: f"]({m[1]}.html{m[2] or ''})", markdown)


def build_guide(folder: Path, out: Path) -> list[Path]:
    """A page for each Markdown file of the instructor guide (``folder/instructor_guide``)."""
    written = []
    for path in sorted((folder / GUIDE).glob("*.md")):
        text = as_page_links(path.read_text(encoding="utf-8"))
        title = next((line.lstrip("# ") for line in text.splitlines() if line.strip()), path.stem)
        target = out / GUIDE / f"{path.stem}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(GUIDE_PAGE.format(title=title, body=markdown2html(text)), "utf-8")
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
    written += build_guide(folder, out)
    print(f"wrote {len(written)} pages into {out}")
    return written


if __name__ == "__main__":
    build()
    sys.exit(0)
