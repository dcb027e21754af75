"""``make slides``: a reveal.js deck for each notebook, in build/slides/, that needs no network.

    python tools/build_slides.py notebooks/01_chain_rule.ipynb [more.ipynb ...]

Every asset a deck loads (reveal.js, MathJax 2, require.js, jQuery) is served from
build/slides/vendor/ (tools/offline_assets.py); the reveal theme ``white`` uses the fonts inside
reveal.js. The canvas is 16:9, 1280×720. Widgets are still pictures of their stored state
(tools/still_widgets.py). Cells of slide type ``notes`` are reveal speaker notes: press S.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from nbconvert import SlidesExporter
from notebook_io import ROOT, read, title_of
from offline_assets import OFFLINE_CSS, TEMPLATES, URLS, copy_vendor
from still_widgets import freeze

OUT = ROOT / "build" / "slides"
WIDTH, HEIGHT = 1280, 720


def exporter() -> SlidesExporter:
    return SlidesExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name="offline_slides",
        reveal_theme="white",
        reveal_width=str(WIDTH),
        reveal_height=str(HEIGHT),
        reveal_number="c/t",
        embed_images=True,
        **URLS,
    )


def deck_name(path: Path) -> str:
    return f"{path.stem}.slides.html"


def build(paths: list[Path], out: Path = OUT) -> list[Path]:
    """Write one deck per notebook and an index page into ``out``; return the decks' paths."""
    out.mkdir(parents=True, exist_ok=True)
    copy_vendor(out)
    slides = exporter()
    decks, entries = [], []
    for path in paths:
        body, _ = slides.from_notebook_node(
            freeze(read(path)),
            resources={
                "metadata": {"name": path.stem, "path": str(path.parent)},
                "offline_css": OFFLINE_CSS.read_text(),
            },
        )
        deck = out / deck_name(path)
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
        try:
            label = " · ".join(title_of(read(path)))
        except ValueError:
            label = path.stem
        entries.append(f'<li><a href="{deck.name}">{html.escape(label)}</a></li>')
        print(f"wrote {deck.relative_to(ROOT) if deck.is_relative_to(ROOT) else deck}")
    (out / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Slides</title></head>"
        "<body><h1>How neural networks learn: slides</h1><p>Press S in a deck for the speaker "
        "notes, Esc for the overview.</p><ul>" + "".join(entries) + "</ul></body></html>",
        encoding="utf-8",
    )
    return decks


def main(names: list[str]) -> int:
    if not names:
        print(__doc__)
        return 2
    build([Path(n) for n in names])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
